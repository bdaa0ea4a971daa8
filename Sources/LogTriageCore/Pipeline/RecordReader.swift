/// How to read inputs.
public struct ReaderOptions: Sendable {
    /// A format to force (no detection, no per-line fallback); nil detects per input.
    public var format: (any LogFormat)?
    /// Seconds east of UTC for times written without an offset.
    public var defaultUTCOffset: Int
    /// Longer lines are cut to this many bytes, with a marker.
    public var maxLineBytes: Int
    /// Lines sampled for format detection.
    public var sampleLines: Int
    /// Removes secrets from every record before it leaves the reader; nil only for tests that need raw text.
    public var scrubber: SecretScrubber? = SecretScrubber()

    public init(format: (any LogFormat)? = nil, defaultUTCOffset: Int = 0, maxLineBytes: Int = 1 << 20, sampleLines: Int = 200) {
        self.format = format
        self.defaultUTCOffset = defaultUTCOffset
        self.maxLineBytes = maxLineBytes
        self.sampleLines = sampleLines
    }
}

/// What reading one input found: counts for the user, and for `logtriage formats`.
public struct InputSummary: Sendable {
    public var input: String
    /// The format detected (or forced); nil when no format read any line.
    public var format: String?
    /// Physical lines, per format that read them as headers; lines no format read are under `other`.
    public var linesByFormat: [String: Int] = [:]
    public var otherLines = 0
    public var lines = 0
    public var records = 0
    public var bytes = 0
    public var invalidUTF8Lines = 0
    public var nulBytes = 0
    public var truncatedLines = 0
    public var compressed = false
    /// Set when reading stopped early (records read before it were delivered).
    public var error: IngestError?

    public init(input: String) { self.input = input }
}

/// Reads one input into records: lines → repair → header parse (detected format, with fallbacks) →
/// multi-line assembly → time resolution. Records are delivered in input order as each completes,
/// so memory does not grow with the input.
public struct RecordReader: Sendable {
    public var options: ReaderOptions

    public init(options: ReaderOptions = ReaderOptions()) {
        self.options = options
    }

    /// Opens and reads `input`, calling `body` with each record. Open failures throw; read failures after
    /// records were delivered are returned in the summary's `error`.
    /// With `range` (a plain file's bytes from a line boundary), line numbers continue from `firstLine`.
    public func read(
        _ input: LogInput, range: Range<Int64>? = nil, firstLine: Int = 1, _ body: (LogRecord) throws -> Void
    ) throws -> InputSummary {
        let opened = try OpenedInput.open(input, range: range)
        defer { opened.close() }
        var summary = try read(
            source: opened.source, name: input.displayName, referenceDate: opened.referenceDate, firstLine: firstLine, body)
        summary.compressed = opened.isCompressed
        return summary
    }

    /// Reads records from any byte source.
    public func read(
        source: any ByteSource, name: String, referenceDate: CivilDate, firstLine: Int = 1,
        _ body: (LogRecord) throws -> Void
    ) throws -> InputSummary {
        var state = StreamState(
            options: options, name: name,
            resolver: TimeResolver(referenceDate: referenceDate, defaultUTCOffset: options.defaultUTCOffset))
        state.lineNumber = firstLine - 1
        var lines = LineReader(AnyByteSource(source), maxLineBytes: options.maxLineBytes)
        do {
            try lines.forEachLine { line, dropped in
                try state.accept(line, dropped: dropped, body)
            }
        } catch let error as IngestError {
            state.summary.error = error
        }
        // Even after a read error, the record in progress is delivered: what was read is never lost.
        do {
            try state.finish(body)
        } catch let error as IngestError {
            state.summary.error = state.summary.error ?? error
        }
        return state.summary
    }

    /// Reads records from text in memory (tests, small tools).
    public func records(in text: String, name: String = "<text>", referenceDate: CivilDate = CivilDate(year: 2024, month: 1, day: 1)) -> [LogRecord] {
        var records: [LogRecord] = []
        _ = try? read(source: MemorySource(text), name: name, referenceDate: referenceDate) { records.append($0) }
        return records
    }
}

/// The per-stream state of ``RecordReader``: the sample held back for detection, then the formats chosen.
private struct StreamState {
    let options: ReaderOptions
    var summary: InputSummary
    var resolver: TimeResolver
    var assembler: RecordAssembler
    var repair = TextRepair()
    var lineNumber = 0

    // Detection: the first lines are held until the sample is full.
    var detected: Bool
    var pending: [(line: [UInt8], number: Int, dropped: Int)] = []
    var sample: [[UInt8]] = []
    // The primary format first, then the fallbacks, in one array: calling through an element borrows it,
    // where an optional existential property would be copied (retain, release) on every line.
    var formats: [any LogFormat] = [] {
        didSet { linesByFormat = [Int](repeating: 0, count: formats.count) }
    }
    /// Header lines per entry of `formats` (a dictionary update per line would cost a hash of the name).
    var linesByFormat: [Int] = []
    // Binary detection over the held lines.
    var sampleBytes = 0
    var sampleNonText = 0

    init(options: ReaderOptions, name: String, resolver: TimeResolver) {
        self.options = options
        self.summary = InputSummary(input: name)
        self.resolver = resolver
        self.assembler = RecordAssembler(file: name)
        if let forced = options.format {
            detected = true
            formats = [forced]
            linesByFormat = [0]  // `didSet` does not run in an initializer
            summary.format = forced.name
        } else {
            detected = false
        }
    }

    mutating func accept(_ raw: UnsafeBufferPointer<UInt8>, dropped: Int, _ body: (LogRecord) throws -> Void) throws {
        lineNumber += 1
        summary.lines += 1
        summary.bytes += raw.count + dropped + 1
        if dropped > 0 { summary.truncatedLines += 1 }
        // Moved out of `self` for the call so the closure may mutate `self` (no copy: the scratch buffer is unique).
        var repair = self.repair
        self.repair = TextRepair()
        defer { self.repair = repair }
        try repair.withRepaired(raw) { line, outcome in
            if outcome.invalidSequences > 0 { summary.invalidUTF8Lines += 1 }
            summary.nulBytes += outcome.nulBytes
            if detected {
                try process(line, number: lineNumber, dropped: dropped, body)
            } else {
                sampleBytes += line.count + 1
                sampleNonText += outcome.invalidSequences + outcome.nulBytes + Self.controlBytes(line)
                hold(Array(line), number: lineNumber, dropped: dropped)
            }
        }
        // Detection also runs once enough lines are held, whatever they are (a stream of indented or blank
        // lines must not be held without bound).
        if !detected, sample.count >= options.sampleLines || pending.count >= 20 * options.sampleLines
            || sampleBytes >= 8 << 20
        {
            try detect(body)
        }
    }

    mutating func finish(_ body: (LogRecord) throws -> Void) throws {
        if !detected { try detect(body) }
        if let record = assembler.finish() { try deliver(record, body) }
        for (index, count) in linesByFormat.enumerated() where count > 0 {
            summary.linesByFormat[formats[index].name, default: 0] += count
        }
    }

    private mutating func hold(_ line: [UInt8], number: Int, dropped: Int) {
        pending.append((line, number, dropped))
        if let first = line.first, first != 0x20, first != 0x09 { sample.append(line) }
    }

    private mutating func detect(_ body: (LogRecord) throws -> Void) throws {
        // Over 10% of the first lines' bytes not text: an image, an archive, a core dump. Nothing is delivered.
        if sampleBytes >= 32, sampleNonText * 10 > sampleBytes {
            let percent = sampleNonText * 100 / sampleBytes
            detected = true
            pending = []
            throw IngestError(.binary, path: summary.input, detail: "\(percent)% of the first \(sampleBytes) bytes are not text")
        }
        let detection = FormatDetector().detect(sample: sample)
        formats = (detection.primary.map { [$0] } ?? []) + detection.fallbacks
        summary.format = detection.primary?.name
        detected = true
        sample = []
        let held = pending
        pending = []
        for entry in held {
            try entry.line.withUnsafeBufferPointer { try process($0, number: entry.number, dropped: entry.dropped, body) }
        }
    }

    private mutating func process(
        _ line: UnsafeBufferPointer<UInt8>, number: Int, dropped: Int, _ body: (LogRecord) throws -> Void
    ) throws {
        if let (header, index) = parseHeader(line) {
            var header = header
            if dropped > 0 { header.message += Self.truncationMarker(dropped) }
            linesByFormat[index] += 1
            let time = header.time.map { resolver.resolve($0) }
            if let record = assembler.start(header, time: time, format: formats[index].name, line: number) {
                try deliver(record, body)
            }
        } else {
            summary.otherLines += 1
            let completed: LogRecord?
            if dropped > 0 {
                var text = Array(line)
                text.append(contentsOf: Self.truncationMarker(dropped).utf8)
                completed = text.withUnsafeBufferPointer { assembler.other($0, number: number) }
            } else {
                completed = assembler.other(line, number: number)
            }
            if let record = completed { try deliver(record, body) }
        }
    }

    /// The primary format first, then (when detection chose) the fallbacks; indented lines never start records.
    private func parseHeader(_ line: UnsafeBufferPointer<UInt8>) -> (ParsedLine, Int)? {
        guard let first = line.first, first != 0x20, first != 0x09 else { return nil }
        for index in formats.indices {
            if let parsed = formats[index].parse(line) { return (parsed, index) }
        }
        return nil
    }

    private mutating func deliver(_ record: consuming LogRecord, _ body: (LogRecord) throws -> Void) throws {
        summary.records += 1
        var record = record
        options.scrubber?.scrub(&record)  // optional chaining borrows the scrubber instead of copying it
        try body(record)
    }

    /// Control bytes other than tab, form feed and escape (ANSI colours are common in logs).
    static func controlBytes(_ line: UnsafeBufferPointer<UInt8>) -> Int {
        var count = 0
        for byte in line where byte < 0x20 && byte != 0x09 && byte != 0x0C && byte != 0x1B { count += 1 }
        return count
    }

    static func truncationMarker(_ dropped: Int) -> String { " …[truncated \(dropped) bytes]" }
}
