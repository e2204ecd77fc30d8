import BriefingCore
import CLibYAML

/// Reads YAML (and JSON, which the same parser accepts) into `FieldValue`s with source positions,
/// straight from libyaml's events. The only file that calls libyaml.
///
/// Every scalar is text, typed later by its field: `no`, `on`, `0123` and `1:30` stay strings and
/// dates are never read as timestamps. Only plain `~`, `null` and empty values (or a `!!null` tag)
/// are null. Aliases are expanded, within a budget of values that stops alias bombs.
///
/// Briefing used to compose a Yams `Node` tree and convert it. Building that tree (an object per
/// event, a tag object per node, a duplicate-key check that hashed nodes) cost four times libyaml's
/// own parsing, and reading YAML was an eighth of a build at M.
enum YAMLReader {
    /// Bounds that stop alias bombs ("billion laughs") and absurd nesting before they cost time or stack.
    static let maximumNodes = 200_000
    static let maximumDepth = 64

    /// Parses one YAML document. `lineOffset` shifts positions for front matter inside a larger file.
    static func read(_ text: String, file: String, lineOffset: Int = 0) -> Result<FieldValue, Diagnostic> {
        if let problem = nestingProblem(in: text, file: file, lineOffset: lineOffset) {
            return .failure(problem)
        }
        var text = text
        return text.withUTF8 { bytes in
            var reader = EventReader(file: file, lineOffset: lineOffset)
            return reader.read(bytes)
        }
    }

    /// A collection being read: its items (or pairs) so far.
    private struct Frame {
        let isMapping: Bool
        let location: SourceLocation
        let anchor: String?
        /// The budget when it started, so an anchor knows how many values it expands to.
        let budgetAtStart: Int
        var items: [FieldValue] = []
        var pairs: [(key: String, value: FieldValue)] = []
        /// A mapping's key waiting for its value.
        var key: (text: String, location: SourceLocation)?
        /// A large mapping's keys, for the duplicate check (a small one searches its pairs).
        var seenKeys: Set<String>?
        /// How many levels nest below it: 1 for a list of scalars.
        var height = 0

        /// Records a mapping's key; false when it has it already. Mappings are mostly a few keys, which a
        /// search finds sooner than a set hashes them; one past `setThreshold` keys gets a set.
        mutating func insertKey(_ key: String) -> Bool {
            if seenKeys == nil {
                if pairs.count < Self.setThreshold { return !pairs.contains { $0.key == key } }
                seenKeys = Set(pairs.map(\.key))
            }
            return seenKeys!.insert(key).inserted
        }

        static let setThreshold = 16

        /// Takes a finished item, or the value of the key waiting for one.
        mutating func add(_ value: FieldValue, height: Int) {
            self.height = max(self.height, height + 1)
            if isMapping, let key {
                pairs.append((key.text, value))
                self.key = nil
            } else {
                items.append(value)
            }
        }
    }

    /// A value an anchor names: what it expands to, how many values that is, and how deep it nests.
    private struct Anchored {
        let value: FieldValue
        /// The key text when it is a scalar (a null keeps the text it was written with).
        let keyText: String
        let count: Int
        let height: Int
    }

    private struct EventReader {
        let file: String
        let lineOffset: Int
        var frames: [Frame] = []
        var anchors: [String: Anchored] = [:]
        var budget = maximumNodes
        var root: FieldValue?
        var documents = 0

        init(file: String, lineOffset: Int) {
            self.file = file
            self.lineOffset = lineOffset
        }

        func location(_ mark: yaml_mark_t) -> SourceLocation {
            SourceLocation(file: file, line: Int(mark.line) + 1 + lineOffset, column: Int(mark.column) + 1)
        }

        mutating func read(_ bytes: UnsafeBufferPointer<UInt8>) -> Result<FieldValue, Diagnostic> {
            // libyaml asserts that its input is not a null pointer, which an empty buffer may be.
            guard let start = bytes.baseAddress, !bytes.isEmpty else {
                return .success(.null(SourceLocation(file: file, line: lineOffset + 1, column: 1)))
            }
            var parser = yaml_parser_t()
            guard yaml_parser_initialize(&parser) == 1 else {
                return .failure(Diagnostic(file: file, line: lineOffset + 1, column: 1, message: "invalid YAML: out of memory"))
            }
            defer { yaml_parser_delete(&parser) }
            yaml_parser_set_input_string(&parser, start, bytes.count)
            yaml_parser_set_encoding(&parser, YAML_UTF8_ENCODING)
            var event = yaml_event_t()
            while true {
                guard yaml_parser_parse(&parser, &event) == 1 else { return .failure(parserProblem(parser)) }
                defer { yaml_event_delete(&event) }
                if event.type == YAML_STREAM_END_EVENT { break }
                if let problem = handle(event) { return .failure(problem) }
            }
            return .success(root ?? .null(SourceLocation(file: file, line: lineOffset + 1, column: 1)))
        }

        /// Takes one event; a diagnostic when the document is refused.
        mutating func handle(_ event: yaml_event_t) -> Diagnostic? {
            let at = location(event.start_mark)
            switch event.type {
            case YAML_DOCUMENT_START_EVENT:
                documents += 1
                if documents > 1 {
                    return .error("invalid YAML: but found another document expected a single document in the stream", at: at)
                }
                return nil
            case YAML_SCALAR_EVENT:
                let scalar = event.data.scalar
                let text = String(decoding: UnsafeBufferPointer(start: scalar.value, count: Int(scalar.length)), as: UTF8.self)
                let isNull = scalar.style == YAML_PLAIN_SCALAR_STYLE && (Self.isNullTag(scalar.tag) || Self.isPlainNull(text))
                let value: FieldValue = isNull ? .null(at) : .scalar(text, at)
                return add(value, keyText: text, count: 1, height: 0, anchor: Self.string(scalar.anchor), at: at)
            case YAML_SEQUENCE_START_EVENT, YAML_MAPPING_START_EVENT:
                let isMapping = event.type == YAML_MAPPING_START_EVENT
                let anchor = Self.string(isMapping ? event.data.mapping_start.anchor : event.data.sequence_start.anchor)
                if !isKeyNext {
                    if let problem = count(1, at: at) { return problem }
                    if let problem = depth(frames.count, at: at) { return problem }
                }
                var frame = Frame(isMapping: isMapping, location: at, anchor: anchor, budgetAtStart: budget + 1)
                // Room for a usual record (an event has about ten fields) or list, so that most are not
                // moved as they grow.
                if isMapping { frame.pairs.reserveCapacity(8) } else { frame.items.reserveCapacity(4) }
                frames.append(frame)
                return nil
            case YAML_SEQUENCE_END_EVENT, YAML_MAPPING_END_EVENT:
                guard let frame = frames.popLast() else { return nil }
                let value: FieldValue = frame.isMapping ? .map(frame.pairs, frame.location) : .list(frame.items, frame.location)
                return add(
                    value, keyText: "", count: frame.budgetAtStart - budget, height: frame.height, anchor: frame.anchor,
                    at: frame.location, counted: true)
            case YAML_ALIAS_EVENT:
                let name = Self.string(event.data.alias.anchor) ?? ""
                guard let anchored = anchors[name] else { return .error("invalid YAML: found undefined alias", at: at) }
                if let problem = count(anchored.count, at: at) { return problem }
                return add(anchored.value, keyText: anchored.keyText, count: anchored.count, height: anchored.height, anchor: nil, at: at, counted: true)
            default:
                return nil
            }
        }

        /// Whether the next value completes a mapping's key rather than a value (keys are neither counted nor
        /// bounded in depth, as values are).
        var isKeyNext: Bool {
            guard let frame = frames.last else { return false }
            return frame.isMapping && frame.key == nil
        }

        /// Refuses a value nested `depth` levels down.
        func depth(_ depth: Int, at location: SourceLocation) -> Diagnostic? {
            guard depth > maximumDepth else { return nil }
            return .error("YAML is nested more than \(maximumDepth) levels deep", at: location)
        }

        /// Spends `values` of the budget.
        mutating func count(_ values: Int, at location: SourceLocation) -> Diagnostic? {
            budget -= values
            guard budget >= 0 else { return .error("YAML expands to more than \(maximumNodes) values (alias bomb?)", at: location) }
            return nil
        }

        /// Puts a finished value where it belongs: the root, a list's next item, a mapping's key or value.
        mutating func add(
            _ value: FieldValue, keyText: String, count: Int, height: Int, anchor: String?, at location: SourceLocation,
            counted: Bool = false
        ) -> Diagnostic? {
            if let anchor { anchors[anchor] = Anchored(value: value, keyText: keyText, count: count, height: height) }
            if isKeyNext {
                // A key: its text names the field.
                guard frames[frames.count - 1].insertKey(keyText) else {
                    return .error("duplicate key '\(keyText)'", at: location)
                }
                frames[frames.count - 1].key = (keyText, location)
                return nil
            }
            if !counted, let problem = self.count(count, at: location) { return problem }
            // A collection was bounded when it started; a scalar or an alias's expansion is here.
            if let problem = depth(frames.count + height, at: location) { return problem }
            guard !frames.isEmpty else {
                root = value
                return nil
            }
            frames[frames.count - 1].add(value, height: height)
            return nil
        }

        /// libyaml's message for input it cannot parse, at the position it names.
        func parserProblem(_ parser: yaml_parser_t) -> Diagnostic {
            let problem = parser.problem.map { String(cString: $0) } ?? "unknown error"
            switch parser.error {
            case YAML_SCANNER_ERROR, YAML_PARSER_ERROR:
                var message = "invalid YAML: \(problem)"
                if let context = parser.context { message += " \(String(cString: context))" }
                return .error(message, at: location(parser.problem_mark))
            case YAML_MEMORY_ERROR:
                return Diagnostic(file: file, line: lineOffset + 1, column: 1, message: "invalid YAML: out of memory")
            default:
                return Diagnostic(file: file, line: lineOffset + 1, column: 1, message: "invalid YAML: \(problem)")
            }
        }

        static func string(_ pointer: UnsafeMutablePointer<yaml_char_t>?) -> String? {
            pointer.map { String(cString: $0) }
        }

        /// Whether a scalar is tagged `!!null`.
        static func isNullTag(_ tag: UnsafeMutablePointer<yaml_char_t>?) -> Bool {
            guard let tag else { return false }
            return String(cString: tag) == "tag:yaml.org,2002:null"
        }

        /// YAML's plain nulls (a switch: an array literal here was built for every scalar of a file).
        static func isPlainNull(_ text: String) -> Bool {
            switch text {
            case "", "~", "null", "Null", "NULL": true
            default: false
            }
        }
    }

    /// Flow collections (`[[[[…`) nest without indentation; count brackets so a deep one is refused
    /// before the recursive composer sees it.
    private static func nestingProblem(in text: String, file: String, lineOffset: Int) -> Diagnostic? {
        // On the string's own buffer (a native string has one): iterating `utf8` costs more.
        text.withUTF8Bytes { nestingProblem(in: $0, file: file, lineOffset: lineOffset) }
    }

    private static func nestingProblem(in text: UnsafeBufferPointer<UInt8>, file: String, lineOffset: Int) -> Diagnostic? {
        var depth = 0, line = 1, column = 0
        var quote: UInt8? = nil
        var atLineStart = true, indentation = 0, dashes = 0
        for byte in text {
            column += 1
            if byte == 10 { line += 1; column = 0; atLineStart = true; indentation = 0; dashes = 0; continue }
            if atLineStart {
                // Block nesting shows as indentation and as "- - -" runs; both are bounded too.
                if byte == UInt8(ascii: " ") {
                    indentation += 1
                } else if byte == UInt8(ascii: "-") || byte == UInt8(ascii: "?") {
                    dashes += 1
                } else {
                    atLineStart = false
                }
                if indentation > 4 * maximumDepth || dashes > maximumDepth {
                    return Diagnostic(
                        file: file, line: line + lineOffset, column: column,
                        message: "YAML is nested more than \(maximumDepth) levels deep")
                }
            }
            if let open = quote {
                if byte == open { quote = nil }
                continue
            }
            switch byte {
            case UInt8(ascii: "\""): quote = byte
            case UInt8(ascii: "["), UInt8(ascii: "{"):
                depth += 1
                if depth > maximumDepth {
                    return Diagnostic(
                        file: file, line: line + lineOffset, column: column,
                        message: "YAML is nested more than \(maximumDepth) levels deep")
                }
            case UInt8(ascii: "]"), UInt8(ascii: "}"): depth = max(0, depth - 1)
            default: break
            }
        }
        return nil
    }
}
