/// Java logging layouts: the logback, log4j and log4j2 defaults and their usual variants, Spring Boot 2 and 3,
/// and JBoss/WildFly:
///
///     12:43:47.913 [main] ERROR com.example.Foo - message                                  (logback)
///     2024-05-04 12:43:47.913 [http-nio-8080-exec-1] WARN  c.e.web.Controller - message    (log4j2)
///     2024-05-04 12:43:47.913 ERROR 12345 --- [           main] o.s.boot.SpringApplication  : message
///     2024-05-04T12:43:47.913+02:00 ERROR 12345 --- [app] [main] c.e.Foo : message         (Spring Boot 3)
///     0    [main] INFO  com.foo.Bar  - message                                             (log4j 1, ms since start)
///     2024-05-04 12:43:47,913 ERROR [com.example.Foo] (Foo.java:42) - message
///     12:43:47,913 ERROR [org.jboss.as] (Controller Boot Thread) WFLYCTL0013: message     (WildFly)
///
/// After the time come, in layout order, the level (upper case, possibly bracketed), `[thread]`, a pid,
/// Spring's `---`, the logger (the class name), and a location `(File.java:N)`; the message follows ` - `,
/// ` : ` or a `logger:`. Python's logging can print the same kind of header, so a line must also show
/// something Java layouts write and Python's don't: a thread before the level, Spring's `---`, a class-named
/// logger (`com.example.Foo`), a `.java` location, a WildFly `(thread)`, or log4j 1's relative time.
public struct JavaLogFormat: LogFormat {
    public init() {}
    public var name: String { "java" }

    public func parse(_ line: UnsafeBufferPointer<UInt8>) -> ParsedLine? {
        var cursor = ByteCursor(line)
        guard let first = cursor.peek() else { return nil }
        var header = Header()
        if first == UInt8(ascii: "[") {
            cursor.advance()
            guard cursor.peek()?.isASCIIDigit == true, let time = TimestampScanner.scan(&cursor),
                cursor.consume(UInt8(ascii: "]"))
            else { return nil }
            header.time = time
        } else if first.isASCIIDigit {
            if let time = TimestampScanner.scan(&cursor) {
                header.time = time
            } else {
                // log4j 1's TTCC layout: milliseconds since start-up, then `[thread]`; no clock time.
                let digits = cursor.read(while: { $0.isASCIIDigit })
                var probe = cursor
                guard digits.count <= 12, probe.skipSpaces() > 0, probe.peek() == UInt8(ascii: "[") else { return nil }
                header.javaOnly = true
            }
        } else {
            return nil
        }
        guard cursor.skipSpaces() > 0, let messageStart = header.read(&cursor), header.javaOnly,
            let severity = header.severity
        else { return nil }
        var attributes: [Attribute] = []
        if let application = header.application {
            attributes.append(Attribute("application", .string(cursor.string(application))))
        }
        if let correlation = header.correlation { appendCorrelation(line, correlation, to: &attributes) }
        return ParsedLine(
            time: header.time, severity: severity, logger: header.logger.map { cursor.string($0) }, pid: header.pid,
            thread: header.thread.map { cursor.string($0) }, source: header.source,
            message: cursor.string(messageStart..<line.count), attributes: attributes)
    }

    /// Spring Boot 3.2's `[traceId-spanId]`.
    private func appendCorrelation(_ line: UnsafeBufferPointer<UInt8>, _ range: Range<Int>, to attributes: inout [Attribute]) {
        var cursor = ByteCursor(line, position: range.lowerBound)
        let trace = cursor.read(while: { $0.isHexDigit })
        guard trace.count >= 16, cursor.consume(UInt8(ascii: "-")) else { return }
        let span = cursor.read(while: { $0.isHexDigit })
        guard span.count >= 8, cursor.position == range.upperBound else { return }
        attributes.append(Attribute("trace_id", .string(cursor.string(trace))))
        attributes.append(Attribute("span_id", .string(cursor.string(span))))
    }

    /// The fields between the time and the message.
    private struct Header {
        var time: ParsedTime?
        var severity: Severity?
        var logger: Range<Int>?
        var thread: Range<Int>?
        var pid: Int?
        var source: SourceLocation?
        var application: Range<Int>?
        var correlation: Range<Int>?
        /// Whether the header shows something only Java layouts write.
        var javaOnly = false
        private var springDashes = false
        /// Spring's `---` was read (the flag above only until its brackets are).
        private var springLayout = false
        private var bracketedLogger = false

        /// Reads fields up to the message; returns where it starts, nil when this is not a Java header.
        mutating func read(_ cursor: inout ByteCursor) -> Int? {
            let line = cursor.bytes
            for _ in 0..<12 {
                guard let byte = cursor.peek() else { return nil }
                if byte == UInt8(ascii: "[") {
                    if springDashes {
                        guard readSpringBrackets(&cursor) else { return nil }
                        continue
                    }
                    guard let close = cursor.firstIndex(of: UInt8(ascii: "]")) else { return nil }
                    let inner = cursor.trimmed((cursor.position + 1)..<close)
                    cursor.position = close + 1
                    cursor.skipSpaces()
                    if severity == nil, let level = TextFormatSupport.upperCaseLevel(line, inner) {
                        severity = level
                    } else if pid == nil, let number = TextFormatSupport.number(line, inner) {
                        pid = number  // `[123]` is a process, not a thread (gunicorn, Python)
                    } else if severity != nil, logger == nil, cursor.peek() == UInt8(ascii: "("), isLoggerName(line, inner) {
                        logger = inner  // `[category] (thread)` (WildFly) or `[logger] (File.java:N)`
                        bracketedLogger = true
                    } else if thread == nil, !inner.isEmpty {
                        thread = inner
                        if severity == nil { javaOnly = true }
                        // `%c [%t] %m`: the message follows the thread.
                        if logger != nil { return cursor.position }
                    } else if severity != nil, logger == nil, isLoggerName(line, inner) {
                        logger = inner
                    } else {
                        return nil
                    }
                    continue
                }
                if byte == UInt8(ascii: "(") {
                    guard let close = closingParen(cursor) else { return nil }
                    let inner = cursor.trimmed((cursor.position + 1)..<close)
                    cursor.position = close + 1
                    cursor.skipSpaces()
                    if source == nil, let found = Self.location(line, inner) {
                        source = found.location
                        if found.jvm { javaOnly = true }
                        continue
                    }
                    // WildFly's `[category] (thread)`, the message right after it.
                    guard severity != nil, bracketedLogger, thread == nil, !inner.isEmpty else { return nil }
                    thread = inner
                    javaOnly = true
                    return cursor.position
                }
                if cursor.hasPrefix("--- ") {
                    guard severity != nil, !springDashes else { return nil }
                    springDashes = true
                    springLayout = true
                    javaOnly = true
                    cursor.advance(4)
                    cursor.skipSpaces()
                    continue
                }
                if byte == UInt8(ascii: "-") || byte == UInt8(ascii: ":"), cursor.peek(1) == 0x20 || cursor.remaining == 1 {
                    guard severity != nil else { return nil }
                    cursor.advance()
                    cursor.skipSpaces()
                    return cursor.position
                }
                guard readWord(&cursor) else { return nil }
                if let start = messageAfterColon { return start }
            }
            return nil
        }

        private var messageAfterColon: Int?

        /// One unbracketed word: the level, Spring's pid, a location, `Class.method(File.java:N)`, the logger.
        private mutating func readWord(_ cursor: inout ByteCursor) -> Bool {
            let line = cursor.bytes
            let word = cursor.read(while: { $0 > 0x20 })
            guard !word.isEmpty else { return false }
            var name = word
            let colonEnds = line[word.upperBound - 1] == UInt8(ascii: ":")
            if colonEnds { name = word.lowerBound..<(word.upperBound - 1) }
            guard !name.isEmpty else { return false }
            let afterWord = cursor.position
            cursor.skipSpaces()
            if severity == nil, !colonEnds, let level = TextFormatSupport.upperCaseLevel(line, word) {
                severity = level
                return true
            }
            if pid == nil, !colonEnds, cursor.hasPrefix("--- "), let number = TextFormatSupport.number(line, word) {
                pid = number
                return true
            }
            if source == nil, let found = Self.location(line, name) {
                source = found.location
                if found.jvm { javaOnly = true }
                if colonEnds { messageAfterColon = cursor.position }
                return true
            }
            if logger == nil, line[name.upperBound - 1] == UInt8(ascii: ")"), let open = firstParen(line, name) {
                // `com.example.Foo.handle(Foo.java:42)`: class, method and location.
                guard let found = Self.location(line, (open + 1)..<(name.upperBound - 1)),
                    let dot = lastDot(line, name.lowerBound..<open)
                else { return false }
                logger = name.lowerBound..<dot
                var withFunction = found.location
                withFunction.function = cursor.string((dot + 1)..<open)
                source = withFunction
                if found.jvm || Self.isClassName(line, name.lowerBound..<dot) { javaOnly = true }
                if colonEnds { messageAfterColon = cursor.position }
                return true
            }
            if logger == nil, source == nil, let colon = lineSuffix(line, name), isLoggerName(line, name.lowerBound..<colon),
                let number = TextFormatSupport.number(line, (colon + 1)..<name.upperBound)
            {
                // log4j's `%c{1}:%L`: `OrderService:42`; a capitalised class name is Java's convention.
                logger = name.lowerBound..<colon
                source = SourceLocation(line: number)
                if line[name.lowerBound].isASCIIUpper { javaOnly = true }
                if colonEnds { messageAfterColon = cursor.position }
                return true
            }
            // Spring cuts a long logger name to its width from the left: `.s.d.r.c.RepositoryConfigurationDelegate`.
            let cut = springLayout && line[name.lowerBound] == UInt8(ascii: ".") && name.count > 1
            let loggerName = cut ? (name.lowerBound + 1)..<name.upperBound : name
            if logger == nil, isLoggerName(line, loggerName) {
                logger = loggerName
                if Self.isClassName(line, name) { javaOnly = true }
                if colonEnds { messageAfterColon = cursor.position }
                return true
            }
            // Spring's logger column is whatever the logger is called, up to its ` : `: Tomcat's are bracketed
            // (`o.a.c.c.C.[.[.[/].[dispatcherServlet]`).
            if logger == nil, springLayout, !colonEnds, cursor.hasPrefix(": ") {
                logger = loggerName
                return true
            }
            cursor.position = afterWord
            return false
        }

        /// Spring Boot's brackets after `---`: `[thread]`, or `[app] [thread]`, then maybe `[trace-span]`.
        /// The thread is printed `%15.15t`, exactly 15 wide, which tells it from the others.
        private mutating func readSpringBrackets(_ cursor: inout ByteCursor) -> Bool {
            var raw: [Range<Int>] = []
            while cursor.peek() == UInt8(ascii: "["), raw.count < 4 {
                guard let close = cursor.firstIndex(of: UInt8(ascii: "]")) else { return false }
                raw.append((cursor.position + 1)..<close)
                cursor.position = close + 1
                cursor.skipSpaces()
            }
            guard !raw.isEmpty else { return false }
            let threadIndex = raw.firstIndex(where: { $0.count == 15 }) ?? (raw.count >= 2 ? 1 : 0)
            let line = cursor.bytes
            let name = cursor.trimmed(raw[threadIndex])
            if !name.isEmpty { thread = name }
            if threadIndex > 0 {
                let app = cursor.trimmed(raw[threadIndex - 1])
                if !app.isEmpty { application = app }
            }
            if threadIndex + 1 < raw.count {
                let trimmed = cursor.trimmed(raw[threadIndex + 1])
                if !trimmed.isEmpty, line[trimmed.lowerBound].isHexDigit { correlation = trimmed }
            }
            springDashes = false
            return true
        }

        private func isLoggerName(_ line: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> Bool {
            !range.isEmpty && HeaderFields.isLoggerName(UnsafeBufferPointer(rebasing: line[range]))
        }

        private func closingParen(_ cursor: ByteCursor) -> Int? {
            var depth = 0
            var index = cursor.position
            while index < cursor.bytes.count {
                switch cursor.bytes[index] {
                case UInt8(ascii: "("): depth += 1
                case UInt8(ascii: ")"):
                    depth -= 1
                    if depth == 0 { return index }
                default: break
                }
                index += 1
            }
            return nil
        }

        /// The colon before a trailing line number (`Name:42`).
        private func lineSuffix(_ line: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> Int? {
            var index = range.upperBound - 1
            while index > range.lowerBound, line[index].isASCIIDigit { index -= 1 }
            guard index > range.lowerBound, index < range.upperBound - 1, line[index] == UInt8(ascii: ":") else {
                return nil
            }
            return index
        }

        private func firstParen(_ line: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> Int? {
            for index in range where line[index] == UInt8(ascii: "(") { return index }
            return nil
        }

        private func lastDot(_ line: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> Int? {
            var index = range.upperBound - 1
            while index > range.lowerBound {
                if line[index] == UInt8(ascii: ".") { return index }
                index -= 1
            }
            return nil
        }

        /// `File.ext:N` (or `path/File.ext:N`), and whether the extension is a JVM language's.
        static func location(_ line: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> (location: SourceLocation, jvm: Bool)? {
            guard range.count >= 5 else { return nil }
            var colon = range.upperBound - 1
            while colon > range.lowerBound, line[colon].isASCIIDigit { colon -= 1 }
            guard line[colon] == UInt8(ascii: ":"), let number = TextFormatSupport.number(line, (colon + 1)..<range.upperBound)
            else { return nil }
            var dot = colon - 1
            while dot > range.lowerBound, line[dot].isASCIILetter { dot -= 1 }
            guard dot > range.lowerBound, line[dot] == UInt8(ascii: "."), colon - dot >= 2 else { return nil }
            for index in range.lowerBound..<dot where line[index] <= 0x20 { return nil }
            let extensionBytes = UnsafeBufferPointer(rebasing: line[(dot + 1)..<colon])
            let jvm = equals(extensionBytes, "java") || equals(extensionBytes, "kt") || equals(extensionBytes, "scala")
                || equals(extensionBytes, "groovy")
            let file = String(decoding: UnsafeBufferPointer(rebasing: line[range.lowerBound..<colon]), as: UTF8.self)
            return (SourceLocation(file: file, line: number), jvm)
        }

        private static func equals(_ bytes: UnsafeBufferPointer<UInt8>, _ literal: StaticString) -> Bool {
            ByteCursor(bytes).hasPrefix(literal) && bytes.count == literal.utf8CodeUnitCount
        }

        /// A Java class name as loggers print it: dotted, the package segments lower case (or abbreviated
        /// to one letter), the class upper case: `com.example.Foo`, `o.s.b.SpringApplication`.
        static func isClassName(_ line: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> Bool {
            var segmentStart = range.lowerBound
            var segments = 0
            for index in range.lowerBound...range.upperBound {
                guard index == range.upperBound || line[index] == UInt8(ascii: ".") else { continue }
                guard index > segmentStart else { return false }
                let head = line[segmentStart]
                let isLast = index == range.upperBound
                if isLast {
                    guard head.isASCIIUpper, segments > 0 else { return false }
                } else {
                    guard head &- UInt8(ascii: "a") < 26 else { return false }
                }
                segments += 1
                segmentStart = index + 1
            }
            return true
        }
    }

    public var examples: [FormatExample] {
        [
            FormatExample(
                "12:43:47.913 [main] ERROR com.example.Foo - Failed to start application", time: "2024-01-01T12:43:47.913Z",
                level: .error, logger: "com.example.Foo", thread: "main", message: "Failed to start application"),
            FormatExample(
                "2024-05-04 12:43:47.913 [http-nio-8080-exec-1] WARN  c.e.web.Controller - Slow request: 2300 ms",
                time: "2024-05-04T12:43:47.913Z", level: .warning, logger: "c.e.web.Controller",
                thread: "http-nio-8080-exec-1", message: "Slow request: 2300 ms"),
            FormatExample(
                "2024-05-04 12:43:47.913 ERROR 12345 --- [           main] o.s.boot.SpringApplication               : Application run failed",
                time: "2024-05-04T12:43:47.913Z", level: .error, logger: "o.s.boot.SpringApplication", pid: 12345,
                thread: "main", message: "Application run failed"),
            FormatExample(
                "2024-05-04T12:43:47.913+02:00 ERROR 12345 --- [app] [main] c.e.Foo : Boom", time: "2024-05-04T10:43:47.913Z",
                level: .error, logger: "c.e.Foo", pid: 12345, thread: "main", message: "Boom",
                attributes: ["application": "app"]),
            FormatExample(
                "2024-05-04T12:43:47.913+02:00  WARN 4242 --- [orders] [nio-8080-exec-1] [6627aa0f2c9bd3b1e0b8f5ad6b1d3c8e-1f2d3c4b5a697887] c.e.o.OrderController                    : Payment declined",
                level: .warning, logger: "c.e.o.OrderController", pid: 4242, thread: "nio-8080-exec-1",
                message: "Payment declined",
                attributes: [
                    "application": "orders", "trace_id": "6627aa0f2c9bd3b1e0b8f5ad6b1d3c8e", "span_id": "1f2d3c4b5a697887",
                ]),
            FormatExample(
                "2024-10-17T13:41:06.162+08:00  INFO 8 --- [           main] .s.d.r.c.RepositoryConfigurationDelegate : Found 1 repository",
                time: "2024-10-17T05:41:06.162Z", level: .info, logger: "s.d.r.c.RepositoryConfigurationDelegate", pid: 8,
                thread: "main", message: "Found 1 repository"),
            FormatExample(
                "2025-03-04 10:02:08.278 ERROR 1 --- [nio-8080-exec-3] o.a.c.c.C.[.[.[/].[dispatcherServlet]    : Servlet.service() threw exception",
                level: .error, logger: "o.a.c.c.C.[.[.[/].[dispatcherServlet]", pid: 1, thread: "nio-8080-exec-3",
                message: "Servlet.service() threw exception"),
            FormatExample(
                "0    [main] INFO  com.foo.Bar  - Starting up", time: nil, level: .info, logger: "com.foo.Bar",
                thread: "main", message: "Starting up"),
            FormatExample(
                "2024-05-04 12:43:47,913 ERROR [com.example.Foo] (Foo.java:42) - Lookup failed", level: .error,
                logger: "com.example.Foo", source: SourceLocation(file: "Foo.java", line: 42), message: "Lookup failed"),
            FormatExample(
                "12:43:47,913 ERROR [org.jboss.as.controller.management-operation] (Controller Boot Thread) WFLYCTL0013: Operation (\"add\") failed",
                level: .error, logger: "org.jboss.as.controller.management-operation", thread: "Controller Boot Thread",
                message: "WFLYCTL0013: Operation (\"add\") failed"),
            FormatExample(
                "2024-05-04 12:43:47.913 [RMI TCP Connection(2)-127.0.0.1] DEBUG c.e.CacheWarmer.warm(CacheWarmer.kt:88) - Cache warmed",
                level: .debug, logger: "c.e.CacheWarmer", thread: "RMI TCP Connection(2)-127.0.0.1",
                source: SourceLocation(file: "CacheWarmer.kt", function: "warm", line: 88), message: "Cache warmed"),
            FormatExample(
                "2024-05-04 12:43:47,913 ERROR c.e.w.OrderController [http-nio-8080-exec-3] Order 42 failed: timeout",
                level: .error, logger: "c.e.w.OrderController", thread: "http-nio-8080-exec-3",
                message: "Order 42 failed: timeout"),
            FormatExample(
                "2024-05-04 12:43:47.913 [scheduling-1] INFO  c.e.jobs.Cleanup Cleanup.java:57 - Removed 12 expired sessions",
                level: .info, logger: "c.e.jobs.Cleanup", thread: "scheduling-1",
                source: SourceLocation(file: "Cleanup.java", line: 57), message: "Removed 12 expired sessions"),
            FormatExample(
                "2024-05-04 12:43:47 ERROR OrderService:42 - Payment gateway timed out", level: .error,
                logger: "OrderService", source: SourceLocation(line: 42), message: "Payment gateway timed out"),
            FormatExample(
                "[2024-05-04 12:43:47.913] [kafka-producer-network-thread | producer-1] WARN  org.apache.kafka.clients.NetworkClient - Connection to node 1 could not be established.",
                level: .warning, logger: "org.apache.kafka.clients.NetworkClient",
                thread: "kafka-producer-network-thread | producer-1"),
            .rejects("2024-05-04 12:43:47,913 INFO uvicorn.error: Application startup complete."),
            .rejects("2024-05-04 12:43:47,913 [ERROR] [MainThread] services.txtai: Cannot index content"),
            .rejects("2024-05-04T12:43:47.913+02:00 WARNING [12345] worker.jobs - Queue is slow"),
            .rejects("2024-05-04 12:43:47,913 - app.auth - ERROR - Token verification failed"),
            .rejects("[2024-05-04 12:43:47 +0000] [123] [INFO] Starting gunicorn 21.2.0"),
            .rejects("2024/05/04 12:43:47 [error] 1234#1234: *5 connect() failed (111: Connection refused)"),
            .rejects("2024/05/04 12:43:49 ERROR failed to connect err=\"connection refused\""),
            .rejects("2024-05-04T12:43:47.913456+02:00 web-1 app[12]: worker crashed"),
        ]
    }
}

extension UInt8 {
    fileprivate var isHexDigit: Bool { isASCIIDigit || (self | 0x20) &- UInt8(ascii: "a") < 6 }
}
