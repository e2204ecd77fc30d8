import BriefingCore
@testable import BriefingSite
import Foundation
import Testing

/// The load stage: typed decoding from YAML, JSON and CSV, front matter, line endings.
@Suite struct LoaderTests {
    func load(_ changes: [String: String?]) throws -> (SiteContent?, [Diagnostic]) {
        let site = try TestSupport.site("minimal", changes: changes)
        return ContentLoader(siteFolder: site).load()
    }

    @Test func yamlLookalikesStayStringsWhereTheFieldIsAString() throws {
        let (content, diagnostics) = try load([
            "Content/profiles/odd.md": """
                ---
                name: no
                role: on
                country: 0123
                aliases: [1:30, yes, ~x]
                ---
                """
        ])
        #expect(diagnostics.filter { $0.severity == .error }.isEmpty, "\(diagnostics)")
        let odd = try #require(content?.profiles.first { $0.id == "odd" })
        #expect(odd.name == "no")
        #expect(odd.role == "on")
        #expect(odd.country == "0123")
        #expect(odd.aliases == ["1:30", "yes", "~x"])
    }

    @Test func plainYAMLNullsAreAbsentAndQuotedOnesAreText() throws {
        let (content, diagnostics) = try load([
            "Content/events/nulls.yml": """
                - {id: a, date: 2012, title: "null", end: ~}
                - {id: b, date: 2013, title: 'Null', end: null}
                - {id: c, date: 2014, title: C, end: NULL}
                - {id: d, date: 2015, title: "~", end: !!null ""}
                - id: e
                  date: 2016
                  title: E
                  end:
                """
        ])
        #expect(diagnostics.filter { $0.severity == .error }.isEmpty, "\(diagnostics)")
        let events = Dictionary(uniqueKeysWithValues: (content?.events ?? []).map { ($0.id, $0) })
        #expect(["a", "b", "c", "d", "e"].allSatisfy { events[$0] != nil && events[$0]?.end == nil })
        #expect(events["a"]?.title.text == "null")
        #expect(events["b"]?.title.text == "Null")
        #expect(events["d"]?.title.text == "~")
        // A title of plain `null`, `Null` or `~` is no title at all.
        for null in ["null", "Null", "~"] {
            let (_, missing) = try load(["Content/events/nulls.yml": "- {id: f, date: 2017, title: \(null)}\n"])
            #expect(missing.map(\.description).contains("Content/events/nulls.yml:1:3: error: event is missing required field 'title'"))
        }
    }

    @Test func datesAreNeverYAMLTimestamps() throws {
        let (content, _) = try load([
            "Content/events/zz.yml": "- id: t\n  date: 2026-01-09T23:30:00-04:00\n  title: Late\n"
        ])
        let event = try #require(content?.events.first { $0.id == "t" })
        #expect(event.date.iso == "2026-01-09T23:30:00-04:00")
        #expect(event.date.day == 9)  // not shifted to the 10th by UTC conversion
    }

    @Test func loadsEventsFromYAMLJSONAndCSV() throws {
        let (content, diagnostics) = try load([
            "Content/events/zz.json": #"[{"id": "from-json", "date": "2013", "title": "JSON \"quoted\"", "people": ["bo-li"]}]"#
        ])
        #expect(diagnostics.filter { $0.severity == .error }.isEmpty, "\(diagnostics)")
        let ids = content?.events.map(\.id) ?? []
        #expect(ids == ["founding", "first-meeting", "second-meeting", "same-day-earlier", "csv-event", "from-json"])
        let csv = try #require(content?.events.first { $0.id == "csv-event" })
        #expect(csv.title.text == "From a spreadsheet, with a comma")
        #expect(csv.people.map(\.id) == ["ana-perez", "bo-li"])
        #expect(csv.sources.first?.url == "https://example.org/sheet")
        #expect(csv.location.line == 2)
        let json = try #require(content?.events.first { $0.id == "from-json" })
        #expect(json.title.text == "JSON \"quoted\"")
    }

    @Test func csvQuotedNewlinesAndDoubledQuotes() throws {
        let (content, diagnostics) = try load([
            "Content/events/more.csv": "id,date,title,summary\nq,2012,\"Say \"\"hi\"\"\",\"two\nlines\"\nr,2013,Next,\n"
        ])
        #expect(diagnostics.filter { $0.severity == .error }.isEmpty, "\(diagnostics)")
        let q = try #require(content?.events.first { $0.id == "q" })
        #expect(q.title.text == "Say \"hi\"")
        #expect(q.summary?.text == "two\nlines")
        #expect(content?.events.first { $0.id == "r" }?.location.line == 4)
    }

    @Test func pathExtensionsAreNSStrings() {
        for path in ["Content/events/a.yml", "Content/b.MD", "Content/.md", "Content/x", "Content.d/x", "x.tar.gz", "a/b.", "é.md", "a/🙂.csv", ""] {
            #expect(String(ContentLoader.pathExtension(path)) == (path as NSString).pathExtension, "\(path)")
        }
    }

    @Test func csvListCellsAreTrimmedLikeFoundation() {
        // Tabs and Unicode space separators (no-break, ideographic) at either end, and U+200B as
        // Foundation has it; never newlines. Then every scalar on its own and between letters.
        var cells = ["  ana-perez\t", "\u{A0}bo-li\u{3000}", " \u{200B}x ", "\n y \n", "\t \u{2003}", "", "e\u{301} ", " \u{301}z"]
        cells += (0...0x3100).compactMap(Unicode.Scalar.init).map { "\($0)a\($0)b\($0)" }
        for cell in cells {
            #expect(cell.trimmingBlanks == cell.trimmingCharacters(in: .whitespaces), "\(Array(cell.unicodeScalars))")
            #expect(cell[...].trimmingBlanks == cell.trimmingCharacters(in: .whitespaces))
        }
    }

    @Test func csvKeepsNonASCIITextAndCountsColumnsInCharacters() throws {
        let (content, diagnostics) = try load([
            "Content/events/more.csv": "id,date,title\nn,2012,\"Caf\u{E9}, \"\"\u{65E5}\u{672C}\"\" \u{1F600}\"\n"
        ])
        #expect(diagnostics.filter { $0.severity == .error }.isEmpty, "\(diagnostics)")
        let n = try #require(content?.events.first { $0.id == "n" })
        #expect(n.title.text == "Caf\u{E9}, \"\u{65E5}\u{672C}\" \u{1F600}")
        // The stray y after the closing quote is the 11th character of its line (é counts as one).
        let (_, stray) = try load(["Content/events/more.csv": "id,date,title\n\u{E9},2013,\"x\"y\n"])
        #expect(stray.map(\.description).contains("Content/events/more.csv:2:11: error: unexpected text after a closing quote"))
    }

    @Test func csvHeaderProblems() throws {
        let (_, unknown) = try load(["Content/events/more.csv": "id,date,titel\nx,2012,X\n"])
        #expect(unknown.map(\.description).contains("Content/events/more.csv:1:9: error: unknown CSV column 'titel' (did you mean 'title'?)"))
        let (_, duplicate) = try load(["Content/events/more.csv": "id,date,title,date\nx,2012,X,2013\n"])
        #expect(duplicate.map(\.description).contains("Content/events/more.csv:1:15: error: duplicate CSV column 'date'"))
        let (_, empty) = try load(["Content/events/more.csv": ""])
        #expect(empty.map(\.description).contains("Content/events/more.csv:1:1: error: empty CSV file: expected a header row (id,date,title,…)"))
    }

    @Test func crlfAndBOMLoadLikeLF() throws {
        let lf = "---\nname: Line Endings\nrole: Tester\n---\nBody text.\n"
        let crlf = "\u{FEFF}" + lf.replacingOccurrences(of: "\n", with: "\r\n")
        let cr = lf.replacingOccurrences(of: "\n", with: "\r")
        for text in [crlf, cr] {
            let (content, diagnostics) = try load(["Content/profiles/endings.md": text])
            #expect(diagnostics.filter { $0.severity == .error }.isEmpty, "\(diagnostics)")
            let profile = try #require(content?.profiles.first { $0.id == "endings" })
            #expect(profile.role == "Tester")
            #expect(profile.bio.text == "Body text.")
            #expect(profile.bio.lineOffset == 4)
        }
    }

    @Test func draftsAreSkippedUnlessAsked() throws {
        let site = try TestSupport.site("minimal", changes: [
            "Content/briefings/2012-01-01-draft.md": "---\ntitle: Draft\ndate: 2012-01-01\ndraft: true\n---\nNot yet.\n"
        ])
        #expect(ContentLoader(siteFolder: site).load().0?.briefings.contains { $0.id == "draft" } == false)
        #expect(ContentLoader(siteFolder: site, includeDrafts: true).load().0?.briefings.contains { $0.id == "draft" } == true)
    }

    @Test func briefingIDDropsTheDatePrefix() throws {
        let (content, _) = try load([:])
        #expect(content?.briefings.map(\.id).sorted() == ["first-steps", "meeting"])
    }

    @Test func invalidUTF8AndNULAreNamed() throws {
        let site = try TestSupport.site("minimal")
        try Data([0x2D, 0x2D, 0x2D, 0x0A, 0xFF, 0x0A]).write(to: site.appendingPathComponent("Content/profiles/bad.md"))
        try Data("---\nname: A\u{0}\n---\n".utf8).write(to: site.appendingPathComponent("Content/profiles/nul.md"))
        let messages = ContentLoader(siteFolder: site).load().1.map(\.description)
        #expect(messages.contains("Content/profiles/bad.md:2:1: error: file is not valid UTF-8"))
        #expect(messages.contains("Content/profiles/nul.md:2:8: error: file contains a NUL byte"))
    }

    /// Folding (slugs, sort keys, mention matching): lowercase without accents, whether or not the text
    /// is ASCII (ASCII takes a short cut), and tag slugs from it.
    @Test func foldingAndSlugs() {
        #expect("Álvarez".folded == "alvarez")
        #expect("MIXED Case 123 - ok".folded == "mixed case 123 - ok")
        #expect("Ñandú São Tomé".folded == "nandu sao tome")
        #expect("e\u{301}cole".folded == "ecole")
        #expect("".folded == "")
        #expect(Identifier.slug("Press Freedom") == "press-freedom")
        #expect(Identifier.slug("  Élections 2026!  ") == "elections-2026")
        #expect(Identifier.slug("—") == "")
    }
}
