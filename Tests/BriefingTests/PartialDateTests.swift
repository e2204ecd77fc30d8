import BriefingCore
import Testing

@Suite struct PartialDateTests {
    @Test(arguments: [
        ("2002", "2002", PartialDate.Precision.year),
        ("2002-04", "2002-04", .month),
        ("2002-04-11", "2002-04-11", .day),
        ("2026-01-09T14:30:00-04:00", "2026-01-09T14:30:00-04:00", .time),
        ("2026-01-09T14:30Z", "2026-01-09T14:30:00Z", .time),
        ("2024-02-29", "2024-02-29", .day),
    ])
    func parsesEachPrecision(text: String, iso: String, precision: PartialDate.Precision) throws {
        let date = try PartialDate(parsing: text)
        #expect(date.iso == iso)
        #expect(date.precision == precision)
    }

    @Test(arguments: ["2024-02-30", "2023-02-29", "2002-13", "2002-00", "2002-04-31", "0000", "2026-01-09T25:00:00Z"])
    func refusesImpossibleDates(text: String) {
        #expect(throws: PartialDate.ParseError.impossible(text)) { try PartialDate(parsing: text) }
    }

    @Test(arguments: ["02", "2002-4", "April 2002", "2002/04/11", "2026-01-09T14:30:00", "", "2002-04-11x"])
    func refusesMalformedDates(text: String) {
        #expect(throws: PartialDate.ParseError.malformed(text)) { try PartialDate(parsing: text) }
    }

    @Test func lessPreciseDateSortsFirstAtEqualPrefix() throws {
        let dates = try ["2002-04-11", "2002", "2002-04", "2001-12-31", "2002-04-11T10:00:00Z"].map(PartialDate.init(parsing:))
        #expect(dates.sorted().map(\.iso) == ["2001-12-31", "2002", "2002-04", "2002-04-11", "2002-04-11T10:00:00Z"])
    }

    @Test func momentsCompareAsInstants() throws {
        let caracas = try PartialDate(parsing: "2026-01-09T10:00:00-04:00")  // 14:00 UTC
        let utc = try PartialDate(parsing: "2026-01-09T13:00:00Z")
        #expect(utc < caracas)
    }

    @Test(arguments: [
        ("2002", nil as String?, false, "2002"),
        ("2002-04", nil, false, "April 2002"),
        ("2002-04-11", nil, false, "11 April 2002"),
        ("2002", nil, true, "c. 2002"),
        ("2026-01-09", "2026-01-10", false, "9–10 January 2026"),
        ("1997", "2000", false, "1997–2000"),
        ("2002-04", "2002-05", false, "April–May 2002"),
        ("2002-04-11", "2002-05-02", false, "11 April – 2 May 2002"),
        ("2025-12-30", "2026-01-02", false, "30 December 2025 – 2 January 2026"),
        ("2010-08", "2011", false, "August 2010 – 2011"),
    ])
    func displaysAtWrittenPrecision(start: String, end: String?, approximate: Bool, expected: String) throws {
        let from = try PartialDate(parsing: start)
        let to = try end.map(PartialDate.init(parsing:))
        #expect(PartialDate.display(from, to: to, approximate: approximate) == expected)
    }

    @Test func timeIsShownWithItsOffset() throws {
        #expect(try PartialDate(parsing: "2026-01-15T09:00:00-04:00").display == "15 January 2026, 09:00 UTC-04:00")
    }
}
