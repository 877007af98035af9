import Foundation

/// Parses the dates found in real feeds, by hand on bytes: RFC 822/1123 with
/// or without weekday, two-digit years, named, military and numeric zones;
/// RFC 850 and asctime; RFC 3339 / ISO 8601 including W3C-DTF partial dates,
/// a space instead of `T`, fractions, and compact forms; and the common broken
/// variants (a zone twice, missing seconds, full month names, dotted days).
public enum DateParser {
    public static func parse(_ text: String) -> Date? {
        var copy = text
        return copy.withUTF8 { parse(bytes: $0) }
    }

    static func parse(bytes: UnsafeBufferPointer<UInt8>) -> Date? {
        var start = 0
        var end = bytes.count
        while start < end, isSpace(bytes[start]) { start += 1 }
        while end > start, isSpace(bytes[end - 1]) { end -= 1 }
        guard end > start else { return nil }
        let trimmed = UnsafeBufferPointer(rebasing: bytes[start..<end])
        if let date = parseISO8601(trimmed) ?? parseRFC822(trimmed) { return date }
        return parseLoose(trimmed)
    }

    // MARK: RFC 822 as RSS writes it, read without tokens

    /// `[Www, ]D[D] Mon YYYY HH:MM[:SS] ±HHMM|ZONE` (a zone name in capitals): most RSS dates.
    /// Anything else is nil here and goes to the tolerant reader.
    private static func parseRFC822(_ bytes: UnsafeBufferPointer<UInt8>) -> Date? {
        var index = 0
        let count = bytes.count
        func number(_ minimum: Int, _ maximum: Int) -> Int? {
            var value = 0
            let start = index
            while index < count, index - start < maximum, isDigit(bytes[index]) {
                value = value * 10 + Int(bytes[index] - 48)
                index += 1
            }
            return index - start >= minimum ? value : nil
        }
        func skip(_ byte: UInt8) -> Bool {
            guard index < count, bytes[index] == byte else { return false }
            index += 1
            return true
        }
        if count > 4, isLetter(bytes[0]), bytes[3] == UInt8(ascii: ",") {
            index = 4
            while index < count, bytes[index] == 0x20 { index += 1 }
        }
        guard let day = number(1, 2), skip(0x20), index + 4 <= count else { return nil }
        guard let month = monthNumber(bytes[index], bytes[index + 1], bytes[index + 2]), bytes[index + 3] == 0x20 else { return nil }
        index += 4
        guard let year = number(4, 4), skip(0x20), let hour = number(2, 2), skip(UInt8(ascii: ":")), let minute = number(2, 2) else { return nil }
        var second = 0
        if skip(UInt8(ascii: ":")) {
            guard let parsed = number(2, 2) else { return nil }
            second = parsed
        }
        guard skip(0x20), index < count else { return nil }
        let offset: Int
        let sign = bytes[index]
        if sign == UInt8(ascii: "+") || sign == UInt8(ascii: "-") {
            index += 1
            guard let zone = number(4, 4) else { return nil }
            offset = ((zone / 100) * 3600 + (zone % 100) * 60) * (sign == UInt8(ascii: "-") ? -1 : 1)
        } else {
            guard let zone = namedZoneOffset(String(decoding: UnsafeBufferPointer(rebasing: bytes[index...]), as: UTF8.self)) else { return nil }
            offset = zone
            index = count
        }
        guard index == count else { return nil }
        return makeDate(year: year, month: month, day: day, hour: hour, minute: minute, second: second, offsetSeconds: offset)
    }

    /// The month of a three-letter abbreviation, in any case.
    private static func monthNumber(_ first: UInt8, _ second: UInt8, _ third: UInt8) -> Int? {
        func pack(_ name: StaticString) -> UInt32 {
            let bytes = name.utf8Start
            return UInt32(bytes[0]) << 16 | UInt32(bytes[1]) << 8 | UInt32(bytes[2])
        }
        switch UInt32(first | 0x20) << 16 | UInt32(second | 0x20) << 8 | UInt32(third | 0x20) {
        case pack("jan"): return 1
        case pack("feb"): return 2
        case pack("mar"): return 3
        case pack("apr"): return 4
        case pack("may"): return 5
        case pack("jun"): return 6
        case pack("jul"): return 7
        case pack("aug"): return 8
        case pack("sep"): return 9
        case pack("oct"): return 10
        case pack("nov"): return 11
        case pack("dec"): return 12
        default: return nil
        }
    }

    // MARK: ISO 8601 / RFC 3339 / W3C-DTF

    private static func parseISO8601(_ bytes: UnsafeBufferPointer<UInt8>) -> Date? {
        var index = 0
        func digits(_ count: Int) -> Int? {
            guard index + count <= bytes.count else { return nil }
            var value = 0
            for offset in 0..<count {
                let byte = bytes[index + offset]
                guard isDigit(byte) else { return nil }
                value = value * 10 + Int(byte - 48)
            }
            index += count
            return value
        }
        func skip(_ byte: UInt8) -> Bool {
            if index < bytes.count, bytes[index] == byte { index += 1; return true }
            return false
        }
        guard let year = digits(4) else { return nil }
        var month = 1, day = 1, hour = 0, minute = 0, second = 0
        var offsetSeconds = 0
        if index == bytes.count { return makeDate(year: year, month: 1, day: 1) }
        let extended = skip(UInt8(ascii: "-"))
        guard let parsedMonth = digits(2) else { return nil }
        month = parsedMonth
        if index == bytes.count { return makeDate(year: year, month: month, day: 1) }
        if extended { guard skip(UInt8(ascii: "-")) else { return nil } }
        guard let parsedDay = digits(2) else { return nil }
        day = parsedDay
        if index < bytes.count {
            guard bytes[index] == UInt8(ascii: "T") || bytes[index] == UInt8(ascii: "t") || bytes[index] == UInt8(ascii: " ") else { return nil }
            index += 1
            while index < bytes.count, bytes[index] == UInt8(ascii: " ") { index += 1 }
            guard let parsedHour = digits(2) else { return nil }
            hour = parsedHour
            let timeExtended = skip(UInt8(ascii: ":"))
            guard let parsedMinute = digits(2) else { return nil }
            minute = parsedMinute
            if index < bytes.count, (timeExtended && bytes[index] == UInt8(ascii: ":")) || (!timeExtended && isDigit(bytes[index])) {
                if timeExtended { index += 1 }
                guard let parsedSecond = digits(2) else { return nil }
                second = parsedSecond
            }
            if index < bytes.count, bytes[index] == UInt8(ascii: ".") || bytes[index] == UInt8(ascii: ",") {
                index += 1
                while index < bytes.count, isDigit(bytes[index]) { index += 1 }
            }
            while index < bytes.count, bytes[index] == UInt8(ascii: " ") { index += 1 }
            if index < bytes.count {
                let sign = bytes[index]
                if sign == UInt8(ascii: "Z") || sign == UInt8(ascii: "z") {
                    index += 1
                } else if sign == UInt8(ascii: "+") || sign == UInt8(ascii: "-") {
                    index += 1
                    guard let zoneHours = digits(2) else { return nil }
                    _ = skip(UInt8(ascii: ":"))
                    let zoneMinutes = digits(2) ?? 0
                    offsetSeconds = (zoneHours * 3600 + zoneMinutes * 60) * (sign == UInt8(ascii: "-") ? -1 : 1)
                } else {
                    // A named zone after an ISO time ("2025-02-06 11:30:00 GMT").
                    let rest = String(decoding: UnsafeBufferPointer(rebasing: bytes[index...]), as: UTF8.self)
                    guard let zone = namedZoneOffset(rest.uppercased()) else { return nil }
                    offsetSeconds = zone
                    index = bytes.count
                }
            }
        }
        guard index == bytes.count else { return nil }
        return makeDate(year: year, month: month, day: day, hour: hour, minute: minute, second: second, offsetSeconds: offsetSeconds)
    }

    // MARK: RFC 822 and friends, read as tokens

    private enum Token {
        case number(Int, digits: Int)
        case word(String)
        case time(Int, Int, Int)
        case offset(Int)
    }

    private static func tokenize(_ bytes: UnsafeBufferPointer<UInt8>) -> [Token]? {
        var tokens: [Token] = []
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            if isDigit(byte) {
                var value = 0
                var count = 0
                while index < bytes.count, isDigit(bytes[index]) { value = value * 10 + Int(bytes[index] - 48); index += 1; count += 1 }
                guard count <= 4 else { return nil }
                if index < bytes.count, bytes[index] == UInt8(ascii: ":"), count <= 2 {
                    // hh:mm[:ss]
                    index += 1
                    var minute = 0, minuteDigits = 0
                    while index < bytes.count, isDigit(bytes[index]) { minute = minute * 10 + Int(bytes[index] - 48); index += 1; minuteDigits += 1 }
                    guard minuteDigits == 2 else { return nil }
                    var second = 0
                    if index < bytes.count, bytes[index] == UInt8(ascii: ":") {
                        index += 1
                        var secondDigits = 0
                        while index < bytes.count, isDigit(bytes[index]) { second = second * 10 + Int(bytes[index] - 48); index += 1; secondDigits += 1 }
                        guard secondDigits == 2 else { return nil }
                        if index < bytes.count, bytes[index] == UInt8(ascii: ".") {
                            index += 1
                            while index < bytes.count, isDigit(bytes[index]) { index += 1 }
                        }
                    }
                    tokens.append(.time(value, minute, second))
                } else {
                    tokens.append(.number(value, digits: count))
                }
            } else if (byte == UInt8(ascii: "+") || byte == UInt8(ascii: "-")), index + 1 < bytes.count, isDigit(bytes[index + 1]),
                      tokens.contains(where: { if case .time = $0 { return true }; return false }) {
                let negative = byte == UInt8(ascii: "-")
                index += 1
                var digitsSeen: [Int] = []
                while index < bytes.count, isDigit(bytes[index]) || bytes[index] == UInt8(ascii: ":") {
                    if isDigit(bytes[index]) { digitsSeen.append(Int(bytes[index] - 48)) }
                    index += 1
                }
                let hours: Int, minutes: Int
                switch digitsSeen.count {
                case 1, 2: hours = digitsSeen.reduce(0) { $0 * 10 + $1 }; minutes = 0
                case 3: hours = digitsSeen[0]; minutes = digitsSeen[1] * 10 + digitsSeen[2]
                case 4: hours = digitsSeen[0] * 10 + digitsSeen[1]; minutes = digitsSeen[2] * 10 + digitsSeen[3]
                default: return nil
                }
                tokens.append(.offset((hours * 3600 + minutes * 60) * (negative ? -1 : 1)))
            } else if isLetter(byte) {
                let start = index
                while index < bytes.count, isLetter(bytes[index]) { index += 1 }
                tokens.append(.word(String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<index]), as: UTF8.self).lowercased()))
            } else {
                index += 1  // separators: space , - / . ( )
            }
        }
        return tokens
    }

    private static func parseLoose(_ bytes: UnsafeBufferPointer<UInt8>) -> Date? {
        guard let tokens = tokenize(bytes) else { return nil }
        var day: Int?, month: Int?, year: Int?, yearDigits = 0
        var time: (Int, Int, Int)?
        var offset: Int?
        var numbers: [(Int, Int)] = []
        var meridiem: String?
        for token in tokens {
            switch token {
            case .word(let word):
                if let value = monthNumber(word), month == nil {
                    month = value
                } else if word == "am" || word == "pm" {
                    meridiem = word
                } else if time != nil, offset == nil, let zone = namedZoneOffset(word.uppercased()) {
                    offset = zone
                }
            // Weekdays, "at", "of" and unknown words are ignored.
            case .number(let value, let digits):
                numbers.append((value, digits))
            case .time(let hour, let minute, let second):
                if time == nil { time = (hour, minute, second) }
            case .offset(let seconds):
                if offset == nil { offset = seconds }
            }
        }
        guard let foundMonth = month else { return nil }
        // With a month name, numbers are the day and the year in either order.
        for (value, digits) in numbers {
            if digits >= 3 || value > 31 {
                if year == nil { year = value; yearDigits = digits }
            } else if day == nil {
                day = value
            } else if year == nil {
                year = value; yearDigits = digits
            }
        }
        guard var foundYear = year, let foundDay = day else { return nil }
        if yearDigits <= 2 { foundYear += foundYear < 50 ? 2000 : 1900 }
        var (hour, minute, second) = time ?? (0, 0, 0)
        if let meridiem {
            if meridiem == "pm" && hour < 12 { hour += 12 }
            if meridiem == "am" && hour == 12 { hour = 0 }
        }
        return makeDate(year: foundYear, month: foundMonth, day: foundDay, hour: hour, minute: minute, second: second,
                        offsetSeconds: offset ?? 0)
    }

    private static func monthNumber(_ word: String) -> Int? {
        let letters = Array(word.utf8)
        guard letters.count >= 3, let month = monthNumber(letters[0], letters[1], letters[2]) else { return nil }
        let index = month - 1
        let full = ["january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november", "december"]
        // "Sept" is common; otherwise the word must be the name or its abbreviation.
        guard word.count == 3 || full[index].hasPrefix(word) || word == "sept" else { return nil }
        return index + 1
    }

    /// Offsets of the zone names RFC 822 allows, the military letters, and the
    /// common abbreviations feeds use.
    static func namedZoneOffset(_ name: String) -> Int? {
        let hours: Int
        switch name {
        case "GMT", "UT", "UTC", "Z", "WET", "ZULU": hours = 0
        case "EST": hours = -5
        case "EDT": hours = -4
        case "CST": hours = -6
        case "CDT": hours = -5
        case "MST": hours = -7
        case "MDT": hours = -6
        case "PST": hours = -8
        case "PDT": hours = -7
        case "AKST": hours = -9
        case "AKDT": hours = -8
        case "HST": hours = -10
        case "BST", "CET", "WEST": hours = 1
        case "CEST", "EET": hours = 2
        case "EEST", "MSK": hours = 3
        case "IST": return 5 * 3600 + 1800
        case "JST", "KST": hours = 9
        case "AEST": hours = 10
        case "AEDT": hours = 11
        case "NZST": hours = 12
        case "NZDT": hours = 13
        default:
            guard name.count == 1, let letter = name.unicodeScalars.first?.value else { return nil }
            // Military zones: A–I = +1…+9, K–M = +10…+12, N–Y = −1…−12, J unused.
            switch letter {
            case 65...73: hours = Int(letter) - 64
            case 75...77: hours = Int(letter) - 65
            case 78...89: hours = -(Int(letter) - 77)
            default: return nil
            }
        }
        return hours * 3600
    }

    static func makeDate(year: Int, month: Int, day: Int, hour: Int = 0, minute: Int = 0, second: Int = 0, offsetSeconds: Int = 0) -> Date? {
        guard (1...12).contains(month), (1...31).contains(day), (0...24).contains(hour), (0...59).contains(minute),
              (0...60).contains(second), (1000...9999).contains(year) else { return nil }
        guard day <= daysIn(month: month, year: year) else { return nil }
        let days = daysFromCivil(year: year, month: month, day: day)
        let seconds = days * 86_400 + hour * 3600 + minute * 60 + min(second, 59) - offsetSeconds
        return Date(timeIntervalSince1970: TimeInterval(seconds))
    }

    private static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    /// Days since 1970-01-01 (Howard Hinnant's algorithm).
    static func daysFromCivil(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let dayOfYear = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    @inline(__always) private static func isDigit(_ byte: UInt8) -> Bool { byte >= 48 && byte <= 57 }
    @inline(__always) private static func isLetter(_ byte: UInt8) -> Bool { (byte | 0x20) >= 97 && (byte | 0x20) <= 122 }
    @inline(__always) private static func isSpace(_ byte: UInt8) -> Bool { byte == 32 || byte == 9 || byte == 10 || byte == 13 }
}

/// ISO 8601 in UTC with a `Z` and whole seconds, as the normalized document wants.
public enum ISO8601Formatting {
    public static func string(from date: Date) -> String {
        let total = Int(date.timeIntervalSince1970.rounded(.down))
        var days = total / 86_400
        var secondsOfDay = total % 86_400
        if secondsOfDay < 0 { secondsOfDay += 86_400; days -= 1 }
        // Inverse of daysFromCivil.
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let mp = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        let year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
        func pad(_ value: Int, _ width: Int) -> String {
            let text = String(value)
            return text.count >= width ? text : String(repeating: "0", count: width - text.count) + text
        }
        return "\(pad(year, 4))-\(pad(month, 2))-\(pad(day, 2))T\(pad(secondsOfDay / 3600, 2)):\(pad(secondsOfDay % 3600 / 60, 2)):\(pad(secondsOfDay % 60, 2))Z"
    }
}
