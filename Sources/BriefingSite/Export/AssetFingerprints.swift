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
            let ext = (file.path as NSString).pathExtension
            guard file.path.hasPrefix("assets/"), fingerprinted.contains(ext), let bytes = bytes(of: file) else {
                result.append(file)
                continue
            }
            let hash = String(SHA256.hex(bytes).prefix(10))
            let renamed = String(file.path.dropLast(ext.count)) + hash + "." + ext
            renames.append((file.path, renamed))
            var moved = OutputFile(path: renamed, text: "")
            moved.contents = .bytes(bytes)
            result.append(moved)
        }
        guard !renames.isEmpty else { return files }
        // Longest names first, so `a.js` never rewrites part of `data.js`'s reference.
        renames.sort { $0.from.count != $1.from.count ? $0.from.count > $1.from.count : $0.from < $1.from }
        result = result.map { file in
            guard file.path.hasSuffix(".html"), case .bytes(let bytes) = file.contents else { return file }
            var html = String(decoding: bytes, as: UTF8.self)
            for rename in renames {
                // Only inside attribute values: a quote follows the path (text would have `&quot;`).
                html = html.replacingOccurrences(of: "/" + rename.from + "\"", with: "/" + rename.to + "\"")
                html = html.replacingOccurrences(of: "\"" + rename.from + "\"", with: "\"" + rename.to + "\"")
            }
            return OutputFile(path: file.path, text: html)
        }
        return result
    }

    private static func bytes(of file: OutputFile) -> [UInt8]? {
        switch file.contents {
        case .bytes(let bytes): return bytes
        case .copy(let source): return FileManager.default.contents(atPath: source.path).map { [UInt8]($0) }
        case .stored: return nil  // publish renders in memory; only `build` stores as it goes
        }
    }
}
