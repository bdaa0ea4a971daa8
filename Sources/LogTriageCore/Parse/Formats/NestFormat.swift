/// NestJS's console logger (Node):
///
///     [Nest] 1  - 03/04/2025, 10:05:12 AM   ERROR [ExceptionsHandler] Cannot read properties of undefined
///
/// `[app] pid  - date, time   LEVEL [context] message`: the app name in brackets (`Nest` unless the application
/// renamed it), the process id, the date and clock as `Intl` prints them in `en-US` (month first, 12-hour clock), the
/// level (`LOG` is info, `VERBOSE` below debug), the context as the logger. A trailing `+12ms` (time since the last
/// line) is dropped from the message.
public struct NestFormat: LogFormat {
    public init() {}
    public var name: String { "nest" }

    public func parse(_ line: UnsafeBufferPointer<UInt8>) -> ParsedLine? {
        var cursor = ByteCursor(line)
        guard cursor.consume(UInt8(ascii: "[")) else { return nil }
        let app = cursor.read(while: { $0 != UInt8(ascii: "]") && $0 != 0x20 })
        guard !app.isEmpty, cursor.consume(UInt8(ascii: "]")), cursor.consume(0x20) else { return nil }
        guard let pid = cursor.readNumber(maxCount: 10), cursor.skipSpaces() > 0, cursor.consume("- ") else { return nil }
        guard let time = Self.time(&cursor), cursor.skipSpaces() > 0 else { return nil }
        let word = cursor.read(while: { $0.isASCIIUpper })
        guard let level = Self.levels[cursor.string(word)] else { return nil }
        _ = cursor.skipSpaces()
        var logger: String?
        if cursor.peek() == UInt8(ascii: "["), let close = cursor.firstIndex(of: UInt8(ascii: "]")) {
            logger = cursor.string((cursor.position + 1)..<close)
            cursor.position = close + 1
            _ = cursor.skipSpaces()
        }
        var message = cursor.rest
        // `+12ms`: the time since the previous line, different on every line
        if let plus = message.lastIndex(of: "+"), message[message.index(after: plus)...].hasSuffix("ms"),
            message[message.index(after: plus)..<message.index(message.endIndex, offsetBy: -2)].allSatisfy(\.isNumber)
        {
            message = String(message[..<plus])
            while message.last == " " { message.removeLast() }
        }
        return ParsedLine(
            time: time, severity: Severity(level), logger: logger, pid: pid, message: message,
            attributes: [Attribute("app", .string(cursor.string(app)))])
    }

    private static let levels: [String: Level] = [
        "LOG": .info, "ERROR": .error, "WARN": .warning, "DEBUG": .debug, "VERBOSE": .trace, "FATAL": .critical,
    ]

    /// `03/04/2025, 10:05:12 AM`: month, day and year, then a 12-hour clock (a 24-hour one without the mark).
    private static func time(_ cursor: inout ByteCursor) -> ParsedTime? {
        guard let month = cursor.readNumber(maxCount: 2), cursor.consume(UInt8(ascii: "/")),
            let day = cursor.readNumber(maxCount: 2), cursor.consume(UInt8(ascii: "/")),
            let year = cursor.readDigits(4), cursor.consume(", "),
            var hour = cursor.readNumber(maxCount: 2), cursor.consume(UInt8(ascii: ":")),
            let minute = cursor.readDigits(2), cursor.consume(UInt8(ascii: ":")), let second = cursor.readDigits(2)
        else { return nil }
        if cursor.consume(" AM") {
            if hour == 12 { hour = 0 }
        } else if cursor.consume(" PM") {
            if hour < 12 { hour += 12 }
        }
        let civil = CivilTime(year: year, month: month, day: day, hour: hour, minute: minute, second: second)
        return civil.isValid ? .civil(civil) : nil
    }

    public var examples: [FormatExample] {
        [
            FormatExample(
                "[Nest] 1  - 03/04/2025, 10:05:12 PM   ERROR [ExceptionsHandler] Cannot read properties of undefined (reading 'id')",
                time: "2025-03-04T22:05:12.000Z", level: .error, logger: "ExceptionsHandler", pid: 1,
                message: "Cannot read properties of undefined (reading 'id')", attributes: ["app": "Nest"]),
            FormatExample(
                "[Nest] 4211  - 12/31/2024, 12:00:01 AM     LOG [InstanceLoader] AppModule dependencies initialized +12ms",
                time: "2024-12-31T00:00:01.000Z", level: .info, logger: "InstanceLoader", pid: 4211,
                message: "AppModule dependencies initialized"),
            .rejects("[GIN] 2024/05/04 - 12:43:47 | 502 |   30.012s |  10.0.0.7 | POST     \"/api/orders\""),
            .rejects("[main] INFO com.example.App - started"),
        ]
    }
}
