/// `journalctl -o json` output: one object per entry, every field a string (numbers too), `MESSAGE` an array of
/// byte values when it is not valid UTF-8.
///
///     {"__REALTIME_TIMESTAMP":"1714826627913456","PRIORITY":"3","SYSLOG_IDENTIFIER":"nginx","_PID":"812","MESSAGE":"…"}
///
/// Claims only objects with `__REALTIME_TIMESTAMP`, or with both `MESSAGE` and `PRIORITY`. A `MESSAGE` spanning
/// several lines (the native journal API keeps a traceback in one entry) reads as its first line, with the rest
/// as exception text, the way a text log's continuation lines would be.
public struct JournaldFormat: LogFormat {
    public init() {}
    public var name: String { "journald" }

    enum Role: UInt8 {
        case message, priority, sourceTime, realtime, identifier, command, pid, thread, codeFile, codeLine, codeFunction
    }

    static let keys = JSONKeyTable(
        roles: [
            (Role.message.rawValue, ["MESSAGE"]),
            (Role.priority.rawValue, ["PRIORITY"]),
            (Role.sourceTime.rawValue, ["_SOURCE_REALTIME_TIMESTAMP"]),
            (Role.realtime.rawValue, ["__REALTIME_TIMESTAMP"]),
            (Role.identifier.rawValue, ["SYSLOG_IDENTIFIER"]),
            (Role.command.rawValue, ["_COMM"]),
            (Role.pid.rawValue, ["_PID", "SYSLOG_PID"]),
            (Role.thread.rawValue, ["TID"]),
            (Role.codeFile.rawValue, ["CODE_FILE"]),
            (Role.codeLine.rawValue, ["CODE_LINE"]),
            (Role.codeFunction.rawValue, ["CODE_FUNC"]),
        ],
        // Keys here are flat: none is split at dots.
        literal: [
            "MESSAGE", "PRIORITY", "_SOURCE_REALTIME_TIMESTAMP", "__REALTIME_TIMESTAMP", "SYSLOG_IDENTIFIER", "_COMM",
            "_PID", "SYSLOG_PID", "TID", "CODE_FILE", "CODE_LINE", "CODE_FUNC",
        ],
        discard: [
            "__CURSOR", "__MONOTONIC_TIMESTAMP", "_BOOT_ID", "_MACHINE_ID", "__SEQNUM", "__SEQNUM_ID", "_TRANSPORT",
            "_CAP_EFFECTIVE", "_SOURCE_MONOTONIC_TIMESTAMP",
        ])

    public func parse(_ line: UnsafeBufferPointer<UInt8>) -> ParsedLine? {
        // Other JSON lines are common in mixed input: look for a journal key before parsing anything.
        let probe = ByteCursor(line)
        guard probe.firstIndex(of: "\"__REALTIME_TIMESTAMP\"") != nil || probe.firstIndex(of: "\"PRIORITY\"") != nil,
            let members = JSONFields.object(line)
        else { return nil }
        var fields = JSONFields(members, table: Self.keys)
        guard fields.has(Role.realtime.rawValue)
            || (fields.has(Role.message.rawValue) && fields.has(Role.priority.rawValue))
        else { return nil }

        var message = fields.take(Role.message.rawValue, Self.messageText) ?? ""
        var exceptionText: String?
        if let (first, rest) = JSONFields.splitFirstLine(message) {
            message = first
            exceptionText = rest.isEmpty ? nil : rest
        }
        var severity = fields.take(Role.priority.rawValue) { JSONFields.int($0).flatMap { Severity(syslog: $0) } }
        // A service's stdout gets the journal's default priority: the line's own level, when it states one, is the
        // program's.
        let captured = members.contains { $0.key == "_TRANSPORT" && ($0.value.scalarText == "stdout") }
        if severity == nil || (captured && severity?.level == .info), let (level, rest) = TextFormatSupport.leadingLevel(message) {
            (severity, message) = (level, rest)
        }
        var time = fields.take(Role.sourceTime.rawValue, Self.microseconds)
        if time == nil {
            time = fields.take(Role.realtime.rawValue, Self.microseconds)
        } else {
            fields.drop(Role.realtime.rawValue)  // the journal's receive time only repeats the source time
        }
        let logger =
            fields.take(Role.identifier.rawValue, JSONFields.nonEmptyString)
            ?? fields.take(Role.command.rawValue, JSONFields.nonEmptyString)
        let pid = fields.take(Role.pid.rawValue, JSONFields.int)
        let thread = fields.take(Role.thread.rawValue, JSONFields.text)
        let source = SourceLocation(
            file: fields.take(Role.codeFile.rawValue, JSONFields.nonEmptyString),
            function: fields.take(Role.codeFunction.rawValue, JSONFields.nonEmptyString),
            line: fields.take(Role.codeLine.rawValue, JSONFields.int))

        return ParsedLine(
            time: time, severity: severity, logger: logger, pid: pid, thread: thread,
            source: source.isEmpty ? nil : source, message: message, exceptionText: exceptionText,
            attributes: fields.remainingAttributes())
    }

    /// A string, or the array of byte values journalctl writes for binary or non-UTF-8 data.
    static func messageText(_ value: JSONValue) -> String? {
        switch value {
        case .string(let text):
            return JSONFields.trimmingTrailingNewline(text)
        case .array(let elements):
            var bytes: [UInt8] = []
            bytes.reserveCapacity(elements.count)
            for element in elements {
                guard let number = JSONFields.int(element), let byte = UInt8(exactly: number) else { return nil }
                bytes.append(byte)
            }
            return JSONFields.trimmingTrailingNewline(String(decoding: bytes, as: UTF8.self))
        default:
            return nil
        }
    }

    /// Journal timestamps: microseconds since the epoch, written as a string.
    static func microseconds(_ value: JSONValue) -> ParsedTime? {
        guard let text = value.scalarText, let micros = Int64(text), micros > 0 else { return nil }
        return .instant(Timestamp(millisecondsSinceEpoch: micros / 1000))
    }

    public var examples: [FormatExample] {
        [
            FormatExample(
                #"{"__CURSOR":"s=6c1f;i=2a;b=9e;m=1;t=5f;x=1","__REALTIME_TIMESTAMP":"1714826627913456","__MONOTONIC_TIMESTAMP":"8123456","_BOOT_ID":"9e0a","PRIORITY":"3","_TRANSPORT":"stdout","SYSLOG_IDENTIFIER":"gunicorn","_PID":"812","_COMM":"gunicorn","_SYSTEMD_UNIT":"api.service","MESSAGE":"Worker failed to boot."}"#,
                time: "2024-05-04T12:43:47.913Z", level: .error, logger: "gunicorn", pid: 812,
                message: "Worker failed to boot.", attributes: ["_SYSTEMD_UNIT": "api.service", "_COMM": "gunicorn"]),
            // a service's stdout at the journal's default priority: the line's own level
            FormatExample(
                #"{"__REALTIME_TIMESTAMP":"1714826627913456","PRIORITY":"6","_TRANSPORT":"stdout","SYSLOG_IDENTIFIER":"api","MESSAGE":"[warn] cache miss for key user:7"}"#,
                time: "2024-05-04T12:43:47.913Z", level: .warning, logger: "api", message: "cache miss for key user:7"),
            FormatExample(
                #"{"__REALTIME_TIMESTAMP":"1714826630000000","_SOURCE_REALTIME_TIMESTAMP":"1714826627913000","PRIORITY":"4","_COMM":"kubelet","_PID":"1500","MESSAGE":"Image garbage collection failed once"}"#,
                time: "2024-05-04T12:43:47.913Z", level: .warning, logger: "kubelet", pid: 1500,
                message: "Image garbage collection failed once"),
            // systemd's own messages carry the code location
            FormatExample(
                #"{"PRIORITY":"3","SYSLOG_IDENTIFIER":"systemd","CODE_FILE":"src/core/unit.c","CODE_LINE":"5732","CODE_FUNC":"unit_notify","MESSAGE":"api.service: Failed with result 'exit-code'.","UNIT":"api.service","_PID":"1","__REALTIME_TIMESTAMP":"1714826627913456"}"#,
                level: .error, logger: "systemd", pid: 1,
                source: SourceLocation(file: "src/core/unit.c", function: "unit_notify", line: 5732),
                message: "api.service: Failed with result 'exit-code'.", attributes: ["UNIT": "api.service"]),
            // MESSAGE as bytes, because "ERROR: bad \xff" is not valid UTF-8
            FormatExample(
                #"{"__REALTIME_TIMESTAMP":"1714826627913456","PRIORITY":"6","SYSLOG_IDENTIFIER":"app","MESSAGE":[69,82,82,79,82,58,32,98,97,100,32,255]}"#,
                level: .info, logger: "app", message: "ERROR: bad \u{FFFD}"),
            FormatExample(
                #"{"PRIORITY":"0","MESSAGE":"Kernel panic - not syncing","SYSLOG_IDENTIFIER":"kernel","_TRANSPORT":"kernel"}"#,
                level: .critical, logger: "kernel", message: "Kernel panic - not syncing"),
            FormatExample(
                #"{"__REALTIME_TIMESTAMP":"1714826627913456","PRIORITY":"7","SYSLOG_IDENTIFIER":"sshd","SYSLOG_PID":"2211","MESSAGE":"debug1: channel 0: free","SYSLOG_FACILITY":"10"}"#,
                level: .debug, logger: "sshd", pid: 2211, message: "debug1: channel 0: free",
                attributes: ["SYSLOG_FACILITY": "10"]),
            // Native journal API: a traceback kept in one entry
            FormatExample(
                #"{"__REALTIME_TIMESTAMP":"1714826627913456","PRIORITY":"3","SYSLOG_IDENTIFIER":"worker","TID":"913","MESSAGE":"Job failed\nTraceback (most recent call last):\n  File \"/app/job.py\", line 3, in run\nValueError: bad"}"#,
                level: .error, logger: "worker", thread: "913", message: "Job failed"),
            // No MESSAGE at all (journalctl drops fields over its size limit)
            FormatExample(
                #"{"__REALTIME_TIMESTAMP":"1714826627913456","_COMM":"dockerd","_PID":"900"}"#,
                time: "2024-05-04T12:43:47.913Z", logger: "dockerd", pid: 900, message: ""),
            .rejects(#"{"level":"error","msg":"request failed","PRIORITY_QUEUE":"x"}"#),
            .rejects(#"{"MESSAGE":"no priority, no timestamp"}"#),
            .rejects("May  4 12:43:47 host sshd[2211]: Accepted publickey for root"),
            .rejects(#"{"__REALTIME_TIMESTAMP":"1714826627913456","PRIORITY":"3","MESSAGE":"cut off"#),
            .rejects(#"[{"__REALTIME_TIMESTAMP":"1714826627913456","PRIORITY":"3"}]"#),
            .rejects("2024-05-04 12:43:47,913 - app - ERROR - PRIORITY \"__REALTIME_TIMESTAMP\""),
        ]
    }
}
