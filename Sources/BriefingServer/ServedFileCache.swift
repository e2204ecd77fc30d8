import Foundation

/// The bytes and ETag of files as last served, so a repeated request costs one `stat`.
///
/// An entry is keyed by the file's identity (device, inode, size, change time) and the preview status
/// it was prepared for, since HTML carries the generation and the overlay. The preview replaces files
/// by renaming new ones into place, so a changed file always has a new identity.
final class ServedFileCache: @unchecked Sendable {
    struct Identity: Hashable {
        var device: UInt64
        var inode: UInt64
        var size: Int64
        var changed: Int64
    }

    struct Entry {
        var identity: Identity
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
        let identity = Identity(
            device: UInt64(info.st_dev), inode: UInt64(info.st_ino), size: Int64(info.st_size),
            changed: Int64(info.st_ctim.tv_sec) * 1_000_000_000 + Int64(info.st_ctim.tv_nsec))
        if let entry = lock.withLock({ entries[path] }), entry.identity == identity, entry.status == status {
            return (entry.bytes, entry.eTag)
        }
        // Read from the descriptor already open: the file that was stat-ed, whole, even if another
        // version is renamed over the path meanwhile.
        guard let raw = try? FileHandle(fileDescriptor: descriptor, closeOnDealloc: false).readToEnd() else { return nil }
        let bytes = prepare(Array(raw))
        let eTag = Self.eTag(bytes)
        lock.withLock {
            if entries.count > 4096 { entries.removeAll() }
            entries[path] = Entry(identity: identity, status: status, bytes: bytes, eTag: eTag)
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
