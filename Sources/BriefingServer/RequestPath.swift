/// A request path checked for safety and turned into `/`-separated segments under the served folder.
///
/// Refused before the file system is touched: `..` and `.` segments (plain, percent-encoded or
/// double-encoded), backslashes in any encoding, NUL and other control characters, and malformed
/// percent escapes. Symlinks are checked later, against the resolved file.
struct RequestPath: Equatable {
    /// Decoded segments, none empty, `.` or `..`.
    var segments: [String]
    /// The path ended with `/` (a folder was asked for).
    var isFolder: Bool

    enum Refusal: Error, Equatable {
        /// Not a usable path at all (bad escape, control character): 400.
        case malformed
        /// A way out of the served folder (`..`, backslash, double encoding): 400 too, but named apart
        /// so tests and logs can say which.
        case traversal
    }

    /// Parses the raw path of a request target (without the query).
    static func parse(_ raw: String) -> Result<RequestPath, Refusal> {
        guard raw.hasPrefix("/") else { return .failure(.malformed) }
        guard let decoded = percentDecoded(raw) else { return .failure(.malformed) }
        if decoded.contains("\\") { return .failure(.traversal) }
        // A `%` left after decoding means the client encoded twice (`%252e`): never decode again,
        // and never serve such a name, since something else on the way might decode it.
        if decoded.contains("%") { return .failure(.traversal) }
        if decoded.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F }) {
            return .failure(.malformed)
        }
        var segments: [String] = []
        for segment in decoded.split(separator: "/", omittingEmptySubsequences: true) {
            if segment == ".." || segment == "." { return .failure(.traversal) }
            segments.append(String(segment))
        }
        return .success(RequestPath(segments: segments, isFolder: decoded.hasSuffix("/")))
    }

    /// Decodes `%XX` escapes once; nil for a malformed escape or bytes that are not UTF-8.
    static func percentDecoded(_ text: String) -> String? {
        var bytes: [UInt8] = []
        let utf8 = Array(text.utf8)
        var i = 0
        while i < utf8.count {
            if utf8[i] == UInt8(ascii: "%") {
                guard i + 2 < utf8.count, let high = hexValue(utf8[i + 1]), let low = hexValue(utf8[i + 2]) else {
                    return nil
                }
                bytes.append(high << 4 | low)
                i += 3
            } else {
                bytes.append(utf8[i])
                i += 1
            }
        }
        return String(validating: bytes, as: UTF8.self)
    }

    private static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
        default: nil
        }
    }
}
