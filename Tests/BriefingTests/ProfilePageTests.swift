import BriefingCore
import Foundation
import Testing

@testable import BriefingSite

/// Profile pages (positions chart, events, affiliations both ways) and the profiles index order.
@Suite struct ProfilePageTests {
    @Test func positionsAreAnSVGChartWhoseOpenTenureRunsToToday() throws {
        let output = try TimelineSite.build(TimelineSite.fixture("timeline-basic"))
        let html = try TimelineSite.read(output, "profiles/ana-alvarez-perez/index.html")
        #expect(html.contains("role=\"img\" aria-labelledby=\"positions-chart-title positions-chart-desc\""))
        // The axis ends at "today": the newest content date (2006) or SOURCE_DATE_EPOCH when the build sets it.
        #expect(html.contains("<title id=\"positions-chart-title\">Positions held by Ana María Álvarez Pérez, 2001–"))
        #expect(
            html.contains("Deputy minister: March 2001 – December 2004. Minister: since January 2005 (still held)."))
        #expect(TimelineSite.count("<rect class=\"tenure", in: html) == 2)
        #expect(TimelineSite.count("<rect class=\"tenure tenure-open\"", in: html) == 1)
        // The same data as a list.
        #expect(
            html.contains(
                "<span class=\"position-title\">Minister</span> <span class=\"when\">since January 2005</span>"))
    }

    @Test func openTenureEndsAtTheNewestContentDateNotTheClock() {
        var profile = Profile(
            id: "x", name: "X", bio: MarkdownSource(text: "", file: "x.md"), location: SourceLocation(file: "x.md"))
        profile.positions = [
            Profile.Position(
                title: "Chair", start: PartialDate(year: 2010), end: nil, location: SourceLocation(file: "x.md"))
        ]
        let chart = PositionsChart(profile: profile, today: PartialDate(year: 2011, month: 12, day: 31))
        let html = chart?.html() ?? ""
        // 2010-01-01 to the end of 2011: the open bar fills the whole axis.
        #expect(html.contains("<rect class=\"tenure tenure-open\" x=\"0%\" y=\"21\" width=\"100%\""))
        #expect(html.contains("Positions held by X, 2010–2011"))
    }

    @Test func pageListsEventsBriefingsAndRelatedProfiles() throws {
        let output = try TimelineSite.build(TimelineSite.fixture("timeline-basic"))
        let html = try TimelineSite.read(output, "profiles/zoe-rodriguez/index.html")
        #expect(TimelineSite.eventIDs(in: html) == ["same-day-first", "same-day-third", "talks"])
        #expect(html.contains("href=\"../../briefings/talks-end/\""))
        #expect(html.contains("href=\"../../timeline/people/zoe-rodriguez/\""))
        let related = try #require(html.components(separatedBy: "id=\"related-heading\"").last)
        #expect(related.contains("Ana María Álvarez Pérez</a> <span class=\"role\">1 shared event"))
        #expect(related.contains("Ludwig van Beethoven</a> <span class=\"role\">1 shared event"))
    }

    @Test func organizationListsItsMembersAndTheirEvents() throws {
        let output = try TimelineSite.build(TimelineSite.fixture("timeline-basic"))
        let html = try TimelineSite.read(output, "profiles/the-ministry/index.html")
        #expect(html.contains("href=\"../../profiles/ana-alvarez-perez/\""))
        #expect(html.contains("href=\"../../profiles/zoe-rodriguez/\""))
        let memberEvents = try #require(html.components(separatedBy: "id=\"member-events-heading\"").last)
        #expect(
            TimelineSite.eventIDs(in: memberEvents) == ["same-day-first", "same-day-second", "same-day-third", "talks"])
        let member = try TimelineSite.read(output, "profiles/zoe-rodriguez/index.html")
        #expect(
            member.contains(
                "<dt>Affiliations</dt><dd><ul class=\"inline-list\"><li><a href=\"../../profiles/the-ministry/\">"))
    }

    @Test func profilesIndexFilesPeopleBySurnameWithAccentsFolded() throws {
        let output = try TimelineSite.build(TimelineSite.fixture("timeline-basic"))
        let html = try TimelineSite.read(output, "profiles/index.html")
        let people = try #require(
            html.components(separatedBy: "id=\"group-person\"").last?
                .components(separatedBy: "</section>").first)
        let letters = people.components(separatedBy: "<h3 class=\"letter\">").dropFirst().map { String($0.prefix(1)) }
        #expect(letters == ["A", "B", "R"])
        let names = ["Ana María Álvarez Pérez", "Ludwig van Beethoven", "Zoe Rodríguez"]
        let positions = names.compactMap { people.range(of: $0)?.lowerBound }
        #expect(positions.count == 3 && positions == positions.sorted())
    }

    @Test(
        arguments: [
            // name, country, sorts as
            ("Delcy Rodríguez", "Venezuela", "rodriguez\u{1}delcy"),
            ("Bernardo Álvarez", "Venezuela", "alvarez\u{1}bernardo"),
            ("Pedro Carmona Estanga", "Venezuela", "carmona estanga\u{1}pedro"),
            ("Delcy Eloína Rodríguez Gómez", "Venezuela", "rodriguez gomez\u{1}delcy eloina"),
            ("Cristina Fernández de Kirchner", "Argentina", "fernandez de kirchner\u{1}cristina"),
            ("John T. McNamara", "United States", "mcnamara\u{1}john t."),
            ("Ludwig van Beethoven", "Germany", "beethoven\u{1}ludwig van"),
            ("Madonna", nil, "madonna"),
        ] as [(String, String?, String)])
    func personNamesSortSurnameFirst(name: String, country: String?, key: String) {
        #expect(NameCollation.key(name: name, kind: .person, country: country) == key)
    }

    @Test func organizationsAndPlacesSortByWholeFoldedName() {
        #expect(NameCollation.key(name: "Élysée Palace", kind: .place, country: "France") == "elysee palace")
        #expect(
            NameCollation.key(name: "US Department of State", kind: .organization, country: nil)
                == "us department of state")
    }
}
