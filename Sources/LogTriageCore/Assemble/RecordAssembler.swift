/// Joins physical lines into records for one stream.
///
/// The reader hands it each line either as a parsed header (a format claimed the line) or as an other line
/// (no format did). An other line continues the record in progress when it belongs to it (indented text,
/// traceback or stack-trace grammar) and otherwise becomes a record of its own (a `print()` line), which
/// inherits the previous record's time.
struct RecordAssembler {
    let file: String
    private var current: LogRecord?
    private var lastTime: Timestamp?

    init(file: String) {
        self.file = file
    }

    /// A line whose header a format read. Returns the record this line completes, if any.
    mutating func start(_ parsed: ParsedLine, time: Timestamp?, format: String, line: Int) -> LogRecord? {
        let finished = finish()
        if let time { lastTime = time }
        current = LogRecord(
            file: file, lineStart: line, lineEnd: line, time: time ?? lastTime, severity: parsed.severity,
            logger: parsed.logger, pid: parsed.pid, thread: parsed.thread, source: parsed.source,
            message: parsed.message, attributes: parsed.attributes, format: format)
        return finished
    }

    /// A line no format claimed. Returns the record this line completes, if any.
    mutating func other(_ line: UnsafeBufferPointer<UInt8>, number: Int) -> LogRecord? {
        let text = String(decoding: line, as: UTF8.self)
        if var record = current, let first = line.first, first == 0x20 || first == 0x09 {
            record.message += "\n" + text
            record.lineEnd = number
            current = record
            return nil
        }
        let finished = finish()
        current = LogRecord(
            file: file, lineStart: number, lineEnd: number, time: lastTime, message: text, format: "plain")
        return finished
    }

    /// Completes and returns the record in progress.
    mutating func finish() -> LogRecord? {
        defer { current = nil }
        return current
    }
}
