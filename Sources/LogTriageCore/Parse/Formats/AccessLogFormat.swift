/// The NCSA common and combined access-log formats (Apache, nginx, gunicorn, Traefik's CLF), with or without
/// a leading virtual host (Apache's `vhost_combined`):
///
///     127.0.0.1 - frank [10/Oct/2000:13:55:36 -0700] "GET /apache_pb.gif HTTP/1.0" 200 2326 "http://ref/" "Mozilla/4.08"
///
/// The message is the request line and status (`GET /apache_pb.gif HTTP/1.0 200`). The line prints no level, so
/// the record has none: its status says whether the request failed. Fields nginx appends after the user agent
/// are ignored.
public struct AccessLogFormat: LogFormat {
    public init() {}
    public var name: String { "access-log" }

    public func parse(_ line: UnsafeBufferPointer<UInt8>) -> ParsedLine? {
        var cursor = ByteCursor(line)
        // host, ident, user (after an optional vhost), each a single word, then the bracketed time.
        guard let first = word(&cursor), let second = word(&cursor), let third = word(&cursor) else { return nil }
        var (vhost, client, user): (Range<Int>?, Range<Int>, Range<Int>) = (nil, first, third)
        if cursor.peek() != UInt8(ascii: "[") {
            guard let fourth = word(&cursor) else { return nil }
            (vhost, client, user) = (first, second, fourth)
        }
        guard cursor.consume(UInt8(ascii: "[")), cursor.peek()?.isASCIIDigit == true,
            let time = TimestampScanner.scan(&cursor), cursor.consume("] \"")
        else { return nil }
        guard let close = TextFormatSupport.closingQuote(in: line, from: cursor.position) else { return nil }
        let request = cursor.position..<close
        cursor.position = close + 1
        let statusStart = cursor.position + 1
        guard cursor.consume(0x20), cursor.readDigits(3) != nil, cursor.consume(0x20) else { return nil }
        let size = cursor.read(while: { $0.isASCIIDigit || $0 == UInt8(ascii: "-") })
        guard !size.isEmpty, cursor.peek().map({ $0 == 0x20 }) ?? true else { return nil }

        var attributes: [Attribute] = []
        attributes.reserveCapacity(10)
        attributes.append(Attribute("client", .string(cursor.string(client))))
        if let vhost { attributes.append(Attribute("vhost", .string(cursor.string(vhost)))) }
        if !isDash(line, user) { attributes.append(Attribute("user", .string(cursor.string(user)))) }
        _ = TextFormatSupport.appendRequestAttributes(line, request, to: &attributes)
        attributes.append(Attribute("status", .number(cursor.string(statusStart..<(statusStart + 3)))))
        if !isDash(line, size) { attributes.append(Attribute("bytes", .number(cursor.string(size)))) }
        // Combined: "referer" "user agent".
        if let referer = quoted(&cursor) {
            if !isDash(line, referer) { attributes.append(Attribute("referer", .string(TextFormatSupport.unescaped(line, referer)))) }
            if let agent = quoted(&cursor), !isDash(line, agent) {
                attributes.append(Attribute("user_agent", .string(TextFormatSupport.unescaped(line, agent))))
            }
        }
        return ParsedLine(
            time: time,
            message: TextFormatSupport.joined(line, request, statusStart..<(statusStart + 3)), attributes: attributes)
    }

    /// A space-terminated word without brackets or quotes.
    private func word(_ cursor: inout ByteCursor) -> Range<Int>? {
        let word = cursor.read(while: { $0 > 0x20 && $0 != UInt8(ascii: "[") && $0 != UInt8(ascii: "\"") })
        guard !word.isEmpty, cursor.consume(0x20) else { return nil }
        return word
    }

    /// ` "text"` at the cursor: the body's range.
    private func quoted(_ cursor: inout ByteCursor) -> Range<Int>? {
        let start = cursor.position
        guard cursor.consume(" \""), let close = TextFormatSupport.closingQuote(in: cursor.bytes, from: cursor.position)
        else {
            cursor.position = start
            return nil
        }
        let body = cursor.position..<close
        cursor.position = close + 1
        return body
    }

    private func isDash(_ line: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> Bool {
        range.isEmpty || (range.count == 1 && line[range.lowerBound] == UInt8(ascii: "-"))
    }

    public var examples: [FormatExample] {
        [
            FormatExample(
                "127.0.0.1 - frank [10/Oct/2000:13:55:36 -0700] \"GET /apache_pb.gif HTTP/1.0\" 200 2326 \"http://ref/\" \"Mozilla/4.08\"",
                time: "2000-10-10T20:55:36.000Z", message: "GET /apache_pb.gif HTTP/1.0 200",
                attributes: [
                    "client": "127.0.0.1", "user": "frank", "method": "GET", "path": "/apache_pb.gif",
                    "http_version": "1.0", "status": "200", "bytes": "2326", "referer": "http://ref/",
                    "user_agent": "Mozilla/4.08",
                ]),
            FormatExample(
                "127.0.0.1 - frank [10/Oct/2000:13:55:36 -0700] \"GET /apache_pb.gif HTTP/1.0\" 200 2326",
                message: "GET /apache_pb.gif HTTP/1.0 200", attributes: ["bytes": "2326"]),
            FormatExample(
                "172.18.0.1 - - [04/May/2024:12:43:47 +0000] \"POST /api/chat HTTP/1.1\" 502 157 \"-\" \"python-requests/2.31.0\" \"-\"",
                time: "2024-05-04T12:43:47.000Z", message: "POST /api/chat HTTP/1.1 502",
                attributes: ["status": "502", "user_agent": "python-requests/2.31.0"]),
            FormatExample(
                "10.0.0.5 - - [04/May/2024:12:43:48 +0000] \"GET /cgi-bin/status.cgi HTTP/1.1\" 404 153 \"-\" \"Mozilla/5.0 (compatible; bot)\"",
                message: "GET /cgi-bin/status.cgi HTTP/1.1 404", attributes: ["path": "/cgi-bin/status.cgi"]),
            FormatExample(
                "www.example.com:443 203.0.113.9 - - [04/May/2024:12:43:49 +0200] \"GET /index.html HTTP/2.0\" 304 - \"-\" \"curl/8.5.0\"",
                time: "2024-05-04T10:43:49.000Z",
                attributes: ["vhost": "www.example.com:443", "client": "203.0.113.9", "status": "304"]),
            FormatExample(
                "198.51.100.4 - - [04/May/2024:12:43:50 +0000] \"\\x16\\x03\\x01\\x00\\xca\\x01\" 400 157 \"-\" \"-\"",
                attributes: ["status": "400"]),
            .rejects("May  4 12:43:47 web-1 sshd[24200]: Invalid user admin from 10.0.0.5"),
            .rejects("INFO:     127.0.0.1:5000 - \"GET /api/x?y=1 HTTP/1.1\" 200 OK"),
            .rejects("[2024-05-04 12:43:47 +0000] [123] [INFO] Starting gunicorn 21.2.0"),
            .rejects("2024/05/04 12:43:47 [error] 1234#1234: *5 connect() failed (111: Connection refused)"),
        ]
    }
}
