import BriefingCore
import Foundation

/// Checks every local `href` and `src` in the generated HTML: the file exists and the `#anchor` is an
/// `id` (or `name`) on the target page. Works on the output, so links from templates and from plain
/// Markdown are checked alike.
struct LinkChecker {
    /// A link that leads nowhere.
    struct Broken: Equatable {
        /// The generated page holding the link.
        var page: String
        /// The attribute value as the browser sees it (entities decoded).
        var href: String
        var reason: String
    }

    let files: [String: [UInt8]]
    let allPaths: Set<String>
    /// The path part of `base_url`, for root-absolute links (the 404 page's).
    let basePath: String
    private var anchorCache: [String: Set<String>] = [:]

    init(files: [OutputFile], basePath: String) {
        var html: [String: [UInt8]] = [:]
        for file in files where file.path.hasSuffix(".html") {
            if case .bytes(let bytes) = file.contents { html[file.path] = bytes }
        }
        self.files = html
        self.allPaths = Set(files.map(\.path))
        self.basePath = basePath.hasSuffix("/") ? basePath : basePath + "/"
    }

    /// Every broken link, ordered by page then href.
    mutating func check() -> [Broken] {
        var broken: [Broken] = []
        for page in files.keys.sorted() {
            var seen: Set<String> = []
            for href in Self.attributes(["href", "src"], in: files[page] ?? []) where seen.insert(href).inserted {
                if let reason = problem(with: href, on: page) { broken.append(Broken(page: page, href: href, reason: reason)) }
            }
        }
        return broken
    }

    /// Why `href` on `page` does not resolve, or nil when it does (or is not local).
    mutating func problem(with href: String, on page: String) -> String? {
        guard !href.isEmpty, HTML.scheme(of: href) == nil, !href.hasPrefix("//") else { return nil }
        var rest = Substring(href)
        var fragment: String?
        if let hash = rest.firstIndex(of: "#") {
            fragment = String(rest[rest.index(after: hash)...])
            rest = rest[..<hash]
        }
        if let query = rest.firstIndex(of: "?") { rest = rest[..<query] }
        let target: String
        if rest.isEmpty {
            target = page
        } else {
            guard let resolved = resolve(String(rest), from: page) else { return "it points outside the site" }
            guard let file = existing(resolved) else {
                return "no such file '\(resolved.isEmpty || resolved.hasSuffix("/") ? resolved + "index.html" : resolved)'"
            }
            target = file
        }
        guard let fragment, !fragment.isEmpty, target.hasSuffix(".html") else { return nil }
        let anchor = fragment.removingPercentEncoding ?? fragment
        if !anchors(of: target).contains(anchor) {
            return "no element with id '\(anchor)' on '\(target)'"
        }
        return nil
    }

    /// A root-relative path, or nil when the link climbs above the root.
    func resolve(_ link: String, from page: String) -> String? {
        let decoded = link.removingPercentEncoding ?? link
        var segments: [String]
        var path = decoded
        if path.hasPrefix("/") {
            guard path.hasPrefix(basePath) || path + "/" == basePath else { return nil }
            path = String(path.dropFirst(min(basePath.count, path.count)))
            segments = []
        } else {
            segments = page.split(separator: "/").map(String.init)
            segments.removeLast()
        }
        let parts = path.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
        for (position, part) in parts.enumerated() {
            switch part {
            case ".": continue
            case "..":
                guard !segments.isEmpty else { return nil }
                segments.removeLast()
            case "" where position < parts.count - 1: continue
            default: segments.append(part)
            }
        }
        var result = segments.filter { !$0.isEmpty }.joined(separator: "/")
        if decoded.hasSuffix("/") && !result.isEmpty { result += "/" }
        return result
    }

    /// The file a root-relative path serves: itself, or its `index.html`.
    func existing(_ path: String) -> String? {
        if path.isEmpty || path.hasSuffix("/") {
            let index = path + "index.html"
            return allPaths.contains(index) ? index : nil
        }
        if allPaths.contains(path) { return path }
        let index = path + "/index.html"
        return allPaths.contains(index) ? index : nil
    }

    mutating func anchors(of page: String) -> Set<String> {
        if let cached = anchorCache[page] { return cached }
        let found = Set(Self.attributes(["id", "name"], in: files[page] ?? []))
        anchorCache[page] = found
        return found
    }

    // MARK: - HTML scanning

    /// Values of the named double-quoted attributes inside tags, entities decoded.
    static func attributes(_ names: Set<String>, in html: [UInt8]) -> [String] {
        var values: [String] = []
        var i = 0
        var inTag = false
        let count = html.count
        while i < count {
            let byte = html[i]
            if byte == UInt8(ascii: "<") {
                inTag = i + 1 < count && (html[i + 1] >= UInt8(ascii: "a") && html[i + 1] <= UInt8(ascii: "z"))
            } else if byte == UInt8(ascii: ">") {
                inTag = false
            } else if inTag && (byte == 0x20 || byte == 0x0A || byte == 0x09) {
                // An attribute name follows whitespace inside a tag.
                var j = i + 1
                while j < count, (html[j] >= UInt8(ascii: "a") && html[j] <= UInt8(ascii: "z")) || html[j] == UInt8(ascii: "-") { j += 1 }
                if j + 1 < count, html[j] == UInt8(ascii: "="), html[j + 1] == UInt8(ascii: "\"") {
                    let name = String(decoding: html[(i + 1)..<j], as: UTF8.self)
                    var k = j + 2
                    while k < count, html[k] != UInt8(ascii: "\"") { k += 1 }
                    if names.contains(name) { values.append(decodeEntities(String(decoding: html[(j + 2)..<k], as: UTF8.self))) }
                    i = k + 1
                    continue
                }
            }
            i += 1
        }
        return values
    }

    static func decodeEntities(_ text: String) -> String {
        guard text.contains("&") else { return text }
        var out = text
        for (entity, character) in [("&quot;", "\""), ("&#39;", "'"), ("&lt;", "<"), ("&gt;", ">"), ("&#x27;", "'"), ("&amp;", "&")] {
            out = out.replacingOccurrences(of: entity, with: character)
        }
        return out
    }
}
