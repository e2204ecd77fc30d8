import CCmark

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Parses CommonMark with libcmark into a `MarkdownNode` tree. The only file that touches C.
public enum CommonMarkParser {
    /// Deeper nesting than this is refused rather than risking the stack in later stages.
    public static let maximumDepth = 100

    /// Parses `text`; positions in the tree are relative to `text` (1-based).
    public static func parse(_ text: String) throws(MarkdownError) -> MarkdownNode {
        let options = CMARK_OPT_DEFAULT | CMARK_OPT_VALIDATE_UTF8
        let document: OpaquePointer? = text.withCString { pointer in
            cmark_parse_document(pointer, strlen(pointer), options)
        }
        guard let document else { throw MarkdownError(line: 1, column: 1, reason: "libcmark could not parse the text") }
        defer { cmark_node_free(document) }
        return try convert(document)
    }

    /// Walks cmark's tree with its iterator (no recursion), building Swift values bottom-up.
    private static func convert(_ root: OpaquePointer) throws(MarkdownError) -> MarkdownNode {
        guard let iterator = cmark_iter_new(root) else {
            throw MarkdownError(line: 1, column: 1, reason: "libcmark could not walk the document")
        }
        defer { cmark_iter_free(iterator) }
        var stack: [MarkdownNode] = []
        var result: MarkdownNode?
        while true {
            let event = cmark_iter_next(iterator)
            if event == CMARK_EVENT_DONE { break }
            guard let node = cmark_iter_get_node(iterator) else { continue }
            let line = Int(cmark_node_get_start_line(node))
            let column = Int(cmark_node_get_start_column(node))
            if event == CMARK_EVENT_ENTER {
                let value = MarkdownNode(kind(of: node), line: line, column: column)
                if hasChildren(node) {
                    guard stack.count < maximumDepth else {
                        throw MarkdownError(
                            line: line, column: column,
                            reason: "Markdown is nested more than \(maximumDepth) levels deep")
                    }
                    stack.append(value)
                } else if stack.isEmpty {
                    result = value
                } else {
                    stack[stack.count - 1].children.append(value)
                }
            } else if event == CMARK_EVENT_EXIT {
                guard let finished = stack.popLast() else { continue }
                if stack.isEmpty {
                    result = finished
                } else {
                    stack[stack.count - 1].children.append(finished)
                }
            }
        }
        return result ?? MarkdownNode(.document)
    }

    private static func hasChildren(_ node: OpaquePointer) -> Bool {
        switch cmark_node_get_type(node) {
        case CMARK_NODE_TEXT, CMARK_NODE_SOFTBREAK, CMARK_NODE_LINEBREAK, CMARK_NODE_CODE, CMARK_NODE_HTML_INLINE,
            CMARK_NODE_CODE_BLOCK, CMARK_NODE_HTML_BLOCK, CMARK_NODE_THEMATIC_BREAK:
            return false
        default:
            return true
        }
    }

    private static func kind(of node: OpaquePointer) -> MarkdownNode.Kind {
        switch cmark_node_get_type(node) {
        case CMARK_NODE_DOCUMENT: return .document
        case CMARK_NODE_BLOCK_QUOTE: return .blockQuote
        case CMARK_NODE_LIST:
            return .list(
                ordered: cmark_node_get_list_type(node) == CMARK_ORDERED_LIST,
                start: Int(cmark_node_get_list_start(node)),
                tight: cmark_node_get_list_tight(node) != 0)
        case CMARK_NODE_ITEM: return .item
        case CMARK_NODE_HEADING: return .heading(level: Int(cmark_node_get_heading_level(node)))
        case CMARK_NODE_CODE_BLOCK:
            return .codeBlock(info: string(cmark_node_get_fence_info(node)), literal: literal(node))
        case CMARK_NODE_HTML_BLOCK: return .htmlBlock(literal(node))
        case CMARK_NODE_THEMATIC_BREAK: return .thematicBreak
        case CMARK_NODE_PARAGRAPH: return .paragraph
        case CMARK_NODE_TEXT: return .text(literal(node))
        case CMARK_NODE_SOFTBREAK: return .softBreak
        case CMARK_NODE_LINEBREAK: return .lineBreak
        case CMARK_NODE_CODE: return .code(literal(node))
        case CMARK_NODE_HTML_INLINE: return .htmlInline(literal(node))
        case CMARK_NODE_EMPH: return .emphasis
        case CMARK_NODE_STRONG: return .strong
        case CMARK_NODE_LINK:
            return .link(url: string(cmark_node_get_url(node)), title: string(cmark_node_get_title(node)))
        case CMARK_NODE_IMAGE:
            return .image(url: string(cmark_node_get_url(node)), title: string(cmark_node_get_title(node)))
        default:
            return .text(literal(node))  // custom nodes never come out of the parser
        }
    }

    private static func literal(_ node: OpaquePointer) -> String {
        string(cmark_node_get_literal(node))
    }

    private static func string(_ pointer: UnsafePointer<CChar>?) -> String {
        guard let pointer else { return "" }
        return String(cString: pointer)
    }

    /// libcmark's own HTML for `text`, as a reference the Swift renderer is tested against.
    public static func referenceHTML(_ text: String, unsafe: Bool = false) -> String {
        let options = CMARK_OPT_DEFAULT | (unsafe ? CMARK_OPT_UNSAFE : 0)
        return text.withCString { pointer in
            guard let html = cmark_markdown_to_html(pointer, strlen(pointer), options) else { return "" }
            defer { free(html) }
            return String(cString: html)
        }
    }
}
