import BriefingCore
import Foundation
import Testing

@testable import BriefingSite

/// The timeline pages: order, anchors, overview picture, facet filters and year pages.
@Suite struct TimelineTests {
    /// `timeline/index.html` of a split timeline stays under this many bytes (stated in the README).
    static let indexByteLimit = 100_000

    @Test func svgNumbersHaveAtMostTwoDecimalsAndNoNegativeZero() {
        let cases: [(Double, String)] = [
            (0, "0"), (-0.001, "0"), (12.5, "12.5"), (12.50001, "12.5"), (3.05, "3.05"), (100, "100"),
            (-2.25, "-2.25"), (-0.5, "-0.5"), (0.07, "0.07"), (99.999, "100"), (1234.1, "1234.1"),
        ]
        for (value, text) in cases { #expect(SVGText.number(value) == text, "\(value)") }
        #expect(SVGText.percent(33.333) == "33.33%")
    }

    @Test func sameDayEventsFollowOrderThenFileAndYearBeforeMonthBeforeDay() throws {
        let output = try TimelineSite.build(TimelineSite.fixture("timeline-basic"))
        let html = try TimelineSite.read(output, "timeline/index.html")
        let ids = TimelineSite.eventIDs(in: html)
        #expect(
            ids == [
                "founding", "year-only", "month-only", "same-day-first", "same-day-second", "same-day-third", "talks",
            ])
    }

    @Test func everyEventHasAnAnchorOnTheTimelineAndItsOwnPage() throws {
        let output = try TimelineSite.build(TimelineSite.fixture("timeline-basic"))
        let html = try TimelineSite.read(output, "timeline/index.html")
        for id in [
            "founding", "year-only", "month-only", "same-day-first", "same-day-second", "same-day-third", "talks",
        ] {
            #expect(html.contains("id=\"\(id)\""), "no anchor for \(id)")
            let page = try TimelineSite.read(output, "events/\(id)/index.html")
            #expect(page.contains("href=\"../../timeline/#\(id)\""))
        }
    }

    @Test(arguments: [
        ("founding", "c. 1999"), ("month-only", "May 2003"), ("same-day-first", "10 May 2003"),
        ("talks", "9–10 January 2006"),
    ])
    func datesShowAtThePrecisionWritten(id: String, shown: String) throws {
        let output = try TimelineSite.build(TimelineSite.fixture("timeline-basic"))
        let html = try TimelineSite.read(output, "timeline/index.html")
        let item = try #require(TimelineSite.item(id, in: html))
        #expect(item.contains(">\(shown)</time>"))
    }

    @Test func overviewIsAnImageWithTextAlternativeEraBandsAndYearLinks() throws {
        let output = try TimelineSite.build(TimelineSite.fixture("timeline-basic"))
        let html = try TimelineSite.read(output, "timeline/index.html")
        #expect(html.contains("<svg class=\"overview-svg\""))
        #expect(html.contains("role=\"img\" aria-labelledby=\"overview-title overview-desc\""))
        #expect(html.contains("<title id=\"overview-title\">Timeline overview: 7 events, 1999–2006</title>"))
        #expect(html.contains("First term (January 2001 – December 2004); Second term (since January 2005)"))
        #expect(TimelineSite.count("class=\"era-band", in: html) == 2)
        // Each year with events: a bar, a pointer link over it, and an entry in the visible list.
        #expect(TimelineSite.count("<rect class=\"bar", in: html) == 3)
        #expect(html.contains("href=\"../timeline/#year-2003\" tabindex=\"-1\" title=\"2003: 5 events\""))
        #expect(
            html.contains(
                "<a href=\"../timeline/#year-2003\">2003</a> <span class=\"count\" title=\"5 events\">5</span>"))
        #expect(html.contains("id=\"year-2003\""))
    }

    @Test func filterPageForAPersonShowsExactlyTheirEvents() throws {
        let output = try TimelineSite.build(TimelineSite.fixture("timeline-basic"))
        let html = try TimelineSite.read(output, "timeline/people/zoe-rodriguez/index.html")
        #expect(TimelineSite.eventIDs(in: html) == ["same-day-first", "same-day-third", "talks"])
        #expect(html.contains("<h1>Timeline: Zoe Rodríguez</h1>"))
        let place = try TimelineSite.read(output, "timeline/places/riverton/index.html")
        #expect(TimelineSite.eventIDs(in: place) == ["founding", "same-day-second", "talks"])
        let tag = try TimelineSite.read(output, "timeline/tags/diplomacy/index.html")
        #expect(TimelineSite.eventIDs(in: tag) == ["same-day-first", "same-day-second", "talks"])
        // The timeline lists the filter pages, with what the script needs to combine them.
        let index = try TimelineSite.read(output, "timeline/index.html")
        #expect(
            index.contains(
                "href=\"../timeline/people/zoe-rodriguez/\" data-facet=\"people\" data-value=\"zoe-rodriguez\""))
        #expect(index.contains("<script src=\"../assets/timeline.js\" defer></script>"))
    }

    /// The filter lists of a page of entries hold the facets its events have, counted on that page, and
    /// not the page's own facet; the timeline's index holds them all.
    @Test func filterListsCountThePagesOwnEvents() throws {
        let output = try TimelineSite.build(TimelineSite.fixture("timeline-basic"))
        func filters(_ path: String) throws -> String {
            try #require(TimelineSite.filterLists(in: TimelineSite.read(output, path)))
        }
        func link(_ kind: String, _ value: String, _ name: String, count: Int, depth: Int = 3) -> String {
            let root = String(repeating: "../", count: depth)
            return "<a href=\"\(root)timeline/\(kind)/\(value)/\" data-facet=\"\(kind)\" "
                + "data-value=\"\(value)\">\(name)</a> <span class=\"count\">\(count)</span>"
        }
        // Zoe Rodríguez: same-day-first (with Ana María Álvarez Pérez, diplomacy), same-day-third, talks (with
        // Ludwig van Beethoven, in Riverton, diplomacy).
        let zoe = try filters("timeline/people/zoe-rodriguez/index.html")
        #expect(zoe.contains(link("people", "ana-alvarez-perez", "Ana María Álvarez Pérez", count: 1)))
        #expect(zoe.contains(link("people", "ludwig-van-beethoven", "Ludwig van Beethoven", count: 1)))
        #expect(zoe.contains(link("places", "riverton", "Riverton", count: 1)))
        #expect(zoe.contains(link("tags", "diplomacy", "diplomacy", count: 2)))
        #expect(!zoe.contains("data-value=\"zoe-rodriguez\""), "not the page's own person")
        #expect(!zoe.contains("the-ministry") && !zoe.contains("institutions") && !zoe.contains("id=\"filter-organizations\""))
        #expect(TimelineSite.count("data-facet=", in: zoe) == 4)
        // The index: every facet, with all its events.
        let index = try filters("timeline/index.html")
        #expect(index.contains(link("people", "zoe-rodriguez", "Zoe Rodríguez", count: 3, depth: 1)))
        #expect(index.contains(link("tags", "diplomacy", "diplomacy", count: 3, depth: 1)))
        #expect(index.contains(link("people", "the-ministry", "The Ministry", count: 1, depth: 1)))
    }

    /// On a split timeline, a year page's filter lists count that year's events.
    @Test func yearPageFiltersCountThatYear() throws {
        let site = try TimelineSite.generateLargeSite(events: 1_000, firstYear: 1986, years: 40)
        let output = try TimelineSite.build(site)
        let year = try TimelineSite.read(output, "timeline/1990/index.html")
        let nav = try #require(TimelineSite.filterLists(in: year))
        // Event i is in year 1986 + i % 40, with person-(i % 20), person-(3i % 20), place-(i % 5) and tag-(i % 8):
        // the 25 events of 1990 (i = 4, 44, …) all have person-4, person-12, place-4 and tag-4.
        #expect(TimelineSite.eventIDs(in: year).count == 25)
        let values = nav.components(separatedBy: "data-value=\"").dropFirst().map { $0.prefix { $0 != "\"" } }
        #expect(values == ["person-12", "person-4", "place-4", "tag-4"])
        #expect(TimelineSite.count("</a> <span class=\"count\">25</span>", in: nav) == 4)
    }

    /// The checks of issue 3 on the repository's own sample site.
    @Test func sampleSiteTimelineHasErasAnchorsAndAShapiroFilter() throws {
        let output = try TimelineSite.build(TimelineSite.fixture("../.."))
        let html = try TimelineSite.read(output, "timeline/index.html")
        #expect(TimelineSite.count("<rect class=\"era-band", in: html) == 3)
        for era in ["Chávez presidency", "Maduro presidency", "Interim government"] {
            #expect(html.contains(era))
        }
        let ids = TimelineSite.eventIDs(in: html)
        let pages = try FileManager.default.contentsOfDirectory(atPath: output.appendingPathComponent("events").path)
        #expect(Set(ids) == Set(pages) && ids.count == pages.count)
        let shapiro = try TimelineSite.read(output, "timeline/people/charles-shapiro/index.html")
        #expect(TimelineSite.eventIDs(in: shapiro) == ["coup-attempt-2002", "shapiro-meets-carmona"])
        let delcy = try TimelineSite.read(output, "profiles/delcy-rodriguez/index.html")
        #expect(delcy.contains("<svg class=\"positions-svg\""))
        #expect(TimelineSite.eventIDs(in: delcy) == ["rodriguez-statement", "venezuela-delegation-considered"])
        #expect(delcy.contains("href=\"../../briefings/embassies-first-steps/\""))
        #expect(delcy.contains("id=\"related-heading\""))
        let state = try TimelineSite.read(output, "profiles/us-state-department/index.html")
        let memberEvents = try #require(state.components(separatedBy: "id=\"member-events-heading\"").last)
        #expect(TimelineSite.eventIDs(in: memberEvents).contains("shapiro-meets-carmona"))
    }

    @Test func keyEventsStandOut() throws {
        let output = try TimelineSite.build(TimelineSite.fixture("timeline-basic"))
        let html = try TimelineSite.read(output, "timeline/index.html")
        let item = try #require(TimelineSite.item("same-day-second", in: html))
        #expect(item.contains("class=\"event event-key\""))
        #expect(item.contains("<span class=\"badge\">Key event</span>"))
    }

    @Test func buildsAreByteIdentical() throws {
        let site = TimelineSite.fixture("timeline-basic")
        let first = try TimelineSite.build(site)
        let second = try TimelineSite.build(site)
        for path in [
            "timeline/index.html", "profiles/ana-alvarez-perez/index.html", "timeline/people/zoe-rodriguez/index.html",
        ] {
            #expect(try TimelineSite.read(first, path) == TimelineSite.read(second, path))
        }
    }

    @Test func fiveThousandEventsOverFortyYearsSplitIntoYearPages() throws {
        let site = try TimelineSite.generateLargeSite(events: 5_000, firstYear: 1986, years: 40)
        let output = try TimelineSite.build(site)
        var listed = 0
        for year in 1986..<2026 {
            let page = try TimelineSite.read(output, "timeline/\(year)/index.html")
            #expect(page.contains("<h1>Timeline: \(year)</h1>"))
            #expect(page.contains("aria-current=\"page\">\(year)</a>"))
            listed += TimelineSite.eventIDs(in: page).count
        }
        #expect(listed == 5_000)
        let index = try TimelineSite.read(output, "timeline/index.html")
        #expect(TimelineSite.eventIDs(in: index).count <= 40 * 3, "the index lists at most three key events a year")
        #expect(index.contains("href=\"../timeline/2003/\">2003</a>"))
        // A filter with more events than the page size splits the same way (place-0 has 1,000 events).
        let place = try TimelineSite.read(output, "timeline/places/place-0/index.html")
        #expect(TimelineSite.eventIDs(in: place).isEmpty)
        #expect(place.contains("href=\"../../../timeline/places/place-0/1991/\">1991</a>"))
        var placeEvents = 0
        for year in stride(from: 1986, to: 2026, by: 5) {  // event i is in place i % 5 and year 1986 + i % 40
            let page = try TimelineSite.read(output, "timeline/places/place-0/\(year)/index.html")
            placeEvents += TimelineSite.eventIDs(in: page).count
        }
        #expect(placeEvents == 1_000)
        let withoutStructuredData = TimelineSite.removingJSONLD(index)
        #expect(withoutStructuredData.utf8.count < Self.indexByteLimit)
        // The whole file, JSON-LD included (its ItemList names only the first events).
        #expect(index.utf8.count < Self.indexByteLimit)
    }

    @Test func todayIsSourceDateEpochOrTheNewestContentDate() throws {
        #expect(SiteToday.civil(days: 0) == PartialDate(year: 1970, month: 1, day: 1))
        #expect(SiteToday.civil(days: 20_467) == PartialDate(year: 2026, month: 1, day: 14))
        #expect(SiteToday.civil(days: -1) == PartialDate(year: 1969, month: 12, day: 31))
        let empty = SiteGraph(
            config: SiteConfig(title: "Empty", baseURL: "https://example.org/"), briefings: [], events: [],
            profiles: [],
            eras: [], media: [], briefingBodies: [], profileBios: [], eventTitles: [], eventSummaries: [],
            eraSummaries: [])
        #expect(
            SiteToday.resolve(graph: empty, environment: ["SOURCE_DATE_EPOCH": "1768348800"])
                == PartialDate(year: 2026, month: 1, day: 14))
        #expect(SiteToday.resolve(graph: empty, environment: [:]) == PartialDate(year: 1970, month: 1, day: 1))
    }
}

/// Building fixture sites for these suites; each build goes to a new temporary folder.
enum TimelineSite {
    static func fixture(_ name: String) -> URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Fixtures/\(name)")
    }

    static func temporaryFolder() throws -> URL {
        TestSupport.temporaryFolder("timeline")
    }

    static func build(_ site: URL) throws -> URL {
        let output = try temporaryFolder().appendingPathComponent("Output")
        _ = try SiteBuilder.build(BuildOptions(siteFolder: site, outputFolder: output)).get()
        return output
    }

    static func read(_ output: URL, _ path: String) throws -> String {
        try String(contentsOf: output.appendingPathComponent(path), encoding: .utf8)
    }

    static func count(_ needle: String, in text: String) -> Int {
        text.components(separatedBy: needle).count - 1
    }

    /// Ids of the events listed on a page, in order (`<li class="event…" id="…"`).
    static func eventIDs(in html: String) -> [String] {
        html.components(separatedBy: "<li class=\"event").dropFirst().compactMap { chunk in
            guard let start = chunk.range(of: "id=\"") else { return nil }
            return String(chunk[start.upperBound...].prefix { $0 != "\"" })
        }
    }

    /// The `<li>` of one event on a page.
    static func item(_ id: String, in html: String) -> String? {
        guard let start = html.range(of: "\" id=\"\(id)\"") else { return nil }
        let from = html[..<start.lowerBound].range(of: "<li ", options: .backwards)?.lowerBound ?? start.lowerBound
        guard let end = html[start.upperBound...].range(of: "</li>") else { return nil }
        return String(html[from..<end.upperBound])
    }

    /// The filter lists of a timeline page (inside its `data-filters` navigation).
    static func filterLists(in html: String) -> String? {
        guard let start = html.range(of: "data-filters>"), let end = html[start.upperBound...].range(of: "</nav>") else {
            return nil
        }
        return String(html[start.upperBound..<end.lowerBound])
    }

    static func removingJSONLD(_ html: String) -> String {
        guard let start = html.range(of: "<script type=\"application/ld+json\">"),
            let end = html[start.upperBound...].range(of: "</script>")
        else { return html }
        return String(html[..<start.lowerBound]) + String(html[end.upperBound...])
    }

    /// Writes a site of `events` events spread over `years` years, with 20 people, 5 places and 2 eras.
    static func generateLargeSite(events: Int, firstYear: Int, years: Int) throws -> URL {
        let site = try temporaryFolder().appendingPathComponent("site")
        let content = site.appendingPathComponent("Content")
        for folder in ["events", "profiles"] {
            try FileManager.default.createDirectory(
                at: content.appendingPathComponent(folder), withIntermediateDirectories: true)
        }
        func write(_ path: String, _ text: String) throws {
            try text.write(to: content.appendingPathComponent(path), atomically: false, encoding: .utf8)
        }
        try write("site.yml", "title: Large\nbase_url: https://example.org/large/\ntimeline_page_size: 500\n")
        try write(
            "eras.yml",
            """
            - id: early
              title: Early years
              date: \(firstYear)
              end: \(firstYear + years / 2 - 1)-12
            - id: late
              title: Late years
              date: \(firstYear + years / 2)-01

            """)
        for p in 0..<20 { try write("profiles/person-\(p).md", "---\nname: Person \(p)\nkind: person\n---\nBio.\n") }
        for p in 0..<5 { try write("profiles/place-\(p).md", "---\nname: Place \(p)\nkind: place\n---\nA place.\n") }
        var csv = "id,date,title,people,places,tags,importance\n"
        for i in 0..<events {
            let year = firstYear + i % years
            let month = (i * 7) % 12 + 1
            let day = (i * 13) % 28 + 1
            let date = "\(year)-\(month < 10 ? "0" : "")\(month)-\(day < 10 ? "0" : "")\(day)"
            csv += "event-\(i),\(date),Event number \(i),person-\(i % 20);person-\((i * 3) % 20),place-\(i % 5),"
            csv += "tag-\(i % 8),\(i % 50 == 0 ? 3 : 1)\n"
        }
        try write("events/generated.csv", csv)
        return site
    }
}
