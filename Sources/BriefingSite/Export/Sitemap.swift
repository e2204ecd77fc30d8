import BriefingCore

/// `sitemap.xml` (sitemaps.org 0.9) of every HTML page but the 404, and `robots.txt` pointing at it.
struct Sitemap {
    let context: ExportContext
    /// Root-relative paths of every generated file.
    let paths: [String]

    var path: String { "sitemap.xml" }

    func render() -> String {
        var xml = """
            <?xml version="1.0" encoding="utf-8"?>
            <urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">

            """
        // Each entry on all cores: this runs at the end of the build, where a core would idle.
        let pages = pages()
        let entries = Parallel.map(count: pages.count) { index in
            let page = pages[index]
            var entry = "  <url>\n    <loc>\(AtomFeed.escape(context.absolute(page)))</loc>\n"
            if let modified = lastModified(page) { entry += "    <lastmod>\(modified)</lastmod>\n" }
            return entry + "  </url>\n"
        }
        xml.reserveCapacity(xml.utf8.count + entries.reduce(0) { $0 + $1.utf8.count } + 16)
        for entry in entries { xml += entry }
        xml += "</urlset>\n"
        return xml
    }

    /// Page URLs (`briefings/x/`), sorted.
    func pages() -> [String] {
        paths.filter { $0.hasSuffix(".html") && $0 != "404.html" }
            .map { $0.hasSuffix("index.html") ? String($0.dropLast("index.html".count)) : $0 }
            .sorted()
    }

    /// A briefing page's (`briefings/x/`) modification time; nil for other pages. Asked of every page,
    /// at the end of the build with one core idle, so the prefix is tested before anything is split.
    private func lastModified(_ page: String) -> String? {
        let prefix = "briefings/"
        guard page.hasPrefix(prefix), page.hasSuffix("/") else { return nil }
        let id = page.dropFirst(prefix.count).dropLast()
        guard !id.isEmpty, !id.contains("/"), let b = context.graph.briefingIndex[String(id)] else { return nil }
        return ExportContext.timestamp(context.modified(b))
    }

    /// `robots.txt`: everything allowed, and where the sitemap is.
    func robots() -> String {
        "User-agent: *\nAllow: /\n\nSitemap: \(context.absolute(path))\n"
    }
}
