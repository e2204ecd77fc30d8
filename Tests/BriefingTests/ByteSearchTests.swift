import BriefingCore
import Testing

/// `UnsafeBufferPointer<UInt8>.index(of:from:)`, the search `publish` rewrites asset references with,
/// against a plain scan: every start position, needles of one to four bytes, overlapping matches.
struct ByteSearchTests {
    static func naive(_ haystack: [UInt8], _ needle: [UInt8], from start: Int) -> Int? {
        guard start >= 0, haystack.count >= needle.count else { return nil }
        return (start...max(start, haystack.count - needle.count)).first { begin in
            begin + needle.count <= haystack.count && Array(haystack[begin..<begin + needle.count]) == needle
        }
    }

    @Test func findsWhatAPlainScanFinds() {
        var generator = SplitMix64(seed: 6)
        let alphabet = Array("ab/".utf8)
        for _ in 0..<300 {
            let haystack = (0..<Int.random(in: 0...40, using: &generator)).map { _ in alphabet.randomElement(using: &generator)! }
            let needle = (0..<Int.random(in: 1...4, using: &generator)).map { _ in alphabet.randomElement(using: &generator)! }
            for start in 0...haystack.count + 1 {
                let found = haystack.withUnsafeBufferPointer { h in needle.withUnsafeBufferPointer { h.index(of: $0, from: start) } }
                #expect(found == Self.naive(haystack, needle, from: start), "\(haystack) \(needle) \(start)")
            }
        }
        let empty: [UInt8] = []
        #expect(Array("abc".utf8).withUnsafeBufferPointer { h in empty.withUnsafeBufferPointer { h.index(of: $0) } } == nil)
    }
}

/// A small deterministic generator, so the cases are the same on every run.
struct SplitMix64: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
