import BriefingCore
import BriefingSite
import Foundation
import Testing

/// Each kind of bad input gives an error naming the file, line, column and what is wrong.
@Suite struct DiagnosticTests {
    struct Case: CustomStringConvertible, Sendable {
        let name: String
        let changes: [String: String?]
        let expected: String
        var description: String { name }
    }

    static let cases: [Case] = [
        Case(
            name: "unknown profile in an event, with a suggestion",
            changes: ["Content/events/main.yml": """
                - id: founding
                  date: 2002
                  title: The founding
                  people: [ana-perz]
                """],
            expected: "Content/events/main.yml:4:12: error: unknown profile 'ana-perz' (did you mean 'ana-perez'?)"),
        Case(
            name: "unknown event in briefing front matter",
            changes: ["Content/briefings/2002-04-10-first-steps.md": """
                ---
                title: First steps
                date: 2002-04-10
                events: [no-such-event]
                ---
                Body.
                """],
            expected: "Content/briefings/2002-04-10-first-steps.md:4:10: error: unknown event 'no-such-event'"),
        Case(
            name: "unknown profile in a Markdown link",
            changes: ["Content/briefings/2002-04-10-first-steps.md": """
                ---
                title: First steps
                date: 2002-04-10
                ---
                Intro.

                Met [Bo](profile:bo-lee) today.
                """],
            expected: "Content/briefings/2002-04-10-first-steps.md:7:5: error: unknown profile 'bo-lee' (did you mean 'bo-li'?)"),
        Case(
            name: "duplicate event id across two files",
            changes: ["Content/events/zz-dupe.yml": """
                - id: founding
                  date: 2003
                  title: Again
                """],
            expected: "Content/events/zz-dupe.yml:1:3: error: duplicate event id 'founding' (first defined at Content/events/main.yml:1:3)"),
        Case(
            name: "impossible date",
            changes: ["Content/events/zz-bad.yml": """
                - id: leap
                  date: 2024-02-30
                  title: Not a day
                """],
            expected: "Content/events/zz-bad.yml:2:9: error: 'date': impossible date '2024-02-30'"),
        Case(
            name: "end before date",
            changes: ["Content/events/zz-bad.yml": """
                - id: backwards
                  date: 2010-05
                  end: 2009
                  title: Backwards
                """],
            expected: "Content/events/zz-bad.yml:3:8: error: event ends (2009) before it starts (2010-05)"),
        Case(
            name: "missing required field",
            changes: ["Content/events/zz-bad.yml": """
                - id: untitled
                  date: 2010
                """],
            expected: "Content/events/zz-bad.yml:1:3: error: event is missing required field 'title'"),
        Case(
            name: "unclosed front matter",
            changes: ["Content/profiles/bo-li.md": """
                ---
                name: Bo Li
                Bo Li joined early.
                """],
            expected: "Content/profiles/bo-li.md:1:1: error: unclosed front matter: no closing '---' line after the opening one"),
        Case(
            name: "bad id",
            changes: ["Content/events/zz-bad.yml": """
                - id: ../x
                  date: 2010
                  title: Sneaky
                """],
            expected: "Content/events/zz-bad.yml:1:7: error: invalid event id '../x': use lowercase letters, digits and single hyphens (like 'delcy-rodriguez')"),
        Case(
            name: "bad id from a file name",
            changes: ["Content/profiles/Bad Name.md": "---\nname: Bad\n---\n"],
            expected: "Content/profiles/Bad Name.md:1:1: error: invalid profile id 'Bad Name': use lowercase letters, digits and single hyphens (like 'delcy-rodriguez') (from the file name; set 'id' in the front matter or rename the file)"),
        Case(
            name: "malformed YAML reports its line",
            changes: ["Content/events/zz-bad.yml": "- id: a\n  date: 2010\n  title: [unclosed\n"],
            expected: "Content/events/zz-bad.yml:4:1: error: invalid YAML: did not find expected ',' or ']' while parsing a flow sequence"),
        Case(
            name: "ragged CSV row",
            changes: ["Content/events/more.csv": "id,date,title\nok,2012,Fine\nragged,2012\n"],
            expected: "Content/events/more.csv:3:1: error: CSV row 2 has 2 fields; the header has 3"),
        Case(
            name: "place that is not a place",
            changes: ["Content/events/zz-bad.yml": """
                - id: misplaced
                  date: 2010
                  title: Wrong kind
                  places: [bo-li]
                """],
            expected: "Content/events/zz-bad.yml:4:12: error: 'bo-li' is listed under places but is a profile of kind person"),
    ]

    @Test(arguments: cases)
    func reportsFileLineColumnAndWording(_ testCase: Case) throws {
        let site = try TestSupport.site("minimal", changes: testCase.changes)
        let (_, result) = TestSupport.build(site)
        let errors = TestSupport.errors(of: result)
        #expect(errors.contains(testCase.expected), "got: \(errors)")
    }

    @Test func reportsEveryProblemInOneRun() throws {
        let site = try TestSupport.site("minimal", changes: [
            "Content/events/zz-bad.yml": "- id: one\n  date: 2024-02-30\n  title: A\n- id: two\n  date: 2010\n  title: B\n  people: [nobody]\n",
            "Content/profiles/bo-li.md": "---\nname: Bo Li\n",
        ])
        let (_, result) = TestSupport.build(site)
        let errors = TestSupport.errors(of: result)
        #expect(errors.count >= 3, "\(errors)")
        #expect(errors.contains { $0.hasPrefix("Content/events/zz-bad.yml:2:") })
        #expect(errors.contains { $0.hasPrefix("Content/events/zz-bad.yml:7:") })
        #expect(errors.contains { $0.hasPrefix("Content/profiles/bo-li.md:1:1:") })
    }

    @Test func unknownFieldIsAWarningWithSuggestion() throws {
        let site = try TestSupport.site("minimal", changes: [
            "Content/events/zz-extra.yml": "- id: typo\n  date: 2010\n  title: Typo\n  importanse: 2\n"
        ])
        let (_, result) = TestSupport.build(site)
        let report = try result.get()
        #expect(report.warnings.map(\.description).contains(
            "Content/events/zz-extra.yml:4:15: warning: unknown event field 'importanse' (did you mean 'importance'?)"))
    }
}
