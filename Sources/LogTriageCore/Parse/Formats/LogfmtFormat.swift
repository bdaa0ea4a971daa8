/// logfmt: space-separated `key=value` pairs, values quoted when they hold spaces (Go kit, logrus's text
/// formatter, log15, Heroku, structlog's key-value renderer):
///
///     time=2024-05-04T12:43:47Z level=error msg="db down" err="dial tcp: i/o timeout" user=42
///     time="2024-05-04T12:43:47Z" level=warning msg="cache miss" key="user:7"
///     2024-05-04T12:43:47.913456+00:00 app[web.1]: at=error msg="payment failed" order=17
///
/// A line is claimed only when every token is a pair, there are at least two, and one of them is `msg`,
/// `message`, `level` or `lvl` (or Heroku's `at` holding a level word). Keys map to fields as in
/// ``JSONLinesFormat``; log15's `t` is also a time. Other pairs are kept as string attributes. A Heroku
/// `time source[dyno]: ` prefix supplies the time (when no pair does), the logger and a `dyno` attribute.
public struct LogfmtFormat: LogFormat {
    public init() {}
    public var name: String { "logfmt" }

    private struct Pair {
        var key: Range<Int>
        var value: Range<Int>
        /// Whether the value was quoted and holds a backslash escape to decode.
        var escaped: Bool
    }

    public func parse(_ line: UnsafeBufferPointer<UInt8>) -> ParsedLine? {
        var end = line.count
        while end > 0, line[end - 1] == 0x0D || line[end - 1] == 0x0A || line[end - 1].isSpaceOrTab { end -= 1 }
        var cursor = ByteCursor(UnsafeBufferPointer(rebasing: line[0..<end]))
        cursor.skipSpaces()
        guard let first = cursor.peek() else { return nil }

        var prefixTime: ParsedTime?
        var prefixSource: String?
        var prefixDyno: String?
        if first.isASCIIDigit {
            // Keys do not start with digits; a timestamp may start a Heroku line.
            guard let time = TimestampScanner.scan(&cursor), cursor.consume(0x20) else { return nil }
            let source = cursor.read(while: { $0 > 0x20 && $0 != UInt8(ascii: "[") && $0 != UInt8(ascii: ":") })
            guard !source.isEmpty, cursor.consume(UInt8(ascii: "[")) else { return nil }
            let dyno = cursor.read(while: { $0 > 0x20 && $0 != UInt8(ascii: "]") })
            guard cursor.consume("]: ") else { return nil }
            prefixTime = time
            prefixSource = cursor.string(source)
            prefixDyno = dyno.isEmpty ? nil : cursor.string(dyno)
        }

        var pairs: [Pair] = []
        var claimed = false
        while true {
            cursor.skipSpaces()
            if cursor.isAtEnd { break }
            guard let pair = readPair(&cursor) else { return nil }
            if !claimed { claimed = claims(pair, in: cursor.bytes) }
            pairs.append(pair)
        }
        guard pairs.count >= 2, claimed else { return nil }

        var members: [Attribute] = []
        members.reserveCapacity(pairs.count + 1)
        for pair in pairs {
            let value = pair.escaped ? unescape(pair.value, in: cursor.bytes) : cursor.string(pair.value)
            members.append(Attribute(cursor.string(pair.key), .string(value)))
        }
        var parsed = JSONLinesFormat.read(members)

        if parsed.severity == nil, let index = parsed.attributes.firstIndex(where: { $0.key == "at" }),
            let severity = JSONFields.severity(parsed.attributes[index].value)
        {
            parsed.severity = severity
            parsed.attributes.remove(at: index)
        }
        if parsed.time == nil, let index = parsed.attributes.firstIndex(where: { $0.key == "t" }),
            let time = JSONFields.time(parsed.attributes[index].value)
        {
            parsed.time = time
            parsed.attributes.remove(at: index)
        }
        if parsed.time == nil { parsed.time = prefixTime }
        if parsed.logger == nil { parsed.logger = prefixSource }
        if let dyno = prefixDyno, !parsed.attributes.contains(where: { $0.key == "dyno" }) {
            parsed.attributes.insert(Attribute("dyno", .string(dyno)), at: 0)
        }
        return parsed
    }

    /// `key=value`, `key="quoted \"value\""` or `key='quoted'`; nil (cursor anywhere) on anything else.
    private func readPair(_ cursor: inout ByteCursor) -> Pair? {
        let key = cursor.read(while: {
            $0 > 0x20 && $0 != UInt8(ascii: "=") && $0 != UInt8(ascii: "\"") && $0 != UInt8(ascii: "'")
        })
        guard !key.isEmpty, cursor.consume(UInt8(ascii: "=")) else { return nil }
        guard let quote = cursor.peek(), quote == UInt8(ascii: "\"") || quote == UInt8(ascii: "'") else {
            let value = cursor.read(while: { $0 > 0x20 })
            return Pair(key: key, value: value, escaped: false)
        }
        cursor.advance()
        let start = cursor.position
        var escaped = false
        while let byte = cursor.peek(), byte != quote {
            if byte == UInt8(ascii: "\\") {
                escaped = true
                cursor.advance()
            }
            cursor.advance()
        }
        guard cursor.peek() == quote else { return nil }  // unterminated
        let value = start..<cursor.position
        cursor.advance()
        guard cursor.isAtEnd || cursor.peek().map({ $0.isSpaceOrTab }) == true else { return nil }
        return Pair(key: key, value: value, escaped: escaped)
    }

    /// `msg`, `message`, `level`, `lvl`, or `at` with a level word.
    private func claims(_ pair: Pair, in bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        let key = UnsafeBufferPointer(rebasing: bytes[pair.key])
        if equals(key, "msg") || equals(key, "message") || equals(key, "level") || equals(key, "lvl") { return true }
        return equals(key, "at") && Severity(bytes: UnsafeBufferPointer(rebasing: bytes[pair.value])) != nil
    }

    private func equals(_ bytes: UnsafeBufferPointer<UInt8>, _ literal: StaticString) -> Bool {
        guard bytes.count == literal.utf8CodeUnitCount else { return false }
        let start = literal.utf8Start
        for index in 0..<bytes.count where bytes[index] != start[index] { return false }
        return true
    }

    /// Decodes `\"`, `\'`, `\\`, `\n`, `\r`, `\t` and `\uXXXX`; other escapes are kept as written.
    private func unescape(_ range: Range<Int>, in bytes: UnsafeBufferPointer<UInt8>) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(range.count)
        var index = range.lowerBound
        while index < range.upperBound {
            let byte = bytes[index]
            guard byte == UInt8(ascii: "\\"), index + 1 < range.upperBound else {
                out.append(byte)
                index += 1
                continue
            }
            let escape = bytes[index + 1]
            index += 2
            switch escape {
            case UInt8(ascii: "n"): out.append(0x0A)
            case UInt8(ascii: "r"): out.append(0x0D)
            case UInt8(ascii: "t"): out.append(0x09)
            case UInt8(ascii: "\""), UInt8(ascii: "'"), UInt8(ascii: "\\"): out.append(escape)
            case UInt8(ascii: "u"):
                if range.upperBound - index >= 4, let scalar = hexScalar(bytes, at: index) {
                    UTF8.encode(scalar) { out.append($0) }
                    index += 4
                } else {
                    out.append(UInt8(ascii: "\\"))
                    out.append(escape)
                }
            default:
                out.append(UInt8(ascii: "\\"))
                out.append(escape)
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// Four hex digits at `index` as a scalar; nil for bad digits or a surrogate.
    private func hexScalar(_ bytes: UnsafeBufferPointer<UInt8>, at index: Int) -> Unicode.Scalar? {
        var value: UInt32 = 0
        for offset in 0..<4 {
            let byte = bytes[index + offset]
            let digit: UInt8
            if byte.isASCIIDigit {
                digit = byte - UInt8(ascii: "0")
            } else if (byte | 0x20) &- UInt8(ascii: "a") < 6 {
                digit = (byte | 0x20) - UInt8(ascii: "a") + 10
            } else {
                return nil
            }
            value = value << 4 | UInt32(digit)
        }
        return Unicode.Scalar(value)
    }

    public var examples: [FormatExample] {
        [
            FormatExample(
                #"time=2024-05-04T12:43:47Z level=error msg="db down" err="dial tcp: i/o timeout" user=42"#,
                time: "2024-05-04T12:43:47.000Z", level: .error, message: "db down", attributes: ["user": "42"]),
            // Go kit with its default caller
            FormatExample(
                #"ts=2024-05-04T12:43:47.913Z caller=main.go:42 level=warn msg="retrying" attempt=3"#,
                time: "2024-05-04T12:43:47.913Z", level: .warning, source: SourceLocation(file: "main.go", line: 42),
                message: "retrying", attributes: ["attempt": "3"]),
            // logrus TextFormatter (no TTY) with ReportCaller
            FormatExample(
                #"time="2024-05-04T14:43:47+02:00" level=info msg="Started server on :8080" func=main.main file="/app/main.go:31" port=8080"#,
                time: "2024-05-04T12:43:47.000Z", level: .info,
                source: SourceLocation(file: "/app/main.go", function: "main.main", line: 31),
                message: "Started server on :8080", attributes: ["port": "8080"]),
            // escaped quotes and newlines inside a quoted value
            FormatExample(
                #"level=error msg="bad input \"x\"" component=parser stack="line 1\nline 2""#,
                level: .error, logger: "parser", message: #"bad input "x""#),
            // log15
            FormatExample(
                #"t=2024-05-04T12:43:47+0000 lvl=eror msg="Failed to send alert" logger=alerting error="timeout""#,
                time: "2024-05-04T12:43:47.000Z", level: .error, logger: "alerting", message: "Failed to send alert"),
            FormatExample(
                #"lvl=dbug msg="cache stats" hits=10 misses=2"#, level: .debug, message: "cache stats",
                attributes: ["hits": "10", "misses": "2"]),
            // epoch seconds
            FormatExample(
                #"ts=1714826627.913 level=info msg=started pid=4242"#, time: "2024-05-04T12:43:47.913Z", level: .info,
                pid: 4242, message: "started"),
            // Heroku: drained app line and router line
            FormatExample(
                #"2024-05-04T12:43:47.913456+00:00 app[web.1]: at=error msg="payment failed" order=17"#,
                time: "2024-05-04T12:43:47.913Z", level: .error, logger: "app", message: "payment failed",
                attributes: ["dyno": "web.1", "order": "17"]),
            FormatExample(
                #"2024-05-04T12:43:47.913456+00:00 heroku[router]: at=error code=H12 desc="Request timeout" method=GET path="/" status=503"#,
                level: .error, logger: "heroku", message: "Request timeout", attributes: ["code": "H12"]),
            // structlog KeyValueRenderer (repr-quoted values)
            FormatExample(
                #"timestamp='2024-05-04T12:43:47.913Z' level='warning' event='disk almost full' free_mb=120"#,
                time: "2024-05-04T12:43:47.913Z", level: .warning, message: "disk almost full",
                attributes: ["free_mb": "120"]),
            .rejects("Starting server port=8080 level=debug"),
            .rejects("2024-05-04 12:43:47,913 - app.auth - ERROR - Token verification failed"),
            .rejects(#"{"level":"error","msg":"request failed"}"#),
            .rejects(#"[{"level":"error"}]"#),
            .rejects("user=42 path=/health"),
            .rejects(#"level=error msg="unterminated"#),
            .rejects("level=info"),
        ]
    }
}
