import BriefingCore

/// Builds the timeline: events and briefings by date, in sections by era and groups by year; split
/// into year pages when it has more entries than `timeline_page_size`.
struct TimelineBuilder {
    let graph: SiteGraph
    let fragments: Fragments
    /// Eras by start date (indexes into `graph.eras`), sorted once: every timeline page reads them.
    let sortedEras: [Int]

    init(graph: SiteGraph, fragments: Fragments) {
        self.graph = graph
        self.fragments = fragments
        self.sortedEras = graph.eras.indices.sorted { graph.eras[$0].date < graph.eras[$1].date }
    }

    /// A timeline page; its context is built when the page is rendered, so the contexts of thousands
    /// of facet pages are never all in memory at once.
    struct Page {
        let path: String
        let makeContext: () -> [String: Any]

        init(path: String, context: @escaping () -> [String: Any]) {
            self.path = path
            self.makeContext = context
        }

        var context: [String: Any] { makeContext() }
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

    /// Every timeline page; `filterGroups` is `filters(from: facets)`, which the caller also renders once.
    func pages(filters filterGroups: [[String: Any]], facets: Facets) -> [Page] {
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
        index["split"] = split
        index["years"] = yearList
        index["overview"] = overview(years: years, counts: eventCounts, links: yearURL)?.html() ?? ""
        index["filters"] = filterGroups
        index["sections"] = split ? [[String: Any]]() : sections(all)
        index["keyYears"] = split ? keyEventsByYear(years: years, perYear: 3) : [[String: Any]]()
        pages.append(Page(path: "timeline/index.html") { index })
        if split {
            var byYear: [Int: [Entry]] = [:]
            for entry in all { byYear[date(of: entry).year, default: []].append(entry) }
            for (position, year) in years.enumerated() {
                pages.append(Page(path: "timeline/\(year)/index.html") {
                    var context = base(title: "Timeline: \(year)", eras: eras)
                    context["year"] = year
                    context["years"] = marking(yearList, current: year)
                    var picture = overview(years: years, counts: eventCounts, links: yearURL)
                    picture?.current = year
                    context["overview"] = picture?.html() ?? ""
                    context["filters"] = filterGroups
                    context["sections"] = sections(byYear[year] ?? [])
                    context.merge(pager(years, at: position, url: SitePath.timelineYear)) { $1 }
                    return context
                })
            }
        }
        pages += facetPages(filters: filterGroups, facets: facets)
        return pages
    }

    /// The "Events per year" list: each year with its count and where its entries are.
    func yearItems(_ years: [Int], counts: [Int: Int], url: (Int) -> String) -> [[String: Any]] {
        years.map { year in
            let count = counts[year] ?? 0
            return [
                "year": year, "url": url(year), "count": count,
                "countLabel": count == 1 ? "1 event" : "\(count) events",
            ]
        }
    }

    /// The year list with the page's own year marked (`aria-current`).
    func marking(_ list: [[String: Any]], current year: Int) -> [[String: Any]] {
        list.map { item in
            var item = item
            item["current"] = item["year"] as? Int == year
            return item
        }
    }

    /// Links to the year pages before and after `years[position]`.
    func pager(_ years: [Int], at position: Int, url: (Int) -> String) -> [String: Any] {
        var links: [String: Any] = [:]
        if position > 0 { links["previousYear"] = ["year": years[position - 1], "url": url(years[position - 1])] }
        if position + 1 < years.count {
            links["nextYear"] = ["year": years[position + 1], "url": url(years[position + 1])]
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
    func keyEventsByYear(years: [Int], perYear: Int) -> [[String: Any]] {
        var byYear: [Int: [Int]] = [:]
        for e in graph.chronology where graph.events[e].importance >= 3 {
            byYear[graph.events[e].date.year, default: []].append(e)
        }
        return years.compactMap { year -> [String: Any]? in
            guard let key = byYear[year], !key.isEmpty else { return nil }
            var item: [String: Any] = [
                "year": year, "url": SitePath.timelineYear(year),
                "events": key.prefix(perYear).map { fragments.events[$0] },
            ]
            if key.count > perYear { item["more"] = key.count - perYear }
            return item
        }
    }

    func when(_ era: Era) -> String {
        era.end == nil ? "since \(era.date.display)" : PartialDate.display(era.date, to: era.end)
    }

    /// What every timeline page shows around its entries; `eras` is `eraItems(years:split:)`, built once
    /// for all the pages that share it.
    func base(title: String, eras: [[String: Any]]) -> [String: Any] {
        var context = fragments.pageContext.page(title: title, kind: "timeline")
        context["keyYears"] = [[String: Any]]()  // every list a template tests with `empty()` must exist
        context["eras"] = eras
        return context
    }

    /// The era list of timeline pages with entries in `years`.
    func eraItems(years: [Int], split: Bool) -> [[String: Any]] {
        let eraYears = Set(years)
        return sortedEras.enumerated().map { position, e -> [String: Any] in
            let era = graph.eras[e]
            var item: [String: Any] = ["id": era.id, "title": era.title, "when": when(era), "style": position % 3]
            // Split: the era's section is on the page of its first year with entries.
            let firstYear = eraYears.sorted().first { year in
                year >= era.date.year && (era.end.map { year <= $0.year } ?? true)
            }
            let page = split ? firstYear.map(SitePath.timelineYear) ?? "timeline/" : "timeline/"
            item["url"] = page + "#era-\(era.id)"
            if let summary = fragments.eraSummaries[e] { item["summary"] = summary }
            return item
        }
    }

    /// Consecutive entries of one era (or of no era) form a section; inside it, one group per year.
    func sections(_ entries: [Entry]) -> [[String: Any]] {
        let eras = sortedEras
        func era(of entry: Entry) -> Int? {
            let day = date(of: entry)
            return eras.first { graph.eras[$0].contains(day) }
        }
        var sections: [[String: Any]] = []
        var seenYears: Set<Int> = []
        var current: (era: Int?, years: [[String: Any]], entries: [[String: Any]], year: Int?)? = nil

        func closeYear() {
            guard let year = current?.year, let items = current?.entries, !items.isEmpty else { return }
            var group: [String: Any] = ["year": year, "entries": items]
            if seenYears.insert(year).inserted { group["anchor"] = "year-\(year)" }
            current?.years.append(group)
            current?.entries = []
        }
        func closeSection() {
            closeYear()
            guard let section = current, !section.years.isEmpty else { return }
            var item: [String: Any] = ["years": section.years]
            if let e = section.era {
                let era = graph.eras[e]
                item["id"] = "era-\(era.id)"
                item["title"] = era.title
                item["when"] = when(era)
                if let summary = fragments.eraSummaries[e] { item["summary"] = summary }
            } else {
                let first = section.years.first?["year"] as? Int ?? 0
                let last = section.years.last?["year"] as? Int ?? 0
                let span = first == last ? "\(first)" : "\(first)–\(last)"
                item["id"] = "period-\(first)"
                item["title"] = span
                // Named after the eras around it, so the heading does not repeat its year group's.
                let day = PartialDate(year: first)
                if let next = eras.first(where: { day < graph.eras[$0].date }) {
                    item["title"] = eras.first == next ? "Before the \(graph.eras[next].title)" : "Between eras"
                    item["when"] = span
                } else if let latest = eras.last {
                    item["title"] = "After the \(graph.eras[latest].title)"
                    item["when"] = span
                }
            }
            sections.append(item)
        }

        for entry in entries {
            let entryEra = era(of: entry)
            if current == nil || current!.era != entryEra {
                closeSection()
                current = (entryEra, [], [], nil)
            }
            let year = date(of: entry).year
            if current!.year != year {
                closeYear()
                current!.year = year
            }
            switch entry {
            case .event(let e):
                current!.entries.append(["isEvent": true, "event": fragments.events[e]])
            case .briefing(let b):
                current!.entries.append(["isBriefing": true, "briefing": fragments.briefings[b]])
            }
        }
        closeSection()
        return sections
    }
}
