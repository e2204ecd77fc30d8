import Crypto

/// SHA-256 for the manifest's checksums and asset fingerprints: swift-crypto's (BoringSSL, which uses
/// the CPU's SHA instructions where it has them) behind the small interface the exports use.
struct SHA256 {
    private var hash = Crypto.SHA256()

    init() {}

    private static let hexDigits = Array("0123456789abcdef".utf8)

    /// The lowercase hex digest of `bytes`.
    static func hex(_ bytes: [UInt8]) -> String {
        var hash = SHA256()
        hash.update(bytes)
        var out: [UInt8] = []
        out.reserveCapacity(64)
        for byte in hash.finish() {
            out.append(hexDigits[Int(byte >> 4)])
            out.append(hexDigits[Int(byte & 15)])
        }
        return String(decoding: out, as: UTF8.self)
    }

    mutating func update(_ bytes: [UInt8]) {
        hash.update(data: bytes)
    }

    /// The digest; the hash cannot be updated after this.
    mutating func finish() -> [UInt8] {
        Array(hash.finalize())
    }
}

/// The SHA-256 of a file's bytes, as a value: what `serve` remembers of each file it serves, so that a
/// rebuild can tell the files it changed from those it did not without holding the old bytes.
public struct ContentDigest: Hashable, Sendable {
    private let digest: Crypto.SHA256Digest

    public init(_ bytes: [UInt8]) {
        digest = Crypto.SHA256.hash(data: bytes)
    }
}
