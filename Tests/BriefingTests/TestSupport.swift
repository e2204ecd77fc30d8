import BriefingCore
import BriefingSite
import BriefingTestSupport
import Foundation

/// Paths and helpers shared by the tests: fixture sites, temporary folders, reading output.
enum TestSupport {
    static let testsFolder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    static let packageRoot = testsFolder.deletingLastPathComponent()
    static let fixtures = testsFolder.appendingPathComponent("Fixtures")
    /// `../shared` beside the checkout, as laid out for developers and CI.
    static let sharedFolder = packageRoot.deletingLastPathComponent().appendingPathComponent("shared")

    static func fixture(_ name: String) -> URL {
        fixtures.appendingPathComponent(name)
    }

    /// A new empty folder, removed when the tests end (see `TemporaryFolders`).
    static func temporaryFolder(_ label: String = "briefing-test") -> URL {
        TemporaryFolders.folder(label)
    }

    /// Copies a fixture site into a temporary folder and applies `changes` (relative path → new text,
    /// nil deletes the file), so one valid fixture serves many broken variants.
    static func site(_ fixture: String, changes: [String: String?] = [:]) throws -> URL {
        let folder = temporaryFolder("site")
        let site = folder.appendingPathComponent("site")
        try FileManager.default.copyItem(at: self.fixture(fixture), to: site)
        for (path, text) in changes {
            let url = site.appendingPathComponent(path)
            if let text {
                try FileManager.default.createDirectory(
                    at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
                try text.write(to: url, atomically: false, encoding: .utf8)
            } else {
                try FileManager.default.removeItem(at: url)
            }
        }
        return site
    }

    /// Builds a site into a fresh output folder beside it.
    static func build(_ site: URL, output: URL? = nil, drafts: Bool = false) -> (URL, Result<BuildReport, Diagnostics>) {
        let output = output ?? site.deletingLastPathComponent().appendingPathComponent("Output")
        var options = BuildOptions(siteFolder: site, outputFolder: output)
        options.includeDrafts = drafts
        return (output, SiteBuilder.build(options))
    }

    /// Every error of a failing build, as printed.
    static func errors(of result: Result<BuildReport, Diagnostics>) -> [String] {
        guard case .failure(let diagnostics) = result else { return [] }
        return Diagnostics(diagnostics.errors).sorted.map(\.description)
    }

    static func read(_ output: URL, _ path: String) throws -> String {
        try String(contentsOf: output.appendingPathComponent(path), encoding: .utf8)
    }

    /// Every file under a folder with its bytes, for before/after comparisons.
    static func snapshot(_ folder: URL) -> [String: Data] {
        var result: [String: Data] = [:]
        guard let enumerator = FileManager.default.enumerator(atPath: folder.path) else { return result }
        for case let path as String in enumerator {
            let url = folder.appendingPathComponent(path)
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory), !isDirectory.boolValue {
                result[path] = FileManager.default.contents(atPath: url.path)
            }
        }
        return result
    }

    /// The `briefing` executable built beside the test bundle (same scratch path and configuration).
    static var executable: URL {
        builtExecutable ?? packageRoot.appendingPathComponent(".build/debug/briefing")
    }

    /// The `briefing` executable built beside the test bundle (same scratch path and configuration),
    /// if there is one; a folder of that name does not count.
    static let builtExecutable: URL? = {
        var folder = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath().deletingLastPathComponent()
        while folder.path != "/" {
            let candidate = folder.appendingPathComponent("briefing")
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: candidate.path, isDirectory: &isDirectory), !isDirectory.boolValue,
                FileManager.default.isExecutableFile(atPath: candidate.path)
            {
                return candidate
            }
            folder = folder.deletingLastPathComponent()
        }
        return nil
    }()

    /// Runs the `briefing` executable; returns exit status, standard output and standard error.
    static func run(
        _ arguments: [String], in directory: URL? = nil, executable: URL? = nil, environment: [String: String]? = nil
    ) throws -> (status: Int32, out: String, err: String) {
        let process = Process()
        process.executableURL = executable ?? self.executable
        process.arguments = arguments
        if let directory { process.currentDirectoryURL = directory }
        if let environment { process.environment = environment }
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        let errData = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: outData, as: UTF8.self), String(decoding: errData, as: UTF8.self))
    }
}
