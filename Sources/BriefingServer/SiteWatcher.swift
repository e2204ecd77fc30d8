import Foundation
import ServiceLifecycle

/// Watches the site's sources and rebuilds once a burst of changes has settled.
///
/// It polls: every `interval` it takes a snapshot of the files (inode, size, change and modification
/// times) under the watched folders and compares it with the last. Polling sees every kind of change
/// alike (saves, atomic renames, deletions, folders replaced by `git checkout`) and has nothing to
/// re-arm when a watched folder is removed and created again.
final class SiteWatcher: Service, @unchecked Sendable {
    let folders: [URL]
    let site: PreviewSite
    let live: LiveReload
    let interval: Duration
    /// How long the files must stay unchanged before a rebuild starts.
    let quiet: Duration
    let maxDelay: Duration = .seconds(1)
    let report: @Sendable (PreviewSite.Outcome) -> Void

    /// The files as they were when the last build started.
    private let initial: Snapshot

    /// Call before the first build, so that edits made while it runs are seen as changes.
    init(
        folders: [URL], site: PreviewSite, live: LiveReload, interval: Duration, quiet: Duration,
        report: @escaping @Sendable (PreviewSite.Outcome) -> Void
    ) {
        self.initial = Snapshot(folders)
        self.folders = folders
        self.site = site
        self.live = live
        self.interval = interval
        self.quiet = quiet
        self.report = report
    }

    func run() async throws {
        await cancelWhenGracefulShutdown {
            await self.watch()
        }
        live.finishAll()
    }

    private func watch() async {
        var last = initial
        var changedAt: ContinuousClock.Instant?
        var pendingSince: ContinuousClock.Instant?
        var lastBeat = ContinuousClock.now
        while !Task.isCancelled {
            do { try await Task.sleep(for: interval) } catch { return }
            let now = Snapshot(folders)
            if now != last {
                last = now
                changedAt = .now
                if pendingSince == nil { pendingSince = .now }
            }
            // Rebuild once the files have settled, or anyway after `maxDelay` of changes that never
            // settle (a script rewriting a file in a loop), so the preview cannot fall behind for ever.
            if let since = changedAt, let first = pendingSince,
                since.duration(to: .now) >= quiet || first.duration(to: .now) >= maxDelay
            {
                changedAt = nil
                pendingSince = nil
                let outcome = await rebuild()
                live.publish(outcome.status)
                report(outcome)
            }
            if lastBeat.duration(to: .now) >= .seconds(15) {
                lastBeat = .now
                live.heartbeat()
            }
        }
    }

    /// Runs the build on a thread of its own: it blocks for its whole length, and the threads Swift
    /// concurrency shares with request handling must stay free to serve the last good site meanwhile.
    private func rebuild() async -> PreviewSite.Outcome {
        await withCheckedContinuation { continuation in
            let site = self.site
            Thread { continuation.resume(returning: site.rebuild()) }.start()
        }
    }

    /// The watched files and their stamps; names starting with `.` or ending in `~` (editor swap and
    /// backup files) are left out.
    struct Snapshot: Equatable {
        var files: [String: Stamp] = [:]

        struct Stamp: Equatable {
            var inode: UInt64
            var size: Int64
            var modified: Int64
            var changed: Int64
        }

        init(_ folders: [URL]) {
            for folder in folders { add(folder.path, depth: 0) }
        }

        private mutating func add(_ path: String, depth: Int) {
            guard depth < 32, let names = try? FileManager.default.contentsOfDirectory(atPath: path) else { return }
            for name in names where !name.hasPrefix(".") && !name.hasSuffix("~") {
                let child = path + "/" + name
                var info = stat()
                guard stat(child, &info) == 0 else { continue }
                if info.st_mode & S_IFMT == S_IFDIR {
                    add(child, depth: depth + 1)
                } else {
                    files[child] = Stamp(
                        inode: UInt64(info.st_ino), size: Int64(info.st_size),
                        modified: Int64(info.st_mtim.tv_sec) * 1_000_000_000 + Int64(info.st_mtim.tv_nsec),
                        changed: Int64(info.st_ctim.tv_sec) * 1_000_000_000 + Int64(info.st_ctim.tv_nsec))
                }
            }
        }
    }
}
