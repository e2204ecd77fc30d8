import BriefingCore
import Foundation

/// Named templates that can include each other (`{{> name}}`, `{{<name}}`).
struct MustacheLibrary: Sendable {
    private(set) var templates: [String: MustacheTemplate] = [:]

    mutating func register(_ template: MustacheTemplate, named name: String) {
        templates[name] = template
    }

    func template(named name: String) -> MustacheTemplate? {
        templates[name]
    }

    /// The template rendered with `context` (dictionaries, arrays, strings, numbers and booleans);
    /// nil when there is no such template.
    func render(_ context: Any, withTemplate name: String) -> String? {
        renderBytes(context, withTemplate: name).map { String(decoding: $0, as: UTF8.self) }
    }

    /// `render` as UTF-8 bytes.
    func renderBytes(_ context: Any, withTemplate name: String) -> [UInt8]? {
        guard let template = templates[name] else { return nil }
        var renderer = MustacheRenderer(library: self, root: context)
        var out: [UInt8] = []
        out.reserveCapacity(16_384)
        renderer.render(template.nodes, into: &out)
        return out
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

/// Renders nodes with a context stack that sections push onto and pop, writing UTF-8 into one buffer.
/// Lookups go innermost first, as the spec says; values are read by their concrete types (no
/// protocol casts), which is where the speed comes from.
private struct MustacheRenderer {
    let library: MustacheLibrary
    var stack: [Any]
    /// The stack's dictionaries, cast once when pushed (nil for other values), so that a name looked up
    /// through many levels costs a hash lookup per level and no dynamic cast.
    var frames: [[String: Any]?]
    var sequence: SequencePosition?
    var indentation: String?
    var inherited: [String: [MustacheTemplate.Node]]?
    var escapes = true
    /// Partials being rendered inside each other; a dynamic partial could otherwise recurse for ever.
    var depth = 0

    init(library: MustacheLibrary, root: Any) {
        self.library = library
        self.stack = [root]
        self.frames = [Self.dictionary(root)]
    }

    mutating func render(_ nodes: [MustacheTemplate.Node], into out: inout [UInt8]) {
        let start = out.count
        guard let indentation, !indentation.isEmpty else {
            for node in nodes { render(node, into: &out) }
            return
        }
        // Inside an indented partial, every line it starts gets the partial's indentation.
        for node in nodes {
            let mark = out.count
            let afterNewline = mark > start && out[mark - 1] == UInt8(ascii: "\n")
            render(node, into: &out)
            if afterNewline && out.count > mark { out.insert(contentsOf: indentation.utf8, at: mark) }
        }
    }

    private mutating func render(_ node: MustacheTemplate.Node, into out: inout [UInt8]) {
        switch node {
        case .text(let text):
            out.append(contentsOf: text.utf8)

        case .variable(let name, let escaped):
            guard let value = lookup(name) else { return }
            let text = Self.text(of: value)
            if escaped && escapes { HTML.appendEscaped(text, to: &out) } else { out.append(contentsOf: text.utf8) }

        case .section(let name, let nodes, let inverted):
            let value = lookup(name)
            if inverted { renderInverted(value, nodes, into: &out) } else { renderSection(value, nodes, into: &out) }

        case .partial(let name, let dynamic, let indented, let blocks):
            let templateName = dynamic ? lookup(MustacheTemplate.Name(name, transforms: [])) as? String : name
            guard let templateName, let template = library.template(named: templateName), depth < 64 else { return }
            depth += 1
            defer { depth -= 1 }
            let saved = (sequence, indentation, inherited, escapes)
            sequence = nil
            if let indented { indentation = (indentation ?? "") + indented }
            if let blocks { inherited = (inherited ?? [:]).merging(blocks) { outer, _ in outer } }
            escapes = true
            render(template.nodes, into: &out)
            (sequence, indentation, inherited, escapes) = saved

        case .blockExpansion(let name, let defaultNodes, let indented):
            let saved = (sequence, indentation)
            sequence = nil
            indentation = (indentation ?? "") + indented
            render(inherited?[name] ?? defaultNodes, into: &out)
            (sequence, indentation) = saved

        case .blockDefinition:
            break  // only read by the parent tag that holds it

        case .contentType(let escapes):
            self.escapes = escapes
        }
    }

    private mutating func renderSection(_ value: Any?, _ nodes: [MustacheTemplate.Node], into out: inout [UInt8]) {
        guard let value else { return }
        // A list of dictionaries, the usual case, is walked as it is: read as `[Any]` it would be
        // converted element by element into a new array at every section.
        if type(of: value) == [[String: Any]].self {
            let list = value as! [[String: Any]]
            for (index, item) in list.enumerated() {
                render(nodes, with: item, frame: item, at: SequencePosition(list.count, index), into: &out)
            }
        } else if let list = Self.list(value) {
            for (index, item) in list.enumerated() {
                render(nodes, with: item, at: SequencePosition(list.count, index), into: &out)
            }
        } else if type(of: value) == [String: Any].self {
            render(nodes, with: value, frame: (value as! [String: Any]), at: nil, into: &out)
        } else if let flag = value as? Bool {
            if flag { render(nodes, into: &out) }
        } else {
            render(nodes, with: value, at: nil, into: &out)
        }
    }

    private mutating func renderInverted(_ value: Any?, _ nodes: [MustacheTemplate.Node], into out: inout [UInt8]) {
        guard let value else { return render(nodes, into: &out) }
        if type(of: value) == [[String: Any]].self {
            if (value as! [[String: Any]]).isEmpty { render(nodes, with: value, at: nil, into: &out) }
        } else if let list = Self.list(value) {
            guard list.isEmpty else { return }
            render(nodes, with: value, at: nil, into: &out)
        } else if let flag = value as? Bool, !flag {
            render(nodes, into: &out)
        }
    }

    /// `nodes` with `value` pushed on the stack and `position` as the list position, both undone after.
    private mutating func render(
        _ nodes: [MustacheTemplate.Node], with value: Any, at position: SequencePosition?, into out: inout [UInt8]
    ) {
        render(nodes, with: value, frame: Self.dictionary(value), at: position, into: &out)
    }

    /// `render(_:with:at:into:)` with the value's dictionary, when it is one, already cast.
    private mutating func render(
        _ nodes: [MustacheTemplate.Node], with value: Any, frame: [String: Any]?, at position: SequencePosition?,
        into out: inout [UInt8]
    ) {
        let saved = sequence
        sequence = position
        stack.append(value)
        frames.append(frame)
        render(nodes, into: &out)
        stack.removeLast()
        frames.removeLast()
        sequence = saved
    }

    // MARK: - Values

    /// The value a name refers to: the first object up the stack that has its first part, then the
    /// rest of the parts inside it, then the transforms, innermost first.
    private func lookup(_ name: MustacheTemplate.Name) -> Any? {
        if let plain = name.plain { return find(plain) }
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
        if type(of: value) == String.self { return value as! String }
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
