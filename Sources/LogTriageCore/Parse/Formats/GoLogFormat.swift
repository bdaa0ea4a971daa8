/// Go's standard `log` package (and `slog`'s default handler, which writes through it):
///
///     2024/05/04 12:43:47 listening on :8080
///     2024/05/04 12:43:47.123456 main.go:12: connected            (Lmicroseconds, Lshortfile)
///     myapp: 2024/05/04 12:43:47 /src/app/main.go:88: [ERROR] x    (a prefix, Llongfile)
///     2024/05/04 12:43:47 ERROR failed to connect err="refused"   (slog before SetDefault)
///
/// `log` has no levels: one spelled at the start of the message (`[ERROR] msg`, `ERROR: msg`, `ERROR msg`)
/// or a `level=error` pair gives the severity, and a level word as the prefix (`INFO: 2024/05/04 …`) does too;
/// any other prefix is the logger. A prefix placed after the time (`Lmsgprefix`) cannot be told from the
/// message and stays in it. Lines without the `YYYY/MM/DD` date are left to other formats (slog's text
/// handler is logfmt), and nginx error lines, which share the date, are refused.
public struct GoLogFormat: LogFormat {
    public init() {}
    public var name: String { "go-log" }

    public func parse(_ line: UnsafeBufferPointer<UInt8>) -> ParsedLine? {
        var cursor = ByteCursor(line)
        var prefix: Range<Int>?
        guard let first = cursor.peek() else { return nil }
        if !first.isASCIIDigit {
            // A one-word prefix (`myapp:`, `[api]`, `INFO:`); bounded so long foreign lines are left quickly.
            while let byte = cursor.peek(), byte > 0x20 {
                guard cursor.position < 32 else { return nil }
                cursor.advance()
            }
            prefix = 0..<cursor.position
            cursor.skipSpaces()
        }
        // YYYY/MM/DD hh:mm:ss
        guard cursor.remaining >= 19, cursor.peek(4) == UInt8(ascii: "/"), cursor.peek(7) == UInt8(ascii: "/"),
            cursor.peek(10) == 0x20, cursor.peek(13) == UInt8(ascii: ":"),
            let time = TimestampScanner.scan(&cursor), cursor.consume(0x20)
        else { return nil }
        if isNginxError(cursor) { return nil }

        var severity: Severity?
        var logger: String?
        if let prefix {
            let name = trimmedPrefix(line, prefix)
            if let level = Severity(bytes: UnsafeBufferPointer(rebasing: line[name])) {
                severity = level
            } else if !name.isEmpty {
                logger = cursor.string(name)
            }
        }
        let source = readSource(&cursor)
        // A level in the message outranks a lower one in the prefix (`INFO: … [ERROR] …`).
        if let level = readMessageLevel(&cursor), severity.map({ level.level > $0.level }) ?? true {
            severity = level
        }
        if severity == nil { severity = levelPair(cursor) }
        return ParsedLine(time: time, severity: severity, logger: logger, source: source, message: cursor.rest)
    }

    /// `[error] 1234#1234:` after the time.
    private func isNginxError(_ cursor: ByteCursor) -> Bool {
        var probe = cursor
        guard probe.consume(UInt8(ascii: "[")) else { return false }
        let word = probe.read(while: { $0.isASCIILetter })
        guard !word.isEmpty, probe.consume("] ") else { return false }
        return !probe.read(while: { $0.isASCIIDigit }).isEmpty && probe.peek() == UInt8(ascii: "#")
    }

    /// The prefix without the brackets and colon around it (`[api]`, `myapp:`).
    private func trimmedPrefix(_ line: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> Range<Int> {
        var lower = range.lowerBound
        var upper = range.upperBound
        if upper > lower, line[upper - 1] == UInt8(ascii: ":") { upper -= 1 }
        if upper - lower >= 2, line[lower] == UInt8(ascii: "["), line[upper - 1] == UInt8(ascii: "]") {
            lower += 1
            upper -= 1
        }
        return lower..<upper
    }

    /// `file.go:N: ` (Lshortfile / Llongfile), or `file.go:N:function() ` as loggers built on `log` write it.
    private func readSource(_ cursor: inout ByteCursor) -> SourceLocation? {
        let line = cursor.bytes
        var probe = cursor
        let word = probe.read(while: { $0 > 0x20 })
        guard word.count >= 6, let goEnd = goFileEnd(line, word) else { return nil }
        var number = ByteCursor(line, position: goEnd + 1)
        guard let lineNumber = number.readNumber(maxCount: 7), number.consume(UInt8(ascii: ":")) else { return nil }
        var function: String?
        if number.position < word.upperBound {
            // `runWeb()`, `(*Server).Serve()`: a call named after the line number, printed without its `()`.
            guard word.upperBound - number.position > 2, line[word.upperBound - 1] == UInt8(ascii: ")") else { return nil }
            let end = line[word.upperBound - 2] == UInt8(ascii: "(") ? word.upperBound - 2 : word.upperBound
            function = cursor.string(number.position..<end)
        }
        probe.skipSpaces()
        cursor = probe
        return SourceLocation(file: cursor.string(word.lowerBound..<goEnd), function: function, line: lineNumber)
    }

    /// The index of the `:` after `.go` in `word`.
    private func goFileEnd(_ line: UnsafeBufferPointer<UInt8>, _ word: Range<Int>) -> Int? {
        var index = word.lowerBound + 3
        while index < word.upperBound {
            if line[index] == UInt8(ascii: ":"), line[index - 3] == UInt8(ascii: "."), line[index - 2] == UInt8(ascii: "g"),
                line[index - 1] == UInt8(ascii: "o")
            {
                return index
            }
            index += 1
        }
        return nil
    }

    /// A level at the start of the message, `[ERROR] `, `ERROR: ` (any case) or `ERROR ` (upper case); the
    /// cursor moves past it.
    private func readMessageLevel(_ cursor: inout ByteCursor) -> Severity? {
        let line = cursor.bytes
        var probe = cursor
        let bracketed = probe.consume(UInt8(ascii: "["))
        let word = probe.read(while: { $0.isASCIILetter })
        // `[I]`, `[W]`, `[E]`: one letter in brackets, as some Go loggers write it.
        if bracketed, word.count == 1, probe.peek() == UInt8(ascii: "]"),
            let level = Severity(bytes: UnsafeBufferPointer(rebasing: line[word]), allowSingleLetter: true)
        {
            probe.advance()
            probe.skipSpaces()
            cursor = probe
            return level
        }
        guard word.count >= 3, let level = messageLevel(line, word) else { return nil }
        if bracketed {
            guard probe.consume(UInt8(ascii: "]")) else { return nil }
        } else if probe.consume(UInt8(ascii: ":")) {
            guard probe.isAtEnd || probe.peek() == 0x20 else { return nil }
        } else {
            // A bare word only in capitals: `Error connecting` is a sentence.
            guard probe.peek() == 0x20, TextFormatSupport.upperCaseLevel(line, word) != nil else { return nil }
        }
        probe.skipSpaces()
        cursor = probe
        return level
    }

    /// A level word as Go programs spell one; java.util.logging's FINE/FINER/FINEST/CONFIG are ordinary words here.
    private func messageLevel(_ line: UnsafeBufferPointer<UInt8>, _ word: Range<Int>) -> Severity? {
        guard let level = Severity(bytes: UnsafeBufferPointer(rebasing: line[word])) else { return nil }
        let first = line[word.lowerBound].uppercasedASCII
        let second = line[word.lowerBound + 1].uppercasedASCII
        // Among the level words only FINE… start with `FI`, and only CONFIG is a six-letter `C` word.
        if first == UInt8(ascii: "F"), second == UInt8(ascii: "I") { return nil }
        if first == UInt8(ascii: "C"), word.count == 6 { return nil }
        return level
    }

    /// `level=error` anywhere in the message (a logfmt body behind the `log` date).
    private func levelPair(_ cursor: ByteCursor) -> Severity? {
        var probe = cursor
        while let found = probe.firstIndex(of: "level=") {
            probe.position = found + 6
            guard found == cursor.position || cursor.bytes[found - 1] == 0x20 else { continue }
            _ = probe.consume(UInt8(ascii: "\""))
            let word = probe.read(while: { $0.isASCIILetter })
            return Severity(bytes: UnsafeBufferPointer(rebasing: cursor.bytes[word]))
        }
        return nil
    }

    public var examples: [FormatExample] {
        [
            FormatExample(
                "2024/05/04 12:43:47 listening on :8080", time: "2024-05-04T12:43:47.000Z", level: nil, logger: nil,
                message: "listening on :8080"),
            FormatExample(
                "2024/05/04 12:43:47.123456 main.go:12: connected to postgres", time: "2024-05-04T12:43:47.123Z",
                source: SourceLocation(file: "main.go", line: 12), message: "connected to postgres"),
            FormatExample(
                "myapp: 2024/05/04 12:43:47 /home/u/app/cmd/server/main.go:88: [ERROR] payment failed for order 42",
                level: .error, logger: "myapp", source: SourceLocation(file: "/home/u/app/cmd/server/main.go", line: 88),
                message: "payment failed for order 42"),
            FormatExample(
                "INFO: 2024/05/04 12:43:47 main.go:20: server started", level: .info, logger: nil,
                source: SourceLocation(file: "main.go", line: 20), message: "server started"),
            FormatExample(
                "[api] 2024/05/04 12:43:48 ERROR: cannot open config.yaml: no such file or directory", level: .error,
                logger: "api", message: "cannot open config.yaml: no such file or directory"),
            FormatExample(
                "2024/05/04 12:43:49 ERROR failed to connect err=\"dial tcp 10.0.0.5:5432: connect: connection refused\"",
                level: .error, message: "failed to connect err=\"dial tcp 10.0.0.5:5432: connect: connection refused\""),
            FormatExample(
                "2024/05/04 12:43:50 level=warn msg=\"slow query\" duration=2.3s", level: .warning,
                message: "level=warn msg=\"slow query\" duration=2.3s"),
            FormatExample(
                "2024/05/04 12:43:51 http: panic serving 10.0.0.1:51234: runtime error: invalid memory address or nil pointer dereference",
                level: nil, message: "http: panic serving 10.0.0.1:51234: runtime error: invalid memory address or nil pointer dereference"),
            FormatExample("2024/05/04 12:43:52 Error: config reload failed", level: .error, message: "config reload failed"),
            FormatExample(
                "2024/06/18 07:58:02 .../setting/security.go:169:loadSecurityFrom() [W] Query API tokens are enabled",
                level: .warning, source: SourceLocation(file: ".../setting/security.go", function: "loadSecurityFrom", line: 169),
                message: "Query API tokens are enabled"),
            FormatExample(
                "2024/06/18 09:41:09 routers/web/repo/http.go:412:(*serviceHandler).sendFile() [E] Failed to open file",
                level: .error,
                source: SourceLocation(file: "routers/web/repo/http.go", function: "(*serviceHandler).sendFile", line: 412),
                message: "Failed to open file"),
            .rejects("2024/05/04 12:43:47 [error] 1234#1234: *5 connect() failed (111: Connection refused) while connecting to upstream"),
            .rejects("2024-05-04 12:43:47,913 - app.auth - ERROR - Token verification failed"),
            .rejects("2024-05-04 12:43:47,913 ERROR app.auth: Token verification failed"),
            .rejects("ERROR:root:Database connection lost"),
            .rejects("time=2024-05-04T12:43:47.913+02:00 level=ERROR msg=\"db down\" attempt=3"),
            .rejects("May  4 12:43:47 web-1 sshd[24200]: Invalid user admin from 10.0.0.5"),
            .rejects("I0504 12:43:47.913123   12345 controller.go:42] Starting controller"),
        ]
    }
}
