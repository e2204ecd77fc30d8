import BriefingCore

/// `feed.json`: a JSON Feed 1.1 (https://jsonfeed.org/version/1.1) of briefings with their full content.
struct JSONFeed {
    let context: ExportContext
    let channel: FeedChannel
    /// Each briefing's item, serialized at its depth in the feed, built once for every channel.
    let items: [String]

    /// Every briefing's item, built on all cores.
    static func items(_ context: ExportContext) -> [String] {
        Parallel.map(count: context.graph.briefings.count) { item(context, $0).serialized(prettyAt: 2) }
    }

    var path: String { channel.folder + "feed.json" }

    func render() -> String {
        let config = context.graph.config
        let feed: JSONValue = .object([
            "version": .string("https://jsonfeed.org/version/1.1"),
            "title": .string(channel.title),
            "home_page_url": .string(context.absolute(channel.page)),
            "feed_url": .string(context.absolute(path)),
            "description": config.description.isEmpty ? nil : .string(config.description),
            "language": .string(config.language),
            "authors": .array([.object(["name": .string(config.title)])]),
            "items": .array(channel.briefings.map { .raw(items[$0]) }),
        ])
        return feed.serialized(pretty: true)
    }

    private static func item(_ context: ExportContext, _ b: Int) -> JSONValue {
        let briefing = context.graph.briefings[b]
        let url = context.absolute(SitePath.briefing(briefing.id))
        let summary = context.summary(ofBriefing: b)
        return .object([
            "id": .string(url),
            "url": .string(url),
            "title": .string(briefing.title),
            "content_html": .string(context.briefingHTML(b)),
            "summary": summary.isEmpty ? nil : .string(summary),
            "date_published": .string(ExportContext.timestamp(briefing.date)),
            "date_modified": .string(ExportContext.timestamp(context.modified(b))),
            "authors": briefing.authors.isEmpty ? nil : .array(briefing.authors.map { .object(["name": .string($0)]) }),
            "tags": briefing.tags.isEmpty ? nil : .array(briefing.tags.map(JSONValue.string)),
        ])
    }
}
