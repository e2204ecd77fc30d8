/// A CommonMark document as plain Swift values, so everything after parsing works without C.
public struct MarkdownNode: Sendable, Equatable {
    public enum Kind: Sendable, Equatable {
        case document
        case blockQuote
        case list(ordered: Bool, start: Int, tight: Bool)
        case item
        case heading(level: Int)
        case codeBlock(info: String, literal: String)
        case htmlBlock(String)
        case thematicBreak
        case paragraph
        case text(String)
        case softBreak
        case lineBreak
        case code(String)
        case htmlInline(String)
        case emphasis
        case strong
        case link(url: String, title: String)
        case image(url: String, title: String)
    }

    public var kind: Kind
    public var children: [MarkdownNode]
    /// 1-based position in the Markdown text (0 where cmark gives none).
    public var line: Int
    public var column: Int

    public init(_ kind: Kind, children: [MarkdownNode] = [], line: Int = 0, column: Int = 0) {
        self.kind = kind
        self.children = children
        self.line = line
        self.column = column
    }

    public var isBlock: Bool {
        switch kind {
        case .document, .blockQuote, .list, .item, .heading, .codeBlock, .htmlBlock, .thematicBreak, .paragraph:
            return true
        default:
            return false
        }
    }

    /// The text a reader sees, without markup (for heading ids, summaries and alt text).
    public var plainText: String {
        var out = ""
        appendPlainText(to: &out)
        return out
    }

    private func appendPlainText(to out: inout String) {
        switch kind {
        case .text(let text), .code(let text):
            out += text
        case .softBreak, .lineBreak:
            out += " "
        default:
            for child in children { child.appendPlainText(to: &out) }
        }
    }

    /// Calls `body` for this node and every descendant, depth first, in document order.
    public func forEach(_ body: (MarkdownNode) -> Void) {
        body(self)
        for child in children { child.forEach(body) }
    }
}

/// Why a Markdown text could not be turned into a tree.
public struct MarkdownError: Error, Sendable, Equatable {
    public var line: Int
    public var column: Int
    public var reason: String
}
