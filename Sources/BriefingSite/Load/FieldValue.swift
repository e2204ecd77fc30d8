import BriefingCore
import Yams

/// A value read from YAML, JSON or CSV, with where it was written. Scalars keep their text exactly as
/// written, so `no`, `on`, `0123` and `1:30` stay strings and dates are never read as timestamps.
indirect enum FieldValue {
    case scalar(String, SourceLocation)
    case list([FieldValue], SourceLocation)
    case map([(key: String, value: FieldValue)], SourceLocation)
    case null(SourceLocation)

    var location: SourceLocation {
        switch self {
        case .scalar(_, let location), .list(_, let location), .map(_, let location), .null(let location):
            return location
        }
    }

    var typeName: String {
        switch self {
        case .scalar: return "a single value"
        case .list: return "a list"
        case .map: return "a mapping"
        case .null: return "empty"
        }
    }
}

/// Reads YAML (and JSON, which the same parser accepts) into `FieldValue`s with source positions.
enum YAMLReader {
    /// Bounds that stop alias bombs ("billion laughs") and absurd nesting before they cost time or stack.
    static let maximumNodes = 200_000
    static let maximumDepth = 64

    /// No implicit types at all: every scalar is text, typed by its field, and `convert` recognizes the
    /// plain nulls itself, so Yams runs no regular expression on any scalar (it would on every key,
    /// to hash it for its duplicate check).
    private static let resolver = Resolver.basic

    /// Parses one YAML document. `lineOffset` shifts positions for front matter inside a larger file.
    static func read(_ text: String, file: String, lineOffset: Int = 0) -> Result<FieldValue, Diagnostic> {
        if let problem = nestingProblem(in: text, file: file, lineOffset: lineOffset) {
            return .failure(problem)
        }
        let node: Node?
        do {
            // UTF-8 named here: Yams's default reads the whole process environment at every call.
            node = try Yams.compose(yaml: text, Self.resolver, .default, .utf8)
        } catch let error as YamlError {
            return .failure(diagnostic(for: error, in: text, file: file, lineOffset: lineOffset))
        } catch {
            return .failure(Diagnostic(file: file, line: lineOffset + 1, column: 1, message: "invalid YAML: \(error)"))
        }
        guard let node else { return .success(.null(SourceLocation(file: file, line: lineOffset + 1, column: 1))) }
        var budget = maximumNodes
        return convert(node, file: file, lineOffset: lineOffset, depth: 0, budget: &budget)
    }

    private static func convert(
        _ node: Node, file: String, lineOffset: Int, depth: Int, budget: inout Int
    ) -> Result<FieldValue, Diagnostic> {
        let mark = node.mark
        let location = SourceLocation(file: file, line: (mark?.line ?? 1) + lineOffset, column: mark?.column ?? 1)
        budget -= 1
        guard budget >= 0 else {
            return .failure(.error("YAML expands to more than \(maximumNodes) values (alias bomb?)", at: location))
        }
        guard depth <= maximumDepth else {
            return .failure(.error("YAML is nested more than \(maximumDepth) levels deep", at: location))
        }
        switch node {
        case .scalar(let scalar):
            if scalar.style == .plain && (scalar.tag.rawValue == Tag.Name.null.rawValue || isPlainNull(scalar.string)) {
                return .success(.null(location))
            }
            return .success(.scalar(scalar.string, location))
        case .sequence(let sequence):
            var items: [FieldValue] = []
            for child in sequence {
                switch convert(child, file: file, lineOffset: lineOffset, depth: depth + 1, budget: &budget) {
                case .success(let value): items.append(value)
                case .failure(let diagnostic): return .failure(diagnostic)
                }
            }
            return .success(.list(items, location))
        case .mapping(let mapping):
            var pairs: [(key: String, value: FieldValue)] = []
            var seen: Set<String> = []
            for (key, value) in mapping {
                let keyText = key.scalar?.string ?? ""
                let keyLocation = SourceLocation(
                    file: file, line: (key.mark?.line ?? 1) + lineOffset, column: key.mark?.column ?? 1)
                guard seen.insert(keyText).inserted else {
                    return .failure(.error("duplicate key '\(keyText)'", at: keyLocation))
                }
                switch convert(value, file: file, lineOffset: lineOffset, depth: depth + 1, budget: &budget) {
                case .success(let converted): pairs.append((keyText, converted))
                case .failure(let diagnostic): return .failure(diagnostic)
                }
            }
            return .success(.map(pairs, location))
        case .alias:
            return .failure(.error("unresolved YAML alias", at: location))
        }
    }

    /// YAML's plain nulls (a switch: an array literal here was built for every scalar of a file).
    private static func isPlainNull(_ text: String) -> Bool {
        switch text {
        case "", "~", "null", "Null", "NULL": true
        default: false
        }
    }

    /// Where a duplicated key is written the second time at or after `line` (1-based), as line and column.
    static func secondOccurrence(of key: String, in text: String, after line: Int) -> (Int, Int) {
        var seen = 0
        for (index, content) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated()
        where index + 1 >= max(line - 1, 1) {
            var rest = Substring(content)
            var column = 1
            while let first = rest.first, first == " " || first == "-" { rest.removeFirst(); column += 1 }
            guard rest.hasPrefix(key) else { continue }
            let after = rest.dropFirst(key.count).drop { $0 == " " }
            guard after.first == ":" else { continue }
            seen += 1
            if seen == 2 { return (index + 1, column) }
        }
        return (max(line, 1), 1)
    }

    private static func diagnostic(for error: YamlError, in text: String, file: String, lineOffset: Int) -> Diagnostic {
        switch error {
        case .scanner(let context, let problem, let mark, _), .parser(let context, let problem, let mark, _),
            .composer(let context, let problem, let mark, _):
            var message = "invalid YAML: \(problem)"
            if let context { message += " \(context.text)" }
            return Diagnostic(file: file, line: mark.line + lineOffset, column: mark.column, message: message)
        case .duplicatedKeysInMapping(let duplicates, let context):
            let key = duplicates.sorted().first ?? ""
            let (line, column) = secondOccurrence(of: key, in: text, after: context.mark.line)
            return Diagnostic(file: file, line: line + lineOffset, column: column, message: "duplicate key '\(key)'")
        case .reader(let problem, _, _, _):
            return Diagnostic(file: file, line: lineOffset + 1, column: 1, message: "invalid YAML: \(problem)")
        default:
            return Diagnostic(file: file, line: lineOffset + 1, column: 1, message: "invalid YAML: \(error)")
        }
    }

    /// Flow collections (`[[[[…`) nest without indentation; count brackets so a deep one is refused
    /// before the recursive composer sees it.
    private static func nestingProblem(in text: String, file: String, lineOffset: Int) -> Diagnostic? {
        // On the string's own buffer when it has one (a native string does): iterating `utf8` costs more.
        text.utf8.withContiguousStorageIfAvailable { nestingProblem(in: $0, file: file, lineOffset: lineOffset) }
            ?? nestingProblem(in: Array(text.utf8), file: file, lineOffset: lineOffset)
    }

    private static func nestingProblem(
        in text: some Collection<UInt8>, file: String, lineOffset: Int
    ) -> Diagnostic? {
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
