/// A JSON value that keeps object keys in the order they were given, so exports are byte-identical
/// on every run (Foundation's serializer reorders keys and escapes `/`).
public enum JSONValue: Equatable, Sendable {
    case string(String)
    case int(Int)
    case bool(Bool)
    case null
    case array([JSONValue])
    case object([(String, JSONValue)])

    public static func == (lhs: JSONValue, rhs: JSONValue) -> Bool {
        lhs.serialized() == rhs.serialized()
    }

    /// An object from pairs, dropping nil values.
    public static func object(_ pairs: KeyValuePairs<String, JSONValue?>) -> JSONValue {
        .object(pairs.compactMap { key, value in value.map { (key, $0) } })
    }

    /// Already serialized JSON as UTF-8, written as is; when pretty, it must have been serialized at
    /// the indent it lands at (`bytes(prettyAt:)`). Lets a feed reuse one item in many channels. Bytes,
    /// not a `String`: making one validated every byte of a 10 MB feed's items again.
    case raw([UInt8])

    /// Two-space indented JSON ending with a newline when `pretty`; one line otherwise.
    public func serialized(pretty: Bool = false) -> String {
        String(decoding: bytes(pretty: pretty), as: UTF8.self)
    }

    /// `serialized(pretty:)` as UTF-8 bytes (a large file need not become a `String` on its way out).
    public func bytes(pretty: Bool = false, capacity: Int = 0) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(capacity)
        write(into: &out, indent: pretty ? 0 : nil)
        if pretty { out.append(10) }
        return out
    }

    /// The value's UTF-8 as it appears nested `indent` levels deep in pretty JSON (no trailing newline).
    /// `capacity`: the size expected, so that the bytes are not moved again and again as they grow.
    func bytes(prettyAt indent: Int, capacity: Int = 0) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(capacity)
        write(into: &out, indent: indent)
        return out
    }

    private func write(into out: inout [UInt8], indent: Int?) {
        switch self {
        case .string(let text): Self.quote(text, into: &out)
        case .int(let value): out += String(value).utf8
        case .bool(let value): out += (value ? "true" : "false").utf8
        case .null: out += "null".utf8
        case .raw(let json): out += json
        case .array(let items):
            guard !items.isEmpty else { out += "[]".utf8; return }
            out.append(UInt8(ascii: "["))
            for (position, item) in items.enumerated() {
                if position > 0 { out.append(UInt8(ascii: ",")) }
                Self.newline(&out, indent.map { $0 + 1 })
                item.write(into: &out, indent: indent.map { $0 + 1 })
            }
            Self.newline(&out, indent)
            out.append(UInt8(ascii: "]"))
        case .object(let pairs):
            guard !pairs.isEmpty else { out += "{}".utf8; return }
            out.append(UInt8(ascii: "{"))
            for (position, (key, value)) in pairs.enumerated() {
                if position > 0 { out.append(UInt8(ascii: ",")) }
                Self.newline(&out, indent.map { $0 + 1 })
                Self.quote(key, into: &out)
                out += (indent == nil ? ":" : ": ").utf8
                value.write(into: &out, indent: indent.map { $0 + 1 })
            }
            Self.newline(&out, indent)
            out.append(UInt8(ascii: "}"))
        }
    }

    private static func newline(_ out: inout [UInt8], _ indent: Int?) {
        guard let indent else { return }
        out.append(10)
        for _ in 0..<indent { out += "  ".utf8 }
    }

    private static let hexDigits = Array("0123456789abcdef".utf8)

    private static func quote(_ text: String, into out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
        var text = text
        text.withUTF8 { bytes in
            // Runs of bytes that need no escape are copied whole.
            var runStart = 0
            for (index, byte) in bytes.enumerated() where byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") {
                out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart..<index]))
                runStart = index + 1
                switch byte {
                case UInt8(ascii: "\""): out += "\\\"".utf8
                case UInt8(ascii: "\\"): out += "\\\\".utf8
                case 10: out += "\\n".utf8
                case 13: out += "\\r".utf8
                case 9: out += "\\t".utf8
                default:
                    out += "\\u00".utf8
                    out.append(hexDigits[Int(byte >> 4)])
                    out.append(hexDigits[Int(byte & 15)])
                }
            }
            out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart...]))
        }
        out.append(UInt8(ascii: "\""))
    }
}
