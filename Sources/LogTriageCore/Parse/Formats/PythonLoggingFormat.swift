/// Python `logging` output: the `basicConfig` default `LEVEL:name:message`, and the `%(asctime)s …` family,
/// where fields follow the time in any order, separated by ` - `, ` | `, `:` or spaces:
///
///     2024-05-04 12:43:47,913 - app.auth - ERROR - Token verification failed
///     2024-05-04 12:43:47,913 ERROR app.auth: Token verification failed
///     2024-05-04 12:43:47,913 [ERROR] [MainThread] app.auth: Token verification failed
///     [2024-05-04 12:43:47,913] ERROR in auth: Token verification failed            (Flask)
///     2024-05-04 12:43:47,913 - app - ERROR - [/app/api/x.py:42] - failed           (pathname:lineno)
///
/// A name is taken as the logger when it is dotted, or followed by `:`, ` - ` or ` | `; otherwise it is
/// the first word of the message.
public struct PythonLoggingFormat: LogFormat {
    public init() {}
    public var name: String { "python-logging" }

    public func parse(_ line: UnsafeBufferPointer<UInt8>) -> ParsedLine? {
        var cursor = ByteCursor(line)
        guard let first = cursor.peek() else { return nil }
        if first.isASCIIUpper {
            return parseBasicConfig(&cursor)
        }
        let bracketed = cursor.consume(UInt8(ascii: "["))
        guard let time = TimestampScanner.scan(&cursor) else { return nil }
        if bracketed {
            guard cursor.consume(UInt8(ascii: "]")) else { return nil }
        }
        var fields = HeaderFields()
        guard fields.read(&cursor), fields.severity != nil else { return nil }
        return ParsedLine(
            time: time, severity: fields.severity, logger: fields.logger, pid: fields.pid, thread: fields.thread,
            source: fields.source, message: cursor.rest)
    }

    /// `LEVEL:name:message`.
    private func parseBasicConfig(_ cursor: inout ByteCursor) -> ParsedLine? {
        let levelRange = cursor.read(while: { $0.isASCIIUpper })
        guard cursor.consume(UInt8(ascii: ":")),
            let severity = Severity(bytes: UnsafeBufferPointer(rebasing: cursor.bytes[levelRange]))
        else { return nil }
        let nameRange = cursor.read(while: { $0.isIdentifierByte || $0 == UInt8(ascii: ".") || $0 == UInt8(ascii: "-") })
        guard !nameRange.isEmpty, cursor.consume(UInt8(ascii: ":")) else { return nil }
        return ParsedLine(severity: severity, logger: cursor.string(nameRange), message: cursor.rest)
    }

    public var examples: [FormatExample] {
        [
            FormatExample(
                "2024-05-04 12:43:47,913 - app.auth - ERROR - Token verification failed for endpoint: GET /api/x",
                time: "2024-05-04T12:43:47.913Z", level: .error, logger: "app.auth",
                message: "Token verification failed for endpoint: GET /api/x"),
            FormatExample(
                "2024-05-04 12:43:47,913 - WARNING - Retrying in 5s", level: .warning, logger: nil,
                message: "Retrying in 5s"),
            // the same shape from Java: Tomcat's one-line formatter, `dd-MMM-yyyy` and a bracketed thread
            FormatExample(
                "27-Feb-2024 12:00:01.456 SEVERE [main] org.apache.catalina.core.StandardContext.startInternal One or more listeners failed to start.",
                time: "2024-02-27T12:00:01.456Z", level: .error, logger: "org.apache.catalina.core.StandardContext.startInternal",
                thread: "main", message: "One or more listeners failed to start."),
            FormatExample(
                "2024-05-04 12:43:47,913 INFO uvicorn.error: Application startup complete.", level: .info,
                logger: "uvicorn.error", message: "Application startup complete."),
            FormatExample(
                "2024-05-04 12:43:47,913 [ERROR] [MainThread] services.txtai: Cannot index content",
                level: .error, logger: "services.txtai", thread: "MainThread", message: "Cannot index content"),
            FormatExample(
                "[2024-05-04 12:43:47,913] ERROR in app: Exception on /login [POST]", time: "2024-05-04T12:43:47.913Z",
                level: .error, logger: "app", message: "Exception on /login [POST]"),
            FormatExample(
                "2024-05-04 12:43:47,913 - api - ERROR - [/app/backend/api/x.py:42] - Lookup failed", level: .error,
                logger: "api", source: SourceLocation(file: "/app/backend/api/x.py", line: 42),
                message: "Lookup failed"),
            FormatExample(
                "2024-05-04 12:43:47,913 ERROR Something failed here", level: .error, logger: nil,
                message: "Something failed here"),
            FormatExample(
                "2024-05-04T12:43:47.913+02:00 WARNING [12345] worker.jobs - Queue is slow",
                time: "2024-05-04T10:43:47.913Z", level: .warning, logger: "worker.jobs", pid: 12345,
                message: "Queue is slow"),
            FormatExample("ERROR:root:Database connection lost", level: .error, logger: "root",
                message: "Database connection lost"),
            // the same shape from Erlang: RabbitMQ's process after the level
            FormatExample(
                "2025-03-04 10:01:00.123456+00:00 [error] <0.812.0> missed heartbeats from client, timeout: 60s",
                level: .error, thread: "<0.812.0>", message: "missed heartbeats from client, timeout: 60s"),
            FormatExample("WARNING:app.auth:Unverified token rejected (production).", level: .warning,
                logger: "app.auth", message: "Unverified token rejected (production)."),
            .rejects("INFO:     127.0.0.1:5000 - \"GET /x HTTP/1.1\" 200 OK"),
            .rejects("2024-05-04 12:43:47 the backup finished"),
            .rejects("Traceback (most recent call last):"),
        ]
    }
}
