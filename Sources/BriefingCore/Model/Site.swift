/// Settings from `Content/site.yml`.
public struct SiteConfig: Sendable, Equatable {
    public var title: String
    public var baseURL: String
    public var language: String = "en"
    public var description: String = ""
    public var timezone: String = "UTC"
    public var autolinkMentions: Bool = false
    public var unsafeHTML: Bool = false
    /// Above this many timeline entries, the timeline splits into year pages.
    public var timelinePageSize: Int = 500

    public init(title: String, baseURL: String) {
        self.title = title
        self.baseURL = baseURL
    }
}

/// Markdown text with where it starts in its file, so parse positions map back to the source.
public struct MarkdownSource: Sendable, Equatable {
    public var text: String
    public var file: String
    /// Lines before the Markdown's first line in its file (front matter and delimiters).
    public var lineOffset: Int
    /// Columns before the Markdown's first column (for a YAML scalar indented in its file).
    public var columnOffset: Int

    public init(text: String, file: String, lineOffset: Int = 0, columnOffset: Int = 0) {
        self.text = text
        self.file = file
        self.lineOffset = lineOffset
        self.columnOffset = columnOffset
    }

    public var isEmpty: Bool { text.allSatisfy(\.isWhitespace) }
}

/// An id written in content that must name something that exists; its location is where it was written.
public struct Reference: Sendable, Hashable {
    public var id: String
    public var location: SourceLocation

    public init(id: String, location: SourceLocation) {
        self.id = id
        self.location = location
    }
}

/// A titled external link (profile `links`, event `sources`).
public struct ExternalLink: Sendable, Equatable {
    public var title: String
    public var url: String
    public var publisher: String?
    public var date: PartialDate?
    public var location: SourceLocation

    public init(title: String, url: String, publisher: String? = nil, date: PartialDate? = nil, location: SourceLocation) {
        self.title = title
        self.url = url
        self.publisher = publisher
        self.date = date
        self.location = location
    }
}
