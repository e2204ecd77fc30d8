/// What `serve`'s folder holds, as a digest of each file's bytes. A rebuild checks every file against
/// it as soon as the file is made: one that is served with the same bytes already is kept only as its
/// size, so a rebuild holds the few files an edit changed rather than the whole site, and only those
/// are written. (Rendering every page again costs less than deciding which contexts changed: a digest
/// of each page's context walked as much of it as the templates do.)
public struct ServedFiles: Sendable {
    /// Path → the digest of the bytes served there.
    let digests: [String: ContentDigest]

    public init(_ digests: [String: ContentDigest] = [:]) {
        self.digests = digests
    }

    /// `.stored` when `path` is served with exactly `bytes`; otherwise the bytes, to be written. Bytes of
    /// another size are not hashed here: the preview folder hashes what it writes, and a page an edit
    /// changed (every page, after a layout edit) would be hashed twice.
    public func contents(_ path: String, _ bytes: [UInt8]) -> OutputFile.Contents {
        guard let served = digests[path], served.size == bytes.count, served == ContentDigest(bytes) else { return .bytes(bytes) }
        return .stored(size: bytes.count, digest: served)
    }

    /// `files` with each one held as bytes that are served already kept as its size, on all cores.
    func keep(_ files: [OutputFile]) -> [OutputFile] {
        Parallel.map(count: files.count) { index in
            guard case .bytes(let bytes) = files[index].contents else { return files[index] }
            return OutputFile(path: files[index].path, contents: contents(files[index].path, bytes))
        }
    }
}
