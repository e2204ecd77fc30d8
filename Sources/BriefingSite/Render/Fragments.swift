import BriefingCore
import BriefingMarkdown
import Foundation

/// Values each page shows about an event, a profile or a briefing, built once per item and shared by
/// every page that lists it (the root marker in URLs makes them depth-independent).
struct Fragments {
    let graph: SiteGraph
    let renderer: HTMLRenderer
    /// The end of open positions and eras (see `SiteToday`).
    let today: PartialDate
    private(set) var events: [[String: Any]] = []
    private(set) var profiles: [[String: Any]] = []
    private(set) var briefings: [[String: Any]] = []
    private(set) var briefingBodies: [String] = []

    /// The theme's item partials, rendered once per item and kept as `html`, so a page listing fifty
    /// events includes fifty finished pieces instead of running the template fifty times.
    static let itemPartials = (event: "partials/event-item", briefing: "partials/briefing-item", profile: "partials/profile-link")

    /// Builds every item once, in dependency order: event items embed profile and briefing items, so
    /// those get their `html` first (a missing one would find the event's own `html` up the context stack).
    init(graph: SiteGraph, theme: Theme) {
        self.graph = graph
        self.renderer = HTMLRenderer(unsafeHTML: graph.config.unsafeHTML, headingIDs: true)
        self.today = SiteToday.resolve(graph: graph, environment: ProcessInfo.processInfo.environment)
        let renderer = self.renderer
        briefingBodies = Parallel.map(count: graph.briefingBodies.count) { [graph] in renderer.render(graph.briefingBodies[$0]) }
        profiles = Self.withHTML(graph.profiles.indices.map(profileReference), partial: Self.itemPartials.profile, theme: theme)
        briefings = Self.withHTML(graph.briefings.indices.map(briefingReference), partial: Self.itemPartials.briefing, theme: theme)
        let fragments = self
        events = Self.withHTML(
            Parallel.map(count: graph.events.count) { fragments.eventItem($0) }, partial: Self.itemPartials.event, theme: theme)
    }

    /// The items with the partial's output for each added as `html`.
    static func withHTML(_ items: [[String: Any]], partial: String, theme: Theme) -> [[String: Any]] {
        Parallel.map(count: items.count) { index in
            var item = items[index]
            var context = item
            context["root"] = SitePath.rootMarker
            if let html = theme.render(partial, context) { item["html"] = html }
            return item
        }
    }

    static func date(_ date: PartialDate) -> [String: Any] {
        ["display": date.display, "iso": date.iso]
    }

    func profileReference(_ p: Int) -> [String: Any] {
        let profile = graph.profiles[p]
        var item: [String: Any] = [
            "id": profile.id, "url": SitePath.profile(profile.id), "name": profile.name, "kind": profile.kind.rawValue,
        ]
        if let role = profile.role { item["role"] = role }
        return item
    }

    func briefingReference(_ b: Int) -> [String: Any] {
        let briefing = graph.briefings[b]
        var item: [String: Any] = [
            "id": briefing.id, "url": SitePath.briefing(briefing.id), "title": briefing.title,
            "date": Self.date(briefing.date), "summary": summary(of: b),
        ]
        if let updated = briefing.updated { item["updated"] = Self.date(updated) }
        return item
    }

    /// The front matter's summary, or the first paragraph's text.
    func summary(of b: Int) -> String {
        if let summary = graph.briefings[b].summary { return summary }
        return graph.briefingBodies[b].children.first { $0.kind == .paragraph }?.plainText ?? ""
    }

    func eventItem(_ e: Int) -> [String: Any] {
        let event = graph.events[e]
        var item: [String: Any] = [
            "id": event.id, "url": SitePath.event(event.id),
            "title": renderer.renderInline(graph.eventTitles[e]),
            "titleText": graph.eventTitles[e].plainText,
            "date": Self.date(event.date),
            "when": PartialDate.display(event.date, to: event.end, approximate: event.approximate),
            "approximate": event.approximate,
            "importance": event.importance,
            "isKey": event.importance >= 3,
            "year": event.date.year,
            "people": event.people.compactMap { graph.profileIndex[$0.id] }.map { profiles[$0] },
            "places": event.places.compactMap { graph.profileIndex[$0.id] }.map { profiles[$0] },
            "tags": event.tags.map(tagReference),
            "sources": event.sources.map(source),
            "briefings": graph.briefingsOfEvent[e].map { briefings[$0] },
        ]
        if let end = event.end { item["end"] = Self.date(end) }
        if let summary = graph.eventSummaries[e] { item["summary"] = renderer.render(summary) }
        return item
    }

    func tagReference(_ name: String) -> [String: Any] {
        let slug = Identifier.slug(name)
        return ["name": name, "slug": slug, "url": SitePath.tag(slug)]
    }

    func source(_ link: ExternalLink) -> [String: Any] {
        var item: [String: Any] = ["title": link.title, "url": link.url]
        if let publisher = link.publisher { item["publisher"] = publisher }
        if let date = link.date { item["date"] = Self.date(date) }
        return item
    }
}
