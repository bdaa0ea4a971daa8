/// nginx's error log:
///
///     2024/05/04 12:43:47 [error] 1234#1234: *5 connect() failed (111: Connection refused) while connecting
///         to upstream, client: 10.0.0.1, server: x, request: "GET / HTTP/1.1", upstream: "http://127.0.0.1:8000/"
///
/// `pid#tid` gives the pid and thread, `*N` the connection number. The trailing `, client: …, server: …`
/// context becomes attributes and is cut from the message, so one failure reads the same for every client.
/// Registered before ``GoLogFormat``, whose date these lines share.
public struct NginxErrorFormat: LogFormat {
    public init() {}
    public var name: String { "nginx-error" }

    public func parse(_ line: UnsafeBufferPointer<UInt8>) -> ParsedLine? {
        guard line.count > 25, line[4] == UInt8(ascii: "/"), line[19] == 0x20, line[20] == UInt8(ascii: "[") else {
            return nil
        }
        var cursor = ByteCursor(line)
        guard let time = TimestampScanner.scan(&cursor), cursor.consume(" [") else { return nil }
        let word = cursor.read(while: { $0.isASCIILetter })
        guard cursor.consume("] "), let severity = Severity(bytes: UnsafeBufferPointer(rebasing: line[word])),
            let pid = cursor.readNumber(maxCount: 9), cursor.consume(UInt8(ascii: "#"))
        else { return nil }
        let thread = cursor.read(while: { $0.isASCIIDigit })
        guard !thread.isEmpty, cursor.consume(UInt8(ascii: ":")) else { return nil }
        _ = cursor.consume(0x20)
        var attributes: [Attribute] = []
        if cursor.peek() == UInt8(ascii: "*") {
            var probe = cursor
            probe.advance()
            let connection = probe.read(while: { $0.isASCIIDigit })
            if !connection.isEmpty, probe.consume(0x20) {
                attributes.append(Attribute("connection", .number(cursor.string(connection))))
                cursor = probe
            }
        }
        var messageEnd = line.count
        if let context = cursor.firstIndex(of: ", client: ") {
            messageEnd = context
            readContext(line, from: context, into: &attributes)
        }
        return ParsedLine(
            time: time, severity: severity, pid: pid, thread: cursor.string(thread),
            message: cursor.string(cursor.position..<messageEnd), attributes: attributes)
    }

    /// `, key: value, key: "quoted value"` … to the end of the line.
    private func readContext(_ line: UnsafeBufferPointer<UInt8>, from start: Int, into attributes: inout [Attribute]) {
        var cursor = ByteCursor(line, position: start)
        while cursor.consume(", ") {
            let key = cursor.read(while: { $0.isIdentifierByte })
            guard !key.isEmpty, cursor.consume(": ") else { return }
            let value: String
            if cursor.consume(UInt8(ascii: "\"")) {
                guard let close = TextFormatSupport.closingQuote(in: line, from: cursor.position) else { return }
                value = TextFormatSupport.unescaped(line, cursor.position..<close)
                cursor.position = close + 1
            } else {
                let end = cursor.firstIndex(of: ", ") ?? line.count
                value = cursor.string(cursor.position..<end)
                cursor.position = end
            }
            attributes.append(Attribute(cursor.string(key), .string(value)))
        }
    }

    public var examples: [FormatExample] {
        [
            FormatExample(
                "2024/05/04 12:43:47 [error] 1234#1234: *5 connect() failed (111: Connection refused) while connecting to upstream, client: 10.0.0.1, server: x, request: \"GET / HTTP/1.1\", upstream: \"http://127.0.0.1:8000/\"",
                time: "2024-05-04T12:43:47.000Z", level: .error, pid: 1234, thread: "1234",
                message: "connect() failed (111: Connection refused) while connecting to upstream",
                attributes: [
                    "connection": "5", "client": "10.0.0.1", "server": "x", "request": "GET / HTTP/1.1",
                    "upstream": "http://127.0.0.1:8000/",
                ]),
            FormatExample(
                "2024/05/04 12:43:48 [error] 31#31: *1 open() \"/usr/share/nginx/html/favicon.ico\" failed (2: No such file or directory), client: 172.17.0.1, server: localhost, request: \"GET /favicon.ico HTTP/1.1\", host: \"localhost:8080\", referrer: \"http://localhost:8080/\"",
                level: .error, pid: 31,
                message: "open() \"/usr/share/nginx/html/favicon.ico\" failed (2: No such file or directory)",
                attributes: ["host": "localhost:8080", "referrer": "http://localhost:8080/"]),
            FormatExample(
                "2024/05/04 12:43:49 [warn] 7#7: *12 upstream server temporarily disabled while reading response header from upstream, client: 10.0.0.2, server: api, request: \"POST /v1/chat HTTP/1.1\", upstream: \"http://10.0.1.5:8000/v1/chat\", host: \"api.example.com\"",
                level: .warning, pid: 7,
                message: "upstream server temporarily disabled while reading response header from upstream"),
            FormatExample(
                "2024/05/04 12:43:50 [notice] 1#1: start worker processes", level: .info, pid: 1, thread: "1",
                message: "start worker processes"),
            FormatExample(
                "2024/05/04 12:43:51 [emerg] 1#1: bind() to 0.0.0.0:80 failed (98: Address already in use)",
                level: .critical, message: "bind() to 0.0.0.0:80 failed (98: Address already in use)"),
            FormatExample(
                "2024/05/04 12:43:52 [crit] 29#29: *3 SSL_do_handshake() failed (SSL: error:0A00006C:SSL routines::bad key share) while SSL handshaking, client: 10.0.0.9, server: 0.0.0.0:443",
                level: .critical, pid: 29, message: "SSL_do_handshake() failed (SSL: error:0A00006C:SSL routines::bad key share) while SSL handshaking",
                attributes: ["client": "10.0.0.9", "server": "0.0.0.0:443"]),
            .rejects("2024/05/04 12:43:47 [ERROR] payment failed for order 42"),
            .rejects("2024/05/04 12:43:47 main.go:12: listening on :8080"),
            .rejects("2024-05-04 12:43:47,913 [ERROR] [MainThread] services.txtai: Cannot index content"),
            .rejects("127.0.0.1 - - [04/May/2024:12:43:47 +0000] \"GET / HTTP/1.1\" 499 0 \"-\" \"curl/8.0\""),
        ]
    }
}
