import BriefingCore

/// `events.ics`: an iCalendar (RFC 5545) of the events known to the day, as all-day events, so no
/// time zone can shift them to another date.
struct EventCalendar {
    let context: ExportContext

    var path: String { "events.ics" }

    func render() -> String {
        let graph = context.graph
        let head = [
            "BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//Briefing//Briefing static site generator//EN",
            "CALSCALE:GREGORIAN", "METHOD:PUBLISH", "X-WR-CALNAME:" + Self.text(graph.config.title),
        ]
        let stamp = Self.utcStamp(seconds: context.now)
        let host = host
        let days = graph.chronology.filter { graph.events[$0].date.precision >= .day }
        // Each event's lines, folded, built on all cores and joined in timeline order.
        let events = Parallel.map(count: days.count) { index in
            event(days[index], stamp: stamp, host: host).map(Self.fold).joined(separator: "\r\n")
        }
        return (head.map(Self.fold) + events + ["END:VCALENDAR"]).joined(separator: "\r\n") + "\r\n"
    }

    private func event(_ e: Int, stamp: String, host: String) -> [String] {
        let graph = context.graph
        let event = graph.events[e]
        let start = PartialDate(year: event.date.year, month: event.date.month, day: event.date.day)
        // DTEND of an all-day event is exclusive: the day after the last day covered.
        let last = event.end.map { $0.lastDay } ?? start
        let url = context.absolute(SitePath.event(event.id))
        var description = graph.eventSummaries[e]?.plainText ?? ""
        if !event.sources.isEmpty {
            description += (description.isEmpty ? "" : "\n\n") + "Sources:\n"
                + event.sources.map { "\($0.title): \($0.url)" }.joined(separator: "\n")
        }
        var lines = [
            "BEGIN:VEVENT",
            "UID:" + Self.text("\(event.id)@\(host)"),
            "DTSTAMP:" + stamp,
            "DTSTART;VALUE=DATE:" + Self.basic(days: start.daysSinceEpoch),
            "DTEND;VALUE=DATE:" + Self.basic(days: max(last.daysSinceEpoch, start.daysSinceEpoch) + 1),
            "SUMMARY:" + Self.text((event.approximate ? "c. " : "") + graph.eventTitles[e].plainText),
        ]
        if !description.isEmpty { lines.append("DESCRIPTION:" + Self.text(description)) }
        if !event.tags.isEmpty { lines.append("CATEGORIES:" + event.tags.map(Self.text).joined(separator: ",")) }
        lines += ["URL:" + url, "TRANSP:TRANSPARENT", "END:VEVENT"]
        return lines
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
        guard value.containsUTF8Byte(where: { $0 < 0x20 || $0 == 0x7F || $0 == 0x5C || $0 == 0x3B || $0 == 0x2C }) else {
            return value
        }
        var out: [UInt8] = []
        out.reserveCapacity(value.utf8.count + 16)
        for byte in value.utf8 {
            switch byte {
            case 0x5C, 0x3B, 0x2C: out += [0x5C, byte]  // \ ; ,
            case 0x0A: out += [0x5C, 0x6E]  // \n
            case _ where byte < 0x20 || byte == 0x7F: continue
            default: out.append(byte)
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// Folds a content line at 75 octets without splitting a UTF-8 character (RFC 5545 §3.1).
    static func fold(_ line: String) -> String {
        guard line.utf8.count > 75 else { return line }
        var out: [UInt8] = []
        out.reserveCapacity(line.utf8.count + line.utf8.count / 24)
        var width = 0
        for byte in line.utf8 {
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
        return String(decoding: out, as: UTF8.self)
    }
}
