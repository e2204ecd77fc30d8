import Foundation

/// The bytes and ETag of files as last served, so a repeated request costs one `stat`.
///
/// An entry is keyed by the file's stamp (device, inode, size, change times) and the preview status
/// it was prepared for, since HTML carries the generation and the overlay. The preview replaces files
/// by renaming new ones into place, so a changed file always has a new stamp.
final class ServedFileCache: @unchecked Sendable {
    struct Entry {
        var stamp: FileStamp
        var status: PreviewSite.Status
        var bytes: [UInt8]
        var eTag: String
    }

    private let lock = NSLock()
    private var entries: [String: Entry] = [:]

    /// The prepared bytes of `path`, read and prepared again when the file or the status changed.
    func bytes(
        at path: String, status: PreviewSite.Status, prepare: ([UInt8]) -> [UInt8]
    ) -> (bytes: [UInt8], eTag: String)? {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { return nil }
        defer { close(descriptor) }
        var info = stat()
        guard fstat(descriptor, &info) == 0 else { return nil }
        let stamp = FileStamp(info)
        if let entry = lock.withLock({ entries[path] }), entry.stamp == stamp, entry.status == status {
            return (entry.bytes, entry.eTag)
        }
        // Read from the descriptor already open: the file that was stat-ed, whole, even if another
        // version is renamed over the path meanwhile.
        guard let raw = try? FileHandle(fileDescriptor: descriptor, closeOnDealloc: false).readToEnd() else { return nil }
        let bytes = prepare(Array(raw))
        let eTag = Self.eTag(bytes)
        lock.withLock {
            if entries.count > 4096 { entries.removeAll() }
            entries[path] = Entry(stamp: stamp, status: status, bytes: bytes, eTag: eTag)
        }
        return (bytes, eTag)
    }

    /// A strong ETag from the served bytes (FNV-1a 64 and the length).
    static func eTag(_ bytes: [UInt8]) -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in bytes {
            hash ^= UInt64(byte)
            hash &*= 0x100_0000_01b3
        }
        return "\"\(String(hash, radix: 16))-\(String(bytes.count, radix: 16))\""
    }
}
