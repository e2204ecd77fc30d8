import BriefingCore

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
