#if os(Linux)
import Foundation

/// The watched folders' files, kept current from Linux inotify events.
///
/// inotify is not recursive: every folder gets a watch of its own, including folders created or moved
/// in later. An event names one entry of a watched folder, and only that entry is stat'ed again, where
/// a walk of a large site stats thousands of files. Whenever events may have been lost (the kernel's
/// queue overflowed, a watched root went away) the folders are walked again from scratch, and the
/// watcher calls `rescan()` from time to time besides, to catch what inotify cannot report (a missing
/// root created later, changes made by another machine on a network file system).
final class FileEvents {
    /// The files as the events leave them.
    private(set) var snapshot = SiteWatcher.Snapshot()
    /// Files named by events since `take()`. Their stamps may not tell a second write apart from the
    /// first (file times may move only once per kernel clock tick), so the watcher reports them changed
    /// all the same.
    private(set) var named: Set<String> = []
    /// Files written to and not yet closed: a writer is still at work on them.
    private(set) var writing: Set<String> = []

    private let descriptor: Int32
    private let roots: [String]
    /// The folder each watch stands for, and the other way round.
    private var folders: [Int32: String] = [:]
    private var watches: [String: Int32] = [:]
    /// Whether every folder found got a watch (there are only so many per user).
    private var complete = true
    private var buffer = [UInt8](repeating: 0, count: 64 * 1024)

    private static let mask = UInt32(
        IN_CLOSE_WRITE | IN_MOVED_TO | IN_MOVED_FROM | IN_CREATE | IN_DELETE | IN_DELETE_SELF | IN_MOVE_SELF
            | IN_ATTRIB | IN_MODIFY | IN_ONLYDIR)

    /// Watches every folder under `roots`; nil when inotify is not available or cannot watch them all.
    init?(roots: [String]) {
        descriptor = inotify_init1(Int32(IN_NONBLOCK | IN_CLOEXEC))
        self.roots = roots
        guard descriptor >= 0 else { return nil }
        rescan()
        guard complete else { return nil }
    }

    deinit {
        if descriptor >= 0 { close(descriptor) }
    }

    /// Waits up to `timeout` for events; returns whether some are queued.
    func wait(_ timeout: Duration) -> Bool {
        let (seconds, attoseconds) = max(timeout, .zero).components
        let milliseconds = seconds * 1000 + (attoseconds + 999_999_999_999_999) / 1_000_000_000_000_000
        var entry = pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0)
        return poll(&entry, 1, Int32(clamping: milliseconds)) > 0
    }

    /// Applies the queued events to `snapshot`; returns whether any concerned the watched files.
    func apply() -> Bool {
        var relevant = false
        var lost = false
        while true {
            let count = buffer.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
            guard count > 0 else { break }
            var offset = 0
            while offset + 16 <= count {
                let (watch, mask, length) = buffer.withUnsafeBytes {
                    ($0.loadUnaligned(fromByteOffset: offset, as: Int32.self),
                     $0.loadUnaligned(fromByteOffset: offset + 4, as: UInt32.self),
                     Int($0.loadUnaligned(fromByteOffset: offset + 12, as: UInt32.self)))
                }
                let name = String(decoding: buffer[offset + 16..<offset + 16 + length].prefix { $0 != 0 }, as: UTF8.self)
                offset += 16 + length
                if mask & UInt32(IN_Q_OVERFLOW) != 0 {
                    lost = true
                    continue
                }
                guard let folder = folders[watch] else { continue }
                if mask & UInt32(IN_IGNORED | IN_DELETE_SELF | IN_MOVE_SELF | IN_UNMOUNT) != 0 {
                    // A folder below a root is dealt with by its parent's event; a root leaves nothing to go by.
                    if mask & UInt32(IN_IGNORED) != 0 { forget(watch) }
                    if roots.contains(folder) { lost = true }
                    continue
                }
                guard !name.isEmpty, !name.hasPrefix("."), !name.hasSuffix("~") else { continue }
                relevant = true
                update(folder + "/" + name, mask: mask)
            }
        }
        if lost {
            rescan()
            relevant = true
        }
        return relevant
    }

    /// The snapshot and the files named since the last call; starts over with none named or being written.
    func take() -> (snapshot: SiteWatcher.Snapshot, named: Set<String>) {
        defer {
            named = []
            writing = []
        }
        return (snapshot, named)
    }

    /// Walks the roots from scratch: a new snapshot, a watch on every folder and none on folders gone.
    func rescan() {
        let old = folders
        folders = [:]
        watches = [:]
        complete = true
        var fresh = SiteWatcher.Snapshot()
        for root in roots { fresh.add(folder: root) { self.watch($0) } }
        // Adding a watch again returns the same descriptor: those left over are for folders gone.
        for watch in old.keys where folders[watch] == nil { inotify_rm_watch(descriptor, watch) }
        snapshot = fresh
    }

    /// Brings the snapshot up to date with the entry at `path`, as it is now (later events may be queued).
    private func update(_ path: String, mask: UInt32) {
        var info = stat()
        let exists = stat(path, &info) == 0
        let isFolder = exists && info.st_mode & S_IFMT == S_IFDIR
        let wasFolder = mask & UInt32(IN_ISDIR) != 0 || watches[path] != nil
        // A folder gone, replaced, or new: forget what was under the name and walk what is there now.
        if wasFolder && (!isFolder || mask & UInt32(IN_CREATE | IN_MOVED_TO) != 0) {
            unwatch(under: path)
            snapshot.remove(under: path)
        }
        if isFolder {
            snapshot.files[path] = nil
            if watches[path] == nil { snapshot.add(folder: path) { self.watch($0) } }
            return
        }
        guard exists || !wasFolder else { return }
        snapshot.files[path] = exists ? FileStamp(info) : nil
        named.insert(path)
        if mask & UInt32(IN_MODIFY) != 0 { writing.insert(path) }
        if mask & UInt32(IN_CLOSE_WRITE | IN_DELETE | IN_MOVED_FROM) != 0 { writing.remove(path) }
    }

    private func watch(_ folder: String) {
        let watch = inotify_add_watch(descriptor, folder, Self.mask)
        if watch >= 0 {
            folders[watch] = folder
            watches[folder] = watch
        } else if errno == ENOSPC || errno == ENOMEM {
            complete = false
        }
    }

    /// Removes the watches on `folder` and the folders under it (moved away, or about to be walked again).
    private func unwatch(under folder: String) {
        let prefix = folder + "/"
        for (path, watch) in watches where path == folder || path.hasPrefix(prefix) {
            inotify_rm_watch(descriptor, watch)
            forget(watch)
        }
    }

    private func forget(_ watch: Int32) {
        guard let folder = folders.removeValue(forKey: watch) else { return }
        if watches[folder] == watch { watches[folder] = nil }
    }
}
#endif
