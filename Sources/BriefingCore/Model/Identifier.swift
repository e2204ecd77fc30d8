import Foundation

/// Rules for ids, which become URL path segments: lowercase ASCII letters, digits and single inner hyphens.
public enum Identifier {
    /// `^[a-z0-9]+(-[a-z0-9]+)*$`
    public static func isValid(_ id: String) -> Bool {
        guard !id.isEmpty, id.utf8.count <= 200 else { return false }
        var previousWasHyphen = true  // no leading hyphen
        for byte in id.utf8 {
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"):
                previousWasHyphen = false
            case UInt8(ascii: "-"):
                if previousWasHyphen { return false }
                previousWasHyphen = true
            default:
                return false
            }
        }
        return !previousWasHyphen
    }

    public static func problem(with id: String, kind: String) -> String {
        "invalid \(kind) id '\(id)': use lowercase letters, digits and single hyphens (like 'delcy-rodriguez')"
    }

    /// A URL- and file-safe slug of free text: "Mixed signals!" → "mixed-signals", "Bogotá" → "bogota".
    public static func slug(_ text: String) -> String {
        var result = ""
        var pendingHyphen = false
        for scalar in text.folded.unicodeScalars {
            if (scalar >= "a" && scalar <= "z") || (scalar >= "0" && scalar <= "9") {
                if pendingHyphen && !result.isEmpty { result.append("-") }
                pendingHyphen = false
                result.unicodeScalars.append(scalar)
            } else {
                pendingHyphen = true
            }
        }
        return result
    }
}

extension String {
    /// Lowercased, accents removed: "Álvarez" → "alvarez". Used for slugs, sorting and mention matching.
    public var folded: String {
        // ASCII has no marks and decomposes to itself: lowercasing is all there is to do (and most
        // tags, names and titles are ASCII).
        guard containsUTF8Byte(where: { $0 >= 0x80 }) else { return lowercased() }
        var out = String.UnicodeScalarView()
        for scalar in lowercased().decomposedStringWithCanonicalMapping.unicodeScalars
        where scalar.properties.generalCategory != .nonspacingMark {
            out.append(scalar)
        }
        return String(out)
    }
}
