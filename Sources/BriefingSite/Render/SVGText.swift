import BriefingCore
import Foundation

/// Small pieces shared by the inline SVG pictures (timeline overview, positions chart): numbers written
/// the same way on every machine, and dates placed on a day axis.
enum SVGText {
    /// A percentage with at most two decimals and no trailing zeros: 12.5 → "12.5%".
    static func percent(_ value: Double) -> String {
        number(value) + "%"
    }

    /// At most two decimals, no trailing zeros, never "-0".
    static func number(_ value: Double) -> String {
        var out: [UInt8] = []
        appendNumber(value, to: &out)
        return String(decoding: out, as: UTF8.self)
    }

    /// `number(value)` appended to `out`.
    static func appendNumber(_ value: Double, to out: inout [UInt8]) {
        let hundredths = Int((value * 100).rounded())
        if hundredths == 0 { return out.append(UInt8(ascii: "0")) }
        let magnitude = abs(hundredths)
        let fraction = magnitude % 100
        if hundredths < 0 { out.append(UInt8(ascii: "-")) }
        appendDigits(magnitude / 100, to: &out)
        guard fraction != 0 else { return }
        out.append(UInt8(ascii: "."))
        if fraction % 10 == 0 { return appendDigits(fraction / 10, to: &out) }
        if fraction < 10 { out.append(UInt8(ascii: "0")) }
        appendDigits(fraction, to: &out)
    }

    /// The decimal digits of `value` (not negative), appended to `out`.
    static func appendDigits(_ value: Int, to out: inout [UInt8]) {
        if value >= 10 { appendDigits(value / 10, to: &out) }
        out.append(UInt8(ascii: "0") + UInt8(value % 10))
    }

    /// A year step that puts at most `maximum` labels on an axis of `span` years.
    static func tickStep(span: Int, maximum: Int) -> Int {
        for step in [1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000] where span / step < maximum {
            return step
        }
        return max(1, span / maximum)
    }
}

/// "Today" for pictures that run to the present (open positions, open eras): the build's
/// `SOURCE_DATE_EPOCH` when set, otherwise the newest date in the content. Never the wall clock, so the
/// same content builds to the same bytes.
enum SiteToday {
    static func resolve(graph: SiteGraph, environment: [String: String]) -> PartialDate {
        if let text = environment["SOURCE_DATE_EPOCH"], let seconds = Int(text.trimmingCharacters(in: .whitespaces)) {
            return civil(days: Int((Double(seconds) / 86_400).rounded(.down)))
        }
        var newest: PartialDate?
        graph.forEachContentDate { date in
            let last = date.lastDay
            if newest == nil || newest!.daysSinceEpoch < last.daysSinceEpoch { newest = last }
        }
        return newest ?? PartialDate(year: 1970, month: 1, day: 1)
    }

    /// The day `days` after 1970-01-01 (Howard Hinnant's civil-from-days).
    static func civil(days: Int) -> PartialDate {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let day = doy - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        let year = yoe + era * 400 + (month <= 2 ? 1 : 0)
        return PartialDate(year: year, month: month, day: day)
    }
}
