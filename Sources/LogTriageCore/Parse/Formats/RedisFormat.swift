/// Redis server logs (3.0 and later):
///
///     1:C 15 Sep 2025 08:00:00.000 # WARNING The TCP backlog setting of 511 cannot be enforced.
///     1:M 15 Sep 2025 08:00:00.012 * Ready to accept connections tcp
///
/// `pid:role dd Mon yyyy hh:mm:ss.mmm mark message`: the role is X (sentinel), C (child), S (replica) or
/// M (master), and the mark is the level: `.` debug, `-` verbose, `*` notice, `#` warning. The role becomes the
/// logger, so a save child's lines are told from the server's.
public struct RedisFormat: LogFormat {
    public init() {}
    public var name: String { "redis" }

    public func parse(_ line: UnsafeBufferPointer<UInt8>) -> ParsedLine? {
        var cursor = ByteCursor(line)
        guard let pid = cursor.readNumber(maxCount: 10), cursor.consume(UInt8(ascii: ":")), let role = cursor.peek(),
            Self.roles[role] != nil
        else { return nil }
        cursor.advance()
        guard cursor.consume(0x20), let day = cursor.readNumber(maxCount: 2), cursor.consume(0x20),
            let month = TimestampScanner.scanMonthName(&cursor), cursor.consume(0x20), let year = cursor.readDigits(4),
            cursor.consume(0x20), var time = TimestampScanner.scanClock(&cursor, allowDotSeparators: false),
            cursor.consume(0x20), let mark = cursor.peek(), let level = Self.levels[mark]
        else { return nil }
        time.year = year
        time.month = month
        time.day = day
        guard time.isValid else { return nil }
        cursor.advance()
        cursor.skipSpaces()
        return ParsedLine(
            time: .civil(time), severity: Severity(level), logger: Self.roles[role], pid: pid, message: cursor.rest)
    }

    private static let roles: [UInt8: String] = [
        UInt8(ascii: "X"): "sentinel", UInt8(ascii: "C"): "child", UInt8(ascii: "S"): "replica",
        UInt8(ascii: "M"): "master",
    ]

    private static let levels: [UInt8: Level] = [
        UInt8(ascii: "."): .debug, UInt8(ascii: "-"): .debug, UInt8(ascii: "*"): .info, UInt8(ascii: "#"): .warning,
    ]

    public var examples: [FormatExample] {
        [
            FormatExample(
                "1:C 15 Sep 2025 08:00:00.000 # WARNING The TCP backlog setting of 511 cannot be enforced.",
                time: "2025-09-15T08:00:00.000Z", level: .warning, logger: "child", pid: 1,
                message: "WARNING The TCP backlog setting of 511 cannot be enforced."),
            FormatExample(
                "1:M 15 Sep 2025 08:00:00.012 * Ready to accept connections tcp", level: .info, logger: "master",
                message: "Ready to accept connections tcp"),
            FormatExample(
                "27:S 03 Jan 2024 23:59:59.999 - Accepted 10.0.0.7:51234", time: "2024-01-03T23:59:59.999Z",
                level: .debug, logger: "replica", pid: 27, message: "Accepted 10.0.0.7:51234"),
            .rejects("1:M 15 Sep 2025 08:00:00.012 Ready to accept connections"),
            .rejects("2024-05-04 12:43:47,913 - app - ERROR - Failed"),
            .rejects("12:43:47 web-1 INFO ready"),
        ]
    }
}
