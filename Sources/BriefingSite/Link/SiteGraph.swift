import BriefingCore
import BriefingMarkdown
import Foundation

/// The linked site: content with every reference checked, Markdown links resolved, and back-links
/// computed as indexes, so every join a page needs is a lookup.
public struct SiteGraph: Sendable {
    public var config: SiteConfig
    public var briefings: [Briefing]
    public var events: [Event]
    public var profiles: [Profile]
    public var eras: [Era]
    public var media: [String]

    /// Markdown trees, links resolved to site paths (see `SitePath`), mentions linked.
    public var briefingBodies: [MarkdownNode]
    public var profileBios: [MarkdownNode]
    public var eventTitles: [MarkdownNode]
    public var eventSummaries: [MarkdownNode?]
    public var eraSummaries: [MarkdownNode?]

    public var briefingIndex: [String: Int] = [:]
    public var eventIndex: [String: Int] = [:]
    public var profileIndex: [String: Int] = [:]

    /// Events in timeline order (indexes into `events`).
    public var chronology: [Int] = []
    /// Position of each event in `chronology`.
    public var chronologyRank: [Int] = []
    /// Briefings newest first (indexes into `briefings`).
    public var briefingsNewestFirst: [Int] = []

    /// Profile → events naming it in `people` or `places`, chronological.
    public var eventsOfProfile: [[Int]] = []
    /// Profile → briefings naming it in front matter, linking to it or mentioning it, newest first.
    public var briefingsOfProfile: [[Int]] = []
    /// Event → the profiles in its `people`, then its `places`, as listed.
    public var profilesOfEvent: [[Int]] = []
    /// Event → briefings listing it or linking to it, newest first.
    public var briefingsOfEvent: [[Int]] = []
    /// Organization or place → profiles affiliated with it.
    public var membersOfProfile: [[Int]] = []
    /// Each profile's `sortKey` (folded name, then id), computed once: folding is costly in a sort.
    public var profileSortKeys: [String] = []
    /// Each profile's position in `profileSortKeys` order, for sorts that compare many times.
    public var profileSortRank: [Int] = []
    /// Tag slug → display name, briefings and events carrying it.
    public var tags: [String: Tag] = [:]
    /// The matcher that linked mentions in the briefings (nil when the site does not link them), kept
    /// for `serve`, which links an edited briefing again with it.
    var mentions: MentionLinker?

    public struct Tag: Sendable {
        public var slug: String
        public var name: String
        public var briefings: [Int] = []
        public var events: [Int] = []
    }

    /// Calls `body` with every date the content gives: each briefing's date and update, each event's start
    /// and end. By index: iterating the events copied each one, and this runs for every build and for
    /// every patch in `serve`.
    func forEachContentDate(_ body: (PartialDate) -> Void) {
        for b in briefings.indices {
            body(briefings[b].date)
            if let updated = briefings[b].updated { body(updated) }
        }
        for e in events.indices {
            body(events[e].date)
            if let end = events[e].end { body(end) }
        }
    }

    /// A briefing's summary: the front matter's, else its first paragraph's text.
    public func summary(ofBriefing b: Int) -> String {
        briefings[b].summary ?? Self.firstParagraph(of: briefingBodies[b])
    }

    /// The text of a Markdown document's first paragraph ("" when it has none).
    static func firstParagraph(of body: MarkdownNode) -> String {
        body.children.first { $0.kind == .paragraph }?.plainText ?? ""
    }

    /// Each index's position when the indexes are sorted by `keys` (which must all differ, so the order
    /// is total): sorts that compare many times compare these instead of the keys.
    static func ranks<Key: Comparable>(of keys: [Key]) -> [Int] {
        var ranks = Array(repeating: 0, count: keys.count)
        for (rank, index) in keys.indices.sorted(by: { keys[$0] < keys[$1] }).enumerated() { ranks[index] = rank }
        return ranks
    }

    /// Profiles sharing events with `profile`, most shared first, then by name.
    public func related(to profile: Int) -> [(profile: Int, shared: Int)] {
        var counts: [Int: Int] = [:]
        for event in eventsOfProfile[profile] {
            for other in profilesOfEvent[event] where other != profile { counts[other, default: 0] += 1 }
        }
        let rank = profileSortRank  // the comparator read it through `self`, copying the whole graph each time
        return counts.map { (profile: $0.key, shared: $0.value) }.sorted {
            $0.shared != $1.shared ? $0.shared > $1.shared : rank[$0.profile] < rank[$1.profile]
        }
    }
}

/// Root-relative paths of the pages, one place for the URL layout of the spec.
public enum SitePath {
    public static func briefing(_ id: String) -> String { "briefings/\(id)/" }
    public static func event(_ id: String) -> String { "events/\(id)/" }
    public static func profile(_ id: String) -> String { "profiles/\(id)/" }
    public static func tag(_ slug: String) -> String { "tags/\(slug)/" }
    public static func timelineYear(_ year: Int) -> String { "timeline/\(year)/" }

    /// The path part of a `base_url` ("/venezuela/"), where the site is served on its host.
    public static func basePath(of baseURL: String) -> String {
        guard let url = URL(string: baseURL), !url.path.isEmpty else { return "/" }
        return url.path.hasSuffix("/") ? url.path : url.path + "/"
    }

    /// Marks the start of a root-relative URL inside rendered HTML; each page replaces it with its own
    /// way back to the root (`../../`), so one rendering serves pages at any depth. Content cannot
    /// contain it: NUL bytes are refused on load and cmark replaces them.
    public static let rootMarker = "\u{0}"
}
