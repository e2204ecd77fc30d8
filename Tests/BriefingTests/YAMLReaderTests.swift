import BriefingCore
@testable import BriefingSite
import Testing

/// The YAML reader on libyaml's events: values, positions, aliases and every way it refuses input.
struct YAMLReaderTests {
    static func read(_ text: String, lineOffset: Int = 0) -> Result<FieldValue, Diagnostic> {
        YAMLReader.read(text, file: "x.yml", lineOffset: lineOffset)
    }

    static func problem(_ text: String) -> String? {
        guard case .failure(let diagnostic) = read(text) else { return nil }
        return "\(diagnostic.line):\(diagnostic.column): \(diagnostic.message)"
    }

    /// A value as compact text: scalars as themselves, `~` for null, lists and maps in brackets.
    static func show(_ value: FieldValue) -> String {
        switch value {
        case .scalar(let text, _): text
        case .null: "~"
        case .list(let items, _): "[" + items.map(show).joined(separator: ",") + "]"
        case .map(let pairs, _): "{" + pairs.map { "\($0.key)=\(show($0.value))" }.joined(separator: ",") + "}"
        }
    }

    @Test func valuesKeepTheirTextAndOrder() throws {
        let value = try Self.read("b: 1\na: [x, 'y', \"\"]\nc:\nd: ~\ne: !!null\nf: !!null ''\ng: {k: no}\n").get()
        #expect(Self.show(value) == "{b=1,a=[x,y,],c=~,d=~,e=~,f=,g={k=no}}")
    }

    @Test func positionsAreOneBasedAndShiftedForFrontMatter() throws {
        guard case .map(let pairs, let location) = try Self.read("id: x\nlist:\n  - é: 1\n", lineOffset: 1).get(),
            case .list(let items, _) = pairs[1].value, case .map(let inner, _) = items[0], case .scalar(_, let scalar) = inner[0].value
        else { Issue.record("unexpected shape"); return }
        #expect(location.line == 2 && location.column == 1)
        #expect(scalar.line == 4 && scalar.column == 8)
    }

    @Test func aliasesExpandToTheirAnchorsValue() throws {
        let value = try Self.read("base: &b {a: 1, list: [x]}\ncopy: *b\nname: &n Ana\nagain: *n\n").get()
        #expect(Self.show(value) == "{base={a=1,list=[x]},copy={a=1,list=[x]},name=Ana,again=Ana}")
    }

    @Test func emptyInputIsNull() throws {
        #expect(Self.show(try Self.read("").get()) == "~")
        #expect(Self.show(try Self.read("# only a comment\n").get()) == "~")
    }

    @Test func refusals() {
        #expect(Self.problem("a: 1\na: 2\n") == "2:1: duplicate key 'a'")
        #expect(Self.problem("a: *nowhere\n") == "1:4: invalid YAML: found undefined alias")
        #expect(Self.problem("a: 1\n---\nb: 2\n") == "2:1: invalid YAML: but found another document expected a single document in the stream")
        #expect(Self.problem("a: [1, 2\n")?.hasPrefix("2:1: invalid YAML: did not find expected ',' or ']'") == true)
        #expect(Self.problem("- a\n\t- b\n")?.hasPrefix("2:1: invalid YAML") == true)
        // Nested more than 64 levels in block style, which the bracket count before parsing does not see.
        let deep = (0..<70).map { String(repeating: " ", count: $0) + "k:" }.joined(separator: "\n") + " v\n"
        #expect(Self.problem(deep)?.hasSuffix("YAML is nested more than 64 levels deep") == true)
        // An alias whose expansion nests too deep is refused where it is used.
        let chain = (1...70).map { "l\($0): &l\($0) [*l\($0 - 1)]" }.joined(separator: "\n")
        #expect(Self.problem("l0: &l0 [x]\n" + chain + "\n")?.hasSuffix("YAML is nested more than 64 levels deep") == true)
    }

    /// A small mapping finds a duplicate by searching its keys, a large one by a set made at its
    /// seventeenth key: the same key is refused wherever it comes, before that point or after.
    @Test func duplicateKeysAreRefusedInMappingsOfAnySize() throws {
        func mapping(_ keys: [String]) -> String { keys.enumerated().map { "\($0.element): \($0.offset)" }.joined(separator: "\n") + "\n" }
        let names = (1...40).map { "k\($0)" }
        for size in [2, 15, 16, 17, 40] {
            let keys = Array(names.prefix(size))
            #expect(Self.show(try Self.read(mapping(keys)).get()).split(separator: ",").count == size)
            for repeated in [keys[0], keys[size / 2], keys[size - 1]] {
                #expect(Self.problem(mapping(keys + [repeated])) == "\(size + 1):1: duplicate key '\(repeated)'")
                #expect(Self.problem(mapping(keys + ["other", repeated])) == "\(size + 2):1: duplicate key '\(repeated)'")
            }
        }
        // A key that repeats one only the set holds (added past the threshold), and one nested inside.
        #expect(Self.problem(mapping(names + ["k40"])) == "41:1: duplicate key 'k40'")
        #expect(Self.problem("a:\n" + mapping(names).split(separator: "\n").map { "  " + $0 }.joined(separator: "\n") + "\n  k20: x\n") == "42:3: duplicate key 'k20'")
    }

    @Test func aliasBombsRunOutOfBudget() {
        var text = "a: &a [x, x, x, x, x, x, x, x, x, x]\n"
        for (previous, name) in zip("abcdefgh", "bcdefghi") {
            text += "\(name): &\(name) [*\(previous), *\(previous), *\(previous), *\(previous), *\(previous), *\(previous), *\(previous), *\(previous), *\(previous), *\(previous)]\n"
        }
        #expect(Self.problem(text)?.hasSuffix("YAML expands to more than 200000 values (alias bomb?)") == true)
    }
}
