@testable import BriefingServer
import Foundation
import Testing

/// Which files the watcher reports changed: snapshot differences, and snapshots kept by file events.
@Suite struct SiteWatcherTests {
    typealias Snapshot = SiteWatcher.Snapshot

    /// A folder with `a.md`, `b.md` and `sub/c.md`.
    static func folder() throws -> URL {
        let folder = ServeSupport.temporaryFolder("watcher")
        try save("first", folder, "a.md")
        try save("second", folder, "b.md")
        try save("third", folder, "sub/c.md")
        return folder
    }

    static func save(_ text: String, _ folder: URL, _ path: String, atomically: Bool = false) throws {
        let url = folder.appendingPathComponent(path)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try text.write(to: url, atomically: atomically, encoding: .utf8)
    }

    @Test func reportsEditedAddedAndRemovedFiles() throws {
        let folder = try Self.folder()
        let before = Snapshot([folder])
        try Self.save("first, edited in place", folder, "a.md")
        try Self.save("third, saved atomically", folder, "sub/c.md", atomically: true)
        try FileManager.default.removeItem(at: folder.appendingPathComponent("b.md"))
        try Self.save("new", folder, "d.md")
        try Self.save("in a new folder", folder, "new/deeper/e.md")
        let changed = SiteWatcher.changes(from: before, to: Snapshot([folder]))
        #expect(changed == Set(["a.md", "sub/c.md", "b.md", "d.md", "new/deeper/e.md"].map { folder.appendingPathComponent($0).path }))
    }

    @Test func reportsNothingWhenNothingChanged() throws {
        let folder = try Self.folder()
        #expect(SiteWatcher.changes(from: Snapshot([folder]), to: Snapshot([folder])).isEmpty)
    }

    @Test func leavesOutHiddenAndBackupFiles() throws {
        let folder = try Self.folder()
        let before = Snapshot([folder])
        try Self.save("swap", folder, ".a.md.swp")
        try Self.save("backup", folder, "a.md~")
        try Self.save("hidden folder", folder, ".git/HEAD")
        try Self.save("temporary", folder, "sub/.c.md.tmp")
        #expect(SiteWatcher.changes(from: before, to: Snapshot([folder])).isEmpty)
    }

    @Test func reportsEveryFileOfAFolderMovedAway() throws {
        let folder = try Self.folder()
        let before = Snapshot([folder])
        try FileManager.default.moveItem(at: folder.appendingPathComponent("sub"), to: folder.appendingPathComponent(".parked"))
        #expect(SiteWatcher.changes(from: before, to: Snapshot([folder])) == [folder.appendingPathComponent("sub/c.md").path])
    }
}

#if os(Linux)
extension SiteWatcherTests {
    /// `FileEvents` must leave its snapshot as a full walk would find the files. inotify queues an
    /// event before the call that caused it returns, so applying once after the changes sees all of them.
    @Suite(.enabled(if: FileEvents(roots: []) != nil, "inotify is not available here"))
    struct Events {
        static func events(_ folder: URL) throws -> FileEvents {
            try #require(FileEvents(roots: [folder.path]))
        }

        @Test func followEditsAndAtomicSaves() throws {
            let folder = try SiteWatcherTests.folder()
            let events = try Self.events(folder)
            #expect(events.snapshot == Snapshot([folder]))
            try SiteWatcherTests.save("first, edited", folder, "a.md")
            try SiteWatcherTests.save("third, saved atomically", folder, "sub/c.md", atomically: true)
            try FileManager.default.removeItem(at: folder.appendingPathComponent("b.md"))
            #expect(events.apply())
            #expect(events.snapshot == Snapshot([folder]))
            #expect(events.take().named == Set(["a.md", "sub/c.md", "b.md"].map { folder.appendingPathComponent($0).path }))
        }

        @Test func nameAFileRewrittenWithTheSameStamp() throws {
            let folder = try SiteWatcherTests.folder()
            let events = try Self.events(folder)
            // Same size, and possibly the same modification time: only the event tells.
            try SiteWatcherTests.save("FIRST", folder, "a.md")
            #expect(events.apply())
            #expect(events.take().named == [folder.appendingPathComponent("a.md").path])
        }

        @Test func ignoreHiddenAndBackupFiles() throws {
            let folder = try SiteWatcherTests.folder()
            let events = try Self.events(folder)
            try SiteWatcherTests.save("swap", folder, "sub/.c.md.swp")
            try SiteWatcherTests.save("backup", folder, "a.md~")
            try SiteWatcherTests.save("hidden folder", folder, ".git/HEAD")
            #expect(!events.apply())
            #expect(events.snapshot == Snapshot([folder]))
        }

        @Test func followNewFoldersAndFilesWrittenInThem() throws {
            let folder = try SiteWatcherTests.folder()
            let events = try Self.events(folder)
            // Created before the watcher sees the folder: found by walking it.
            try SiteWatcherTests.save("early", folder, "new/deeper/e.md")
            #expect(events.apply())
            #expect(events.snapshot == Snapshot([folder]))
            // Written once the folder is watched: found by its own event.
            try SiteWatcherTests.save("late", folder, "new/deeper/f.md")
            #expect(events.apply())
            #expect(events.snapshot == Snapshot([folder]))
            #expect(events.snapshot.files[folder.appendingPathComponent("new/deeper/f.md").path] != nil)
        }

        @Test func followAFolderMovedAwayAndBack() throws {
            let folder = try SiteWatcherTests.folder()
            let sub = folder.appendingPathComponent("sub")
            let parked = folder.deletingLastPathComponent().appendingPathComponent("parked-\(UUID().uuidString)")
            let events = try Self.events(folder)
            try FileManager.default.moveItem(at: sub, to: parked)
            #expect(events.apply())
            #expect(events.snapshot == Snapshot([folder]))
            _ = events.take()
            // Out of the watched folder, edits are no concern of the watcher's.
            try SiteWatcherTests.save("edited while away", parked, "c.md")
            #expect(!events.apply())
            #expect(events.take().named.isEmpty)
            try FileManager.default.moveItem(at: parked, to: sub)
            try SiteWatcherTests.save("edited once back", folder, "sub/c.md")
            #expect(events.apply())
            #expect(events.snapshot == Snapshot([folder]))
            #expect(events.snapshot.files[sub.appendingPathComponent("c.md").path]?.size == Int64("edited once back".utf8.count))
        }

        @Test func followAFolderRenamedAndReplaced() throws {
            let folder = try SiteWatcherTests.folder()
            let events = try Self.events(folder)
            try FileManager.default.moveItem(at: folder.appendingPathComponent("sub"), to: folder.appendingPathComponent("renamed"))
            try SiteWatcherTests.save("in the renamed folder", folder, "renamed/g.md")
            try SiteWatcherTests.save("a file where the folder was", folder, "sub")
            #expect(events.apply())
            #expect(events.snapshot == Snapshot([folder]))
            try FileManager.default.removeItem(at: folder.appendingPathComponent("sub"))
            try FileManager.default.removeItem(at: folder.appendingPathComponent("renamed"))
            #expect(events.apply())
            #expect(events.snapshot == Snapshot([folder]))
        }

        @Test func recoverFromAQueueOverflow() throws {
            let folder = try SiteWatcherTests.folder()
            let events = try Self.events(folder)
            // Each open, write and close queues two events; twice the queue's length makes sure it overflows.
            let limit = (try? String(contentsOfFile: "/proc/sys/fs/inotify/max_queued_events", encoding: .utf8))
                .flatMap { Int($0.trimmingCharacters(in: .whitespacesAndNewlines)) } ?? 16384
            let path = folder.appendingPathComponent("a.md").path
            for _ in 0..<limit {
                let descriptor = open(path, O_WRONLY)
                _ = write(descriptor, "x", 1)
                close(descriptor)
            }
            try SiteWatcherTests.save("after the overflow", folder, "sub/h.md")
            #expect(events.apply())
            #expect(events.snapshot == Snapshot([folder]))
        }

        @Test func letARescanFindARootCreatedLater() throws {
            let folder = try SiteWatcherTests.folder()
            let missing = folder.deletingLastPathComponent().appendingPathComponent("later-\(UUID().uuidString)")
            let events = try #require(FileEvents(roots: [folder.path, missing.path]))
            try SiteWatcherTests.save("in a root created later", missing, "i.md")
            events.rescan()
            #expect(events.snapshot == Snapshot([folder, missing]))
            try SiteWatcherTests.save("written once watched", missing, "j.md")
            #expect(events.apply())
            #expect(events.snapshot == Snapshot([folder, missing]))
        }
    }
}
#endif
