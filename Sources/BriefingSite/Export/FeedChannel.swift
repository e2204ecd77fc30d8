import BriefingCore

/// One feed of briefings: the whole site's, with each briefing's full content, or one profile's or
/// tag's (to follow one actor or topic), with summaries and links: a briefing names many profiles, so
/// full content there would copy every briefing into a dozen feeds (at 1,000 briefings, a third of the
/// site's bytes).
struct FeedChannel {
    let title: String
    /// Root-relative folder the feed files go in ("" for the site, "profiles/<id>/").
    let folder: String
    /// Root-relative path of the HTML page the feed mirrors.
    let page: String
    /// Briefings, newest first.
    let briefings: [Int]
    /// Entries carry the briefing's full HTML (the site's feed), else its summary only.
    var fullContent = false

    /// The site's feed, then one per profile and per tag that has briefings, in path order.
    static func all(_ context: ExportContext) -> [FeedChannel] {
        let graph = context.graph
        var channels = [FeedChannel(title: graph.config.title, folder: "", page: "", briefings: graph.briefingsNewestFirst, fullContent: true)]
        for p in graph.profiles.indices.sorted(by: { graph.profiles[$0].id < graph.profiles[$1].id })
        where !graph.briefingsOfProfile[p].isEmpty {
            let profile = graph.profiles[p]
            channels.append(FeedChannel(
                title: "\(profile.name) · \(graph.config.title)", folder: SitePath.profile(profile.id),
                page: SitePath.profile(profile.id), briefings: graph.briefingsOfProfile[p]))
        }
        for slug in graph.tags.keys.sorted() {
            guard let tag = graph.tags[slug], !tag.briefings.isEmpty else { continue }
            channels.append(FeedChannel(
                title: "Tagged “\(tag.name)” · \(graph.config.title)", folder: SitePath.tag(slug),
                page: SitePath.tag(slug), briefings: tag.briefings))
        }
        return channels
    }

    /// The newest change among the feed's briefings, else the build's "now".
    func updated(_ context: ExportContext) -> String {
        let newest = briefings.map { context.modified($0) }.max { $0.secondsSinceEpoch < $1.secondsSinceEpoch }
        return newest.map(ExportContext.timestamp) ?? ExportContext.timestamp(seconds: context.now)
    }
}
