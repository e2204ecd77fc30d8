import BriefingCore

extension PageRenderer {
    func home() -> TemplateObject {
        var context = page(title: graph.config.title, kind: "home")
        if let latest = graph.briefingsNewestFirst.first {
            context[.latest] = .object(fullBriefing(latest))
        }
        context[.otherBriefings] = .objects(graph.briefingsNewestFirst.dropFirst().prefix(5).map { fragments.briefings[$0] })
        let key = graph.chronology.filter { graph.events[$0].importance >= 3 }
        context[.keyEvents] = .objects(key.reversed().prefix(8).map { fragments.events[$0] })
        // Key people: persons in the most events, then by name.
        let people = graph.profiles.indices.filter { graph.profiles[$0].kind == .person }
            .sorted {
                let a = graph.eventsOfProfile[$0].count, b = graph.eventsOfProfile[$1].count
                return a != b ? a > b : graph.profileSortKeys[$0] < graph.profileSortKeys[$1]
            }
        context[.keyPeople] = .objects(people.prefix(6).map { fragments.profiles[$0] })
        return context
    }

    func briefingsIndex() -> TemplateObject {
        var context = page(title: "Briefings", kind: "briefings")
        context[.briefings] = .objects(graph.briefingsNewestFirst.map { fragments.briefings[$0] })
        return context
    }

    func fullBriefing(_ b: Int) -> TemplateObject {
        let briefing = graph.briefings[b]
        var item = fragments.briefings[b]
        item[.body] = .string(fragments.briefingBodies[b])
        item[.authors] = .string(briefing.authors.joined(separator: ", "))
        item[.hasAuthors] = .bool(!briefing.authors.isEmpty)
        item[.tags] = .objects(briefing.tags.map { fragments.tagReference($0) })
        item[.people] = .objects(briefing.people.compactMap { graph.profileIndex[$0.id] }.map { fragments.profiles[$0] })
        item[.events] = .objects(briefing.events.compactMap { graph.eventIndex[$0.id] }
            .sorted { graph.chronologyRank[$0] < graph.chronologyRank[$1] }.map { fragments.events[$0] })
        return item
    }

    func briefingPage(_ b: Int) -> TemplateObject {
        var context = page(title: graph.briefings[b].title, kind: "briefing", description: graph.summary(ofBriefing: b))
        context[.briefing] = .object(fullBriefing(b))
        return context
    }

    func eventPage(_ e: Int, rank: Int) -> TemplateObject {
        var context = page(title: graph.eventTitles[e].plainText, kind: "event")
        context[.event] = .object(fragments.events[e])
        if rank > 0 { context[.previous] = .object(fragments.events[graph.chronology[rank - 1]]) }
        if rank + 1 < graph.chronology.count { context[.next] = .object(fragments.events[graph.chronology[rank + 1]]) }
        context[.timelineURL] = .string(TimelineBuilder.url(ofEvent: e, in: graph))
        return context
    }

    func profilesIndex() -> TemplateObject {
        var context = page(title: "Profiles", kind: "profiles")
        context[.groups] = .objects(Profile.Kind.allCases.compactMap { kind -> TemplateObject? in
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
                .kind: .string(kind.rawValue), .title: .string(kind.plural), .count: .int(members.count),
                .letters: .objects(letters.map { letter, profiles -> TemplateObject in
                    [.letter: .string(letter), .profiles: .objects(profiles.map { fragments.profiles[$0] })]
                }),
            ]
        })
        return context
    }

    func profilePage(_ p: Int) -> TemplateObject {
        let profile = graph.profiles[p]
        var context = page(title: profile.name, kind: "profile", description: profile.role)
        var item = fragments.profiles[p]
        item[.kindLabel] = .string(profile.kind.rawValue.capitalized)
        item[.aliases] = .string(profile.aliases.joined(separator: ", "))
        item[.hasAliases] = .bool(!profile.aliases.isEmpty)
        if let country = profile.country { item[.country] = .string(country) }
        if let born = profile.born { item[.born] = Fragments.date(born) }
        if let died = profile.died { item[.died] = Fragments.date(died) }
        item[.bio] = .string(fragments.renderer.render(graph.profileBios[p]))
        item[.affiliations] = .objects(profile.affiliations.compactMap { graph.profileIndex[$0.id] }.map { fragments.profiles[$0] })
        let rank = fragments.collationRank
        item[.members] = .objects(graph.membersOfProfile[p].sorted { rank[$0] < rank[$1] }.map { fragments.profiles[$0] })
        item[.positions] = .objects(profile.positions.map { position -> TemplateObject in
            var entry: TemplateObject = [.title: .string(position.title)]
            if let start = position.start {
                entry[.when] = .string(position.end == nil ? "since \(start.display)" : PartialDate.display(start, to: position.end))
            }
            return entry
        })
        if let chart = PositionsChart(profile: profile, today: fragments.today) { item[.positionsChart] = .string(chart.html()) }
        item[.links] = .objects(profile.links.map { fragments.source($0) })
        if let image = profile.image {
            item[.image] = .object([
                .src: .string(HTML.scheme(of: image) == nil ? SitePath.rootMarker + image : image),
                .alt: .string(profile.imageAlt ?? profile.name), .credit: .string(profile.imageCredit ?? ""),
            ])
        }
        context[.profile] = .object(item)
        context[.events] = .objects(graph.eventsOfProfile[p].map { fragments.events[$0] })
        // The timeline filtered to this profile (see `TimelineBuilder.facets`).
        let asPlace = graph.eventsOfProfile[p].contains { e in graph.events[e].places.contains { $0.id == profile.id } }
        if !graph.eventsOfProfile[p].isEmpty {
            context[.timelineURL] = .string("timeline/\(asPlace ? "places" : "people")/\(profile.id)/")
        }
        context[.briefings] = .objects(graph.briefingsOfProfile[p].map { fragments.briefings[$0] })
        context[.related] = .objects(graph.related(to: p).prefix(12).map { related -> TemplateObject in
            var entry = fragments.profiles[related.profile]
            entry[.shared] = .int(related.shared)
            entry[.sharedLabel] = .string(related.shared == 1 ? "1 shared event" : "\(related.shared) shared events")
            return entry
        })
        // An organization also lists its members' events.
        let memberEvents = Set(graph.membersOfProfile[p].flatMap { graph.eventsOfProfile[$0] })
            .subtracting(graph.eventsOfProfile[p])
        context[.memberEvents] = .objects(memberEvents.sorted { graph.chronologyRank[$0] < graph.chronologyRank[$1] }
            .map { fragments.events[$0] })
        return context
    }

    func tagsIndex() -> TemplateObject {
        var context = page(title: "Tags", kind: "tags")
        context[.tags] = .objects(graph.tags.keys.sorted().map { slug -> TemplateObject in
            let tag = graph.tags[slug]!
            return [.name: .string(tag.name), .url: .string(SitePath.tag(slug)), .count: .int(tag.events.count + tag.briefings.count)]
        })
        return context
    }

    func tagPage(_ slug: String) -> TemplateObject {
        let tag = graph.tags[slug]!
        var context = page(title: "Tagged “\(tag.name)”", kind: "tag")
        context[.tag] = .object([.name: .string(tag.name), .slug: .string(slug)])
        context[.briefings] = .objects(tag.briefings.map { fragments.briefings[$0] })
        context[.events] = .objects(tag.events.map { fragments.events[$0] })
        return context
    }
}
