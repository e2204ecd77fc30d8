import BriefingCore
import BriefingMarkdown

/// The link stage: builds the `SiteGraph`, checking every reference and computing back-links.
enum ReferenceResolver {
    static func link(_ parsed: ParsedContent, diagnostics: inout [Diagnostic]) -> SiteGraph {
        let content = parsed.content
        var graph = SiteGraph(
            config: content.config, briefings: content.briefings, events: content.events, profiles: content.profiles,
            eras: content.eras, media: content.media, briefingBodies: parsed.briefingBodies,
            profileBios: parsed.profileBios, eventTitles: parsed.eventTitles, eventSummaries: parsed.eventSummaries,
            eraSummaries: parsed.eraSummaries)
        graph.briefingIndex = index(content.briefings.map { ($0.id, $0.location) }, kind: "briefing", &diagnostics)
        graph.eventIndex = index(content.events.map { ($0.id, $0.location) }, kind: "event", &diagnostics)
        graph.profileIndex = index(content.profiles.map { ($0.id, $0.location) }, kind: "profile", &diagnostics)
        _ = index(content.eras.map { ($0.id, $0.location) }, kind: "era", &diagnostics)

        let lookup = Checker.Lookup(graph)
        var checker = Checker(lookup: lookup)
        graph.eventsOfProfile = Array(repeating: [], count: graph.profiles.count)
        graph.briefingsOfProfile = Array(repeating: [], count: graph.profiles.count)
        graph.briefingsOfEvent = Array(repeating: [], count: graph.events.count)
        graph.profilesOfEvent = Array(repeating: [], count: graph.events.count)
        graph.membersOfProfile = Array(repeating: [], count: graph.profiles.count)

        // The mention matcher depends only on the profiles: built on another thread meanwhile.
        let mentionLinker = content.config.autolinkMentions ? Pending { MentionLinker(profiles: content.profiles) } : nil
        // Events: people, places, tags; each checked on its own (in parallel), then joined in event order.
        // Each item reads its own fields in place: a copy of an event or profile retained and released
        // each of its lists and strings, which both cores share.
        let checking = graph
        let linkedEvents = Parallel.map(count: graph.events.count) { e in
            var checker = Checker(lookup: lookup)
            var profiles = checking.events[e].people.compactMap { checker.profile($0) }
            profiles += checking.events[e].places.compactMap { checker.profile($0, mustBePlace: true) }
            let location = checking.events[e].location
            let tags = checker.tags(checking.events[e].tags, at: location)
            let title = checker.resolveLinks(in: checking.eventTitles[e], file: location.file)
            let summary = checking.eventSummaries[e].map { checker.resolveLinks(in: $0, file: location.file) }
            return (profiles: profiles, tags: tags, title: title, summary: summary, diagnostics: checker.diagnostics)
        }
        for e in linkedEvents.indices {  // by index: each result read in place, not copied whole
            for p in linkedEvents[e].profiles { graph.eventsOfProfile[p].append(e) }
            graph.profilesOfEvent[e] = linkedEvents[e].profiles
            for tag in linkedEvents[e].tags { graph.addTag(tag, event: e) }
            checker.diagnostics += linkedEvents[e].diagnostics
        }
        // Whole new lists: setting each tree in the graph's list first copied the list, which `checking`
        // still shares, on this one core.
        graph.eventTitles = linkedEvents.map(\.title)
        graph.eventSummaries = linkedEvents.map(\.summary)
        // Profiles: affiliations and bios, each checked on its own (in parallel), then joined in order.
        let linkedProfiles = Parallel.map(count: graph.profiles.count) { p in
            var checker = Checker(lookup: lookup)
            var affiliations: [Int] = []
            var selfReferences: [Diagnostic] = []
            for reference in checking.profiles[p].affiliations {
                if let other = checker.profile(reference) {
                    if other == p {
                        selfReferences.append(
                            .error("profile '\(checking.profiles[p].id)' lists itself as an affiliation", at: reference.location))
                    } else {
                        affiliations.append(other)
                    }
                }
            }
            let bio = checker.resolveLinks(in: checking.profileBios[p], file: checking.profiles[p].location.file)
            return (affiliations: affiliations, bio: bio, selfReferences: selfReferences, diagnostics: checker.diagnostics)
        }
        for p in linkedProfiles.indices {
            for other in linkedProfiles[p].affiliations { graph.membersOfProfile[other].append(p) }
            diagnostics += linkedProfiles[p].selfReferences
            checker.diagnostics += linkedProfiles[p].diagnostics
        }
        graph.profileBios = linkedProfiles.map(\.bio)
        for e in graph.eraSummaries.indices {
            graph.eraSummaries[e] = graph.eraSummaries[e].map { checker.resolveLinks(in: $0, file: graph.eras[e].location.file) }
        }
        diagnostics.append(contentsOf: checker.diagnostics)
        // Briefings: each on its own (in parallel), diagnostics kept in briefing order.
        let mentions = mentionLinker?.value
        graph.mentions = mentions
        let linking = graph
        let linked = Parallel.map(count: graph.briefings.count) { b in
            var checker = Checker(lookup: lookup)
            let briefing = linkBriefing(linking.briefings[b], body: linking.briefingBodies[b], checker: &checker, mentions: mentions)
            return (briefing, checker.diagnostics)
        }
        graph.briefingBodies = linked.map(\.0.body)
        for b in linked.indices {
            for tag in linked[b].0.tags { graph.addTag(tag, briefing: b) }
            for p in linked[b].0.profiles { graph.briefingsOfProfile[p].append(b) }
            for e in linked[b].0.events { graph.briefingsOfEvent[e].append(b) }
            diagnostics += linked[b].1
        }
        diagnostics.append(contentsOf: overlappingEras(graph.eras))
        graph.computeOrders()
        return graph
    }

    /// A briefing's body with its links resolved and, with `mentions`, the first plain-text mention of
    /// each profile not linked already; what it reaches; problems go to `checker`.
    struct LinkedBriefing {
        var body: MarkdownNode
        var tags: [(slug: String, name: String)]
        /// Named in the front matter, linked or mentioned in the body.
        var profiles: Set<Int>
        /// Listed in the front matter or linked in the body.
        var events: Set<Int>
    }

    static func linkBriefing(_ briefing: Briefing, body: MarkdownNode, checker: inout Checker, mentions: MentionLinker?) -> LinkedBriefing {
        var profiles = Set(briefing.people.compactMap { checker.profile($0) })
        var events = Set(briefing.events.compactMap { checker.event($0) })
        let tags = checker.tags(briefing.tags, at: briefing.location)
        checker.linkedProfiles = []
        checker.linkedEvents = []
        var body = checker.resolveLinks(in: body, file: briefing.location.file)
        profiles.formUnion(checker.linkedProfiles)
        events.formUnion(checker.linkedEvents)
        if let mentions {
            let (linked, mentioned) = mentions.link(body, skipping: Set(checker.linkedProfiles.map { checker.graph.profiles[$0].id }))
            body = linked
            profiles.formUnion(mentioned.compactMap { checker.graph.profileIndex[$0] })
        }
        return LinkedBriefing(body: body, tags: tags, profiles: profiles, events: events)
    }

    /// Eras may touch but not overlap: an entry in both would be shown in only one.
    static func overlappingEras(_ eras: [Era]) -> [Diagnostic] {
        let sorted = eras.sorted { $0.date < $1.date }
        return zip(sorted, sorted.dropFirst()).compactMap { earlier, later in
            let earlierEnd = earlier.end?.lastDay.daysSinceEpoch ?? Int.max
            guard later.date.daysSinceEpoch <= earlierEnd else { return nil }
            return .warning("era '\(later.id)' starts before era '\(earlier.id)' ends; eras may touch but not overlap", at: later.location)
        }
    }

    /// Maps ids to positions; a second definition of an id is an error naming both places.
    static func index(_ items: [(String, SourceLocation)], kind: String, _ diagnostics: inout [Diagnostic]) -> [String: Int] {
        var index: [String: Int] = [:]
        for (position, (id, location)) in items.enumerated() {
            if let first = index[id] {
                diagnostics.append(.error("duplicate \(kind) id '\(id)' (first defined at \(items[first].1))", at: location))
            } else {
                index[id] = position
            }
        }
        return index
    }
}

extension SiteGraph {
    mutating func addTag(_ tag: (slug: String, name: String), event: Int? = nil, briefing: Int? = nil) {
        // In place: a copy of the entry would copy its lists at every append.
        func add(to entry: inout Tag) {
            if let event { entry.events.append(event) }
            if let briefing { entry.briefings.append(briefing) }
        }
        add(to: &tags[tag.slug, default: Tag(slug: tag.slug, name: tag.name)])
    }

    /// Orders every list of the graph once, so pages only read them.
    mutating func computeOrders() {
        let keys = events.map(\.chronologicalKey)
        chronology = events.indices.sorted { keys[$0] < keys[$1] }
        chronologyRank = Array(repeating: 0, count: events.count)
        for (rank, e) in chronology.enumerated() { chronologyRank[e] = rank }
        briefingsNewestFirst = briefings.indices.sorted { Briefing.newestFirst(briefings[$0], briefings[$1]) }
        var briefingRank = Array(repeating: 0, count: briefings.count)
        for (rank, b) in briefingsNewestFirst.enumerated() { briefingRank[b] = rank }
        let byTime: ([Int]) -> [Int] = { [chronologyRank] in Array(Set($0)).sorted { chronologyRank[$0] < chronologyRank[$1] } }
        let byNewest: ([Int]) -> [Int] = { [briefingRank] in Array(Set($0)).sorted { briefingRank[$0] < briefingRank[$1] } }
        let (eventsOfProfile, briefingsOfProfile, briefingsOfEvent) = (eventsOfProfile, briefingsOfProfile, briefingsOfEvent)
        self.eventsOfProfile = Parallel.map(count: eventsOfProfile.count) { byTime(eventsOfProfile[$0]) }
        self.briefingsOfProfile = Parallel.map(count: briefingsOfProfile.count) { byNewest(briefingsOfProfile[$0]) }
        self.briefingsOfEvent = Parallel.map(count: briefingsOfEvent.count) { byNewest(briefingsOfEvent[$0]) }
        let profiles = profiles
        profileSortKeys = Parallel.map(count: profiles.count) { profiles[$0].sortKey }
        let sortKeys = profileSortKeys
        profileSortRank = Self.ranks(of: sortKeys)
        let membersOfProfile = membersOfProfile
        self.membersOfProfile = Parallel.map(count: membersOfProfile.count) {
            Array(Set(membersOfProfile[$0])).sorted { sortKeys[$0] < sortKeys[$1] }
        }
        // Tags on all cores too: a tag can list thousands of events.
        let slugs = Array(tags.keys), unordered = tags
        let ordered = Parallel.map(count: slugs.count) { index in
            let tag = unordered[slugs[index]]!
            return (byTime(tag.events), byNewest(tag.briefings))
        }
        for (slug, (events, briefings)) in zip(slugs, ordered) {
            tags[slug]?.events = events
            tags[slug]?.briefings = briefings
        }
    }
}
