import Foundation
import Testing

/// The `publish` and `check` subcommands run as a user would, in a subprocess with its own environment.
@Suite(.enabled(if: ExportSupport.executable != nil, "the briefing executable is not built beside the tests"))
struct CommandLineTests {
    static func briefing(_ arguments: [String], environment: [String: String] = [:]) throws -> (Int32, String, String) {
        let executable = try #require(ExportSupport.executable)
        var merged = ProcessInfo.processInfo.environment
        merged.removeValue(forKey: "SOURCE_DATE_EPOCH")
        for (key, value) in environment { merged[key] = value }
        return try ExportSupport.run(executable, arguments, environment: merged)
    }

    @Test func publishGivesIdenticalBytesInDistantTimeZones() throws {
        let site = try ExportSupport.copy("export-basic")
        let parent = site.deletingLastPathComponent()
        var snapshots: [[String: Data]] = []
        for (zone, locale) in [("Pacific/Kiritimati", "C.UTF-8"), ("America/Caracas", "POSIX")] {
            let output = parent.appendingPathComponent("out-\(snapshots.count)")
            let (status, _, errors) = try Self.briefing(
                ["publish", "--site", site.path, "--output", output.path], environment: ["TZ": zone, "LC_ALL": locale])
            #expect(status == 0, "\(errors)")
            snapshots.append(ExportSupport.snapshot(output))
        }
        #expect(!snapshots[0].isEmpty)
        #expect(snapshots[0] == snapshots[1])
    }

    /// In a subprocess: setting the variable in the test process would change the "now" of builds that
    /// other suites run at the same time.
    @Test func sourceDateEpochSetsNow() throws {
        let site = try ExportSupport.copy("export-basic")
        let output = site.deletingLastPathComponent().appendingPathComponent("out")
        let (status, _, errors) = try Self.briefing(
            ["publish", "--site", site.path, "--output", output.path], environment: ["SOURCE_DATE_EPOCH": "1767225600"])
        #expect(status == 0, "\(errors)")
        let ics = try String(contentsOf: output.appendingPathComponent("events.ics"), encoding: .utf8)
        #expect(ics.contains("DTSTAMP:20260101T000000Z"))  // 2026-01-01T00:00:00Z
    }

    @Test func dryRunListsChangesAndWritesNothing() throws {
        let site = try ExportSupport.copy("export-basic")
        let output = site.deletingLastPathComponent().appendingPathComponent("public")
        let (first, _, _) = try Self.briefing(["publish", "--site", site.path, "--output", output.path])
        #expect(first == 0)
        try FileManager.default.removeItem(at: site.appendingPathComponent("Content/media/note.txt"))
        let before = ExportSupport.snapshot(output)
        let (status, out, _) = try Self.briefing(["publish", "--site", site.path, "--output", output.path, "--dry-run"])
        #expect(status == 0)
        #expect(out.contains("removed  media/note.txt"))
        #expect(out.contains("Dry run: 0 added, 0 changed, 1 removed; nothing written"), "\(out)")
        #expect(ExportSupport.snapshot(output) == before)
    }

    @Test func publishRefusesTheSiteFolder() throws {
        let site = try ExportSupport.copy("export-basic")
        let before = ExportSupport.snapshot(site)
        let (status, _, errors) = try Self.briefing(["publish", "--site", site.path, "--output", site.path])
        #expect(status == 1)
        #expect(errors.contains("error: the output folder cannot be the site folder itself"))
        #expect(ExportSupport.snapshot(site) == before)
    }

    @Test func checkReportsBrokenLinksAndSkipsExternal() throws {
        let site = ExportSupport.fixture("check-links")
        let (status, _, errors) = try Self.briefing(["check", "--site", site.path])
        #expect(status == 1)
        #expect(errors.contains("Content/briefings/2026-01-10-first.md:9:28: error: broken link '../no-such-briefing/'"))
        // No test reaches the network: --external is skipped with a note.
        let (externalStatus, _, externalErrors) = try Self.briefing(
            ["check", "--site", ExportSupport.fixture("export-basic").path, "--external"], environment: ["BRIEFING_OFFLINE": "1"])
        #expect(externalStatus == 0)
        #expect(externalErrors.contains("--external skipped"))
        let (strictStatus, _, _) = try Self.briefing(["check", "--site", ExportSupport.fixture("export-basic").path, "--strict"])
        #expect(strictStatus == 1)  // export-basic has events without sources
        let (okStatus, out, _) = try Self.briefing(["check", "--site", ExportSupport.fixture("export-basic").path])
        #expect(okStatus == 0)
        #expect(out.contains("Check passed"))
    }
}
