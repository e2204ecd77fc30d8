#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Escaping for each context a value can land in on a page.
public enum HTML {
    /// Text and attribute values: `& < > "`, and `'` unless `apostrophes` is false (libcmark's own
    /// renderer leaves apostrophes, and Markdown output matches it byte for byte).
    public static func escape(_ text: String, apostrophes: Bool = true) -> String {
        let apostrophe: UInt8 = apostrophes ? 39 : 38  // 38 is already in the set: no extra byte
        guard text.utf8.contains(where: { $0 == 38 || $0 == 60 || $0 == 62 || $0 == 34 || $0 == apostrophe }) else {
            return text
        }
        var out: [UInt8] = []
        out.reserveCapacity(text.utf8.count + 32)
        appendEscaped(text, to: &out, apostrophes: apostrophes)
        return String(decoding: out, as: UTF8.self)
    }

    /// `escape(_:apostrophes:)` appended to UTF-8 bytes (the template renderer's output).
    public static func appendEscaped(_ text: String, to out: inout [UInt8], apostrophes: Bool = true) {
        for byte in text.utf8 {
            switch byte {
            case 38: out.append(contentsOf: "&amp;".utf8)
            case 60: out.append(contentsOf: "&lt;".utf8)
            case 62: out.append(contentsOf: "&gt;".utf8)
            case 34: out.append(contentsOf: "&quot;".utf8)
            case 39 where apostrophes: out.append(contentsOf: "&#39;".utf8)
            default: out.append(byte)
            }
        }
    }

    /// `text` with every `marker` byte (an ASCII byte, such as the root marker U+0000) replaced by
    /// `replacement`, working on UTF-8 bytes (Foundation's `replacingOccurrences` goes through NSString).
    public static func replacing(_ marker: UInt8, in text: String, with replacement: String) -> String {
        guard text.utf8.contains(marker) else { return text }
        return String(decoding: replacingBytes(marker, in: text, with: replacement), as: UTF8.self)
    }

    /// `replacing(_:in:with:)` as UTF-8 bytes.
    public static func replacingBytes(_ marker: UInt8, in text: String, with replacement: String) -> [UInt8] {
        var text = text
        return text.withUTF8 { replacing(marker, in: $0, with: replacement) }
    }

    /// `bytes` with every `marker` byte replaced by `replacement`, copying the runs between markers whole.
    public static func replacing(_ marker: UInt8, in bytes: UnsafeBufferPointer<UInt8>, with replacement: String) -> [UInt8] {
        let replacementBytes = Array(replacement.utf8)
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count + 1024)
        guard let base = bytes.baseAddress else { return out }
        var start = 0
        while start < bytes.count {
            guard let found = memchr(base + start, Int32(marker), bytes.count - start) else {
                out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[start...]))
                break
            }
            let index = UnsafePointer(found.assumingMemoryBound(to: UInt8.self)) - base
            out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[start..<index]))
            out.append(contentsOf: replacementBytes)
            start = index + 1
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
