import ArgumentParser
import BriefingCore
import BriefingSite
import Foundation

struct Check: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Check the site without writing anything: content, internal links and anchors, editorial warnings.",
        discussion: """
            Runs everything build validates, then follows every local href and src in the generated pages \
            (including plain Markdown links) and every #anchor, and warns about events without sources, \
            overlapping tenures of one office, events after a person's death and profiles nothing references. \
            --external asks each source URL whether it still answers (8 at a time, 10 s timeout; set BRIEFING_OFFLINE=1 to skip). \
            Exits 1 on errors; --strict treats warnings as errors.
            """
    )

    @OptionGroup var options: SiteOptions

    @Flag(name: .long, help: "Treat warnings as errors.")
    var strict = false

    @Flag(name: .long, help: "Also check external source URLs (needs network access).")
    var external = false

    func run() async throws {
        var build = BuildOptions(siteFolder: options.siteURL, outputFolder: options.siteURL.appendingPathComponent("Output"))
        build.includeDrafts = options.drafts
        var diagnostics = SiteChecker.check(build, strict: strict)
        if external && !diagnostics.hasErrors {
            if ProcessInfo.processInfo.environment["BRIEFING_OFFLINE"] == "1" {
                FileHandle.standardError.write(Data("note: --external skipped: BRIEFING_OFFLINE=1 (no network checks are made)\n".utf8))
            } else {
                let found = await ExternalLinkChecker().check(build)
                diagnostics.append(contentsOf: strict ? found.map { Diagnostic(.error, file: $0.file, line: $0.line, column: $0.column, message: $0.message) } : found)
            }
        }
        DiagnosticPrinter.print(diagnostics.all)
        let summary = DiagnosticPrinter.summary(diagnostics)
        if diagnostics.hasErrors {
            FileHandle.standardError.write(Data("check failed: \(summary)\n".utf8))
            throw ExitCode.failure
        }
        print("Check passed: \(summary)")
    }
}
