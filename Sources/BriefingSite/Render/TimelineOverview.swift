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
        // Written as UTF-8 into one buffer: this runs for each of a large site's thousands of facet pages.
        var svg = SVGWriter()
        svg.out.reserveCapacity(2048 + 320 * counts.count + 160 * bands.count)
        let total = total
        svg += "<figure class=\"overview\"><div class=\"overview-chart\">"
        svg += "<svg class=\"overview-svg\" width=\"100%\" height=\""
        svg.int(Self.height)
        svg += "\" role=\"img\" aria-labelledby=\""
        svg += id
        svg += "-title "
        svg += id
        svg += "-desc\"><title id=\""
        svg += id
        svg += "-title\">Timeline overview: "
        svg.int(total)
        svg += total == 1 ? " event, " : " events, "
        svg.int(firstYear)
        svg += "–"
        svg.int(lastYear)
        svg += "</title><desc id=\""
        svg += id
        svg += "-desc\">"
        svg += HTML.escape(summary)
        svg += "</desc><g class=\"overview-eras\">"
        var labels = SVGWriter()
        for band in bands {
            let x = max(0, position(band.start))
            let end = min(100, position(band.end.lastDay) + slotFractionOfDay)
            let width = max(0.8, end - x)
            svg += "<rect class=\"era-band era-"
            svg.int(band.style)
            svg += "\" x=\""
            svg.percent(x)
            svg += "\" y=\"0\" width=\""
            svg.percent(width)
            svg += "\" height=\""
            svg.number(Self.barArea)
            svg += "\"/>"
            // Named inside the band when it is wide enough (above the bars); the legend names every era.
            if width >= 16 {
                labels += "<text class=\"era-label\" x=\""
                labels.percent(x + 0.6)
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
            svg.percent(x + width * 0.15)
            svg += "\" y=\""
            svg.number(Self.barArea - height)
            svg += "\" width=\""
            svg.percent(width * 0.7)
            svg += "\" height=\""
            svg.number(height)
            svg += "\"/>"
        }
        svg += "</g>"
        svg.out += labels.out
        let axis = Int(Self.barArea)
        svg += "<line class=\"overview-axis\" x1=\"0\" x2=\"100%\" y1=\""
        svg.int(axis)
        svg += "\" y2=\""
        svg.int(axis)
        svg += "\"/><g class=\"overview-ticks\">"
        let step = SVGText.tickStep(span: span, maximum: 7)
        for year in firstYear...lastYear where year % step == 0 {
            let (x, width) = slot(year)
            var middle = SVGWriter()
            middle.percent(x + width / 2)
            svg += "<line x1=\""
            svg.out += middle.out
            svg += "\" x2=\""
            svg.out += middle.out
            svg += "\" y1=\""
            svg.int(axis)
            svg += "\" y2=\""
            svg.int(axis + 5)
            svg += "\"/><text x=\""
            svg.out += middle.out
            svg += "\" text-anchor=\"middle\" y=\""
            svg.int(Self.height - 6)
            svg += "\">"
            svg.int(year)
            svg += "</text>"
        }
        svg += "</g></svg>"
        // The pointer layer: one link per year with events, over its column.
        svg += "<div class=\"overview-hits\" aria-hidden=\"true\">"
        for year in years {
            guard let url = links[year] else { continue }
            let (x, width) = slot(year)
            let count = counts[year] ?? 0
            var label = SVGWriter()
            label.int(year)
            label += ": "
            label.int(count)
            label += count == 1 ? " event" : " events"
            svg += "<a href=\""
            svg += SitePath.rootMarker
            svg += url
            svg += "\" tabindex=\"-1\" title=\""
            svg.out += label.out
            svg += "\" style=\"left:"
            svg.percent(x)
            svg += ";width:"
            svg.percent(width)
            svg += "\"><span class=\"visually-hidden\">"
            svg.out += label.out
            svg += "</span></a>"
        }
        svg += "</div></div></figure>"
        return String(decoding: svg.out, as: UTF8.self)
    }

    /// An era's end is drawn to the end of its last day.
    private var slotFractionOfDay: Double { 100 / Double(span) / 365 }
}

/// UTF-8 bytes of an SVG picture, appended piece by piece (see `SVGText` for how numbers are written).
struct SVGWriter {
    var out: [UInt8] = []

    static func += (writer: inout SVGWriter, text: String) {
        writer.out += text.utf8
    }

    mutating func int(_ value: Int) {
        if value < 0 { out.append(UInt8(ascii: "-")) }
        SVGText.appendDigits(abs(value), to: &out)
    }

    mutating func number(_ value: Double) {
        SVGText.appendNumber(value, to: &out)
    }

    mutating func percent(_ value: Double) {
        SVGText.appendNumber(value, to: &out)
        out.append(UInt8(ascii: "%"))
    }
}
