/// `java.util.logging`'s default `SimpleFormatter`: each record on two lines, the time and the caller, then the
/// level and the message (a trace, if any, follows):
///
///     Feb 27, 2024 12:00:01 PM com.example.db.Pool connect
///     SEVERE: Failed to connect to database
///
/// The first line starts the record (the class is its logger); the second continues it and gives its level and
/// message.
public struct JavaUtilLoggingFormat: LogFormat {
    public init() {}
    public var name: String { "java-util-logging" }

    public func parse(_ line: UnsafeBufferPointer<UInt8>) -> ParsedLine? {
        guard let first = line.first else { return nil }
        if first.isASCIIUpper, let level = levelLine(line) { return level }
        var cursor = ByteCursor(line)
        guard let month = TimestampScanner.scanMonthName(&cursor), cursor.consume(0x20),
            let day = cursor.readNumber(maxCount: 2), cursor.consume(UInt8(ascii: ",")), cursor.consume(0x20),
            let year = cursor.readDigits(4), cursor.consume(0x20),
            var time = TimestampScanner.scanClock(&cursor, allowDotSeparators: false), cursor.consume(0x20)
        else { return nil }
        let meridiem = cursor.read(while: { $0.isASCIIUpper })
        let marker = TraceSyntax.string(line, meridiem)
        guard marker == "AM" || marker == "PM", cursor.consume(0x20), time.hour >= 1, time.hour <= 12 else { return nil }
        time.hour = time.hour % 12 + (marker == "PM" ? 12 : 0)
        time.year = year
        time.month = month
        time.day = day
        guard time.isValid else { return nil }
        // `com.example.db.Pool connect`: the class, then the method
        let className = cursor.read(while: { $0 > 0x20 })
        guard !className.isEmpty else { return nil }
        cursor.skipSpaces()
        let method = cursor.rest
        return ParsedLine(
            time: .civil(time), logger: TraceSyntax.string(line, className),
            source: method.isEmpty ? nil : SourceLocation(function: method), message: "")
    }

    /// `SEVERE: message`, with one of the logging package's level names.
    private func levelLine(_ line: UnsafeBufferPointer<UInt8>) -> ParsedLine? {
        var cursor = ByteCursor(line)
        let word = cursor.read(while: { $0.isASCIIUpper })
        // one space, then the message (uvicorn pads its `INFO:` to a column)
        guard let level = Self.levels[TraceSyntax.string(line, word)], cursor.consume(UInt8(ascii: ":")), cursor.consume(0x20),
            cursor.peek() != 0x20
        else { return nil }
        var parsed = ParsedLine(severity: Severity(level), message: cursor.rest)
        parsed.continuesRecord = true
        return parsed
    }

    private static let levels: [String: Level] = [
        "SEVERE": .error, "WARNING": .warning, "INFO": .info, "CONFIG": .debug, "FINE": .debug, "FINER": .trace,
        "FINEST": .trace,
    ]

    public var examples: [FormatExample] {
        [
            FormatExample(
                "Feb 27, 2024 12:00:01 PM com.example.db.Pool connect", time: "2024-02-27T12:00:01.000Z",
                logger: "com.example.db.Pool", message: ""),
            FormatExample("Feb 27, 2024 9:15:00 AM com.example.App main", time: "2024-02-27T09:15:00.000Z", logger: "com.example.App", message: ""),
            FormatExample("SEVERE: Failed to connect to database", level: .error, message: "Failed to connect to database"),
            .rejects("Feb 27 2024 12:00:01 com.example.App main"),
            .rejects("ERROR: not a java.util.logging level"),
        ]
    }
}
