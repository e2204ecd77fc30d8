import BriefingCore

/// JSON-LD (schema.org) and Open Graph / Twitter card values for each page: `NewsArticle` on briefings,
/// `Person`, `Organization` or `Place` on profiles, `ItemList` on the timeline, `WebSite` on the home
/// page. Past events get no Google `Event` markup, which is meant for things one can still attend.
struct StructuredData {
    /// How many events the timeline's `ItemList` names (`numberOfItems` still counts them all).
    static let itemListLimit = 100

    let context: ExportContext

    init(graph: SiteGraph) {
        self.context = ExportContext(graph: graph)
    }

    var graph: SiteGraph { context.graph }

    /// Adds `structuredData` (script-safe JSON, for a `<script type="application/ld+json">`),
    /// `openGraph` (meta tags) and `canonicalURL` to a page's template context.
    func annotate(_ page: inout TemplateObject, path: String) {
        var title = graph.config.title
        var description = graph.config.description
        if case .object(let info) = page[.page] {
            if case .string(let text) = info[.title] { title = text }
            if case .string(let text) = info[.description] { description = text }
        }
        let item = Self.item(of: path)  // once: each of the three below needs it
        if let json = jsonLD(path: path, item: item, title: title, description: description) {
            page[.structuredData] = .string(HTML.scriptSafeJSON(json.serialized()))
        }
        let url = path == "404.html" ? nil : context.absolute(Self.urlPath(path))  // once: two tags show it
        page[.openGraph] = .objects(openGraph(url: url, item: item, title: title, description: description))
        if let url { page[.canonicalURL] = .string(url) }
        if let feed = feed(of: item) { page[.pageFeed] = .string(feed) }
    }

    /// The Atom feed of a profile's or tag's page, when it has briefings (see `FeedChannel`).
    func feed(of item: (kind: String, id: String)?) -> String? {
        guard let (kind, id) = item else { return nil }
        if kind == "profiles", let p = graph.profileIndex[id], !graph.briefingsOfProfile[p].isEmpty {
            return SitePath.profile(id) + "feed.xml"
        }
        if kind == "tags", let tag = graph.tags[id], !tag.briefings.isEmpty { return SitePath.tag(id) + "feed.xml" }
        return nil
    }

    /// `briefings/x/index.html` → `briefings/x/`.
    static func urlPath(_ path: String) -> String {
        path.hasSuffix("index.html") ? String(path.dropLast("index.html".count)) : path
    }

    /// (kind, id) of a page of one item: ("briefings", "x") for `briefings/x/index.html`.
    static func item(of path: String) -> (kind: String, id: String)? {
        // On UTF-8 bytes (every page asks three times); empty parts are skipped, as `split` does.
        var parts: [Range<String.UTF8View.Index>] = []
        let utf8 = path.utf8
        var start = utf8.startIndex
        while start < utf8.endIndex {
            let end = utf8[start...].firstIndex(of: UInt8(ascii: "/")) ?? utf8.endIndex
            if start < end {
                guard parts.count < 3 else { return nil }
                parts.append(start..<end)
            }
            start = end < utf8.endIndex ? utf8.index(after: end) : end
        }
        guard parts.count == 3, utf8[parts[2]].elementsEqual("index.html".utf8) else { return nil }
        return (String(path[parts[0]]), String(path[parts[1]]))
    }

    // MARK: - JSON-LD

    func jsonLD(path: String, item: (kind: String, id: String)?, title: String, description: String) -> JSONValue? {
        if path == "index.html" {
            return .object([
                "@context": .string("https://schema.org"), "@type": .string("WebSite"),
                "name": .string(graph.config.title), "url": .string(context.baseURL),
                "description": description.isEmpty ? nil : .string(description),
                "inLanguage": .string(graph.config.language),
            ])
        }
        if path == "timeline/index.html" { return timeline(title: title) }
        guard let (kind, id) = item else { return nil }
        switch kind {
        case "briefings": return graph.briefingIndex[id].map(newsArticle)
        case "profiles": return graph.profileIndex[id].map { profile($0, withContext: true) }
        default: return nil
        }
    }

    func newsArticle(_ b: Int) -> JSONValue {
        let briefing = graph.briefings[b]
        let url = context.absolute(SitePath.briefing(briefing.id))
        let about = briefing.people.compactMap { graph.profileIndex[$0.id] }
        let summary = context.graph.summary(ofBriefing: b)
        return .object([
            "@context": .string("https://schema.org"),
            "@type": .string("NewsArticle"),
            "headline": .string(briefing.title),
            "description": summary.isEmpty ? nil : .string(summary),
            "url": .string(url),
            "mainEntityOfPage": .string(url),
            "inLanguage": .string(graph.config.language),
            "datePublished": .string(briefing.date.iso),
            "dateModified": .string(context.modified(b).iso),
            "author": .array(briefing.authors.isEmpty
                ? [publisher] : briefing.authors.map { .object(["@type": .string("Person"), "name": .string($0)]) }),
            "publisher": publisher,
            "about": about.isEmpty ? nil : .array(about.map { profile($0, withContext: false) }),
            "keywords": briefing.tags.isEmpty ? nil : .array(briefing.tags.map(JSONValue.string)),
        ])
    }

    var publisher: JSONValue {
        .object(["@type": .string("Organization"), "name": .string(graph.config.title), "url": .string(context.baseURL)])
    }

    /// A profile as `Person`, `Organization` or `Place`; in full on its own page, briefly inside an article.
    func profile(_ p: Int, withContext full: Bool) -> JSONValue {
        let profile = graph.profiles[p]
        let type: String
        switch profile.kind {
        case .person: type = "Person"
        case .organization: type = "Organization"
        case .place: type = "Place"
        }
        let url = context.absolute(SitePath.profile(profile.id))
        guard full else {
            return .object(["@type": .string(type), "name": .string(profile.name), "url": .string(url)])
        }
        let sameAs = profile.links.map(\.url).filter { HTML.scheme(of: $0) == "https" || HTML.scheme(of: $0) == "http" }
        var pairs: [(String, JSONValue)] = [
            ("@context", .string("https://schema.org")), ("@type", .string(type)), ("name", .string(profile.name)),
            ("url", .string(url)),
        ]
        if !profile.aliases.isEmpty { pairs.append(("alternateName", .array(profile.aliases.map(JSONValue.string)))) }
        if let role = profile.role { pairs.append(("description", .string(role))) }
        if let image = profile.image {
            pairs.append(("image", .string(HTML.scheme(of: image) == nil ? context.absolute(image) : image)))
        }
        if !sameAs.isEmpty { pairs.append(("sameAs", .array(sameAs.map(JSONValue.string)))) }
        switch profile.kind {
        case .person:
            if let role = profile.role { pairs.append(("jobTitle", .string(role))) }
            if let born = profile.born { pairs.append(("birthDate", .string(born.iso))) }
            if let died = profile.died { pairs.append(("deathDate", .string(died.iso))) }
            if let country = profile.country {
                pairs.append(("nationality", .object(["@type": .string("Country"), "name": .string(country)])))
            }
            let affiliations = profile.affiliations.compactMap { graph.profileIndex[$0.id] }
            if !affiliations.isEmpty {
                pairs.append(("affiliation", .array(affiliations.map { self.profile($0, withContext: false) })))
            }
            if !profile.positions.isEmpty { pairs.append(("hasOccupation", .array(profile.positions.map(role)))) }
        case .organization:
            if let country = profile.country {
                pairs.append(("location", .object(["@type": .string("Country"), "name": .string(country)])))
            }
            let members = graph.membersOfProfile[p]
            if !members.isEmpty { pairs.append(("member", .array(members.map { self.profile($0, withContext: false) }))) }
        case .place:
            if let country = profile.country {
                pairs.append(("containedInPlace", .object(["@type": .string("Country"), "name": .string(country)])))
            }
        }
        return .object(pairs)
    }

    /// A position as a schema.org `Role` wrapping the `Occupation`, with its dates.
    func role(_ position: Profile.Position) -> JSONValue {
        .object([
            "@type": .string("Role"),
            "roleName": .string(position.title),
            "startDate": position.start.map { .string($0.iso) },
            "endDate": position.end.map { .string($0.iso) },
            "hasOccupation": .object(["@type": .string("Occupation"), "name": .string(position.title)]),
        ])
    }

    func timeline(title: String) -> JSONValue {
        .object([
            "@context": .string("https://schema.org"),
            "@type": .string("ItemList"),
            "name": .string(title),
            "url": .string(context.absolute("timeline/")),
            "numberOfItems": .int(graph.chronology.count),
            // The first entries only: the list is a summary for search engines, and a page of 100,000
            // events must not carry 100,000 of them in its head.
            "itemListElement": .array(graph.chronology.prefix(Self.itemListLimit).enumerated().map { rank, e in
                .object([
                    "@type": .string("ListItem"),
                    "position": .int(rank + 1),
                    "url": .string(context.absolute(SitePath.event(graph.events[e].id))),
                    "name": .string(graph.eventTitles[e].plainText),
                ])
            }),
        ])
    }

    // MARK: - Open Graph

    /// `<meta>` tags as (attribute, key, content): `property` for Open Graph, `name` for Twitter. `url` is
    /// the page's absolute URL (nil for the 404 page, which has none).
    func openGraph(url: String?, item: (kind: String, id: String)?, title: String, description: String) -> [TemplateObject] {
        var tags: [(String, String, String)] = []
        tags.reserveCapacity(12)
        tags.append(("property", "og:site_name", graph.config.title))
        tags.append(("property", "og:title", title))
        if !description.isEmpty { tags.append(("property", "og:description", description)) }
        if let url { tags.append(("property", "og:url", url)) }
        var type = "website"
        var image: String?
        if let (kind, id) = item {
            if kind == "briefings", let b = graph.briefingIndex[id] {
                type = "article"
                tags.append(("property", "article:published_time", ExportContext.timestamp(graph.briefings[b].date)))
                tags.append(("property", "article:modified_time", ExportContext.timestamp(context.modified(b))))
                for tag in graph.briefings[b].tags { tags.append(("property", "article:tag", tag)) }
            } else if kind == "profiles", let p = graph.profileIndex[id] {
                if graph.profiles[p].kind == .person { type = "profile" }
                image = graph.profiles[p].image.map { HTML.scheme(of: $0) == nil ? context.absolute($0) : $0 }
            }
        }
        tags.insert(("property", "og:type", type), at: 2)
        if let image { tags.append(("property", "og:image", image)) }
        tags.append(("name", "twitter:card", image == nil ? "summary" : "summary_large_image"))
        tags.append(("name", "twitter:title", title))
        if !description.isEmpty { tags.append(("name", "twitter:description", description)) }
        return tags.map { [.attribute: .string($0.0), .key: .string($0.1), .content: .string($0.2)] }
    }
}
