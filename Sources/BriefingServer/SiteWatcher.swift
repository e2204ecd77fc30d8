import Foundation
import ServiceLifecycle

/// Watches the site's sources and rebuilds once a burst of changes has settled, telling the build
/// which files changed.
///
/// On Linux, inotify (`FileEvents`) wakes it as soon as a file changes and names the file: a save is
/// rebuilt after `settle` (a few milliseconds, enough to take a `git checkout` in one rebuild) without
/// walking the site, and a full walk every `recheck` is a safety net for what inotify cannot see.
/// Where inotify is not available it polls: every `interval` it takes a snapshot of the files (inode,
/// size, change and modification times) under the watched folders and compares it with the last, and
/// rebuilds once they have stayed unchanged for `quiet`. Polling sees every kind of change alike and
/// has nothing to re-arm when a watched folder is removed and created again, but stats every file each
/// time and can only tell a burst is over by waiting.
///
/// The loop runs on a thread of its own: it blocks waiting for changes and for each build, and the
/// threads Swift concurrency shares with request handling must stay free to serve the last good site
/// meanwhile.
final class SiteWatcher: Service, @unchecked Sendable {
    let folders: [URL]
    let site: PreviewSite
    let live: LiveReload
    /// How often to take a snapshot when polling.
    let interval: Duration
    /// How long the files must stay unchanged before a rebuild starts when polling, or while a file
    /// is still being written.
    let quiet: Duration
    /// How long after the last file event a rebuild starts.
    let settle: Duration
    let maxDelay: Duration = .seconds(1)
    /// How often the folders are walked anyway when file events drive the rebuilds.
    let recheck: Duration = .seconds(1)
    let report: @Sendable (PreviewSite.Outcome) -> Void

    /// The files as they were when the last build started.
    private let initial: Snapshot
    /// Guards `stopped`, set when the service is cancelled, and wakes a polling loop's sleep.
    private let stopping = NSCondition()
    private var stopped = false

    /// Call before the first build, so that edits made while it runs are seen as changes.
    init(
        folders: [URL], site: PreviewSite, live: LiveReload, interval: Duration, quiet: Duration, settle: Duration,
        report: @escaping @Sendable (PreviewSite.Outcome) -> Void
    ) {
        self.initial = Snapshot(folders)
        self.folders = folders
        self.site = site
        self.live = live
        self.interval = interval
        self.quiet = quiet
        self.settle = settle
        self.report = report
    }

    func run() async throws {
        await cancelWhenGracefulShutdown {
            await withTaskCancellationHandler {
                await withCheckedContinuation { continuation in
                    let thread = Thread {
                        self.watch()
                        continuation.resume()
                    }
                    thread.name = "briefing-watcher"
                    thread.start()
                }
            } onCancel: {
                self.stop()
            }
        }
        live.finishAll()
    }

    private func watch() {
        #if os(Linux)
        if let events = FileEvents(roots: folders.map(\.path)) { return follow(events) }
        #endif
        poll()
    }

    #if os(Linux)
    /// Rebuilds as file events come. Waits at most 100 ms at a time, to notice `stop()`.
    private func follow(_ events: FileEvents) {
        var built = initial
        var burst = Burst()
        if events.snapshot != built { burst.note() }
        var nextCheck = ContinuousClock.now + recheck
        var lastBeat = ContinuousClock.now
        func due() -> ContinuousClock.Instant? {
            burst.due(settle: events.writing.isEmpty ? settle : quiet, maxDelay: maxDelay)
        }
        while !isStopped {
            let wake = min(due() ?? nextCheck, nextCheck, .now + .milliseconds(100))
            if events.wait(ContinuousClock.now.duration(to: wake)), events.apply() { burst.note() }
            // Not while changes are pending: the walk would only delay their rebuild.
            if due() == nil, nextCheck <= .now {
                let before = events.snapshot
                events.rescan()
                if events.snapshot != before { burst.note() }
                nextCheck = .now + recheck
            }
            if let due = due(), due <= .now {
                burst = Burst()
                let (current, named) = events.take()
                rebuild(from: &built, to: current, named: named)
            }
            heartbeat(&lastBeat)
        }
    }
    #endif

    /// Rebuilds from snapshots taken every `interval`.
    private func poll() {
        var built = initial
        var last = initial
        var burst = Burst()
        var lastBeat = ContinuousClock.now
        while pause(interval) {
            let now = Snapshot(folders)
            if now != last {
                last = now
                burst.note()
            }
            if let due = burst.due(settle: quiet, maxDelay: maxDelay), due <= .now {
                burst = Burst()
                rebuild(from: &built, to: last, named: [])
            }
            heartbeat(&lastBeat)
        }
    }

    /// Rebuilds for the files that differ between `built` and `current` and those events named, if
    /// any, and tells open pages and the console; `built` becomes `current`.
    private func rebuild(from built: inout Snapshot, to current: Snapshot, named: Set<String>) {
        var changed = Self.changes(from: built, to: current)
        for path in named where built.files[path] != nil || current.files[path] != nil { changed.insert(path) }
        built = current
        guard !changed.isEmpty else { return }
        let outcome = site.rebuild(changed: changed) { [live] in live.publish($0) }
        live.publish(outcome.status)
        report(outcome)
    }

    /// The absolute paths of the files added, modified or removed from `old` to `new`.
    static func changes(from old: Snapshot, to new: Snapshot) -> Set<String> {
        var changed = Set<String>()
        for (path, stamp) in new.files where old.files[path] != stamp { changed.insert(path) }
        for path in old.files.keys where new.files[path] == nil { changed.insert(path) }
        return changed
    }

    private func heartbeat(_ lastBeat: inout ContinuousClock.Instant) {
        guard lastBeat.duration(to: .now) >= .seconds(15) else { return }
        lastBeat = .now
        live.heartbeat()
    }

    private var isStopped: Bool { stopping.withLock { stopped } }

    private func stop() {
        stopping.withLock {
            stopped = true
            stopping.broadcast()
        }
    }

    /// Sleeps for `duration` unless stopped meanwhile; returns whether to go on.
    private func pause(_ duration: Duration) -> Bool {
        let (seconds, attoseconds) = duration.components
        let deadline = Date(timeIntervalSinceNow: Double(seconds) + Double(attoseconds) / 1e18)
        return stopping.withLock {
            while !stopped, stopping.wait(until: deadline) {}
            return !stopped
        }
    }

    /// A burst of changes: when it began and when a change was last seen.
    struct Burst {
        private var first: ContinuousClock.Instant?
        private var last: ContinuousClock.Instant?

        mutating func note() {
            last = .now
            if first == nil { first = last }
        }

        /// When to rebuild (nil while nothing changed): once the files have settled, or anyway after
        /// `maxDelay` of changes that never settle (a script rewriting a file in a loop), so the preview
        /// cannot fall behind for ever.
        func due(settle: Duration, maxDelay: Duration) -> ContinuousClock.Instant? {
            guard let first, let last else { return nil }
            return min(last + settle, first + maxDelay)
        }
    }

    /// The watched files and their stamps; names starting with `.` or ending in `~` (editor swap and
    /// backup files) are left out.
    struct Snapshot: Equatable {
        var files: [String: FileStamp] = [:]

        init() {}

        init(_ folders: [URL]) {
            for folder in folders { add(folder: folder.path) }
        }

        /// Adds the files under `path`. `entering` sees each folder before it is listed, so that a
        /// watch placed there misses nothing the listing does not show.
        mutating func add(folder path: String, depth: Int = 0, entering: (String) -> Void = { _ in }) {
            guard depth < 32 else { return }
            entering(path)
            guard let names = try? FileManager.default.contentsOfDirectory(atPath: path) else { return }
            for name in names where !name.hasPrefix(".") && !name.hasSuffix("~") {
                let child = path + "/" + name
                var info = stat()
                guard stat(child, &info) == 0 else { continue }
                if info.st_mode & S_IFMT == S_IFDIR {
                    add(folder: child, depth: depth + 1, entering: entering)
                } else {
                    files[child] = FileStamp(info)
                }
            }
        }

        /// Removes the files under `folder`.
        mutating func remove(under folder: String) {
            let prefix = folder + "/"
            files = files.filter { !$0.key.hasPrefix(prefix) }
        }
    }
}
