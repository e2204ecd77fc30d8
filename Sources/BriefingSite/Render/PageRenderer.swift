import BriefingCore
import BriefingMarkdown
import Foundation

/// One file of the generated site.
public struct OutputFile: Sendable {
    /// Relative to the output folder, `/`-separated, never starting with `/` or containing `..`.
    public var path: String
    public var contents: Contents

    public enum Contents: Sendable {
        case bytes([UInt8])
        case copy(URL)
    }

    public init(path: String, text: String) {
        self.path = path
        self.contents = .bytes(Array(text.utf8))
    }

    public init(path: String, copying source: URL) {
        self.path = path
        self.contents = .copy(source)
    }
}

/// The render stage: every page of the URL layout, from the graph and the theme.
public struct PageRenderer {
    let graph: SiteGraph
    let theme: Theme
    let fragments: Fragments

    public init(graph: SiteGraph, theme: Theme) {
        self.graph = graph
        self.theme = theme
        self.fragments = Fragments(graph: graph)
    }

    /// Renders all pages; a template the theme lacks is reported once per template.
    public func render(diagnostics: inout [Diagnostic]) -> [OutputFile] {
        var pages: [(String, String, [String: Any])] = []  // (path, template, context)
        pages.append(("index.html", "home", home()))
        pages.append(("briefings/index.html", "briefings", briefingsIndex()))
        for b in graph.briefingsNewestFirst {
            pages.append(("briefings/\(graph.briefings[b].id)/index.html", "briefing", briefingPage(b)))
        }
        for page in TimelineBuilder(graph: graph, fragments: fragments).pages() {
            pages.append((page.path, "timeline", page.context))
        }
        for (rank, e) in graph.chronology.enumerated() {
            pages.append(("events/\(graph.events[e].id)/index.html", "event", eventPage(e, rank: rank)))
        }
        pages.append(("profiles/index.html", "profiles", profilesIndex()))
        for p in graph.profiles.indices {
            pages.append(("profiles/\(graph.profiles[p].id)/index.html", "profile", profilePage(p)))
        }
        pages.append(("tags/index.html", "tags", tagsIndex()))
        for slug in graph.tags.keys.sorted() {
            pages.append(("tags/\(slug)/index.html", "tag", tagPage(slug)))
        }
        pages.append(("404.html", "404", page(title: "Page not found", kind: "notfound")))

        var missing: Set<String> = []
        let structuredData = StructuredData(graph: graph)
        var files: [OutputFile] = []
        for (path, template, context) in pages {
            var context = context
            context["root"] = SitePath.rootMarker
            structuredData.annotate(&context, path: path)
            guard let html = theme.render(template, context) else {
                if missing.insert(template).inserted {
                    diagnostics.append(Diagnostic(file: "Templates/\(template).mustache", message: "the theme has no '\(template)' template"))
                }
                continue
            }
            files.append(OutputFile(path: path, text: Self.resolveRoot(html, for: path, basePath: basePath)))
        }
        for (relative, url) in theme.assets.sorted(by: { $0.key < $1.key }) {
            files.append(OutputFile(path: relative, copying: url))
        }
        return files
    }

    /// The path part of `base_url` ("/venezuela/"), used where a page cannot know its depth (404).
    var basePath: String {
        guard let url = URL(string: graph.config.baseURL), !url.path.isEmpty else { return "/" }
        return url.path.hasSuffix("/") ? url.path : url.path + "/"
    }

    /// Replaces the root marker with the page's relative way back to the site root.
    static func resolveRoot(_ html: String, for path: String, basePath: String) -> String {
        let root: String
        if path == "404.html" {
            root = basePath  // served at any depth, so only an absolute path works
        } else {
            let depth = path.utf8.filter { $0 == UInt8(ascii: "/") }.count
            root = depth == 0 ? "./" : String(repeating: "../", count: depth)
        }
        return html.replacingOccurrences(of: SitePath.rootMarker, with: root)
    }

    // MARK: - Context

    func page(title: String, kind: String, description: String? = nil) -> [String: Any] {
        PageRendererContext.page(graph: graph, title: title, kind: kind, description: description)
    }
}

/// What every page's template gets: the site, the page and the navigation.
enum PageRendererContext {
    static func page(graph: SiteGraph, title: String, kind: String, description: String? = nil) -> [String: Any] {
        let sections = [
            ("Home", "", "home"), ("Briefings", "briefings/", "briefings"), ("Timeline", "timeline/", "timeline"),
            ("Profiles", "profiles/", "profiles"),
        ]
        return [
            "site": [
                "title": graph.config.title, "description": graph.config.description,
                "language": graph.config.language, "baseURL": graph.config.baseURL,
            ],
            "page": [
                "title": title, "kind": kind, "isHome": kind == "home",
                "description": description ?? graph.config.description,
            ],
            "nav": sections.map { ["title": $0.0, "url": $0.1, "current": $0.2 == kind] },
        ]
    }
}
