import BriefingCore

/// A value read from YAML, JSON or CSV, with where it was written. Scalars keep their text exactly as
/// written, so `no`, `on`, `0123` and `1:30` stay strings and dates are never read as timestamps.
///
/// Not `indirect`: lists and maps hold their values in arrays already, and boxing every case put each
/// scalar of a site's data (hundreds of thousands at 10,000 events) in a heap allocation of its own.
enum FieldValue {
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

extension StringProtocol {
    /// `trimmingCharacters(in: .whitespaces)` (tabs and Unicode space separators at either end), without
    /// going through Foundation for each of a CSV file's cells. Foundation's set also holds U+200B, a
    /// space separator in old Unicode versions; so does this one (checked against every scalar).
    var trimmingBlanks: String {
        func isBlank(_ scalar: Unicode.Scalar) -> Bool {
            scalar == " " || scalar == "\t"
                || (scalar.value >= 0x80 && (scalar.properties.generalCategory == .spaceSeparator || scalar.value == 0x200B))
        }
        let scalars = unicodeScalars
        guard let first = scalars.firstIndex(where: { !isBlank($0) }) else { return "" }
        let last = scalars.lastIndex(where: { !isBlank($0) })!
        return String(String.UnicodeScalarView(scalars[first...last]))
    }
}
