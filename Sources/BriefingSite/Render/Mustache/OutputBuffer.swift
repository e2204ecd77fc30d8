import BriefingCore

#if canImport(Glibc)
import Glibc
#endif

/// What the template renderer writes into: bytes in one allocation that grows by doubling.
///
/// A page is hundreds of small pieces (template text between tags, values, escaped runs). Appending each
/// to an `[UInt8]` checked the array's uniqueness and capacity and called a generic copy; here it is a
/// comparison and a `memcpy`. Noncopyable, so the allocation has one owner and is freed once.
struct OutputBuffer: ~Copyable {
    private var base: UnsafeMutablePointer<UInt8>
    private(set) var count = 0
    private var capacity: Int

    init(capacity: Int) {
        self.capacity = max(capacity, 64)
        base = malloc(self.capacity)!.bindMemory(to: UInt8.self, capacity: self.capacity)
    }

    deinit {
        free(base)
    }

    /// `body` of the bytes written so far. A method, not a property: the buffer is borrowed, so alive,
    /// while `body` reads it (a noncopyable value may be freed right after its last use).
    func withBytes<R>(_ body: (UnsafeBufferPointer<UInt8>) -> R) -> R {
        body(UnsafeBufferPointer(start: base, count: count))
    }

    subscript(position: Int) -> UInt8 {
        precondition(position >= 0 && position < count)
        return base[position]
    }

    mutating func append(_ bytes: UnsafeBufferPointer<UInt8>) {
        guard let source = bytes.baseAddress, !bytes.isEmpty else { return }
        if count + bytes.count > capacity { grow(toHold: count + bytes.count) }
        memcpy(base + count, source, bytes.count)
        count += bytes.count
    }

    mutating func append(_ text: String) {
        text.withUTF8Bytes { append($0) }
    }

    /// `text` HTML-escaped (`HTML.escape`).
    mutating func appendEscaped(_ text: String) {
        text.withUTF8Bytes { bytes in HTML.forEachEscapedPiece(of: bytes) { append($0) } }
    }

    /// Inserts `text` before the byte at `position`.
    mutating func insert(_ text: String, at position: Int) {
        precondition(position >= 0 && position <= count)
        let inserted = Array(text.utf8)
        guard !inserted.isEmpty else { return }
        if count + inserted.count > capacity { grow(toHold: count + inserted.count) }
        memmove(base + position + inserted.count, base + position, count - position)
        inserted.withUnsafeBufferPointer { _ = memcpy(base + position, $0.baseAddress!, inserted.count) }
        count += inserted.count
    }

    private mutating func grow(toHold needed: Int) {
        var newCapacity = capacity
        while newCapacity < needed { newCapacity *= 2 }
        guard let grown = realloc(base, newCapacity) else { fatalError("out of memory for a page of \(newCapacity) bytes") }
        base = grown.bindMemory(to: UInt8.self, capacity: newCapacity)
        capacity = newCapacity
    }
}
