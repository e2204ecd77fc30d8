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
    /// on every core; `known` gives the SHA-256 of files whose bytes are known unchanged (`serve`).
    static func of(_ files: [OutputFile], known: [String: String] = [:], diagnostics: inout [Diagnostic]) -> Manifest {
        let listed = files.filter { $0.path != path && $0.path != OutputWriter.markerName }
        let entries: [Result<Entry, Diagnostic>] = Parallel.map(count: listed.count) { index in
            let file = listed[index]
            switch file.contents {
            case .bytes(let bytes):
                return .success(Entry(path: file.path, size: bytes.count, sha256: known[file.path] ?? SHA256.hex(bytes)))
            case .stored(let size, let sha256):
                return .success(Entry(path: file.path, size: size, sha256: sha256))
            case .copy(let source):
                guard let data = FileManager.default.contents(atPath: source.path) else {
                    return .failure(Diagnostic(file: source.path, message: "cannot read file to publish"))
                }
                return .success(Entry(path: file.path, size: data.count, sha256: SHA256.hex([UInt8](data))))
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
            entries.append(Entry(path: relative, size: data.count, sha256: SHA256.hex([UInt8](data))))
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

    func render() -> String {
        String(decoding: Rendering(self).bytes, as: UTF8.self)
    }

    /// The rendered manifest kept as one serialized item per file in path order, so that `serve` can
    /// change a few entries and render it again without sorting and serializing every other one.
    struct Rendering {
        private var paths: [String: Int] = [:]
        private var items: [String]

        init(_ manifest: Manifest) {
            let entries = manifest.sortedEntries
            items = Parallel.map(count: entries.count) { Self.item(entries[$0]) }  // the build's tail: a core would idle
            for (position, entry) in entries.enumerated() { paths[entry.path] = position }
        }

        /// Replaces the entry for a path already listed; false when the path is not listed.
        mutating func update(_ entry: Entry) -> Bool {
            guard let position = paths[entry.path] else { return false }
            items[position] = Self.item(entry)
            return true
        }

        var bytes: [UInt8] {
            JSONValue.object(["version": .int(1), "files": .array(items.map(JSONValue.raw))])
                .bytes(pretty: true, capacity: items.reduce(64) { $0 + $1.utf8.count + 2 })
        }

        /// An entry serialized at its depth in the manifest (inside `files`).
        private static func item(_ entry: Entry) -> String {
            JSONValue.object([("path", .string(entry.path)), ("size", .int(entry.size)), ("sha256", .string(entry.sha256))])
                .serialized(prettyAt: 2)
        }
    }

    /// What publishing `self` over `old` would add, change and remove, each sorted by path.
    public func changes(from old: Manifest) -> (added: [String], changed: [String], removed: [String]) {
        let added = entries.keys.filter { old.entries[$0] == nil }.sorted()
        let changed = entries.keys.filter { key in old.entries[key].map { $0 != entries[key] } ?? false }.sorted()
        let removed = old.entries.keys.filter { entries[$0] == nil }.sorted()
        return (added, changed, removed)
    }
}
