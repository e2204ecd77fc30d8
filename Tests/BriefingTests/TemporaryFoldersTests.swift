import Foundation
import Testing

@testable import BriefingTestSupport

/// The tests' temporary folders go when the tests end; those of a test process that died go at the next run.
@Suite struct TemporaryFoldersTests {
    @Test func foldersAreInsideThisProcesssRoot() {
        let folder = TemporaryFolders.folder("inside")
        #expect(folder.deletingLastPathComponent().standardizedFileURL.path == TemporaryFolders.root.path)
        #expect(TemporaryFolders.root.lastPathComponent == "briefing-tests-\(getpid())")
        #expect(FileManager.default.fileExists(atPath: folder.path))
    }

    @Test func onlyOldFoldersOfProcessesThatAreGoneAreRemoved() throws {
        let base = TemporaryFolders.folder("abandoned")
        let finished = try Process.run(URL(fileURLWithPath: "/bin/true"), arguments: [])
        finished.waitUntilExit()
        let names = [
            "briefing-tests-\(finished.processIdentifier)",  // gone, and old
            "briefing-tests-\(getpid())",  // this process
            "briefing-tests-1",  // init, always running
            "briefing-tests-x",  // not a process id
            "other-\(finished.processIdentifier)",  // not a test folder
        ]
        let hourAgo = Date(timeIntervalSinceNow: -3600)
        for name in names {
            let folder = base.appendingPathComponent(name)
            try FileManager.default.createDirectory(at: folder.appendingPathComponent("output"), withIntermediateDirectories: true)
            try FileManager.default.setAttributes([.modificationDate: hourAgo], ofItemAtPath: folder.path)
        }
        // Gone, but changed a minute ago: perhaps a run in another PID namespace.
        let recent = "briefing-tests-\(pid_t.max)"  // above any pid_max: no such process
        try FileManager.default.createDirectory(at: base.appendingPathComponent(recent), withIntermediateDirectories: true)
        TemporaryFolders.removeAbandoned(in: base)
        let left = try FileManager.default.contentsOfDirectory(atPath: base.path).sorted()
        #expect(left == (names.dropFirst() + [recent]).sorted())
    }
}
