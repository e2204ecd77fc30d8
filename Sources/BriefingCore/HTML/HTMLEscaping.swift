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
        guard text.containsUTF8Byte(where: { $0 == 38 || $0 == 60 || $0 == 62 || $0 == 34 || $0 == apostrophe }) else {
            return text
        }
        var out: [UInt8] = []
        out.reserveCapacity(text.utf8.count + 32)
        appendEscaped(text, to: &out, apostrophes: apostrophes)
        return String(decoding: out, as: UTF8.self)
    }

    /// `escape(_:apostrophes:)` appended to UTF-8 bytes: the runs between special bytes are copied whole.
    public static func appendEscaped(_ text: String, to out: inout [UInt8], apostrophes: Bool = true) {
        text.withUTF8Bytes { bytes in
            forEachEscapedPiece(of: bytes, apostrophes: apostrophes) { out.append(contentsOf: $0) }
        }
    }

    /// The pieces that make up `escape(_:apostrophes:)` of `bytes`, in order: the runs between special
    /// bytes, and the entity for each special byte. Any output (an array, the template renderer's
    /// buffer) escapes with this one loop.
    @inlinable
    public static func forEachEscapedPiece(
        of bytes: UnsafeBufferPointer<UInt8>, apostrophes: Bool = true, _ piece: (UnsafeBufferPointer<UInt8>) -> Void
    ) {
        var runStart = 0
        for index in bytes.indices {
            let replacement: StaticString
            switch bytes[index] {
            case 38: replacement = "&amp;"
            case 60: replacement = "&lt;"
            case 62: replacement = "&gt;"
            case 34: replacement = "&quot;"
            case 39 where apostrophes: replacement = "&#39;"
            default: continue
            }
            if runStart < index { piece(UnsafeBufferPointer(rebasing: bytes[runStart..<index])) }
            replacement.withUTF8Buffer(piece)
            runStart = index + 1
        }
        if runStart < bytes.count { piece(UnsafeBufferPointer(rebasing: bytes[runStart...])) }
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
    /// The markers are counted first, so the result is allocated once at its exact size and filled with
    /// plain copies (every page goes through this, with a marker in each of its links).
    public static func replacing(_ marker: UInt8, in bytes: UnsafeBufferPointer<UInt8>, with replacement: String) -> [UInt8] {
        guard let base = bytes.baseAddress, !bytes.isEmpty else { return [] }
        func next(from start: Int) -> Int? { bytes.index(ofByte: marker, from: start) }
        var markers = 0
        var search = 0
        while let index = next(from: search) {
            markers += 1
            search = index + 1
        }
        guard markers > 0 else { return Array(bytes) }
        let replacementBytes = Array(replacement.utf8)
        let size = bytes.count + markers * (replacementBytes.count - 1)
        return replacementBytes.withUnsafeBufferPointer { replacementBuffer in
            [UInt8](unsafeUninitializedCapacity: size) { out, initialized in
                var written = 0
                var start = 0
                func copy(_ source: UnsafePointer<UInt8>, _ count: Int) {
                    guard count > 0 else { return }
                    (out.baseAddress! + written).initialize(from: source, count: count)
                    written += count
                }
                while let index = next(from: start) {
                    copy(base + start, index - start)
                    if let replacement = replacementBuffer.baseAddress { copy(replacement, replacementBuffer.count) }
                    start = index + 1
                }
                copy(base + start, bytes.count - start)
                initialized = written
            }
        }
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
        // U+2028 and U+2029 are E2 80 A8 and E2 80 A9 in UTF-8; the other three are single bytes.
        guard json.containsUTF8Byte(where: { $0 == 60 || $0 == 62 || $0 == 38 || $0 == 0xE2 }) else { return json }
        let utf8 = Array(json.utf8)
        var out: [UInt8] = []
        out.reserveCapacity(utf8.count + 64)
        var index = 0
        while index < utf8.count {
            let byte = utf8[index]
            switch byte {
            case 60: out.append(contentsOf: "\\u003c".utf8)
            case 62: out.append(contentsOf: "\\u003e".utf8)
            case 38: out.append(contentsOf: "\\u0026".utf8)
            case 0xE2 where index + 2 < utf8.count && utf8[index + 1] == 0x80 && (utf8[index + 2] == 0xA8 || utf8[index + 2] == 0xA9):
                out.append(contentsOf: (utf8[index + 2] == 0xA8 ? "\\u2028" : "\\u2029").utf8)
                index += 3
                continue
            default: out.append(byte)
            }
            index += 1
        }
        return String(decoding: out, as: UTF8.self)
    }
}

extension String {
    /// `body` of the string's UTF-8, read in place when the string has a buffer of its own (a native
    /// string always does), else from a copy.
    @inlinable
    public func withUTF8Bytes<R>(_ body: (UnsafeBufferPointer<UInt8>) throws -> R) rethrows -> R {
        if let result = try utf8.withContiguousStorageIfAvailable(body) { return result }
        return try Array(utf8).withUnsafeBufferPointer(body)
    }

    /// Whether a UTF-8 byte of the string satisfies `predicate`. Over the string's contiguous storage
    /// (a native string always has it) the test runs on a plain buffer, several times faster than
    /// iterating `utf8`; escaping asks this of every text before deciding to copy it.
    @inlinable
    public func containsUTF8Byte(where predicate: (UInt8) -> Bool) -> Bool {
        utf8.withContiguousStorageIfAvailable { $0.contains(where: predicate) } ?? utf8.contains(where: predicate)
    }
}

extension UnsafeBufferPointer<UInt8> {
    /// The index of the first `byte` at or after `start`, found with `memchr`.
    public func index(ofByte byte: UInt8, from start: Int = 0) -> Int? {
        guard let base = baseAddress, start < count, let found = memchr(base + start, Int32(byte), count - start) else {
            return nil
        }
        return UnsafePointer(found.assumingMemoryBound(to: UInt8.self)) - base
    }

    /// The index of the first occurrence of `needle` (not empty) starting at or after `start`: `memchr`
    /// finds each candidate's last byte (Glibc's `memmem` is not visible to Swift), `memcmp` the rest.
    public func index(of needle: UnsafeBufferPointer<UInt8>, from start: Int = 0) -> Int? {
        guard let base = baseAddress, let pattern = needle.baseAddress, let last = needle.last, start >= 0 else { return nil }
        var search = start + needle.count - 1
        while let end = index(ofByte: last, from: search) {
            let begin = end - (needle.count - 1)
            if memcmp(base + begin, pattern, needle.count - 1) == 0 { return begin }
            search = end + 1
        }
        return nil
    }
}
