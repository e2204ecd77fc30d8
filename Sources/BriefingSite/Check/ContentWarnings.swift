import BriefingCore
import BriefingMarkdown

/// Editorial warnings `briefing check` adds to what the build validates: things that are allowed but
/// usually a mistake.
struct ContentWarnings {
    let graph: SiteGraph

    func all() -> [Diagnostic] {
        eventsWithoutSources() + overlappingTenures() + eventsAfterDeath() + unreferencedProfiles()
    }

    func eventsWithoutSources() -> [Diagnostic] {
        graph.events.filter(\.sources.isEmpty).map {
            .warning("event '\($0.id)' has no sources", at: $0.location)
        }
    }

    /// Two tenures of one office (same title, any profiles) that overlap; touching ends are fine.
    func overlappingTenures() -> [Diagnostic] {
        var byOffice: [String: [(profile: Profile, position: Profile.Position)]] = [:]
        for profile in graph.profiles {
            for position in profile.positions where position.start != nil {
                byOffice[position.title.folded, default: []].append((profile, position))
            }
        }
        var diagnostics: [Diagnostic] = []
        for office in byOffice.keys.sorted() {
            let tenures = byOffice[office]!.sorted { $0.position.start! < $1.position.start! }
            for (i, a) in tenures.enumerated() {
                for b in tenures[(i + 1)...] {
                    // b starts on or after a; they overlap if b starts before a's end (open: never ends).
                    let aEnd = a.position.end?.daysSinceEpoch ?? Int.max
                    guard b.position.start!.daysSinceEpoch < aEnd else { continue }
                    let who = a.profile.id == b.profile.id ? "" : " of '\(b.profile.id)'"
                    diagnostics.append(.warning(
                        "tenure as '\(b.position.title)'\(who) overlaps the one of '\(a.profile.id)' (\(a.position.start!.iso)–\(a.position.end?.iso ?? "open"))",
                        at: b.position.location))
                }
            }
        }
        return diagnostics
    }

    func eventsAfterDeath() -> [Diagnostic] {
        var diagnostics: [Diagnostic] = []
        for event in graph.events {
            for reference in event.people {
                guard let p = graph.profileIndex[reference.id], let died = graph.profiles[p].died else { continue }
                if event.date.daysSinceEpoch > died.lastDay.daysSinceEpoch {
                    diagnostics.append(.warning(
                        "event '\(event.id)' (\(event.date.iso)) names '\(reference.id)', who died \(died.iso)",
                        at: reference.location))
                }
            }
        }
        return diagnostics
    }

    /// Profiles no event, briefing, affiliation or Markdown link points to.
    func unreferencedProfiles() -> [Diagnostic] {
        var linked: Set<String> = []
        let prefix = SitePath.rootMarker + "profiles/"
        func collect(_ node: MarkdownNode?) {
            node?.forEach { child in
                if case .link(let url, _) = child.kind, url.hasPrefix(prefix) {
                    linked.insert(String(url.dropFirst(prefix.count).prefix { $0 != "/" && $0 != "#" }))
                }
            }
        }
        graph.briefingBodies.forEach(collect)
        graph.profileBios.forEach(collect)
        graph.eventTitles.forEach(collect)
        graph.eventSummaries.forEach(collect)
        graph.eraSummaries.forEach(collect)
        return graph.profiles.indices.compactMap { p in
            let profile = graph.profiles[p]
            let referenced = !graph.eventsOfProfile[p].isEmpty || !graph.briefingsOfProfile[p].isEmpty
                || !graph.membersOfProfile[p].isEmpty || linked.contains(profile.id)
            return referenced ? nil : .warning("profile '\(profile.id)' is not referenced by any event, briefing or link", at: profile.location)
        }
    }
}
