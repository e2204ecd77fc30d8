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

    @Test func onlyFoldersOfProcessesThatAreGoneAreRemoved() throws {
        let base = TemporaryFolders.folder("abandoned")
        let finished = try Process.run(URL(fileURLWithPath: "/bin/true"), arguments: [])
        finished.waitUntilExit()
        let names = [
            "briefing-tests-\(finished.processIdentifier)",  // gone
            "briefing-tests-\(getpid())",  // this process
            "briefing-tests-1",  // init, always running
            "briefing-tests-x",  // not a process id
            "other-\(finished.processIdentifier)",  // not a test folder
        ]
        for name in names {
            try FileManager.default.createDirectory(
                at: base.appendingPathComponent(name).appendingPathComponent("output"), withIntermediateDirectories: true)
        }
        TemporaryFolders.removeAbandoned(in: base)
        let left = try FileManager.default.contentsOfDirectory(atPath: base.path).sorted()
        #expect(left == names.dropFirst().sorted())
    }
}
