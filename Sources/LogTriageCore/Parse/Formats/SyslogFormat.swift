/// BSD syslog (RFC 3164) as syslog daemons and journald write it to files, with or without the `<PRI>`
/// a network message carries, and rsyslog's high-precision variant with an RFC 3339 time:
///
///     <34>Oct 11 22:14:15 mymachine su[123]: 'su root' failed for lonvick on /dev/pts/8
///     May  4 12:43:47 web-1 sshd[24200]: Invalid user admin from 10.0.0.5
///     2024-05-04T12:43:47.913456+02:00 web-1 app[12]: message
///
/// The tag is the logger and `[N]` the pid; the level comes from the priority when there is one (files
/// written by a local daemon carry none, so their records have no level). The host is the `host`
/// attribute; a locally submitted message without a host (`<30>May  4 12:43:47 systemd[1]: …`) reads too.
public struct SyslogFormat: LogFormat {
    public init() {}
    public var name: String { "syslog" }

    public func parse(_ line: UnsafeBufferPointer<UInt8>) -> ParsedLine? {
        var cursor = ByteCursor(line)
        let priority = TextFormatSupport.readPriority(&cursor)
        guard let first = cursor.peek() else { return nil }
        if first.isASCIIDigit {
            // Only the RFC 3339 form: other numeric dates belong to application formats.
            guard cursor.peek(4) == UInt8(ascii: "-"), cursor.peek(10) == UInt8(ascii: "T") else { return nil }
        } else if !first.isASCIIUpper {
            return nil
        }
        guard let time = TimestampScanner.scan(&cursor), cursor.consume(0x20) else { return nil }
        cursor.skipSpaces()
        var host: Range<Int>?
        let tag: Tag
        if let hostless = Self.readTag(&cursor) {
            tag = hostless
        } else {
            let word = cursor.read(while: { $0 > 0x20 })
            guard Self.isHostName(line, word), cursor.consume(0x20), let afterHost = Self.readTag(&cursor) else { return nil }
            host = word
            tag = afterHost
        }
        _ = cursor.consume(0x20)
        var attributes: [Attribute] = []
        if let host { attributes.append(Attribute("host", .string(cursor.string(host)))) }
        if let priority { attributes.append(Attribute("facility", .number(String(priority / 8)))) }
        if tag.name.count == 6, ByteCursor(line, position: tag.name.lowerBound).hasPrefix("kernel"),
            let uptime = kernelUptime(&cursor)
        {
            attributes.append(Attribute("uptime", .number(cursor.string(uptime))))
        }
        var severity = priority.flatMap { Severity(syslog: $0 % 8) }
        var message = cursor.rest
        // Without a priority, the program's own line says its level.
        if severity == nil, let (level, rest) = TextFormatSupport.leadingLevel(message) { (severity, message) = (level, rest) }
        return ParsedLine(
            time: time, severity: severity, logger: cursor.string(tag.name), pid: tag.pid, message: message,
            attributes: attributes)
    }

    /// A line as a syslog daemon or `journalctl` writes it to a file: no priority, a time (a month name first, or
    /// RFC 3339), a host, then `program[pid]: `. The time, the program's name and where its own line starts: the
    /// envelope a capture of several programs puts around each of their lines.
    static func fileHeader(_ line: UnsafeBufferPointer<UInt8>) -> (time: ParsedTime, program: Range<Int>, body: Int)? {
        guard let first = line.first else { return nil }
        if first.isASCIIDigit {
            guard line.count > 10, line[4] == UInt8(ascii: "-"), line[10] == UInt8(ascii: "T") else { return nil }
        } else if !first.isASCIIUpper {
            return nil
        }
        var cursor = ByteCursor(line)
        guard let time = TimestampScanner.scan(&cursor), cursor.consume(0x20) else { return nil }
        cursor.skipSpaces()
        let word = cursor.read(while: { $0 > 0x20 })
        guard isHostName(line, word), cursor.consume(0x20), let tag = readTag(&cursor) else { return nil }
        _ = cursor.consume(0x20)
        return (time, tag.name, cursor.position)
    }

    private struct Tag {
        var name: Range<Int>
        var pid: Int?
    }

    /// `name:` or `name[pid]:` at the cursor; the cursor moves past the colon only on success.
    private static func readTag(_ cursor: inout ByteCursor) -> Tag? {
        let start = cursor.position
        let name = cursor.read(while: {
            $0 > 0x20 && $0 != UInt8(ascii: "[") && $0 != UInt8(ascii: ":")
        })
        guard (1...64).contains(name.count) else {
            cursor.position = start
            return nil
        }
        var pid: Int?
        if cursor.consume(UInt8(ascii: "[")) {
            let digits = cursor.read(while: { $0.isASCIIDigit })
            guard cursor.consume(UInt8(ascii: "]")) else {
                cursor.position = start
                return nil
            }
            pid = TextFormatSupport.number(cursor.bytes, digits)
        }
        guard cursor.consume(UInt8(ascii: ":")), cursor.isAtEnd || cursor.peek() == 0x20 else {
            cursor.position = start
            return nil
        }
        return Tag(name: name, pid: pid)
    }

    /// A host name or address, not a level word (`2024-05-04T… ERROR app: …` is an application line).
    private static func isHostName(_ line: UnsafeBufferPointer<UInt8>, _ word: Range<Int>) -> Bool {
        guard (1...255).contains(word.count) else { return false }
        for index in word {
            let byte = line[index]
            guard byte.isIdentifierByte || byte == UInt8(ascii: ".") || byte == UInt8(ascii: "-")
                || byte == UInt8(ascii: ":")
            else { return false }
        }
        return TextFormatSupport.upperCaseLevel(line, word) == nil
    }

    /// The kernel's `[   12.345678] ` uptime prefix: its number, with the cursor moved past it.
    private func kernelUptime(_ cursor: inout ByteCursor) -> Range<Int>? {
        var probe = cursor
        guard probe.consume(UInt8(ascii: "[")) else { return nil }
        probe.skipSpaces()
        let number = probe.read(while: { $0.isASCIIDigit || $0 == UInt8(ascii: ".") })
        guard !number.isEmpty, probe.consume(UInt8(ascii: "]")) else { return nil }
        probe.skipSpaces()
        cursor = probe
        return number
    }

    public var examples: [FormatExample] {
        [
            FormatExample(
                "<34>Oct 11 22:14:15 mymachine su[123]: 'su root' failed for lonvick on /dev/pts/8",
                time: "2024-10-11T22:14:15.000Z", level: .critical, logger: "su", pid: 123,
                message: "'su root' failed for lonvick on /dev/pts/8", attributes: ["host": "mymachine", "facility": "4"]),
            FormatExample(
                "May  4 12:43:47 web-1 sshd[24200]: Invalid user admin from 10.0.0.5", time: "2024-05-04T12:43:47.000Z",
                logger: "sshd", pid: 24200, message: "Invalid user admin from 10.0.0.5", attributes: ["host": "web-1"]),
            FormatExample(
                "May  4 12:43:47 web-1 kernel: [ 12.3] Out of memory: Killed process 4242 (python3)", logger: "kernel",
                pid: nil, message: "Out of memory: Killed process 4242 (python3)",
                attributes: ["host": "web-1", "uptime": "12.3"]),
            FormatExample(
                "2024-05-04T12:43:47.913456+02:00 web-1 app[12]: worker crashed", time: "2024-05-04T10:43:47.913Z",
                logger: "app", pid: 12, message: "worker crashed", attributes: ["host": "web-1"]),
            // no priority: the program's own line says its level
            FormatExample(
                "2024-05-04T12:43:47.913456+02:00 web-1 app[12]: ERROR payment failed: connection refused",
                time: "2024-05-04T10:43:47.913Z", level: .error, logger: "app", pid: 12,
                message: "payment failed: connection refused", attributes: ["host": "web-1"]),
            FormatExample(
                "<13>May  4 12:43:47 web-1 CRON[3120]: (root) CMD (run-parts /etc/cron.hourly)", level: .info,
                logger: "CRON", pid: 3120, message: "(root) CMD (run-parts /etc/cron.hourly)"),
            FormatExample(
                "<30>May  4 12:43:48 systemd[1]: app.service: Main process exited, code=exited, status=1/FAILURE",
                level: .info, logger: "systemd", pid: 1,
                message: "app.service: Main process exited, code=exited, status=1/FAILURE"),
            FormatExample(
                "May 04 12:43:49 web-1 postfix/smtpd[2121]: connect from unknown[10.0.0.9]", logger: "postfix/smtpd",
                pid: 2121, message: "connect from unknown[10.0.0.9]"),
            .rejects("127.0.0.1 - frank [10/Oct/2000:13:55:36 -0700] \"GET /apache_pb.gif HTTP/1.0\" 200 2326"),
            .rejects("<165>1 2003-10-11T22:14:15.003Z mymachine.example.com evntslog 123 ID47 - An application event"),
            .rejects("2024-05-04 12:43:47,913 INFO uvicorn.error: Application startup complete."),
            .rejects("2024-05-04T12:43:47.913+02:00 ERROR 12345 --- [app] [main] c.e.Foo : message"),
            .rejects("[Sun Dec 04 04:47:44 2005] [error] mod_jk child workerEnv in error state 6"),
            .rejects("I0504 12:43:47.913123   12345 controller.go:42] Starting controller"),
        ]
    }
}
