import ArgumentParser
import BriefingCore
import BriefingSite
import Foundation

struct Check: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Check the site without writing anything: content, internal links and anchors, editorial warnings.",
        discussion: """
            Runs everything build validates, then follows every local href and src in the generated pages \
            (including plain Markdown links) and every #anchor, and warns about events without sources, \
            overlapping tenures of one office, events after a person's death and profiles nothing references. \
            Exits 1 on errors; --strict treats warnings as errors.
            """
    )

    @OptionGroup var options: SiteOptions

    @Flag(name: .long, help: "Treat warnings as errors.")
    var strict = false

    @Flag(name: .long, help: "Also check external source URLs (needs network access).")
    var external = false

    func run() throws {
        let build = BuildOptions(siteFolder: options.siteURL, outputFolder: options.siteURL.appendingPathComponent("Output"))
        var checkOptions = build
        checkOptions.includeDrafts = options.drafts
        let diagnostics = SiteChecker.check(checkOptions, strict: strict)
        DiagnosticPrinter.print(diagnostics.all)
        if external {
            FileHandle.standardError.write(Data("note: --external skipped: external link checking is not available in this build (no network checks are made)\n".utf8))
        }
        let summary = DiagnosticPrinter.summary(diagnostics)
        if diagnostics.hasErrors {
            FileHandle.standardError.write(Data("check failed: \(summary)\n".utf8))
            throw ExitCode.failure
        }
        print("Check passed: \(summary)")
    }
}
