import BriefingCore
import Foundation

/// The load stage: reads a site folder's `Content/` into typed values, collecting every problem.
public struct ContentLoader {
    public let siteFolder: URL
    public var includeDrafts: Bool

    public init(siteFolder: URL, includeDrafts: Bool = false) {
        self.siteFolder = siteFolder.standardizedFileURL
        self.includeDrafts = includeDrafts
    }

    var contentFolder: URL { siteFolder.appendingPathComponent("Content") }

    /// Loads everything; the content is nil only when `site.yml` itself is unusable.
    public func load() -> (SiteContent?, [Diagnostic]) {
        var diagnostics: [Diagnostic] = []
        guard let config = loadConfig(&diagnostics) else { return (nil, diagnostics) }
        var content = SiteContent(config: config)
        (content.events, content.profiles, content.briefings) = loadFiles(&diagnostics)
        content.eras = loadEras(&diagnostics)
        let media = SiteFiles(root: siteFolder).files(under: "Content/media", recursive: true, diagnostics: &diagnostics)
        // Media files are only copied when the site is written: say now, and by their source path, if one cannot be.
        for path in media where access(siteFolder.appendingPathComponent(path).path, R_OK) != 0 {
            diagnostics.append(Diagnostic(file: path, message: "cannot read file: \(SourceText.reason(errno: errno))"))
        }
        content.media = media.map { String($0.dropFirst("Content/media/".count)) }
        return (content, diagnostics)
    }

    // MARK: - Files

    func read(_ relativePath: String, _ diagnostics: inout [Diagnostic]) -> SourceText? {
        // `isDirectory` given: without it, Foundation asks the file system (a `stat` per file).
        switch SourceText.read(siteFolder.appendingPathComponent(relativePath, isDirectory: false), displayPath: relativePath) {
        case .success(let text): return text
        case .failure(let diagnostic):
            diagnostics.append(diagnostic)
            return nil
        }
    }

    /// Events from every `.yml`, `.yaml`, `.json` and `.csv` file in `Content/events/` (in file-name
    /// order), profiles and briefings from the `.md` files of theirs: read and decoded in one pass on
    /// all cores, because a few large event files otherwise left a core idle before the many small
    /// profiles could start. Diagnostics come folder by folder, each in path order.
    func loadFiles(_ diagnostics: inout [Diagnostic]) -> (events: [Event], profiles: [Profile], briefings: [Briefing]) {
        enum Decoded {
            case events([Event])
            case profile(Profile)
            case briefing(Briefing)
        }
        var listing: [[Diagnostic]] = [[], [], []]
        let paths = [
            files(in: "events", extensions: Self.eventExtensions, &listing[0]),
            files(in: "profiles", extensions: Self.pageExtensions, &listing[1]),
            files(in: "briefings", extensions: Self.pageExtensions, &listing[2]),
        ]
        let results = readEach(paths.flatMap { $0 }) { source, found -> Decoded? in
            switch source.path {
            case let path where path.hasPrefix("Content/events/"): .events(decodeEvents(source, &found))
            case let path where path.hasPrefix("Content/profiles/"): decodeProfile(source, &found).map(Decoded.profile)
            default: decodeBriefing(source, &found).map(Decoded.briefing)
            }
        }
        var loaded: (events: [Event], profiles: [Profile], briefings: [Briefing]) = ([], [], [])
        var index = 0
        for (kind, kindPaths) in paths.enumerated() {
            diagnostics += listing[kind]
            for (value, found) in results[index..<index + kindPaths.count] {
                diagnostics += found
                switch value {
                case .events(let events)?: loaded.events += events
                case .profile(let profile)?: loaded.profiles.append(profile)
                case .briefing(let briefing)? where !briefing.draft || includeDrafts: loaded.briefings.append(briefing)
                default: break
                }
            }
            index += kindPaths.count
        }
        for e in loaded.events.indices { loaded.events[e].sequence = e }
        return loaded
    }

    /// Each file read and decoded on all cores, with its own diagnostics, in path order. Files are handed
    /// out one by one: an events file can hold a thousand events, a profile one.
    func readEach<T>(_ paths: [String], _ decode: (SourceText, inout [Diagnostic]) -> T?) -> [(T?, [Diagnostic])] {
        Parallel.map(count: paths.count, chunks: paths.count) { index in
            var found: [Diagnostic] = []
            guard let source = read(paths[index], &found) else { return (nil, found) }
            let value = decode(source, &found)
            return (value, found)
        }
    }

    func files(in folder: String, extensions: Set<String>, _ diagnostics: inout [Diagnostic]) -> [String] {
        SiteFiles(root: siteFolder).files(under: "Content/\(folder)", recursive: false, diagnostics: &diagnostics)
            .filter { extensions.contains(Self.pathExtension($0).lowercased()) }
    }

    /// What follows the last dot of the file name, as `NSString.pathExtension` says ("" for none, and
    /// for a name that only starts with a dot); without bridging each of a site's paths to `NSString`.
    static func pathExtension(_ path: String) -> Substring {
        // On UTF-8: a `Character` search breaks the whole path into grapheme clusters.
        let utf8 = path.utf8
        let nameStart = utf8.lastIndex(of: UInt8(ascii: "/")).map(utf8.index(after:)) ?? utf8.startIndex
        guard let dot = utf8[nameStart...].lastIndex(of: UInt8(ascii: ".")), dot != nameStart else { return "" }
        return path[utf8.index(after: dot)...]
    }

    func yaml(_ source: SourceText, lineOffset: Int = 0, _ diagnostics: inout [Diagnostic]) -> FieldValue? {
        switch YAMLReader.read(source.text, file: source.path, lineOffset: lineOffset) {
        case .success(let value): return value
        case .failure(let diagnostic):
            diagnostics.append(diagnostic)
            return nil
        }
    }

    // MARK: - site.yml and eras.yml

    func loadConfig(_ diagnostics: inout [Diagnostic]) -> SiteConfig? {
        let path = "Content/site.yml"
        guard FileManager.default.fileExists(atPath: siteFolder.appendingPathComponent(path).path) else {
            diagnostics.append(Diagnostic(file: path, message: "missing site settings: create Content/site.yml with at least 'title' and 'base_url'"))
            return nil
        }
        guard let source = read(path, &diagnostics), let value = yaml(source, &diagnostics),
            let record = RecordReader(value, kind: "site", diagnostics: &diagnostics)
        else { return nil }
        defer { diagnostics.append(contentsOf: record.finish()) }
        let title = record.string("title", required: true) ?? ""
        var baseURL = record.string("base_url", required: true) ?? "/"
        if let (url, location) = record.scalar("base_url"), !(url.hasPrefix("http://") || url.hasPrefix("https://")) {
            record.error("'base_url' must be an absolute http(s) URL, not '\(url)'", at: location)
        }
        if !baseURL.hasSuffix("/") { baseURL += "/" }
        var config = SiteConfig(title: title, baseURL: baseURL)
        config.language = record.string("language") ?? "en"
        config.description = record.string("description") ?? ""
        config.timezone = record.string("timezone") ?? "UTC"
        if let (zone, location) = record.scalar("timezone"), TimeZone(identifier: zone) == nil {
            record.error("unknown time zone '\(zone)' (use an IANA name like 'America/Caracas')", at: location)
        }
        config.autolinkMentions = record.bool("autolink_mentions") ?? false
        config.unsafeHTML = record.bool("unsafe_html") ?? false
        config.timelinePageSize = record.int("timeline_page_size", in: 1...1_000_000) ?? 500
        return config
    }

    func loadEras(_ diagnostics: inout [Diagnostic]) -> [Era] {
        let path = "Content/eras.yml"
        guard FileManager.default.fileExists(atPath: siteFolder.appendingPathComponent(path).path),
            let source = read(path, &diagnostics), let value = yaml(source, &diagnostics)
        else { return [] }
        guard case .list(let items, _) = value else {
            if case .null = value { return [] }
            diagnostics.append(.error("eras.yml must be a list of eras", at: value.location))
            return []
        }
        var eras: [Era] = []
        for item in items {
            guard let record = RecordReader(item, kind: "era", diagnostics: &diagnostics) else { continue }
            defer { diagnostics.append(contentsOf: record.finish()) }
            let id = record.id()
            let title = record.string("title", required: true)
            let date = record.date("date", required: true)
            let end = record.date("end")
            if let date, let end, end < date {
                record.error("era ends (\(end)) before it starts (\(date))", at: record.locationOf("end"))
            }
            guard let id, let title, let date else { continue }
            var era = Era(id: id, title: title, date: date, end: end, location: record.location)
            era.summary = record.markdown("summary")
            eras.append(era)
        }
        return eras
    }
}

/// Lists a site's files safely: sorted, hidden and editor files skipped, links out of the site refused.
struct SiteFiles {
    let root: URL

    func files(under relativeFolder: String, recursive: Bool, diagnostics: inout [Diagnostic]) -> [String] {
        var result: [String] = []
        var visited: Set<String> = []
        collect(relativeFolder, recursive: recursive, into: &result, visited: &visited, diagnostics: &diagnostics)
        return result.sorted()
    }

    private func collect(
        _ relative: String, recursive: Bool, into result: inout [String], visited: inout Set<String>,
        diagnostics: inout [Diagnostic]
    ) {
        let manager = FileManager.default
        let folder = root.appendingPathComponent(relative)
        let names: [String]
        do {
            names = try manager.contentsOfDirectory(atPath: folder.path)
        } catch {
            // A missing folder is an empty one; one that is there but cannot be listed must not
            // silently drop its content from the site.
            if SourceText.posixCode(error) != ENOENT, manager.fileExists(atPath: folder.path) {
                diagnostics.append(Diagnostic(file: relative, message: "cannot read folder: \(SourceText.reason(error))"))
            }
            return
        }
        let realRoot = root.resolvingSymlinksInPath().path
        let realFolder = folder.resolvingSymlinksInPath().path
        guard visited.insert(realFolder).inserted else { return }  // link loop
        // Entries are looked at relative to the open folder, as plain paths: a `URL` per entry parsed
        // its path, and an absolute path made the kernel walk every folder above it.
        let folderPath = folder.path
        let descriptor = open(folderPath, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        defer { if descriptor >= 0 { close(descriptor) } }
        for name in names.sorted() where !name.hasPrefix(".") && !name.hasSuffix("~") && !name.hasPrefix("#") {
            let path = "\(relative)/\(name)"
            let full = folderPath + "/" + name
            // Only a link needs resolving: any other entry's real path is its folder's plus its name
            // (resolving each of a large site's files cost a system call per part of its path).
            var status = stat()
            let found = descriptor >= 0
                ? fstatat(descriptor, name, &status, AT_SYMLINK_NOFOLLOW) : lstat(full, &status)
            let isLink = found != 0 || status.st_mode & S_IFMT == S_IFLNK
            let real = isLink ? URL(fileURLWithPath: full).resolvingSymlinksInPath().path : realFolder + "/" + name
            guard real == realRoot || real.hasPrefix(realRoot + "/") else {
                diagnostics.append(Diagnostic(file: path, message: "symbolic link points outside the site folder; refusing to read it"))
                continue
            }
            var isDirectory = status.st_mode & S_IFMT == S_IFDIR
            if isLink {
                var linksToDirectory: ObjCBool = false
                guard manager.fileExists(atPath: full, isDirectory: &linksToDirectory) else {
                    diagnostics.append(Diagnostic(file: path, message: "broken symbolic link"))
                    continue
                }
                isDirectory = linksToDirectory.boolValue
            }
            if isDirectory {
                if recursive {
                    collect(path, recursive: true, into: &result, visited: &visited, diagnostics: &diagnostics)
                }
            } else {
                result.append(path)
            }
        }
    }
}
