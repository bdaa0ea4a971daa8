/// Lines that start with a full date and time (bare or in brackets) and print no level: a development server's
/// request lines, a script's progress, an application's own `time message` layout.
///
///     [07/May/2024 12:43:47] "GET /api/items HTTP/1.1" 500 145          Django's development server
///     2024-05-04 12:43:47 Starting backup of /var/lib/app               a script
///
/// The record has the time and no level: what it says (a failed response, a failure in words) decides whether it
/// is a problem. Read after every other format; a line whose first word after the time is a level is theirs.
public struct TimestampedTextFormat: LogFormat {
    public init() {}
    public var name: String { "timestamped" }
    public var isGeneric: Bool { true }

    private static let leveled = LeveledTextFormat()

    public func parse(_ line: UnsafeBufferPointer<UInt8>) -> ParsedLine? {
        // a level anywhere in the header makes it the leveled shape (`[time] production.ERROR: …`)
        if let leveled = Self.leveled.parse(line), leveled.severity != nil { return nil }
        var cursor = ByteCursor(line)
        let bracketed = cursor.consume(UInt8(ascii: "["))
        guard cursor.peek()?.isASCIIDigit == true || cursor.peek()?.isASCIIUpper == true else { return nil }
        let start = cursor.position
        guard let time = TimestampScanner.scan(&cursor),
            // a date and a clock, not a clock alone
            cursor.position - start >= 14, line[start..<cursor.position].contains(where: { $0 == UInt8(ascii: "-") || $0 == UInt8(ascii: "/") || $0.isASCIILetter })
        else { return nil }
        if bracketed { guard cursor.consume(UInt8(ascii: "]")) else { return nil } }
        guard cursor.skipSpaces() > 0, !cursor.isAtEnd else { return nil }
        let message = cursor.string(cursor.position..<line.count)
        guard TextFormatSupport.leadingLevel(message) == nil else { return nil }
        return ParsedLine(time: time, message: message)
    }

    public var examples: [FormatExample] {
        [
            FormatExample(
                #"[07/May/2024 12:43:47] "GET /api/items HTTP/1.1" 500 145"#, time: "2024-05-07T12:43:47.000Z",
                message: #""GET /api/items HTTP/1.1" 500 145"#),
            FormatExample(
                "2024-05-04 12:43:47 Starting backup of /var/lib/app", time: "2024-05-04T12:43:47.000Z",
                message: "Starting backup of /var/lib/app"),
            .rejects("12:43:47 job done"),
            .rejects("2024-05-04 12:43:47 ERROR payment failed"),
            .rejects("[2024-05-04 12:43:47] production.ERROR: payment failed"),
        ]
    }
}
