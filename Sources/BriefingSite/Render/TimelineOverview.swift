import BriefingCore

/// The picture at the top of the timeline: an axis from the first to the last year, the eras as bands
/// and a bar per year for its number of events.
///
/// Drawn in percentages of the width rather than in a scaled `viewBox`, so labels keep their size from a
/// phone to a wide screen. The SVG is `role="img"` with a title and description; as an image's children
/// are not reachable by assistive technology, the years are links in an HTML layer over the bars (for
/// pointers, hidden from screen readers) and again in the visible "Events per year" list below it.
struct TimelineOverview {
    struct Band {
        let title: String
        let when: String
        let start: PartialDate
        let end: PartialDate
        let style: Int
    }

    let firstYear: Int
    let lastYear: Int
    /// Events per year, for the years that have any.
    let counts: [Int: Int]
    let bands: [Band]
    /// Year → root-relative URL of its section or page.
    let links: [Int: String]
    /// The year a year page shows, drawn highlighted.
    var current: Int?

    static let barArea = 96.0
    static let height = 124

    var span: Int { lastYear - firstYear + 1 }

    /// Horizontal position, in percent, of the first day of `date`'s year plus its fraction of the year.
    func position(_ date: PartialDate) -> Double {
        let start = PartialDate(year: date.year, month: 1, day: 1).daysSinceEpoch
        let length = Double(PartialDate.isLeap(date.year) ? 366 : 365)
        let fraction = Double(date.daysSinceEpoch - start) / length
        return (Double(date.year - firstYear) + fraction) / Double(span) * 100
    }

    func slot(_ year: Int) -> (x: Double, width: Double) {
        let width = 100 / Double(span)
        return (Double(year - firstYear) * width, width)
    }

    var total: Int { counts.values.reduce(0, +) }

    /// The text alternative: what the picture shows, in a few sentences.
    var summary: String {
        var text = "Bars show the number of events in each year from \(firstYear) to \(lastYear)"
        text +=
            bands.isEmpty
            ? "."
            : ", over bands for the eras: "
                + bands.map { "\($0.title) (\($0.when))" }.joined(separator: "; ") + "."
        if let busiest = counts.max(by: { $0.value != $1.value ? $0.value < $1.value : $0.key > $1.key }) {
            text +=
                " The busiest year is \(busiest.key), with \(busiest.value) \(busiest.value == 1 ? "event" : "events")."
        }
        return text + " The same numbers are listed under “Events per year”."
    }

    func html(id: String = "overview") -> String {
        // Appended piece by piece into one string: chains of `+` made a temporary string per piece,
        // and this runs for each of a large site's thousands of facet pages.
        var svg = ""
        svg.reserveCapacity(2048 + 320 * counts.count + 160 * bands.count)
        svg += "<figure class=\"overview\"><div class=\"overview-chart\">"
        svg += "<svg class=\"overview-svg\" width=\"100%\" height=\"\(Self.height)\" role=\"img\" "
        svg += "aria-labelledby=\"\(id)-title \(id)-desc\"><title id=\"\(id)-title\">Timeline overview: \(total) "
        svg += "\(total == 1 ? "event" : "events"), \(firstYear)–\(lastYear)</title>"
        svg += "<desc id=\"\(id)-desc\">"
        svg += HTML.escape(summary)
        svg += "</desc><g class=\"overview-eras\">"
        var labels = ""
        for band in bands {
            let x = max(0, position(band.start))
            let end = min(100, position(band.end.lastDay) + slotFractionOfDay)
            let width = max(0.8, end - x)
            svg += "<rect class=\"era-band era-\(band.style)\" x=\""
            svg += SVGText.percent(x)
            svg += "\" y=\"0\" width=\""
            svg += SVGText.percent(width)
            svg += "\" height=\""
            svg += SVGText.number(Self.barArea)
            svg += "\"/>"
            // Named inside the band when it is wide enough (above the bars); the legend names every era.
            if width >= 16 {
                labels += "<text class=\"era-label\" x=\""
                labels += SVGText.percent(x + 0.6)
                labels += "\" y=\"16\">"
                labels += HTML.escape(band.title)
                labels += "</text>"
            }
        }
        svg += "</g><g class=\"overview-bars\">"
        let most = max(1, counts.values.max() ?? 1)
        let years = counts.keys.sorted()
        for year in years {
            let count = counts[year] ?? 0
            let (x, width) = slot(year)
            let height = max(3, Double(count) / Double(most) * (Self.barArea - 24))
            svg += year == current ? "<rect class=\"bar bar-current\" x=\"" : "<rect class=\"bar\" x=\""
            svg += SVGText.percent(x + width * 0.15)
            svg += "\" y=\""
            svg += SVGText.number(Self.barArea - height)
            svg += "\" width=\""
            svg += SVGText.percent(width * 0.7)
            svg += "\" height=\""
            svg += SVGText.number(height)
            svg += "\"/>"
        }
        svg += "</g>"
        svg += labels
        let axis = Int(Self.barArea)
        svg += "<line class=\"overview-axis\" x1=\"0\" x2=\"100%\" y1=\"\(axis)\" y2=\"\(axis)\"/>"
        svg += "<g class=\"overview-ticks\">"
        let step = SVGText.tickStep(span: span, maximum: 7)
        for year in firstYear...lastYear where year % step == 0 {
            let (x, width) = slot(year)
            let middle = SVGText.percent(x + width / 2)
            svg += "<line x1=\"\(middle)\" x2=\"\(middle)\" y1=\"\(axis)\" y2=\"\(axis + 5)\"/>"
            svg += "<text x=\"\(middle)\" text-anchor=\"middle\" y=\"\(Self.height - 6)\">\(year)</text>"
        }
        svg += "</g></svg>"
        // The pointer layer: one link per year with events, over its column.
        svg += "<div class=\"overview-hits\" aria-hidden=\"true\">"
        for year in years {
            guard let url = links[year] else { continue }
            let (x, width) = slot(year)
            let count = counts[year] ?? 0
            let label = "\(year): \(count) \(count == 1 ? "event" : "events")"
            svg += "<a href=\"\(SitePath.rootMarker)\(url)\" tabindex=\"-1\" title=\"\(label)\" style=\"left:"
            svg += SVGText.percent(x)
            svg += ";width:"
            svg += SVGText.percent(width)
            svg += "\"><span class=\"visually-hidden\">\(label)</span></a>"
        }
        svg += "</div></div></figure>"
        return svg
    }

    /// An era's end is drawn to the end of its last day.
    private var slotFractionOfDay: Double { 100 / Double(span) / 365 }
}
