import BriefingCore
import BriefingMarkdown
import Foundation

/// What every export shares: the graph, absolute URLs, full-content HTML and a reproducible "now".
struct ExportContext {
    let graph: SiteGraph
    /// `base_url`, ending in `/`.
    let baseURL: String
    /// Seconds since the epoch: `SOURCE_DATE_EPOCH` when set, else the newest date in the content;
    /// never the wall clock, so two builds of the same input are byte-identical.
    let now: Int
    let renderer: HTMLRenderer

    init(graph: SiteGraph, sourceDateEpoch: Int? = ExportContext.sourceDateEpoch()) {
        self.graph = graph
        self.baseURL = graph.config.baseURL.hasSuffix("/") ? graph.config.baseURL : graph.config.baseURL + "/"
        self.now = sourceDateEpoch ?? ExportContext.newestDate(in: graph)
        self.renderer = HTMLRenderer(unsafeHTML: graph.config.unsafeHTML, headingIDs: true)
    }

    static func sourceDateEpoch() -> Int? {
        guard let text = ProcessInfo.processInfo.environment["SOURCE_DATE_EPOCH"] else { return nil }
        return Int(text.trimmingCharacters(in: .whitespaces))
    }

    static func newestDate(in graph: SiteGraph) -> Int {
        var newest: Int?  // without a list of the dates, which this built for every event
        graph.forEachContentDate { date in
            if date.secondsSinceEpoch > newest ?? .min { newest = date.secondsSinceEpoch }
        }
        return newest ?? 0
    }

    /// The absolute URL of a root-relative path (`briefings/x/` → `https://example.org/site/briefings/x/`).
    func absolute(_ path: String) -> String {
        baseURL + path
    }

    /// Rendered HTML with the root marker turned into absolute URLs, for feeds read away from the site.
    func absoluteHTML(_ node: MarkdownNode) -> String {
        absoluteHTML(rendered: renderer.render(node))
    }

    /// `absoluteHTML` of HTML already rendered by an `HTMLRenderer` like this one's.
    func absoluteHTML(rendered html: String) -> String {
        HTML.replacing(0, in: html, with: baseURL)
    }

    /// The briefing's body as stand-alone HTML.
    func briefingHTML(_ b: Int) -> String {
        absoluteHTML(graph.briefingBodies[b])
    }

    /// The last time a briefing changed: `updated`, else `date`.
    func modified(_ b: Int) -> PartialDate {
        graph.briefings[b].updated ?? graph.briefings[b].date
    }

    // MARK: - Timestamps

    /// RFC 3339: a date-time as written (with its offset), else midnight UTC of the first day it covers.
    static func timestamp(_ date: PartialDate) -> String {
        if date.time != nil { return date.iso }
        return timestamp(seconds: date.secondsSinceEpoch)
    }

    /// RFC 3339 in UTC, computed without `Date` or the machine's time zone.
    static func timestamp(seconds: Int) -> String {
        let (y, m, d, hh, mm, ss) = civil(seconds: seconds)
        return "\(pad(y, 4))-\(pad(m, 2))-\(pad(d, 2))T\(pad(hh, 2)):\(pad(mm, 2)):\(pad(ss, 2))Z"
    }

    /// Year, month, day, hour, minute, second in UTC (Howard Hinnant's civil-from-days).
    static func civil(seconds: Int) -> (Int, Int, Int, Int, Int, Int) {
        let days = seconds >= 0 ? seconds / 86_400 : (seconds - 86_399) / 86_400
        let rest = seconds - days * 86_400
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let day = doy - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        let year = yoe + era * 400 + (month <= 2 ? 1 : 0)
        return (year, month, day, rest / 3600, rest % 3600 / 60, rest % 60)
    }

    static func pad(_ value: Int, _ width: Int) -> String {
        let digits = String(value)
        return digits.count >= width ? digits : String(repeating: "0", count: width - digits.count) + digits
    }
}
