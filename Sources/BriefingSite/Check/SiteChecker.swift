import BriefingCore
import BriefingMarkdown
import Foundation

/// `briefing check`: everything the build validates, without writing, plus broken internal links and
/// `#anchor`s in the generated HTML and editorial warnings.
public enum SiteChecker {
    /// All diagnostics; with `strict`, warnings become errors.
    public static func check(_ options: BuildOptions, strict: Bool = false) -> Diagnostics {
        // Each page is scanned for its links and anchors as it renders, on the rendering core, and dropped:
        // holding every page until the end took 4 GiB at 80,000 pages.
        let scans = ScanCollector()
        let staging = Staging.discarding { path, bytes in
            if path.hasSuffix(".html") { scans.add(path, LinkChecker.Scan(bytes)) }
        }
        let generation = SiteBuilder.generate(options, staging: staging)
        let generated = generation.diagnostics
        var diagnostics = generated
        if let graph = generation.graph, !generated.hasErrors {
            var basePath = URL(string: graph.config.baseURL)?.path ?? "/"
            if basePath.isEmpty { basePath = "/" }
            var checker = LinkChecker(files: generation.files, basePath: basePath, scans: scans.all)
            let sources = LinkSources(graph: graph, siteFolder: options.siteFolder)
            diagnostics.append(contentsOf: sources.diagnostics(for: checker.check()))
            diagnostics.append(contentsOf: ContentWarnings(graph: graph).all())
        }
        guard strict else { return diagnostics }
        return Diagnostics(diagnostics.all.map { diagnostic in
            var copy = diagnostic
            copy.severity = .error
            return copy
        })
    }
}

/// The scans of pages as they render, from every core.
private final class ScanCollector: @unchecked Sendable {
    private let lock = NSLock()
    private var scans: [String: LinkChecker.Scan] = [:]

    func add(_ path: String, _ scan: LinkChecker.Scan) {
        lock.withLock { scans[path] = scan }
    }

    var all: [String: LinkChecker.Scan] { lock.withLock { scans } }
}

/// Finds where a broken link in the output was written: the Markdown file and the line and column of
/// its URL. Links the theme made are reported against the generated page.
struct LinkSources {
    struct Written {
        var url: String
        var file: String
        var line: Int
    }

    let links: [Written]
    let siteFolder: URL

    init(graph: SiteGraph, siteFolder: URL) {
        var links: [Written] = []
        func collect(_ node: MarkdownNode?, file: String) {
            var paragraphLine = 0
            node?.forEach { child in
                if child.isBlock && child.line > 0 { paragraphLine = child.line }
                if case .link(let url, _) = child.kind {
                    links.append(Written(url: url, file: file, line: child.line > 0 ? child.line : paragraphLine))
                } else if case .image(let url, _) = child.kind {
                    links.append(Written(url: url, file: file, line: child.line > 0 ? child.line : paragraphLine))
                }
            }
        }
        for (b, body) in graph.briefingBodies.enumerated() { collect(body, file: graph.briefings[b].location.file) }
        for (p, bio) in graph.profileBios.enumerated() { collect(bio, file: graph.profiles[p].location.file) }
        for (e, event) in graph.events.enumerated() {
            collect(graph.eventTitles[e], file: event.location.file)
            collect(graph.eventSummaries[e], file: event.location.file)
        }
        for (e, era) in graph.eras.enumerated() { collect(graph.eraSummaries[e], file: era.location.file) }
        self.links = links
        self.siteFolder = siteFolder
    }

    /// One diagnostic per place a broken link was written (not per page it shows on).
    func diagnostics(for broken: [LinkChecker.Broken]) -> [Diagnostic] {
        var result: [Diagnostic] = []
        var reported: Set<String> = []
        var texts: [String: [Substring]] = [:]
        for link in broken {
            let origins = links.filter { written in Self.matches(written.url, href: link.href) }
            guard !origins.isEmpty else {
                result.append(Diagnostic(
                    file: link.page, message: "broken link '\(link.href)' in the generated page: \(link.reason)"))
                continue
            }
            for origin in origins {
                if texts[origin.file] == nil {
                    let text = (try? String(contentsOf: siteFolder.appendingPathComponent(origin.file), encoding: .utf8)) ?? ""
                    texts[origin.file] = text.split(separator: "\n", omittingEmptySubsequences: false)
                }
                let shown = Self.asWritten(origin.url)
                let (line, column) = Self.position(of: shown, in: texts[origin.file] ?? [], from: origin.line)
                let key = "\(origin.file):\(line):\(column):\(origin.url)"
                guard reported.insert(key).inserted else { continue }
                result.append(Diagnostic(
                    file: origin.file, line: line, column: column,
                    message: "broken link '\(shown)': \(link.reason) (on \(link.page))"))
            }
        }
        return result
    }

    /// Whether a URL written in Markdown renders as `href`: as written, or a resolved reference whose
    /// root marker became a relative way back to the root.
    static func matches(_ written: String, href: String) -> Bool {
        if written == href || LinkChecker.percentDecoded(written) == href { return true }
        guard written.hasPrefix(SitePath.rootMarker) else { return false }
        let rest = written.dropFirst(SitePath.rootMarker.count)
        guard href.hasSuffix(rest) else { return false }
        let prefix = href.dropLast(rest.count)
        return prefix == "./" || prefix.split(separator: "/").allSatisfy { $0 == ".." } || prefix.hasPrefix("/")
    }

    /// A resolved reference back in the form the writer used: `\0profiles/x/#a` → `profile:x#a`.
    static func asWritten(_ url: String) -> String {
        guard url.hasPrefix(SitePath.rootMarker) else { return url }
        let rest = url.dropFirst(SitePath.rootMarker.count)
        for (folder, scheme) in [("profiles/", "profile:"), ("events/", "event:"), ("briefings/", "briefing:")]
        where rest.hasPrefix(folder) {
            let path = rest.dropFirst(folder.count)
            let id = path.prefix { $0 != "/" && $0 != "#" }
            let fragment = path.firstIndex(of: "#").map { String(path[$0...]) } ?? ""
            return scheme + id + fragment
        }
        return "/" + rest
    }

    /// Line and column of the URL after `](` in the file, searching from the block's line; the block's
    /// line if not found.
    static func position(of url: String, in lines: [Substring], from line: Int) -> (Int, Int) {
        let start = max(line, 1) - 1
        for index in lines.indices where index >= start {
            if let range = lines[index].range(of: "](" + url) ?? lines[index].range(of: "](<" + url) {
                let column = lines[index][..<range.lowerBound].count + 3
                return (index + 1, column)
            }
        }
        return (max(line, 1), 0)
    }
}
