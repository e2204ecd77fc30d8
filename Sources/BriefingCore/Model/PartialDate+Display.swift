/// Dates shown to readers at the precision they were written, in English.
extension PartialDate {
    public static let monthNames = [
        "January", "February", "March", "April", "May", "June",
        "July", "August", "September", "October", "November", "December",
    ]

    /// "2002", "April 2002", "11 April 2002", "9 January 2026, 14:30 UTC−04:00".
    public var display: String {
        guard let month else { return String(year) }
        let monthName = PartialDate.monthNames[month - 1]
        guard let day else { return "\(monthName) \(year)" }
        var text = "\(day) \(monthName) \(year)"
        if let time {
            text += ", \(pad(time.hour, 2)):\(pad(time.minute, 2))"
            text += time.offsetMinutes == 0 ? " UTC" : " UTC" + offsetText(time.offsetMinutes, separator: ":")
        }
        return text
    }

    /// A date or a range, sharing what the ends share: "9–10 January 2026", "April–May 2002", "1997–2000",
    /// "30 December 2025 – 2 January 2026". `approximate` prefixes "c.".
    public static func display(_ start: PartialDate, to end: PartialDate?, approximate: Bool = false) -> String {
        let prefix = approximate ? "c. " : ""
        guard let end, end != start else { return prefix + start.display }
        let sameShape = start.precision == end.precision && start.time == nil && end.time == nil
        if sameShape {
            switch start.precision {
            case .year:
                return "\(prefix)\(start.year)–\(end.year)"
            case .month where start.year == end.year:
                return "\(prefix)\(monthNames[start.month! - 1])–\(monthNames[end.month! - 1]) \(start.year)"
            case .day where start.year == end.year && start.month == end.month:
                return "\(prefix)\(start.day!)–\(end.day!) \(monthNames[start.month! - 1]) \(start.year)"
            case .day where start.year == end.year:
                return "\(prefix)\(start.day!) \(monthNames[start.month! - 1]) – \(end.display)"
            default:
                break
            }
        }
        return "\(prefix)\(start.display) – \(end.display)"
    }
}
