import BriefingCore
import Foundation

/// Named templates that can include each other (`{{> name}}`, `{{<name}}`).
struct MustacheLibrary: Sendable {
    /// Every registered template, compiled into one program; `entries` says where each one starts.
    private var program = MustacheProgram()
    private var entries: [String: Range<Int>] = [:]

    mutating func register(_ template: MustacheTemplate, named name: String) {
        entries[name] = program.append(template.nodes)
    }

    func hasTemplate(named name: String) -> Bool {
        entries[name] != nil
    }

    /// The template rendered with `context` (dictionaries, arrays, strings, numbers and booleans);
    /// nil when there is no such template.
    func render(_ context: Any, withTemplate name: String) -> String? {
        renderBytes(context, withTemplate: name).map { String(decoding: $0, as: UTF8.self) }
    }

    /// `render` as UTF-8 bytes.
    func renderBytes(_ context: Any, withTemplate name: String) -> [UInt8]? {
        guard let entry = entries[name] else { return nil }
        var out: [UInt8] = []
        out.reserveCapacity(16_384)
        program.ops.withUnsafeBufferPointer { ops in
            program.text.withUnsafeBufferPointer { text in
                program.keys.withUnsafeBufferPointer { keys in
                    var renderer = MustacheRenderer(
                        program: program, entries: entries, ops: ops, text: text, keys: keys, root: context)
                    renderer.render(entry, into: &out)
                }
            }
        }
        return out
    }
}

/// Templates compiled to a flat list of operations. Rendering walks it by index and copies text from
/// one byte buffer, so it retains no node, name or text while it runs: on a site rendered on every
/// core, the reference counts of shared template nodes were contended by all of them.
struct MustacheProgram: Sendable {
    struct Operation: Sendable {
        enum Kind: UInt8, Sendable {
            /// `text[a..<a + b]`.
            case text
            /// A value; `flag`: escaped.
            case variable
            /// A section whose body is the operations up to `b`; `flag`: inverted.
            case section
            /// A partial named `strings[a]`, whose block overrides (if any) are the operations up to `b`;
            /// `flag`: dynamic; `c`: its indentation in `strings`, or -1; `d`: its blocks in `blockTables`, or -1.
            case partial
            /// `{{$name}}`: the override of block `strings[a]`, else the operations up to `b`; `c`: its indentation.
            case blockExpansion
            /// A block's content inside a parent tag, up to `b`: only run through its parent.
            case blockDefinition
            /// `flag`: whether variables are escaped from here on.
            case contentType
        }

        var kind: Kind
        var flag = false
        /// For variables and sections: whether the name is plain or dotted (no transforms, not anchored), so
        /// its parts `keys[c..<c + d]` are all there is to it; otherwise `names[a]` says what it is.
        var simple = false
        var a: Int32 = 0
        var b: Int32 = 0
        var c: Int32 = 0
        var d: Int32 = 0
    }

    private(set) var ops: [Operation] = []
    private(set) var text: [UInt8] = []
    /// The parts of simple names, laid end to end.
    private(set) var keys: [String] = []
    private(set) var names: [MustacheTemplate.Name] = []
    private(set) var strings: [String] = []
    private(set) var blockTables: [[String: Range<Int>]] = []

    /// Compiles `nodes` to the end of the program; the range of operations they became.
    mutating func append(_ nodes: [MustacheTemplate.Node]) -> Range<Int> {
        let start = ops.count
        for node in nodes { emit(node) }
        return start..<ops.count
    }

    private mutating func emit(_ node: MustacheTemplate.Node) {
        switch node {
        case .text(let string):
            let start = text.count
            text.append(contentsOf: string.utf8)
            ops.append(Operation(kind: .text, a: Int32(start), b: Int32(text.count - start)))
        case .variable(let name, let escaped):
            ops.append(named(name, kind: .variable, flag: escaped))
        case .section(let name, let nodes, let inverted):
            let at = ops.count
            ops.append(named(name, kind: .section, flag: inverted))
            ops[at].b = Int32(append(nodes).upperBound)
        case .partial(let name, let dynamic, let indentation, let blocks):
            let at = ops.count
            let nameIndex = string(name)
            let indentationIndex = indentation.map { string($0) } ?? -1
            ops.append(Operation(kind: .partial, flag: dynamic, a: nameIndex, c: indentationIndex, d: -1))
            if let blocks {
                var table: [String: Range<Int>] = [:]
                for (block, nodes) in blocks.sorted(by: { $0.key < $1.key }) { table[block] = append(nodes) }
                ops[at].d = Int32(blockTables.count)
                blockTables.append(table)
            }
            ops[at].b = Int32(ops.count)
        case .blockExpansion(let name, let nodes, let indentation):
            let at = ops.count
            ops.append(Operation(kind: .blockExpansion, a: string(name), c: string(indentation)))
            ops[at].b = Int32(append(nodes).upperBound)
        case .blockDefinition(_, let nodes):
            let at = ops.count
            ops.append(Operation(kind: .blockDefinition))
            ops[at].b = Int32(append(nodes).upperBound)
        case .contentType(let escapes):
            ops.append(Operation(kind: .contentType, flag: escapes))
        }
    }

    private mutating func named(_ name: MustacheTemplate.Name, kind: Operation.Kind, flag: Bool) -> Operation {
        var op = Operation(kind: kind, flag: flag, a: Int32(names.count))
        names.append(name)
        if name.transforms.isEmpty, !name.text.hasPrefix("."), !name.parts.isEmpty {
            op.simple = true
            op.c = Int32(keys.count)
            op.d = Int32(name.parts.count)
            keys.append(contentsOf: name.parts)
        }
        return op
    }

    private mutating func string(_ value: String) -> Int32 {
        strings.append(value)
        return Int32(strings.count - 1)
    }
}

/// The position of the current item in the list a section iterates (`first()`, `last()`, `index()`).
private struct SequencePosition {
    var first: Bool
    var last: Bool
    var index: Int

    /// Item `index` of a list of `count`.
    init(_ count: Int, _ index: Int) {
        (first, last, self.index) = (index == 0, index == count - 1, index)
    }

    func transform(_ name: String) -> Any? {
        switch name {
        case "first": first
        case "last": last
        case "index": index
        case "even": index & 1 == 0
        case "odd": index & 1 == 1
        default: nil
        }
    }
}

/// Renders a compiled program with a context stack that sections push onto and pop, writing UTF-8
/// into one buffer. Lookups go innermost first, as the spec says; values are read by their concrete
/// types (no protocol casts), which is where the speed comes from.
private struct MustacheRenderer {
    typealias Operation = MustacheProgram.Operation
    let program: MustacheProgram
    let entries: [String: Range<Int>]
    /// `program`'s buffers, borrowed for the length of the render.
    let ops: UnsafeBufferPointer<Operation>
    let text: UnsafeBufferPointer<UInt8>
    let keys: UnsafeBufferPointer<String>
    var stack: [Any]
    /// The stack's dictionaries, cast once when pushed (nil for other values), so that a name looked up
    /// through many levels costs a hash lookup per level and no dynamic cast.
    var frames: [[String: Any]?]
    var sequence: SequencePosition?
    var indentation: String?
    var inherited: [String: Range<Int>]?
    var escapes = true
    /// Partials being rendered inside each other; a dynamic partial could otherwise recurse for ever.
    var depth = 0

    init(
        program: MustacheProgram, entries: [String: Range<Int>], ops: UnsafeBufferPointer<Operation>,
        text: UnsafeBufferPointer<UInt8>, keys: UnsafeBufferPointer<String>, root: Any
    ) {
        (self.program, self.entries, self.ops, self.text, self.keys) = (program, entries, ops, text, keys)
        self.stack = [root]
        self.frames = [Self.dictionary(root)]
    }

    /// The operations in `range`, each followed by its body.
    mutating func render(_ range: Range<Int>, into out: inout [UInt8]) {
        var index = range.lowerBound
        guard let indentation, !indentation.isEmpty else {
            while index < range.upperBound { index = render(at: index, into: &out) }
            return
        }
        // Inside an indented partial, every line it starts gets the partial's indentation.
        let start = out.count
        while index < range.upperBound {
            let mark = out.count
            let afterNewline = mark > start && out[mark - 1] == UInt8(ascii: "\n")
            index = render(at: index, into: &out)
            if afterNewline && out.count > mark { out.insert(contentsOf: indentation.utf8, at: mark) }
        }
    }

    /// Renders the operation at `index`; the index of the one after it and its body.
    private mutating func render(at index: Int, into out: inout [UInt8]) -> Int {
        let op = ops[index]
        switch op.kind {
        case .text:
            out.append(contentsOf: UnsafeBufferPointer(rebasing: text[Int(op.a)..<Int(op.a + op.b)]))
            return index + 1

        case .variable:
            guard let value = lookup(op) else { return index + 1 }
            let text = Self.text(of: value)
            if op.flag && escapes { HTML.appendEscaped(text, to: &out) } else { out.append(contentsOf: text.utf8) }
            return index + 1

        case .section:
            let value = lookup(op)
            let body = index + 1..<Int(op.b)
            if op.flag { renderInverted(value, body, into: &out) } else { renderSection(value, body, into: &out) }
            return Int(op.b)

        case .partial:
            let name = program.strings[Int(op.a)]
            let templateName = op.flag ? lookup(MustacheTemplate.Name(name, transforms: [])) as? String : name
            guard let templateName, let entry = entries[templateName], depth < 64 else { return Int(op.b) }
            depth += 1
            defer { depth -= 1 }
            let saved = (sequence, indentation, inherited, escapes)
            sequence = nil
            if op.c >= 0 { indentation = (indentation ?? "") + program.strings[Int(op.c)] }
            if op.d >= 0 {
                inherited = (inherited ?? [:]).merging(program.blockTables[Int(op.d)]) { outer, _ in outer }
            }
            escapes = true
            render(entry, into: &out)
            (sequence, indentation, inherited, escapes) = saved
            return Int(op.b)

        case .blockExpansion:
            let saved = (sequence, indentation)
            sequence = nil
            indentation = (indentation ?? "") + program.strings[Int(op.c)]
            render(inherited?[program.strings[Int(op.a)]] ?? index + 1..<Int(op.b), into: &out)
            (sequence, indentation) = saved
            return Int(op.b)

        case .blockDefinition:
            return Int(op.b)  // only read by the parent tag that holds it

        case .contentType:
            escapes = op.flag
            return index + 1
        }
    }

    private mutating func renderSection(_ value: Any?, _ body: Range<Int>, into out: inout [UInt8]) {
        guard let value else { return }
        // A list of dictionaries, the usual case, is walked as it is: read as `[Any]` it would be
        // converted element by element into a new array at every section.
        if type(of: value) == [[String: Any]].self {
            let list = value as! [[String: Any]]
            for (index, item) in list.enumerated() {
                render(body, with: item, frame: item, at: SequencePosition(list.count, index), into: &out)
            }
        } else if type(of: value) == Bool.self {
            if value as! Bool { render(body, into: &out) }
        } else if type(of: value) == String.self {
            render(body, with: value, frame: nil, at: nil, into: &out)
        } else if let list = Self.list(value) {
            for (index, item) in list.enumerated() {
                render(body, with: item, at: SequencePosition(list.count, index), into: &out)
            }
        } else if type(of: value) == [String: Any].self {
            render(body, with: value, frame: (value as! [String: Any]), at: nil, into: &out)
        } else if let flag = value as? Bool {
            if flag { render(body, into: &out) }
        } else {
            render(body, with: value, at: nil, into: &out)
        }
    }

    private mutating func renderInverted(_ value: Any?, _ body: Range<Int>, into out: inout [UInt8]) {
        guard let value else { return render(body, into: &out) }
        if type(of: value) == Bool.self {
            if !(value as! Bool) { render(body, into: &out) }
        } else if type(of: value) == [[String: Any]].self {
            if (value as! [[String: Any]]).isEmpty { render(body, with: value, at: nil, into: &out) }
        } else if let list = Self.list(value) {
            guard list.isEmpty else { return }
            render(body, with: value, at: nil, into: &out)
        } else if let flag = value as? Bool, !flag {
            render(body, into: &out)
        }
    }

    /// `body` with `value` pushed on the stack and `position` as the list position, both undone after.
    private mutating func render(_ body: Range<Int>, with value: Any, at position: SequencePosition?, into out: inout [UInt8]) {
        render(body, with: value, frame: Self.dictionary(value), at: position, into: &out)
    }

    /// `render(_:with:at:into:)` with the value's dictionary, when it is one, already cast.
    private mutating func render(
        _ body: Range<Int>, with value: Any, frame: [String: Any]?, at position: SequencePosition?, into out: inout [UInt8]
    ) {
        let saved = sequence
        sequence = position
        stack.append(value)
        frames.append(frame)
        render(body, into: &out)
        stack.removeLast()
        frames.removeLast()
        sequence = saved
    }

    // MARK: - Values

    /// The value the name of a variable or section operation refers to.
    private func lookup(_ op: Operation) -> Any? {
        guard op.simple else { return lookup(program.names[Int(op.a)]) }
        let first = Int(op.c)
        guard var value = find(keys[first]) else { return nil }
        for part in first + 1..<first + Int(op.d) {
            guard let child = Self.child(keys[part], of: value) else { return nil }
            value = child
        }
        return value
    }

    /// The value a name refers to: the first object up the stack that has its first part, then the
    /// rest of the parts inside it, then the transforms, innermost first.
    private func lookup(_ name: MustacheTemplate.Name) -> Any? {
        var value: Any?
        if name.isCurrent {
            value = stack.last
        } else if name.isSequenceTest {
            value = sequence.map { $0 as Any }
        } else if name.isAnchored {
            value = stack.last
            for part in name.parts { value = value.flatMap { Self.child(part, of: $0) } }
        } else if name.parts.isEmpty {
            value = stack.last
        } else if let first = name.parts.first {
            value = find(first)
            for part in name.parts.dropFirst() { value = value.flatMap { Self.child(part, of: $0) } }
        }
        guard var result = value else { return nil }
        for transform in name.transforms.reversed() {
            guard let transformed = Self.transform(result, transform) else { return nil }
            result = transformed
        }
        return result
    }

    /// The first object up the stack that has `key`.
    private func find(_ key: String) -> Any? {
        var level = stack.count - 1
        while level >= 0 {
            if let frame = frames[level] {
                if let found = frame[key] { return found }
            } else if let found = Self.child(key, of: stack[level]) {
                return found
            }
            level -= 1
        }
        return nil
    }

    /// The value as `[String: Any]` when it is one, without converting other dictionary types.
    private static func dictionary(_ value: Any) -> [String: Any]? {
        type(of: value) == [String: Any].self ? (value as! [String: Any]) : nil
    }

    private static func child(_ name: String, of object: Any) -> Any? {
        // The exact types first: a cast to `[String: Any]` from another dictionary type (a literal of
        // strings is a `[String: String]`) would convert the whole dictionary at every lookup.
        if let dictionary = Self.dictionary(object) { return dictionary[name] }
        if type(of: object) == [String: String].self { return (object as! [String: String])[name] }
        if let dictionary = object as? [String: Any] { return dictionary[name] }
        if object is String || object is Int || object is Bool || list(object) != nil { return nil }
        return Mirror(reflecting: object).children.first { $0.label == name }?.value
    }

    /// The items of a list value, or nil when it is not a list.
    private static func list(_ value: Any) -> [Any]? {
        let type = type(of: value)
        if type == String.self || type == [String: Any].self || type == Bool.self || type == Int.self { return nil }
        if let items = value as? [[String: Any]] { return items }
        if let items = value as? [String] { return items }
        if let items = value as? [Any] { return items }
        return nil
    }

    private static func text(of value: Any) -> String {
        // The exact types first: a failing cast costs more than a successful one.
        let type = type(of: value)
        if type == String.self { return value as! String }
        if type == Int.self { return String(value as! Int) }
        if type == Bool.self { return (value as! Bool) ? "true" : "false" }
        if let text = value as? String { return text }
        if let number = value as? Int { return String(number) }
        if let flag = value as? Bool { return flag ? "true" : "false" }
        return String(describing: value)
    }

    private static func transform(_ value: Any, _ name: String) -> Any? {
        // A list of dictionaries (`empty(people)`) first, by its exact type: a failing cast costs more
        // than a successful one, and the casts below would all fail for it.
        if type(of: value) == [[String: Any]].self { return listTransform(value as! [[String: Any]], name, of: value) }
        if let position = value as? SequencePosition { return position.transform(name) }
        if let text = value as? String {
            switch name {
            case "empty": return text.isEmpty
            case "capitalized": return text.capitalized
            case "lowercased": return text.lowercased()
            case "uppercased": return text.uppercased()
            case "reversed": return String(text.reversed())
            default: return nil
            }
        }
        if let number = value as? Int {
            switch name {
            case "equalzero": return number == 0
            case "plusone": return number + 1
            case "minusone": return number - 1
            case "even": return number & 1 == 0
            case "odd": return number & 1 == 1
            default: return nil
            }
        }
        if let items = list(value) { return listTransform(items, name, of: value) }
        if let dictionary = value as? [String: Any] {
            switch name {
            case "count": return dictionary.count
            case "empty": return dictionary.isEmpty
            case "sorted", "enumerated":
                return dictionary.sorted { $0.key < $1.key }.map { ["key": $0.key, "value": $0.value] as [String: Any] }
            default: return nil
            }
        }
        return nil
    }

    /// A transform of a list; `value` is the list as the context holds it (for `sorted`).
    private static func listTransform<Item>(_ items: [Item], _ name: String, of value: Any) -> Any? {
        switch name {
        case "first": return items.first
        case "last": return items.last
        case "reversed": return Array(items.reversed())
        case "count": return items.count
        case "empty": return items.isEmpty
        case "sorted":
            if let strings = value as? [String] { return strings.sorted() }
            if let numbers = value as? [Int] { return numbers.sorted() }
            return nil
        default: return nil
        }
    }
}
