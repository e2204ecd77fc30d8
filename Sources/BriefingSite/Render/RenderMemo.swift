/// What the last render produced, kept between rebuilds by `briefing serve` so the next one runs
/// templates only for the pages and item partials whose inputs changed.
///
/// A page's output is a pure function of its template (with the layout and partials it uses), its path
/// and its context, so each is keyed by a digest of all three: an edited briefing changes the contexts
/// of its own page and of every page that lists it (timeline, profiles, tags, home), and only those are
/// rendered again; a template edit changes the key of exactly the pages that use that template. Every
/// other page keeps its bytes (and its SHA-256 for the manifest). The result equals a full build byte
/// for byte (`IncrementalBuildTests`); a context holding a value the digest cannot read is rendered
/// every time, never guessed.
///
/// Rebuilds are serial; during one, the parallel render only reads the previous entries, and the new
/// ones replace them when it is over.
public final class RenderMemo: @unchecked Sendable {
    struct Page {
        let key: Int
        let bytes: [UInt8]
        var sha256: String?
    }

    /// What the latest render did.
    public struct Stats: Equatable, Sendable {
        public var pagesRendered = 0
        public var pagesReused = 0
        public var itemsRendered = 0
        public var itemsReused = 0
        public init() {}
    }

    /// Output path → the page's key and bytes.
    var pages: [String: Page] = [:]
    /// Item key → the partial's output.
    var items: [Int: String] = [:]
    public internal(set) var stats = Stats()

    public init() {}
}

/// A digest of a template context: the values Mustache can show, fed to a `Hasher` in a fixed order
/// (dictionary keys sorted, strings as their UTF-8 bytes so that canonically equal but different
/// strings differ). `Hasher` is seeded per process, which suits a memo that lives as long as `serve`.
enum ContextDigest {
    /// The key of `context` rendered with the template whose key is `template` at `path`; nil when the
    /// context holds a value of a type not read here.
    static func key(template: Int, path: String, _ context: [String: Any]) -> Int? {
        var hasher = Hasher()
        hasher.combine(template)
        combine(path, into: &hasher)
        guard combine(context, into: &hasher) else { return nil }
        return hasher.finalize()
    }

    /// Feeds `value` to `hasher`; false when it holds a type the digest does not know.
    static func combine(_ value: Any, into hasher: inout Hasher) -> Bool {
        switch value {
        case let string as String:
            hasher.combine(0 as UInt8)
            combine(string, into: &hasher)
        case let bool as Bool:
            hasher.combine(1 as UInt8)
            hasher.combine(bool)
        case let int as Int:
            hasher.combine(2 as UInt8)
            hasher.combine(int)
        case let double as Double:
            hasher.combine(3 as UInt8)
            hasher.combine(double.bitPattern)
        case let dictionary as [String: Any]:
            hasher.combine(4 as UInt8)
            hasher.combine(dictionary.count)
            for (key, element) in dictionary.sorted(by: { $0.key < $1.key }) {
                combine(key, into: &hasher)
                guard combine(element, into: &hasher) else { return false }
            }
        case let array as [Any]:
            hasher.combine(5 as UInt8)
            hasher.combine(array.count)
            for element in array {
                guard combine(element, into: &hasher) else { return false }
            }
        default:
            return false
        }
        return true
    }

    static func combine(_ string: String, into hasher: inout Hasher) {
        var string = string
        string.withUTF8 { bytes in
            hasher.combine(bytes.count)
            hasher.combine(bytes: UnsafeRawBufferPointer(bytes))
        }
    }
}
