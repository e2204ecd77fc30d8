/// Reads a template into nodes. Standalone tags (alone on their line but for spaces and tabs) take
/// their line with them; the order of these checks follows swift-mustache's parser exactly.
struct MustacheParser {
    private let characters: [Character]
    private var position = 0

    enum Failure: Error {
        case sectionCloseNameIncorrect
        case unfinishedName
        case expectedSectionEnd
        case invalidSetDelimiter
        case transformAppliedToInheritanceSection
        case illegalTokenInsideInheritSection
        case invalidConfigVariableSyntax
        case unrecognisedConfigVariable
        case unfinishedComment

        var message: String {
            switch self {
            case .sectionCloseNameIncorrect: "the closing tag does not match the open section"
            case .unfinishedName: "unfinished tag name"
            case .expectedSectionEnd: "a section is not closed"
            case .invalidSetDelimiter: "invalid set-delimiter tag"
            case .transformAppliedToInheritanceSection: "a block cannot have a transform"
            case .illegalTokenInsideInheritSection: "only blocks may appear inside a parent tag"
            case .invalidConfigVariableSyntax: "invalid pragma tag"
            case .unrecognisedConfigVariable: "unknown pragma"
            case .unfinishedComment: "unfinished comment"
            }
        }
    }

    struct State {
        var sectionName: String?
        var sectionTransforms: [String] = []
        var newLine = true
        var isPartialDefinition = false
        var isPartialDefinitionTopLevel = false
        var start: [Character] = ["{", "{"]
        var end: [Character] = ["}", "}"]
        var partialDefinitionIndent: [Character]?

        func withSection(_ name: String, newLine: Bool, transforms: [String] = []) -> State {
            var state = self
            state.sectionName = name
            state.sectionTransforms = transforms
            state.isPartialDefinitionTopLevel = false
            if !newLine { state.newLine = false }
            return state
        }

        func withInheritance(_ name: String) -> State {
            var state = self
            state.sectionName = name
            state.sectionTransforms = []
            state.newLine = true
            state.isPartialDefinition = true
            state.isPartialDefinitionTopLevel = true
            return state
        }
    }

    init(_ text: String) {
        characters = Array(text)
    }

    /// The error at the current position.
    func syntaxError(_ failure: Failure) -> MustacheTemplate.SyntaxError {
        var line = 1
        var column = 1
        for character in characters[..<min(position, characters.count)] {
            if character.isNewline {
                line += 1
                column = 1
            } else {
                column += 1
            }
        }
        return MustacheTemplate.SyntaxError(line: line, column: column, message: failure.message)
    }

    // MARK: - Reading

    private var atEnd: Bool { position >= characters.count }
    private var current: Character { atEnd ? "\0" : characters[position] }

    @discardableResult
    private mutating func read(while test: (Character) -> Bool) -> [Character] {
        let start = position
        while !atEnd, test(characters[position]) { position += 1 }
        return Array(characters[start..<position])
    }

    private mutating func read(_ literal: [Character]) -> Bool {
        guard position + literal.count <= characters.count, Array(characters[position..<position + literal.count]) == literal
        else { return false }
        position += literal.count
        return true
    }

    private static func spaceOrTab(_ character: Character) -> Bool { character == " " || character == "\t" }
    private static let nameCharacters = Set<Character>("0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ.-_?()*")
    private static let nameCharactersWithoutBrackets = Set<Character>("0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ.-_?*")
    private static let partialNameCharacters = Set<Character>("0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ.-_?()*/")

    // MARK: - Parsing

    mutating func parse(_ initial: State) throws(Failure) -> [MustacheTemplate.Node] {
        var nodes: [MustacheTemplate.Node] = []
        var state = initial
        var whiteSpaceBefore: [Character] = []
        func flushWhiteSpace() {
            if !whiteSpaceBefore.isEmpty {
                nodes.append(.text(String(whiteSpaceBefore)))
                whiteSpaceBefore = []
            }
        }
        while !atEnd {
            if state.newLine {
                let whiteSpace = read(while: Self.spaceOrTab)
                if state.isPartialDefinition, !state.isPartialDefinitionTopLevel {
                    if let indent = state.partialDefinitionIndent {
                        whiteSpaceBefore = Array(whiteSpace.dropFirst(indent.count))
                    } else {
                        state.partialDefinitionIndent = whiteSpace
                    }
                } else {
                    whiteSpaceBefore = whiteSpace
                }
            }
            let text = readUntilDelimiterOrNewline(state)
            if current.isNewline {
                nodes.append(.text(String(whiteSpaceBefore + text + [current])))
                state.newLine = true
                position += 1
                continue
            }
            if !text.isEmpty {
                nodes.append(.text(String(whiteSpaceBefore + text)))
                whiteSpaceBefore = []
                state.newLine = false
            }
            if atEnd { break }
            var setNewLine = false
            switch current {
            case "#", "^":
                let inverted = current == "^"
                position += 1
                let (name, transforms) = try parseName(state)
                if isStandalone(state) {
                    setNewLine = true
                } else {
                    flushWhiteSpace()
                }
                let inner = try parse(state.withSection(name, newLine: setNewLine, transforms: transforms))
                nodes.append(.section(.init(name, transforms: transforms), inner, inverted: inverted))

            case "/":
                position += 1
                let start = position
                let (name, transforms) = try parseName(state)
                guard name == state.sectionName, transforms == state.sectionTransforms else {
                    position = start
                    throw .sectionCloseNameIncorrect
                }
                if isStandalone(state) {
                    setNewLine = true
                } else {
                    flushWhiteSpace()
                }
                return nodes

            case "!":
                position += 1
                guard let close = find(state.end) else {
                    position = characters.count
                    throw .unfinishedComment
                }
                position = close + state.end.count
                setNewLine = isStandalone(state)

            case "{":
                flushWhiteSpace()
                position += 1
                let (name, transforms) = try parseName(state)
                guard read(["}"]) else { throw .unfinishedName }
                nodes.append(.variable(.init(name, transforms: transforms), escaped: false))

            case "&":
                flushWhiteSpace()
                position += 1
                let (name, transforms) = try parseName(state)
                nodes.append(.variable(.init(name, transforms: transforms), escaped: false))

            case ">":
                position += 1
                read(while: \.isWhitespace)
                var dynamic = false
                if current == "*" {
                    position += 1
                    dynamic = true
                }
                let name = try parsePartialName(state)
                if !whiteSpaceBefore.isEmpty { nodes.append(.text(String(whiteSpaceBefore))) }
                if isStandalone(state) {
                    setNewLine = true
                    nodes.append(.partial(name, dynamic: dynamic, indentation: String(whiteSpaceBefore), blocks: nil))
                } else {
                    nodes.append(.partial(name, dynamic: dynamic, indentation: nil, blocks: nil))
                }
                whiteSpaceBefore = []

            case "<":
                position += 1
                read(while: \.isWhitespace)
                let sectionName = try parsePartialName(state)
                let dynamic = sectionName.first == "*"
                let name = dynamic ? String(sectionName.dropFirst()) : sectionName
                if !whiteSpaceBefore.isEmpty { nodes.append(.text(String(whiteSpaceBefore))) }
                if isStandalone(state) { setNewLine = true }
                let inner = try parse(state.withInheritance(sectionName))
                var blocks: [String: [MustacheTemplate.Node]] = [:]
                for node in inner {
                    switch node {
                    case .blockDefinition(let block, let content): blocks[block] = content
                    case .text: break
                    default: throw .illegalTokenInsideInheritSection
                    }
                }
                nodes.append(.partial(name, dynamic: dynamic, indentation: String(whiteSpaceBefore), blocks: blocks))
                whiteSpaceBefore = []

            case "$":
                position += 1
                let (name, transforms) = try parseName(state)
                guard transforms.isEmpty else { throw .transformAppliedToInheritanceSection }
                if state.isPartialDefinitionTopLevel {
                    if isStandalone(state) { setNewLine = true }
                    let inner = try parse(state.withSection(name, newLine: setNewLine))
                    nodes.append(.blockDefinition(name, inner))
                } else {
                    if !whiteSpaceBefore.isEmpty { nodes.append(.text(String(whiteSpaceBefore))) }
                    if isStandalone(state) { setNewLine = true }
                    let inner = try parse(state.withSection(name, newLine: setNewLine))
                    nodes.append(.blockExpansion(name, inner, indentation: String(whiteSpaceBefore)))
                    whiteSpaceBefore = []
                }

            case "=":
                position += 1
                state = try parseSetDelimiter(state)
                setNewLine = isStandalone(state)

            case "%":
                position += 1
                nodes.append(try parsePragma(state))
                setNewLine = isStandalone(state)

            default:
                flushWhiteSpace()
                let (name, transforms) = try parseName(state)
                nodes.append(.variable(.init(name, transforms: transforms), escaped: true))
            }
            state.newLine = setNewLine
        }
        guard state.sectionName == nil else { throw .expectedSectionEnd }
        return nodes
    }

    /// Text up to a newline (not consumed) or the start delimiter (consumed).
    private mutating func readUntilDelimiterOrNewline(_ state: State) -> [Character] {
        guard let first = state.start.first else { return [] }
        var text: [Character] = []
        while !atEnd {
            text += read { !$0.isNewline && $0 != first }
            if current.isNewline { break }
            if current == first {
                if read(state.start) { break }
                text.append(first)
                position += 1
            }
        }
        return text
    }

    /// The index where `literal` next starts, from the current position.
    private func find(_ literal: [Character]) -> Int? {
        var index = position
        while index + literal.count <= characters.count {
            if Array(characters[index..<index + literal.count]) == literal { return index }
            index += 1
        }
        return nil
    }

    private mutating func parseName(_ state: State) throws(Failure) -> (String, [String]) {
        read(while: \.isWhitespace)
        let text = read { Self.nameCharacters.contains($0) }
        read(while: \.isWhitespace)
        guard read(state.end) else { throw .unfinishedName }
        // `a(b(c))`: the name is `c`, transforms `a` then `b`, applied innermost first.
        var index = 0
        func segment() -> String {
            let start = index
            while index < text.count, Self.nameCharactersWithoutBrackets.contains(text[index]) { index += 1 }
            return String(text[start..<index])
        }
        var transforms: [String] = []
        var name = segment()
        if index == text.count { return (name, []) }
        while true {
            guard index < text.count else { throw .unfinishedName }
            if text[index] == "(" {
                index += 1
                transforms.append(name)
                name = segment()
            } else if text[index] == ")" {
                var closing = 0
                while index < text.count, text[index] == ")" {
                    closing += 1
                    index += 1
                }
                guard closing == transforms.count, index == text.count else { throw .unfinishedName }
                return (name, transforms)
            } else {
                throw .unfinishedName
            }
        }
    }

    private mutating func parsePartialName(_ state: State) throws(Failure) -> String {
        read(while: \.isWhitespace)
        let text = read { Self.partialNameCharacters.contains($0) }
        read(while: \.isWhitespace)
        guard read(state.end) else { throw .unfinishedName }
        return String(text)
    }

    private mutating func parseSetDelimiter(_ state: State) throws(Failure) -> State {
        read(while: \.isWhitespace)
        let start = read { !$0.isWhitespace }
        guard !atEnd else { throw .invalidSetDelimiter }
        read(while: \.isWhitespace)
        let end = read { $0 != "=" && !$0.isWhitespace }
        guard !atEnd else { throw .invalidSetDelimiter }
        read(while: \.isWhitespace)
        guard read(["="]), read(state.end), !start.isEmpty, !end.isEmpty else { throw .invalidSetDelimiter }
        var next = state
        next.start = start
        next.end = end
        next.isPartialDefinitionTopLevel = false
        return next
    }

    private mutating func parsePragma(_ state: State) throws(Failure) -> MustacheTemplate.Node {
        read(while: \.isWhitespace)
        let variable = String(read { Self.nameCharactersWithoutBrackets.contains($0) })
        read(while: \.isWhitespace)
        guard read([":"]) else { throw .invalidConfigVariableSyntax }
        read(while: \.isWhitespace)
        let value = String(read { Self.nameCharactersWithoutBrackets.contains($0) })
        read(while: \.isWhitespace)
        guard read(state.end), !variable.isEmpty, !value.isEmpty else { throw .invalidConfigVariableSyntax }
        guard variable == "CONTENT_TYPE", value == "HTML" || value == "TEXT" else { throw .unrecognisedConfigVariable }
        return .contentType(escapes: value == "HTML")
    }

    /// At the start of a line, a tag followed by spaces and a newline (or the end) stands alone:
    /// the rest of its line is consumed.
    private mutating func isStandalone(_ state: State) -> Bool {
        guard state.newLine else { return false }
        if atEnd { return true }
        var index = position
        while index < characters.count, characters[index] == " " || characters[index] == "\t" { index += 1 }
        guard index < characters.count, characters[index].isNewline else { return false }
        position = index + 1
        return true
    }
}
