import BriefingSite
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// The folder the preview serves: the last good build, updated in place one file at a time.
///
/// Each changed file is written beside its target and renamed over it, so a request opening a file
/// reads either the old or the new bytes in full, never a partial write. (The first build alone writes
/// its pages straight into place, as it renders them: the server starts only after it.) Files that did not change
/// are not touched, so their ETags stay valid and open pages keep their cached assets. The folder
/// remembers each file by the digest of its bytes, not the bytes: a build compares its pages with those
/// as it renders them (`served`), and keeps in memory only the ones that changed.
final class PreviewFolder {
    let root: URL
    /// What is on disk now, path → the digest of its bytes, as last written by `update`.
    private(set) var current: [String: ContentDigest] = [:]

    /// Each copied file (theme assets, media) as last read: its source's stamp and its digest, so that a
    /// rebuild reads a file again only when it changed (a site's media can be hundreds of megabytes).
    private var copies: [String: (stamp: FileStamp, digest: ContentDigest)] = [:]

    /// What the folder serves, for the next build to compare its files with.
    var served: ServedFiles { ServedFiles(current) }

    /// What one update did.
    struct Change: Equatable {
        var written: [String] = []
        var removed: [String] = []
        var isEmpty: Bool { written.isEmpty && removed.isEmpty }
    }

    init(root: URL) throws {
        self.root = root.standardizedFileURL
        try FileManager.default.createDirectory(at: self.root, withIntermediateDirectories: true)
    }

    /// Makes the folder hold exactly `files`, writing only those whose bytes changed, on all cores (the
    /// first build writes every file: at 15,000 pages, one by one, that was most of `serve`'s start).
    /// A file kept as `.stored` is in place already: one the build found served with its bytes (see
    /// `served`), or one the first build wrote as it rendered (`PreviewSite.rebuild`).
    func update(with files: [OutputFile]) throws -> Change {
        let digests = Self.digests(of: files)
        var next: [String: ContentDigest] = [:]
        var changed: [(path: String, bytes: [UInt8])] = []
        var placed: [String] = []  // written by the build itself
        var nextCopies: [String: (stamp: FileStamp, digest: ContentDigest)] = [:]
        for (file, digest) in zip(files, digests) {
            switch file.contents {
            case .bytes(let bytes):
                next[file.path] = digest
                if current[file.path] != digest { changed.append((file.path, bytes)) }
            case .copy(let source):
                // Stamped before it is read: a change while it is read gives it a new stamp next time.
                let stamp = FileStamp(path: source.path)
                if let stamp, let known = copies[file.path], known.stamp == stamp, current[file.path] == known.digest {
                    next[file.path] = known.digest
                    nextCopies[file.path] = known
                    continue
                }
                let bytes = try Array(Data(contentsOf: source))
                let digest = ContentDigest(bytes)
                next[file.path] = digest
                if let stamp { nextCopies[file.path] = (stamp, digest) }
                if current[file.path] != digest { changed.append((file.path, bytes)) }
            case .stored(_, let digest):
                guard let digest else {
                    throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: file.path, NSLocalizedDescriptionKey: "\(file.path) was stored without its digest"])
                }
                next[file.path] = digest
                if current[file.path] != digest { placed.append(file.path) }
            }
        }
        changed.sort { $0.path < $1.path }
        try Parallel.forEach(count: changed.count) { index in try replace(changed[index].path, with: changed[index].bytes) }
        var change = Change(written: (changed.map(\.path) + placed).sorted())
        for path in current.keys.sorted() where next[path] == nil {
            try? FileManager.default.removeItem(at: root.appendingPathComponent(path))
            removeEmptyFolders(above: path)
            change.removed.append(path)
        }
        current = next
        copies = nextCopies
        return change
    }

    /// Whether the folder has nothing in it (or cannot be listed, which counts as not empty).
    var isEmpty: Bool { (try? FileManager.default.contentsOfDirectory(atPath: root.path))?.isEmpty ?? false }

    /// Removes everything a failed first build wrote into the folder, which was empty before it.
    func clear() {
        guard let entries = try? FileManager.default.contentsOfDirectory(atPath: root.path) else { return }
        for entry in entries { try? FileManager.default.removeItem(at: root.appendingPathComponent(entry)) }
    }

    /// Writes those of `files` whose bytes changed, in the order given, and leaves every other file.
    func update(changing files: [OutputFile]) throws -> Change {
        var change = Change()
        for (file, digest) in zip(files, Self.digests(of: files)) {
            guard case .bytes(let bytes) = file.contents, let digest, current[file.path] != digest else { continue }
            try replace(file.path, with: bytes)
            current[file.path] = digest
            change.written.append(file.path)
        }
        return change
    }

    /// The digest of each file held as bytes, on all cores (a patch's feeds are megabytes each, a first
    /// build's pages hundreds of megabytes in all).
    private static func digests(of files: [OutputFile]) -> [ContentDigest?] {
        Parallel.map(count: files.count) { index in
            guard case .bytes(let bytes) = files[index].contents else { return nil }
            return ContentDigest(bytes)
        }
    }

    /// Writes a temporary file beside the target and renames it into place. Safe from several threads.
    private func replace(_ path: String, with bytes: [UInt8]) throws {
        let target = root.appendingPathComponent(path)
        let folder = target.deletingLastPathComponent()
        guard FileCreation.makeFolders(folder.path) else { throw Self.failure(folder.path) }
        let temporary = folder.appendingPathComponent(".\(target.lastPathComponent).\(UUID().uuidString).tmp")
        do {
            guard FileCreation.create(temporary.path, flags: O_EXCL, bytes) else { throw Self.failure(temporary.path) }
            guard rename(temporary.path, target.path) == 0 else {
                throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: target.path])
            }
        } catch {
            unlink(temporary.path)
            throw error
        }
    }

    private static func failure(_ path: String) -> Error {
        let reason = String(cString: strerror(errno))
        return CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: path, NSLocalizedDescriptionKey: "cannot write \(path): \(reason)"])
    }

    private func removeEmptyFolders(above path: String) {
        var folder = (path as NSString).deletingLastPathComponent
        while !folder.isEmpty {
            let url = root.appendingPathComponent(folder)
            guard let entries = try? FileManager.default.contentsOfDirectory(atPath: url.path), entries.isEmpty else { return }
            try? FileManager.default.removeItem(at: url)
            folder = (folder as NSString).deletingLastPathComponent
        }
    }
}
