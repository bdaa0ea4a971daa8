#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// An instant, in milliseconds since 1970-01-01T00:00:00Z. Everything downstream of parsing uses UTC.
public struct Timestamp: Sendable, Hashable, Comparable, Codable {
    public var millisecondsSinceEpoch: Int64

    public init(millisecondsSinceEpoch: Int64) { self.millisecondsSinceEpoch = millisecondsSinceEpoch }

    /// The current time, as the tracker records it.
    public static var now: Timestamp {
        var spec = timespec()
        clock_gettime(CLOCK_REALTIME, &spec)
        return Timestamp(millisecondsSinceEpoch: Int64(spec.tv_sec) * 1000 + Int64(spec.tv_nsec) / 1_000_000)
    }

    /// A UTC civil date and time.
    public init(year: Int, month: Int, day: Int, hour: Int = 0, minute: Int = 0, second: Int = 0, millisecond: Int = 0) {
        let days = Int64(CivilDate.daysSinceEpoch(year: year, month: month, day: day))
        let seconds = days * 86_400 + Int64(hour * 3600 + minute * 60 + second)
        self.millisecondsSinceEpoch = seconds * 1000 + Int64(millisecond)
    }

    /// Interprets an epoch number whose unit is not stated, by magnitude: seconds, milliseconds,
    /// microseconds or nanoseconds (the forms JSON loggers write). Nil for values no unit makes a real time.
    public init?(epochValue: Double) {
        guard epochValue.isFinite, abs(epochValue) < 1e20 else { return nil }
        let magnitude = abs(epochValue)
        let milliseconds: Double
        switch magnitude {
        case ..<1e11: milliseconds = epochValue * 1000
        case ..<1e14: milliseconds = epochValue
        case ..<1e17: milliseconds = epochValue / 1000
        default: milliseconds = epochValue / 1_000_000
        }
        self.millisecondsSinceEpoch = Int64(milliseconds.rounded(.down))
    }

    public static func < (lhs: Timestamp, rhs: Timestamp) -> Bool {
        lhs.millisecondsSinceEpoch < rhs.millisecondsSinceEpoch
    }

    /// The UTC calendar date of this instant.
    public var date: CivilDate {
        CivilDate(daysSinceEpoch: Int(floorDivide(millisecondsSinceEpoch, 86_400_000)))
    }

    /// Milliseconds since the start of this instant's UTC day.
    public var millisecondOfDay: Int { Int(floorModulo(millisecondsSinceEpoch, 86_400_000)) }

    /// RFC 3339 in UTC with milliseconds: `2024-05-04T12:43:47.913Z`.
    public var rfc3339: String {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(24)
        appendRFC3339(to: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Appends ``rfc3339`` to `bytes` without building a `String` (the JSON writer's hot path).
    public func appendRFC3339(to bytes: inout [UInt8]) {
        let date = self.date
        let ms = millisecondOfDay
        @inline(__always) func two(_ value: Int) {
            bytes.append(UInt8(truncatingIfNeeded: 48 + value / 10))
            bytes.append(UInt8(truncatingIfNeeded: 48 + value % 10))
        }
        let year = max(0, min(9999, date.year))
        two(year / 100)
        two(year % 100)
        bytes.append(UInt8(ascii: "-"))
        two(date.month)
        bytes.append(UInt8(ascii: "-"))
        two(date.day)
        bytes.append(UInt8(ascii: "T"))
        two(ms / 3_600_000)
        bytes.append(UInt8(ascii: ":"))
        two(ms / 60_000 % 60)
        bytes.append(UInt8(ascii: ":"))
        two(ms / 1000 % 60)
        bytes.append(UInt8(ascii: "."))
        bytes.append(UInt8(truncatingIfNeeded: 48 + ms % 1000 / 100))
        two(ms % 100)
        bytes.append(UInt8(ascii: "Z"))
    }
}

/// A proleptic Gregorian calendar date.
public struct CivilDate: Sendable, Hashable, Comparable {
    public var year: Int
    public var month: Int
    public var day: Int

    public init(year: Int, month: Int, day: Int) {
        self.year = year
        self.month = month
        self.day = day
    }

    /// Days since 1970-01-01 (negative before), by the well-known days-from-civil algorithm.
    public static func daysSinceEpoch(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let dayOfYear = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    public init(daysSinceEpoch: Int) {
        let z = daysSinceEpoch + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let mp = (5 * dayOfYear + 2) / 153
        day = dayOfYear - (153 * mp + 2) / 5 + 1
        month = mp < 10 ? mp + 3 : mp - 9
        year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
    }

    public var daysSinceEpoch: Int { Self.daysSinceEpoch(year: year, month: month, day: day) }

    public static func < (lhs: CivilDate, rhs: CivilDate) -> Bool {
        (lhs.year, lhs.month, lhs.day) < (rhs.year, rhs.month, rhs.day)
    }
}

/// A time as a log line wrote it: possibly without a year, without a date, or without a UTC offset.
/// ``TimeResolver`` fills the gaps from context.
public struct CivilTime: Sendable, Hashable {
    public var year: Int?
    public var month: Int?
    public var day: Int?
    public var hour: Int
    public var minute: Int
    public var second: Int
    public var millisecond: Int
    /// Seconds east of UTC, when the line said.
    public var utcOffset: Int?

    public init(
        year: Int? = nil, month: Int? = nil, day: Int? = nil, hour: Int, minute: Int, second: Int = 0,
        millisecond: Int = 0, utcOffset: Int? = nil
    ) {
        self.year = year
        self.month = month
        self.day = day
        self.hour = hour
        self.minute = minute
        self.second = second
        self.millisecond = millisecond
        self.utcOffset = utcOffset
    }

    var isValid: Bool {
        hour < 24 && minute < 60 && second < 61 && (month.map { (1...12).contains($0) } ?? true)
            && (day.map { (1...31).contains($0) } ?? true)
    }
}

/// What a format read as a line's time.
public enum ParsedTime: Sendable, Hashable {
    /// A complete instant (epoch numbers, or text with date and offset).
    case instant(Timestamp)
    /// A civil time that may lack year, date or offset.
    case civil(CivilTime)
}

/// Turns ``ParsedTime`` into UTC instants for one stream, filling what a line left out:
/// a missing year or date comes from the last full date seen in the stream, else from the reference date
/// (the file's modification date); a missing offset is the last one the stream wrote (a container whose access
/// log says `+0100` writes its other lines in the same local time, when `learnsLocalOffset`), else
/// `defaultUTCOffset` (UTC unless `--tz` says otherwise). A time-only clock that runs backwards by more than
/// 12 hours is taken to have crossed midnight.
public struct TimeResolver: Sendable {
    public var referenceDate: CivilDate
    public var defaultUTCOffset: Int
    public var learnsLocalOffset: Bool
    private var lastDate: CivilDate?
    private var lastMillisecondOfDay: Int?
    /// The last offset the stream wrote that is not UTC's own `Z`/`+0000`.
    private var localOffset: Int?

    public init(referenceDate: CivilDate, defaultUTCOffset: Int = 0, learnsLocalOffset: Bool = false) {
        self.referenceDate = referenceDate
        self.defaultUTCOffset = defaultUTCOffset
        self.learnsLocalOffset = learnsLocalOffset
    }

    public mutating func resolve(_ time: ParsedTime) -> Timestamp {
        switch time {
        case .instant(let instant):
            lastDate = instant.date
            lastMillisecondOfDay = instant.millisecondOfDay
            return instant
        case .civil(let civil):
            var date: CivilDate
            let msOfDay = ((civil.hour * 60 + civil.minute) * 60 + civil.second) * 1000 + civil.millisecond
            if let month = civil.month, let day = civil.day {
                date = CivilDate(year: civil.year ?? lastDate?.year ?? referenceDate.year, month: month, day: day)
            } else {
                date = lastDate ?? referenceDate
                if let last = lastMillisecondOfDay, last - msOfDay > 12 * 3_600_000 {
                    date = CivilDate(daysSinceEpoch: date.daysSinceEpoch + 1)
                }
            }
            lastDate = date
            lastMillisecondOfDay = msOfDay
            if learnsLocalOffset, let written = civil.utcOffset, written != 0 { localOffset = written }
            let offset = civil.utcOffset ?? localOffset ?? defaultUTCOffset
            let ms = Int64(date.daysSinceEpoch) * 86_400_000 + Int64(msOfDay) - Int64(offset) * 1000
            return Timestamp(millisecondsSinceEpoch: ms)
        }
    }
}

@inlinable
func floorDivide(_ a: Int64, _ b: Int64) -> Int64 {
    let q = a / b
    return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q
}

@inlinable
func floorModulo(_ a: Int64, _ b: Int64) -> Int64 {
    let r = a % b
    return r < 0 ? r + b : r
}

extension Timestamp {
    /// Reads a time as people and ``rfc3339`` write it: `2026-03-12T10:00:00Z`, with any offset; without an
    /// offset it is UTC. A date alone is its midnight.
    public init?(rfc3339 text: String) {
        switch TimestampScanner.parse(field: text) {
        case .instant(let instant):
            self = instant
        case .civil(let civil):
            guard let year = civil.year, let month = civil.month, let day = civil.day else { return nil }
            let local = Timestamp(
                year: year, month: month, day: day, hour: civil.hour, minute: civil.minute, second: civil.second,
                millisecond: civil.millisecond)
            self.init(millisecondsSinceEpoch: local.millisecondsSinceEpoch - Int64(civil.utcOffset ?? 0) * 1000)
        case nil:
            return nil
        }
    }
}
