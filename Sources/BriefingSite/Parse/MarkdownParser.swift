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
        // Every text in one list, parsed in one parallel pass (one pass per kind waited for the slowest
        // text of each kind before starting the next).
        let kinds: [[MarkdownSource?]] = [
            content.briefings.map(\.body), content.profiles.map(\.bio), content.events.map(\.title),
            content.events.map(\.summary), content.eras.map(\.summary),
        ]
        let sources = kinds.flatMap { $0 }
        let results = Parallel.map(count: sources.count) { index -> (MarkdownNode?, [Diagnostic]) in
            guard let source = sources[index] else { return (nil, []) }
            var found: [Diagnostic] = []
            return (tree(source, diagnostics: &found), found)
        }
        for (_, found) in results { diagnostics += found }
        var trees: [[MarkdownNode?]] = []
        var start = 0
        for kind in kinds {
            trees.append(results[start..<start + kind.count].map(\.0))
            start += kind.count
        }
        return ParsedContent(
            content: content,
            briefingBodies: trees[0].map { $0! },
            profileBios: trees[1].map { $0! },
            eventTitles: trees[2].map { $0! },
            eventSummaries: trees[3],
            eraSummaries: trees[4])
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
