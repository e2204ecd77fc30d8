import BriefingCore
import Foundation

/// The write stage: writes every file into a staging folder beside the output, then swaps it in, so
/// the output folder holds either the previous complete site or the new one, never a mix.
public struct OutputWriter {
    /// Marks a folder as Briefing's output, so it may be replaced; a foreign non-empty folder is refused.
    public static let markerName = ".briefing-output"

    public let output: URL
    public let siteFolder: URL
    /// Replace a non-empty folder that Briefing did not create.
    public var force: Bool

    public init(output: URL, siteFolder: URL, force: Bool = false) {
        self.output = output.standardizedFileURL
        self.siteFolder = siteFolder.standardizedFileURL
        self.force = force
    }

    /// Why the output folder must not be used, or nil when it is safe to replace.
    public func refusal() -> String? {
        let out = output.resolvingSymlinksInPath().path
        let site = siteFolder.resolvingSymlinksInPath().path
        let home = FileManager.default.homeDirectoryForCurrentUser.resolvingSymlinksInPath().path
        func isInside(_ path: String, _ folder: String) -> Bool { path == folder || path.hasPrefix(folder + "/") }
        if out == "/" || out == home { return "refusing to use \(out) as the output folder" }
        if out == site { return "the output folder cannot be the site folder itself" }
        if isInside(site, out) { return "the output folder \(out) contains the site folder; it would be deleted" }
        for source in ["Content", "Templates"] where isInside(out, site + "/" + source) {
            return "the output folder cannot be inside the site's \(source)/ folder"
        }
        let manager = FileManager.default
        var isDirectory: ObjCBool = false
        if manager.fileExists(atPath: out, isDirectory: &isDirectory) {
            guard isDirectory.boolValue else { return "\(out) exists and is not a folder" }
            let entries = (try? manager.contentsOfDirectory(atPath: out)) ?? []
            if !entries.isEmpty && !entries.contains(Self.markerName) && !force {
                return "\(out) is not empty and was not created by briefing; choose another folder or pass --force"
            }
        }
        return nil
    }

    /// Writes `files` and swaps them in; on any failure the previous output is left exactly as it was.
    public func write(_ files: [OutputFile]) throws(Diagnostic) {
        if let refusal = refusal() { throw Diagnostic(file: output.path, message: refusal) }
        let manager = FileManager.default
        let parent = output.deletingLastPathComponent()
        let name = output.lastPathComponent
        let token = "\(ProcessInfo.processInfo.processIdentifier)-\(UInt32.random(in: 0...UInt32.max))"
        let staging = parent.appendingPathComponent(".\(name).staging-\(token)")
        let retired = parent.appendingPathComponent(".\(name).old-\(token)")
        do {
            try manager.createDirectory(at: parent, withIntermediateDirectories: true)
            try manager.createDirectory(at: staging, withIntermediateDirectories: false)
        } catch {
            throw Diagnostic(file: output.path, message: "cannot create the staging folder: \(error.localizedDescription)")
        }
        do {
            try writeAll(files + [OutputFile(path: Self.markerName, text: "")], into: staging)
        } catch {
            try? manager.removeItem(at: staging)
            throw error
        }
        let hadOutput = manager.fileExists(atPath: output.path)
        do {
            if hadOutput { try manager.moveItem(at: output, to: retired) }
            do {
                try manager.moveItem(at: staging, to: output)
            } catch {
                if hadOutput { try? manager.moveItem(at: retired, to: output) }
                throw error
            }
        } catch {
            try? manager.removeItem(at: staging)
            throw Diagnostic(file: output.path, message: "cannot replace the output folder: \(error.localizedDescription)")
        }
        if hadOutput { try? manager.removeItem(at: retired) }
    }

    /// Checks every path, creates the folders, then writes the files on all cores.
    private func writeAll(_ files: [OutputFile], into folder: URL) throws(Diagnostic) {
        let manager = FileManager.default
        var written: Set<String> = []
        var directories: Set<String> = []
        for file in files {
            guard Self.isSafeRelativePath(file.path) else {
                throw Diagnostic(file: file.path, message: "refusing to write outside the output folder")
            }
            guard written.insert(file.path).inserted else {
                throw Diagnostic(file: file.path, message: "two outputs want the same path")
            }
            if let slash = file.path.lastIndex(of: "/") { directories.insert(String(file.path[..<slash])) }
        }
        for directory in directories.sorted() {
            do {
                try manager.createDirectory(
                    at: folder.appendingPathComponent(directory), withIntermediateDirectories: true)
            } catch {
                throw Diagnostic(file: directory, message: "cannot create output folder: \(error.localizedDescription)")
            }
        }
        try Parallel.forEach(count: files.count) { (index: Int) throws(Diagnostic) in
            let file = files[index]
            let target = folder.appendingPathComponent(file.path)
            do {
                switch file.contents {
                case .bytes(let bytes):
                    try Data(bytes).write(to: target)
                case .copy(let source):
                    try FileManager.default.copyItem(at: source, to: target)
                }
            } catch {
                throw Diagnostic(file: file.path, message: "cannot write output file: \(error.localizedDescription)")
            }
        }
    }

    /// Relative, `/`-separated, no empty, `.` or `..` segments, no backslashes or NUL.
    static func isSafeRelativePath(_ path: String) -> Bool {
        guard !path.isEmpty, !path.hasPrefix("/"), !path.contains("\\"), !path.contains("\u{0}") else { return false }
        return path.split(separator: "/", omittingEmptySubsequences: false).allSatisfy { !$0.isEmpty && $0 != "." && $0 != ".." }
    }
}
