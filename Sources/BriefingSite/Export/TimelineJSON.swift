import BriefingCore

/// `timeline.json`: the events and eras in TimelineJS3's JSON format. Dates keep their precision:
/// a year-only date has no month, a month-only date no day.
struct TimelineJSON {
    let context: ExportContext
    /// Each event's title and summary HTML, root-relative, when the pages rendered them already.
    var renderedEvents: [(title: String, summary: String?)]? = nil

    var path: String { "timeline.json" }

    /// The file's UTF-8 (9 MB at 10,000 events: written as bytes, never made a `String`).
    func render() -> [UInt8] {
        let graph = context.graph
        let config = graph.config
        let eras = graph.eras.indices.sorted {
            graph.eras[$0].date != graph.eras[$1].date ? graph.eras[$0].date < graph.eras[$1].date : graph.eras[$0].id < graph.eras[$1].id
        }
        // Each event built and serialized on all cores, at the depth it lands at (2: root, list).
        let chronology = graph.chronology
        let events = Parallel.map(count: chronology.count) { event(chronology[$0]).bytes(prettyAt: 2, capacity: 1024) }
        let timeline: JSONValue = .object([
            "title": .object([
                "text": .object([
                    "headline": .string(AtomFeed.escape(config.title)),
                    "text": config.description.isEmpty ? nil : .string(AtomFeed.escape(config.description)),
                ])
            ]),
            "events": .array(events.map(JSONValue.raw)),
            "eras": eras.isEmpty ? nil : .array(eras.map(era)),
        ])
        return timeline.bytes(pretty: true, capacity: events.reduce(4096) { $0 + $1.count + 8 })
    }

    private func event(_ e: Int) -> JSONValue {
        // Fields read in place (see `EventCalendar.event`).
        let events = context.graph.events
        let rendered = renderedEvents?[e] ?? (
            title: context.renderer.renderInline(context.graph.eventTitles[e]),
            summary: context.graph.eventSummaries[e].map(context.renderer.render)
        )
        var text = rendered.summary.map { context.absoluteHTML(rendered: $0) } ?? ""
        if !events[e].sources.isEmpty {
            text += "<p>Sources: " + events[e].sources.map { source in
                "<a href=\"\(HTML.escape(source.url))\">\(HTML.escape(source.title))</a>"
            }.joined(separator: ", ") + "</p>"
        }
        let headline = context.absoluteHTML(rendered: rendered.title)
        return .object([
            "unique_id": .string(events[e].id),
            "start_date": Self.date(
                events[e].date, display: PartialDate.display(events[e].date, to: events[e].end, approximate: events[e].approximate)),
            "end_date": events[e].end.map { Self.date($0) },
            "text": .object(["headline": .string(headline), "text": text.isEmpty ? nil : .string(text)]),
            "group": events[e].tags.first.map { .string($0) },
        ])
    }

    private func era(_ e: Int) -> JSONValue {
        let graph = context.graph
        let era = graph.eras[e]
        // TimelineJS needs an end; an open era runs to the build's "now".
        let (y, m, d, _, _, _) = ExportContext.civil(seconds: context.now)
        let end = era.end ?? PartialDate(year: y, month: m, day: d)
        return .object([
            "start_date": Self.date(era.date),
            "end_date": Self.date(max(end, era.date)),
            "text": .object([
                "headline": .string(AtomFeed.escape(era.title)),
                "text": graph.eraSummaries[e].map { .string(context.absoluteHTML($0)) },
            ]),
        ])
    }

    /// A TimelineJS3 date object with only the parts the date has.
    static func date(_ date: PartialDate, display: String? = nil) -> JSONValue {
        .object([
            "year": .int(date.year),
            "month": date.month.map { .int($0) },
            "day": date.day.map { .int($0) },
            "hour": date.time.map { .int($0.hour) },
            "minute": date.time.map { .int($0.minute) },
            "display_date": display.map { .string($0) },
        ])
    }
}
