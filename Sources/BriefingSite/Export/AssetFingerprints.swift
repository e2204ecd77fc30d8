import BriefingCore
import Foundation

/// For publishing: theme stylesheets and scripts renamed by content (`assets/style.3f2a9c01de.css`) and
/// every page's reference rewritten, so hosts can cache them for ever and a change is never stale.
/// `build` and `serve` keep the plain names, which the live-reload server and templates rely on.
enum AssetFingerprints {
    static let fingerprinted: Set<String> = ["css", "js"]

    /// The files with assets renamed and pages rewritten.
    static func apply(_ files: [OutputFile]) -> [OutputFile] {
        var renames: [(from: String, to: String)] = []
        var result: [OutputFile] = []
        for file in files {
            let ext = file.path.hasPrefix("assets/") ? (file.path as NSString).pathExtension : ""
            guard fingerprinted.contains(ext), let bytes = bytes(of: file) else {
                result.append(file)
                continue
            }
            let hash = String(SHA256.hex(bytes).prefix(10))
            let renamed = String(file.path.dropLast(ext.count)) + hash + "." + ext
            renames.append((file.path, renamed))
            result.append(OutputFile(path: renamed, bytes: bytes))
        }
        guard !renames.isEmpty else { return files }
        let byteRenames = renames.map { (from: Array($0.from.utf8), to: Array($0.to.utf8)) }
        // Every page on all cores, on its bytes: this was `replacingOccurrences` through `NSString`, twice
        // per asset, on one core, and took two minutes of a publish at 15,000 pages.
        return Parallel.map(count: result.count) { index in
            let file = result[index]
            guard file.path.hasSuffix(".html"), case .bytes(let bytes) = file.contents,
                let rewritten = rewrite(bytes, byteRenames)
            else { return file }
            return OutputFile(path: file.path, contents: .bytes(rewritten))
        }
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
        case .stored: return nil  // publish renders in memory; only `build` stores as it goes
        }
    }
}
