import BriefingCore
import BriefingMarkdown

/// Links the first plain-text mention of each profile's name or alias in a briefing.
///
/// Names are found in one pass over each text: at every word start, the word is looked up among the
/// first words of all names, and only those candidates are compared, longest first. Matching is exact
/// (case and accents as written) and stops at word boundaries; text inside links, code, images and
/// headings is never touched. An alias shared by two profiles is ambiguous and never linked.
struct MentionLinker {
    private struct Candidate {
        let text: [Character]
        let profileID: String
    }

    private var candidatesByFirstWord: [String: [Candidate]] = [:]

    init(profiles: [Profile]) {
        var owners: [String: Set<String>] = [:]
        for profile in profiles {
            for name in [profile.name] + profile.aliases where !name.isEmpty {
                owners[name, default: []].insert(profile.id)
            }
        }
        for (name, ids) in owners where ids.count == 1 {
            let characters = Array(name)
            let firstWord = String(characters.prefix { $0.isLetter || $0.isNumber })
            guard !firstWord.isEmpty else { continue }
            candidatesByFirstWord[firstWord, default: []].append(Candidate(text: characters, profileID: ids.first!))
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
        let result = visit(document, linked: &linked, mentioned: &mentioned)
        return (result, mentioned)
    }

    private func visit(_ node: MarkdownNode, linked: inout Set<String>, mentioned: inout Set<String>) -> MarkdownNode {
        switch node.kind {
        case .link, .image, .heading, .codeBlock, .code, .htmlBlock, .htmlInline:
            return node
        default:
            break
        }
        var copy = node
        var children: [MarkdownNode] = []
        for child in node.children {
            if case .text(let text) = child.kind {
                children.append(contentsOf: split(text, at: child, linked: &linked, mentioned: &mentioned))
            } else {
                children.append(visit(child, linked: &linked, mentioned: &mentioned))
            }
        }
        copy.children = children
        return copy
    }

    /// Splits a text node around mentions: every mention is recorded, the first of each profile linked.
    private func split(
        _ text: String, at node: MarkdownNode, linked: inout Set<String>, mentioned: inout Set<String>
    ) -> [MarkdownNode] {
        let characters = Array(text)
        var pieces: [MarkdownNode] = []
        var pending = 0
        var index = 0
        while index < characters.count {
            let isWordStart = characters[index].isLetter && (index == 0 || !isWordCharacter(characters[index - 1]))
            guard isWordStart else {
                index += 1
                continue
            }
            var wordEnd = index
            while wordEnd < characters.count, characters[wordEnd].isLetter || characters[wordEnd].isNumber { wordEnd += 1 }
            let word = String(characters[index..<wordEnd])
            guard let candidates = candidatesByFirstWord[word],
                let match = candidates.first(where: { matches($0.text, in: characters, at: index) })
            else {
                index = wordEnd
                continue
            }
            mentioned.insert(match.profileID)
            let end = index + match.text.count
            if !linked.contains(match.profileID) {
                linked.insert(match.profileID)
                if pending < index {
                    pieces.append(MarkdownNode(.text(String(characters[pending..<index])), line: node.line, column: node.column))
                }
                let label = MarkdownNode(.text(String(characters[index..<end])), line: node.line, column: node.column)
                pieces.append(
                    MarkdownNode(
                        .link(url: SitePath.rootMarker + SitePath.profile(match.profileID), title: ""),
                        children: [label], line: node.line, column: node.column))
                pending = end
            }
            index = end
        }
        if pieces.isEmpty { return [node] }
        if pending < characters.count {
            pieces.append(MarkdownNode(.text(String(characters[pending...])), line: node.line, column: node.column))
        }
        return pieces
    }

    private func matches(_ name: [Character], in characters: [Character], at index: Int) -> Bool {
        guard index + name.count <= characters.count else { return false }
        for offset in 0..<name.count where characters[index + offset] != name[offset] { return false }
        let after = index + name.count
        return after == characters.count || !isWordCharacter(characters[after])
    }

    private func isWordCharacter(_ character: Character) -> Bool {
        character.isLetter || character.isNumber
    }
}
