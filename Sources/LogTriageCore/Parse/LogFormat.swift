/// A log line layout that logtriage can recognise and read.
///
/// A format reads only the header of a line that *starts* a record; continuation lines (tracebacks,
/// indented text) are the assembler's business. Each format carries examples, and one parameterized test
/// runs every registered format's examples, so adding a format adds its tests.
public protocol LogFormat: Sendable {
    /// Stable name, shown by `logtriage formats` and accepted by `--format`.
    var name: String { get }
    /// Reads one line; nil when the line is not in this format. Must be fast to reject: detection and
    /// mixed-format files try several formats on a line.
    func parse(_ line: UnsafeBufferPointer<UInt8>) -> ParsedLine?
    /// Lines this format must read, with what they must read to.
    var examples: [FormatExample] { get }
    /// A format that reads the common shape of many stacks, less precisely than theirs: detection prefers a
    /// specific format that reads the stream nearly as well.
    var isGeneric: Bool { get }
}

extension LogFormat {
    public var isGeneric: Bool { false }
}

extension LogFormat {
    /// Convenience for tests and tools: parses a `String` line.
    public func parse(_ line: String) -> ParsedLine? {
        var line = line
        return line.withUTF8 { parse($0) }
    }
}

/// One example of a format: a line and the fields it must read to. Fields left nil are not checked.
public struct FormatExample: Sendable, CustomStringConvertible {
    public var line: String
    /// The time as RFC 3339 UTC after resolving against 2024-01-01 as the reference date and UTC as default zone.
    public var time: String?
    public var level: Level?
    public var logger: String?
    public var pid: Int?
    public var thread: String?
    public var source: SourceLocation?
    public var message: String?
    /// Attributes that must be present, by key, with their scalar text.
    public var attributes: [String: String]
    /// Whether the format must reject the line instead.
    public var rejects: Bool

    public init(
        _ line: String, time: String? = nil, level: Level? = nil, logger: String? = nil, pid: Int? = nil,
        thread: String? = nil, source: SourceLocation? = nil, message: String? = nil,
        attributes: [String: String] = [:]
    ) {
        self.line = line
        self.time = time
        self.level = level
        self.logger = logger
        self.pid = pid
        self.thread = thread
        self.source = source
        self.message = message
        self.attributes = attributes
        self.rejects = false
    }

    /// A line the format must not claim.
    public static func rejects(_ line: String) -> FormatExample {
        var example = FormatExample(line)
        example.rejects = true
        return example
    }

    public var description: String { line }
}
