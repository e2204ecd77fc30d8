import BriefingCore

/// Filters that work without JavaScript: one timeline page per person or organization, place and tag
/// (`/timeline/people/<id>/`, `/timeline/places/<id>/`, `/timeline/tags/<slug>/`), listed on every
/// timeline page. `assets/timeline.js`, when it runs, turns the same links into toggles that combine.
extension TimelineBuilder {
    struct Facet {
        /// "people", "places" or "tags": the URL segment and the `data-` attribute the script reads.
        let kind: String
        let value: String
        let name: String
        let sortKey: String
        /// The profile or tag page.
        let page: String
        let events: [Int]

        var path: String { "timeline/\(kind)/\(value)/" }
    }

    typealias Facets = (people: [Facet], organizations: [Facet], places: [Facet], tags: [Facet])

    /// Every facet with at least one event; each event list is chronological.
    func facets() -> Facets {
        var asPerson = Array(repeating: [Int](), count: graph.profiles.count)
        var asPlace = Array(repeating: [Int](), count: graph.profiles.count)
        for e in graph.chronology {
            for reference in graph.events[e].people {
                if let p = graph.profileIndex[reference.id], asPerson[p].last != e { asPerson[p].append(e) }
            }
            for reference in graph.events[e].places {
                if let p = graph.profileIndex[reference.id], asPlace[p].last != e { asPlace[p].append(e) }
            }
        }
        func facet(_ kind: String, _ p: Int, _ events: [Int]) -> Facet {
            let id = graph.profiles[p].id
            return Facet(
                kind: kind, value: id, name: graph.profiles[p].name, sortKey: fragments.collationKeys[p],
                page: SitePath.profile(id), events: events)
        }
        let byName: (Facet, Facet) -> Bool = { $0.sortKey < $1.sortKey }
        let people = graph.profiles.indices.filter { !asPerson[$0].isEmpty }
        return (
            people.filter { graph.profiles[$0].kind != .organization }.map { facet("people", $0, asPerson[$0]) }
                .sorted(by: byName),
            people.filter { graph.profiles[$0].kind == .organization }.map { facet("people", $0, asPerson[$0]) }
                .sorted(by: byName),
            graph.profiles.indices.filter { !asPlace[$0].isEmpty }.map { facet("places", $0, asPlace[$0]) }
                .sorted(by: byName),
            graph.tags.keys.sorted().compactMap { slug -> Facet? in
                guard let tag = graph.tags[slug], !tag.events.isEmpty else { return nil }
                return Facet(
                    kind: "tags", value: slug, name: tag.name, sortKey: tag.name.folded + "\u{0}" + slug,
                    page: SitePath.tag(slug), events: tag.events)
            }.sorted(by: byName)
        )
    }

    /// The filter lists shown on timeline pages: in each group the facets with most events (at most
    /// `limit`, so the page stays bounded), in name order.
    func filters(from all: Facets, limit: Int = 40) -> [TemplateObject] {
        let groups = [
            ("People", all.people), ("Organizations", all.organizations), ("Places", all.places), ("Tags", all.tags),
        ]
        return groups.compactMap { title, facets -> TemplateObject? in
            guard !facets.isEmpty else { return nil }
            let busiest = facets.sorted {
                $0.events.count != $1.events.count ? $0.events.count > $1.events.count : $0.sortKey < $1.sortKey
            }
            let shown = facets.count <= limit ? facets : busiest.prefix(limit).sorted { $0.sortKey < $1.sortKey }
            var group: TemplateObject = [
                .title: .string(title), .id: .string("filter-" + title.lowercased()), .count: .int(facets.count),
                .items: .objects(shown.map {
                    [
                        .name: .string($0.name), .url: .string($0.path), .kind: .string($0.kind), .value: .string($0.value),
                        .count: .int($0.events.count),
                    ]
                }),
            ]
            if facets.count > shown.count { group[.hidden] = .int(facets.count - shown.count) }
            return group
        }
    }

    /// One page per facet; a facet with more events than `timeline_page_size` gets an index page (picture and
    /// years) and a page per year, like the timeline itself.
    func facetPages(filters: [TemplateObject], facets all: Facets) -> [Page] {
        let eras = eraItems(years: [], split: false)
        return (all.people + all.organizations + all.places + all.tags).flatMap { facet -> [Page] in
            var years: [Int] = []
            var byYear: [Int: [Int]] = [:]
            for e in facet.events {
                let year = graph.events[e].date.year
                if years.last != year { years.append(year) }
                byYear[year, default: []].append(e)
            }
            let counts = byYear.mapValues(\.count)
            let split = facet.events.count > graph.config.timelinePageSize
            let yearURL: (Int) -> String = { split ? "\(facet.path)\($0)/" : "\(facet.path)#year-\($0)" }
            func facetInfo(countLabel: String) -> TemplateValue {
                .object([
                    .kind: .string(facet.kind), .value: .string(facet.value), .name: .string(facet.name), .url: .string(facet.page),
                    .countLabel: .string(countLabel), .isTag: .bool(facet.kind == "tags"), .isPlace: .bool(facet.kind == "places"),
                ])
            }
            /// A facet page; `year`, on a year page, is marked in the year list.
            func page(title: String, events: [Int], year: Int? = nil) -> TemplateObject {
                var context = base(title: title, eras: eras)
                context[.facet] = facetInfo(countLabel: events.count == 1 ? "1 event" : "\(events.count) events")
                let yearList = yearItems(years, counts: counts, url: yearURL)
                context[.years] = .objects(year.map { marking(yearList, current: $0) } ?? yearList)
                context[.filters] = .objects(filters)
                context[.sections] = .objects(sections(events.map(Entry.event)))
                return context
            }
            var pages = [Page(path: facet.path + "index.html") { [self] in
                var index = page(title: "Timeline: \(facet.name)", events: split ? [] : facet.events)
                // A picture of fewer than three years says nothing the list does not.
                let spansYears = (years.last ?? 0) - (years.first ?? 0) >= 2
                let picture = spansYears ? overview(years: years, counts: counts, links: yearURL) : nil
                index[.overview] = .string(picture?.html() ?? "")
                if split { index[.facet] = facetInfo(countLabel: "\(facet.events.count) events") }
                return index
            }]
            guard split else { return pages }
            for (position, year) in years.enumerated() {
                pages.append(Page(path: "\(facet.path)\(year)/index.html") { [self] in
                    var context = page(title: "Timeline: \(facet.name), \(year)", events: byYear[year] ?? [], year: year)
                    context[.year] = .int(year)
                    return context.merging(pager(years, at: position, url: yearURL))
                })
            }
            return pages
        }
    }
}
