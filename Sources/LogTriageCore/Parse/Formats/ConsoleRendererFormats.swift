/// The console renderers structured loggers use in development, where the event comes first and its fields follow
/// as `key=value` pairs: the fields are attributes (an `error` field is the cause), not words of the message.
enum KeyValueTail {
    /// Splits `text` into the message and the `key=value` pairs that end it (values bare, `'quoted'` or
    /// `"quoted"`): the earliest place from which every word to the end is a pair. The message may be empty.
    static func split(_ text: Substring) -> (message: Substring, fields: [Attribute]) {
        var fields: [Attribute] = []
        var end = text.endIndex
        var cursor = text.endIndex
        // Read pairs backwards from the end: each must start after a space and run to the next pair.
        while cursor > text.startIndex {
            guard let (pair, start) = pairEnding(at: cursor, in: text) else { break }
            fields.insert(pair, at: 0)
            end = start
            cursor = start
            while cursor > text.startIndex, text[text.index(before: cursor)] == " " { cursor = text.index(before: cursor) }
            if cursor == text.startIndex { break }
        }
        var message = text[..<end]
        while message.last == " " { message = message.dropLast() }
        return (message, fields)
    }

    /// The pair that ends right before `end`, and where it starts.
    private static func pairEnding(at end: String.Index, in text: Substring) -> (Attribute, String.Index)? {
        let head = text[..<end]
        var valueStart: String.Index
        if let last = head.last, last == "'" || last == "\"" {
            guard let open = head.dropLast().lastIndex(of: last), open > head.startIndex else { return nil }
            valueStart = open
        } else {
            valueStart = head.lastIndex(of: " ").map { text.index(after: $0) } ?? head.startIndex
            guard let equals = head[valueStart...].firstIndex(of: "=") else { return nil }
            valueStart = text.index(after: equals)
        }
        guard valueStart > head.startIndex, head[head.index(before: valueStart)] == "=" else { return nil }
        let equals = head.index(before: valueStart)
        var keyStart = equals
        while keyStart > head.startIndex {
            let previous = head[head.index(before: keyStart)]
            guard previous.isLetter || previous.isNumber || previous == "_" || previous == "." || previous == "-" else { break }
            keyStart = head.index(before: keyStart)
        }
        guard keyStart < equals, head[keyStart].isLetter || head[keyStart] == "_" else { return nil }
        guard keyStart == head.startIndex || head[head.index(before: keyStart)] == " " else { return nil }
        var value = head[valueStart...]
        if let quote = value.first, quote == "'" || quote == "\"", value.count >= 2, value.last == quote {
            value = value.dropFirst().dropLast()
        }
        return (Attribute(String(head[keyStart..<equals]), .string(String(value))), keyStart)
    }
}

/// structlog's `ConsoleRenderer` (Python), its development output:
///
///     2025-03-04T10:00:01.123456Z [error    ] payment failed                 [shop.payments] order_id=7 error='timeout'
///
/// The time, the level padded inside brackets, the event, the logger in brackets, then the event's fields.
public struct StructlogConsoleFormat: LogFormat {
    public init() {}
    public var name: String { "structlog-console" }

    public func parse(_ line: UnsafeBufferPointer<UInt8>) -> ParsedLine? {
        var cursor = ByteCursor(line)
        guard let time = TimestampScanner.scan(&cursor), cursor.consume(" [") else { return nil }
        let word = cursor.read(while: { $0 >= 0x61 && $0 <= 0x7A })
        // the level is padded to one width inside its brackets: `[error    ]`, `[critical ]`
        guard let level = Self.levels[cursor.string(word)], cursor.skipSpaces() > 0, cursor.consume("] ") else { return nil }
        let rest = Substring(cursor.rest)
        var event: Substring
        var logger: String?
        var fields: [Attribute]
        // the logger in brackets after the padded event, then the fields
        if let open = rest.firstRange(of: " ["), let close = rest[open.upperBound...].firstIndex(of: "]"),
            Self.isLoggerName(rest[open.upperBound..<close]),
            rest.index(after: close) == rest.endIndex || rest[rest.index(after: close)] == " "
        {
            logger = String(rest[open.upperBound..<close])
            let split = KeyValueTail.split(rest[rest.index(after: close)...].drop { $0 == " " })
            // words after the logger that are no field still belong to the event
            event = split.message.isEmpty ? rest[..<open.lowerBound] : Substring(rest[..<open.lowerBound] + " " + split.message)
            fields = split.fields
        } else {
            (event, fields) = KeyValueTail.split(rest)
        }
        while event.last == " " { event = event.dropLast() }
        guard !event.isEmpty else { return nil }
        return ParsedLine(time: time, severity: Severity(level), logger: logger, message: String(event), attributes: fields)
    }

    private static func isLoggerName(_ text: Substring) -> Bool {
        var name = String(text)
        return name.count <= 120 && name.withUTF8 { HeaderFields.isLoggerName($0) }
    }

    private static let levels: [String: Level] = [
        "debug": .debug, "info": .info, "warning": .warning, "warn": .warning, "error": .error, "critical": .critical,
        "exception": .error, "fatal": .critical,
    ]

    public var examples: [FormatExample] {
        [
            FormatExample(
                "2025-03-04T10:00:01.123456Z [error    ] payment failed                 [shop.payments] order_id=7 error='gateway timeout after 30s'",
                time: "2025-03-04T10:00:01.123Z", level: .error, logger: "shop.payments", message: "payment failed",
                attributes: ["order_id": "7", "error": "gateway timeout after 30s"]),
            FormatExample(
                "2025-03-04 10:00:03 [warning  ] slow query ms=1200", level: .warning, message: "slow query",
                attributes: ["ms": "1200"]),
            .rejects("2025-03-04T10:00:01Z [ERROR] payment failed"),
        ]
    }
}

/// zerolog's `ConsoleWriter` (Go), its development output: a clock (`3:04PM` by default), a three-letter level, the
/// message, then the fields.
///
///     10:01AM ERR failed to load order error="dial tcp 10.0.0.12:5432: connect: connection refused" order_id=7
public struct ZerologConsoleFormat: LogFormat {
    public init() {}
    public var name: String { "zerolog-console" }

    public func parse(_ line: UnsafeBufferPointer<UInt8>) -> ParsedLine? {
        var cursor = ByteCursor(line)
        var time: ParsedTime?
        if let hour = cursor.readNumber(maxCount: 2), cursor.consume(UInt8(ascii: ":")), let minute = cursor.readDigits(2) {
            var clock = hour
            if cursor.consume("AM") {
                if clock == 12 { clock = 0 }
            } else if cursor.consume("PM") {
                if clock < 12 { clock += 12 }
            } else {
                return nil
            }
            let civil = CivilTime(hour: clock, minute: minute)
            guard civil.isValid else { return nil }
            time = .civil(civil)
        } else {
            cursor.position = 0
            time = TimestampScanner.scan(&cursor)
            guard time != nil else { return nil }
        }
        guard cursor.consume(0x20) else { return nil }
        let word = cursor.read(while: { $0.isASCIIUpper })
        guard word.count == 3, let level = Self.levels[cursor.string(word)], cursor.consume(0x20) else { return nil }
        let rest = Substring(cursor.rest)
        let split = KeyValueTail.split(rest)
        // a line of fields alone keeps them as its message
        let message = split.message.isEmpty ? rest : split.message
        return ParsedLine(
            time: time, severity: Severity(level), message: String(message), attributes: split.message.isEmpty ? [] : split.fields)
    }

    private static let levels: [String: Level] = [
        "TRC": .trace, "DBG": .debug, "INF": .info, "WRN": .warning, "ERR": .error, "FTL": .critical, "PNC": .critical,
    ]

    public var examples: [FormatExample] {
        [
            FormatExample(
                #"10:01PM ERR failed to load order error="dial tcp 10.0.0.12:5432: connect: connection refused" order_id=7"#,
                level: .error, message: "failed to load order",
                attributes: ["error": "dial tcp 10.0.0.12:5432: connect: connection refused", "order_id": "7"]),
            FormatExample(
                "2025-03-04T10:00:00Z INF server listening addr=:8080", time: "2025-03-04T10:00:00.000Z", level: .info,
                message: "server listening", attributes: ["addr": ":8080"]),
            .rejects("10:01 ERR failed"),
            .rejects("2025-03-04T10:00:00Z ERROR failed to load order"),
        ]
    }
}
