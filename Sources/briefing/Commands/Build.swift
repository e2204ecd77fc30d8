import ArgumentParser
import BriefingSite
import Foundation

struct Build: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Build the site into the output folder.",
        discussion: """
            Every problem in the content is reported as path:line:col: error: message, all in one run. \
            On any error nothing is written: the previous output folder stays exactly as it was, and so it \
            does when the build is interrupted (Ctrl-C).
            """
    )

    @OptionGroup var options: SiteOptions

    @Option(name: .long, help: ArgumentHelp("Where to write the site (replaced as a whole).", valueName: "dir"))
    var output: String = "Output"

    @Flag(name: .long, help: "Replace the output folder even if it is not empty and was not made by briefing.")
    var force = false

    @Flag(name: .long, help: "Print how long each stage of the build took.")
    var timings = false

    func run() throws {
        BackgroundRelease.keepUntilExit()  // the process ends with the build: its exit frees the memory
        Interruption.removeStagingOnInterrupt()  // Ctrl-C leaves nothing beside the output folder
        var build = BuildOptions(
            siteFolder: options.siteURL,
            outputFolder: URL(fileURLWithPath: output, relativeTo: URL(fileURLWithPath: FileManager.default.currentDirectoryPath)).standardizedFileURL)
        build.includeDrafts = options.drafts
        build.force = force
        switch SiteBuilder.build(build) {
        case .success(let report):
            DiagnosticPrinter.print(report.warnings)
            print("Built \(report.pages) pages (\(report.files) files) into \(output) in \(String(format: "%.2f", report.seconds)) s")
            if timings {
                print("  allocator: \(Allocator.description)")
                for (stage, seconds) in report.timings { print("  \(stage.padding(toLength: 8, withPad: " ", startingAt: 0))\(String(format: "%7.3f", seconds)) s") }
            }
        case .failure(let diagnostics):
            DiagnosticPrinter.print(diagnostics.all)
            FileHandle.standardError.write(Data("build failed: \(DiagnosticPrinter.summary(diagnostics)); \(output) left unchanged\n".utf8))
            throw ExitCode.failure
        }
    }
}
