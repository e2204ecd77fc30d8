import BriefingCore

/// `events.ics`: an iCalendar (RFC 5545) of the events known to the day, as all-day events, so no
/// time zone can shift them to another date.
struct EventCalendar {
    let context: ExportContext

    var path: String { "events.ics" }

    func render() -> [UInt8] {
        let graph = context.graph
        var out: [UInt8] = []
        for line in [
            "BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//Briefing//Briefing static site generator//EN",
            "CALSCALE:GREGORIAN", "METHOD:PUBLISH", "X-WR-CALNAME:" + Self.text(graph.config.title),
        ] {
            Self.appendFolded(Array(line.utf8), to: &out)
        }
        let stamp = Self.utcStamp(seconds: context.now)
        let host = host
        let days = graph.chronology.filter { graph.events[$0].date.precision >= .day }
        // Each event's lines, folded, built on all cores and joined in timeline order.
        let events = Parallel.map(count: days.count) { index -> [UInt8] in
            var lines: [UInt8] = []
            lines.reserveCapacity(1024)
            event(days[index], stamp: stamp, host: host, into: &lines)
            return lines
        }
        out.reserveCapacity(out.count + events.reduce(16) { $0 + $1.count })
        for event in events { out += event }
        out += "END:VCALENDAR\r\n".utf8
        return out
    }

    /// The event's content lines, each folded and ended with CRLF.
    private func event(_ e: Int, stamp: String, host: String, into out: inout [UInt8]) {
        // Fields read in place: a copy of the graph or of the event retained and released each of
        // their lists and strings, which the other cores read too.
        let events = context.graph.events
        let start = PartialDate(year: events[e].date.year, month: events[e].date.month, day: events[e].date.day)
        // DTEND of an all-day event is exclusive: the day after the last day covered.
        let last = events[e].end.map { $0.lastDay } ?? start
        var line: [UInt8] = []
        line.reserveCapacity(256)
        func end() {
            Self.appendFolded(line, to: &out)
            line.removeAll(keepingCapacity: true)
        }
        line += "BEGIN:VEVENT".utf8
        end()
        line += "UID:".utf8
        Self.appendText("\(events[e].id)@\(host)", to: &line)
        end()
        line += "DTSTAMP:".utf8
        line += stamp.utf8
        end()
        line += "DTSTART;VALUE=DATE:".utf8
        line += Self.basic(days: start.daysSinceEpoch).utf8
        end()
        line += "DTEND;VALUE=DATE:".utf8
        line += Self.basic(days: max(last.daysSinceEpoch, start.daysSinceEpoch) + 1).utf8
        end()
        line += "SUMMARY:".utf8
        if events[e].approximate { line += "c. ".utf8 }
        Self.appendText(context.graph.eventTitles[e].plainText, to: &line)
        end()
        let summary = context.graph.eventSummaries[e]?.plainText ?? ""
        if !summary.isEmpty || !events[e].sources.isEmpty {
            line += "DESCRIPTION:".utf8
            Self.appendText(summary, to: &line)
            if !events[e].sources.isEmpty {
                line += (summary.isEmpty ? "Sources:\\n" : "\\n\\nSources:\\n").utf8
                for (position, source) in events[e].sources.enumerated() {
                    if position > 0 { line += "\\n".utf8 }
                    Self.appendText(source.title, to: &line)
                    line += ": ".utf8
                    Self.appendText(source.url, to: &line)
                }
            }
            end()
        }
        if !events[e].tags.isEmpty {
            line += "CATEGORIES:".utf8
            for (position, tag) in events[e].tags.enumerated() {
                if position > 0 { line.append(UInt8(ascii: ",")) }
                Self.appendText(tag, to: &line)
            }
            end()
        }
        line += "URL:".utf8
        line += context.absolute(SitePath.event(events[e].id)).utf8
        end()
        line += "TRANSP:TRANSPARENT".utf8
        end()
        line += "END:VEVENT".utf8
        end()
    }

    /// The base URL's host, so UIDs are globally unique yet stable across builds.
    private var host: String {
        let url = context.baseURL
        guard let start = url.range(of: "://")?.upperBound else { return "briefing" }
        let rest = url[start...]
        return String(rest.prefix { $0 != "/" && $0 != ":" })
    }

    /// `YYYYMMDD` of a day number.
    static func basic(days: Int) -> String {
        let (y, m, d, _, _, _) = ExportContext.civil(seconds: days * 86_400)
        return ExportContext.pad(y, 4) + ExportContext.pad(m, 2) + ExportContext.pad(d, 2)
    }

    /// `YYYYMMDDTHHMMSSZ` in UTC.
    static func utcStamp(seconds: Int) -> String {
        let (y, m, d, hh, mm, ss) = ExportContext.civil(seconds: seconds)
        return ExportContext.pad(y, 4) + ExportContext.pad(m, 2) + ExportContext.pad(d, 2) + "T"
            + ExportContext.pad(hh, 2) + ExportContext.pad(mm, 2) + ExportContext.pad(ss, 2) + "Z"
    }

    /// TEXT value escaping (RFC 5545 §3.3.11), on UTF-8 bytes: every byte it changes is ASCII.
    static func text(_ value: String) -> String {
        guard needsEscape(value) else { return value }
        var out: [UInt8] = []
        out.reserveCapacity(value.utf8.count + 16)
        appendText(value, to: &out)
        return String(decoding: out, as: UTF8.self)
    }

    private static func needsEscape(_ value: String) -> Bool {
        value.containsUTF8Byte(where: { $0 < 0x20 || $0 == 0x7F || $0 == 0x5C || $0 == 0x3B || $0 == 0x2C })
    }

    /// `text(value)` appended to `out`.
    static func appendText(_ value: String, to out: inout [UInt8]) {
        guard needsEscape(value) else { return out += value.utf8 }
        for byte in value.utf8 {
            switch byte {
            case 0x5C, 0x3B, 0x2C:  // \ ; ,
                out.append(0x5C)
                out.append(byte)
            case 0x0A:  // \n
                out.append(0x5C)
                out.append(0x6E)
            case _ where byte < 0x20 || byte == 0x7F: continue
            default: out.append(byte)
            }
        }
    }

    /// Folds a content line at 75 octets without splitting a UTF-8 character (RFC 5545 §3.1).
    static func fold(_ line: String) -> String {
        guard line.utf8.count > 75 else { return line }
        var out: [UInt8] = []
        appendFolded(Array(line.utf8), to: &out)
        return String(decoding: out.dropLast(2), as: UTF8.self)
    }

    /// `line` folded, then CRLF, appended to `out`.
    static func appendFolded(_ line: [UInt8], to out: inout [UInt8]) {
        if line.count <= 75 {
            out += line
        } else {
            out.reserveCapacity(out.count + line.count + line.count / 24 + 2)
            var width = 0
            for byte in line {
                // A character starts at any byte but a continuation byte; its lead byte gives its length.
                if byte & 0xC0 != 0x80 {
                    let size = byte < 0x80 ? 1 : byte < 0xE0 ? 2 : byte < 0xF0 ? 3 : 4
                    if width + size > 75 {
                        out += [0x0D, 0x0A, 0x20]
                        width = 1
                    }
                    width += size
                }
                out.append(byte)
            }
        }
        out.append(0x0D)
        out.append(0x0A)
    }
}
