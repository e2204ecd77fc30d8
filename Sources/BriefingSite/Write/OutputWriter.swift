import BriefingCore
import Foundation
#if canImport(Glibc)
import Glibc
#endif

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
        try write(files, into: try stage())
    }

    /// Checks the output folder may be replaced and creates the staging folder beside it, which
    /// pages may be written into as they are rendered (`build`), before `write(_:into:)` swaps it in.
    public func stage() throws(Diagnostic) -> Staging {
        if let refusal = refusal() { throw Diagnostic(file: output.path, message: refusal) }
        removeLeftovers()
        let manager = FileManager.default
        let parent = output.deletingLastPathComponent()
        let token = "\(ProcessInfo.processInfo.processIdentifier)-\(UInt32.random(in: 0...UInt32.max))"
        let folder = parent.appendingPathComponent(siblingPrefix + "staging-" + token)
        do {
            try manager.createDirectory(at: parent, withIntermediateDirectories: true)
            try Interruption.whileWriting(folder.path) {
                try manager.createDirectory(at: folder, withIntermediateDirectories: false)
            }
        } catch {
            throw Diagnostic(file: output.path, message: "cannot create the staging folder: \(error.localizedDescription)")
        }
        // Made once the folder exists, which it opens.
        return Staging(folder: folder, retired: parent.appendingPathComponent(siblingPrefix + "old-" + token))
    }

    /// How the folders a build makes beside the output begin: `.NAME.`, then `staging-PID-N` (the new
    /// site being written) or `old-PID-N` (the previous one while the new one takes its place).
    private var siblingPrefix: String { "." + output.lastPathComponent + "." }

    /// How long a folder a build left beside the output must have been untouched before another build
    /// removes it (see `removeLeftovers`).
    static let leftoverAge: TimeInterval = 600

    /// Removes what builds killed before they finished (by a signal, a crash or a power cut) left beside
    /// the output folder: their staging folders, and a retired previous output once the output folder is
    /// back. Only folders named exactly as `stage` names them, whose process is gone and which have not
    /// changed for `leftoverAge` (so that a build another machine or container runs into the same folder
    /// keeps its own).
    func removeLeftovers(now: Date = Date()) {
        let manager = FileManager.default
        let parent = output.deletingLastPathComponent()
        let prefix = siblingPrefix
        guard let names = try? manager.contentsOfDirectory(atPath: parent.path) else { return }
        let outputExists = manager.fileExists(atPath: output.path)
        for name in names where name.hasPrefix(prefix) {
            let rest = name.dropFirst(prefix.count)
            let token: Substring
            if rest.hasPrefix("staging-") {
                token = rest.dropFirst("staging-".count)
            } else if rest.hasPrefix("old-"), outputExists {
                token = rest.dropFirst("old-".count)  // without the output folder, it may be the only copy left
            } else {
                continue
            }
            let parts = token.split(separator: "-", omittingEmptySubsequences: false)
            guard parts.count == 2, let pid = Int32(parts[0]), pid > 0, UInt32(parts[1]) != nil,
                kill(pid, 0) != 0, errno == ESRCH
            else { continue }
            let path = parent.appendingPathComponent(name).path
            var info = stat()
            guard lstat(path, &info) == 0, info.st_mode & S_IFMT == S_IFDIR,
                now.timeIntervalSince1970 - TimeInterval(info.st_mtim.tv_sec) > Self.leftoverAge
            else { continue }
            try? manager.removeItem(atPath: path)
        }
    }

    /// Writes the files not yet in `staging`, then swaps it in for the output folder. On any failure
    /// the staging folder is removed and the previous output is left exactly as it was.
    public func write(_ files: [OutputFile], into staging: Staging) throws(Diagnostic) {
        guard staging.writes else { throw Diagnostic(file: output.path, message: "a dry run writes nothing") }
        let manager = FileManager.default
        do {
            try writeAll(files + [OutputFile(path: Self.markerName, text: "")], into: staging)
        } catch {
            staging.discard()
            throw error
        }
        let hadOutput = manager.fileExists(atPath: output.path)
        do {
            // An interruption waits for the two moves: the output folder is never left missing.
            try Interruption.swapping(staging.folder.path) {
                if hadOutput { try manager.moveItem(at: output, to: staging.retired) }
                do {
                    try manager.moveItem(at: staging.folder, to: output)
                } catch {
                    if hadOutput { try? manager.moveItem(at: staging.retired, to: output) }
                    throw error
                }
            }
        } catch {
            staging.discard()
            throw Diagnostic(file: output.path, message: "cannot replace the output folder: \(error.localizedDescription)")
        }
        if hadOutput { try? manager.removeItem(at: staging.retired) }
    }

    /// Checks every path, then writes the files not yet stored on all cores.
    private func writeAll(_ files: [OutputFile], into staging: Staging) throws(Diagnostic) {
        var written: Set<String> = []
        for file in files {
            // A stored file's path was checked when it was stored.
            if case .stored = file.contents {} else if !Self.isSafeRelativePath(file.path) {
                throw Diagnostic(file: file.path, message: "refusing to write outside the output folder")
            }
            guard written.insert(file.path).inserted else {
                throw Diagnostic(file: file.path, message: "two outputs want the same path")
            }
        }
        try Parallel.forEach(count: files.count) { (index: Int) throws(Diagnostic) in
            let file = files[index]
            switch file.contents {
            case .bytes(let bytes):
                try staging.store(file.path, bytes)
            case .copy(let source):
                try staging.copy(source, to: file.path)
            case .stored:
                break
            }
        }
    }

    /// Relative, `/`-separated, no empty, `.` or `..` segments, no backslashes or NUL.
    static func isSafeRelativePath(_ path: String) -> Bool {
        // On UTF-8 bytes: `String.contains` of a string goes through Foundation, once per file.
        let bytes = Array(path.utf8)
        guard !bytes.isEmpty, !bytes.contains(where: { $0 == UInt8(ascii: "\\") || $0 == 0 }) else { return false }
        let dot = UInt8(ascii: ".")
        return bytes.split(separator: UInt8(ascii: "/"), omittingEmptySubsequences: false).allSatisfy { part in
            !part.isEmpty && !(part.count == 1 && part.first == dot) && !(part.count == 2 && part.allSatisfy { $0 == dot })
        }
    }
}

/// The folder a build writes into before it replaces the output; safe to write from many threads.
public final class Staging: @unchecked Sendable {
    public let folder: URL
    /// `folder.path`, worked out once (Foundation builds it anew at every call).
    private let folderPath: String
    /// Where the previous output is moved while the new one takes its place.
    let retired: URL
    private let lock = NSLock()
    /// Folders known to exist, relative to `folder`.
    private var folders: Set<String> = [""]
    /// What `keep` could not write.
    private var failures: [Diagnostic] = []
    /// Set by `publish` before any page renders (see `SiteBuilder.generate`), and only read after that:
    /// each file `keep` writes is then written as published (references to renamed assets rewritten)
    /// and kept with its SHA-256, so the manifest needs no second pass over the site's bytes.
    var publishing: AssetFingerprints?
    /// The staging folder, open, so that files are created relative to it: the kernel then resolves
    /// only the path inside the site, not the folders above it, for each of a site's files and folders.
    /// `AT_FDCWD` (and absolute paths) when it could not be opened.
    private let directory: Int32

    /// False for `publish --dry-run`'s and `check`'s: files are kept (hashed, measured, inspected) as if
    /// written, and dropped.
    let writes: Bool
    /// Called with each file `keep` takes, as it will be written (`check` scans the pages for links here).
    let inspect: (@Sendable (String, [UInt8]) -> Void)?
    /// Each file `keep` writes is kept with its digest (besides when publishing): `serve`'s first build.
    let keepsDigests: Bool

    init(
        folder: URL, retired: URL, writes: Bool = true, keepsDigests: Bool = false,
        inspect: (@Sendable (String, [UInt8]) -> Void)? = nil
    ) {
        self.folder = folder
        self.folderPath = folder.path
        self.retired = retired
        self.writes = writes
        self.keepsDigests = keepsDigests
        self.inspect = inspect
        let directory = writes ? open(folderPath, O_RDONLY | O_DIRECTORY | O_CLOEXEC) : -1
        self.directory = directory >= 0 ? directory : AT_FDCWD
    }

    deinit {
        if directory != AT_FDCWD { close(directory) }
    }

    /// `relative` as `directory` resolves it.
    private func target(_ relative: String) -> String {
        directory == AT_FDCWD ? folderPath + "/" + relative : relative
    }

    /// A staging folder that writes nothing (`publish --dry-run`, `check`): each file kept into it is worked
    /// out as for a real one (rewritten, hashed, handed to `inspect`) and dropped, so those commands hold
    /// no more of the site in memory than `build`. Its folder is never created or used.
    static func discarding(inspect: (@Sendable (String, [UInt8]) -> Void)? = nil) -> Staging {
        let nowhere = URL(fileURLWithPath: "/nonexistent/briefing-staging")
        return Staging(folder: nowhere, retired: nowhere, writes: false, inspect: inspect)
    }

    /// The folder `serve` previews, as a staging folder for its first build: nothing is served before
    /// that build ends, so pages can go straight into place as they render, each kept with its digest,
    /// instead of all being held until the build is over. It is never swapped in or discarded.
    public static func preview(_ folder: URL) -> Staging {
        Staging(folder: folder, retired: folder, keepsDigests: true)
    }

    /// Writes one file (relative `path`, checked safe).
    public func store(_ path: String, _ bytes: [UInt8]) throws(Diagnostic) {
        guard OutputWriter.isSafeRelativePath(path) else {
            throw Diagnostic(file: path, message: "refusing to write outside the output folder")
        }
        guard writes else { return }
        try Interruption.writing(path) { () throws(Diagnostic) in
            try makeFolder(containing: path)
            guard FileCreation.create(target(path), in: directory, flags: O_TRUNC, bytes) else { throw Self.failure(path) }
        }
    }

    /// Copies the file at `source` to `path` (relative, checked safe).
    func copy(_ source: URL, to path: String) throws(Diagnostic) {
        guard writes else { return }
        try Interruption.writing(path) { () throws(Diagnostic) in
            try makeFolder(containing: path)
            do {
                try FileManager.default.copyItem(at: source, to: folder.appendingPathComponent(path))
            } catch {
                throw Diagnostic(file: path, message: "cannot write output file: \(error.localizedDescription)")
            }
        }
    }

    /// Writes one file and returns what the file list keeps of it: its size, and when publishing its
    /// SHA-256 (the bytes can go). A failure is also kept for `reportFailures`.
    public func keep(_ path: String, _ bytes: [UInt8]) throws(Diagnostic) -> OutputFile.Contents {
        let published = publishing.map { $0.page(path, bytes) } ?? bytes
        inspect?(path, published)
        do {
            try store(path, published)
        } catch {
            lock.withLock { failures.append(error) }
            throw error
        }
        return .stored(size: published.count, digest: publishing == nil && !keepsDigests ? nil : ContentDigest(published))
    }

    /// Writes `files` (those held as bytes) on all cores, each kept as its size; those that
    /// could not be written are left out (see `reportFailures`).
    func keep(_ files: [OutputFile]) -> [OutputFile] {
        Parallel.map(count: files.count) { index -> OutputFile? in
            guard case .bytes(let bytes) = files[index].contents else { return files[index] }
            return (try? keep(files[index].path, bytes)).map { OutputFile(path: files[index].path, contents: $0) }
        }.compactMap { $0 }
    }

    /// Reports the files `keep` could not write: a full or read-only disk fails every one, so the
    /// first (by path) is reported with how many more failed.
    func reportFailures(_ diagnostics: inout [Diagnostic]) {
        let failed = lock.withLock { failures }.sorted { $0.file < $1.file }
        guard var first = failed.first else { return }
        if failed.count > 1 { first.message += " (and \(failed.count - 1) more files)" }
        diagnostics.append(first)
    }

    /// Creates the folders above `path` once each. The lock guards only the set of known folders, so
    /// threads creating different folders do not wait for each other's `mkdir`.
    func makeFolder(containing path: String) throws(Diagnostic) {
        guard let slash = path.utf8.lastIndex(of: UInt8(ascii: "/")) else { return }  // bytes: no grapheme breaking
        let relative = String(path[..<slash])
        guard !lock.withLock({ folders.contains(relative) }) else { return }
        try makeFolders(relative)
        lock.withLock {
            var ancestor = relative
            while !ancestor.isEmpty, folders.insert(ancestor).inserted {
                ancestor = ancestor.utf8.lastIndex(of: UInt8(ascii: "/")).map { String(ancestor[..<$0]) } ?? ""
            }
        }
    }

    /// `mkdir -p` of a folder relative to the staging folder; one that exists already is fine.
    private func makeFolders(_ relative: String) throws(Diagnostic) {
        guard FileCreation.makeFolders(target(relative), in: directory) else {
            throw Diagnostic(file: relative, message: "cannot create output folder: \(String(cString: strerror(errno)))")
        }
    }

    /// Removes the staging folder (a failed build leaves nothing behind).
    public func discard() {
        guard writes else { return }
        Interruption.finished(folderPath)
        try? FileManager.default.removeItem(at: folder)
    }

    private static func failure(_ path: String) -> Diagnostic {
        Diagnostic(file: path, message: "cannot write output file: \(String(cString: strerror(errno)))")
    }
}

/// What an interrupted build leaves: nothing. With `removeStagingOnInterrupt()` (the `build` and `publish`
/// commands), Ctrl-C or a `kill` removes the staging folders being written before the process exits, and
/// waits for a swap in progress, so the output folder holds the previous site or the new one. (A build
/// killed outright leaves its staging folder to the next build: see `OutputWriter.removeLeftovers`.)
public enum Interruption {
    private static let lock = NSLock()
    /// Staging folders being written.
    nonisolated(unsafe) private static var folders: Set<String> = []
    nonisolated(unsafe) private static var sources: [any DispatchSourceSignal] = []

    /// Handles SIGINT, SIGTERM and SIGHUP from now on: removes the staging folders, then exits with
    /// 128 + the signal's number, as a shell reports a process the signal killed.
    public static func removeStagingOnInterrupt() {
        // A queue of its own, which gets a thread at once: the global queue's threads may all be rendering.
        let queue = DispatchQueue(label: "briefing.interruption")
        for number in [SIGINT, SIGTERM, SIGHUP] {
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: queue)
            source.setEventHandler { interrupted(by: number) }
            source.resume()
            lock.withLock { sources.append(source) }
        }
    }

    /// Runs `body`, which creates the staging folder `path`, and records the folder.
    static func whileWriting(_ path: String, _ body: () throws -> Void) rethrows {
        try lock.withLock {
            try body()
            folders.insert(path)
        }
    }

    /// Runs `body`, which swaps the staging folder `path` in, without an interruption in between.
    static func swapping(_ path: String, _ body: () throws -> Void) rethrows {
        try lock.withLock {
            try body()
            folders.remove(path)
        }
    }

    /// The staging folder `path` is gone (discarded).
    static func finished(_ path: String) {
        _ = lock.withLock { folders.remove(path) }
    }

    /// Guards `stopping` and `writes`, apart from `lock`, which an interruption keeps.
    private static let gate = NSLock()
    /// Set when an interruption begins: no write into a staging folder starts after that.
    nonisolated(unsafe) private static var stopping = false
    /// Writes into staging folders in progress.
    nonisolated(unsafe) private static var writes = 0

    /// Runs `body`, which writes `path` into a staging folder, unless an interruption has begun. An
    /// interruption waits for the writes in progress before it removes the folders: the build's threads
    /// went on creating files and folders while it removed them, and a removal could lose that race
    /// every time it tried and leave the staging folder behind.
    static func writing<R>(_ path: String, _ body: () throws(Diagnostic) -> R) throws(Diagnostic) -> R {
        let started = gate.withLock {
            if !stopping { writes += 1 }
            return !stopping
        }
        guard started else { throw Diagnostic(file: path, message: "not written: the build was interrupted") }
        defer { gate.withLock { writes -= 1 } }
        return try body()
    }

    private static func interrupted(by number: Int32) -> Never {
        lock.lock()  // never unlocked: a swap in progress ends first, and no other starts
        let message = "briefing: interrupted; the output folder was left as it was\n"
        _ = message.withCString { write(2, $0, strlen($0)) }
        gate.withLock { stopping = true }
        // Each write in progress is one file: they end within milliseconds (at most 5 s, a stuck disk).
        for _ in 0..<5_000 where gate.withLock({ writes }) > 0 { usleep(1_000) }
        for folder in folders {
            for _ in 0..<50 where (try? FileManager.default.removeItem(atPath: folder)) == nil {
                guard FileManager.default.fileExists(atPath: folder) else { break }
                usleep(10_000)
            }
        }
        _exit(128 + number)
    }
}

/// Creating a file and writing all of its bytes with the system calls themselves: for the tens of
/// thousands of files of a site, Foundation's layers cost more than the writing.
public enum FileCreation {
    /// Creates the file `path` (relative to the open folder `directory`, or to the working folder) with
    /// `flags` added to the usual (`O_TRUNC` to replace a file, `O_EXCL` to refuse one), and writes
    /// `bytes`. False when it could not, with `errno` saying why.
    public static func create(_ path: String, in directory: Int32 = AT_FDCWD, flags: Int32, _ bytes: [UInt8]) -> Bool {
        let descriptor = openat(directory, path, O_WRONLY | O_CREAT | O_CLOEXEC | flags, 0o666)
        guard descriptor >= 0 else { return false }
        let complete = bytes.withUnsafeBytes { buffer -> Bool in
            var offset = 0
            while offset < buffer.count {
                let count = write(descriptor, buffer.baseAddress! + offset, buffer.count - offset)
                if count < 0 && errno == EINTR { continue }
                guard count > 0 else { return false }
                offset += count
            }
            return true
        }
        let reason = errno
        close(descriptor)
        errno = reason
        return complete
    }

    /// `mkdir -p` of `path` (relative to the open folder `directory`, or to the working folder): a folder
    /// that exists, or that another thread has just made, is fine. False when it could not, with `errno`
    /// saying why.
    public static func makeFolders(_ path: String, in directory: Int32 = AT_FDCWD) -> Bool {
        if mkdirat(directory, path, 0o777) == 0 || errno == EEXIST { return true }
        guard errno == ENOENT, let slash = path.utf8.lastIndex(of: UInt8(ascii: "/")), slash > path.startIndex,
            makeFolders(String(path[..<slash]), in: directory)
        else { return false }
        return mkdirat(directory, path, 0o777) == 0 || errno == EEXIST
    }
}
