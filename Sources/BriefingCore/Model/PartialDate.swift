/// A date written at the precision the editor knew: a year, a month, a day, or a moment with an offset.
///
/// Parsed from text by its own rules, never through YAML timestamps or `Date`, so "2002" stays a year
/// and "2026-01-09" never shifts a day with the machine's time zone.
public struct PartialDate: Hashable, Sendable, Comparable, CustomStringConvertible {
    public enum Precision: Int, Sendable, Comparable {
        case year, month, day, time
        public static func < (lhs: Precision, rhs: Precision) -> Bool { lhs.rawValue < rhs.rawValue }
    }

    public struct Time: Hashable, Sendable {
        public var hour: Int
        public var minute: Int
        public var second: Int
        /// Offset from UTC in minutes (`-04:00` is -240).
        public var offsetMinutes: Int
    }

    public let year: Int
    public let month: Int?
    public let day: Int?
    public let time: Time?

    public var precision: Precision {
        if time != nil { return .time }
        if day != nil { return .day }
        if month != nil { return .month }
        return .year
    }

    public init(year: Int, month: Int? = nil, day: Int? = nil, time: Time? = nil) {
        self.year = year
        self.month = month
        self.day = month == nil ? nil : day
        self.time = self.day == nil ? nil : time
    }

    public enum ParseError: Error, Equatable, CustomStringConvertible {
        case malformed(String)
        case impossible(String)

        public var description: String {
            switch self {
            case .malformed(let text):
                return "invalid date '\(text)' (expected YYYY, YYYY-MM, YYYY-MM-DD or YYYY-MM-DDTHH:MM:SS±HH:MM)"
            case .impossible(let text):
                return "impossible date '\(text)'"
            }
        }
    }

    /// Parses `YYYY`, `YYYY-MM`, `YYYY-MM-DD`, or an ISO 8601 date-time with `Z` or `±HH:MM`.
    public init(parsing text: String) throws(ParseError) {
        let trimmed = text.trimmingASCIIWhitespace()
        let bytes = Array(trimmed.utf8)
        var reader = DigitReader(bytes: bytes)
        guard let year = reader.number(digits: 4) else { throw .malformed(trimmed) }
        guard year >= 1 else { throw .impossible(trimmed) }
        if reader.atEnd {
            self.init(year: year)
            return
        }
        guard reader.skip("-"), let month = reader.number(digits: 2) else { throw .malformed(trimmed) }
        guard (1...12).contains(month) else { throw .impossible(trimmed) }
        if reader.atEnd {
            self.init(year: year, month: month)
            return
        }
        guard reader.skip("-"), let day = reader.number(digits: 2) else { throw .malformed(trimmed) }
        guard day >= 1, day <= PartialDate.daysIn(month: month, year: year) else { throw .impossible(trimmed) }
        if reader.atEnd {
            self.init(year: year, month: month, day: day)
            return
        }
        guard reader.skip("T") || reader.skip(" "), let hour = reader.number(digits: 2), reader.skip(":"),
            let minute = reader.number(digits: 2)
        else { throw .malformed(trimmed) }
        var second = 0
        if reader.skip(":") {
            guard let s = reader.number(digits: 2) else { throw .malformed(trimmed) }
            second = s
            if reader.skip(".") { reader.skipDigits() }
        }
        guard hour <= 23, minute <= 59, second <= 60 else { throw .impossible(trimmed) }
        let offset: Int
        if reader.skip("Z") || reader.skip("z") {
            offset = 0
        } else {
            let sign: Int
            if reader.skip("+") {
                sign = 1
            } else if reader.skip("-") {
                sign = -1
            } else {
                throw .malformed(trimmed)  // a time without an offset is ambiguous
            }
            guard let oh = reader.number(digits: 2) else { throw .malformed(trimmed) }
            _ = reader.skip(":")
            guard let om = reader.number(digits: 2), oh <= 23, om <= 59 else { throw .malformed(trimmed) }
            offset = sign * (oh * 60 + om)
        }
        guard reader.atEnd else { throw .malformed(trimmed) }
        self.init(year: year, month: month, day: day, time: Time(hour: hour, minute: minute, second: second, offsetMinutes: offset))
    }

    public static func isLeap(_ year: Int) -> Bool {
        (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
    }

    public static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: return isLeap(year) ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    /// Days since 1970-01-01 of the first day this date covers.
    public var daysSinceEpoch: Int {
        PartialDate.daysFromCivil(year: year, month: month ?? 1, day: day ?? 1)
    }

    /// Seconds since the epoch of the moment, for date-times; of midnight UTC of the first day otherwise.
    public var secondsSinceEpoch: Int {
        let base = daysSinceEpoch * 86_400
        guard let time else { return base }
        return base + time.hour * 3600 + time.minute * 60 + time.second - time.offsetMinutes * 60
    }

    /// The last day this date covers (for "still held" bars and range ends).
    public var lastDay: PartialDate {
        let m = month ?? 12
        return PartialDate(year: year, month: m, day: day ?? PartialDate.daysIn(month: m, year: year))
    }

    /// Howard Hinnant's days-from-civil algorithm (proleptic Gregorian).
    static func daysFromCivil(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = (month + 9) % 12
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    /// Earlier first; at an equal prefix the less precise date first; moments compared as instants.
    public static func < (lhs: PartialDate, rhs: PartialDate) -> Bool {
        if lhs.year != rhs.year { return lhs.year < rhs.year }
        switch (lhs.month, rhs.month) {
        case (nil, nil): return false
        case (nil, _): return true
        case (_, nil): return false
        case let (a?, b?) where a != b: return a < b
        default: break
        }
        switch (lhs.day, rhs.day) {
        case (nil, nil): return false
        case (nil, _): return true
        case (_, nil): return false
        case let (a?, b?) where a != b: return a < b
        default: break
        }
        switch (lhs.time, rhs.time) {
        case (nil, nil): return false
        case (nil, _): return true
        case (_, nil): return false
        default: return lhs.secondsSinceEpoch < rhs.secondsSinceEpoch
        }
    }

    /// The machine-readable form, as written: `2002`, `2002-04`, `2002-04-11`, `2026-01-09T14:30:00-04:00`.
    public var iso: String {
        var text = pad(year, 4)
        guard let month else { return text }
        text += "-" + pad(month, 2)
        guard let day else { return text }
        text += "-" + pad(day, 2)
        guard let time else { return text }
        text += "T\(pad(time.hour, 2)):\(pad(time.minute, 2)):\(pad(time.second, 2))"
        text += time.offsetMinutes == 0 ? "Z" : offsetText(time.offsetMinutes, separator: ":")
        return text
    }

    public var description: String { iso }
}

func pad(_ value: Int, _ width: Int) -> String {
    let digits = String(value)
    return digits.count >= width ? digits : String(repeating: "0", count: width - digits.count) + digits
}

func offsetText(_ minutes: Int, separator: String) -> String {
    let sign = minutes < 0 ? "-" : "+"
    return sign + pad(abs(minutes) / 60, 2) + separator + pad(abs(minutes) % 60, 2)
}

private struct DigitReader {
    let bytes: [UInt8]
    var index = 0

    var atEnd: Bool { index == bytes.count }

    mutating func number(digits: Int) -> Int? {
        guard index + digits <= bytes.count else { return nil }
        var value = 0
        for byte in bytes[index..<index + digits] {
            guard byte >= 48, byte <= 57 else { return nil }
            value = value * 10 + Int(byte - 48)
        }
        index += digits
        return value
    }

    mutating func skip(_ character: Character) -> Bool {
        guard let ascii = character.asciiValue, index < bytes.count, bytes[index] == ascii else { return false }
        index += 1
        return true
    }

    mutating func skipDigits() {
        while index < bytes.count, bytes[index] >= 48, bytes[index] <= 57 { index += 1 }
    }
}

extension String {
    func trimmingASCIIWhitespace() -> String {
        var scalars = Substring(self)
        while let first = scalars.first, first == " " || first == "\t" || first == "\n" || first == "\r" {
            scalars.removeFirst()
        }
        while let last = scalars.last, last == " " || last == "\t" || last == "\n" || last == "\r" {
            scalars.removeLast()
        }
        return String(scalars)
    }
}
