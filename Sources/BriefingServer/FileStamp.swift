import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// One version of a file, told without reading it: where it is (device and inode), its size, and when
/// its contents and its inode last changed, to the nanosecond. A write changes the change time; an
/// editor's save by rename changes the inode. The watcher's snapshots, the served-file cache and the
/// preview folder's copied files all compare these.
struct FileStamp: Hashable {
    var device: UInt64
    var inode: UInt64
    var size: Int64
    var modified: Int64
    var changed: Int64

    init(_ info: stat) {
        #if canImport(Darwin)
        let (modified, changed) = (info.st_mtimespec, info.st_ctimespec)
        #else
        let (modified, changed) = (info.st_mtim, info.st_ctim)
        #endif
        device = UInt64(info.st_dev)
        inode = UInt64(info.st_ino)
        size = Int64(info.st_size)
        self.modified = Int64(modified.tv_sec) * 1_000_000_000 + Int64(modified.tv_nsec)
        self.changed = Int64(changed.tv_sec) * 1_000_000_000 + Int64(changed.tv_nsec)
    }

    /// The stamp of the file at `path` (symbolic links followed); nil when it cannot be reached.
    init?(path: String) {
        var info = stat()
        guard stat(path, &info) == 0 else { return nil }
        self.init(info)
    }
}
