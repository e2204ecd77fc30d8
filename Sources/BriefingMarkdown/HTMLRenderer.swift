import BriefingCore

/// Renders a `MarkdownNode` tree to HTML exactly as libcmark's HTML renderer does, plus `id`s on headings.
///
/// Matching cmark byte for byte (tested on the CommonMark spec's examples) keeps Briefing's output what
/// CommonMark users expect, while owning the renderer lets later stages add ids and rewrite links.
public struct HTMLRenderer: Sendable {
    /// Pass raw HTML through (`unsafe_html: true`); otherwise it becomes a `<!-- raw HTML omitted -->` comment.
    public var unsafeHTML: Bool
    /// Give each heading an `id` from its text, unique within the document.
    public var headingIDs: Bool

    public init(unsafeHTML: Bool = false, headingIDs: Bool = true) {
        self.unsafeHTML = unsafeHTML
        self.headingIDs = headingIDs
    }

    public func render(_ node: MarkdownNode) -> String {
        var state = State()
        render(node, into: &state, tight: false)
        return String(decoding: state.html, as: UTF8.self)
    }

    /// The inline content of a single paragraph, without the `<p>` (for one-line titles).
    public func renderInline(_ document: MarkdownNode) -> String {
        var state = State()
        for block in document.children {
            if block.kind == .paragraph {
                renderChildren(block, into: &state, tight: false)
            } else {
                render(block, into: &state, tight: false)
            }
        }
        if state.html.last == UInt8(ascii: "\n") { state.html.removeLast() }
        return String(decoding: state.html, as: UTF8.self)
    }

    /// The HTML as UTF-8 bytes: escaped text is appended in place, where string concatenation made a
    /// new string for every piece of text.
    private struct State {
        var html: [UInt8] = []
        var usedIDs: [String: Int] = [:]

        mutating func cr() {
            if let last = html.last, last != UInt8(ascii: "\n") { html.append(UInt8(ascii: "\n")) }
        }

        mutating func add(_ text: String) { html.append(contentsOf: text.utf8) }

        mutating func addEscaped(_ text: String) { HTML.appendEscaped(text, to: &html, apostrophes: false) }

        mutating func uniqueID(for text: String) -> String {
            let base = Identifier.slug(text).isEmpty ? "section" : Identifier.slug(text)
            let count = usedIDs[base, default: 0] + 1
            usedIDs[base] = count
            return count == 1 ? base : "\(base)-\(count)"
        }
    }

    private func render(_ node: MarkdownNode, into state: inout State, tight: Bool) {
        switch node.kind {
        case .document:
            renderChildren(node, into: &state, tight: false)
        case .blockQuote:
            state.cr()
            state.add("<blockquote>\n")
            renderChildren(node, into: &state, tight: false)
            state.cr()
            state.add("</blockquote>\n")
        case .list(let ordered, let start, let isTight):
            state.cr()
            if ordered {
                state.add(start == 1 ? "<ol>\n" : "<ol start=\"\(start)\">\n")
            } else {
                state.add("<ul>\n")
            }
            renderChildren(node, into: &state, tight: isTight)
            state.add(ordered ? "</ol>\n" : "</ul>\n")
        case .item:
            state.cr()
            state.add("<li>")
            renderChildren(node, into: &state, tight: tight)
            state.add("</li>\n")
        case .heading(let level):
            state.cr()
            state.add("<h\(level)")
            if headingIDs {
                state.add(" id=\"")
                state.addEscaped(state.uniqueID(for: node.plainText))
                state.add("\"")
            }
            state.add(">")
            renderChildren(node, into: &state, tight: false)
            state.add("</h\(level)>\n")
        case .codeBlock(let info, let literal):
            state.cr()
            let language = info.prefix { $0 != " " && $0 != "\t" && $0 != "\n" }
            if language.isEmpty {
                state.add("<pre><code>")
            } else {
                state.add("<pre><code class=\"language-")
                state.addEscaped(String(language))
                state.add("\">")
            }
            state.addEscaped(literal)
            state.add("</code></pre>\n")
        case .htmlBlock(let literal):
            state.cr()
            state.add(unsafeHTML ? literal : "<!-- raw HTML omitted -->")
            state.cr()
        case .thematicBreak:
            state.cr()
            state.add("<hr />\n")
        case .paragraph:
            if tight {
                renderChildren(node, into: &state, tight: false)
            } else {
                state.cr()
                state.add("<p>")
                renderChildren(node, into: &state, tight: false)
                state.add("</p>\n")
            }
        case .text(let text):
            state.addEscaped(text)
        case .softBreak:
            state.add("\n")
        case .lineBreak:
            state.add("<br />\n")
        case .code(let text):
            state.add("<code>")
            state.addEscaped(text)
            state.add("</code>")
        case .htmlInline(let literal):
            state.add(unsafeHTML ? literal : "<!-- raw HTML omitted -->")
        case .emphasis:
            state.add("<em>")
            renderChildren(node, into: &state, tight: false)
            state.add("</em>")
        case .strong:
            state.add("<strong>")
            renderChildren(node, into: &state, tight: false)
            state.add("</strong>")
        case .link(let url, let title):
            state.add("<a href=\"")
            if unsafeHTML || !Self.isDangerous(url, image: false) { state.add(escapeHref(url)) }
            state.add("\"")
            if !title.isEmpty {
                state.add(" title=\"")
                state.addEscaped(title)
                state.add("\"")
            }
            state.add(">")
            renderChildren(node, into: &state, tight: false)
            state.add("</a>")
        case .image(let url, let title):
            state.add("<img src=\"")
            if unsafeHTML || !Self.isDangerous(url, image: true) { state.add(escapeHref(url)) }
            state.add("\" alt=\"")
            state.addEscaped(node.plainTextForAlt)
            state.add("\"")
            if !title.isEmpty {
                state.add(" title=\"")
                state.addEscaped(title)
                state.add("\"")
            }
            state.add(" />")
        }
    }

    private func renderChildren(_ node: MarkdownNode, into state: inout State, tight: Bool) {
        for child in node.children { render(child, into: &state, tight: tight) }
    }

    /// cmark's rule, applied after dropping the whitespace and control characters browsers ignore:
    /// `javascript:`, `vbscript:`, `file:` and `data:` (but images of common types) are blanked.
    static func isDangerous(_ url: String, image: Bool) -> Bool {
        guard let scheme = HTML.scheme(of: url) else { return false }
        switch scheme {
        case "javascript", "vbscript", "file":
            return true
        case "data":
            let lower = url.lowercased()
            let images = ["data:image/png", "data:image/gif", "data:image/jpeg", "data:image/webp"]
            return !images.contains { lower.hasPrefix($0) }
        default:
            return false
        }
    }
}

extension MarkdownNode {
    /// Alt text as cmark writes it: text and code literals, breaks as newlines, other markup dropped.
    var plainTextForAlt: String {
        var out = ""
        forEach { node in
            switch node.kind {
            case .text(let text), .code(let text), .htmlInline(let text): out += text
            case .softBreak, .lineBreak: out += "\n"
            default: break
            }
        }
        return out
    }
}

/// cmark's `escape_html`: `& < > "` (apostrophes stay, as in cmark's output).
func escapeHTML(_ text: String) -> String {
    HTML.escape(text, apostrophes: false)
}

/// A leading U+0000 marks a site-relative URL (see BriefingSite's `SitePath.rootMarker`); it is kept as is
/// for the page to replace with its way back to the site root.
func escapeHref(_ url: String) -> String {
    var out: [UInt8] = []
    var bytes = url.utf8[...]
    if bytes.first == 0 {
        out.append(0)
        bytes = bytes.dropFirst()
    }
    out.reserveCapacity(bytes.count + 8)
    let hex = Array("0123456789ABCDEF".utf8)
    for byte in bytes {
        switch byte {
        case UInt8(ascii: "&"): out += "&amp;".utf8
        case UInt8(ascii: "'"): out += "&#x27;".utf8
        case _ where hrefSafe(byte): out.append(byte)
        default: out += [UInt8(ascii: "%"), hex[Int(byte >> 4)], hex[Int(byte & 0x0F)]]
        }
    }
    return String(decoding: out, as: UTF8.self)
}

private func hrefSafe(_ byte: UInt8) -> Bool {
    switch byte {
    case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"):
        return true
    default:
        return "-_.+!*(),%#@?=;:/$~".utf8.contains(byte)
    }
}
