import BriefingCore

/// The export stage after rendering: feeds, calendar, timeline data, sitemap and robots.txt. (The
/// manifest of every file is `publish`'s: see `SitePublisher`.)
///
/// Each briefing's body HTML and feed entries are built once and shared by every feed listing it; they
/// are kept, so that `serve` can rewrite the site's feed after an edit to one briefing's words alone
/// (`replaceBody(of:graph:)`).
struct SiteExports {
    private(set) var context: ExportContext
    /// Each briefing's stand-alone body HTML, by briefing index.
    private(set) var bodies: [String]
    private(set) var atomEntries: (full: [String], summary: [String])
    private(set) var jsonItems: (full: [[UInt8]], summary: [[UInt8]])
    /// The site's channel first (the one with full content), then profiles' and tags'.
    let channels: [FeedChannel]
    /// Each event's title and summary HTML as the pages show them, when given (see `init`).
    let renderedEvents: [(title: String, summary: String?)]?

    /// `renderedBodies` and `renderedEvents`, when given, are the briefings' bodies and the events' titles
    /// and summaries as `Fragments` rendered them (root-relative), so that they are not rendered twice.
    init(graph: SiteGraph, renderedBodies: [String]? = nil, renderedEvents: [(title: String, summary: String?)]? = nil) {
        let context = ExportContext(graph: graph)
        self.context = context
        self.renderedEvents = renderedEvents?.count == graph.events.count ? renderedEvents : nil
        if let renderedBodies, renderedBodies.count == graph.briefings.count {
            bodies = Parallel.map(count: renderedBodies.count) { context.absoluteHTML(rendered: renderedBodies[$0]) }
        } else {
            bodies = Parallel.map(count: graph.briefings.count) { context.briefingHTML($0) }
        }
        atomEntries = AtomFeed.entries(context, bodies: bodies)
        jsonItems = JSONFeed.items(context, bodies: bodies)
        channels = FeedChannel.all(context)
    }

    /// The export files for `graph`, to append to the rendered `pages`.
    static func files(graph: SiteGraph, pages: [OutputFile]) -> [OutputFile] {
        Self(graph: graph).files(pages: pages)
    }

    /// The feeds, the calendar and the timeline data: the exports that do not list the pages, so they can
    /// be built while the pages render.
    func documents() -> [OutputFile] {
        var files = feeds(channels.indices)
        // Each builds its entries on all cores.
        let calendar = EventCalendar(context: context)
        files.append(OutputFile(path: calendar.path, bytes: calendar.render()))
        let timeline = TimelineJSON(context: context, renderedEvents: renderedEvents)
        files.append(OutputFile(path: timeline.path, bytes: timeline.render()))
        return files
    }

    /// The export files: `documents` (built here when not given), then the sitemap and robots.txt,
    /// which list the pages.
    func files(pages: [OutputFile], documents: [OutputFile]? = nil) -> [OutputFile] {
        var files = documents ?? self.documents()
        let sitemap = Sitemap(context: context, paths: (pages + files).map(\.path))
        files.append(OutputFile(path: sitemap.path, text: sitemap.render()))
        files.append(OutputFile(path: "robots.txt", text: sitemap.robots()))
        return files
    }

    /// The Atom and JSON feeds of the given channels, on all cores.
    func feeds(_ channels: Range<Int>) -> [OutputFile] {
        Parallel.map(count: channels.count * 2) { index in
            let channel = self.channels[channels.lowerBound + index / 2]
            if index % 2 == 0 {
                let atom = AtomFeed(context: context, channel: channel, entries: atomEntries)
                return OutputFile(path: atom.path, bytes: atom.render())
            }
            let json = JSONFeed(context: context, channel: channel, items: jsonItems)
            return OutputFile(path: json.path, bytes: json.render())
        }
    }

    /// The feeds that show bodies: the site's, the only channel with full content.
    var siteFeeds: [OutputFile] { feeds(0..<1) }

    /// Takes a new body for briefing `b` whose summary and front matter are unchanged (`graph` holds it).
    mutating func replaceBody(of b: Int, graph: SiteGraph) {
        context = ExportContext(graph: graph)
        bodies[b] = context.briefingHTML(b)
        atomEntries.full[b] = AtomFeed.entry(context, b, content: bodies[b])
        jsonItems.full[b] = JSONFeed.item(context, b, content: bodies[b]).bytes(prettyAt: 2)
    }
}
