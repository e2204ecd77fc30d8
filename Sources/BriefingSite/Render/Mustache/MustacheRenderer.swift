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
    func render(_ context: [String: Any], withTemplate name: String) -> String? {
        render(TemplateObject(context), withTemplate: name)
    }

    func render(_ context: TemplateObject, withTemplate name: String) -> String? {
        withRenderedBytes(context, template: name) { String(decoding: $0, as: UTF8.self) }
    }

    /// `body` of the rendered UTF-8, read where the renderer wrote it (valid only inside `body`).
    func withRenderedBytes<R>(_ context: TemplateObject, template name: String, _ body: (UnsafeBufferPointer<UInt8>) -> R) -> R? {
        guard let entry = entries[name] else { return nil }
        var out = OutputBuffer(capacity: 16_384)
        program.ops.withUnsafeBufferPointer { ops in
            program.text.withUnsafeBufferPointer { text in
                program.keys.withUnsafeBufferPointer { keys in
                    var renderer = MustacheRenderer(
                        program: program, entries: entries, ops: ops, text: text, keys: keys, root: .object(context))
                    renderer.render(entry, into: &out)
                }
            }
        }
        return out.withBytes(body)
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
    private(set) var keys: [TemplateName] = []
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
            keys.append(contentsOf: name.keys)
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

    func transform(_ name: String) -> TemplateValue? {
        switch name {
        case "first": .bool(first)
        case "last": .bool(last)
        case "index": .int(index)
        case "even": .bool(index & 1 == 0)
        case "odd": .bool(index & 1 == 1)
        default: nil
        }
    }
}

/// Renders a compiled program with a context stack that sections push onto and pop, writing UTF-8
/// into one buffer. Lookups go innermost first, as the spec says.
private struct MustacheRenderer {
    typealias Operation = MustacheProgram.Operation
    let program: MustacheProgram
    let entries: [String: Range<Int>]
    /// `program`'s buffers, borrowed for the length of the render.
    let ops: UnsafeBufferPointer<Operation>
    let text: UnsafeBufferPointer<UInt8>
    let keys: UnsafeBufferPointer<TemplateName>
    var stack: [TemplateValue]
    /// The fields of each object on `stack` (nil for other values), which `find` reads in place: reading
    /// an object out of the stack retained and released its fields at every level a lookup passed.
    var levels: [UnsafeBufferPointer<TemplateObject.Field>?]
    var sequence: SequencePosition?
    var indentation: String?
    var inherited: [String: Range<Int>]?
    var escapes = true
    /// Partials being rendered inside each other; a dynamic partial could otherwise recurse for ever.
    var depth = 0

    init(
        program: MustacheProgram, entries: [String: Range<Int>], ops: UnsafeBufferPointer<Operation>,
        text: UnsafeBufferPointer<UInt8>, keys: UnsafeBufferPointer<TemplateName>, root: TemplateValue
    ) {
        (self.program, self.entries, self.ops, self.text, self.keys) = (program, entries, ops, text, keys)
        self.stack = [root]
        self.levels = [root.unsafeFields]
        stack.reserveCapacity(16)
        levels.reserveCapacity(16)
    }

    /// The operations in `range`, each followed by its body.
    mutating func render(_ range: Range<Int>, into out: inout OutputBuffer) {
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
            if afterNewline && out.count > mark { out.insert(indentation, at: mark) }
        }
    }

    /// Renders the operation at `index`; the index of the one after it and its body.
    private mutating func render(at index: Int, into out: inout OutputBuffer) -> Int {
        let op = ops[index]
        switch op.kind {
        case .text:
            out.append(UnsafeBufferPointer(rebasing: text[Int(op.a)..<Int(op.a + op.b)]))
            return index + 1

        case .variable:
            if op.simple, op.d == 1, let key = keys[Int(op.c)].key {
                // A plain name, the usual variable: written from where it is stored, not copied out.
                if let field = find(key) { Self.write(field.pointee.value, escaped: op.flag && escapes, into: &out) }
                return index + 1
            }
            guard let value = lookup(op) else { return index + 1 }
            Self.write(value, escaped: op.flag && escapes, into: &out)
            return index + 1

        case .section:
            let value = lookup(op)
            let body = index + 1..<Int(op.b)
            if op.flag { renderInverted(value, body, into: &out) } else { renderSection(value, body, into: &out) }
            return Int(op.b)

        case .partial:
            let name = program.strings[Int(op.a)]
            var templateName: String? = name
            if op.flag {
                if case .string(let dynamic) = lookup(MustacheTemplate.Name(name, transforms: [])) {
                    templateName = dynamic
                } else {
                    templateName = nil
                }
            }
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

    /// A section: once for a true value, once per item of a list, and once with any other value on
    /// the stack (empty strings and zero included, as swift-mustache does).
    private mutating func renderSection(_ value: TemplateValue?, _ body: Range<Int>, into out: inout OutputBuffer) {
        guard let value else { return }
        switch value {
        case .objects(let list):
            for (index, item) in list.enumerated() {
                render(body, with: .object(item), at: SequencePosition(list.count, index), into: &out)
            }
        case .list(let list):
            for (index, item) in list.enumerated() {
                render(body, with: item, at: SequencePosition(list.count, index), into: &out)
            }
        case .bool(let flag):
            if flag { render(body, into: &out) }
        case .string, .int, .double, .object:
            render(body, with: value, at: nil, into: &out)
        }
    }

    /// An inverted section: once for a missing or false value or an empty list.
    private mutating func renderInverted(_ value: TemplateValue?, _ body: Range<Int>, into out: inout OutputBuffer) {
        guard let value else { return render(body, into: &out) }
        switch value {
        case .bool(let flag):
            if !flag { render(body, into: &out) }
        case .objects(let list):
            if list.isEmpty { render(body, with: value, at: nil, into: &out) }
        case .list(let list):
            if list.isEmpty { render(body, with: value, at: nil, into: &out) }
        case .string, .int, .double, .object:
            return
        }
    }

    /// `body` with `value` pushed on the stack and `position` as the list position, both undone after.
    private mutating func render(_ body: Range<Int>, with value: TemplateValue, at position: SequencePosition?, into out: inout OutputBuffer) {
        let saved = sequence
        sequence = position
        stack.append(value)
        levels.append(value.unsafeFields)
        render(body, into: &out)
        levels.removeLast()
        stack.removeLast()
        sequence = saved
    }

    // MARK: - Values

    /// The value the name of a variable or section operation refers to.
    private func lookup(_ op: Operation) -> TemplateValue? {
        guard op.simple else { return lookup(program.names[Int(op.a)]) }
        let first = Int(op.c)
        guard var value = find(keys[first]) else { return nil }
        for part in first + 1..<first + Int(op.d) {
            guard let child = value.field(keys[part]) else { return nil }
            value = child
        }
        return value
    }

    /// The value a name refers to: the first object up the stack that has its first part, then the
    /// rest of the parts inside it, then the transforms, innermost first.
    private func lookup(_ name: MustacheTemplate.Name) -> TemplateValue? {
        var value: TemplateValue?
        var transforms = name.transforms[...]
        if name.isCurrent {
            value = stack.last
        } else if name.isSequenceTest {
            // `last()`: the innermost transform reads the list position itself.
            guard let sequence, let innermost = transforms.popLast() else { return nil }
            value = sequence.transform(innermost)
        } else if name.isAnchored {
            value = stack.last
            for part in name.keys { value = value?.field(part) }
        } else if name.keys.isEmpty {
            value = stack.last
        } else if let first = name.keys.first {
            value = find(first)
            for part in name.keys.dropFirst() { value = value?.field(part) }
        }
        guard var result = value else { return nil }
        for transform in transforms.reversed() {
            guard let transformed = Self.transform(result, transform) else { return nil }
            result = transformed
        }
        return result
    }

    /// The first object up the stack that has `name`.
    private func find(_ name: TemplateName) -> TemplateValue? {
        guard let key = name.key else {
            // A name outside `TemplateKey`: only objects converted from `[String: Any]` have one.
            return stack.withUnsafeBufferPointer { stack in
                for level in stack.indices.reversed() { if let found = stack[level].field(name) { return found } }
                return nil
            }
        }
        return find(key)?.pointee.value
    }

    /// The field of the first object up the stack that has `key`, in place.
    private func find(_ key: TemplateKey) -> UnsafePointer<TemplateObject.Field>? {
        levels.withUnsafeBufferPointer { levels in
            var level = levels.count - 1
            while level >= 0 {
                if let fields = levels[level] {
                    for index in 0..<fields.count where fields[index].key == key { return fields.baseAddress! + index }
                }
                level -= 1
            }
            return nil
        }
    }

    /// A variable's value as text, escaped or not.
    private static func write(_ value: TemplateValue, escaped: Bool, into out: inout OutputBuffer) {
        let text = text(of: value)
        if escaped { out.appendEscaped(text) } else { out.append(text) }
    }

    private static func text(of value: TemplateValue) -> String {
        switch value {
        case .string(let text): text
        case .int(let number): String(number)
        case .bool(let flag): flag ? "true" : "false"
        case .double(let number): String(describing: number)
        case .list(let items): "[" + items.map(description).joined(separator: ", ") + "]"
        case .objects(let objects): "[" + objects.map { description(.object($0)) }.joined(separator: ", ") + "]"
        case .object(let object):
            object.isEmpty ? "[:]" : "[" + object.sortedPairs.map { "\"\($0.name)\": \(description($0.value))" }.joined(separator: ", ") + "]"
        }
    }

    /// A value inside a list or object shown as text, the way Swift prints collections.
    private static func description(_ value: TemplateValue) -> String {
        if case .string(let text) = value { return "\"\(text)\"" }
        return text(of: value)
    }

    private static func transform(_ value: TemplateValue, _ name: String) -> TemplateValue? {
        switch value {
        case .string(let text):
            switch name {
            case "empty": return .bool(text.isEmpty)
            case "capitalized": return .string(text.capitalized)
            case "lowercased": return .string(text.lowercased())
            case "uppercased": return .string(text.uppercased())
            case "reversed": return .string(String(text.reversed()))
            default: return nil
            }
        case .int(let number):
            switch name {
            case "equalzero": return .bool(number == 0)
            case "plusone": return .int(number + 1)
            case "minusone": return .int(number - 1)
            case "even": return .bool(number & 1 == 0)
            case "odd": return .bool(number & 1 == 1)
            default: return nil
            }
        case .objects(let objects):
            switch name {
            case "first": return objects.first.map(TemplateValue.object)
            case "last": return objects.last.map(TemplateValue.object)
            case "reversed": return .objects(objects.reversed())
            case "count": return .int(objects.count)
            case "empty": return .bool(objects.isEmpty)
            case "sorted": return objects.isEmpty ? .list([]) : nil
            default: return nil
            }
        case .list(let items):
            switch name {
            case "first": return items.first
            case "last": return items.last
            case "reversed": return .list(items.reversed())
            case "count": return .int(items.count)
            case "empty": return .bool(items.isEmpty)
            case "sorted": return sorted(items)
            default: return nil
            }
        case .object(let object):
            switch name {
            case "count": return .int(object.count)
            case "empty": return .bool(object.isEmpty)
            case "sorted", "enumerated":
                return .objects(object.sortedPairs.map { [.key: .string($0.name), .value: $0.value] })
            default: return nil
            }
        case .bool, .double:
            return nil
        }
    }

    /// A list of strings or of numbers, sorted; nil for other lists.
    private static func sorted(_ items: [TemplateValue]) -> TemplateValue? {
        var strings: [String] = []
        var numbers: [Int] = []
        for item in items {
            switch item {
            case .string(let text) where numbers.isEmpty: strings.append(text)
            case .int(let number) where strings.isEmpty: numbers.append(number)
            default: return nil
            }
        }
        return strings.isEmpty ? .list(numbers.sorted().map(TemplateValue.int)) : .list(strings.sorted().map(TemplateValue.string))
    }
}
