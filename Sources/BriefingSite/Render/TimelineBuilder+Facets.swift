import BriefingCore

/// Filters that work without JavaScript: one timeline page per person or organization, place and tag
/// (`/timeline/people/<id>/`, `/timeline/places/<id>/`, `/timeline/tags/<slug>/`). The timeline's index
/// lists them all; a page of entries lists those its entries have, counted on that page, so that each
/// is worth choosing there. `assets/timeline.js`, when it runs, turns the links into toggles that combine.
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

    /// The facet groups of the filter lists, in the order pages show them, and the facets each event
    /// belongs to, so that a page's lists count only that page's events.
    struct FacetIndex {
        let groups: [(title: String, facets: [Facet])]
        /// Where each group starts in the numbering of all facets, group after group, each in name order.
        let starts: [Int]
        /// For each event (by index), the number of every facet it belongs to, in that numbering.
        let ofEvent: [[Int]]
        /// Each facet's item in the filter lists, by group and position, without its count (built once:
        /// every page of entries lists some of them).
        let items: [[TemplateObject]]

        init(_ all: Facets, events: Int) {
            groups = [("People", all.people), ("Organizations", all.organizations), ("Places", all.places), ("Tags", all.tags)]
            var starts: [Int] = []
            var ofEvent = Array(repeating: [Int](), count: events)
            var number = 0
            for group in groups {
                starts.append(number)
                for facet in group.facets {
                    for e in facet.events { ofEvent[e].append(number) }
                    number += 1
                }
            }
            self.starts = starts + [number]
            self.ofEvent = ofEvent
            items = groups.map { group in
                group.facets.map { facet -> TemplateObject in
                    [.name: .string(facet.name), .url: .string(facet.path), .kind: .string(facet.kind), .value: .string(facet.value)]
                }
            }
        }
    }

    /// The filter lists of the whole timeline: every facet with all its events.
    func filters(_ index: FacetIndex, limit: Int = 40) -> [TemplateObject] {
        filterGroups(index.groups.map { group in group.facets.indices.map { ($0, group.facets[$0].events.count) } }, index, limit: limit)
    }

    /// The filter lists of a page listing `events`: the facets those events have, each counted on the page,
    /// without `own` (the number of the facet a facet page is for, which every one of its events has).
    func filters(of events: [Int], _ index: FacetIndex, own: Int? = nil, limit: Int = 40) -> [TemplateObject] {
        // Counted in an array over all facets (a few thousand at M: cheaper than hashing each membership).
        var counts = [Int32](repeating: 0, count: index.starts[index.starts.count - 1])
        var present: [Int] = []
        for e in events {
            for number in index.ofEvent[e] where number != own {
                if counts[number] == 0 { present.append(number) }
                counts[number] += 1
            }
        }
        present.sort()  // by group, and in name order inside each
        var counted = Array(repeating: [(position: Int, count: Int)](), count: index.groups.count)
        var group = 0
        for number in present {
            while number >= index.starts[group + 1] { group += 1 }
            counted[group].append((number - index.starts[group], Int(counts[number])))
        }
        return filterGroups(counted, index, limit: limit)
    }

    /// Each group's list: the facets with most events (at most `limit`, so the page stays bounded), in
    /// name order. `counted` holds, per group, (position in the group, events) in name order.
    private func filterGroups(_ counted: [[(position: Int, count: Int)]], _ index: FacetIndex, limit: Int) -> [TemplateObject] {
        zip(index.groups.indices, counted).compactMap { g, counted -> TemplateObject? in
            guard !counted.isEmpty else { return nil }
            let shown =
                counted.count <= limit
                ? counted
                : counted.sorted { $0.count != $1.count ? $0.count > $1.count : $0.position < $1.position }.prefix(limit)
                    .sorted { $0.position < $1.position }
            let title = index.groups[g].title
            var item: TemplateObject = [
                .title: .string(title), .id: .string("filter-" + title.lowercased()), .count: .int(counted.count),
                .items: .objects(shown.map {
                    var facet = index.items[g][$0.position]
                    facet[.count] = .int($0.count)
                    return facet
                }),
            ]
            if counted.count > shown.count { item[.hidden] = .int(counted.count - shown.count) }
            return item
        }
    }

    /// One page per facet; a facet with more events than `timeline_page_size` gets an index page (picture and
    /// years) and a page per year, like the timeline itself.
    func facetPages(_ index: FacetIndex) -> [Page] {
        let eras = eraItems(years: [], split: false)
        let facets = index.groups.enumerated().flatMap { group, list in
            list.facets.enumerated().map { (facet: $1, number: index.starts[group] + $0) }
        }
        return facets.flatMap { facet, number -> [Page] in
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
                context[.filters] = .objects(filters(of: events, index, own: number))
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
