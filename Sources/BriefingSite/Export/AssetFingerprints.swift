import BriefingCore
import Foundation

/// For publishing: theme stylesheets and scripts renamed by content (`assets/style.3f2a9c01de.css`) and
/// every page's reference rewritten, so hosts can cache them for ever and a change is never stale.
/// `build` and `serve` keep the plain names, which the live-reload server and templates rely on.
struct AssetFingerprints: Sendable {
    static let fingerprinted: Set<String> = ["css", "js"]

    /// The extension of an asset renamed by content (a stylesheet or script under `assets/`), else nil.
    static func fingerprintedExtension(_ path: String) -> String? {
        guard path.hasPrefix("assets/") else { return nil }
        let ext = (path as NSString).pathExtension
        return fingerprinted.contains(ext) ? ext : nil
    }

    /// Each renamed asset: its path, the path it is published under, and its bytes.
    let renamed: [(path: String, to: String, bytes: [UInt8])]
    /// `renamed` as `rewrite` takes it.
    private let byteRenames: [(from: [UInt8], to: [UInt8])]

    /// The renames of the stylesheets and scripts among `assets` (path under `assets/` and bytes).
    init(assets: [(path: String, bytes: [UInt8])]) {
        renamed = assets.compactMap { asset in
            guard let ext = Self.fingerprintedExtension(asset.path) else { return nil }
            let hash = String(ContentDigest(asset.bytes).hex.prefix(10))
            return (asset.path, String(asset.path.dropLast(ext.count)) + hash + "." + ext, asset.bytes)
        }
        byteRenames = renamed.map { (from: Array($0.path.utf8), to: Array($0.to.utf8)) }
    }

    /// The renames of a theme's assets (`Theme.assets`), read once: `publish` works them out before any
    /// page renders, so that each page is rewritten as it is written. One that cannot be read is not
    /// renamed, and its copy fails when the files are written.
    init(theme assets: [String: URL]) {
        self.init(assets: assets.keys.sorted().compactMap { path in
            guard Self.fingerprintedExtension(path) != nil else { return nil }
            return FileManager.default.contents(atPath: assets[path]!.path).map { (path, [UInt8]($0)) }
        })
    }

    /// The renames of the assets among `files`.
    init(files: [OutputFile]) {
        self.init(assets: files.compactMap { file in
            guard Self.fingerprintedExtension(file.path) != nil, let bytes = Self.bytes(of: file) else { return nil }
            return (file.path, bytes)
        })
    }

    /// The files with assets renamed and pages rewritten, all worked out from `files`.
    static func apply(_ files: [OutputFile]) -> [OutputFile] {
        Self(files: files).apply(files)
    }

    /// The files with each renamed asset under its new name (with the bytes it was renamed for) and
    /// every page still held as bytes rewritten; pages already written (`.stored`) were rewritten then.
    func apply(_ files: [OutputFile]) -> [OutputFile] {
        guard !renamed.isEmpty else { return files }
        let byPath = Dictionary(renamed.map { ($0.path, $0) }, uniquingKeysWith: { first, _ in first })
        // Every page on all cores, on its bytes: this was `replacingOccurrences` through `NSString`, twice
        // per asset, on one core, and took two minutes of a publish at 15,000 pages.
        return Parallel.map(count: files.count) { index in
            let file = files[index]
            if let asset = byPath[file.path] { return OutputFile(path: asset.to, bytes: asset.bytes) }
            guard case .bytes(let bytes) = file.contents else { return file }
            return OutputFile(path: file.path, contents: .bytes(page(file.path, bytes)))
        }
    }

    /// The bytes of the file at `path` as published: an HTML page's references to renamed assets
    /// rewritten, any other file as it is.
    func page(_ path: String, _ bytes: [UInt8]) -> [UInt8] {
        guard !byteRenames.isEmpty, path.hasSuffix(".html") else { return bytes }
        return Self.rewrite(bytes, byteRenames) ?? bytes
    }

    /// `html` with every reference to a renamed asset renamed, in one pass; nil when it has none. A
    /// reference is the asset's path right after `/` or `"` and right before `"`, so only attribute values
    /// change (text would have `&quot;`), and `assets/a.js` never matches inside `assets/data.js`. Every
    /// renamed path starts with `assets/`, which is what the pass looks for.
    static func rewrite(_ html: [UInt8], _ renames: [(from: [UInt8], to: [UInt8])]) -> [UInt8]? {
        let quote = UInt8(ascii: "\""), slash = UInt8(ascii: "/")
        let prefix = Array("assets/".utf8)
        return html.withUnsafeBufferPointer { page -> [UInt8]? in
            prefix.withUnsafeBufferPointer { prefix -> [UInt8]? in
                var out: [UInt8] = []
                var copied = 0
                var search = 0
                while let hit = page.index(of: prefix, from: search) {
                    search = hit + 1
                    guard hit > 0, page[hit - 1] == slash || page[hit - 1] == quote,
                        let rename = renames.first(where: { rename in
                            let end = hit + rename.from.count
                            return end < page.count && page[end] == quote
                                && rename.from.withUnsafeBufferPointer { memcmp(page.baseAddress! + hit, $0.baseAddress!, $0.count) == 0 }
                        })
                    else { continue }
                    if out.isEmpty { out.reserveCapacity(page.count + 64) }
                    out.append(contentsOf: UnsafeBufferPointer(rebasing: page[copied..<hit]))
                    out.append(contentsOf: rename.to)
                    copied = hit + rename.from.count
                    search = copied
                }
                guard copied > 0 else { return nil }
                out.append(contentsOf: UnsafeBufferPointer(rebasing: page[copied...]))
                return out
            }
        }
    }

    private static func bytes(of file: OutputFile) -> [UInt8]? {
        switch file.contents {
        case .bytes(let bytes): return bytes
        case .copy(let source): return FileManager.default.contents(atPath: source.path).map { [UInt8]($0) }
        case .stored: return nil  // assets are copies; only pages and exports are stored as they render
        }
    }
}
