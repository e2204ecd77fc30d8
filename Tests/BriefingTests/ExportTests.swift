import BriefingCore
import Foundation
import Testing

@testable import BriefingSite

#if canImport(FoundationXML)
import FoundationXML
#endif

/// Feeds, calendar, timeline data, sitemap, manifest and structured data, read back with real parsers.
@Suite struct ExportTests {
    /// The generated files of a fixture, as text, without writing anything.
    static func generate(_ fixture: String, epoch: Int? = nil) throws -> [String: String] {
        let site = ExportSupport.fixture(fixture)
        let (files, _, diagnostics) = SiteBuilder.generate(BuildOptions(siteFolder: site, outputFolder: site.appendingPathComponent("Output")))
        #expect(!diagnostics.hasErrors, "\(diagnostics)")
        var texts: [String: String] = [:]
        for file in files {
            if case .bytes(let bytes) = file.contents { texts[file.path] = String(decoding: bytes, as: UTF8.self) }
        }
        return texts
    }

    @Test func sha256MatchesKnownVectors() {
        #expect(ContentDigest([]).hex == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        #expect(ContentDigest(Array("abc".utf8)).hex == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect(
            ContentDigest(Array("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq".utf8)).hex
                == "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")
        #expect(
            ContentDigest([UInt8](repeating: UInt8(ascii: "a"), count: 1_000_000)).hex
                == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
        #expect(ContentDigest(Array("abc".utf8)) == ContentDigest(Array("abc".utf8)))
        #expect(ContentDigest(Array("abc".utf8)) != ContentDigest(Array("abd".utf8)))
    }

    @Test func atomFeedParsesWithRequiredElements() throws {
        let files = try Self.generate("export-basic")
        let feed = try #require(files["feed.xml"])
        let collector = XMLCollector()
        let parser = XMLParser(data: Data(feed.utf8))
        parser.shouldProcessNamespaces = true
        parser.delegate = collector
        #expect(parser.parse(), "Atom does not parse: \(String(describing: parser.parserError))")
        #expect(collector.root == "feed")
        #expect(collector.rootNamespace == "http://www.w3.org/2005/Atom")
        for required in ["feed/id", "feed/title", "feed/updated", "feed/author/name"] {
            #expect(collector.texts[required]?.isEmpty == false, "missing \(required)")
        }
        #expect(collector.linkRels.contains("self"))
        #expect(collector.entries.count == 2)
        for entry in collector.entries {
            for required in ["id", "title", "updated", "published", "content"] {
                #expect(entry[required]?.isEmpty == false, "entry missing \(required)")
            }
            #expect(entry["id"]?.hasPrefix("https://example.org/exports/briefings/") == true)
        }
        // Newest first, full content with absolute links, `updated` from the front matter.
        #expect(collector.entries[0]["title"] == "Talks begin </script><script>alert(1)</script>")
        #expect(collector.entries[0]["updated"] == "2026-01-15T09:00:00-04:00")
        #expect(collector.entries[0]["content"]?.contains("href=\"https://example.org/exports/profiles/ana-perez/\"") == true)
        #expect(collector.texts["feed/updated"] == "2026-01-15T09:00:00-04:00")
        // A feed per profile and per tag, announced on its page.
        #expect(files["profiles/ana-perez/feed.xml"] != nil)
        #expect(files["tags/security/feed.json"] != nil)
        // Their entries carry summaries and links; only the site's feed carries full content.
        let profileFeed = try #require(files["profiles/ana-perez/feed.json"])
        let profileItems = try #require(
            (try JSONSerialization.jsonObject(with: Data(profileFeed.utf8)) as? [String: Any])?["items"] as? [[String: Any]])
        #expect(!profileItems.isEmpty)
        for item in profileItems {
            #expect(item["content_html"] == nil)
            #expect((item["content_text"] as? String)?.isEmpty == false)
        }
        #expect(files["profiles/ana-perez/feed.xml"]?.contains("<content") == false)
        #expect(files["profiles/ana-perez/feed.xml"]?.contains("<summary>") == true)
        #expect(files["profiles/ana-perez/index.html"]?.contains(
            "<link rel=\"alternate\" type=\"application/atom+xml\" title=\"Ana Pérez\" href=\"../../profiles/ana-perez/feed.xml\">") == true)
        #expect(files["timeline/index.html"]?.contains("title=\"Timeline\" href") == false)
    }

    @Test func jsonFeedHasVersion11Fields() throws {
        let files = try Self.generate("export-basic")
        let data = Data(try #require(files["feed.json"]).utf8)
        let feed = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        #expect(feed["version"] as? String == "https://jsonfeed.org/version/1.1")
        #expect(feed["title"] as? String == "Export test: the <script> briefing")
        #expect(feed["home_page_url"] as? String == "https://example.org/exports/")
        #expect(feed["feed_url"] as? String == "https://example.org/exports/feed.json")
        let items = try #require(feed["items"] as? [[String: Any]])
        #expect(items.count == 2)
        for item in items {
            #expect(item["id"] is String)
            #expect((item["content_html"] as? String)?.isEmpty == false)
            #expect((item["url"] as? String)?.hasPrefix("https://") == true)
            let published = try #require(item["date_published"] as? String)
            #expect(published.count >= 20 && published.contains("T"), "not RFC 3339: \(published)")
        }
        #expect(items[0]["date_modified"] as? String == "2026-01-15T09:00:00-04:00")
        #expect((items[0]["authors"] as? [[String: Any]])?.first?["name"] as? String == "Newsroom desk")
        #expect(items[1]["tags"] as? [String] == ["diplomacy", "security"])
    }

    @Test func calendarLinesAreFoldedWithCRLF() throws {
        let files = try Self.generate("export-basic")
        let ics = try #require(files["events.ics"])
        #expect(ics.hasPrefix("BEGIN:VCALENDAR\r\n") && ics.hasSuffix("END:VCALENDAR\r\n"))
        for line in ics.components(separatedBy: "\r\n") { #expect(line.utf8.count <= 75, "unfolded line: \(line)") }
        #expect(ics.contains("SUMMARY:A spring crisis\\, with commas\\, and\\; semicolons") == false)  // month-only: left out
        #expect(ics.contains("DTSTART;VALUE=DATE:20050601\r\nDTEND;VALUE=DATE:20050604"))
    }

    @Test(.enabled(if: ExportSupport.python3() != nil, "python3 is missing: events.ics is not checked with Python's icalendar"))
    func calendarParsesWithPythonIcalendar() throws {
        let files = try Self.generate("export-basic")
        let ics = try #require(files["events.ics"])
        let python = try #require(ExportSupport.python3())
        let folder = ExportSupport.temporaryFolder()
        let file = folder.appendingPathComponent("events.ics")
        try Data(ics.utf8).write(to: file)
        let script = """
            import sys, json
            try:
                import icalendar
            except ImportError:
                print("NO-ICALENDAR"); sys.exit(0)
            cal = icalendar.Calendar.from_ical(open(sys.argv[1], 'rb').read())
            out = []
            for ev in cal.walk('VEVENT'):
                out.append({'uid': str(ev['UID']), 'start': ev.decoded('DTSTART').isoformat(),
                            'end': ev.decoded('DTEND').isoformat(), 'summary': str(ev['SUMMARY']),
                            'description': str(ev.get('DESCRIPTION', '')), 'stamp': ev.decoded('DTSTAMP').isoformat()})
            print(json.dumps({'version': str(cal['VERSION']), 'prodid': str(cal['PRODID']), 'events': out}))
            """
        let (status, output, errors) = try ExportSupport.run(python, ["-c", script, file.path])
        #expect(status == 0, "python failed: \(errors)")
        if output.hasPrefix("NO-ICALENDAR") {
            Issue.record("the Python icalendar package is missing: run `make test-deps` or `pip install icalendar`")
            return
        }
        let parsed = try #require(try JSONSerialization.jsonObject(with: Data(output.utf8)) as? [String: Any])
        #expect(parsed["version"] as? String == "2.0")
        let events = try #require(parsed["events"] as? [[String: String]])
        // Year- and month-only events are left out; day-precise ones are all-day, with exclusive ends.
        #expect(events.map { $0["uid"] ?? "" } == [
            "long-meeting@example.org", "evening-call@example.org", "talks-announced@example.org",
        ])
        #expect(events[0]["start"] == "2005-06-01" && events[0]["end"] == "2005-06-04")
        #expect(events[1]["start"] == "2026-01-09" && events[1]["end"] == "2026-01-10")
        #expect(events[2]["summary"] == "Talks are announced at the ministry")
        #expect(events[2]["description"]?.contains("éèêëēėę") == true)
        #expect(events[2]["stamp"] == "2026-01-15T13:00:00+00:00")
    }

    @Test func timelineJSONKeepsPartialDates() throws {
        let files = try Self.generate("export-basic")
        let data = Data(try #require(files["timeline.json"]).utf8)
        let timeline = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        let title = try #require((timeline["title"] as? [String: Any])?["text"] as? [String: Any])
        #expect(title["headline"] as? String == "Export test: the &lt;script&gt; briefing")
        let events = try #require(timeline["events"] as? [[String: Any]])
        #expect(events.map { $0["unique_id"] as? String ?? "" } == [
            "founding", "spring-crisis", "long-meeting", "evening-call", "talks-announced",
        ])
        let yearOnly = try #require(events[0]["start_date"] as? [String: Any])
        #expect(yearOnly["year"] as? Int == 1999)
        #expect(yearOnly["month"] == nil && yearOnly["day"] == nil)
        let monthOnly = try #require(events[1]["start_date"] as? [String: Any])
        #expect(monthOnly["month"] as? Int == 4 && monthOnly["day"] == nil)
        let range = try #require(events[2]["end_date"] as? [String: Any])
        #expect(range["day"] as? Int == 3)
        #expect((events[0]["text"] as? [String: Any])?["headline"] as? String == "The ministry is founded")
        let eras = try #require(timeline["eras"] as? [[String: Any]])
        #expect(eras.count == 2)
        for era in eras {
            #expect(era["start_date"] is [String: Any] && era["end_date"] is [String: Any])
        }
        #expect(((eras[0]["end_date"] as? [String: Any])?["month"] as? Int) == 6)
    }

    @Test func sitemapAndRobots() throws {
        let files = try Self.generate("export-basic")
        let sitemap = try #require(files["sitemap.xml"])
        #expect(XMLParser(data: Data(sitemap.utf8)).parse())
        #expect(sitemap.contains("<loc>https://example.org/exports/briefings/talks-begin/</loc>"))
        #expect(!sitemap.contains("404"))
        #expect(files["robots.txt"]?.contains("Sitemap: https://example.org/exports/sitemap.xml") == true)
        // The manifest is publish's (`publishedManifestListsEveryFile`): a build hashes nothing.
        #expect(files["manifest.json"] == nil)
    }

    @Test func publishedManifestListsEveryFile() throws {
        let site = try ExportSupport.copy("export-basic")
        let output = site.deletingLastPathComponent().appendingPathComponent("public")
        guard case .success = SitePublisher.publish(BuildOptions(siteFolder: site, outputFolder: output)) else {
            Issue.record("publish failed")
            return
        }
        let published = ExportSupport.snapshot(output)
        let manifestData = try #require(published["manifest.json"])
        let manifest = try #require(try JSONSerialization.jsonObject(with: manifestData) as? [String: Any])
        let entries = try #require(manifest["files"] as? [[String: Any]])
        let paths = entries.compactMap { $0["path"] as? String }
        #expect(paths == paths.sorted())
        #expect(Set(paths) == Set(published.keys).subtracting(["manifest.json", OutputWriter.markerName]))
        #expect(paths.contains("media/note.txt") && paths.contains("feed.xml"))
        for entry in entries {
            let path = try #require(entry["path"] as? String)
            let bytes = try #require(published[path])
            #expect(entry["size"] as? Int == bytes.count, "\(path)")
            #expect(entry["sha256"] as? String == ContentDigest([UInt8](bytes)).hex, "\(path)")
        }
        let note = try #require(entries.first { $0["path"] as? String == "media/note.txt" })
        #expect(note["sha256"] as? String == ContentDigest(Array("a media file\n".utf8)).hex)
    }

    @Test func jsonLDOnBriefingIsScriptSafeAndComplete() throws {
        let files = try Self.generate("export-basic")
        let html = try #require(files["briefings/talks-begin/index.html"])
        #expect(!html.contains("</script><script>alert(1)"), "JSON-LD broke out of its script element")
        let article = try ExportSupport.jsonLD(in: html)
        #expect(article["@context"] as? String == "https://schema.org")
        #expect(article["@type"] as? String == "NewsArticle")
        #expect(article["headline"] as? String == "Talks begin </script><script>alert(1)</script>")
        #expect(article["datePublished"] as? String == "2026-01-14")
        #expect(article["dateModified"] as? String == "2026-01-15T09:00:00-04:00")
        let authors = try #require(article["author"] as? [[String: Any]])
        #expect(authors.map { $0["name"] as? String ?? "" } == ["Newsroom desk", "Ana Writer"])
        let about = try #require(article["about"] as? [[String: Any]])
        #expect(about.contains { $0["@type"] as? String == "Person" && $0["name"] as? String == "Ana Pérez" })
        #expect(about.contains { $0["@type"] as? String == "Organization" && $0["name"] as? String == "The Ministry" })
        #expect(html.contains("<meta property=\"og:type\" content=\"article\">"))
        #expect(html.contains("<meta name=\"twitter:card\" content=\"summary\">"))
        #expect(html.contains("<link rel=\"canonical\" href=\"https://example.org/exports/briefings/talks-begin/\">"))
    }

    @Test func jsonLDOnProfiles() throws {
        let files = try Self.generate("export-basic")
        let person = try ExportSupport.jsonLD(in: try #require(files["profiles/ana-perez/index.html"]))
        #expect(person["@type"] as? String == "Person")
        #expect(person["name"] as? String == "Ana Pérez")
        #expect(person["url"] as? String == "https://example.org/exports/profiles/ana-perez/")
        #expect(person["sameAs"] as? [String] == ["https://example.com/ana"])
        #expect(person["birthDate"] as? String == "1960-03")
        let roles = try #require(person["hasOccupation"] as? [[String: Any]])
        #expect(roles.first?["@type"] as? String == "Role")
        #expect(roles.first?["roleName"] as? String == "Foreign minister")
        #expect(roles.first?["startDate"] as? String == "2018-06")
        #expect(roles.last?["endDate"] as? String == "2010")
        #expect((person["affiliation"] as? [[String: Any]])?.first?["name"] as? String == "The Ministry")
        let organization = try ExportSupport.jsonLD(in: try #require(files["profiles/the-ministry/index.html"]))
        #expect(organization["@type"] as? String == "Organization")
        let place = try ExportSupport.jsonLD(in: try #require(files["profiles/capital-city/index.html"]))
        #expect(place["@type"] as? String == "Place")
        let timeline = try ExportSupport.jsonLD(in: try #require(files["timeline/index.html"]))
        #expect(timeline["@type"] as? String == "ItemList")
        #expect((timeline["itemListElement"] as? [[String: Any]])?.count == 5)
        // No Google Event markup for past events.
        #expect(!(files["events/talks-announced/index.html"] ?? "").contains("\"@type\":\"Event\""))
    }

    /// The escapers work on UTF-8 bytes; these pin what they do at character boundaries.
    @Test func calendarTextEscapesAndFoldsOnCharacterBoundaries() {
        #expect(EventCalendar.text("a\\b;c,d\ne\r\u{7}f\u{7F}é日") == "a\\\\b\\;c\\,d\\nefé日")
        #expect(EventCalendar.text("plain ñandú") == "plain ñandú")
        // 74 ASCII bytes and a 2-byte é: the é would end at byte 76, so it starts the next line.
        let line = String(repeating: "a", count: 74) + "é" + String(repeating: "b", count: 80)
        let folded = EventCalendar.fold(line)
        let lines = folded.components(separatedBy: "\r\n")
        #expect(lines[0] == String(repeating: "a", count: 74))
        #expect(lines[1].hasPrefix(" éb"))
        for line in lines { #expect(line.utf8.count <= 75) }
        #expect(folded.replacingOccurrences(of: "\r\n ", with: "") == line)
        #expect(EventCalendar.fold(String(repeating: "x", count: 75)) == String(repeating: "x", count: 75))
    }

    /// The root marker replaced by a page's way back to the root: at the ends, side by side, by nothing
    /// and by more than one byte; text without it comes back as it was.
    @Test func rootMarkerReplacement() {
        func replaced(_ text: String, _ replacement: String) -> String {
            String(decoding: HTML.replacingBytes(0, in: text, with: replacement), as: UTF8.self)
        }
        #expect(replaced("\u{0}a\u{0}\u{0}b — é\u{0}", "../") == "../a../../b — é../")
        #expect(replaced("\u{0}x", "") == "x")
        #expect(replaced("no marker here", "../") == "no marker here")
        #expect(replaced("", "../") == "")
        #expect(replaced("\u{0}", "./") == "./")
    }

    @Test func scriptSafeJSONEscapesOnlyWhatCanBreakAScript() {
        #expect(HTML.scriptSafeJSON("{\"a\":\"</script>&\u{2028}\u{2029}\"}") == "{\"a\":\"\\u003c/script\\u003e\\u0026\\u2028\\u2029\"}")
        // Other characters that start with the byte E2 (an em dash, a euro sign) pass through.
        #expect(HTML.scriptSafeJSON("— € ’") == "— € ’")
        #expect(HTML.scriptSafeJSON("\u{2028}") == "\\u2028")
    }

    @Test func jsonStringsEscapeQuotesBackslashesAndControls() {
        let value = JSONValue.string("say \"hi\"\\ \n\r\t\u{1}ü")
        #expect(value.serialized() == "\"say \\\"hi\\\"\\\\ \\n\\r\\t\\u0001ü\"")
    }

    @Test func generationIsRepeatable() throws {
        let first = try Self.generate("export-basic")
        let second = try Self.generate("export-basic")
        #expect(first == second)
    }
}

/// Collects what the Atom test checks: element texts by path, link rels, and entries.
final class XMLCollector: NSObject, XMLParserDelegate {
    var root: String?
    var rootNamespace: String?
    var texts: [String: String] = [:]
    var linkRels: [String] = []
    var entries: [[String: String]] = []
    private var stack: [String] = []
    private var text = ""

    func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?, attributes: [String: String] = [:]) {
        if root == nil {
            root = name
            rootNamespace = namespaceURI
        }
        stack.append(name)
        text = ""
        if name == "link", stack.count == 2 { linkRels.append(attributes["rel"] ?? "alternate") }
        if name == "entry" { entries.append([:]) }
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) {
        text += string
    }

    func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
        if stack.count == 3, stack[1] == "entry", !entries.isEmpty {
            entries[entries.count - 1][name] = text
        } else if stack.first == "feed", !stack.contains("entry") {
            texts[stack.joined(separator: "/")] = text
        }
        stack.removeLast()
        text = ""
    }
}

/// Helpers for the export, publish and check suites.
enum ExportSupport {
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures")

    static func fixture(_ name: String) -> URL { fixtures.appendingPathComponent(name) }

    static func temporaryFolder() -> URL {
        TestSupport.temporaryFolder("export")
    }

    /// A copy of a fixture site in a fresh temporary folder: (site, its parent).
    static func copy(_ fixture: String) throws -> URL {
        let site = temporaryFolder().appendingPathComponent("site")
        try FileManager.default.copyItem(at: self.fixture(fixture), to: site)
        return site
    }

    /// The first JSON-LD object of a page, parsed.
    static func jsonLD(in html: String) throws -> [String: Any] {
        let open = "<script type=\"application/ld+json\">"
        let start = try #require(html.range(of: open))
        let end = try #require(html.range(of: "</script>", range: start.upperBound..<html.endIndex))
        let json = String(html[start.upperBound..<end.lowerBound])
        return try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
    }

    static func python3() -> URL? {
        let searchPath = ProcessInfo.processInfo.environment["PATH", default: ""].split(separator: ":").map { "\($0)/python3" }
        for path in searchPath + ["/usr/bin/python3", "/usr/local/bin/python3"]
        where FileManager.default.isExecutableFile(atPath: path) {
            return URL(fileURLWithPath: path)
        }
        return nil
    }

    /// The `briefing` executable built beside the test bundle.
    static var executable: URL? { TestSupport.builtExecutable }

    static func run(_ executable: URL, _ arguments: [String], environment: [String: String]? = nil) throws -> (Int32, String, String) {
        let result = try TestSupport.run(arguments, executable: executable, environment: environment)
        return (result.status, result.out, result.err)
    }

    /// Every file under a folder with its bytes.
    static func snapshot(_ folder: URL) -> [String: Data] {
        TestSupport.snapshot(folder)
    }
}
