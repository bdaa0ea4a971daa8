/// One JSON object per line, as structlog, pino, bunyan, zap, logrus, Serilog (compact JSON), ASP.NET Core, ECS,
/// Google Cloud structured logging, Docker's json-file driver and the Python JSON loggers write:
///
///     {"level":50,"time":1714826627913,"pid":4242,"hostname":"api-1","msg":"db down","err":{"type":"Error",…}}
///     {"@t":"2024-05-04T12:43:47.913Z","@mt":"User {UserId} logged in","UserId":42}
///     {"log":"Traceback (most recent call last):\n","stream":"stderr","time":"2024-05-04T12:43:47.913Z"}
///
/// Well-known keys become the line's fields (the first key found in each role's list wins, and a key that does
/// not fit, such as a `time` holding `"150ms"`, stays an attribute); every other member is kept as an attribute
/// in order. A line without a message key reads as an empty message.
public struct JSONLinesFormat: LogFormat {
    public init() {}
    public var name: String { "json" }

    public func parse(_ line: UnsafeBufferPointer<UInt8>) -> ParsedLine? {
        guard let members = JSONFields.object(line) else { return nil }
        return Self.read(Self.unwrappingPayload(members))
    }

    /// A log platform's export wraps the program's entry (Google Cloud Logging's `jsonPayload` or `textPayload`,
    /// beside its `severity` and `timestamp`): a structured entry's members are read as the line's, and the
    /// monitored resource's service, container or function name is the `service`.
    static func unwrappingPayload(_ members: [Attribute]) -> [Attribute] {
        guard let index = members.firstIndex(where: { $0.key == "jsonPayload" || $0.key == "textPayload" }) else { return members }
        var payload: [Attribute] = []
        if case .object(let entry) = members[index].value { payload = entry } else { payload = [members[index]] }
        var result = payload
        for (n, member) in members.enumerated() where n != index && !payload.contains(where: { $0.key == member.key }) {
            if member.key == "resource", let labels = member.value["labels"], !payload.contains(where: { $0.key == "service" }),
                let name = ["service_name", "container_name", "function_name", "module_id"].lazy.compactMap({ labels[$0]?.stringValue }).first
            {
                result.append(Attribute("service", .string(name)))
                continue
            }
            result.append(member)
        }
        return result
    }

    // MARK: Key mapping, shared with logfmt

    enum Role: UInt8 {
        case message, template, payload
        case level, time
        case logger, name, loggerFallback
        case pid, thread
        case caller, sourceObject, ecsFile, ecsLine, ecsFunction, gcpSource
        case pythonFile, pythonLine, pythonFunction, goFile, goFunction
        case stackText, errorType, errorMessage, errorString
    }

    static let keys = JSONKeyTable(
        roles: [
            (Role.message.rawValue, ["msg", "message", "event", "body", "@m", "Message", "RenderedMessage", "desc", "description"]),
            (Role.template.rawValue, ["@mt", "MessageTemplate"]),
            (Role.payload.rawValue, ["textPayload", "log"]),
            (Role.level.rawValue, ["level", "severity", "levelname", "lvl", "loglevel", "log.level", "@l", "LogLevel", "Level"]),
            (
                Role.time.rawValue,
                ["time", "timestamp", "ts", "@timestamp", "@t", "datetime", "asctime", "timeMillis", "instant", "Timestamp"]
            ),
            (Role.logger.rawValue, ["logger", "logger_name", "loggerName", "Category", "SourceContext"]),
            (Role.name.rawValue, ["name"]),
            (Role.loggerFallback.rawValue, ["log.logger", "component"]),
            (Role.pid.rawValue, ["pid", "process", "process.pid"]),
            (Role.thread.rawValue, ["thread", "thread_name", "threadName", "tid", "process.thread.name"]),
            (Role.caller.rawValue, ["caller"]),
            (Role.sourceObject.rawValue, ["source", "src"]),
            (Role.ecsFile.rawValue, ["log.origin.file.name"]),
            (Role.ecsLine.rawValue, ["log.origin.file.line"]),
            (Role.ecsFunction.rawValue, ["log.origin.function"]),
            (Role.gcpSource.rawValue, ["logging.googleapis.com/sourceLocation"]),
            (Role.pythonFile.rawValue, ["pathname", "filename"]),
            (Role.pythonLine.rawValue, ["lineno"]),
            (Role.pythonFunction.rawValue, ["func_name", "funcName"]),
            (Role.goFile.rawValue, ["file"]),
            (Role.goFunction.rawValue, ["func"]),
            (
                Role.stackText.rawValue,
                [
                    "exc_info", "exception", "stack", "stack_trace", "stacktrace", "error.stack_trace", "@x",
                    "err.stack", "error.stack", "exception.stack_trace", "exception.stacktrace", "exception.stack", "Exception",
                ]
            ),
            (
                Role.errorType.rawValue,
                ["error.type", "err.type", "error.name", "err.name", "error.kind", "exception.type", "exception.name", "errorType"]
            ),
            (Role.errorMessage.rawValue, ["error.message", "err.message", "exception.message", "errorMessage"]),
            (Role.errorString.rawValue, ["error", "err"]),
        ],
        literal: ["logging.googleapis.com/sourceLocation"])

    /// Maps the members of one structured line to a ``ParsedLine``.
    static func read(_ members: [Attribute]) -> ParsedLine {
        var fields = JSONFields(members, table: keys)

        var message = fields.take(Role.message.rawValue, JSONFields.string)
        if message == nil, let template = fields.take(Role.template.rawValue, JSONFields.string) {
            message = render(template: template, members: members)
        }
        var payload = false
        if message == nil {
            message = fields.take(Role.payload.rawValue, JSONFields.string)
            payload = message != nil
        }
        var text = message.map(JSONFields.trimmingTrailingNewline) ?? ""

        var severity = fields.take(Role.level.rawValue, JSONFields.severity)
        // A program's line carried whole (Docker's `log`, a platform's `textPayload`) says its own level.
        if severity == nil, payload, let (level, rest) = TextFormatSupport.leadingLevel(text) { (severity, text) = (level, rest) }
        // Serilog's compact JSON leaves the level out for Information.
        if severity == nil, members.contains(where: { $0.key == "@t" || $0.key == "@mt" }) {
            severity = Severity(.info)
        }
        let time = fields.take(Role.time.rawValue, JSONFields.time)

        // bunyan's `name` is the application name; take it unless it just repeats the message.
        let logger =
            fields.take(Role.logger.rawValue, JSONFields.nonEmptyString)
            ?? fields.take(Role.name.rawValue) { JSONFields.nonEmptyString($0).flatMap { $0 == text ? nil : $0 } }
            ?? fields.take(Role.loggerFallback.rawValue, JSONFields.nonEmptyString)
        let pid = fields.take(Role.pid.rawValue, JSONFields.int)
        let thread = fields.take(Role.thread.rawValue, JSONFields.text)
        let source = readSource(&fields)

        // A trace under a key of the application's own (an audit event's `context.message`) is still the record's.
        let exceptionText = fields.take(Role.stackText.rawValue, JSONFields.stackText) ?? embeddedTrace(in: members)
        let exceptionType = fields.take(Role.errorType.rawValue, JSONFields.nonEmptyString)
        let exceptionMessage =
            fields.take(Role.errorMessage.rawValue, JSONFields.string)
            ?? fields.take(Role.errorString.rawValue, JSONFields.nonEmptyString)

        return ParsedLine(
            time: time, severity: severity, logger: logger, pid: pid, thread: thread, source: source, message: text,
            exceptionText: exceptionText, exceptionType: exceptionType, exceptionMessage: exceptionMessage,
            attributes: fields.remainingAttributes())
    }

    /// The first string value, at most three objects deep, that is a stack trace by its own lines: a Python
    /// traceback, or `at` frames (JVM, Node, .NET).
    static func embeddedTrace(in members: [Attribute], depth: Int = 0) -> String? {
        for member in members {
            switch member.value {
            case .string(let text) where text.utf8.count > 40 && text.contains("\n"):
                if text.hasPrefix("Traceback (most recent call last):") || text.contains("\n\tat ") || text.contains("\n    at ") {
                    return text
                }
            case .object(let inner) where depth < 3:
                if let found = embeddedTrace(in: inner, depth: depth + 1) { return found }
            default:
                continue
            }
        }
        return nil
    }

    /// The first complete source location among: zap's `caller`, bunyan's `src` objects, ECS `log.origin`,
    /// Google's `sourceLocation`, Python callsite fields, logrus `file`/`func`.
    private static func readSource(_ fields: inout JSONFields) -> SourceLocation? {
        if let location = fields.take(Role.caller.rawValue, callerValue) { return location }
        if let location = fields.take(Role.sourceObject.rawValue, sourceObject) { return location }

        let ecsFile = fields.peek(Role.ecsFile.rawValue, JSONFields.nonEmptyString)
        let ecsFunction = fields.peek(Role.ecsFunction.rawValue, JSONFields.nonEmptyString)
        if ecsFile != nil || ecsFunction != nil {
            let line = fields.take(Role.ecsLine.rawValue, JSONFields.int)
            fields.drop(Role.ecsFile.rawValue)
            fields.drop(Role.ecsFunction.rawValue)
            return SourceLocation(file: ecsFile, function: ecsFunction, line: line)
        }

        if let location = fields.take(Role.gcpSource.rawValue, sourceObject) { return location }

        // Python callsites need both file and line: a lone `filename` is as likely to be an upload's name.
        if let file = fields.peek(Role.pythonFile.rawValue, JSONFields.nonEmptyString),
            let line = fields.peek(Role.pythonLine.rawValue, JSONFields.int)
        {
            _ = fields.take(Role.pythonFile.rawValue, JSONFields.nonEmptyString)
            _ = fields.take(Role.pythonLine.rawValue, JSONFields.int)
            let function = fields.take(Role.pythonFunction.rawValue, JSONFields.nonEmptyString)
            return SourceLocation(file: file, function: function, line: line)
        }

        // logrus writes `"file": "/app/main.go:42"`; a `file` without a line number is left alone.
        if var location = fields.take(Role.goFile.rawValue, { JSONFields.string($0).flatMap(JSONFields.callerLocation) }) {
            if location.function == nil {
                location.function = fields.take(Role.goFunction.rawValue, JSONFields.nonEmptyString)
            }
            return location
        }
        return nil
    }

    private static func callerValue(_ value: JSONValue) -> SourceLocation? {
        if case .string(let text) = value { return JSONFields.callerLocation(text) }
        return sourceObject(value)
    }

    /// `{"file": …, "line": …, "function"|"func": …}`; the line may be a string (Google Cloud).
    private static func sourceObject(_ value: JSONValue) -> SourceLocation? {
        guard case .object = value else { return nil }
        let file = value["file"].flatMap(JSONFields.nonEmptyString)
        let line = value["line"].flatMap(JSONFields.int)
        let function = (value["function"] ?? value["func"]).flatMap(JSONFields.nonEmptyString)
        guard file != nil || line != nil else { return nil }
        return SourceLocation(file: file, function: function, line: line)
    }

    // MARK: Serilog message templates

    /// Fills `{Property}` holes of a Serilog message template from the line's members. `{@P}`, `{$P}`,
    /// `{P:format}` and `{P,alignment}` name property `P`; `{{` and `}}` are literal braces; a hole without a
    /// matching member is left as written. Strings render without quotes, objects and arrays as JSON.
    static func render(template: String, members: [Attribute]) -> String {
        var template = template
        return template.withUTF8 { bytes in
            var out: [UInt8] = []
            out.reserveCapacity(bytes.count + 16)
            var index = 0
            while index < bytes.count {
                let byte = bytes[index]
                if byte == UInt8(ascii: "}") {
                    out.append(byte)
                    index += index + 1 < bytes.count && bytes[index + 1] == byte ? 2 : 1
                    continue
                }
                guard byte == UInt8(ascii: "{") else {
                    out.append(byte)
                    index += 1
                    continue
                }
                if index + 1 < bytes.count, bytes[index + 1] == byte {
                    out.append(byte)
                    index += 2
                    continue
                }
                var close = index + 1
                while close < bytes.count, bytes[close] != UInt8(ascii: "}"), bytes[close] != UInt8(ascii: "{") {
                    close += 1
                }
                guard close < bytes.count, bytes[close] == UInt8(ascii: "}") else {
                    out.append(byte)
                    index += 1
                    continue
                }
                var nameStart = index + 1
                if nameStart < close, bytes[nameStart] == UInt8(ascii: "@") || bytes[nameStart] == UInt8(ascii: "$") {
                    nameStart += 1
                }
                var nameEnd = nameStart
                while nameEnd < close, bytes[nameEnd] != UInt8(ascii: ":"), bytes[nameEnd] != UInt8(ascii: ",") {
                    nameEnd += 1
                }
                let name = String(decoding: UnsafeBufferPointer(rebasing: bytes[nameStart..<nameEnd]), as: UTF8.self)
                if !name.isEmpty, let member = members.first(where: { $0.key == name && $0.key != "@mt" }) {
                    if case .string(let text) = member.value {
                        out.append(contentsOf: text.utf8)
                    } else {
                        var writer = JSONWriter(capacity: 64)
                        writer.value(member.value)
                        out.append(contentsOf: writer.bytes)
                    }
                } else {
                    out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[index...close]))
                }
                index = close + 1
            }
            return String(decoding: out, as: UTF8.self)
        }
    }

    // MARK: Examples

    public var examples: [FormatExample] {
        [
            // structlog (JSONRenderer with add_log_level, TimeStamper(fmt="iso"), CallsiteParameterAdder)
            FormatExample(
                #"{"event": "Token verification failed", "level": "error", "logger": "app.auth", "timestamp": "2024-05-04T12:43:47.913Z", "filename": "auth.py", "lineno": 42, "func_name": "verify", "user_id": 7}"#,
                time: "2024-05-04T12:43:47.913Z", level: .error, logger: "app.auth",
                source: SourceLocation(file: "auth.py", function: "verify", line: 42),
                message: "Token verification failed", attributes: ["user_id": "7"]),
            // pino, with its err serializer
            FormatExample(
                #"{"level":50,"time":1714826627913,"pid":4242,"hostname":"api-1","name":"billing","msg":"charge failed","err":{"type":"Error","message":"card declined","stack":"Error: card declined\n    at charge (/app/billing.js:42:11)"}}"#,
                time: "2024-05-04T12:43:47.913Z", level: .error, logger: "billing", pid: 4242, message: "charge failed",
                attributes: ["hostname": "api-1"]),
            // bunyan
            FormatExample(
                #"{"name":"myapp","hostname":"web-3","pid":1234,"level":40,"msg":"slow query","time":"2024-05-04T12:43:47.913Z","src":{"file":"/app/db.js","line":88,"func":"query"},"v":0}"#,
                time: "2024-05-04T12:43:47.913Z", level: .warning, logger: "myapp", pid: 1234,
                source: SourceLocation(file: "/app/db.js", function: "query", line: 88), message: "slow query",
                attributes: ["v": "0"]),
            // zap production config
            FormatExample(
                #"{"level":"error","ts":1714826627.913,"logger":"api","caller":"server/handler.go:87","msg":"request failed","error":"dial tcp 10.0.0.5:5432: i/o timeout","stacktrace":"main.handle\n\t/app/server/handler.go:87"}"#,
                time: "2024-05-04T12:43:47.913Z", level: .error, logger: "api",
                source: SourceLocation(file: "server/handler.go", line: 87), message: "request failed"),
            // logrus JSONFormatter with ReportCaller
            FormatExample(
                #"{"file":"/app/main.go:42","func":"main.main","level":"warning","msg":"cache miss","time":"2024-05-04T14:43:47+02:00","key":"user:7"}"#,
                time: "2024-05-04T12:43:47.000Z", level: .warning,
                source: SourceLocation(file: "/app/main.go", function: "main.main", line: 42), message: "cache miss",
                attributes: ["key": "user:7"]),
            // Serilog compact JSON (CLEF): rendered from the template, Information when @l is absent
            FormatExample(
                #"{"@t":"2024-05-04T12:43:47.9130000Z","@mt":"User {UserId} logged in from {Address}","UserId":42,"Address":"10.0.0.9","SourceContext":"Shop.Auth"}"#,
                time: "2024-05-04T12:43:47.913Z", level: .info, logger: "Shop.Auth", message: "User 42 logged in from 10.0.0.9",
                attributes: ["UserId": "42"]),
            // ASP.NET Core's JSON console formatter
            FormatExample(
                #"{"Timestamp":"2024-05-04T12:43:47.913Z","EventId":0,"LogLevel":"Error","Category":"Shop.Orders.OrderService","Message":"Order 17 failed","Exception":"System.InvalidOperationException: Sequence contains no elements\n   at Shop.Orders.Place() in /src/Orders.cs:line 42","State":{"Message":"Order 17 failed"}}"#,
                time: "2024-05-04T12:43:47.913Z", level: .error, logger: "Shop.Orders.OrderService",
                message: "Order 17 failed", attributes: ["EventId": "0"]),
            FormatExample(
                #"{"@t":"2024-05-04T12:43:47.913Z","@m":"Order 17 failed","@l":"Error","@x":"System.InvalidOperationException: Sequence contains no elements\n   at Shop.Orders.Place() in /src/Orders.cs:line 42","OrderId":17}"#,
                level: .error, message: "Order 17 failed", attributes: ["OrderId": "17"]),
            // Elastic Common Schema (ecs-logging), dotted and nested keys
            FormatExample(
                #"{"@timestamp":"2024-05-04T12:43:47.913Z","log.level":"error","message":"Payment gateway unreachable","ecs.version":"1.6.0","log":{"logger":"payments.gateway","origin":{"file":{"name":"gateway.py","line":118},"function":"charge"}},"process":{"pid":311,"thread":{"name":"MainThread"}},"service.name":"payments"}"#,
                time: "2024-05-04T12:43:47.913Z", level: .error, logger: "payments.gateway", pid: 311,
                thread: "MainThread", source: SourceLocation(file: "gateway.py", function: "charge", line: 118),
                message: "Payment gateway unreachable", attributes: ["service.name": "payments"]),
            // Google Cloud structured logging
            FormatExample(
                #"{"severity":"WARNING","message":"Quota nearly exhausted","timestamp":{"seconds":1714826627,"nanos":913000000},"logging.googleapis.com/sourceLocation":{"file":"quota.go","line":"31","function":"main.check"}}"#,
                time: "2024-05-04T12:43:47.913Z", level: .warning,
                source: SourceLocation(file: "quota.go", function: "main.check", line: 31),
                message: "Quota nearly exhausted"),
            // Docker json-file: the program's own line, trailing newline dropped
            FormatExample(
                #"{"log":"ERROR:root:Database connection lost\n","stream":"stderr","time":"2024-05-04T12:43:47.913456789Z"}"#,
                time: "2024-05-04T12:43:47.913Z", message: "ERROR:root:Database connection lost",
                attributes: ["stream": "stderr"]),
            FormatExample(
                #"{"log":"WARN cache miss for key user:7\n","stream":"stdout","time":"2024-05-04T12:43:47.913456789Z"}"#,
                time: "2024-05-04T12:43:47.913Z", level: .warning, message: "cache miss for key user:7",
                attributes: ["stream": "stdout"]),
            // python-json-logger
            FormatExample(
                #"{"asctime": "2024-05-04 12:43:47,913", "levelname": "CRITICAL", "name": "worker.jobs", "message": "Job crashed", "threadName": "Worker-2", "exc_info": "Traceback (most recent call last):\n  File \"/app/jobs.py\", line 9, in run\nKeyError: 'id'"}"#,
                time: "2024-05-04T12:43:47.913Z", level: .critical, logger: "worker.jobs", thread: "Worker-2",
                message: "Job crashed"),
            // No message key: empty message, everything kept
            FormatExample(
                #"{"ts":"2024-05-04T12:43:47Z","lvl":"info","status":200,"path":"/health"}"#,
                time: "2024-05-04T12:43:47.000Z", level: .info, message: "",
                attributes: ["status": "200", "path": "/health"]),
            .rejects("2024-05-04 12:43:47,913 - app.auth - ERROR - Token verification failed"),
            .rejects("Traceback (most recent call last):"),
            .rejects(#"{"level":"error","msg":"request failed","error":"dial tcp"#),
            .rejects(#"[{"level":"info","msg":"batch"}]"#),
            .rejects(#"{"msg": "two objects"} {"msg": "on one line"}"#),
            .rejects("{ this is not json }"),
        ]
    }
}
