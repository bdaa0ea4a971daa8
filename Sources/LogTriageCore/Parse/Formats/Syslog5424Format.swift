/// RFC 5424 syslog:
///
///     <165>1 2003-10-11T22:14:15.003Z mymachine.example.com evntslog 123 ID47 [exampleSDID@32473 iut="3"] An application event
///
/// `<PRI>VERSION TIMESTAMP HOSTNAME APP-NAME PROCID MSGID STRUCTURED-DATA [MSG]`, any header field `-` when
/// absent. The app name is the logger, a numeric procid the pid (otherwise the `procid` attribute);
/// `host`, `msgid` and every structured-data parameter become attributes. A UTF-8 BOM before the message
/// is dropped. Lines without the `<PRI>` (some file templates leave it out) read too.
public struct Syslog5424Format: LogFormat {
    public init() {}
    public var name: String { "syslog5424" }

    public func parse(_ line: UnsafeBufferPointer<UInt8>) -> ParsedLine? {
        var cursor = ByteCursor(line)
        let priority = TextFormatSupport.readPriority(&cursor)
        guard priority != nil || cursor.peek() == UInt8(ascii: "1") else { return nil }
        guard let version = cursor.readNumber(maxCount: 2), (1...9).contains(version), cursor.consume(0x20) else {
            return nil
        }
        var time: ParsedTime?
        if !cursor.consume(UInt8(ascii: "-")) {
            guard cursor.peek(4) == UInt8(ascii: "-"), cursor.peek(10) == UInt8(ascii: "T"),
                let scanned = TimestampScanner.scan(&cursor)
            else { return nil }
            time = scanned
        }
        guard cursor.consume(0x20), let host = field(&cursor), let app = field(&cursor),
            let procid = field(&cursor), let msgid = field(&cursor)
        else { return nil }

        var attributes: [Attribute] = []
        if let host { attributes.append(Attribute("host", .string(cursor.string(host)))) }
        if let msgid { attributes.append(Attribute("msgid", .string(cursor.string(msgid)))) }
        let pid = procid.flatMap { TextFormatSupport.number(line, $0) }
        if let procid, pid == nil { attributes.append(Attribute("procid", .string(cursor.string(procid)))) }
        if !cursor.consume(UInt8(ascii: "-")) {
            guard readStructuredData(&cursor, into: &attributes) else { return nil }
        }
        guard cursor.isAtEnd || cursor.consume(0x20) else { return nil }
        if cursor.peek() == 0xEF, cursor.peek(1) == 0xBB, cursor.peek(2) == 0xBF { cursor.advance(3) }  // BOM
        return ParsedLine(
            time: time, severity: priority.flatMap { Severity(syslog: $0 % 8) }, logger: app.map { cursor.string($0) },
            pid: pid, message: cursor.rest, attributes: attributes)
    }

    /// One space-terminated header field; `.some(nil)` for the nil value `-`, nil when malformed.
    private func field(_ cursor: inout ByteCursor) -> Range<Int>?? {
        let word = cursor.read(while: { $0 > 0x20 && $0 < 0x7F })
        guard !word.isEmpty, word.count <= 255, cursor.consume(0x20) else { return nil }
        if word.count == 1, cursor.bytes[word.lowerBound] == UInt8(ascii: "-") { return .some(nil) }
        return .some(word)
    }

    /// `[id name="value" …][id …]`; values may escape `"`, `\` and `]` with a backslash.
    private func readStructuredData(_ cursor: inout ByteCursor, into attributes: inout [Attribute]) -> Bool {
        var elements = 0
        while cursor.consume(UInt8(ascii: "[")) {
            elements += 1
            let id = cursor.read(while: { $0 > 0x20 && $0 != UInt8(ascii: "]") && $0 != UInt8(ascii: "=") })
            guard !id.isEmpty else { return false }
            while cursor.consume(0x20) {
                let name = cursor.read(while: {
                    $0 > 0x20 && $0 != UInt8(ascii: "=") && $0 != UInt8(ascii: "]") && $0 != UInt8(ascii: "\"")
                })
                guard !name.isEmpty, cursor.consume("=\""),
                    let close = TextFormatSupport.closingQuote(in: cursor.bytes, from: cursor.position)
                else { return false }
                attributes.append(
                    Attribute(cursor.string(name), .string(TextFormatSupport.unescaped(cursor.bytes, cursor.position..<close))))
                cursor.position = close + 1
            }
            guard cursor.consume(UInt8(ascii: "]")) else { return false }
        }
        return elements > 0
    }

    public var examples: [FormatExample] {
        [
            FormatExample(
                "<165>1 2003-10-11T22:14:15.003Z mymachine.example.com evntslog 123 ID47 [exampleSDID@32473 iut=\"3\" eventSource=\"Application\"] An application event",
                time: "2003-10-11T22:14:15.003Z", level: .info, logger: "evntslog", pid: 123,
                message: "An application event",
                attributes: [
                    "host": "mymachine.example.com", "msgid": "ID47", "iut": "3", "eventSource": "Application",
                ]),
            FormatExample(
                "<34>1 2003-10-11T22:14:15.003Z mymachine.example.com su - ID47 - \u{FEFF}'su root' failed for lonvick on /dev/pts/8",
                level: .critical, logger: "su", message: "'su root' failed for lonvick on /dev/pts/8",
                attributes: ["msgid": "ID47"]),
            FormatExample(
                "<165>1 2003-08-24T05:14:15.000003-07:00 192.0.2.1 myproc 8710 - - %% It's time to make the do-nuts.",
                time: "2003-08-24T12:14:15.000Z", level: .info, logger: "myproc", pid: 8710,
                message: "%% It's time to make the do-nuts.", attributes: ["host": "192.0.2.1"]),
            FormatExample(
                "<165>1 2003-10-11T22:14:15.003Z mymachine.example.com evntslog - ID47 [exampleSDID@32473 iut=\"3\" eventSource=\"Application\" eventID=\"1011\"][examplePriority@32473 class=\"high\"]",
                logger: "evntslog", message: "", attributes: ["eventID": "1011", "class": "high"]),
            FormatExample(
                "<11>1 2024-05-04T12:43:47.913456+00:00 web-1 api 4242 - [meta sequenceId=\"29\" note=\"a \\\"quoted\\\" \\] value\"] Unhandled exception in request handler",
                level: .error, logger: "api", pid: 4242, message: "Unhandled exception in request handler",
                attributes: ["sequenceId": "29", "note": "a \"quoted\" ] value"]),
            FormatExample(
                "<27>1 2024-05-04T12:43:48Z web-1 worker worker-7 JOB - job 812 failed", level: .error, logger: "worker",
                pid: nil, message: "job 812 failed", attributes: ["procid": "worker-7", "msgid": "JOB"]),
            FormatExample(
                "1 2024-05-04T12:43:49Z web-1 cron - - - nightly backup done", logger: "cron",
                message: "nightly backup done"),
            .rejects("<34>Oct 11 22:14:15 mymachine su[123]: 'su root' failed for lonvick on /dev/pts/8"),
            .rejects("May  4 12:43:47 web-1 sshd[24200]: Invalid user admin from 10.0.0.5"),
            .rejects("127.0.0.1 - frank [10/Oct/2000:13:55:36 -0700] \"GET /apache_pb.gif HTTP/1.0\" 200 2326"),
            .rejects("10 [main] INFO  com.foo.Bar  - message"),
        ]
    }
}
