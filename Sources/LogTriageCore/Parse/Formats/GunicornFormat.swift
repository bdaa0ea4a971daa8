/// gunicorn's error log (its default `%(asctime)s [%(process)d] [%(levelname)s] %(message)s` with the
/// `[%Y-%m-%d %H:%M:%S %z]` date), which uvicorn workers running under gunicorn also write:
///
///     [2024-05-04 12:43:47 +0000] [123] [INFO] Starting gunicorn 21.2.0
///     [2024-05-04 12:43:49 +0000] [1] [CRITICAL] WORKER TIMEOUT (pid:124)
///
/// gunicorn's access log is Apache's combined format, read by ``AccessLogFormat``.
public struct GunicornFormat: LogFormat {
    public init() {}
    public var name: String { "gunicorn" }

    public func parse(_ line: UnsafeBufferPointer<UInt8>) -> ParsedLine? {
        var cursor = ByteCursor(line)
        guard cursor.consume(UInt8(ascii: "[")), cursor.peek()?.isASCIIDigit == true,
            let time = TimestampScanner.scan(&cursor), cursor.consume("] ["),
            let pid = cursor.readNumber(maxCount: 9), cursor.consume("] [")
        else { return nil }
        let word = cursor.read(while: { $0.isASCIIUpper })
        guard cursor.consume(UInt8(ascii: "]")), let severity = TextFormatSupport.upperCaseLevel(line, word) else {
            return nil
        }
        _ = cursor.consume(0x20)
        return ParsedLine(time: time, severity: severity, pid: pid, message: cursor.rest)
    }

    public var examples: [FormatExample] {
        [
            FormatExample(
                "[2024-05-04 12:43:47 +0000] [123] [INFO] Starting gunicorn 21.2.0", time: "2024-05-04T12:43:47.000Z",
                level: .info, pid: 123, message: "Starting gunicorn 21.2.0"),
            FormatExample(
                "[2024-05-04 14:43:48 +0200] [123] [INFO] Booting worker with pid: 124",
                time: "2024-05-04T12:43:48.000Z", level: .info, pid: 123, message: "Booting worker with pid: 124"),
            FormatExample(
                "[2024-05-04 12:44:17 +0000] [123] [CRITICAL] WORKER TIMEOUT (pid:124)", level: .critical, pid: 123,
                message: "WORKER TIMEOUT (pid:124)"),
            FormatExample(
                "[2024-05-04 12:44:18 +0000] [123] [ERROR] Worker (pid:124) was sent SIGKILL! Perhaps out of memory?",
                level: .error, pid: 123, message: "Worker (pid:124) was sent SIGKILL! Perhaps out of memory?"),
            FormatExample(
                "[2024-05-04 12:44:19 +0000] [131] [INFO] Started server process [131]", level: .info, pid: 131,
                message: "Started server process [131]"),
            FormatExample(
                "[2024-05-04 12:44:20 -0500] [7] [WARNING] Worker graceful timeout (pid:7)",
                time: "2024-05-04T17:44:20.000Z", level: .warning, pid: 7),
            .rejects("[2024-05-04 12:43:47,913] ERROR in app: Exception on /login [POST]"),
            .rejects("127.0.0.1 - - [04/May/2024:12:43:47 +0000] \"GET / HTTP/1.1\" 200 612 \"-\" \"curl/8.0\""),
            .rejects("[Sun Dec 04 04:47:44 2005] [error] mod_jk child workerEnv in error state 6"),
            .rejects("INFO:     Started server process [22056]"),
        ]
    }
}
