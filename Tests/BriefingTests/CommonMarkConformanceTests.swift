import Foundation
import Testing

@testable import BriefingMarkdown

/// Briefing renders cmark's tree with its own renderer; on every example of the CommonMark spec the
/// result must equal libcmark's own HTML, so our additions never change what CommonMark means.
@Suite struct CommonMarkConformanceTests {
    struct Example: CustomStringConvertible, Sendable {
        let number: Int
        let markdown: String
        var description: String { "example \(number)" }
    }

    static let examples: [Example] = {
        let path = TestSupport.sharedFolder.appendingPathComponent("data/commonmark-spec.txt").path
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { return [] }
        var examples: [Example] = []
        var current: [Substring]? = nil
        var inMarkdown = false
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.hasPrefix("```````````````````````````````` example") {
                current = []
                inMarkdown = true
            } else if current != nil && line == "." && inMarkdown {
                inMarkdown = false
                let markdown = current!.joined(separator: "\n").replacingOccurrences(of: "→", with: "\t")
                examples.append(Example(number: examples.count + 1, markdown: markdown + "\n"))
            } else if line == "````````````````````````````````" {
                current = nil
            } else if inMarkdown {
                current?.append(line)
            }
        }
        return examples
    }()

    @Test func specHasAllExamples() {
        #expect(Self.examples.count == 652)
    }

    @Test func everyExampleMatchesLibcmark() throws {
        var mismatches: [String] = []
        for example in Self.examples {
            let tree = try CommonMarkParser.parse(example.markdown)
            let ours = HTMLRenderer(unsafeHTML: false, headingIDs: false).render(tree)
            let reference = CommonMarkParser.referenceHTML(example.markdown)
            if ours != reference {
                mismatches.append("\(example): \(example.markdown.debugDescription)\nours: \(ours.debugDescription)\ncmark: \(reference.debugDescription)")
            }
        }
        #expect(mismatches.isEmpty, "\(mismatches.count) mismatches:\n\(mismatches.prefix(5).joined(separator: "\n"))")
    }

    @Test func unsafeModeMatchesLibcmarkToo() throws {
        for example in Self.examples {
            let tree = try CommonMarkParser.parse(example.markdown)
            let ours = HTMLRenderer(unsafeHTML: true, headingIDs: false).render(tree)
            #expect(ours == CommonMarkParser.referenceHTML(example.markdown, unsafe: true), "\(example)")
        }
    }
}
