import BriefingCore

/// The export stage after rendering: feeds, calendar, timeline data, sitemap, robots.txt, and last the
/// manifest of everything.
enum SiteExports {
    /// The export files for `graph`, to append to the rendered `pages`; the manifest covers both.
    /// `memo`, when given, supplies the SHA-256 of pages it reused and records the new ones.
    static func files(graph: SiteGraph, pages: [OutputFile], memo: RenderMemo? = nil, diagnostics: inout [Diagnostic]) -> [OutputFile] {
        let context = ExportContext(graph: graph)
        // Each briefing's body is rendered once, for both feed formats.
        let bodies = Parallel.map(count: graph.briefings.count) { context.briefingHTML($0) }
        let atomEntries = AtomFeed.entries(context, bodies: bodies), jsonItems = JSONFeed.items(context, bodies: bodies)
        let channels = FeedChannel.all(context)
        var files: [OutputFile] = Parallel.map(count: channels.count * 2) { index in
            if index % 2 == 0 {
                let atom = AtomFeed(context: context, channel: channels[index / 2], entries: atomEntries)
                return OutputFile(path: atom.path, text: atom.render())
            }
            let json = JSONFeed(context: context, channel: channels[index / 2], items: jsonItems)
            return OutputFile(path: json.path, text: json.render())
        }
        // Each builds its entries on all cores.
        let calendar = EventCalendar(context: context)
        files.append(OutputFile(path: calendar.path, text: calendar.render()))
        let timeline = TimelineJSON(context: context)
        files.append(OutputFile(path: timeline.path, text: timeline.render()))
        let sitemap = Sitemap(context: context, paths: (pages + files).map(\.path))
        files.append(OutputFile(path: sitemap.path, text: sitemap.render()))
        files.append(OutputFile(path: "robots.txt", text: sitemap.robots()))
        let known = memo?.pages.compactMapValues(\.sha256) ?? [:]
        let manifest = Manifest.of(pages + files, known: known, diagnostics: &diagnostics)
        if let memo {
            for (path, entry) in manifest.entries where memo.pages[path] != nil { memo.pages[path]?.sha256 = entry.sha256 }
        }
        files.append(OutputFile(path: Manifest.path, text: manifest.render()))
        return files
    }
}
