import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// Temporary folders for tests. All of a test process's folders are inside one folder,
/// `<tmp>/briefing-tests-<pid>`, which is removed when the process exits. A process that dies first
/// (a crash, a kill) leaves its folder, and a later test process removes it once it has not changed
/// for ten minutes (a process in another PID namespace sharing the folder looks gone, but is writing).
///
/// Without this, every `make test` left about 300 folders and 180 MB in the temporary folder.
public enum TemporaryFolders {
    static let prefix = "briefing-tests-"

    /// This process's folder, made (and its removal at exit registered) on first use.
    public static let root: URL = {
        let base = FileManager.default.temporaryDirectory
        removeAbandoned(in: base)
        let root = base.appendingPathComponent("\(prefix)\(getpid())")
        try? FileManager.default.removeItem(at: root)  // a folder left by an earlier process with this pid
        try? FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        atexit { try? FileManager.default.removeItem(at: TemporaryFolders.root) }
        return root
    }()

    /// A new empty folder named after `label`.
    public static func folder(_ label: String) -> URL {
        let url = root.appendingPathComponent("\(label)-\(UUID().uuidString)")
        try? FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// Removes the folders of test processes that are gone and that have not changed for `age` seconds.
    static func removeAbandoned(in base: URL, age: TimeInterval = 600) {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: base.path) else { return }
        for name in names where name.hasPrefix(prefix) {
            guard let pid = pid_t(name.dropFirst(prefix.count)), pid != getpid(), kill(pid, 0) != 0, errno == ESRCH else {
                continue
            }
            let folder = base.appendingPathComponent(name)
            guard let changed = try? FileManager.default.attributesOfItem(atPath: folder.path)[.modificationDate] as? Date,
                changed.timeIntervalSinceNow < -age
            else { continue }
            try? FileManager.default.removeItem(at: folder)
        }
    }
}
