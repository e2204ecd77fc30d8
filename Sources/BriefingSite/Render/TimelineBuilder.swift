import BriefingCore

/// Builds the timeline: events and briefings by date, in sections by era and groups by year; split
/// into year pages when it has more entries than `timeline_page_size`.
struct TimelineBuilder {
    let graph: SiteGraph
    let fragments: Fragments

    struct Page {
        let path: String
        let context: [String: Any]
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
        var i = 0, j = 0
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

    var sortedEras: [Int] {
        graph.eras.indices.sorted { graph.eras[$0].date < graph.eras[$1].date }
    }

    func pages() -> [Page] {
        let all = entries()
        let split = all.count > graph.config.timelinePageSize
        var years: [Int] = []
        for entry in all where years.last != date(of: entry).year { years.append(date(of: entry).year) }
        var pages: [Page] = []
        var index = base(title: "Timeline")
        index["split"] = split
        index["years"] = years.map { year -> [String: Any] in
            ["year": year, "url": split ? SitePath.timelineYear(year) : "timeline/#year-\(year)",
             "count": all.filter { date(of: $0).year == year }.count]
        }
        if split {
            index["sections"] = [[String: Any]]()
        } else {
            index["sections"] = sections(all)
        }
        pages.append(Page(path: "timeline/index.html", context: index))
        if split {
            var byYear: [Int: [Entry]] = [:]
            for entry in all { byYear[date(of: entry).year, default: []].append(entry) }
            for (position, year) in years.enumerated() {
                var context = base(title: "Timeline: \(year)")
                context["year"] = year
                context["sections"] = sections(byYear[year] ?? [])
                if position > 0 { context["previousYear"] = ["year": years[position - 1], "url": SitePath.timelineYear(years[position - 1])] }
                if position + 1 < years.count { context["nextYear"] = ["year": years[position + 1], "url": SitePath.timelineYear(years[position + 1])] }
                pages.append(Page(path: "timeline/\(year)/index.html", context: context))
            }
        }
        return pages
    }

    private func base(title: String) -> [String: Any] {
        var context = PageRendererContext.page(graph: graph, title: title, kind: "timeline")
        context["eras"] = sortedEras.map { e -> [String: Any] in
            let era = graph.eras[e]
            var item: [String: Any] = ["id": era.id, "title": era.title, "when": PartialDate.display(era.date, to: era.end)]
            if era.end == nil { item["when"] = "since \(era.date.display)" }
            if let summary = graph.eraSummaries[e] { item["summary"] = fragments.renderer.render(summary) }
            return item
        }
        return context
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
                item["when"] = era.end == nil ? "since \(era.date.display)" : PartialDate.display(era.date, to: era.end)
                if let summary = graph.eraSummaries[e] { item["summary"] = fragments.renderer.render(summary) }
            } else {
                let first = section.years.first?["year"] as? Int ?? 0, last = section.years.last?["year"] as? Int ?? 0
                item["id"] = "period-\(first)"
                item["title"] = first == last ? "\(first)" : "\(first)–\(last)"
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
