/// The request lines of Gin's default logger (Go):
///
///     [GIN] 2024/05/04 - 12:43:47 | 502 |   30.012s |  10.0.0.7 | POST     "/api/orders"
///
/// Like an access log, the line prints no level: its status says whether the request failed. The message is the
/// method, path and status (`POST /api/orders 502`). Gin's own `[GIN-debug]` lines are left to the other formats.
public struct GinFormat: LogFormat {
    public init() {}
    public var name: String { "gin" }

    public func parse(_ line: UnsafeBufferPointer<UInt8>) -> ParsedLine? {
        var cursor = ByteCursor(line)
        guard cursor.consume("[GIN] ") else { return nil }
        // `2024/05/04 - 12:43:47`: the date and the clock, read as one timestamp without the dash
        let date = cursor.position..<(cursor.position + 10)
        guard date.upperBound + 11 <= line.count, cursor.readDigits(4) != nil, cursor.consume(UInt8(ascii: "/")),
            cursor.readDigits(2) != nil, cursor.consume(UInt8(ascii: "/")), cursor.readDigits(2) != nil,
            cursor.consume(" - ")
        else { return nil }
        let clock = cursor.position..<(cursor.position + 8)
        var stamp = Array(line[date]) + [0x20] + Array(line[clock])
        let time = stamp.withUnsafeMutableBufferPointer { buffer -> ParsedTime? in
            var reader = ByteCursor(UnsafeBufferPointer(buffer))
            guard let time = TimestampScanner.scan(&reader), reader.isAtEnd else { return nil }
            return time
        }
        guard let time else { return nil }
        cursor.position = clock.upperBound
        guard let status = field(&cursor), status.count == 3, line[status].allSatisfy(\.isASCIIDigit),
            let latency = field(&cursor), let client = field(&cursor)
        else { return nil }
        guard cursor.consume(UInt8(ascii: "|")) else { return nil }
        _ = cursor.skipSpaces()
        let method = cursor.read(while: { $0.isASCIIUpper })
        guard !method.isEmpty, cursor.skipSpaces() > 0, cursor.consume(UInt8(ascii: "\"")),
            let close = TextFormatSupport.closingQuote(in: line, from: cursor.position)
        else { return nil }
        let path = cursor.position..<close
        var attributes = [
            Attribute("client", .string(cursor.string(client))), Attribute("method", .string(cursor.string(method))),
            Attribute("path", .string(TextFormatSupport.unescaped(line, path))),
            Attribute("status", .number(cursor.string(status))), Attribute("latency", .string(cursor.string(latency))),
        ]
        // Gin prints a handler's errors after the path.
        cursor.position = close + 1
        _ = cursor.skipSpaces()
        if !cursor.isAtEnd { attributes.append(Attribute("error", .string(cursor.string(cursor.position..<line.count)))) }
        let message = cursor.string(method) + " " + TextFormatSupport.unescaped(line, path) + " " + cursor.string(status)
        return ParsedLine(time: time, message: message, attributes: attributes)
    }

    /// ` | value ` before the next bar (or the end of the fields): the value's range, spaces trimmed.
    private func field(_ cursor: inout ByteCursor) -> Range<Int>? {
        _ = cursor.skipSpaces()
        guard cursor.consume(UInt8(ascii: "|")) else { return nil }
        _ = cursor.skipSpaces()
        let value = cursor.read(while: { $0 != 0x20 && $0 != UInt8(ascii: "|") })
        guard !value.isEmpty else { return nil }
        _ = cursor.skipSpaces()
        return value
    }

    public var examples: [FormatExample] {
        [
            FormatExample(
                #"[GIN] 2024/05/04 - 12:43:47 | 502 |   30.012s |  10.0.0.7 | POST     "/api/orders""#,
                time: "2024-05-04T12:43:47.000Z", message: "POST /api/orders 502",
                attributes: ["client": "10.0.0.7", "method": "POST", "path": "/api/orders", "status": "502", "latency": "30.012s"]),
            FormatExample(
                #"[GIN] 2024/05/04 - 12:43:48 | 200 |     153.2µs |       127.0.0.1 | GET      "/healthz""#,
                time: "2024-05-04T12:43:48.000Z", message: "GET /healthz 200",
                attributes: ["client": "127.0.0.1", "status": "200"]),
            .rejects("[GIN-debug] GET    /api/orders  --> main.listOrders (3 handlers)"),
        ]
    }
}
