import BriefingCore
import BriefingSite
import Foundation
import Testing

/// A full or read-only disk under the output folder: a clear error, the previous output intact, no
/// half-written files. Uses small tmpfs mounts, so it needs root (as in CI); elsewhere it is skipped.
/// Whether this machine lets the tests mount a small tmpfs (root, as in CI).
let tmpfsAvailable: Bool = {
        let probe = TestSupport.temporaryFolder("mount-probe")
        defer { try? FileManager.default.removeItem(at: probe) }
        guard FileSystemFailureTests.mount(probe, options: "size=16k") else { return false }
        FileSystemFailureTests.unmount(probe)
        return true
}()

@Suite(.enabled(if: tmpfsAvailable, "mounting a tmpfs needs root"))
struct FileSystemFailureTests {

    @discardableResult
    static func mount(_ folder: URL, options: String) -> Bool {
        shell(["mount", "-t", "tmpfs", "-o", options, "tmpfs", folder.path]) == 0
    }

    static func unmount(_ folder: URL) {
        shell(["umount", folder.path])
    }

    @discardableResult
    static func shell(_ arguments: [String]) -> Int32 {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = arguments
        process.standardError = FileHandle.nullDevice
        process.standardOutput = FileHandle.nullDevice
        guard (try? process.run()) != nil else { return -1 }
        process.waitUntilExit()
        return process.terminationStatus
    }

    /// A previous output, made by hand, that must survive the failed build byte for byte.
    func previousOutput(in disk: URL) throws -> URL {
        let output = disk.appendingPathComponent("Output")
        try FileManager.default.createDirectory(at: output, withIntermediateDirectories: true)
        try Data().write(to: output.appendingPathComponent(OutputWriter.markerName))
        try "old site".write(to: output.appendingPathComponent("index.html"), atomically: false, encoding: .utf8)
        return output
    }

    @Test func fullDiskKeepsThePreviousOutput() throws {
        let disk = TestSupport.temporaryFolder("full-disk")
        #expect(Self.mount(disk, options: "size=24k"))
        defer { Self.unmount(disk) }
        let output = try previousOutput(in: disk)
        let before = TestSupport.snapshot(output)
        let (_, result) = TestSupport.build(try TestSupport.site("minimal"), output: output)
        let errors = TestSupport.errors(of: result)
        #expect(errors.count == 1)
        #expect(errors.first?.contains("cannot write output file") == true, "\(errors)")
        #expect(TestSupport.snapshot(output) == before)
        #expect(try FileManager.default.contentsOfDirectory(atPath: disk.path) == ["Output"], "staging left behind")
    }

    @Test func readOnlyDiskKeepsThePreviousOutput() throws {
        let disk = TestSupport.temporaryFolder("read-only")
        #expect(Self.mount(disk, options: "size=64k"))
        defer { Self.unmount(disk) }
        let output = try previousOutput(in: disk)
        #expect(Self.shell(["mount", "-o", "remount,ro", disk.path]) == 0)
        let before = TestSupport.snapshot(output)
        let (_, result) = TestSupport.build(try TestSupport.site("minimal"), output: output)
        let errors = TestSupport.errors(of: result)
        #expect(errors.first?.contains("cannot create the staging folder") == true, "\(errors)")
        #expect(TestSupport.snapshot(output) == before)
    }
}
