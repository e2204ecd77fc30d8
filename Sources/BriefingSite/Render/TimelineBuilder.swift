import BriefingCore

/// Builds the timeline: events and briefings by date, in sections by era and groups by year; split
/// into year pages when it has more entries than `timeline_page_size`.
///
/// A class: every timeline page's context closure holds it, and a struct of a dozen references was
/// copied (each retained and released) into each of them.
final class TimelineBuilder {
    let graph: SiteGraph
    let fragments: Fragments
    /// Eras by start date (indexes into `graph.eras`), sorted once: every timeline page reads them.
    let sortedEras: [Int]
    /// Each event's and briefing's entry in a year group, and the era it falls in, built once: an event
    /// is listed on its year page and on the page of every person, place and tag it has (seven times
    /// on average in the benchmark corpus).
    private let eventEntries: [TemplateObject]
    private let briefingEntries: [TemplateObject]
    private let eventEras: [Int?]
    private let briefingEras: [Int?]

    init(graph: SiteGraph, fragments: Fragments) {
        self.graph = graph
        self.fragments = fragments
        let sortedEras = graph.eras.indices.sorted { graph.eras[$0].date < graph.eras[$1].date }
        self.sortedEras = sortedEras
        // Both flags on every entry: a missing one would be looked for in every object up the stack.
        eventEntries = fragments.events.map { [.isEvent: true, .isBriefing: false, .event: .object($0)] }
        briefingEntries = fragments.briefings.map { [.isBriefing: true, .isEvent: false, .briefing: .object($0)] }
        func era(of day: PartialDate) -> Int? { sortedEras.first { graph.eras[$0].contains(day) } }
        eventEras = graph.events.indices.map { era(of: graph.events[$0].date) }
        briefingEras = graph.briefings.indices.map { era(of: graph.briefings[$0].date) }
    }

    /// A timeline page; its context is built when the page is rendered, so the contexts of thousands
    /// of facet pages are never all in memory at once.
    struct Page {
        let path: String
        let makeContext: () -> TemplateObject

        init(path: String, context: @escaping () -> TemplateObject) {
            self.path = path
            self.makeContext = context
        }

        var context: TemplateObject { makeContext() }
    }

    enum Entry {
        case event(Int)
        case briefing(Int)
    }

    func date(of entry: Entry) -> PartialDate {
        switch entry {
        case .event(let e): return graph.events[e].date
        case .briefing(let b): return graph.briefings[b].date
        }
    }

    /// Events in timeline order merged with briefings oldest first; on the same date events come first.
    func entries() -> [Entry] {
        let briefings = graph.briefingsNewestFirst.reversed().map(Entry.briefing)
        let events = graph.chronology.map(Entry.event)
        var merged: [Entry] = []
        merged.reserveCapacity(events.count + briefings.count)
        var i = 0
        var j = 0
        while i < events.count || j < briefings.count {
            if j == briefings.count || (i < events.count && !(date(of: briefings[j]) < date(of: events[i]))) {
                merged.append(events[i])
                i += 1
            } else {
                merged.append(briefings[j])
                j += 1
            }
        }
        return merged
    }

    /// The events among `entries`.
    func eventIndexes(_ entries: [Entry]) -> [Int] {
        entries.compactMap { if case .event(let e) = $0 { e } else { nil } }
    }

    /// Whether the timeline is split into year pages.
    var isSplit: Bool { Self.isSplit(graph) }

    static func isSplit(_ graph: SiteGraph) -> Bool {
        graph.events.count + graph.briefings.count > graph.config.timelinePageSize
    }

    /// Root-relative URL of an event's anchor on the timeline (its year page when split).
    static func url(ofEvent e: Int, in graph: SiteGraph) -> String {
        let id = graph.events[e].id
        return isSplit(graph) ? SitePath.timelineYear(graph.events[e].date.year) + "#" + id : "timeline/#" + id
    }

    /// Every timeline page. Each context's `filters` are the filter lists of its page: all facets on the
    /// index, those of its entries on a year or facet page.
    func pages(_ facets: FacetIndex) -> [Page] {
        let all = entries()
        let split = isSplit
        var years: [Int] = []
        for entry in all where years.last != date(of: entry).year { years.append(date(of: entry).year) }
        var eventCounts: [Int: Int] = [:]
        for e in graph.events.indices { eventCounts[graph.events[e].date.year, default: 0] += 1 }
        let yearURL: (Int) -> String = { split ? SitePath.timelineYear($0) : "timeline/#year-\($0)" }
        let yearList = yearItems(years, counts: eventCounts, url: yearURL)

        var pages: [Page] = []
        let eras = eraItems(years: years, split: split)
        var index = base(title: "Timeline", eras: eras)
        index[.split] = .bool(split)
        index[.years] = .objects(yearList)
        index[.overview] = .string(overview(years: years, counts: eventCounts, links: yearURL)?.html() ?? "")
        index[.filters] = .objects(filters(facets))
        index[.sections] = .objects(split ? [] : sections(all))
        index[.keyYears] = .objects(split ? keyEventsByYear(years: years, perYear: 3) : [])
        pages.append(Page(path: "timeline/index.html") { index })
        if split {
            var byYear: [Int: [Entry]] = [:]
            for entry in all { byYear[date(of: entry).year, default: []].append(entry) }
            for (position, year) in years.enumerated() {
                pages.append(Page(path: "timeline/\(year)/index.html") { [self] in
                    var context = base(title: "Timeline: \(year)", eras: eras)
                    context[.year] = .int(year)
                    context[.years] = .objects(marking(yearList, current: year))
                    var picture = overview(years: years, counts: eventCounts, links: yearURL)
                    picture?.current = year
                    context[.overview] = .string(picture?.html() ?? "")
                    context[.filters] = .objects(filters(of: eventIndexes(byYear[year] ?? []), facets))
                    context[.sections] = .objects(sections(byYear[year] ?? []))
                    return context.merging(pager(years, at: position, url: SitePath.timelineYear))
                })
            }
        }
        pages += facetPages(facets)
        return pages
    }

    /// The "Events per year" list: each year with its count and where its entries are.
    func yearItems(_ years: [Int], counts: [Int: Int], url: (Int) -> String) -> [TemplateObject] {
        years.map { year in
            let count = counts[year] ?? 0
            return [
                .year: .int(year), .url: .string(url(year)), .count: .int(count),
                .countLabel: .string(count == 1 ? "1 event" : "\(count) events"),
            ]
        }
    }

    /// The year list with the page's own year marked (`aria-current`).
    func marking(_ list: [TemplateObject], current year: Int) -> [TemplateObject] {
        list.map { item in
            var item = item
            let isCurrent = if case .int(year)? = item[.year] { true } else { false }
            item[.current] = .bool(isCurrent)
            return item
        }
    }

    /// Links to the year pages before and after `years[position]`.
    func pager(_ years: [Int], at position: Int, url: (Int) -> String) -> TemplateObject {
        var links: TemplateObject = [:]
        if position > 0 {
            links[.previousYear] = .object([.year: .int(years[position - 1]), .url: .string(url(years[position - 1]))])
        }
        if position + 1 < years.count {
            links[.nextYear] = .object([.year: .int(years[position + 1]), .url: .string(url(years[position + 1]))])
        }
        return links
    }

    /// The overview picture, from the first to the last year with an entry.
    func overview(years: [Int], counts: [Int: Int], links: (Int) -> String) -> TimelineOverview? {
        guard let first = years.first, let last = years.last else { return nil }
        let bands = sortedEras.enumerated().map { position, e -> TimelineOverview.Band in
            let era = graph.eras[e]
            return TimelineOverview.Band(
                title: era.title, when: when(era), start: era.date, end: era.end ?? fragments.today,
                style: position % 3)
        }.filter { $0.end.year >= first && $0.start.year <= last }
        var linked: [Int: String] = [:]
        for year in years { linked[year] = links(year) }
        return TimelineOverview(
            firstYear: first, lastYear: last, counts: counts.filter { (first...last).contains($0.key) }, bands: bands,
            links: linked)
    }

    /// Key events (`importance: 3`) of each year, at most `perYear`, for the index of a split timeline.
    func keyEventsByYear(years: [Int], perYear: Int) -> [TemplateObject] {
        var byYear: [Int: [Int]] = [:]
        for e in graph.chronology where graph.events[e].importance >= 3 {
            byYear[graph.events[e].date.year, default: []].append(e)
        }
        return years.compactMap { year -> TemplateObject? in
            guard let key = byYear[year], !key.isEmpty else { return nil }
            var item: TemplateObject = [
                .year: .int(year), .url: .string(SitePath.timelineYear(year)),
                .events: .objects(key.prefix(perYear).map { fragments.events[$0] }),
            ]
            if key.count > perYear { item[.more] = .int(key.count - perYear) }
            return item
        }
    }

    func when(_ era: Era) -> String {
        era.end == nil ? "since \(era.date.display)" : PartialDate.display(era.date, to: era.end)
    }

    /// What every timeline page shows around its entries; `eras` is `eraItems(years:split:)`, built once
    /// for all the pages that share it.
    func base(title: String, eras: [TemplateObject]) -> TemplateObject {
        var context = fragments.pageContext.page(title: title, kind: "timeline")
        context[.keyYears] = .objects([])  // every list a template tests with `empty()` must exist
        context[.eras] = .objects(eras)
        return context
    }

    /// The era list of timeline pages with entries in `years`.
    func eraItems(years: [Int], split: Bool) -> [TemplateObject] {
        let eraYears = Set(years)
        return sortedEras.enumerated().map { position, e -> TemplateObject in
            let era = graph.eras[e]
            var item: TemplateObject = [
                .id: .string(era.id), .title: .string(era.title), .when: .string(when(era)), .style: .int(position % 3),
            ]
            // Split: the era's section is on the page of its first year with entries.
            let firstYear = eraYears.sorted().first { year in
                year >= era.date.year && (era.end.map { year <= $0.year } ?? true)
            }
            let page = split ? firstYear.map(SitePath.timelineYear) ?? "timeline/" : "timeline/"
            item[.url] = .string(page + "#era-\(era.id)")
            if let summary = fragments.eraSummaries[e] { item[.summary] = .string(summary) }
            return item
        }
    }

    /// Consecutive entries of one era (or of no era) form a section; inside it, one group per year.
    func sections(_ entries: [Entry]) -> [TemplateObject] {
        let eras = sortedEras
        func era(of entry: Entry) -> Int? {
            switch entry {
            case .event(let e): eventEras[e]
            case .briefing(let b): briefingEras[b]
            }
        }
        var sections: [TemplateObject] = []
        var seenYears: Set<Int> = []
        var current: (era: Int?, years: [TemplateObject], yearNumbers: [Int], entries: [TemplateObject], year: Int?)? = nil

        func closeYear() {
            guard let year = current?.year, let items = current?.entries, !items.isEmpty else { return }
            var group: TemplateObject = [.year: .int(year), .entries: .objects(items)]
            if seenYears.insert(year).inserted { group[.anchor] = .string("year-\(year)") }
            current?.years.append(group)
            current?.yearNumbers.append(year)
            current?.entries = []
        }
        func closeSection() {
            closeYear()
            guard let section = current, !section.years.isEmpty else { return }
            var item: TemplateObject = [.years: .objects(section.years)]
            if let e = section.era {
                let era = graph.eras[e]
                item[.id] = .string("era-\(era.id)")
                item[.title] = .string(era.title)
                item[.when] = .string(when(era))
                if let summary = fragments.eraSummaries[e] { item[.summary] = .string(summary) }
            } else {
                let first = section.yearNumbers.first ?? 0
                let last = section.yearNumbers.last ?? 0
                let span = first == last ? "\(first)" : "\(first)–\(last)"
                item[.id] = .string("period-\(first)")
                item[.title] = .string(span)
                // Named after the eras around it, so the heading does not repeat its year group's.
                let day = PartialDate(year: first)
                if let next = eras.first(where: { day < graph.eras[$0].date }) {
                    item[.title] = .string(eras.first == next ? "Before the \(graph.eras[next].title)" : "Between eras")
                    item[.when] = .string(span)
                } else if let latest = eras.last {
                    item[.title] = .string("After the \(graph.eras[latest].title)")
                    item[.when] = .string(span)
                }
            }
            sections.append(item)
        }

        for entry in entries {
            let entryEra = era(of: entry)
            if current == nil || current!.era != entryEra {
                closeSection()
                current = (entryEra, [], [], [], nil)
            }
            let year = date(of: entry).year
            if current!.year != year {
                closeYear()
                current!.year = year
            }
            switch entry {
            case .event(let e): current!.entries.append(eventEntries[e])
            case .briefing(let b): current!.entries.append(briefingEntries[b])
            }
        }
        closeSection()
        return sections
    }
}
