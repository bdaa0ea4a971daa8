/// Text headers in the shape most servers and frameworks share: a time and a level among a few header
/// fields before the message, in any order and decoration. The specific formats come first; this one reads
/// the stacks they do not know:
///
///     2024-04-12 09:23:56.253 UTC [63] FATAL:  password authentication failed     PostgreSQL
///     2024-04-12T09:23:56.253Z 0 [Warning] [MY-011068] [Server] The syntax …        MySQL / MariaDB
///     [2024-02-27 12:00:00,017: ERROR/MainProcess] consumer: Cannot connect …     Celery worker and beat
///     2024-02-27T12:00:01.124Z pid=1 tid=ab12 class=HardWorker WARN: Error …      Sidekiq
///     [2024-02-27 12:00:00] production.ERROR: Undefined variable $x {"…"}          Laravel / Monolog
///     [2024-02-27 12:00:00.498][shop::api][ERROR] Rate limit exceeded             Rust fern / env_logger
///     2024-02-27T12:00:00.123456Z  WARN hyper::proto: connection error            Rust tracing
///     INFO  [main] 12:00:00,512 org.apache.tika.server.TikaServerProcess Starting  log4j PatternLayout
///     [INFO] Starting server (main PID: 219)                                     a bracketed level alone
///     (node:1) [DEP0005] DeprecationWarning: Buffer() is deprecated …              Node's process warnings
///     exporter: [Warning] Skipping table audit_log, it has no rows …            a tool's own diagnostics
///
/// Header fields: the time (bare or in brackets, where a Celery-style `: LEVEL/process` may follow it), a
/// level word (any case in brackets, capitals bare, `channel.LEVEL:`, `LEVEL/process`, the server words `LOG`,
/// `Note` and `System`), `[pid]` or a bare number, bracketed names (the first dotted or `::` name is the
/// logger, an error code such as `MY-011068` an attribute, other names the logger, then the thread), Spring's
/// `---`, a `pid:role` pair. A line is a header when it has a time, or starts with a bracketed or capitalised
/// level. PostgreSQL's `DETAIL:`, `HINT:`, `STATEMENT:`, `CONTEXT:`, `QUERY:` and `LOCATION:` lines continue
/// the record before them.
public struct LeveledTextFormat: LogFormat {
    public init() {}
    public var name: String { "leveled-text" }
    public var isGeneric: Bool { true }

    public func parse(_ line: UnsafeBufferPointer<UInt8>) -> ParsedLine? {
        guard let first = line.first, first > 0x20 else { return nil }
        var header = Header()
        var cursor = ByteCursor(line)
        while header.fields < 10, cursor.position < 200 {
            let start = cursor.position
            skipSeparators(&cursor)
            guard !cursor.isAtEnd, header.read(&cursor) else {
                cursor.position = start
                break
            }
            if header.continuation { break }
        }
        guard header.fields > 0, header.time != nil || header.leadingLevel else { return nil }
        if let word = header.continuationWord {
            cursor.position = word
        } else {
            skipSeparators(&cursor)
            if header.time != nil, header.severity != nil, header.logger == nil, header.pid == nil, header.thread == nil {
                Self.readModuleProcessThread(&cursor, into: &header)
            }
        }
        var attributes: [Attribute] = []
        if let code = header.code { attributes.append(Attribute("code", .string(cursor.string(code)))) }
        for pair in header.pairs { attributes.append(Attribute(cursor.string(pair.key), .string(cursor.string(pair.value)))) }
        if let id = header.requestID { attributes.append(Attribute("request_id", .string(cursor.string(id)))) }
        var parsed = ParsedLine(
            time: header.time, severity: header.severity, logger: header.logger.map { cursor.string($0) },
            pid: header.pid, thread: header.thread.map { cursor.string($0) }, message: cursor.rest,
            attributes: attributes)
        parsed.continuesRecord = header.continuation
        return parsed
    }

    /// ` - `, ` | `, `: ` and spaces between fields.
    /// Django's documented `verbose` layout puts `module process thread` after the level and the time
    /// (`ERROR 2025-03-04 10:01:00,456 views 12 140246 message`): a name, then two numbers.
    private static func readModuleProcessThread(_ cursor: inout ByteCursor, into header: inout Header) {
        var probe = cursor
        let name = probe.read(while: { $0.isIdentifierByte || $0 == UInt8(ascii: ".") })
        guard !name.isEmpty, probe.bytes[name.lowerBound].isASCIILetter, probe.consume(0x20),
            let pid = probe.readNumber(maxCount: 10), probe.consume(0x20)
        else { return }
        let thread = probe.read(while: { $0.isASCIIDigit })
        guard !thread.isEmpty, probe.consume(0x20), !probe.isAtEnd else { return }
        header.logger = name
        header.pid = pid
        header.thread = thread
        cursor = probe
    }

    private func skipSeparators(_ cursor: inout ByteCursor) {
        while let byte = cursor.peek() {
            if byte == 0x20 || byte == 0x09 {
                cursor.advance()
            } else if byte == UInt8(ascii: "-") || byte == UInt8(ascii: "|") || byte == UInt8(ascii: ":"),
                cursor.peek(1) == 0x20 || cursor.remaining == 1
            {
                cursor.advance()
            } else {
                return
            }
        }
    }

    /// The fields read so far; each `read` takes one field or leaves the cursor where the message starts.
    private struct Header {
        var time: ParsedTime?
        var severity: Severity?
        var logger: Range<Int>?
        var thread: Range<Int>?
        var pid: Int?
        var code: Range<Int>?
        /// `key=value` fields between the time and the level (Sidekiq's `pid=1 tid=ab12 class=HardWorker jid=…`).
        var pairs: [(key: Range<Int>, value: Range<Int>)] = []
        /// A UUID among the header's fields: the request the line belongs to (AWS Lambda's runtimes print one).
        var requestID: Range<Int>?
        /// A level in brackets or capitals came before anything else but a time.
        var leadingLevel = false
        /// The line started with a program's name and a colon.
        var programTag = false
        var continuation: Bool { continuationWord != nil }
        /// Where a continuation line's own text (`DETAIL: …`) starts.
        var continuationWord: Int?
        /// Fields read so far.
        var fields = 0

        mutating func read(_ cursor: inout ByteCursor) -> Bool {
            guard readField(&cursor) else { return false }
            fields += 1
            return true
        }

        private mutating func readField(_ cursor: inout ByteCursor) -> Bool {
            let start = cursor.position
            let line = cursor.bytes
            if time == nil, line[start].isASCIIDigit, let found = TimestampScanner.scan(&cursor), boundary(cursor) {
                time = found
                return true
            }
            cursor.position = start
            switch line[start] {
            case UInt8(ascii: "["): return readBracketed(&cursor)
            case UInt8(ascii: "("): return readParenthesised(&cursor)
            default: return readWord(&cursor)
            }
        }

        /// The field ends at a space, a separator or the end.
        private func boundary(_ cursor: ByteCursor) -> Bool {
            guard let next = cursor.peek() else { return true }
            return next == 0x20 || next == UInt8(ascii: "]") || next == UInt8(ascii: ":") || next == UInt8(ascii: "[")
                || next == 0x09
        }

        private mutating func readBracketed(_ cursor: inout ByteCursor) -> Bool {
            let line = cursor.bytes
            let open = cursor.position
            var close = open + 1
            while close < line.count, close - open < 128, line[close] != UInt8(ascii: "]") {
                if line[close] == UInt8(ascii: "[") { return false }
                close += 1
            }
            guard close < line.count, line[close] == UInt8(ascii: "]"), close > open + 1 else { return false }
            var inner = ByteCursor(line, position: open + 1)
            // `[2024-02-27 12:00:00,017: ERROR/MainProcess]`, `[2024-02-27 12:00:00]`
            if time == nil, line[open + 1].isASCIIDigit, let found = TimestampScanner.scan(&inner),
                inner.position <= close
            {
                time = found
                inner.skipSpaces()
                if inner.consume(UInt8(ascii: ":")) { inner.skipSpaces() }
                if inner.position < close, !readLevelAndThread(inner.position..<close, in: line, bracketed: true) {
                    return false
                }
                cursor.position = close + 1
                return true
            }
            let range = (open + 1)..<close
            guard classify(range, in: line) else { return false }
            cursor.position = close + 1
            return true
        }

        /// A bracketed field's text: level, pid, error code, logger or thread.
        private mutating func classify(_ range: Range<Int>, in line: UnsafeBufferPointer<UInt8>) -> Bool {
            let bytes = UnsafeBufferPointer(rebasing: line[range])
            if severity == nil, readLevelAndThread(range, in: line, bracketed: true) {
                if time == nil, fields == 0 || programTag { leadingLevel = true }
                return true
            }
            if pid == nil, bytes.count <= 9, bytes.allSatisfy({ $0.isASCIIDigit }) {
                pid = Int(String(decoding: bytes, as: UTF8.self))
                return true
            }
            guard bytes.allSatisfy({ $0 > 0x20 }) || bytes.count <= 24 else { return false }
            // Trimmed padding: `[           main]`.
            var lower = range.lowerBound
            while lower < range.upperBound, line[lower] == 0x20 { lower += 1 }
            let name = lower..<range.upperBound
            guard !name.isEmpty else { return true }
            let nameBytes = UnsafeBufferPointer(rebasing: line[name])
            if code == nil, Self.isCode(nameBytes) {
                code = name
                return true
            }
            guard nameBytes.allSatisfy({ $0 > 0x20 }) else {
                // A short phrase in brackets after the level is a thread (`[pool-1 thread-2]`); before, the message.
                guard severity != nil, thread == nil else { return false }
                thread = name
                return true
            }
            if leadingLevel, fields == 1, thread == nil {
                thread = name  // log4j's `%-5p [%t]`: the thread right after a leading level
            } else if logger == nil {
                logger = name
            } else if thread == nil {
                thread = name
            } else {
                return false
            }
            return true
        }

        /// `ERROR`, `error`, `E`, `ERROR/MainProcess` (a level, then its process).
        private mutating func readLevelAndThread(
            _ range: Range<Int>, in line: UnsafeBufferPointer<UInt8>, bracketed: Bool
        ) -> Bool {
            var end = range.lowerBound
            while end < range.upperBound, line[end].isASCIILetter { end += 1 }
            guard end > range.lowerBound else { return false }
            let word = UnsafeBufferPointer(rebasing: line[range.lowerBound..<end])
            guard let level = Self.level(word, anyCase: bracketed) else { return false }
            if end < range.upperBound {
                guard line[end] == UInt8(ascii: "/"), end + 1 < range.upperBound else { return false }
                thread = (end + 1)..<range.upperBound
            }
            severity = level
            return true
        }

        /// `(node:1234)`: a runtime's process tag.
        private mutating func readParenthesised(_ cursor: inout ByteCursor) -> Bool {
            var probe = cursor
            probe.advance()
            let name = probe.read(while: { $0.isIdentifierByte })
            guard !name.isEmpty, probe.consume(UInt8(ascii: ":")), let number = probe.readNumber(maxCount: 9),
                probe.consume(UInt8(ascii: ")")), fields == 0
            else { return false }
            pid = number
            logger = name
            leadingLevel = true  // the runtime's own line: what follows says what it is
            cursor = probe
            if Self.namesWarningCategory(cursor) { severity = Severity(.warning) }
            return true
        }

        /// `<0.812.0>`: three numbers joined by dots, in angle brackets.
        static func isErlangPid(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
            guard bytes.count >= 7, bytes.first == UInt8(ascii: "<"), bytes.last == UInt8(ascii: ">") else { return false }
            let inner = bytes.dropFirst().dropLast()
            return inner.split(separator: UInt8(ascii: "."), omittingEmptySubsequences: false).count == 3
                && inner.allSatisfy { $0.isASCIIDigit || $0 == UInt8(ascii: ".") }
        }

        /// `8f5c2a1e-1111-4a4a-9f9f-aaaaaaaaaaaa`: hex digits in groups of 8, 4, 4, 4 and 12.
        static func isUUID(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
            guard bytes.count == 36 else { return false }
            for (index, byte) in bytes.enumerated() {
                if [8, 13, 18, 23].contains(index) {
                    guard byte == UInt8(ascii: "-") else { return false }
                } else if !(byte.isASCIIDigit || (byte | 0x20) &- UInt8(ascii: "a") < 6) {
                    return false
                }
            }
            return true
        }

        private mutating func readWord(_ cursor: inout ByteCursor) -> Bool {
            let line = cursor.bytes
            let start = cursor.position
            var end = start
            while end < line.count, line[end] > 0x20, line[end] != UInt8(ascii: "[") { end += 1 }
            var word = start..<end
            var colon = false
            if word.count > 1, line[word.upperBound - 1] == UInt8(ascii: ":") {
                word = word.lowerBound..<(word.upperBound - 1)
                colon = true
            }
            let bytes = UnsafeBufferPointer(rebasing: line[word])
            // `exporter: [Warning] …`: a command-line tool names itself before its bracketed level.
            if fields == 0, colon, Self.isProgramName(bytes), Self.bracketedLevelFollows(line, from: end) {
                logger = word
                programTag = true
                cursor.position = end
                return true
            }
            // An Erlang process (`<0.812.0>`, RabbitMQ, Elixir): the thread of the line.
            if time != nil, thread == nil, !colon, Self.isErlangPid(bytes) {
                thread = word
                cursor.position = end
                return true
            }
            if time != nil, requestID == nil, !colon, Self.isUUID(bytes) {
                requestID = word
                cursor.position = end
                return true
            }
            // PostgreSQL's detail lines belong to the statement before them.
            if colon, time != nil || pid != nil, Self.isContinuationWord(bytes) {
                continuationWord = start
                cursor.position = end
                return true
            }
            // `pid=1`, `tid=ab12`, `jid=9f8e7d`: fields a job runner prints between the time and the level
            if time != nil, severity == nil, !colon, pairs.count < 8, let equals = bytes.firstIndex(of: UInt8(ascii: "=")),
                equals > 0, equals < bytes.count - 1, bytes[..<equals].allSatisfy({ $0.isIdentifierByte })
            {
                let key = word.lowerBound..<(word.lowerBound + equals)
                let value = (word.lowerBound + equals + 1)..<word.upperBound
                let keyText = String(decoding: UnsafeBufferPointer(rebasing: line[key]), as: UTF8.self)
                if keyText == "pid", let number = Int(String(decoding: UnsafeBufferPointer(rebasing: line[value]), as: UTF8.self)) {
                    pid = number
                } else if keyText == "tid", thread == nil {
                    thread = value
                } else {
                    pairs.append((key, value))
                }
                cursor.position = end
                return true
            }
            if severity == nil {
                if bytes.allSatisfy({ $0.isASCIIUpper }), bytes.count >= 3, let level = Self.level(bytes, anyCase: true) {
                    severity = level
                    if time == nil, fields == 0 { leadingLevel = true }
                    cursor.position = end
                    return true
                }
                // `production.ERROR:` (Monolog: channel, then level)
                if colon, let dot = bytes.lastIndex(of: UInt8(ascii: ".")), dot > 0,
                    let level = Self.level(UnsafeBufferPointer(rebasing: bytes[(dot + 1)...]), anyCase: false)
                {
                    severity = level
                    logger = word.lowerBound..<(word.lowerBound + dot)
                    cursor.position = end
                    return true
                }
                // `ERROR/MainProcess`
                if bytes.contains(UInt8(ascii: "/")), bytes.first?.isASCIIUpper == true,
                    readLevelAndThread(word, in: line, bracketed: false)
                {
                    cursor.position = end
                    return true
                }
            }
            // A process or thread number (`[63]` is bracketed; MySQL and Spring print it bare) before the level.
            if pid == nil, !colon, bytes.count <= 9, bytes.allSatisfy({ $0.isASCIIDigit }), time != nil {
                pid = Int(String(decoding: bytes, as: UTF8.self))
                cursor.position = end
                return true
            }
            // Spring Boot's separator before the thread.
            if bytes.count == 3, bytes.allSatisfy({ $0 == UInt8(ascii: "-") }) {
                cursor.position = end
                return true
            }
            // `1:M` (a pid and a role letter)
            if pid == nil, let colonIndex = bytes.firstIndex(of: UInt8(ascii: ":")), colonIndex > 0,
                colonIndex == bytes.count - 2, bytes[bytes.count - 1].isASCIIUpper,
                bytes[..<colonIndex].allSatisfy({ $0.isASCIIDigit })
            {
                pid = Int(String(decoding: UnsafeBufferPointer(rebasing: bytes[..<colonIndex]), as: UTF8.self))
                cursor.position = end
                return true
            }
            // After the level, a logger name that a `:` or ` : ` closes (`hyper::proto:`, `c.e.Service : …`); it
            // outranks a plain bracketed name, which was the thread (`[main] c.e.Service : …`).
            if severity != nil, logger == nil || (thread == nil && !Self.isQualified(line, logger!)),
                Self.isQualified(bytes)
            {
                var probe = ByteCursor(line, position: end)
                probe.skipSpaces()
                if colon || (probe.peek() == UInt8(ascii: ":") && probe.peek(1) == 0x20) {
                    if logger != nil { thread = logger }
                    logger = word
                    cursor.position = colon ? end : probe.position + 1
                    return true
                }
            }
            return false
        }

        /// A level word: any case in brackets (`[Warning]`, `[I]`), capitals bare; the server words `LOG`
        /// (PostgreSQL), `Note` and `System` (MySQL) are informational.
        static func level(_ word: UnsafeBufferPointer<UInt8>, anyCase: Bool) -> Severity? {
            guard !word.isEmpty else { return nil }
            if !anyCase, !word.allSatisfy({ $0.isASCIIUpper }) { return nil }
            if let level = Severity(bytes: word, allowSingleLetter: anyCase && word.count == 1) { return level }
            let isServerWord = serverInfoWords.contains { equalsFolded(word, $0) }
            return isServerWord ? Severity(.info) : nil
        }

        private static let serverInfoWords: [[UInt8]] = ["LOG", "NOTE", "SYSTEM", "STATUS"].map { Array($0.utf8) }
        private static let continuationWords: [[UInt8]] = ["DETAIL", "HINT", "STATEMENT", "CONTEXT", "QUERY", "LOCATION"]
            .map { Array($0.utf8) }

        /// `exporter`, `db_backup`, `sync-tool`: lower-case letters first, then letters, digits, `-`, `_`, `.`.
        static func isProgramName(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
            guard bytes.count >= 2, bytes.count <= 32, let first = bytes.first, first.isASCIILetter, !first.isASCIIUpper else {
                return false
            }
            return bytes.allSatisfy {
                ($0.isASCIILetter && !$0.isASCIIUpper) || $0.isASCIIDigit || $0 == UInt8(ascii: "-") || $0 == UInt8(ascii: "_")
                    || $0 == UInt8(ascii: ".")
            }
        }

        /// ` [Warning]`, ` [ERROR]` right after `index`.
        static func bracketedLevelFollows(_ line: UnsafeBufferPointer<UInt8>, from index: Int) -> Bool {
            var open = index
            while open < line.count, line[open] == 0x20 { open += 1 }
            guard open > index, open < line.count, line[open] == UInt8(ascii: "[") else { return false }
            var close = open + 1
            while close < line.count, close - open <= 10, line[close].isASCIILetter { close += 1 }
            guard close < line.count, line[close] == UInt8(ascii: "]"), close > open + 1 else { return false }
            return level(UnsafeBufferPointer(rebasing: line[(open + 1)..<close]), anyCase: true) != nil
        }

        /// `word` is `upper` (capitals) in any ASCII case.
        private static func equalsFolded(_ word: UnsafeBufferPointer<UInt8>, _ upper: [UInt8]) -> Bool {
            word.count == upper.count && zip(word, upper).allSatisfy { $0.uppercasedASCII == $1 }
        }

        /// PostgreSQL's lines that add to the statement before them.
        static func isContinuationWord(_ word: UnsafeBufferPointer<UInt8>) -> Bool {
            continuationWords.contains { $0.elementsEqual(word) }
        }

        /// `a.b`, `a::b` or `a/b`: a module path.
        static func isQualified(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
            guard bytes.count >= 3, bytes.first.map({ $0.isASCIILetter || $0 == UInt8(ascii: "_") }) == true else {
                return false
            }
            var separated = false
            for (index, byte) in bytes.enumerated() {
                guard byte.isIdentifierByte || byte == UInt8(ascii: ".") || byte == UInt8(ascii: ":")
                    || byte == UInt8(ascii: "-") || byte == UInt8(ascii: "$") || byte == UInt8(ascii: "/")
                else { return false }
                if byte == UInt8(ascii: "."), index > 0, index < bytes.count - 1 { separated = true }
                if byte == UInt8(ascii: ":"), index + 1 < bytes.count, bytes[index + 1] == UInt8(ascii: ":") {
                    separated = true
                }
            }
            return separated
        }

        static func isQualified(_ line: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> Bool {
            isQualified(UnsafeBufferPointer(rebasing: line[range]))
        }

        /// An error code: letters, a dash or underscore, digits (`MY-011068`, `DEP0005`, `E_1203`).
        static func isCode(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
            guard bytes.count >= 4, bytes.count <= 16, bytes[0].isASCIIUpper else { return false }
            var digits = 0
            for byte in bytes {
                if byte.isASCIIDigit {
                    digits += 1
                } else if digits > 0 || !(byte.isASCIIUpper || byte == UInt8(ascii: "-") || byte == UInt8(ascii: "_")) {
                    return false
                }
            }
            return digits >= 2
        }

        /// Whether a warning class is named at the cursor (`Warning:`, `DeprecationWarning:`, `[DEP0005]
        /// ExperimentalWarning:`).
        static func namesWarningCategory(_ cursor: ByteCursor) -> Bool {
            var probe = cursor
            probe.skipSpaces()
            if probe.peek() == UInt8(ascii: "[") {
                while let byte = probe.peek(), byte != UInt8(ascii: "]") { probe.advance() }
                probe.advance()
                probe.skipSpaces()
            }
            let word = probe.read(while: { $0.isASCIILetter })
            guard word.count >= 7, probe.peek() == UInt8(ascii: ":") else { return false }
            return UnsafeBufferPointer(rebasing: cursor.bytes[word]).reversed().starts(with: "Warning".utf8.reversed())
        }
    }

    public var examples: [FormatExample] {
        [
            FormatExample(
                "2024-04-12 09:23:56.253 UTC [63] FATAL:  password authentication failed for user \"app\"",
                time: "2024-04-12T09:23:56.253Z", level: .critical, pid: 63,
                message: "password authentication failed for user \"app\""),
            FormatExample(
                "2024-04-12 09:23:56.253 UTC [1] LOG:  database system is ready to accept connections",
                level: .info, pid: 1, message: "database system is ready to accept connections"),
            FormatExample(
                "2024-04-12T09:23:56.253421Z 0 [Warning] [MY-011068] [Server] The syntax '--skip-host-cache' is deprecated",
                time: "2024-04-12T09:23:56.253Z", level: .warning, logger: "Server",
                message: "The syntax '--skip-host-cache' is deprecated", attributes: ["code": "MY-011068"]),
            FormatExample(
                "2024-02-14  2:00:01 1893 [Warning] Access denied for user 'root'@'localhost' (using password: NO)",
                time: "2024-02-14T02:00:01.000Z", level: .warning, pid: 1893,
                message: "Access denied for user 'root'@'localhost' (using password: NO)"),
            FormatExample(
                "2024-02-13 20:36:02+00:00 [Note] [Entrypoint]: Switching to dedicated user 'mysql'", level: .info,
                logger: "Entrypoint", message: "Switching to dedicated user 'mysql'"),
            FormatExample(
                "2024-02-27T12:00:01.124Z pid=1 tid=ab12 class=HardWorker jid=9f8e7d WARN: Error fetching job: connection refused",
                time: "2024-02-27T12:00:01.124Z", level: .warning, pid: 1, thread: "ab12",
                message: "Error fetching job: connection refused", attributes: ["class": "HardWorker", "jid": "9f8e7d"]),
            FormatExample(
                "[2024-02-27 12:00:00,017: ERROR/MainProcess] consumer: Cannot connect to amqp://rabbit:5672//: timed out.",
                time: "2024-02-27T12:00:00.017Z", level: .error, thread: "MainProcess",
                message: "consumer: Cannot connect to amqp://rabbit:5672//: timed out."),
            FormatExample(
                "[2024-02-27 12:00:00] production.ERROR: Undefined variable $invoice {\"userId\":1}",
                time: "2024-02-27T12:00:00.000Z", level: .error, logger: "production",
                message: "Undefined variable $invoice {\"userId\":1}"),
            FormatExample(
                "[2024-02-27 12:00:00.498][shop::api::orders][ERROR] Order total does not match its lines",
                level: .error, logger: "shop::api::orders", message: "Order total does not match its lines"),
            FormatExample(
                "2024-02-27T12:00:00.123456Z  WARN hyper::proto::h1::io: read_buf error: connection reset",
                level: .warning, logger: "hyper::proto::h1::io", message: "read_buf error: connection reset"),
            FormatExample(
                "INFO  [main] 07:58:02,512 org.apache.tika.server.core.TikaServerProcess Starting Apache Tika",
                level: .info, thread: "main", message: "org.apache.tika.server.core.TikaServerProcess Starting Apache Tika"),
            FormatExample("[INFO] Starting server (main PID: 219)", level: .info, message: "Starting server (main PID: 219)"),
            FormatExample(
                "2025-03-04 10:01:00.123456+00:00 [error] <0.812.0> missed heartbeats from client, timeout: 60s",
                level: .error, thread: "<0.812.0>", message: "missed heartbeats from client, timeout: 60s"),
            // AWS Lambda's Python and Node runtimes
            FormatExample(
                "[ERROR]\t2025-03-04T10:00:00.123Z\t8f5c2a1e-1111-4a4a-9f9f-aaaaaaaaaaaa\tFailed to process record 17",
                time: "2025-03-04T10:00:00.123Z", level: .error, message: "Failed to process record 17",
                attributes: ["request_id": "8f5c2a1e-1111-4a4a-9f9f-aaaaaaaaaaaa"]),
            FormatExample(
                "2025-03-04T10:00:00.123Z\t8f5c2a1e-1111-4a4a-9f9f-aaaaaaaaaaaa\tERROR\tFailed to process record 17",
                level: .error, message: "Failed to process record 17", attributes: ["request_id": "8f5c2a1e-1111-4a4a-9f9f-aaaaaaaaaaaa"]),
            FormatExample(
                "ERROR 2025-03-04 10:01:00,456 log 12 140246 Internal Server Error: /orders/7/", time: "2025-03-04T10:01:00.456Z",
                level: .error, logger: "log", pid: 12, thread: "140246", message: "Internal Server Error: /orders/7/"),
            FormatExample(
                "[ERROR] Could not read the settings file `app.toml`", level: .error,
                message: "Could not read the settings file `app.toml`"),
            FormatExample(
                "(node:1) [DEP0005] DeprecationWarning: Buffer() is deprecated due to security and usability issues.",
                level: .warning, pid: 1, message: "DeprecationWarning: Buffer() is deprecated due to security and usability issues.",
                attributes: ["code": "DEP0005"]),
            FormatExample(
                "(node:7) Warning: Accessing non-existent property 'x' of module exports inside circular dependency",
                level: .warning, pid: 7,
                message: "Warning: Accessing non-existent property 'x' of module exports inside circular dependency"),
            FormatExample(
                "exporter: [Warning] Skipping table audit_log, it has no rows.", level: .warning, logger: "exporter",
                message: "Skipping table audit_log, it has no rows."),
            FormatExample(
                "[2024-03-12 07:58:07] INFO Shop is running in production...", level: .info,
                message: "Shop is running in production..."),
            FormatExample(
                "2024-06-18 07:58:02 [W] Plain HTTP cookies are not recommended", level: .warning,
                message: "Plain HTTP cookies are not recommended"),
            FormatExample("2024-04-12 09:23:56 connection accepted from 10.0.0.5", level: nil,
                message: "connection accepted from 10.0.0.5"),
            .rejects("Error loading configuration from /etc/app.yaml"),
            .rejects("  at com.example.Service.run(Service.java:42)"),
            .rejects("Traceback (most recent call last):"),
            .rejects("GET /health 200"),
            .rejects("Warning: something odd"),
            .rejects("worker: [step 2] copying files"),
        ]
    }
}
