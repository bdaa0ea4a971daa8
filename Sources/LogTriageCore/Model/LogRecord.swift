/// One log event: a header line plus any continuation lines (tracebacks, stack traces, wrapped text).
public struct LogRecord: Sendable, Hashable {
    /// The input's display path (`-` for standard input).
    public var file: String
    /// First and last physical line, 1-based.
    public var lineStart: Int
    public var lineEnd: Int
    public var time: Timestamp?
    public var severity: Severity?
    public var logger: String?
    public var pid: Int?
    public var thread: String?
    public var source: SourceLocation?
    public var message: String
    public var exception: ExceptionInfo?
    public var attributes: [Attribute]
    /// The name of the format that read the header, `plain` for a line without one.
    public var format: String

    public init(
        file: String, lineStart: Int, lineEnd: Int, time: Timestamp? = nil, severity: Severity? = nil,
        logger: String? = nil, pid: Int? = nil, thread: String? = nil, source: SourceLocation? = nil,
        message: String, exception: ExceptionInfo? = nil, attributes: [Attribute] = [], format: String
    ) {
        self.file = file
        self.lineStart = lineStart
        self.lineEnd = lineEnd
        self.time = time
        self.severity = severity
        self.logger = logger
        self.pid = pid
        self.thread = thread
        self.source = source
        self.message = message
        self.exception = exception
        self.attributes = attributes
        self.format = format
    }

    public var level: Level? { severity?.level }
}

/// Where in the code a record was emitted, as far as the log says.
public struct SourceLocation: Sendable, Hashable, Codable {
    public var file: String?
    public var function: String?
    public var line: Int?

    public init(file: String? = nil, function: String? = nil, line: Int? = nil) {
        self.file = file
        self.function = function
        self.line = line
    }

    public var isEmpty: Bool { file == nil && function == nil && line == nil }
}

/// One frame of a stack trace.
public struct StackFrame: Sendable, Hashable, Codable {
    public var file: String?
    public var line: Int?
    public var function: String?

    public init(file: String? = nil, line: Int? = nil, function: String? = nil) {
        self.file = file
        self.line = line
        self.function = function
    }
}

/// An exception with its frames (innermost last) and the exception that caused it.
public struct ExceptionInfo: Sendable, Hashable {
    public var type: String
    public var message: String
    public var frames: [StackFrame]
    // An array of zero or one keeps the recursive value a plain struct.
    private var causes: [ExceptionInfo]

    public init(type: String, message: String, frames: [StackFrame] = [], cause: ExceptionInfo? = nil) {
        self.type = type
        self.message = message
        self.frames = frames
        self.causes = cause.map { [$0] } ?? []
    }

    /// The exception this one was raised from or during (Python's chained tracebacks, Java's `Caused by:`).
    public var cause: ExceptionInfo? {
        get { causes.first }
        set { causes = newValue.map { [$0] } ?? [] }
    }

    /// This exception and its causes, outermost first.
    public var chain: [ExceptionInfo] {
        var result = [self]
        var current = self
        while let next = current.cause {
            result.append(next)
            current = next
        }
        return result
    }
}

extension ExceptionInfo {
    /// A type without its namespace: `shop.payments.errors.PaymentGatewayError`, `Redis::CannotConnectError`,
    /// `App\Factory\GroupFactory`, `Outer$Inner` → the last name.
    static func shortName(of type: String) -> String {
        String(type.split(whereSeparator: { $0 == "." || $0 == ":" || $0 == "$" || $0 == "\\" }).last ?? Substring(type))
    }
}
