import BriefingSite
import Foundation
import Testing

/// A content file or folder the build may not read (mode 000): a `path: error:` line naming it, exit
/// status 1, and the previous output byte-identical.
///
/// Root reads mode-000 files anyway, and the tests run as root in CI, so there the `briefing`
/// executable is run as `nobody` through `setpriv`; any other user builds in-process.
extension HostileInputTests {
    struct UnreadableCase: CustomStringConvertible, Sendable {
        let name: String
        /// Relative to the site folder; made mode 000.
        let path: String
        let expected: String
        var description: String { name }
    }

    static let unreadableCases: [UnreadableCase] = [
        UnreadableCase(name: "briefing", path: "Content/briefings/2011-05-03-meeting.md",
            expected: "Content/briefings/2011-05-03-meeting.md: error: cannot read file: permission denied"),
        UnreadableCase(name: "events file", path: "Content/events/main.yml",
            expected: "Content/events/main.yml: error: cannot read file: permission denied"),
        UnreadableCase(name: "events folder", path: "Content/events",
            expected: "Content/events: error: cannot read folder: permission denied"),
        UnreadableCase(name: "media file", path: "Content/media/note.txt",
            expected: "Content/media/note.txt: error: cannot read file: permission denied"),
    ]

    @Test(.enabled(if: Unprivileged.isPossible, "root, without setpriv or the briefing executable"), arguments: unreadableCases)
    func unreadableFileIsNamed(_ testCase: UnreadableCase) throws {
        let site = try TestSupport.site("minimal")
        let target = site.appendingPathComponent(testCase.path)
        let mode = try #require(FileManager.default.attributesOfItem(atPath: target.path)[.posixPermissions] as? Int)
        defer { chmod(target.path, mode_t(mode)) }
        let (before, status, errors, after) = try Unprivileged.buildTwice(site) {
            #expect(chmod(target.path, 0) == 0)
        }
        #expect(status == 1, "\(errors)")
        #expect(errors.contains(testCase.expected), "got: \(errors)")
        #expect(!before.isEmpty)
        #expect(after == before, "a failed build changed the output")
    }
}

/// Builds as a user to whom file modes apply.
enum Unprivileged {
    static let setpriv = ["/usr/bin/setpriv", "/bin/setpriv"].first { FileManager.default.isExecutableFile(atPath: $0) }
    static let isRoot = getuid() == 0
    static let isPossible = !isRoot || (setpriv != nil && ExportSupport.executable != nil)
    /// `nobody` on Debian.
    static let id: UInt32 = 65534

    /// Builds `site` once (it must succeed), calls `change`, builds again into the same output.
    /// Returns the output before the second build, its exit status and errors, and the output after.
    static func buildTwice(_ site: URL, change: () throws -> Void) throws
        -> (before: [String: Data], status: Int32, errors: String, after: [String: Data])
    {
        let parent = site.deletingLastPathComponent()
        guard isRoot, let setpriv, let executable = ExportSupport.executable else {
            let output = parent.appendingPathComponent("Output")
            _ = try TestSupport.build(site, output: output).1.get()
            let before = TestSupport.snapshot(output)
            try change()
            let result = TestSupport.build(site, output: output).1
            let errors = TestSupport.errors(of: result).joined(separator: "\n")
            return (before, (try? result.get()) == nil ? 1 : 0, errors, TestSupport.snapshot(output))
        }
        // The site stays root's and world-readable; the output's folder belongs to `nobody`, who
        // writes the staging folder beside the output.
        let writable = parent.appendingPathComponent("out")
        try FileManager.default.createDirectory(at: writable, withIntermediateDirectories: true)
        #expect(chmod(parent.path, 0o755) == 0 && chown(writable.path, id, id) == 0)
        let output = writable.appendingPathComponent("Output")
        // The checkout's theme may sit under a folder `nobody` cannot enter (a clone in a mode-700
        // temporary folder): build with a readable copy.
        let theme = parent.appendingPathComponent("theme")
        try FileManager.default.copyItem(at: TestSupport.packageRoot.appendingPathComponent("Templates"), to: theme)
        func build() throws -> (Int32, String) {
            let arguments = [
                "--reuid=\(id)", "--regid=\(id)", "--clear-groups", executable.path,
                "build", "--site", site.path, "--output", output.path,
            ]
            var environment = ProcessInfo.processInfo.environment
            environment["HOME"] = writable.path
            environment["BRIEFING_THEME"] = theme.path
            let result = try TestSupport.run(
                arguments, in: writable, executable: URL(fileURLWithPath: setpriv), environment: environment)
            return (result.status, result.err)
        }
        let (first, firstErrors) = try build()
        try #require(first == 0, "the unchanged site must build as user \(id): \(firstErrors)")
        let before = TestSupport.snapshot(output)
        try change()
        let (status, errors) = try build()
        return (before, status, errors, TestSupport.snapshot(output))
    }
}
