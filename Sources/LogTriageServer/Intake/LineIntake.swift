import LogTriageCore

/// Lines that arrive over HTTP (`/ingest`, Loki streams, OTLP records whose body is an unparsed line), read per
/// stream with the same envelope, format detection and multi-line assembly as a file. A stream's reader is kept
/// between requests, so it learns its format once and numbers its lines on.
actor LineIntake {
    /// Streams past this many share one reader: a client naming a new stream per request cannot exhaust memory.
    static let maxStreams = 1024

    private let options: ReaderOptions
    private var readers: [String: LiveRecordReader] = [:]
    /// The next line number of a stream of structured records (OTLP), which bypass the readers.
    private var nextLines: [String: Int] = [:]

    init(options: ReaderOptions) {
        self.options = options
    }

    /// The records in `lines` of `stream`. A request ends its stream's last line and completes its open records:
    /// the next request starts a record. Throws ``IngestError`` for bytes that are not text.
    func records(_ lines: [UInt8], stream: String) throws -> (records: [LogRecord], firstLine: Int) {
        let key = readers[stream] != nil || readers.count < Self.maxStreams ? stream : "overflow"
        var reader = readers[key] ?? LiveRecordReader(options: options, name: key, referenceDate: Timestamp.now.date)
        let firstLine = reader.lastLine + 1
        var records: [LogRecord] = []
        let collect = { (record: LogRecord) in records.append(record) }
        defer { readers[key] = reader }
        do {
            try reader.append(lines, collect)
            try reader.endInput(collect)
            try reader.flush(collect)
        } catch {
            // A stream that sent binary starts afresh next time.
            reader = LiveRecordReader(options: options, name: key, referenceDate: Timestamp.now.date)
            throw error
        }
        return (records, firstLine)
    }

    /// Line numbers for `count` structured records of `stream`.
    func lineNumbers(_ count: Int, stream: String) -> Int {
        let first = nextLines[stream, default: 1]
        nextLines[stream] = first + count
        return first
    }
}
