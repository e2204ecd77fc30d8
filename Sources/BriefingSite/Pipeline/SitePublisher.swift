import BriefingCore
import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// What a publish did, or would do with `--dry-run`: paths compared through the manifests.
public struct PublishReport: Sendable {
    public var files: Int
    public var added: [String]
    public var changed: [String]
    public var removed: [String]
    public var dryRun: Bool
    public var warnings: [Diagnostic]
}

/// `briefing publish`: a production build (no drafts, assets fingerprinted) into a staging folder
/// beside the output, written page by page as it renders, then an atomic swap; a lock beside the output stops two publishes into the same folder at once.
public enum SitePublisher {
    public static func publish(_ options: BuildOptions, dryRun: Bool = false) -> Result<PublishReport, Diagnostics> {
        var options = options
        options.includeDrafts = false
        let writer = OutputWriter(output: options.outputFolder, siteFolder: options.siteFolder, force: options.force)
        if let refusal = writer.refusal() {
            return .failure(Diagnostics([Diagnostic(file: writer.output.path, message: refusal)]))
        }
        // A dry run only reads, so it neither takes nor leaves a lock file.
        var lock: PublishLock?
        if !dryRun {
            switch PublishLock.acquire(for: writer.output) {
            case .success(let acquired): lock = acquired
            case .failure(let diagnostic): return .failure(Diagnostics([diagnostic]))
            }
        }
        defer { lock?.release() }

        // Pages are written into a staging folder as they render, already rewritten for the renamed assets
        // and hashed, so memory holds a few pages at a time (it held the whole site: 5.5 GiB at 80,000
        // pages). A dry run goes the same way into a staging folder that writes nothing.
        options.fingerprintAssets = true
        let staging = dryRun ? Staging.discarding() : try? writer.stage()
        let generation = SiteBuilder.generate(options, staging: staging)
        var diagnostics = generation.diagnostics
        guard !diagnostics.hasErrors else {
            staging?.discard()
            return .failure(diagnostics)
        }
        var manifestProblems: [Diagnostic] = []
        let fingerprints = staging?.publishing ?? AssetFingerprints(files: generation.files)
        var files = fingerprints.apply(generation.files)
        // The manifest is publish's alone (deploys compare it; a build for previewing need not hash
        // every file): every file but itself, with its size and SHA-256.
        let new = Manifest.of(files, diagnostics: &manifestProblems)
        files.append(OutputFile(path: Manifest.path, text: new.render()))
        diagnostics.append(contentsOf: manifestProblems)
        guard !diagnostics.hasErrors else {
            staging?.discard()
            return .failure(diagnostics)
        }
        let old = published(writer.output)
        let (added, changed, removed) = new.changes(from: old)
        let report = PublishReport(
            files: files.count, added: added, changed: changed, removed: removed, dryRun: dryRun,
            warnings: diagnostics.warnings)
        if dryRun { return .success(report) }
        do {
            if let staging { try writer.write(files, into: staging) } else { try writer.write(files) }
        } catch {
            diagnostics.append(error)
            return .failure(diagnostics)
        }
        BackgroundRelease.releaseAtEnd(generation, files)
        return .success(report)
    }

    /// The manifest of what is published now: its `manifest.json`, else its files; empty if none.
    static func published(_ output: URL) -> Manifest {
        guard FileManager.default.fileExists(atPath: output.path) else { return Manifest(entries: []) }
        return Manifest.read(output) ?? Manifest.scan(output)
    }
}

/// An exclusive `flock` on `.<output>.lock` beside the output folder; the kernel drops it if the
/// process dies, so a crashed publish never blocks the next one.
struct PublishLock {
    let descriptor: Int32

    static func lockURL(for output: URL) -> URL {
        output.deletingLastPathComponent().appendingPathComponent(".\(output.lastPathComponent).lock")
    }

    static func acquire(for output: URL) -> Result<PublishLock, Diagnostic> {
        let url = lockURL(for: output)
        try? FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        let descriptor = open(url.path, O_CREAT | O_RDWR, 0o644)
        guard descriptor >= 0 else {
            return .failure(Diagnostic(file: url.path, message: "cannot create the publish lock file"))
        }
        guard flock(descriptor, LOCK_EX | LOCK_NB) == 0 else {
            close(descriptor)
            return .failure(Diagnostic(
                file: output.path,
                message: "another publish into this folder is running (lock \(url.path)); try again when it has finished"))
        }
        return .success(PublishLock(descriptor: descriptor))
    }

    func release() {
        flock(descriptor, LOCK_UN)
        close(descriptor)
    }
}
