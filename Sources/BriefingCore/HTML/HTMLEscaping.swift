/// Escaping for each context a value can land in on a page.
public enum HTML {
    /// Text and attribute values: `& < > "`, and `'` unless `apostrophes` is false (libcmark's own
    /// renderer leaves apostrophes, and Markdown output matches it byte for byte).
    public static func escape(_ text: String, apostrophes: Bool = true) -> String {
        let apostrophe: UInt8 = apostrophes ? 39 : 38  // 38 is already in the set: no extra byte
        guard text.utf8.contains(where: { $0 == 38 || $0 == 60 || $0 == 62 || $0 == 34 || $0 == apostrophe }) else {
            return text
        }
        var out = ""
        out.reserveCapacity(text.utf8.count + 16)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'" where apostrophes: out += "&#39;"
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    /// The schemes a link in content may use; anything else (`javascript:`, `data:`, `vbscript:`) is refused.
    public static let safeSchemes: Set<String> = ["http", "https", "mailto", "tel", "ftp", "ftps"]

    /// The URL's scheme, lowercased, ignoring the whitespace and control characters browsers skip;
    /// nil for a relative URL or fragment.
    public static func scheme(of url: String) -> String? {
        var scheme = ""
        for scalar in url.unicodeScalars {
            if scalar.value <= 0x20 { continue }  // browsers strip these, so "java\tscript:" is still javascript
            if scalar == ":" { return scheme.isEmpty ? nil : scheme.lowercased() }
            if scalar == "/" || scalar == "?" || scalar == "#" { return nil }
            scheme.unicodeScalars.append(scalar)
        }
        return nil
    }

    /// Whether a URL from content may be put in an `href` or `src`: relative, or of a safe scheme.
    public static func isSafeURL(_ url: String) -> Bool {
        guard let scheme = scheme(of: url) else { return true }
        return safeSchemes.contains(scheme)
    }

    /// Escapes a string for inclusion inside a JSON string in a `<script>` element (JSON-LD):
    /// `<`, `>` and `&` become `\u003c`-style escapes so `</script>` cannot close the element.
    public static func scriptSafeJSON(_ json: String) -> String {
        var out = ""
        out.reserveCapacity(json.utf8.count)
        for scalar in json.unicodeScalars {
            switch scalar {
            case "<": out += "\\u003c"
            case ">": out += "\\u003e"
            case "&": out += "\\u0026"
            case "\u{2028}": out += "\\u2028"
            case "\u{2029}": out += "\\u2029"
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }
}
