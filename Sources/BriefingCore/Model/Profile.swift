/// A person, organization or place, from `Content/profiles/*.md`.
public struct Profile: Sendable, Equatable, Identifiable {
    public enum Kind: String, Sendable, CaseIterable {
        case person, organization, place

        public var plural: String {
            switch self {
            case .person: return "People"
            case .organization: return "Organizations"
            case .place: return "Places"
            }
        }
    }

    public struct Position: Sendable, Equatable {
        public var title: String
        public var start: PartialDate?
        public var end: PartialDate?
        public var location: SourceLocation

        public init(title: String, start: PartialDate?, end: PartialDate?, location: SourceLocation) {
            self.title = title
            self.start = start
            self.end = end
            self.location = location
        }
    }

    public var id: String
    public var name: String
    public var kind: Kind = .person
    public var role: String?
    public var aliases: [String] = []
    public var country: String?
    public var born: PartialDate?
    public var died: PartialDate?
    public var affiliations: [Reference] = []
    public var positions: [Position] = []
    public var image: String?
    public var imageCredit: String?
    public var imageAlt: String?
    public var links: [ExternalLink] = []
    public var bio: MarkdownSource
    public var location: SourceLocation

    public init(id: String, name: String, bio: MarkdownSource, location: SourceLocation) {
        self.id = id
        self.name = name
        self.bio = bio
        self.location = location
    }

    /// Sort key: accents folded, so "Álvarez" sorts with A; ties by id for a stable order.
    public var sortKey: String { name.folded + "\u{0}" + id }
}

/// A dated article, from `Content/briefings/*.md`.
public struct Briefing: Sendable, Equatable, Identifiable {
    public var id: String
    public var title: String
    public var date: PartialDate
    public var updated: PartialDate?
    public var summary: String?
    public var authors: [String] = []
    public var tags: [String] = []
    public var people: [Reference] = []
    public var events: [Reference] = []
    public var draft: Bool = false
    public var body: MarkdownSource
    public var location: SourceLocation

    public init(id: String, title: String, date: PartialDate, body: MarkdownSource, location: SourceLocation) {
        self.id = id
        self.title = title
        self.date = date
        self.body = body
        self.location = location
    }

    /// Newest first; same-day briefings by id so the order never changes between builds.
    public static func newestFirst(_ a: Briefing, _ b: Briefing) -> Bool {
        if a.date != b.date { return b.date < a.date }
        return a.id < b.id
    }
}

/// Everything loaded from a site folder, before linking.
public struct SiteContent: Sendable {
    public var config: SiteConfig
    public var briefings: [Briefing] = []
    public var events: [Event] = []
    public var profiles: [Profile] = []
    public var eras: [Era] = []
    /// Files under `Content/media/`, relative to it, sorted.
    public var media: [String] = []

    public init(config: SiteConfig) {
        self.config = config
    }
}
