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

    /// What the check keeps of one generated page: its links and its anchors, not its bytes, so that a
    /// site's pages can be scanned as they render and dropped (`SiteChecker`).
    struct Scan: Sendable {
        /// Its `href` and `src` values, entities decoded, each once, in page order.
        var links: [String] = []
        /// Its `id` and `name` values, entities decoded: each as its UTF-8 length (4 bytes) then its bytes.
        var anchors: [UInt8] = []

        /// The scan of a page's HTML: one pass over its tags.
        init(_ html: [UInt8]) {
            var seen: Set<String> = []
            var links: [String] = []
            var anchors: [UInt8] = []
            LinkChecker.forEachAttribute(["href", "src", "id", "name"], in: html) { name, value in
                if name < 2 {
                    if seen.insert(value).inserted { links.append(value) }
                } else {
                    withUnsafeBytes(of: UInt32(value.utf8.count).littleEndian) { anchors.append(contentsOf: $0) }
                    anchors.append(contentsOf: value.utf8)
                }
            }
            self.links = links
            self.anchors = anchors
        }

        /// The anchors, as a set.
        var anchorSet: Set<String> {
            var result: Set<String> = []
            var index = 0
            while index + 4 <= anchors.count {
                var length: UInt32 = 0
                withUnsafeMutableBytes(of: &length) { $0.copyBytes(from: anchors[index..<(index + 4)]) }
                let start = index + 4, end = start + Int(UInt32(littleEndian: length))
                result.insert(String(decoding: anchors[start..<end], as: UTF8.self))
                index = end
            }
            return result
        }
    }

    /// Page path → its scan.
    let pages: [String: Scan]
    let allPaths: Set<String>
    /// The path part of `base_url`, for root-absolute links (the 404 page's).
    let basePath: String
    private var anchorCache: [String: Set<String>] = [:]

    /// The checker of `files`: the HTML pages held as bytes are scanned here (on all cores); `scans` are
    /// those of pages already scanned and dropped as they were rendered.
    init(files: [OutputFile], basePath: String, scans: [String: Scan] = [:]) {
        let held = files.compactMap { file -> (String, [UInt8])? in
            guard file.path.hasSuffix(".html"), case .bytes(let bytes) = file.contents else { return nil }
            return (file.path, bytes)
        }
        let scanned = Parallel.map(count: held.count) { Scan(held[$0].1) }
        var pages = scans
        for ((path, _), scan) in zip(held, scanned) { pages[path] = scan }
        self.pages = pages
        self.allPaths = Set(files.map(\.path))
        self.basePath = basePath.hasSuffix("/") ? basePath : basePath + "/"
    }

    /// Every broken link, ordered by page then href. Links are resolved on all cores, then the anchors of
    /// every page a fragment points at are gathered, each page once.
    mutating func check() -> [Broken] {
        let paths = pages.keys.sorted()
        let links = Parallel.map(count: paths.count) { index -> [(href: String, outcome: Outcome)] in
            let page = paths[index]
            return (pages[page]?.links ?? []).map { href in (href, outcome(of: href, on: page)) }
        }
        var targets: Set<String> = []
        for pageLinks in links {
            for link in pageLinks { if case .anchor(let target, _) = link.outcome, anchorCache[target] == nil { targets.insert(target) } }
        }
        let sortedTargets = targets.sorted()
        let found = Parallel.map(count: sortedTargets.count) { pages[sortedTargets[$0]]?.anchorSet ?? [] }
        for (target, anchors) in zip(sortedTargets, found) { anchorCache[target] = anchors }
        var broken: [Broken] = []
        for (page, pageLinks) in zip(paths, links) {
            for link in pageLinks {
                if let reason = problem(link.outcome) { broken.append(Broken(page: page, href: link.href, reason: reason)) }
            }
        }
        return broken
    }

    /// What a link comes to before its anchor is looked for.
    enum Outcome {
        case fine
        case broken(String)
        /// Fine if the page `target` has an element with this id.
        case anchor(target: String, String)
    }

    /// Why `href` on `page` does not resolve, or nil when it does (or is not local).
    mutating func problem(with href: String, on page: String) -> String? {
        problem(outcome(of: href, on: page))
    }

    private mutating func problem(_ outcome: Outcome) -> String? {
        switch outcome {
        case .fine: return nil
        case .broken(let reason): return reason
        case .anchor(let target, let anchor):
            return anchors(of: target).contains(anchor) ? nil : "no element with id '\(anchor)' on '\(target)'"
        }
    }

    func outcome(of href: String, on page: String) -> Outcome {
        guard !href.isEmpty, HTML.scheme(of: href) == nil, !href.hasPrefix("//") else { return .fine }
        var rest = Substring(href)
        var fragment: String?
        if let hash = Self.firstIndex(of: "#", in: rest) {
            fragment = String(rest[rest.index(after: hash)...])
            rest = rest[..<hash]
        }
        if let query = Self.firstIndex(of: "?", in: rest) { rest = rest[..<query] }
        let target: String
        if rest.isEmpty {
            target = page
        } else {
            guard let resolved = resolve(String(rest), from: page) else { return .broken("it points outside the site") }
            guard let file = existing(resolved) else {
                return .broken("no such file '\(resolved.isEmpty || resolved.hasSuffix("/") ? resolved + "index.html" : resolved)'")
            }
            target = file
        }
        guard let fragment, !fragment.isEmpty, target.hasSuffix(".html") else { return .fine }
        return .anchor(target: target, Self.percentDecoded(fragment))
    }

    /// `removingPercentEncoding`, or the text itself when that fails; only text with a `%` goes through
    /// Foundation (once per link of every page, it was a tenth of `check`).
    static func percentDecoded(_ text: String) -> String {
        guard text.utf8.contains(UInt8(ascii: "%")) else { return text }
        return text.removingPercentEncoding ?? text
    }

    /// A root-relative path, or nil when the link climbs above the root.
    func resolve(_ link: String, from page: String) -> String? {
        Self.fromRoot(link, on: page) ?? takingApart(link, from: page)
    }

    /// What `takingApart` gives for a link that climbs exactly to the site root, `../` once per folder
    /// `page` is in (`./` on a page at the root), then names plain segments: the links templates write,
    /// nearly all of a site's. Nil for any other link. Found on the link's bytes, without splitting it or
    /// the page's path (a split of each, for every link of every page, was a quarter of `check`).
    static func fromRoot(_ link: String, on page: String) -> String? {
        let slash = UInt8(ascii: "/"), dot = UInt8(ascii: ".")
        var depth = 0
        var previous = slash  // a page path that is empty, or has an empty segment, is left to `takingApart`
        for byte in page.utf8 {
            if byte == slash {
                if previous == slash { return nil }
                depth += 1
            }
            previous = byte
        }
        if previous == slash { return nil }
        let bytes = link.utf8
        var start = bytes.startIndex
        func skip(_ prefix: StaticString) -> Bool {
            var index = start
            for expected in UnsafeBufferPointer(start: prefix.utf8Start, count: prefix.utf8CodeUnitCount) {
                guard index != bytes.endIndex, bytes[index] == expected else { return false }
                index = bytes.index(after: index)
            }
            start = index
            return true
        }
        if depth == 0 {
            guard skip("./") else { return nil }
        } else {
            for _ in 0..<depth { guard skip("../") else { return nil } }
        }
        // Plain segments: ASCII (`takingApart` splits other text by `Character`), nothing to decode, no
        // empty segment but a last one, no `.` or `..`.
        var segmentStart = start
        var index = start
        while true {
            let atEnd = index == bytes.endIndex
            let byte = atEnd ? slash : bytes[index]
            if byte >= 0x80 || byte == UInt8(ascii: "%") { return nil }
            if byte == slash {
                let length = bytes.distance(from: segmentStart, to: index)
                if length == 0 && !atEnd { return nil }
                if (length == 1 || length == 2) && bytes[segmentStart] == dot
                    && (length == 1 || bytes[bytes.index(after: segmentStart)] == dot) { return nil }
                if atEnd { break }
                segmentStart = bytes.index(after: index)
            }
            index = bytes.index(after: index)
        }
        return String(Substring(link)[start...])
    }

    /// A root-relative path, or nil when the link climbs above the root: the link decoded and taken
    /// apart segment by segment against the page's folders.
    func takingApart(_ link: String, from page: String) -> String? {
        let decoded = Self.percentDecoded(link)
        var segments: [Substring]
        var path = Substring(decoded)
        if decoded.hasPrefix("/") {
            guard decoded.hasPrefix(basePath) || decoded + "/" == basePath else { return nil }
            path = decoded.dropFirst(min(basePath.count, decoded.count))
            segments = []
        } else {
            segments = Self.split(Substring(page), omittingEmpty: true)
            segments.removeLast()
        }
        let parts = Self.split(path, omittingEmpty: false)
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

    /// `text.firstIndex(of: character)` for an ASCII character: on bytes when the text is all ASCII, where
    /// every byte is a `Character`, instead of breaking it into grapheme clusters (a link of every page).
    static func firstIndex(of character: Character, in text: Substring) -> Substring.Index? {
        guard let byte = character.asciiValue, text.utf8.allSatisfy({ $0 < 0x80 }) else { return text.firstIndex(of: character) }
        return text.utf8.firstIndex(of: byte)
    }

    /// `text.split(separator: "/")`, on bytes when the text is all ASCII (see `firstIndex(of:in:)`).
    static func split(_ text: Substring, omittingEmpty: Bool) -> [Substring] {
        guard text.utf8.allSatisfy({ $0 < 0x80 }) else { return text.split(separator: "/", omittingEmptySubsequences: omittingEmpty) }
        return text.utf8.split(separator: UInt8(ascii: "/"), omittingEmptySubsequences: omittingEmpty).map { Substring($0) }
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
        let found = pages[page]?.anchorSet ?? []
        anchorCache[page] = found
        return found
    }

    // MARK: - HTML scanning

    /// Values of the named double-quoted attributes inside tags, entities decoded.
    static func attributes(_ names: [String], in html: [UInt8]) -> [String] {
        var values: [String] = []
        forEachAttribute(names, in: html) { values.append($1) }
        return values
    }

    /// Calls `body` with the position in `names` and the value (entities decoded) of each double-quoted
    /// attribute of those names inside tags, in page order. Names are compared on their bytes (a `String`
    /// made of every attribute name, and a set lookup, were a fifth of `check`).
    static func forEachAttribute(_ names: [String], in html: [UInt8], _ body: (Int, String) -> Void) {
        let wanted = names.map { Array($0.utf8) }
        html.withUnsafeBufferPointer { html in
            var i = 0
            var inTag = false
            let count = html.count
            while i < count {
                if !inTag {
                    // Text: only the next tag matters.
                    guard let tag = memchr(html.baseAddress! + i, Int32(UInt8(ascii: "<")), count - i) else { break }
                    i = html.baseAddress!.distance(to: tag.assumingMemoryBound(to: UInt8.self))
                }
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
                        let name = UnsafeBufferPointer(rebasing: html[(i + 1)..<j])
                        let k = memchr(html.baseAddress! + j + 2, Int32(UInt8(ascii: "\"")), count - j - 2)
                            .map { html.baseAddress!.distance(to: $0.assumingMemoryBound(to: UInt8.self)) } ?? count
                        if let position = wanted.firstIndex(where: { $0.elementsEqual(name) }) {
                            body(position, decodeEntities(String(decoding: UnsafeBufferPointer(rebasing: html[(j + 2)..<k]), as: UTF8.self)))
                        }
                        i = k + 1
                        continue
                    }
                }
                i += 1
            }
        }
    }

    static func decodeEntities(_ text: String) -> String {
        guard text.utf8.contains(UInt8(ascii: "&")) else { return text }  // `String.contains` went through Foundation
        var out = text
        for (entity, character) in [("&quot;", "\""), ("&#39;", "'"), ("&lt;", "<"), ("&gt;", ">"), ("&#x27;", "'"), ("&amp;", "&")] {
            out = out.replacingOccurrences(of: entity, with: character)
        }
        return out
    }
}
