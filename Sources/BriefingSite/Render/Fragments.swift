import BriefingCore
import BriefingMarkdown
import Foundation

/// Values each page shows about an event, a profile or a briefing, built once per item and shared by
/// every page that lists it (the root marker in URLs makes them depth-independent).
struct Fragments {
    private(set) var graph: SiteGraph
    let renderer: HTMLRenderer
    /// The end of open positions and eras (see `SiteToday`).
    let today: PartialDate
    private(set) var events: [TemplateObject] = []
    private(set) var profiles: [TemplateObject] = []
    private(set) var briefings: [TemplateObject] = []
    private(set) var briefingBodies: [String] = []
    /// Each event's title and summary as HTML, by event index (the exports show them too).
    private(set) var eventHTML: [(title: String, summary: String?)] = []
    /// Each era's summary as HTML, by era index.
    private(set) var eraSummaries: [String?] = []
    /// The site and navigation values of every page.
    let pageContext: PageRendererContext
    /// Each profile's `NameCollation` key, and its position in that order (the order of the profiles
    /// index): pages that list profiles by name sort by these instead of folding names again.
    private(set) var collationKeys: [String] = []
    private(set) var collationRank: [Int] = []
    /// Tag references by name, built once for every tag an event or briefing uses.
    private var tagReferences: [String: TemplateObject] = [:]

    /// The theme's item partials, rendered once per item and kept as `html`, so a page listing fifty
    /// events includes fifty finished pieces instead of running the template fifty times.
    static let itemPartials = (event: "partials/event-item", briefing: "partials/briefing-item", profile: "partials/profile-link")

    /// Builds every item once, in dependency order: event items embed profile and briefing items, so
    /// those get their `html` first (a missing one would find the event's own `html` up the context stack).
    init(graph: SiteGraph, theme: Theme) {
        self.graph = graph
        self.renderer = HTMLRenderer(unsafeHTML: graph.config.unsafeHTML, headingIDs: true)
        self.today = SiteToday.resolve(graph: graph, environment: ProcessInfo.processInfo.environment)
        self.pageContext = PageRendererContext(config: graph.config)
        let renderer = self.renderer
        briefingBodies = Parallel.map(count: graph.briefingBodies.count) { [graph] in renderer.render(graph.briefingBodies[$0]) }
        eventHTML = Parallel.map(count: graph.events.count) { [graph] in
            (renderer.renderInline(graph.eventTitles[$0]), graph.eventSummaries[$0].map(renderer.render))
        }
        eraSummaries = graph.eraSummaries.map { $0.map(renderer.render) }
        var tagNames: Set<String> = []
        for e in graph.events.indices { tagNames.formUnion(graph.events[e].tags) }  // by index: not a copy of each
        for b in graph.briefings.indices { tagNames.formUnion(graph.briefings[b].tags) }
        tagReferences = Dictionary(uniqueKeysWithValues: tagNames.map { ($0, Self.tagReference($0)) })
        collationKeys = Parallel.map(count: graph.profiles.count) { [graph] in NameCollation.key(graph.profiles[$0]) }
        collationRank = SiteGraph.ranks(of: collationKeys)
        profiles = Self.withHTML(graph.profiles.indices.map(profileReference), partial: Self.itemPartials.profile, theme: theme)
        briefings = Self.withHTML(graph.briefings.indices.map(briefingReference), partial: Self.itemPartials.briefing, theme: theme)
        let fragments = self
        events = Self.withHTML(
            Parallel.map(count: graph.events.count) { fragments.eventItem($0) }, partial: Self.itemPartials.event, theme: theme)
    }

    /// Takes `graph`, in which only briefing `b`'s body changed (its summary did not, so no item did).
    mutating func replaceBody(of b: Int, graph: SiteGraph) {
        self.graph = graph
        briefingBodies[b] = renderer.render(graph.briefingBodies[b])
    }

    /// `items`, each with the partial's output for it added as `html`, rendered on all cores.
    static func withHTML(_ items: [TemplateObject], partial: String, theme: Theme) -> [TemplateObject] {
        Parallel.map(count: items.count) { index in
            // The root marker is set on the item itself for the partial, then removed, in place:
            // rendering a copy of the item with the marker cost a retain and a release of each field.
            var item = items[index]
            item[.root] = .string(SitePath.rootMarker)
            let html = theme.render(partial, item)
            item[.root] = nil
            if let html { item[.html] = .string(html) }
            return item
        }
    }

    static func date(_ date: PartialDate) -> TemplateValue {
        .object([.display: .string(date.display), .iso: .string(date.iso)])
    }

    func profileReference(_ p: Int) -> TemplateObject {
        let profile = graph.profiles[p]
        var item: TemplateObject = [
            .id: .string(profile.id), .url: .string(SitePath.profile(profile.id)), .name: .string(profile.name),
            .kind: .string(profile.kind.rawValue),
        ]
        if let role = profile.role { item[.role] = .string(role) }
        return item
    }

    func briefingReference(_ b: Int) -> TemplateObject {
        let briefing = graph.briefings[b]
        var item: TemplateObject = [
            .id: .string(briefing.id), .url: .string(SitePath.briefing(briefing.id)), .title: .string(briefing.title),
            .date: Self.date(briefing.date), .summary: .string(graph.summary(ofBriefing: b)),
        ]
        if let updated = briefing.updated { item[.updated] = Self.date(updated) }
        return item
    }

    func eventItem(_ e: Int) -> TemplateObject {
        // Fields read in place: a copy of the event retained and released each of its lists and strings,
        // which the other cores read too.
        var item: TemplateObject = [
            .id: .string(graph.events[e].id), .url: .string(SitePath.event(graph.events[e].id)),
            .title: .string(eventHTML[e].title),
            .titleText: .string(graph.eventTitles[e].plainText),
            .date: Self.date(graph.events[e].date),
            .when: .string(
                PartialDate.display(graph.events[e].date, to: graph.events[e].end, approximate: graph.events[e].approximate)),
            .approximate: .bool(graph.events[e].approximate),
            .importance: .int(graph.events[e].importance),
            .isKey: .bool(graph.events[e].importance >= 3),
            .year: .int(graph.events[e].date.year),
            .people: .objects(graph.events[e].people.compactMap { graph.profileIndex[$0.id] }.map { profiles[$0] }),
            .places: .objects(graph.events[e].places.compactMap { graph.profileIndex[$0.id] }.map { profiles[$0] }),
            .tags: .objects(graph.events[e].tags.map { tagReference($0) }),
            .sources: .objects(graph.events[e].sources.map { source($0) }),
            .briefings: .objects(graph.briefingsOfEvent[e].map { briefings[$0] }),
        ]
        if let end = graph.events[e].end { item[.end] = Self.date(end) }
        if let summary = eventHTML[e].summary { item[.summary] = .string(summary) }
        return item
    }

    func tagReference(_ name: String) -> TemplateObject {
        // Keys match canonically equivalent spellings too; the reference must keep this one's bytes.
        if let cached = tagReferences[name], case .string(let cachedName) = cached[.name], cachedName.utf8.elementsEqual(name.utf8) {
            return cached
        }
        return Self.tagReference(name)
    }

    static func tagReference(_ name: String) -> TemplateObject {
        let slug = Identifier.slug(name)
        return [.name: .string(name), .slug: .string(slug), .url: .string(SitePath.tag(slug))]
    }

    func source(_ link: ExternalLink) -> TemplateObject {
        var item: TemplateObject = [.title: .string(link.title), .url: .string(link.url)]
        if let publisher = link.publisher { item[.publisher] = .string(publisher) }
        if let date = link.date { item[.date] = Self.date(date) }
        return item
    }
}
