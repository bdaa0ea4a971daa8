/// Ruby's standard `Logger` (Rails before 7.1 by default, Sidekiq's and most Ruby services' own logs):
///
///     E, [2024-02-27T12:00:00.223456 #1234] ERROR -- : [req-1] ActiveRecord::ConnectionNotEstablished (…)
///     I, [2024-02-27T12:00:00.123456 #1234]  INFO -- sidekiq: Booting Sidekiq 6.5.12
///
/// `L, [time #pid] LEVEL -- progname: message`: the letter repeats the level, the progname (often empty) is the
/// logger. Rails' request tags (`[req-1]`) stay in the message.
public struct RubyLoggerFormat: LogFormat {
    public init() {}
    public var name: String { "ruby-logger" }

    public func parse(_ line: UnsafeBufferPointer<UInt8>) -> ParsedLine? {
        guard line.count > 8, line[0].isASCIIUpper, line[1] == UInt8(ascii: ","), line[2] == 0x20, line[3] == UInt8(ascii: "[")
        else { return nil }
        var cursor = ByteCursor(line, position: 4)
        guard let time = TimestampScanner.scan(&cursor), cursor.consume(0x20), cursor.consume(UInt8(ascii: "#")),
            let pid = cursor.readNumber(maxCount: 10), cursor.consume(UInt8(ascii: "]"))
        else { return nil }
        cursor.skipSpaces()
        let word = cursor.read(while: { $0.isASCIIUpper })
        // `ANY` is what Ruby prints for `unknown`, a message logged whatever the level
        let severity = Severity(bytes: UnsafeBufferPointer(rebasing: line[word]))
            ?? (TraceSyntax.string(line, word) == "ANY" ? Severity(.error) : nil)
        guard let severity, cursor.consume(0x20), cursor.consume(UInt8(ascii: "-")), cursor.consume(UInt8(ascii: "-")),
            cursor.consume(0x20)
        else { return nil }
        let program = cursor.position
        guard let colon = cursor.firstIndex(of: ": ") ?? (line.last == UInt8(ascii: ":") ? line.count - 1 : nil) else { return nil }
        let logger = colon > program ? TraceSyntax.string(line, program..<colon) : nil
        cursor.position = min(colon + 2, line.count)
        return ParsedLine(time: time, severity: severity, logger: logger, pid: pid, message: cursor.rest)
    }

    public var examples: [FormatExample] {
        [
            FormatExample(
                "E, [2024-02-27T12:00:00.223456 #1234] ERROR -- : [req-1] ActiveRecord::ConnectionNotEstablished (could not connect to server: Connection refused)",
                time: "2024-02-27T12:00:00.223Z", level: .error, pid: 1234,
                message: "[req-1] ActiveRecord::ConnectionNotEstablished (could not connect to server: Connection refused)"),
            FormatExample(
                "I, [2024-02-27T12:00:00.123456 #7]  INFO -- sidekiq: Booting Sidekiq 6.5.12", level: .info,
                logger: "sidekiq", pid: 7, message: "Booting Sidekiq 6.5.12"),
            FormatExample(
                "F, [2024-02-27T12:00:02.223456 #1234] FATAL -- : ", level: .critical, pid: 1234, message: ""),
            .rejects("E, ERROR -- : no header"),
            .rejects("I, [2024-02-27T12:00:00.123456] INFO -- : no pid"),
        ]
    }
}
