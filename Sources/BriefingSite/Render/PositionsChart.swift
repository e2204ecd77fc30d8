import BriefingCore

/// A profile's positions as a bar chart of tenures: one row per office with a start date, on a shared
/// axis of years; a position still held runs to `today` (see `SiteToday`).
///
/// Laid out in percentages of the width like `TimelineOverview`, so the labels keep their size.
struct PositionsChart {
    struct Row {
        let title: String
        let when: String
        let start: PartialDate
        /// nil while the position is still held.
        let end: PartialDate?
    }

    let name: String
    let rows: [Row]
    let today: PartialDate

    static let rowHeight = 40
    static let axisHeight = 26

    init?(profile: Profile, today: PartialDate) {
        rows = profile.positions.compactMap { position in
            guard let start = position.start else { return nil }
            let when = position.end == nil ? "since \(start.display)" : PartialDate.display(start, to: position.end)
            return Row(title: position.title, when: when, start: start, end: position.end)
        }
        guard !rows.isEmpty else { return nil }
        name = profile.name
        self.today = today
    }

    /// First and last day on the axis, whole years so the ticks fall on year boundaries.
    var domain: (first: Int, last: Int) {
        let firstYear = rows.map(\.start.year).min() ?? today.year
        let ends = rows.map { ($0.end ?? today).lastDay }
        let lastYear = max(ends.map(\.year).max() ?? today.year, firstYear)
        return (
            PartialDate(year: firstYear, month: 1, day: 1).daysSinceEpoch,
            PartialDate(year: lastYear + 1, month: 1, day: 1).daysSinceEpoch
        )
    }

    func position(_ day: Int) -> Double {
        Self.position(day, in: domain)
    }

    static func position(_ day: Int, in domain: (first: Int, last: Int)) -> Double {
        Double(day - domain.first) / Double(max(1, domain.last - domain.first)) * 100
    }

    var description: String {
        rows.map { "\($0.title): \($0.when)\($0.end == nil ? " (still held)" : "")." }.joined(separator: " ")
    }

    func html(id: String = "positions-chart") -> String {
        let height = rows.count * Self.rowHeight + Self.axisHeight
        let domain = domain  // worked out once: it reads every row
        let (first, last) = domain
        let position = { Self.position($0, in: domain) }
        let firstYear = SiteToday.civil(days: first).year
        let lastYear = SiteToday.civil(days: last).year - 1
        var svg =
            "<figure class=\"positions-chart\"><svg class=\"positions-svg\" width=\"100%\" height=\"\(height)\" "
            + "role=\"img\" aria-labelledby=\"\(id)-title \(id)-desc\">"
            + "<title id=\"\(id)-title\">Positions held by \(HTML.escape(name)), \(firstYear)–\(lastYear)</title>"
            + "<desc id=\"\(id)-desc\">\(HTML.escape(description))</desc>"
        let axisY = rows.count * Self.rowHeight + 4
        let step = SVGText.tickStep(span: lastYear - firstYear + 1, maximum: 6)
        // Year labels on multiples of the step; the first year too when no multiple is near it.
        let labelled = (firstYear...lastYear).filter {
            $0 % step == 0 || ($0 == firstYear && (step - $0 % step) % step > step / 2)
        }
        svg += "<line class=\"axis\" x1=\"0\" x2=\"100%\" y1=\"\(axisY)\" y2=\"\(axisY)\"/>"
        for year in labelled {
            let x = position(PartialDate(year: year, month: 1, day: 1).daysSinceEpoch)
            svg +=
                "<line class=\"grid\" x1=\"\(SVGText.percent(x))\" x2=\"\(SVGText.percent(x))\" y1=\"0\" y2=\"\(axisY + 4)\"/>"
            guard x < 94 else { continue }
            svg += "<text class=\"tick\" x=\"\(SVGText.percent(x))\" y=\"\(axisY + 18)\">\(year)</text>"
        }
        for (index, row) in rows.enumerated() {
            let top = index * Self.rowHeight
            let x = position(row.start.daysSinceEpoch)
            let end = position((row.end ?? today).lastDay.daysSinceEpoch + 1)
            let classes = row.end == nil ? "tenure tenure-open" : "tenure"
            svg += "<text class=\"label\" x=\"0\" y=\"\(top + 15)\">\(HTML.escape(row.title))</text>"
            svg +=
                "<rect class=\"\(classes)\" x=\"\(SVGText.percent(x))\" y=\"\(top + 21)\" "
                + "width=\"\(SVGText.percent(max(row.end == nil ? 1.2 : 0.6, end - x)))\" height=\"12\" rx=\"2\"/>"
        }
        svg += "</svg>"
        if rows.contains(where: { $0.end == nil }) {
            svg +=
                "<figcaption>A position still held is drawn in red and runs to \(today.display), the date of this edition.</figcaption>"
        }
        svg += "</figure>"
        return svg
    }
}
