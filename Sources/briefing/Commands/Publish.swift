import ArgumentParser
import BriefingSite
import Foundation

struct Publish: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Build the production site (no drafts) and swap it into the output folder atomically.",
        discussion: """
            The output folder always holds one complete build: the new site is written beside it and swapped \
            in; stale files from deleted content disappear, and an interrupted publish (Ctrl-C) leaves it as \
            it was. Output is byte-identical for identical input \
            (set SOURCE_DATE_EPOCH to fix "now"), and manifest.json lists every file's size and SHA-256 \
            for rsync --checksum or aws s3 sync. --dry-run prints what would be added, changed and removed.
            """
    )

    @OptionGroup var options: SiteOptions

    @Option(name: .long, help: ArgumentHelp("Where to publish the site (replaced as a whole).", valueName: "dir"))
    var output: String = "Output"

    @Option(name: .customLong("base-url"), help: ArgumentHelp("Override base_url from site.yml.", valueName: "url"))
    var baseURL: String?

    @Flag(name: .customLong("dry-run"), help: "Print what would be added, changed and removed; write nothing.")
    var dryRun = false

    @Flag(name: .long, help: "Replace the output folder even if it is not empty and was not made by briefing.")
    var force = false

    func validate() throws {
        if let baseURL, !(baseURL.hasPrefix("https://") || baseURL.hasPrefix("http://")) {
            throw ValidationError("--base-url must be an absolute http(s) URL, not '\(baseURL)'")
        }
    }

    func run() throws {
        BackgroundRelease.keepUntilExit()  // the process ends with the build: its exit frees the memory
        Interruption.removeStagingOnInterrupt()  // Ctrl-C leaves nothing beside the output folder
        var build = BuildOptions(
            siteFolder: options.siteURL,
            outputFolder: URL(fileURLWithPath: output, relativeTo: URL(fileURLWithPath: FileManager.default.currentDirectoryPath)).standardizedFileURL)
        build.force = force
        build.baseURL = baseURL
        if options.drafts {
            FileHandle.standardError.write(Data("note: --drafts ignored: publish never includes drafts (preview them with build or serve)\n".utf8))
        }
        switch SitePublisher.publish(build, dryRun: dryRun) {
        case .success(let report):
            DiagnosticPrinter.print(report.warnings)
            if dryRun {
                for path in report.added { print("added    \(path)") }
                for path in report.changed { print("changed  \(path)") }
                for path in report.removed { print("removed  \(path)") }
                print("Dry run: \(report.added.count) added, \(report.changed.count) changed, \(report.removed.count) removed; nothing written")
            } else {
                print("Published \(report.files) files into \(output): \(report.added.count) added, \(report.changed.count) changed, \(report.removed.count) removed")
            }
        case .failure(let diagnostics):
            DiagnosticPrinter.print(diagnostics.all)
            FileHandle.standardError.write(Data("publish failed: \(DiagnosticPrinter.summary(diagnostics)); \(output) left unchanged\n".utf8))
            throw ExitCode.failure
        }
    }
}
