import BriefingCore
import BriefingMarkdown

/// The parse stage: every Markdown text of the site through libcmark, positions mapped to the file.
public struct ParsedContent: Sendable {
    public var content: SiteContent
    public var briefingBodies: [MarkdownNode]
    public var profileBios: [MarkdownNode]
    public var eventTitles: [MarkdownNode]
    public var eventSummaries: [MarkdownNode?]
    public var eraSummaries: [MarkdownNode?]
}

enum MarkdownParser {
    /// Parses every text on all cores; diagnostics come in the same order as from one pass in turn.
    static func parse(_ content: SiteContent, diagnostics: inout [Diagnostic]) -> ParsedContent {
        // Every text in one parallel pass (one pass per kind waited for the slowest text of each kind
        // before starting the next), read where it is stored: gathering them into one list first, then
        // splitting the results by kind, copied every text and every tree on one core.
        let counts = [content.briefings.count, content.profiles.count, content.events.count, content.events.count, content.eras.count]
        var results = Parallel.map(count: counts.reduce(0, +)) { index -> (MarkdownNode?, [Diagnostic]) in
            guard let source = source(index, in: content) else { return (nil, []) }
            var found: [Diagnostic] = []
            return (tree(source, diagnostics: &found), found)
        }
        for index in results.indices { diagnostics += results[index].1 }
        var next = 0
        /// The next tree, moved out of `results`.
        func take() -> MarkdownNode? {
            var tree: MarkdownNode?
            swap(&tree, &results[next].0)
            next += 1
            return tree
        }
        // Bodies, bios and titles are never missing, so never nil.
        let bodies = (0..<counts[0]).map { _ in take() ?? MarkdownNode(.document) }
        let bios = (0..<counts[1]).map { _ in take() ?? MarkdownNode(.document) }
        let titles = (0..<counts[2]).map { _ in take() ?? MarkdownNode(.document) }
        let summaries = (0..<counts[3]).map { _ in take() }
        return ParsedContent(
            content: content, briefingBodies: bodies, profileBios: bios, eventTitles: titles, eventSummaries: summaries,
            eraSummaries: (0..<counts[4]).map { _ in take() })
    }

    /// The Markdown text at `index` of the site's texts in parse order: bodies, bios, event titles,
    /// event summaries, era summaries.
    private static func source(_ index: Int, in content: SiteContent) -> MarkdownSource? {
        var index = index
        if index < content.briefings.count { return content.briefings[index].body }
        index -= content.briefings.count
        if index < content.profiles.count { return content.profiles[index].bio }
        index -= content.profiles.count
        if index < content.events.count { return content.events[index].title }
        index -= content.events.count
        if index < content.events.count { return content.events[index].summary }
        return content.eras[index - content.events.count].summary
    }
}

extension MarkdownParser {
    /// One Markdown text's tree, positions in its file's frame; an empty document with a diagnostic
    /// when libcmark refuses it.
    static func tree(_ source: MarkdownSource, diagnostics: inout [Diagnostic]) -> MarkdownNode {
        do {
            var tree = try CommonMarkParser.parse(source.text)
            if source.lineOffset != 0 || source.columnOffset != 0 { tree.shift(by: source) }
            return tree
        } catch {
            diagnostics.append(
                Diagnostic(file: source.file, line: error.line + source.lineOffset, column: error.column, message: error.reason))
            return MarkdownNode(.document)
        }
    }
}

extension MarkdownNode {
    /// Moves positions from the Markdown text's frame to its file's, in place (the parser's tree is
    /// not shared, so no node is copied).
    mutating func shift(by source: MarkdownSource) {
        if line > 0 {
            if line == 1 { column += source.columnOffset }
            line += source.lineOffset
        }
        for index in children.indices { children[index].shift(by: source) }
    }
}
