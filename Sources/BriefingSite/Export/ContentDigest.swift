import Crypto

/// The size and SHA-256 of a file's bytes, as a value: the manifest's checksums, asset fingerprints, and
/// what `serve` remembers of each file it serves, so that a rebuild can tell the files it changed from
/// those it did not without holding the old bytes (and, by the size, often without hashing the new
/// ones). swift-crypto's SHA-256 (BoringSSL, which uses the CPU's SHA instructions where it has them).
public struct ContentDigest: Hashable, Sendable {
    /// The number of bytes.
    let size: Int
    private let digest: Crypto.SHA256Digest

    public init(_ bytes: [UInt8]) {
        size = bytes.count
        digest = Crypto.SHA256.hash(data: bytes)
    }

    private static let hexDigits = Array("0123456789abcdef".utf8)

    /// The lowercase hex digest.
    var hex: String {
        var out: [UInt8] = []
        out.reserveCapacity(64)
        for byte in digest {
            out.append(Self.hexDigits[Int(byte >> 4)])
            out.append(Self.hexDigits[Int(byte & 15)])
        }
        return String(decoding: out, as: UTF8.self)
    }
}
