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
        for page in pages() {
            xml += "  <url>\n    <loc>\(AtomFeed.escape(context.absolute(page)))</loc>\n"
            if let modified = lastModified(page) { xml += "    <lastmod>\(modified)</lastmod>\n" }
            xml += "  </url>\n"
        }
        xml += "</urlset>\n"
        return xml
    }

    /// Page URLs (`briefings/x/`), sorted.
    func pages() -> [String] {
        paths.filter { $0.hasSuffix(".html") && $0 != "404.html" }
            .map { $0.hasSuffix("index.html") ? String($0.dropLast("index.html".count)) : $0 }
            .sorted()
    }

    private func lastModified(_ page: String) -> String? {
        let graph = context.graph
        let parts = page.split(separator: "/").map(String.init)
        guard parts.count == 2, parts[0] == "briefings", let b = graph.briefingIndex[parts[1]] else { return nil }
        return ExportContext.timestamp(context.modified(b))
    }

    /// `robots.txt`: everything allowed, and where the sitemap is.
    func robots() -> String {
        "User-agent: *\nAllow: /\n\nSitemap: \(context.absolute(path))\n"
    }
}
