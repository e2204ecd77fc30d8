/// What the last render produced, kept between rebuilds by `briefing serve` so the next one runs
/// templates only for the pages and item partials whose inputs changed.
///
/// A page's output is a pure function of its template (with the layout and partials it uses), its path
/// and its context, so each is keyed by a digest of all three: an edited briefing changes the contexts
/// of its own page and of every page that lists it (timeline, profiles, tags, home), and only those are
/// rendered again; a template edit changes the key of exactly the pages that use that template. Every
/// other page keeps its bytes. The result equals a full build byte for byte (`IncrementalBuildTests`).
///
/// Rebuilds are serial; during one, the parallel render only reads the previous entries, and the new
/// ones replace them when it is over.
public final class RenderMemo: @unchecked Sendable {
    struct Page {
        let key: Int
        let bytes: [UInt8]
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

/// A digest of a template context: its values fed to a `Hasher` (an object's fields in any order, strings
/// as their UTF-8 bytes so that canonically equal but different strings differ).
/// `Hasher` is seeded per process, which suits a memo that lives as long as `serve`.
enum ContextDigest {
    /// The key of `context` rendered with the template whose key is `template` at `path`.
    static func key(template: Int, path: String, _ context: TemplateObject) -> Int {
        var hasher = Hasher()
        hasher.combine(template)
        combine(path, into: &hasher)
        combine(.object(context), into: &hasher)
        return hasher.finalize()
    }

    static func combine(_ value: TemplateValue, into hasher: inout Hasher) {
        switch value {
        case .string(let string):
            hasher.combine(0 as UInt8)
            combine(string, into: &hasher)
        case .bool(let bool):
            hasher.combine(1 as UInt8)
            hasher.combine(bool)
        case .int(let int):
            hasher.combine(2 as UInt8)
            hasher.combine(int)
        case .double(let double):
            hasher.combine(3 as UInt8)
            hasher.combine(double.bitPattern)
        case .object(let object):
            // The fields in any order: each (name, value) pair is digested alone and the digests summed,
            // which no order changes. (Sorting the pairs by name, for every object of every page, was a
            // third of the digests' time, and they were a quarter of `serve`'s first build.)
            hasher.combine(4 as UInt8)
            hasher.combine(object.fields.count)
            var sum = 0
            for field in object.fields {
                var pair = Hasher()
                let (name, value) = field.named
                combine(name, into: &pair)
                combine(value, into: &pair)
                sum &+= pair.finalize()
            }
            hasher.combine(sum)
        case .list(let items):
            hasher.combine(5 as UInt8)
            hasher.combine(items.count)
            for item in items { combine(item, into: &hasher) }
        case .objects(let objects):
            // The same digest as `.list` of the same objects: both are lists to a template.
            hasher.combine(5 as UInt8)
            hasher.combine(objects.count)
            for object in objects { combine(.object(object), into: &hasher) }
        }
    }

    static func combine(_ string: String, into hasher: inout Hasher) {
        var string = string
        string.withUTF8 { bytes in
            hasher.combine(bytes.count)
            hasher.combine(bytes: UnsafeRawBufferPointer(bytes))
        }
    }
}
