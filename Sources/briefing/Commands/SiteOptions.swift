import ArgumentParser
import BriefingCore
import Foundation

/// Flags shared by every subcommand that reads a site.
struct SiteOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("The site folder (holding Content/ and optionally Templates/).", valueName: "dir"))
    var site: String = "."

    @Flag(name: .long, help: "Include briefings marked 'draft: true'.")
    var drafts = false

    var siteURL: URL { URL(fileURLWithPath: site).standardizedFileURL }

    func validate() throws {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: site, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw ValidationError("site folder '\(site)' does not exist")
        }
        guard FileManager.default.fileExists(atPath: siteURL.appendingPathComponent("Content").path) else {
            throw ValidationError("'\(site)' has no Content/ folder; is it a briefing site? (try --site DIR)")
        }
    }
}

/// Prints diagnostics like a compiler, errors and warnings to standard error.
enum DiagnosticPrinter {
    static func print(_ diagnostics: [Diagnostic]) {
        for diagnostic in Diagnostics(diagnostics).sorted {
            FileHandle.standardError.write(Data((diagnostic.description + "\n").utf8))
        }
    }

    static func summary(_ diagnostics: Diagnostics) -> String {
        let errors = diagnostics.errors.count, warnings = diagnostics.warnings.count
        return "\(errors) error\(errors == 1 ? "" : "s"), \(warnings) warning\(warnings == 1 ? "" : "s")"
    }
}
