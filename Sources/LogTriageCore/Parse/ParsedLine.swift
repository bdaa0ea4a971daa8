/// What a ``LogFormat`` reads from one physical line that starts a record.
public struct ParsedLine: Sendable, Hashable {
    public var time: ParsedTime?
    public var severity: Severity?
    public var logger: String?
    public var pid: Int?
    public var thread: String?
    public var source: SourceLocation?
    public var message: String
    /// Exception or stack text carried inside the line (a JSON `stack`, `exc_info` or `error.stack_trace` field),
    /// parsed into ``LogRecord/exception`` by the assembler.
    public var exceptionText: String?
    /// An exception's type and message given as separate fields, used when ``exceptionText`` has no parsable trace.
    public var exceptionType: String?
    public var exceptionMessage: String?
    public var attributes: [Attribute]
    /// The line adds to the record before it instead of starting one (PostgreSQL's `DETAIL:` under an `ERROR:`).
    public var continuesRecord = false

    public init(
        time: ParsedTime? = nil, severity: Severity? = nil, logger: String? = nil, pid: Int? = nil,
        thread: String? = nil, source: SourceLocation? = nil, message: String,
        exceptionText: String? = nil, exceptionType: String? = nil, exceptionMessage: String? = nil,
        attributes: [Attribute] = []
    ) {
        self.time = time
        self.severity = severity
        self.logger = logger
        self.pid = pid
        self.thread = thread
        self.source = source
        self.message = message
        self.exceptionText = exceptionText
        self.exceptionType = exceptionType
        self.exceptionMessage = exceptionMessage
        self.attributes = attributes
    }
}
