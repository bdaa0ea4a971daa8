/// Reads the timestamp shapes that log headers start with, from bytes, without allocating.
///
/// Recognised at the cursor (each followed by optional fractional seconds and an optional offset):
/// - ISO 8601 / RFC 3339 and the Python/Java variants: `2024-05-04T12:43:47.913Z`, `2024-05-04 12:43:47,913`,
///   `2024-05-04 12:43:47.913+02:00`, `2024/05/04 12:43:47` (Go), `2024.05.04 12:43:47`
/// - day-first and year-last dates: `04/05/2024 12:43:47` (the first number is the day when it is over 12,
///   else the month, as US tools write it), `17/06/09 20:10:40` (two-digit year first, Hadoop/Spark)
/// - BSD syslog and ctime: `May  4 12:43:47`, `Sat May  4 12:43:47 2024`, `May 04 2024 12:43:47`
/// - access logs: `04/May/2024:12:43:47 +0000`, `04/May/2024 12:43:47`
/// - month-day without year: `05-04 12:43:47.913` (Android)
/// - time only: `12:43:47`, `12:43:47.913`
/// With `compact`, also the digit runs some systems write: `20240504 124347`, `240504 124347`, `20240504-12:43:47:913`.
public enum TimestampScanner {
    public static func scan(_ cursor: inout ByteCursor, compact: Bool = false) -> ParsedTime? {
        let start = cursor.position
        if let time = scanBody(&cursor, compact: compact), time.isValid {
            return .civil(time)
        }
        cursor.position = start
        return nil
    }

    /// Scans a whole field (for example the text of a `<Date> <Time>` pattern): succeeds only if the timestamp
    /// spans the field, ignoring surrounding spaces and brackets.
    public static func parse(field bytes: UnsafeBufferPointer<UInt8>) -> ParsedTime? {
        var cursor = ByteCursor(bytes)
        cursor.skipSpaces()
        _ = cursor.consume(UInt8(ascii: "["))
        guard let time = scan(&cursor, compact: true) else { return nil }
        _ = cursor.consume(UInt8(ascii: "]"))
        _ = cursor.consume(UInt8(ascii: ","))
        cursor.skipSpaces()
        return cursor.isAtEnd ? time : nil
    }

    public static func parse(field text: String) -> ParsedTime? {
        var text = text
        return text.withUTF8 { parse(field: $0) }
    }

    private static func scanBody(_ cursor: inout ByteCursor, compact: Bool) -> CivilTime? {
        guard let first = cursor.peek() else { return nil }
        if first.isASCIIDigit {
            return scanNumericDate(&cursor, compact: compact)
        }
        if first.isASCIILetter {
            return scanNamedDate(&cursor)
        }
        return nil
    }

    // MARK: Dates that start with digits

    private static func scanNumericDate(_ cursor: inout ByteCursor, compact: Bool) -> CivilTime? {
        let start = cursor.position
        let leading = cursor.read(while: { $0.isASCIIDigit }).count
        cursor.position = start
        switch leading {
        case 4:
            // YYYY-MM-DD, YYYY/MM/DD, YYYY.MM.DD
            guard let year = cursor.readDigits(4), let separator = cursor.peek(),
                separator == UInt8(ascii: "-") || separator == UInt8(ascii: "/") || separator == UInt8(ascii: ".")
            else { return nil }
            cursor.advance()
            guard let month = cursor.readNumber(maxCount: 2), cursor.consume(separator),
                let day = cursor.readNumber(maxCount: 2)
            else { return nil }
            guard let dateTimeSeparator = cursor.peek() else {
                return CivilTime(year: year, month: month, day: day, hour: 0, minute: 0)
            }
            if dateTimeSeparator == UInt8(ascii: "T") || dateTimeSeparator == 0x20
                || dateTimeSeparator == UInt8(ascii: "-") || dateTimeSeparator == UInt8(ascii: ":")
                || dateTimeSeparator == UInt8(ascii: "_")
            {
                let beforeTime = cursor.position
                cursor.advance()
                // MariaDB pads a one-digit hour with a space: `2025-02-14  2:00:01`
                if dateTimeSeparator == 0x20, cursor.peek() == 0x20 { cursor.advance() }
                if var time = scanClock(&cursor, allowDotSeparators: dateTimeSeparator == UInt8(ascii: "-")) {
                    time.year = year
                    time.month = month
                    time.day = day
                    return time
                }
                cursor.position = beforeTime
            }
            return nil
        case 2, 1:
            guard let a = cursor.readNumber(maxCount: 2), let separator = cursor.peek() else { return nil }
            if separator == UInt8(ascii: ":") {
                cursor.position = start
                return scanClock(&cursor, allowDotSeparators: false)
            }
            guard separator == UInt8(ascii: "/") || separator == UInt8(ascii: "-") || separator == UInt8(ascii: ".")
            else { return nil }
            cursor.advance()
            if separator == UInt8(ascii: "/"), let monthName = cursor.peek(), monthName.isASCIILetter {
                return scanAccessLogDate(&cursor, day: a)
            }
            // `27-Feb-2024 12:00:00.123` (Tomcat, Java's `dd-MMM-yyyy`)
            if separator == UInt8(ascii: "-"), let monthName = cursor.peek(), monthName.isASCIILetter {
                guard let month = scanMonthName(&cursor), cursor.consume(separator), let year = cursor.readDigits(4),
                    cursor.consume(0x20), var time = scanClock(&cursor, allowDotSeparators: false)
                else { return nil }
                time.year = year
                time.month = month
                time.day = a
                return time
            }
            guard let b = cursor.readNumber(maxCount: 2) else { return nil }
            var year: Int?
            var month: Int
            var day: Int
            if cursor.consume(separator) {
                let yearStart = cursor.position
                guard let c = cursor.readNumber(maxCount: 4) else { return nil }
                if cursor.position - yearStart == 4 {
                    year = c
                    (month, day) = a > 12 ? (b, a) : (a, b)
                } else {
                    year = 2000 + a
                    (month, day) = (b, c)
                }
            } else {
                (month, day) = (a, b)  // month-day without a year (Android logcat)
            }
            guard let gap = cursor.peek(), gap == 0x20 || gap == UInt8(ascii: "T") || gap == UInt8(ascii: "-")
            else { return nil }
            cursor.advance()
            cursor.skipSpaces()
            guard var time = scanClock(&cursor, allowDotSeparators: false) else { return nil }
            time.year = year
            time.month = month
            time.day = day
            return time
        case 6 where compact, 8 where compact:
            // 240504 124347 / 20240504 124347 / 20240504-12:43:47:913
            guard let yearDigits = cursor.readDigits(leading == 8 ? 4 : 2), let month = cursor.readDigits(2),
                let day = cursor.readDigits(2)
            else { return nil }
            let year = leading == 8 ? yearDigits : 2000 + yearDigits
            guard cursor.consume(0x20) || cursor.consume(UInt8(ascii: "-")) || cursor.consume(UInt8(ascii: "T"))
            else { return nil }
            cursor.skipSpaces()
            let clockStart = cursor.position
            if let hhmmss = cursor.readDigits(6), cursor.peek().map({ !$0.isASCIIDigit }) ?? true {
                var time = CivilTime(
                    year: year, month: month, day: day, hour: hhmmss / 10_000, minute: hhmmss / 100 % 100,
                    second: hhmmss % 100)
                scanFraction(&cursor, into: &time)
                return time
            }
            cursor.position = clockStart
            guard var time = scanClock(&cursor, allowDotSeparators: false) else { return nil }
            if time.millisecond == 0, cursor.consume(UInt8(ascii: ":")), let ms = cursor.readNumber(maxCount: 3) {
                time.millisecond = ms
            }
            time.year = year
            time.month = month
            time.day = day
            return time
        default:
            return nil
        }
    }

    /// `04/May/2024:12:43:47 +0000` (also with a space before the clock, as Django's development server writes
    /// it), cursor after `04/`.
    private static func scanAccessLogDate(_ cursor: inout ByteCursor, day: Int) -> CivilTime? {
        guard let month = scanMonthName(&cursor), cursor.consume(UInt8(ascii: "/")),
            let year = cursor.readDigits(4), cursor.consume(UInt8(ascii: ":")) || cursor.consume(0x20),
            var time = scanClock(&cursor, allowDotSeparators: false)
        else { return nil }
        time.year = year
        time.month = month
        time.day = day
        return time
    }

    // MARK: Dates that start with a name

    /// `May  4 12:43:47`, `Sat May  4 12:43:47 2024`, `Sat May 04 12:43:47.123 UTC 2024`, `May 04 2024 12:43:47`.
    private static func scanNamedDate(_ cursor: inout ByteCursor) -> CivilTime? {
        let start = cursor.position
        if scanWeekdayName(&cursor) {
            guard cursor.consume(0x20) || cursor.consume(UInt8(ascii: ",")) else { return nil }
            cursor.skipSpaces()
        } else {
            cursor.position = start
        }
        guard let month = scanMonthName(&cursor) else { return nil }
        guard cursor.skipSpaces() > 0 || cursor.consume(UInt8(ascii: "-")) else { return nil }
        guard let day = cursor.readNumber(maxCount: 2) else { return nil }
        _ = cursor.consume(UInt8(ascii: ","))
        guard cursor.skipSpaces() > 0 else { return nil }
        var year: Int?
        let afterDay = cursor.position
        if let maybeYear = cursor.readDigits(4), cursor.skipSpaces() > 0 {
            year = maybeYear
        } else {
            cursor.position = afterDay
        }
        guard var time = scanClock(&cursor, allowDotSeparators: false) else { return nil }
        if year == nil {
            // ctime puts the year after the clock, sometimes after a zone name.
            let afterClock = cursor.position
            if cursor.consume(0x20) {
                if cursor.consume("UTC ") || cursor.consume("GMT ") { time.utcOffset = 0 }
                if let trailingYear = cursor.readDigits(4), cursor.peek().map({ !$0.isASCIIDigit }) ?? true {
                    year = trailingYear
                } else {
                    cursor.position = afterClock
                }
            }
        }
        time.year = year
        time.month = month
        time.day = day
        return time
    }

    private static func scanWeekdayName(_ cursor: inout ByteCursor) -> Bool {
        guard cursor.remaining >= 3 else { return false }
        let key = threeLetterKey(cursor)
        switch key {
        case "MON", "TUE", "WED", "THU", "FRI", "SAT", "SUN":
            cursor.advance(3)
            // Accept the long forms too (Monday, Tuesday …).
            _ = cursor.read(while: { $0.isASCIILetter })
            return true
        default:
            return false
        }
    }

    static func scanMonthName(_ cursor: inout ByteCursor) -> Int? {
        guard cursor.remaining >= 3 else { return nil }
        let month: Int
        switch threeLetterKey(cursor) {
        case "JAN": month = 1
        case "FEB": month = 2
        case "MAR": month = 3
        case "APR": month = 4
        case "MAY": month = 5
        case "JUN": month = 6
        case "JUL": month = 7
        case "AUG": month = 8
        case "SEP": month = 9
        case "OCT": month = 10
        case "NOV": month = 11
        case "DEC": month = 12
        default: return nil
        }
        cursor.advance(3)
        _ = cursor.read(while: { $0.isASCIILetter })  // January, Sept.
        _ = cursor.consume(UInt8(ascii: "."))
        return month
    }

    private static func threeLetterKey(_ cursor: ByteCursor) -> String {
        var key = ""
        for offset in 0..<3 {
            guard let byte = cursor.peek(offset), byte.isASCIILetter else { return "" }
            key.unicodeScalars.append(Unicode.Scalar(byte.uppercasedASCII))
        }
        return key
    }

    // MARK: Clock, fraction, offset

    /// `HH:MM[:SS][.fff][Z|±HH:MM|±HHMM| UTC]`; with `allowDotSeparators`, also `HH.MM.SS` (DB2/BGL style).
    static func scanClock(_ cursor: inout ByteCursor, allowDotSeparators: Bool) -> CivilTime? {
        let start = cursor.position
        guard let hour = cursor.readNumber(maxCount: 2) else { return nil }
        let separator: UInt8
        if cursor.consume(UInt8(ascii: ":")) {
            separator = UInt8(ascii: ":")
        } else if allowDotSeparators, cursor.consume(UInt8(ascii: ".")) {
            separator = UInt8(ascii: ".")
        } else {
            cursor.position = start
            return nil
        }
        guard let minute = cursor.readDigits(2) else {
            cursor.position = start
            return nil
        }
        var time = CivilTime(hour: hour, minute: minute)
        let beforeSeconds = cursor.position
        if cursor.consume(separator), let second = cursor.readDigits(2) {
            time.second = second
            scanFraction(&cursor, into: &time)
        } else {
            cursor.position = beforeSeconds
        }
        scanOffset(&cursor, into: &time)
        return time
    }

    static func scanFraction(_ cursor: inout ByteCursor, into time: inout CivilTime) {
        let beforeFraction = cursor.position
        guard cursor.consume(UInt8(ascii: ".")) || cursor.consume(UInt8(ascii: ",")) else { return }
        let digits = cursor.read(while: { $0.isASCIIDigit })
        guard !digits.isEmpty else {
            cursor.position = beforeFraction
            return
        }
        var ms = 0
        var scale = 100
        for index in digits.prefix(3) {
            ms += Int(cursor.bytes[index] - UInt8(ascii: "0")) * scale
            scale /= 10
        }
        time.millisecond = ms
    }

    static func scanOffset(_ cursor: inout ByteCursor, into time: inout CivilTime) {
        let start = cursor.position
        if cursor.consume(UInt8(ascii: "Z")) {
            // A `Z` glued to an identifier is not a zone.
            if let next = cursor.peek(), next.isIdentifierByte {
                cursor.position = start
                return
            }
            time.utcOffset = 0
            return
        }
        _ = cursor.consume(0x20)  // `12:43:47 +0000` (access logs, gunicorn)
        if let sign = cursor.peek(), sign == UInt8(ascii: "+") || sign == UInt8(ascii: "-") {
            cursor.advance()
            if let hours = cursor.readDigits(2) {
                _ = cursor.consume(UInt8(ascii: ":"))
                let minutes = cursor.readDigits(2) ?? 0
                if cursor.peek().map({ !$0.isASCIIDigit }) ?? true, hours <= 14, minutes < 60 {
                    let offset = hours * 3600 + minutes * 60
                    time.utcOffset = sign == UInt8(ascii: "-") ? -offset : offset
                    return
                }
            }
        } else if cursor.consume("UTC") || cursor.consume("GMT") {
            if cursor.peek().map({ !$0.isASCIILetter }) ?? true {
                time.utcOffset = 0
                return
            }
        }
        cursor.position = start
    }
}
