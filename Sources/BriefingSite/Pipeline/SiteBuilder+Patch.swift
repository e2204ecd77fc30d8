import BriefingCore
import BriefingMarkdown
import Foundation

/// What a full build in `serve` leaves for the next rebuild: the linked graph, the items every page
/// shares and the feeds' entries, so that an edit to the words of a briefing can be
/// applied to the few files that show them (`SiteBuilder.patch`) instead of the whole site.
public final class BuildState: @unchecked Sendable {
    let loader: ContentLoader
    let theme: Theme
    fileprivate(set) var graph: SiteGraph
    fileprivate(set) var fragments: Fragments
    fileprivate(set) var exports: SiteExports
    /// The build's warnings, shown again after every patch (a patch never changes them).
    public let warnings: [Diagnostic]

    init(loader: ContentLoader, theme: Theme, renderer: PageRenderer, exports: SiteExports, warnings: [Diagnostic]) {
        self.loader = loader
        self.theme = theme
        self.graph = renderer.graph
        self.fragments = renderer.fragments
        self.exports = exports
        self.warnings = warnings
    }
}

/// What `SiteBuilder.patch` changed, in two steps, so that the pages being edited can be written
/// before the feeds (megabytes at a thousand briefings) are assembled.
public struct Patch {
    /// The pages that show the edit, run through the templates again.
    public let pages: [OutputFile]
    /// Builds the files that follow from the pages (the site's feeds) and records the patch in the
    /// build state. Call once.
    public let rest: () -> [OutputFile]
}

extension SiteBuilder {
    /// Applies an edit confined to the words of existing briefings, or returns nil when the edit may
    /// reach further, and a full build (`generate`) must run.
    ///
    /// It applies when every changed file is a briefing of the last build whose front matter is the
    /// same, whose body links and mentions the same profiles and events, whose summary (its first
    /// paragraph, when the front matter has none) is the same, and that loads, parses and links without
    /// a diagnostic. Then every list, item, back-link and summary-only feed is as it was: what shows the
    /// new words is the briefing's page, the home page when it is the latest briefing, and the site's
    /// feeds, which carry full content. The result equals a full build byte for
    /// byte (`IncrementalBuildTests`).
    public static func patch(_ state: BuildState, changed: Set<String>) -> Patch? {
        guard !changed.isEmpty else { return nil }
        let loader = state.loader
        let root = loader.siteFolder.path + "/"
        var edited: [(b: Int, briefing: Briefing, body: MarkdownNode)] = []
        for path in changed.sorted() {
            let absolute = URL(fileURLWithPath: path).standardizedFileURL.path
            guard absolute.hasPrefix(root) else { return nil }
            let relative = String(absolute.dropFirst(root.count))
            guard let b = state.graph.briefings.firstIndex(where: { $0.location.file == relative }),
                !state.warnings.contains(where: { $0.file == relative }),
                let (briefing, body) = relink(relative, replacing: b, in: state)
            else { return nil }
            edited.append((b, briefing, body))
        }
        var graph = state.graph
        for edit in edited {
            graph.briefings[edit.b] = edit.briefing
            graph.briefingBodies[edit.b] = edit.body
        }
        var fragments = state.fragments
        var exports = state.exports
        for edit in edited {
            fragments.replaceBody(of: edit.b, graph: graph)
            exports.replaceBody(of: edit.b, graph: graph)
        }
        let renderer = PageRenderer(graph: graph, theme: state.theme, fragments: fragments)
        var jobs = edited.map { renderer.briefingJob($0.b) }
        if let latest = graph.briefingsNewestFirst.first, edited.contains(where: { $0.b == latest }) { jobs.append(renderer.homeJob) }
        let structuredData = StructuredData(graph: graph)
        var pages: [OutputFile] = []
        for job in jobs {
            guard let html = renderer.html(of: job, renderer.context(of: job, structuredData)) else { return nil }
            pages.append(OutputFile(path: job.path, bytes: html))
        }
        return Patch(pages: pages) { [fragments] in
            let feeds = exports.siteFeeds
            state.graph = graph
            state.fragments = fragments
            state.exports = exports
            return feeds
        }
    }

    /// Loads, parses and links the briefing file at `relative`, which was briefing `b`; nil unless only
    /// its body changed and that body reaches what the old one did (see `patch`).
    private static func relink(_ relative: String, replacing b: Int, in state: BuildState) -> (Briefing, MarkdownNode)? {
        let graph = state.graph
        let old = graph.briefings[b]
        // A symbolic link (which might lead out of the site) goes through the full build's checks.
        var info = stat()
        guard lstat(state.loader.siteFolder.appendingPathComponent(relative).path, &info) == 0, info.st_mode & S_IFMT == S_IFREG
        else { return nil }
        var diagnostics: [Diagnostic] = []
        guard let source = state.loader.read(relative, &diagnostics),
            let briefing = state.loader.decodeBriefing(source, &diagnostics), diagnostics.isEmpty
        else { return nil }
        var sameFrontMatter = briefing
        sameFrontMatter.body.text = old.body.text
        guard sameFrontMatter == old else { return nil }
        let parsed = MarkdownParser.tree(briefing.body, diagnostics: &diagnostics)
        var checker = ReferenceResolver.Checker(graph: graph)
        let linked = ReferenceResolver.linkBriefing(briefing, body: parsed, checker: &checker, mentions: graph.mentions)
        guard diagnostics.isEmpty, checker.diagnostics.isEmpty,
            linked.profiles == Set(graph.profiles.indices.filter { graph.briefingsOfProfile[$0].contains(b) }),
            linked.events == Set(graph.events.indices.filter { graph.briefingsOfEvent[$0].contains(b) }),
            briefing.summary != nil || SiteGraph.firstParagraph(of: linked.body) == SiteGraph.firstParagraph(of: graph.briefingBodies[b])
        else { return nil }
        return (briefing, linked.body)
    }
}
