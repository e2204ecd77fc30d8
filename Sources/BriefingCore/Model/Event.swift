/// Something that happened, from `Content/events/*`.
public struct Event: Sendable, Equatable, Identifiable {
    public var id: String
    public var date: PartialDate
    public var end: PartialDate?
    public var approximate: Bool = false
    /// One line of inline Markdown.
    public var title: MarkdownSource
    public var summary: MarkdownSource?
    public var people: [Reference] = []
    public var places: [Reference] = []
    public var tags: [String] = []
    /// 1 (minor) to 3 (key).
    public var importance: Int = 1
    public var sources: [ExternalLink] = []
    public var order: Int?
    public var location: SourceLocation
    /// Position in the loading order (files by name, then within a file): the last tie-breaker.
    public var sequence: Int = 0

    public init(id: String, date: PartialDate, title: MarkdownSource, location: SourceLocation) {
        self.id = id
        self.date = date
        self.title = title
        self.location = location
    }

    /// Where the event falls in chronological order: date, then `order`, then file order. A value of
    /// its own, so that a sort compares these instead of copying two events at each comparison.
    public struct ChronologicalKey: Comparable, Sendable {
        let date: PartialDate
        let order: Int
        let sequence: Int

        public static func < (a: Self, b: Self) -> Bool {
            if a.date != b.date { return a.date < b.date }
            return a.order != b.order ? a.order < b.order : a.sequence < b.sequence
        }
    }

    public var chronologicalKey: ChronologicalKey { ChronologicalKey(date: date, order: order ?? 0, sequence: sequence) }
}

/// A named span of the story, drawn as a band on the timeline.
public struct Era: Sendable, Equatable, Identifiable {
    public var id: String
    public var title: String
    public var date: PartialDate
    public var end: PartialDate?
    public var summary: MarkdownSource?
    public var location: SourceLocation

    public init(id: String, title: String, date: PartialDate, end: PartialDate?, location: SourceLocation) {
        self.id = id
        self.title = title
        self.date = date
        self.end = end
        self.location = location
    }

    /// Whether a date falls in this era (an open era runs on for ever).
    public func contains(_ day: PartialDate) -> Bool {
        let first = day.daysSinceEpoch
        guard first >= date.daysSinceEpoch else { return false }
        guard let end else { return true }
        return first <= end.lastDay.daysSinceEpoch
    }
}
