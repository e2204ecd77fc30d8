import BriefingCore
@testable import BriefingSite
import Foundation
import Testing

/// A failed build leaves the previous output exactly as it was, and nothing is written outside it.
@Suite struct OutputSafetyTests {
    @Test func brokenReferenceExitsOneAndKeepsPreviousOutput() throws {
        let site = try TestSupport.site("minimal")
        let output = site.deletingLastPathComponent().appendingPathComponent("Output")
        let good = try TestSupport.run(["build", "--site", site.path, "--output", output.path])
        #expect(good.status == 0, "\(good.err)")
        let before = TestSupport.snapshot(output)
        #expect(before["index.html"] != nil)

        try "- id: broken\n  date: 2010\n  title: Broken\n  people: [nobody-here]\n"
            .write(to: site.appendingPathComponent("Content/events/zz.yml"), atomically: false, encoding: .utf8)
        let bad = try TestSupport.run(["build", "--site", site.path, "--output", output.path])
        #expect(bad.status == 1)
        #expect(bad.err.contains("Content/events/zz.yml:4:12: error: unknown profile 'nobody-here'"), "\(bad.err)")
        #expect(TestSupport.snapshot(output) == before)
        // No staging folders left behind.
        let siblings = try FileManager.default.contentsOfDirectory(atPath: output.deletingLastPathComponent().path)
        #expect(siblings.sorted() == ["Output", "site"])
    }

    @Test func onlyPlainRelativePathsAreWritten() {
        for path in ["index.html", "events/a/index.html", ".briefing-output", "a/.../b", "é/ü.html"] {
            #expect(OutputWriter.isSafeRelativePath(path), "\(path)")
        }
        for path in ["", "/etc/passwd", "a//b", "a/./b", "a/../b", "..", ".", "a/", "a\\b", "a\u{0}b", "../x"] {
            #expect(!OutputWriter.isSafeRelativePath(path), "\(path)")
        }
    }

    @Test func staleFilesDisappearOnRebuild() throws {
        let site = try TestSupport.site("minimal", changes: ["Content/profiles/short-lived.md": "---\nname: Short Lived\n---\n"])
        let (output, first) = TestSupport.build(site)
        _ = try first.get()
        let page = output.appendingPathComponent("profiles/short-lived/index.html").path
        #expect(FileManager.default.fileExists(atPath: page))
        try FileManager.default.removeItem(at: site.appendingPathComponent("Content/profiles/short-lived.md"))
        _ = try TestSupport.build(site).1.get()
        #expect(!FileManager.default.fileExists(atPath: page))
    }

    /// A build killed part way leaves its staging folder; a later build removes it once it is old and
    /// its process is gone, and leaves everything else beside the output alone.
    @Test func leftoversOfKilledBuildsAreRemoved() throws {
        let site = try TestSupport.site("minimal")
        let parent = site.deletingLastPathComponent()
        let output = parent.appendingPathComponent("Output")
        _ = try TestSupport.build(site, output: output).1.get()
        let manager = FileManager.default
        // A process that has exited: its id names the leftovers of a killed build.
        let finished = Process()
        finished.executableURL = URL(fileURLWithPath: "/bin/true")
        try finished.run()
        finished.waitUntilExit()
        let gone = finished.processIdentifier
        let alive = ProcessInfo.processInfo.processIdentifier
        let hourAgo = Date().addingTimeInterval(-3600)
        func folder(_ name: String, modified: Date? = hourAgo) throws {
            let url = parent.appendingPathComponent(name)
            try manager.createDirectory(at: url.appendingPathComponent("events/a"), withIntermediateDirectories: true)
            try "half".write(to: url.appendingPathComponent("events/a/index.html"), atomically: false, encoding: .utf8)
            if let modified { try manager.setAttributes([.modificationDate: modified], ofItemAtPath: url.path) }
        }
        try folder(".Output.staging-\(gone)-12345")  // removed
        try folder(".Output.old-\(gone)-77")  // removed: the output is in place
        try folder(".Output.staging-\(gone)-999", modified: nil)  // kept: changed just now
        try folder(".Output.staging-\(alive)-5")  // kept: its process runs
        try folder(".Output.staging-notes")  // kept: not a name a build gives
        try folder(".Other.staging-\(gone)-1")  // kept: another output's
        _ = try TestSupport.build(site, output: output).1.get()
        let siblings = try manager.contentsOfDirectory(atPath: parent.path).sorted()
        #expect(siblings == [
            ".Other.staging-\(gone)-1", ".Output.staging-\(alive)-5", ".Output.staging-\(gone)-999", ".Output.staging-notes",
            "Output", "site",
        ])
    }

    /// Ctrl-C in the middle of a build: the staging folder goes, the previous output stays, and the
    /// exit status is a shell's for an interrupt (130).
    @Test func interruptedBuildLeavesNothingBehind() throws {
        let site = try TestSupport.site("minimal")
        let parent = site.deletingLastPathComponent()
        let output = parent.appendingPathComponent("Output")
        _ = try TestSupport.build(site, output: output).1.get()
        let before = TestSupport.snapshot(output)
        // Enough events that the build is still writing pages when it is interrupted.
        let events = (0..<8000).map { "- id: many-\($0)\n  date: 2010\n  title: Event \($0)\n" }.joined()
        try events.write(to: site.appendingPathComponent("Content/events/many.yml"), atomically: false, encoding: .utf8)
        let process = Process()
        process.executableURL = TestSupport.executable
        process.arguments = ["build", "--site", site.path, "--output", output.path]
        let err = Pipe()
        process.standardOutput = FileHandle.nullDevice
        process.standardError = err
        try process.run()
        let manager = FileManager.default
        var writing = false
        let deadline = Date().addingTimeInterval(60)
        while process.isRunning, Date() < deadline {
            let staging = (try? manager.contentsOfDirectory(atPath: parent.path))?.first { $0.hasPrefix(".Output.staging-") }
            if let staging, manager.fileExists(atPath: parent.appendingPathComponent("\(staging)/events").path) {
                writing = true
                break
            }
            usleep(2_000)
        }
        #expect(writing, "the build ended before it wrote event pages; make the site larger")
        kill(process.processIdentifier, SIGINT)
        let message = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 130, "\(message)")
        #expect(message.contains("interrupted"), "\(message)")
        #expect(try manager.contentsOfDirectory(atPath: parent.path).sorted() == ["Output", "site"])
        #expect(TestSupport.snapshot(output) == before)
    }

    @Test(arguments: ["site", "Content", "Templates", "parent"])
    func refusesDangerousOutputFolders(_ kind: String) throws {
        let site = try TestSupport.site("minimal")
        try FileManager.default.createDirectory(at: site.appendingPathComponent("Templates"), withIntermediateDirectories: true)
        let output: URL
        switch kind {
        case "site": output = site
        case "parent": output = site.deletingLastPathComponent()
        default: output = site.appendingPathComponent("\(kind)/out")
        }
        let before = TestSupport.snapshot(site)
        let (_, result) = TestSupport.build(site, output: output)
        #expect(TestSupport.errors(of: result).count == 1)
        #expect(TestSupport.snapshot(site) == before)
    }

    @Test func refusesAForeignNonEmptyFolder() throws {
        let site = try TestSupport.site("minimal")
        let foreign = site.deletingLastPathComponent().appendingPathComponent("Documents")
        try FileManager.default.createDirectory(at: foreign, withIntermediateDirectories: true)
        try "precious".write(to: foreign.appendingPathComponent("thesis.txt"), atomically: false, encoding: .utf8)
        let (_, result) = TestSupport.build(site, output: foreign)
        #expect(TestSupport.errors(of: result).first?.contains("is not empty and was not created by briefing") == true)
        #expect(try String(contentsOf: foreign.appendingPathComponent("thesis.txt"), encoding: .utf8) == "precious")
    }

    @Test func cliHelpDescribesBuild() throws {
        let help = try TestSupport.run(["build", "--help"])
        #expect(help.out.contains("--output"))
        #expect(help.out.contains("--drafts"))
    }
}
