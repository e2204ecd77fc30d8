import BriefingCore

/// `feed.xml`: an Atom 1.0 feed (RFC 4287) of briefings, with their full content or summaries (`FeedChannel`).
struct AtomFeed {
    let context: ExportContext
    let channel: FeedChannel
    /// Each briefing's `<entry>`, by briefing index, built once and shared by every channel listing it:
    /// with full content for the site's feed, else with the summary only.
    let entries: (full: [String], summary: [String])

    /// Every briefing's entries, built on all cores; `bodies` are the briefings' stand-alone HTML.
    static func entries(_ context: ExportContext, bodies: [String]) -> (full: [String], summary: [String]) {
        let both = Parallel.map(count: bodies.count) { (entry(context, $0, content: bodies[$0]), entry(context, $0, content: nil)) }
        return (both.map(\.0), both.map(\.1))
    }

    var path: String { channel.folder + "feed.xml" }

    func render() -> [UInt8] {
        let graph = context.graph
        var head = """
            <?xml version="1.0" encoding="utf-8"?>
            <feed xmlns="http://www.w3.org/2005/Atom" xml:lang="\(Self.escape(graph.config.language))">
              <id>\(Self.escape(context.absolute(path)))</id>
              <title>\(Self.escape(channel.title))</title>

            """
        if !graph.config.description.isEmpty { head += "  <subtitle>\(Self.escape(graph.config.description))</subtitle>\n" }
        head += """
              <link rel="self" type="application/atom+xml" href="\(Self.escape(context.absolute(path)))"/>
              <link rel="alternate" type="text/html" href="\(Self.escape(context.absolute(channel.page)))"/>
              <updated>\(channel.updated(context))</updated>
              <author><name>\(Self.escape(graph.config.title))</name></author>
              <generator>Briefing</generator>

            """
        let entries = channel.fullContent ? entries.full : entries.summary
        var xml: [UInt8] = []
        xml.reserveCapacity(channel.briefings.reduce(head.utf8.count + 8) { $0 + entries[$1].utf8.count })
        xml += head.utf8
        for b in channel.briefings { xml += entries[b].utf8 }
        xml += "</feed>\n".utf8
        return xml
    }

    static func entry(_ context: ExportContext, _ b: Int, content: String?) -> String {
        let briefing = context.graph.briefings[b]
        let url = Self.escape(context.absolute(SitePath.briefing(briefing.id)))
        var xml = """
              <entry>
                <id>\(url)</id>
                <title>\(Self.escape(briefing.title))</title>
                <link rel="alternate" type="text/html" href="\(url)"/>
                <published>\(ExportContext.timestamp(briefing.date))</published>
                <updated>\(ExportContext.timestamp(context.modified(b)))</updated>

            """
        for author in briefing.authors { xml += "    <author><name>\(Self.escape(author))</name></author>\n" }
        for tag in briefing.tags { xml += "    <category term=\"\(Self.escape(tag))\"/>\n" }
        let summary = context.graph.summary(ofBriefing: b)
        if !summary.isEmpty { xml += "    <summary>\(Self.escape(summary))</summary>\n" }
        if let content { xml += "    <content type=\"html\">\(Self.escape(content))</content>\n" }
        xml += "  </entry>\n"
        return xml
    }

    /// XML text and attribute escaping; characters XML 1.0 forbids are dropped.
    static func escape(_ text: String) -> String {
        guard text.containsUTF8Byte(where: { $0 < 0x20 && $0 != 9 && $0 != 10 && $0 != 13 }) else { return HTML.escape(text) }
        let allowed = String(String.UnicodeScalarView(text.unicodeScalars.filter { scalar in
            scalar.value >= 0x20 || scalar == "\t" || scalar == "\n" || scalar == "\r"
        }))
        return HTML.escape(allowed)
    }
}
