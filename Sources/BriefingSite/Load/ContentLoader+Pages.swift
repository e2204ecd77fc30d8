import BriefingCore
import Foundation

extension ContentLoader {
    /// Front matter and body of a Markdown file, or nil with a diagnostic.
    func frontMatter(_ source: SourceText, kind: String, _ diagnostics: inout [Diagnostic]) -> (RecordReader, MarkdownSource)? {
        let path = source.path
        let parts: FrontMatter
        switch FrontMatter.split(source) {
        case .success(let split): parts = split
        case .failure(let diagnostic):
            diagnostics.append(diagnostic)
            return nil
        }
        var value = yaml(SourceText(path: path, text: parts.yaml), lineOffset: parts.yamlLineOffset, &diagnostics)
        if case .null(let location)? = value { value = .map([], location) }
        guard let value, let record = RecordReader(value, kind: kind, diagnostics: &diagnostics) else { return nil }
        let body = MarkdownSource(text: parts.body, file: path, lineOffset: parts.bodyLineOffset)
        return (record, body)
    }

    func fileID(_ path: String, stripDatePrefix: Bool) -> String {
        var name = ((path as NSString).lastPathComponent as NSString).deletingPathExtension
        if stripDatePrefix, name.count > 11, (try? PartialDate(parsing: String(name.prefix(10))))?.precision == .day,
            name.dropFirst(10).first == "-"
        {
            name = String(name.dropFirst(11))
        }
        return name
    }

    /// `id` from the front matter, else from the file name; either way it must be a valid id.
    func pageID(_ record: RecordReader, path: String, stripDatePrefix: Bool) -> String? {
        if record.has("id") { return record.id() }
        let id = fileID(path, stripDatePrefix: stripDatePrefix)
        guard Identifier.isValid(id) else {
            record.error(Identifier.problem(with: id, kind: record.kind) + " (from the file name; set 'id' in the front matter or rename the file)",
                at: SourceLocation(file: path, line: 1, column: 1))
            return nil
        }
        return id
    }

    /// One profile file: front matter fields and the Markdown bio.
    func decodeProfile(_ source: SourceText, _ diagnostics: inout [Diagnostic]) -> Profile? {
        let path = source.path
        guard let (record, body) = frontMatter(source, kind: "profile", &diagnostics) else { return nil }
        defer { diagnostics.append(contentsOf: record.finish()) }
        let id = pageID(record, path: path, stripDatePrefix: false)
        let name = record.string("name", required: true)
        var kind = Profile.Kind.person
        if let (text, location) = record.scalar("kind") {
            if let parsed = Profile.Kind(rawValue: text) {
                kind = parsed
            } else {
                record.error("unknown profile kind '\(text)' (use person, organization or place)", at: location)
            }
        }
        guard let id, let name else { return nil }
        var profile = Profile(id: id, name: name, bio: body, location: record.location)
        profile.kind = kind
        profile.role = record.string("role")
        profile.aliases = record.strings("aliases").map(\.0)
        profile.country = record.string("country")
        profile.born = record.date("born")
        profile.died = record.date("died")
        if let born = profile.born, let died = profile.died, died < born {
            record.error("'died' (\(died.iso)) is before 'born' (\(born.iso))", at: record.locationOf("died"))
        }
        profile.affiliations = record.references("affiliations")
        profile.positions = record.records("positions", kind: "position").compactMap { position in
            defer { record.absorb(position) }
            guard let title = position.string("title", required: true) else { return nil }
            let start = position.date("start"), end = position.date("end")
            if let start, let end, end < start {
                position.error("position ends (\(end.iso)) before it starts (\(start.iso))", at: position.locationOf("end"))
            }
            return Profile.Position(title: title, start: start, end: end, location: position.location)
        }
        if let (image, location) = record.scalar("image") {
            let isLocal = HTML.scheme(of: image) == nil
            if image.contains("..") || image.hasPrefix("/") || !HTML.isSafeURL(image) {
                record.error("'image' must be a path inside the site like 'media/name.jpg', or an http(s) URL", at: location)
            } else if isLocal && !FileManager.default.fileExists(atPath: contentFolder.appendingPathComponent(image).path) {
                record.error("image '\(image)' not found (put it in Content/media/)", at: location)
            } else {
                profile.image = image
            }
        }
        profile.imageCredit = record.string("image_credit")
        profile.imageAlt = record.string("image_alt")
        profile.links = record.externalLinks("links")
        return profile
    }

    /// One briefing file: front matter fields and the Markdown body.
    func decodeBriefing(_ source: SourceText, _ diagnostics: inout [Diagnostic]) -> Briefing? {
        let path = source.path
        guard let (record, body) = frontMatter(source, kind: "briefing", &diagnostics) else { return nil }
        defer { diagnostics.append(contentsOf: record.finish()) }
        let id = pageID(record, path: path, stripDatePrefix: true)
        let title = record.string("title", required: true)
        let date = record.date("date", required: true)
        let updated = record.date("updated")
        if let date, let updated, updated < date {
            record.error("'updated' (\(updated.iso)) is before 'date' (\(date.iso))", at: record.locationOf("updated"))
        }
        let draft = record.bool("draft") ?? false
        guard let id, let title, let date else { return nil }
        var briefing = Briefing(id: id, title: title, date: date, body: body, location: record.location)
        briefing.updated = updated
        briefing.summary = record.string("summary")
        briefing.authors = record.strings("authors").map(\.0)
        briefing.tags = record.strings("tags").map(\.0)
        briefing.people = record.references("people")
        briefing.events = record.references("events")
        briefing.draft = draft
        return briefing
    }
}

extension RecordReader {
    /// Takes over a nested record's diagnostics (and its unknown-field warnings).
    func absorb(_ nested: RecordReader) {
        for diagnostic in nested.finish() {
            if diagnostic.severity == .error { error(diagnostic.message, at: diagnostic.location) } else { warning(diagnostic.message, at: diagnostic.location) }
        }
    }
}
