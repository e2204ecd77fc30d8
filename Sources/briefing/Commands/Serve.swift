import ArgumentParser
import BriefingServer
import BriefingSite
import Foundation
import Hummingbird

struct Serve: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Preview the site in a browser, rebuilding and reloading as you edit.",
        discussion: """
            Builds the site into a temporary folder and serves it. Changes to Content/ and Templates/ rebuild \
            it, and open pages reload. When a build fails, pages show its errors and the last good version \
            stays served. Listens on 127.0.0.1 only, unless --host says otherwise.
            """
    )

    @OptionGroup var options: SiteOptions

    @Option(name: .long, help: "The port to listen on (0 picks a free one).")
    var port: Int = 8080

    @Option(name: .long, help: "The address to listen on; use 0.0.0.0 to let other machines connect.")
    var host: String = "127.0.0.1"

    @Flag(name: .long, help: "Open the preview in the default browser.")
    var open = false

    func validate() throws {
        guard (0...65535).contains(port) else { throw ValidationError("--port must be between 0 and 65535") }
    }

    func run() async throws {
        let served = PreviewOptions.temporaryServedFolder()
        defer { try? FileManager.default.removeItem(at: served) }
        var build = BuildOptions(siteFolder: options.siteURL, outputFolder: served)
        build.includeDrafts = options.drafts
        var preview = PreviewOptions(build: build, servedFolder: served)
        preview.host = host
        preview.port = port
        preview.report = Self.report
        let host = self.host, open = self.open, sitePath = build.siteFolder.path
        let app = try buildApplication(preview) { port in
            let name = host.contains(":") ? "[\(host)]" : host
            let url = "http://\(name == "0.0.0.0" || name == "[::]" ? "127.0.0.1" : name):\(port)/"
            Self.say("Serving \(sitePath) at \(url)  (Ctrl-C to stop)")
            if open { Self.openBrowser(url) }
        }
        try await app.runService()
    }

    @Sendable static func report(_ outcome: PreviewSite.Outcome) {
        DiagnosticPrinter.print(outcome.warnings)
        let time = String(format: "%.0f ms", outcome.seconds * 1000)
        if outcome.status.errors.isEmpty {
            let removed = outcome.removed > 0 ? ", \(outcome.removed) removed" : ""
            say("Built in \(time): \(outcome.pagesChanged) of \(outcome.pages) pages changed; \(outcome.written) file\(outcome.written == 1 ? "" : "s") written\(removed)")
        } else {
            FileHandle.standardError.write(Data(outcome.status.errors.map { $0 + "\n" }.joined().utf8))
            FileHandle.standardError.write(Data("build failed in \(time); still serving the last good site\n".utf8))
        }
    }

    /// Writes a line unbuffered, so it shows as it happens even when the output goes to a file or a pipe.
    static func say(_ line: String) {
        FileHandle.standardOutput.write(Data((line + "\n").utf8))
    }

    static func openBrowser(_ url: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        #if os(macOS)
        process.arguments = ["open", url]
        #else
        process.arguments = ["xdg-open", url]
        #endif
        try? process.run()
    }
}
