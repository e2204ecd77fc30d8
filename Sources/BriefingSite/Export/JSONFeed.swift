import BriefingCore

/// `feed.json`: a JSON Feed 1.1 (https://jsonfeed.org/version/1.1) of briefings, with their full content
/// (`content_html`) or, in a profile's or tag's feed, their summary as `content_text` (`FeedChannel`).
struct JSONFeed {
    let context: ExportContext
    let channel: FeedChannel
    /// Each briefing's item, serialized at its depth in the feed, built once for every channel: with
    /// full content for the site's feed, else with the summary only.
    let items: (full: [[UInt8]], summary: [[UInt8]])

    /// Every briefing's items, built on all cores; `bodies` are the briefings' stand-alone HTML.
    static func items(_ context: ExportContext, bodies: [String]) -> (full: [[UInt8]], summary: [[UInt8]]) {
        let both = Parallel.map(count: bodies.count) {
            (
                item(context, $0, content: bodies[$0]).bytes(prettyAt: 2, capacity: bodies[$0].utf8.count + 1024),
                item(context, $0, content: nil).bytes(prettyAt: 2, capacity: 1024)
            )
        }
        return (both.map(\.0), both.map(\.1))
    }

    var path: String { channel.folder + "feed.json" }

    func render() -> [UInt8] {
        let config = context.graph.config
        let items = channel.briefings.map { channel.fullContent ? self.items.full[$0] : self.items.summary[$0] }
        let feed: JSONValue = .object([
            "version": .string("https://jsonfeed.org/version/1.1"),
            "title": .string(channel.title),
            "home_page_url": .string(context.absolute(channel.page)),
            "feed_url": .string(context.absolute(path)),
            "description": config.description.isEmpty ? nil : .string(config.description),
            "language": .string(config.language),
            "authors": .array([.object(["name": .string(config.title)])]),
            "items": .array(items.map(JSONValue.raw)),
        ])
        return feed.bytes(pretty: true, capacity: items.reduce(4096) { $0 + $1.count + 8 })
    }

    static func item(_ context: ExportContext, _ b: Int, content: String?) -> JSONValue {
        let briefing = context.graph.briefings[b]
        let url = context.absolute(SitePath.briefing(briefing.id))
        let summary = context.graph.summary(ofBriefing: b)
        return .object([
            "id": .string(url),
            "url": .string(url),
            "title": .string(briefing.title),
            "content_html": content.map(JSONValue.string),
            "content_text": content == nil ? .string(summary.isEmpty ? briefing.title : summary) : nil,
            "summary": content == nil || summary.isEmpty ? nil : .string(summary),
            "date_published": .string(ExportContext.timestamp(briefing.date)),
            "date_modified": .string(ExportContext.timestamp(context.modified(b))),
            "authors": briefing.authors.isEmpty ? nil : .array(briefing.authors.map { .object(["name": .string($0)]) }),
            "tags": briefing.tags.isEmpty ? nil : .array(briefing.tags.map(JSONValue.string)),
        ])
    }
}
