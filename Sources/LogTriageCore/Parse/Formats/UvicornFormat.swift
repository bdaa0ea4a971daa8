/// uvicorn's default console logging (its `DefaultFormatter` and `AccessFormatter`):
///
///     INFO:     127.0.0.1:5000 - "GET /api/x?y=1 HTTP/1.1" 200 OK
///     WARNING:  StatReload detected changes in 'api/x.py'. Reloading...
///     INFO:     Started server process [22056]
///
/// The level name and its colon are padded to column 10 (one space at least, after `CRITICAL:`); that padding
/// is what tells these lines from Python's `LEVEL:name:message`, which has none. Access lines get the logger
/// `uvicorn.access` and request attributes, everything else `uvicorn.error` (uvicorn's own logger names).
public struct UvicornFormat: LogFormat {
    public init() {}
    public var name: String { "uvicorn" }

    public func parse(_ line: UnsafeBufferPointer<UInt8>) -> ParsedLine? {
        var cursor = ByteCursor(line)
        let word = cursor.read(while: { $0.isASCIIUpper })
        guard (4...8).contains(word.count), cursor.consume(UInt8(ascii: ":")) else { return nil }
        let padding = cursor.read(while: { $0 == 0x20 }).count
        guard padding >= max(1, 9 - word.count), let severity = TextFormatSupport.upperCaseLevel(line, word)
        else { return nil }
        if let access = parseAccess(line, from: cursor.position, severity: severity) { return access }
        var pid: Int?
        if cursor.hasPrefix("Started server process [") || cursor.hasPrefix("Finished server process [") {
            // The worker reports its own pid here; the reloader's `Started reloader process [N]` is another process.
            var probe = cursor
            if let open = probe.firstIndex(of: UInt8(ascii: "[")) {
                probe.position = open + 1
                if let value = probe.readNumber(maxCount: 9), probe.consume(UInt8(ascii: "]")) { pid = value }
            }
        }
        return ParsedLine(severity: severity, logger: "uvicorn.error", pid: pid, message: cursor.rest)
    }

    /// `client - "request line" status phrase`, from `start`.
    private func parseAccess(_ line: UnsafeBufferPointer<UInt8>, from start: Int, severity: Severity) -> ParsedLine? {
        var cursor = ByteCursor(line, position: start)
        var client: Range<Int>? = cursor.read(while: { $0 != 0x20 })
        if client?.count == 1, line[start] == UInt8(ascii: "-"), cursor.consume(" \"") {
            client = nil  // an unknown client prints as nothing, leaving `- "…"`
        } else {
            guard cursor.consume(" - \"") else { return nil }
        }
        guard let close = TextFormatSupport.closingQuote(in: line, from: cursor.position) else { return nil }
        let request = cursor.position..<close
        cursor.position = close + 1
        guard cursor.consume(0x20), let status = cursor.readDigits(3), cursor.peek().map({ $0 == 0x20 }) ?? true
        else { return nil }
        let statusRange = (close + 2)..<(close + 5)
        var attributes: [Attribute] = []
        attributes.reserveCapacity(5)
        if let client { attributes.append(Attribute("client", .string(cursor.string(client)))) }
        _ = TextFormatSupport.appendRequestAttributes(line, request, to: &attributes)
        attributes.append(Attribute("status", .number(cursor.string(statusRange))))
        return ParsedLine(
            severity: severity,
            logger: "uvicorn.access", message: TextFormatSupport.joined(line, request, statusRange),
            attributes: attributes)
    }

    public var examples: [FormatExample] {
        [
            FormatExample(
                "INFO:     127.0.0.1:5000 - \"GET /api/x?y=1 HTTP/1.1\" 200 OK", level: .info,
                logger: "uvicorn.access", message: "GET /api/x?y=1 HTTP/1.1 200",
                attributes: [
                    "client": "127.0.0.1:5000", "method": "GET", "path": "/api/x?y=1", "http_version": "1.1",
                    "status": "200",
                ]),
            FormatExample(
                "INFO:     172.18.0.1:41234 - \"POST /api/chat HTTP/1.1\" 500 Internal Server Error", level: .info,
                logger: "uvicorn.access", message: "POST /api/chat HTTP/1.1 500",
                attributes: ["method": "POST", "path": "/api/chat", "status": "500"]),
            FormatExample(
                "INFO:     10.0.0.7:53120 - \"GET /api/items/42 HTTP/1.1\" 404 Not Found", level: .info,
                logger: "uvicorn.access", attributes: ["status": "404"]),
            FormatExample(
                "WARNING:  StatReload detected changes in 'api/x.py'. Reloading...", level: .warning,
                logger: "uvicorn.error", message: "StatReload detected changes in 'api/x.py'. Reloading..."),
            FormatExample(
                "ERROR:    Exception in ASGI application", level: .error, logger: "uvicorn.error",
                message: "Exception in ASGI application"),
            FormatExample(
                "INFO:     Started server process [22056]", level: .info, logger: "uvicorn.error", pid: 22056,
                message: "Started server process [22056]"),
            FormatExample(
                "INFO:     Started reloader process [22050] using StatReload", level: .info, pid: nil,
                message: "Started reloader process [22050] using StatReload"),
            FormatExample(
                "ERROR:    [Errno 98] error while attempting to bind on address ('0.0.0.0', 8000): address already in use",
                level: .error, logger: "uvicorn.error",
                message: "[Errno 98] error while attempting to bind on address ('0.0.0.0', 8000): address already in use"),
            FormatExample("CRITICAL: Worker failed to boot.", level: .critical, logger: "uvicorn.error"),
            .rejects("ERROR:root:Database connection lost"),
            .rejects("WARNING:app.auth:Unverified token rejected (production)."),
            .rejects("ERROR: something went wrong"),
            .rejects("[2024-05-04 12:43:47 +0000] [123] [INFO] Starting gunicorn 21.2.0"),
            .rejects("I0504 12:43:47.913123   12345 controller.go:42] Starting controller"),
        ]
    }
}
