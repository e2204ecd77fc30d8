import BriefingCore
import BriefingMarkdown
import Foundation

/// Links the first plain-text mention of each profile's name or alias in a briefing.
///
/// Names are found in one pass over each text: at every word start, the word is looked up among the
/// first words of all names, and only those candidates are compared, longest first. Matching is exact
/// (case and accents as written) and stops at word boundaries; text inside links, code, images and
/// headings is never touched. An alias shared by two profiles is ambiguous and never linked.
struct MentionLinker {
    private struct Candidate {
        let text: [Character]
        /// The name's UTF-8, compared byte by byte with text that is all ASCII.
        let utf8: [UInt8]
        let profileID: String
    }

    private var candidatesByFirstWord: [String: [Candidate]] = [:]
    /// Whether any name starts with this ASCII character (a cheap test before a word is looked up);
    /// words starting with other characters are always looked up.
    private var asciiStarts = [Bool](repeating: false, count: 128)
    /// Whether text that is all ASCII may be matched byte by byte. Not when a name written with other
    /// characters is canonically equivalent to ASCII (a Kelvin sign for K), since `Character`
    /// comparison would match it and bytes would not.
    private var asciiBytesSuffice = true

    init(profiles: [Profile]) {
        var owners: [String: Set<String>] = [:]
        for profile in profiles {
            for name in [profile.name] + profile.aliases where !name.isEmpty {
                owners[name, default: []].insert(profile.id)
            }
        }
        for (name, ids) in owners where ids.count == 1 {
            let characters = Array(name)
            let firstWord = String(characters.prefix(while: Self.isWordCharacter))
            guard let first = firstWord.first else { continue }
            if let ascii = first.asciiValue {
                asciiStarts[Int(ascii)] = true
            } else {
                // A character canonically equivalent to an ASCII one (the Kelvin sign) starts the same words.
                let composed = Array(String(first).precomposedStringWithCanonicalMapping.utf8)
                if composed.count == 1, composed[0] < 0x80 { asciiStarts[Int(composed[0])] = true }
            }
            candidatesByFirstWord[firstWord, default: []].append(
                Candidate(text: characters, utf8: Array(name.utf8), profileID: ids.first!))
            if !name.utf8.allSatisfy({ $0 < 0x80 }) && name.precomposedStringWithCanonicalMapping.utf8.allSatisfy({ $0 < 0x80 }) {
                asciiBytesSuffice = false
            }
        }
        for key in candidatesByFirstWord.keys {
            candidatesByFirstWord[key]!.sort {
                $0.text.count != $1.text.count ? $0.text.count > $1.text.count : $0.profileID < $1.profileID
            }
        }
    }

    /// Returns the tree with mention links added, and the ids of every profile mentioned.
    func link(_ document: MarkdownNode, skipping alreadyLinked: Set<String>) -> (MarkdownNode, Set<String>) {
        var linked = alreadyLinked
        var mentioned: Set<String> = []
        let result = visit(document, linked: &linked, mentioned: &mentioned) ?? document
        return (result, mentioned)
    }

    /// The node with mention links added; nil when it has none to add, so that the trees of the many
    /// paragraphs without one are neither copied nor rebuilt.
    private func visit(_ node: MarkdownNode, linked: inout Set<String>, mentioned: inout Set<String>) -> MarkdownNode? {
        switch node.kind {
        case .link, .image, .heading, .codeBlock, .code, .htmlBlock, .htmlInline:
            return nil
        default:
            break
        }
        var children: [MarkdownNode]?  // made at the first child that changes
        for (index, child) in node.children.enumerated() {
            var replacement: [MarkdownNode]?
            if case .text(let text) = child.kind {
                replacement = split(text, at: child, linked: &linked, mentioned: &mentioned)
            } else if let visited = visit(child, linked: &linked, mentioned: &mentioned) {
                replacement = [visited]
            }
            if let replacement {
                if children == nil { children = Array(node.children[..<index]) }
                children?.append(contentsOf: replacement)
            } else {
                children?.append(child)
            }
        }
        guard let children else { return nil }
        var copy = node
        copy.children = children
        return copy
    }

    /// Splits a text node around mentions: every mention is recorded, the first of each profile linked;
    /// nil when none is linked (the node stays as it is).
    private func split(
        _ text: String, at node: MarkdownNode, linked: inout Set<String>, mentioned: inout Set<String>
    ) -> [MarkdownNode]? {
        if asciiBytesSuffice, !text.containsUTF8Byte(where: { $0 >= 0x80 }) {
            // Every byte is a `Character` here (line endings are LF only): the same steps on bytes,
            // without breaking the text into grapheme clusters.
            let bytes = Array(text.utf8)
            return split(
                bytes, at: node, linked: &linked, mentioned: &mentioned, name: { $0.utf8 },
                isLetter: Self.isASCIILetter, isWord: Self.isASCIIWord, mayStart: { asciiStarts[Int($0)] },
                text: { String(decoding: bytes[$0], as: UTF8.self) })
        }
        // Each character with where it starts, so that a word's text is a slice of `text` (building it
        // from the characters appended them one by one, for nearly every word).
        var characters: [Character] = []
        var starts: [String.Index] = []
        characters.reserveCapacity(text.utf8.count)
        starts.reserveCapacity(text.utf8.count + 1)
        for index in text.indices {
            characters.append(text[index])
            starts.append(index)
        }
        starts.append(text.endIndex)
        return split(
            characters, at: node, linked: &linked, mentioned: &mentioned, name: { $0.text },
            isLetter: Self.isLetter, isWord: Self.isWordCharacter, mayStart: mayStartName,
            text: { String(text[starts[$0.lowerBound]..<starts[$0.upperBound]]) })
    }

    /// `split` over the text's units (its characters, or its bytes when they are all ASCII): at every
    /// word start, the candidates of the word, longest first, each ending at a word boundary.
    private func split<Unit: Equatable>(
        _ units: [Unit], at node: MarkdownNode, linked: inout Set<String>, mentioned: inout Set<String>,
        name: (Candidate) -> [Unit], isLetter: (Unit) -> Bool, isWord: (Unit) -> Bool, mayStart: (Unit) -> Bool,
        text: (Range<Int>) -> String
    ) -> [MarkdownNode]? {
        var pieces: [MarkdownNode] = []
        var pending = 0
        var index = 0
        while index < units.count {
            guard isLetter(units[index]), index == 0 || !isWord(units[index - 1]) else {
                index += 1
                continue
            }
            var wordEnd = index + 1
            while wordEnd < units.count, isWord(units[wordEnd]) { wordEnd += 1 }
            guard mayStart(units[index]), let candidates = candidatesByFirstWord[text(index..<wordEnd)],
                let match = candidates.first(where: { candidate in
                    let end = index + name(candidate).count
                    return end <= units.count && units[index..<end].elementsEqual(name(candidate))
                        && (end == units.count || !isWord(units[end]))
                })
            else {
                index = wordEnd
                continue
            }
            mentioned.insert(match.profileID)
            let end = index + name(match).count
            if !linked.contains(match.profileID) {
                linked.insert(match.profileID)
                if pending < index { pieces.append(MarkdownNode(.text(text(pending..<index)), line: node.line, column: node.column)) }
                let label = MarkdownNode(.text(text(index..<end)), line: node.line, column: node.column)
                pieces.append(
                    MarkdownNode(
                        .link(url: SitePath.rootMarker + SitePath.profile(match.profileID), title: ""),
                        children: [label], line: node.line, column: node.column))
                pending = end
            }
            index = end
        }
        if pieces.isEmpty { return nil }
        if pending < units.count { pieces.append(MarkdownNode(.text(text(pending..<units.count)), line: node.line, column: node.column)) }
        return pieces
    }

    private func mayStartName(_ character: Character) -> Bool {
        guard let ascii = character.asciiValue else { return true }
        return asciiStarts[Int(ascii)]
    }

    /// `Character.isLetter`, without the Unicode property lookup for ASCII.
    private static func isLetter(_ character: Character) -> Bool {
        guard let ascii = character.asciiValue else { return character.isLetter }
        return isASCIILetter(ascii)
    }

    /// A letter or a number (`isLetter || isNumber`), fast for ASCII.
    private static func isWordCharacter(_ character: Character) -> Bool {
        guard let ascii = character.asciiValue else { return character.isLetter || character.isNumber }
        return isASCIIWord(ascii)
    }

    private static func isASCIILetter(_ byte: UInt8) -> Bool { (byte | 0x20) >= 0x61 && (byte | 0x20) <= 0x7A }

    private static func isASCIIWord(_ byte: UInt8) -> Bool { isASCIILetter(byte) || (byte >= 0x30 && byte <= 0x39) }
}
