import BriefingCore

extension PageRenderer {
    func home() -> [String: Any] {
        var context = page(title: graph.config.title, kind: "home")
        if let latest = graph.briefingsNewestFirst.first {
            context["latest"] = fullBriefing(latest)
        }
        context["otherBriefings"] = graph.briefingsNewestFirst.dropFirst().prefix(5).map { fragments.briefings[$0] }
        let key = graph.chronology.filter { graph.events[$0].importance >= 3 }
        context["keyEvents"] = key.reversed().prefix(8).map { fragments.events[$0] }
        // Key people: persons in the most events, then by name.
        let people = graph.profiles.indices.filter { graph.profiles[$0].kind == .person }
            .sorted {
                let a = graph.eventsOfProfile[$0].count, b = graph.eventsOfProfile[$1].count
                return a != b ? a > b : graph.profileSortKeys[$0] < graph.profileSortKeys[$1]
            }
        context["keyPeople"] = people.prefix(6).map { fragments.profiles[$0] }
        return context
    }

    func briefingsIndex() -> [String: Any] {
        var context = page(title: "Briefings", kind: "briefings")
        context["briefings"] = graph.briefingsNewestFirst.map { fragments.briefings[$0] }
        return context
    }

    func fullBriefing(_ b: Int) -> [String: Any] {
        let briefing = graph.briefings[b]
        var item = fragments.briefings[b]
        item["body"] = fragments.briefingBodies[b]
        item["authors"] = briefing.authors.joined(separator: ", ")
        item["hasAuthors"] = !briefing.authors.isEmpty
        item["tags"] = briefing.tags.map(fragments.tagReference)
        item["people"] = briefing.people.compactMap { graph.profileIndex[$0.id] }.map { fragments.profiles[$0] }
        item["events"] = briefing.events.compactMap { graph.eventIndex[$0.id] }
            .sorted { graph.chronologyRank[$0] < graph.chronologyRank[$1] }.map { fragments.events[$0] }
        return item
    }

    func briefingPage(_ b: Int) -> [String: Any] {
        var context = page(title: graph.briefings[b].title, kind: "briefing", description: graph.summary(ofBriefing: b))
        context["briefing"] = fullBriefing(b)
        return context
    }

    func eventPage(_ e: Int, rank: Int) -> [String: Any] {
        var context = page(title: graph.eventTitles[e].plainText, kind: "event")
        context["event"] = fragments.events[e]
        if rank > 0 { context["previous"] = fragments.events[graph.chronology[rank - 1]] }
        if rank + 1 < graph.chronology.count { context["next"] = fragments.events[graph.chronology[rank + 1]] }
        context["timelineURL"] = TimelineBuilder.url(ofEvent: e, in: graph)
        return context
    }

    func profilesIndex() -> [String: Any] {
        var context = page(title: "Profiles", kind: "profiles")
        context["groups"] = Profile.Kind.allCases.compactMap { kind -> [String: Any]? in
            let rank = fragments.collationRank
            let members = graph.profiles.indices.filter { graph.profiles[$0].kind == kind }.sorted { rank[$0] < rank[$1] }
            guard !members.isEmpty else { return nil }
            // Filed under letters, which show readers the collation ("Rodríguez" under R).
            var letters: [(String, [Int])] = []
            for p in members {
                let letter = NameCollation.initial(graph.profiles[p])
                if letters.last?.0 == letter { letters[letters.count - 1].1.append(p) } else { letters.append((letter, [p])) }
            }
            return [
                "kind": kind.rawValue, "title": kind.plural, "count": members.count,
                "letters": letters.map { letter, profiles -> [String: Any] in
                    ["letter": letter, "profiles": profiles.map { fragments.profiles[$0] }]
                },
            ]
        }
        return context
    }

    func profilePage(_ p: Int) -> [String: Any] {
        let profile = graph.profiles[p]
        var context = page(title: profile.name, kind: "profile", description: profile.role)
        var item = fragments.profiles[p]
        item["kindLabel"] = profile.kind.rawValue.capitalized
        item["aliases"] = profile.aliases.joined(separator: ", ")
        item["hasAliases"] = !profile.aliases.isEmpty
        if let country = profile.country { item["country"] = country }
        if let born = profile.born { item["born"] = Fragments.date(born) }
        if let died = profile.died { item["died"] = Fragments.date(died) }
        item["bio"] = fragments.renderer.render(graph.profileBios[p])
        item["affiliations"] = profile.affiliations.compactMap { graph.profileIndex[$0.id] }.map { fragments.profiles[$0] }
        let rank = fragments.collationRank
        item["members"] = graph.membersOfProfile[p].sorted { rank[$0] < rank[$1] }.map { fragments.profiles[$0] }
        item["positions"] = profile.positions.map { position -> [String: Any] in
            var entry: [String: Any] = ["title": position.title]
            if let start = position.start {
                entry["when"] = PartialDate.display(start, to: position.end)
                if position.end == nil { entry["when"] = "since \(start.display)" }
            }
            return entry
        }
        if let chart = PositionsChart(profile: profile, today: fragments.today) { item["positionsChart"] = chart.html() }
        item["links"] = profile.links.map(fragments.source)
        if let image = profile.image {
            item["image"] = [
                "src": HTML.scheme(of: image) == nil ? SitePath.rootMarker + image : image,
                "alt": profile.imageAlt ?? profile.name, "credit": profile.imageCredit ?? "",
            ]
        }
        context["profile"] = item
        context["events"] = graph.eventsOfProfile[p].map { fragments.events[$0] }
        // The timeline filtered to this profile (see `TimelineBuilder.facets`).
        let asPlace = graph.eventsOfProfile[p].contains { e in graph.events[e].places.contains { $0.id == profile.id } }
        if !graph.eventsOfProfile[p].isEmpty {
            context["timelineURL"] = "timeline/\(asPlace ? "places" : "people")/\(profile.id)/"
        }
        context["briefings"] = graph.briefingsOfProfile[p].map { fragments.briefings[$0] }
        context["related"] = graph.related(to: p).prefix(12).map { related -> [String: Any] in
            var entry = fragments.profiles[related.profile]
            entry["shared"] = related.shared
            entry["sharedLabel"] = related.shared == 1 ? "1 shared event" : "\(related.shared) shared events"
            return entry
        }
        // An organization also lists its members' events.
        let memberEvents = Set(graph.membersOfProfile[p].flatMap { graph.eventsOfProfile[$0] })
            .subtracting(graph.eventsOfProfile[p])
        context["memberEvents"] = memberEvents.sorted { graph.chronologyRank[$0] < graph.chronologyRank[$1] }
            .map { fragments.events[$0] }
        return context
    }

    func tagsIndex() -> [String: Any] {
        var context = page(title: "Tags", kind: "tags")
        context["tags"] = graph.tags.keys.sorted().map { slug -> [String: Any] in
            let tag = graph.tags[slug]!
            return ["name": tag.name, "url": SitePath.tag(slug), "count": tag.events.count + tag.briefings.count]
        }
        return context
    }

    func tagPage(_ slug: String) -> [String: Any] {
        let tag = graph.tags[slug]!
        var context = page(title: "Tagged “\(tag.name)”", kind: "tag")
        context["tag"] = ["name": tag.name, "slug": slug]
        context["briefings"] = tag.briefings.map { fragments.briefings[$0] }
        context["events"] = tag.events.map { fragments.events[$0] }
        return context
    }
}
