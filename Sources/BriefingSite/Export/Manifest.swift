import BriefingCore
import Foundation

/// `manifest.json`: every published file with its size and SHA-256, sorted by path, so a deploy
/// (`rsync --checksum`, `aws s3 sync`) or `briefing publish --dry-run` can tell exactly what changed.
public struct Manifest: Equatable, Sendable {
    public struct Entry: Equatable, Sendable {
        public var path: String
        public var size: Int
        public var sha256: String
    }

    public static let path = "manifest.json"

    /// Keyed by path.
    public var entries: [String: Entry]

    public init(entries: [Entry]) {
        self.entries = Dictionary(entries.map { ($0.path, $0) }, uniquingKeysWith: { first, _ in first })
    }

    /// The manifest of generated files (the manifest itself and the output marker excluded), hashed
    /// on every core.
    static func of(_ files: [OutputFile], diagnostics: inout [Diagnostic]) -> Manifest {
        let listed = files.filter { $0.path != path && $0.path != OutputWriter.markerName }
        let entries: [Result<Entry, Diagnostic>] = Parallel.map(count: listed.count) { index in
            let file = listed[index]
            switch file.contents {
            case .bytes(let bytes):
                return .success(Entry(path: file.path, size: bytes.count, sha256: ContentDigest(bytes).hex))
            case .stored(let size, let digest?):
                return .success(Entry(path: file.path, size: size, sha256: digest.hex))  // hashed when written
            case .stored:
                // `build` writes files without hashing them, and lists no manifest.
                return .failure(Diagnostic(file: file.path, message: "cannot list a file already written without its bytes"))
            case .copy(let source):
                guard let data = FileManager.default.contents(atPath: source.path) else {
                    return .failure(Diagnostic(file: source.path, message: "cannot read file to publish"))
                }
                return .success(Entry(path: file.path, size: data.count, sha256: ContentDigest([UInt8](data)).hex))
            }
        }
        var valid: [Entry] = []
        for entry in entries {
            switch entry {
            case .success(let entry): valid.append(entry)
            case .failure(let diagnostic): diagnostics.append(diagnostic)
            }
        }
        return Manifest(entries: valid)
    }

    /// The manifest of a folder on disk (hidden files skipped), for output published before manifests.
    public static func scan(_ folder: URL) -> Manifest {
        var entries: [Entry] = []
        for relative in Theme.listFiles(folder) where relative != path {
            guard let data = FileManager.default.contents(atPath: folder.appendingPathComponent(relative).path) else { continue }
            entries.append(Entry(path: relative, size: data.count, sha256: ContentDigest([UInt8](data)).hex))
        }
        return Manifest(entries: entries)
    }

    /// Reads `manifest.json` from a published folder; nil when absent or unreadable.
    public static func read(_ folder: URL) -> Manifest? {
        guard let data = FileManager.default.contents(atPath: folder.appendingPathComponent(path).path),
            let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
            let files = object["files"] as? [[String: Any]]
        else { return nil }
        return Manifest(entries: files.compactMap { item in
            guard let path = item["path"] as? String, let size = item["size"] as? Int, let hash = item["sha256"] as? String
            else { return nil }
            return Entry(path: path, size: size, sha256: hash)
        })
    }

    public var sortedEntries: [Entry] { entries.values.sorted { $0.path < $1.path } }

    /// `manifest.json`: every entry in path order, each serialized on all cores (tens of thousands of
    /// files on a large site).
    func render() -> String {
        let entries = sortedEntries
        let items = Parallel.map(count: entries.count) { index -> JSONValue in
            let entry = entries[index]
            return .raw(JSONValue.object([("path", .string(entry.path)), ("size", .int(entry.size)), ("sha256", .string(entry.sha256))])
                .bytes(prettyAt: 2))
        }
        return JSONValue.object(["version": .int(1), "files": .array(items)]).serialized(pretty: true)
    }

    /// What publishing `self` over `old` would add, change and remove, each sorted by path.
    public func changes(from old: Manifest) -> (added: [String], changed: [String], removed: [String]) {
        let added = entries.keys.filter { old.entries[$0] == nil }.sorted()
        let changed = entries.keys.filter { key in old.entries[key].map { $0 != entries[key] } ?? false }.sorted()
        let removed = old.entries.keys.filter { entries[$0] == nil }.sorted()
        return (added, changed, removed)
    }
}
