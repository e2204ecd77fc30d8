/// A parsed Mustache template: the spec's tags (variables, sections, inverted sections, partials,
/// comments, set delimiters), template inheritance (`{{<parent}}`, `{{$block}}`), and the transforms
/// and sequence tests of hummingbird-project/swift-mustache, whose whitespace rules it follows byte for
/// byte, so themes written for it render the same (`MustacheTests`).
///
/// Briefing renders its own templates instead of calling swift-mustache because rendering there looks
/// every name up through protocol casts on `Any` and copies the context for each section; on a
/// 15,000-page site that was most of the build (see the README's Performance section).
struct MustacheTemplate: Sendable {
    let nodes: [Node]

    indirect enum Node: Sendable {
        case text(String)
        case variable(Name, escaped: Bool)
        case section(Name, [Node], inverted: Bool)
        /// `{{> name}}`, or `{{<name}}…{{/name}}` with its block overrides; `dynamic` reads the name from the context.
        case partial(String, dynamic: Bool, indentation: String?, blocks: [String: [Node]]?)
        /// `{{$name}}default{{/name}}` outside a parent: an override's content, else the default.
        case blockExpansion(String, [Node], indentation: String)
        /// `{{$name}}…{{/name}}` directly inside `{{<parent}}`.
        case blockDefinition(String, [Node])
        /// `{{% CONTENT_TYPE: TEXT}}` (no escaping) or `HTML`.
        case contentType(escapes: Bool)
    }

    /// A variable or section name: dotted parts, and transforms written as `empty(name)`. A class, so
    /// that the renderer passes one reference around instead of retaining each of its parts.
    final class Name: Sendable {
        let text: String
        let parts: [String]
        /// `parts`, resolved to context keys.
        let keys: [TemplateName]
        let transforms: [String]
        /// `.`: the current object.
        let isCurrent: Bool
        /// `.name`: looked up on the current object only.
        let isAnchored: Bool
        /// `last()` and friends: the position in the enclosing list.
        let isSequenceTest: Bool

        init(_ text: String, transforms: [String]) {
            self.text = text
            self.parts = text.split(separator: ".").map(String.init)
            self.keys = parts.map(TemplateName.init)
            self.transforms = transforms
            // Worked out once here: the renderer asks at every lookup.
            self.isCurrent = text == "."
            self.isAnchored = text.first == "." && text != "."
            self.isSequenceTest = text.isEmpty && !transforms.isEmpty
        }
    }

    /// Where parsing failed: 1-based line and column, and what was wrong.
    struct SyntaxError: Error, Sendable {
        let line: Int
        let column: Int
        let message: String
    }

    init(string: String) throws(SyntaxError) {
        var parser = MustacheParser(string)
        do {
            nodes = try parser.parse(MustacheParser.State())
        } catch {
            throw parser.syntaxError(error)
        }
    }
}
