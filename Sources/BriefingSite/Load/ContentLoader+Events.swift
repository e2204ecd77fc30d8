import BriefingCore
import Foundation

extension ContentLoader {
    static let csvColumns: Set<String> = [
        "id", "date", "end", "approximate", "title", "summary", "people", "places", "tags", "importance", "order",
        "source_title", "source_url", "source_publisher", "source_date",
    ]

    static let eventExtensions: Set<String> = ["yml", "yaml", "json", "csv"]
    static let pageExtensions: Set<String> = ["md", "markdown"]

    /// The events of one file; CSV by the `.csv` extension, YAML (or JSON) otherwise.
    func decodeEvents(_ source: SourceText, _ diagnostics: inout [Diagnostic]) -> [Event] {
        let records: [FieldValue]
        if source.path.lowercased().hasSuffix(".csv") {
            records = csvRecords(source, &diagnostics)
        } else {
            guard let value = yaml(source, &diagnostics) else { return [] }
            switch value {
            case .list(let items, _): records = items
            case .null: records = []
            default:
                diagnostics.append(.error("an events file must hold a list of events, found \(value.typeName)", at: value.location))
                records = []
            }
        }
        var events: [Event] = []
        for value in records {
            guard let record = RecordReader(value, kind: "event", diagnostics: &diagnostics) else { continue }
            if let event = decodeEvent(record) { events.append(event) }
            diagnostics.append(contentsOf: record.finish())
        }
        return events
    }

    func decodeEvent(_ record: RecordReader) -> Event? {
        let id = record.id()
        let date = record.date("date", required: true)
        let end = record.date("end")
        let title = record.markdown("title", required: true)
        if let date, let end, end < date {
            record.error("event ends (\(end.iso)) before it starts (\(date.iso))", at: record.locationOf("end"))
        }
        guard let id, let date, let title else {
            _ = (record.string("summary"), record.strings("people"), record.strings("places"), record.strings("tags"))
            _ = (record.string("importance"), record.string("order"), record.string("approximate"), record.strings("sources"))
            return nil
        }
        var event = Event(id: id, date: date, title: title, location: record.location)
        event.end = end
        event.approximate = record.bool("approximate") ?? false
        event.summary = record.markdown("summary")
        event.people = record.references("people")
        event.places = record.references("places")
        event.tags = record.strings("tags").map(\.0)
        event.importance = record.int("importance", in: 1...3) ?? 1
        event.order = record.int("order")
        event.sources = record.externalLinks("sources")
        return event
    }

    /// CSV rows as the same mappings a YAML file gives, so one decoder serves both.
    func csvRecords(_ source: SourceText, _ diagnostics: inout [Diagnostic]) -> [FieldValue] {
        let rows: [CSVReader.Row]
        switch CSVReader.rows(source.text, file: source.path) {
        case .success(let parsed): rows = parsed
        case .failure(let diagnostic):
            diagnostics.append(diagnostic)
            return []
        }
        guard let header = rows.first else {
            diagnostics.append(Diagnostic(file: source.path, line: 1, column: 1, message: "empty CSV file: expected a header row (id,date,title,…)"))
            return []
        }
        var headerProblems = false
        var seen: Set<String> = []
        for (name, column) in zip(header.fields, header.columns) {
            let location = SourceLocation(file: source.path, line: header.line, column: column)
            if !Self.csvColumns.contains(name) {
                var message = "unknown CSV column '\(name)'"
                if let guess = Suggestion.closest(to: name, in: Self.csvColumns) { message += " (did you mean '\(guess)'?)" }
                diagnostics.append(.error(message, at: location))
                headerProblems = true
            } else if !seen.insert(name).inserted {
                diagnostics.append(.error("duplicate CSV column '\(name)'", at: location))
                headerProblems = true
            }
        }
        guard !headerProblems else { return [] }
        var records: [FieldValue] = []
        for (number, row) in rows.dropFirst().enumerated() {
            let rowLocation = SourceLocation(file: source.path, line: row.line, column: 1)
            guard row.fields.count == header.fields.count else {
                diagnostics.append(.error(
                    "CSV row \(number + 1) has \(row.fields.count) fields; the header has \(header.fields.count)",
                    at: rowLocation))
                continue
            }
            var pairs: [(key: String, value: FieldValue)] = []
            var sourcePairs: [(key: String, value: FieldValue)] = []
            for (index, name) in header.fields.enumerated() {
                let text = row.fields[index]
                let location = SourceLocation(file: source.path, line: row.line, column: row.columns[index])
                guard !text.isEmpty else { continue }
                switch name {
                case "people", "places", "tags":
                    let items = text.split(separator: ";").map(\.trimmingBlanks)
                        .filter { !$0.isEmpty }.map { FieldValue.scalar($0, location) }
                    pairs.append((name, .list(items, location)))
                case _ where name.hasPrefix("source_"):
                    sourcePairs.append((String(name.dropFirst("source_".count)), .scalar(text, location)))
                default:
                    pairs.append((name, .scalar(text, location)))
                }
            }
            if !sourcePairs.isEmpty {
                pairs.append(("sources", .list([.map(sourcePairs, rowLocation)], rowLocation)))
            }
            records.append(.map(pairs, rowLocation))
        }
        return records
    }
}
