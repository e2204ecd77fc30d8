import BriefingCore

/// Typed access to one mapping (an event, a profile's front matter, `site.yml`), collecting a
/// diagnostic for every field that is missing, mistyped or unknown instead of stopping at the first.
final class RecordReader {
    let location: SourceLocation
    let kind: String
    private(set) var diagnostics: [Diagnostic] = []
    /// The mapping's pairs in order. A record has a few to twenty fields, and 10,000 events have
    /// several records each (sources, positions), so they are searched in place rather than hashed
    /// into a dictionary and a set for every record.
    private var pairs: [(key: String, value: FieldValue)] = []
    /// The keys read so far.
    private var used: [String] = []

    /// `kind` names the record in messages ("event", "profile").
    init?(_ value: FieldValue, kind: String, diagnostics: inout [Diagnostic]) {
        guard case .map(let pairs, let location) = value else {
            diagnostics.append(.error("expected \(kind) fields (a mapping), found \(value.typeName)", at: value.location))
            return nil
        }
        self.location = location
        self.kind = kind
        self.pairs = pairs
        used.reserveCapacity(16)  // about the keys a decoder asks for, present or not
    }

    /// The value of `key` (the last, if a key were given twice, as a dictionary would keep).
    private func field(_ key: String) -> FieldValue? {
        pairs.last { $0.key == key }?.value
    }

    func error(_ message: String, at location: SourceLocation? = nil) {
        diagnostics.append(.error(message, at: location ?? self.location))
    }

    func warning(_ message: String, at location: SourceLocation? = nil) {
        diagnostics.append(.warning(message, at: location ?? self.location))
    }

    func has(_ key: String) -> Bool {
        if case .null = field(key) ?? .null(location) { return false }
        return true
    }

    func locationOf(_ key: String) -> SourceLocation { field(key)?.location ?? location }

    private func value(_ key: String, required: Bool) -> FieldValue? {
        if !used.contains(key) { used.append(key) }
        guard let value = field(key), !isNull(value) else {
            if required { error("\(kind) is missing required field '\(key)'") }
            return nil
        }
        return value
    }

    private func isNull(_ value: FieldValue) -> Bool {
        if case .null = value { return true }
        if case .scalar(let text, _) = value, text.isEmpty { return true }
        return false
    }

    // MARK: - Scalars

    func string(_ key: String, required: Bool = false) -> String? {
        guard let value = value(key, required: required) else { return nil }
        guard case .scalar(let text, _) = value else {
            error("'\(key)' must be a single value, not \(value.typeName)", at: value.location)
            return nil
        }
        return text
    }

    func scalar(_ key: String, required: Bool = false) -> (String, SourceLocation)? {
        guard let value = value(key, required: required) else { return nil }
        guard case .scalar(let text, let location) = value else {
            error("'\(key)' must be a single value, not \(value.typeName)", at: value.location)
            return nil
        }
        return (text, location)
    }

    func bool(_ key: String) -> Bool? {
        guard let (text, location) = scalar(key) else { return nil }
        switch text.lowercased() {
        case "true", "yes": return true
        case "false", "no": return false
        default:
            error("'\(key)' must be true or false, not '\(text)'", at: location)
            return nil
        }
    }

    func int(_ key: String, in range: ClosedRange<Int>? = nil) -> Int? {
        guard let (text, location) = scalar(key) else { return nil }
        guard let number = Int(text.trimmingBlanks) else {
            error("'\(key)' must be a whole number, not '\(text)'", at: location)
            return nil
        }
        if let range, !range.contains(number) {
            error("'\(key)' must be between \(range.lowerBound) and \(range.upperBound), not \(number)", at: location)
            return nil
        }
        return number
    }

    func date(_ key: String, required: Bool = false) -> PartialDate? {
        guard let (text, location) = scalar(key, required: required) else { return nil }
        do {
            return try PartialDate(parsing: text)
        } catch {
            self.error("'\(key)': \(error)", at: location)
            return nil
        }
    }

    func id(_ key: String = "id", required: Bool = true) -> String? {
        guard let (text, location) = scalar(key, required: required) else { return nil }
        guard Identifier.isValid(text) else {
            error(Identifier.problem(with: text, kind: kind), at: location)
            return nil
        }
        return text
    }

    /// A Markdown field, with positions mapped back to where its text starts in the file.
    func markdown(_ key: String, required: Bool = false) -> MarkdownSource? {
        guard let (text, location) = scalar(key, required: required) else { return nil }
        return MarkdownSource(
            text: text, file: location.file, lineOffset: location.line - 1, columnOffset: location.column - 1)
    }

    // MARK: - Lists

    /// A list of single values; a lone value counts as a list of one (`tags: diplomacy`).
    func strings(_ key: String) -> [(String, SourceLocation)] {
        guard let value = value(key, required: false) else { return [] }
        switch value {
        case .scalar(let text, let location):
            return [(text, location)]
        case .list(let items, _):
            var result: [(String, SourceLocation)] = []
            for item in items {
                if case .scalar(let text, let location) = item {
                    result.append((text, location))
                } else if !isNull(item) {
                    error("'\(key)' must list single values, found \(item.typeName)", at: item.location)
                }
            }
            return result
        default:
            error("'\(key)' must be a list, not \(value.typeName)", at: value.location)
            return []
        }
    }

    func references(_ key: String) -> [Reference] {
        strings(key).map { Reference(id: $0.0, location: $0.1) }
    }

    func records(_ key: String, kind: String) -> [RecordReader] {
        guard let value = value(key, required: false) else { return [] }
        guard case .list(let items, _) = value else {
            error("'\(key)' must be a list, not \(value.typeName)", at: value.location)
            return []
        }
        return items.compactMap { RecordReader($0, kind: kind, diagnostics: &diagnostics) }
    }

    /// `{title, url, publisher?, date?}` entries; URLs must be http(s), mailto or relative.
    func externalLinks(_ key: String) -> [ExternalLink] {
        var links: [ExternalLink] = []
        for record in records(key, kind: "link") {
            defer { diagnostics.append(contentsOf: record.finish()) }
            guard let (url, urlLocation) = record.scalar("url", required: true) else { continue }
            guard HTML.isSafeURL(url) else {
                record.error("unsafe URL scheme in '\(url)' (use http, https or mailto)", at: urlLocation)
                continue
            }
            let title = record.string("title") ?? url
            links.append(
                ExternalLink(
                    title: title, url: url, publisher: record.string("publisher"), date: record.date("date"),
                    location: record.location))
        }
        return links
    }

    /// Reports fields nobody read (likely typos) and returns every diagnostic gathered.
    func finish() -> [Diagnostic] {
        for (key, _) in pairs where !used.contains(key) {
            var message = "unknown \(kind) field '\(key)'"
            if let guess = Suggestion.closest(to: key, in: used) { message += " (did you mean '\(guess)'?)" }
            warning(message, at: field(key)?.location)
        }
        used = pairs.map(\.key)
        let result = diagnostics
        diagnostics = []
        return result
    }
}
