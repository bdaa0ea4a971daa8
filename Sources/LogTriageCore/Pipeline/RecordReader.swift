#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// How to read inputs.
public struct ReaderOptions: Sendable {
    /// A format to force (no detection, no per-line fallback); nil detects per input.
    public var format: (any LogFormat)?
    /// Seconds east of UTC for times written without an offset.
    public var defaultUTCOffset: Int
    /// Whether a stream that writes its offset on some lines (an access log's `+0100`) is taken to write local
    /// time at that offset on the others; off when the user gave the offset.
    public var learnsLocalOffset = true
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
    /// The capture tool's envelope (`docker compose`, `kubectl --prefix`), when the lines carry one.
    public var envelope: String?
    /// The envelope's streams, each with the format detected for it.
    public var streams: [Stream] = []

    public struct Stream: Sendable {
        public var name: String
        public var format: String?
        public var lines: Int
    }

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
            resolver: TimeResolver(
                referenceDate: referenceDate, defaultUTCOffset: options.defaultUTCOffset,
                learnsLocalOffset: options.learnsLocalOffset))
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

/// A ``RecordReader`` fed as lines arrive (a followed file, a pipe that stays open, HTTP intake): the envelope,
/// the formats detected and the open multi-line records are kept from one call to the next.
public struct LiveRecordReader {
    private var state: StreamState
    private let maxLineBytes: Int
    /// The start of a line whose newline has not arrived yet, and bytes cut from it beyond the line limit.
    private var held: [UInt8] = []
    private var heldDropped = 0

    /// `firstLine` continues the numbering of lines read before (a followed file resumed part way).
    public init(options: ReaderOptions = ReaderOptions(), name: String, referenceDate: CivilDate, firstLine: Int = 1) {
        maxLineBytes = options.maxLineBytes
        state = StreamState(
            options: options, name: name,
            resolver: TimeResolver(
                referenceDate: referenceDate, defaultUTCOffset: options.defaultUTCOffset,
                learnsLocalOffset: options.learnsLocalOffset))
        state.lineNumber = firstLine - 1
    }

    /// The number of the last line read.
    public var lastLine: Int { state.lineNumber }

    /// Reads the lines in `bytes`; a last line without its newline is held until the rest arrives (or
    /// ``endInput(_:)``). Throws ``IngestError`` for input that is not text.
    public mutating func append(_ bytes: UnsafeRawBufferPointer, _ body: (LogRecord) throws -> Void) throws {
        guard let base = bytes.baseAddress?.assumingMemoryBound(to: UInt8.self), !bytes.isEmpty else { return }
        var start = 0
        while start < bytes.count, let hit = memchr(base + start, 0x0A, bytes.count - start) {
            let newline = base.distance(to: hit.assumingMemoryBound(to: UInt8.self))
            if held.isEmpty && heldDropped == 0 {
                try line(UnsafeBufferPointer(start: base + start, count: newline - start), dropped: 0, body)
            } else {
                hold(UnsafeBufferPointer(start: base + start, count: newline - start))
                try releaseHeld(body)
            }
            start = newline + 1
        }
        if start < bytes.count { hold(UnsafeBufferPointer(start: base + start, count: bytes.count - start)) }
    }

    public mutating func append(_ bytes: [UInt8], _ body: (LogRecord) throws -> Void) throws {
        try bytes.withUnsafeBytes { try append($0, body) }
    }

    /// The input ended: a last line without a newline is read as a line.
    public mutating func endInput(_ body: (LogRecord) throws -> Void) throws {
        if !held.isEmpty || heldDropped > 0 { try releaseHeld(body) }
    }

    /// Bytes of a line whose newline has not arrived: a resume point stops before them.
    public var heldBytes: Int { held.count + heldDropped }

    private mutating func hold(_ part: UnsafeBufferPointer<UInt8>) {
        let room = max(0, maxLineBytes + 1 - held.count)
        held.append(contentsOf: part.prefix(room))
        heldDropped += part.count - min(part.count, room)
    }

    private mutating func releaseHeld(_ body: (LogRecord) throws -> Void) throws {
        var text = held
        let dropped = heldDropped
        held = []
        heldDropped = 0
        try text.withUnsafeMutableBufferPointer { try line(UnsafeBufferPointer($0), dropped: dropped, body) }
        text = []
    }

    /// One line without its newline: a carriage return before it goes, a line over the limit is cut.
    private mutating func line(_ line: UnsafeBufferPointer<UInt8>, dropped: Int, _ body: (LogRecord) throws -> Void) throws {
        var count = line.count
        if count > 0, line[count - 1] == 0x0D, dropped == 0 { count -= 1 }
        let kept = min(count, maxLineBytes)
        try state.accept(UnsafeBufferPointer(rebasing: line[..<kept]), dropped: dropped + count - kept, body)
    }

    /// Completes every open record: a record still being written when the input pauses, or at the end of a batch.
    /// Lines that continue it later start a record of their own.
    public mutating func flush(_ body: (LogRecord) throws -> Void) throws {
        try state.flush(body)
    }

    /// What was read so far: lines, formats, streams, repaired bytes.
    public var summary: InputSummary {
        var state = state
        state.summarize()
        return state.summary
    }
}

/// The per-input state of ``RecordReader``: the capture envelope, read from the first lines, and one
/// ``StreamDecoder`` per stream it names (a compose service, a pod's container), whose records are delivered in
/// input order.
private struct StreamState {
    /// Streams past this many share the last one (the envelope of a hostile input cannot exhaust memory).
    static let maxStreams = 64

    let options: ReaderOptions
    var summary: InputSummary
    let resolver: TimeResolver
    var repair = TextRepair()
    var lineNumber = 0
    /// A private key logged a line per record stays redacted until its END line.
    var keyBlock = SecretScrubber.KeyBlock()

    // The envelope is read from the first lines, held until then.
    var envelope: CaptureEnvelope?
    /// The time of the last record delivered from a capture with stream prefixes.
    var lastCaptureTime: Timestamp?
    var pending: [(line: [UInt8], number: Int, dropped: Int)] = []
    var sampleBytes = 0
    var sampleNonText = 0

    var decoders: [StreamDecoder] = []
    var streamIndex: [String: Int] = [:]
    /// Records completed by one stream while an earlier line of another is still open, by first line.
    var ordered = RecordQueue()

    init(options: ReaderOptions, name: String, resolver: TimeResolver) {
        self.options = options
        self.summary = InputSummary(input: name)
        self.resolver = resolver
        if options.format != nil {
            envelope = CaptureEnvelope()
            decoders = [StreamDecoder(options: options, file: name, stream: nil, resolver: resolver)]
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
            if envelope != nil {
                try route(line, number: lineNumber, dropped: dropped, body)
            } else {
                sampleBytes += line.count + 1
                sampleNonText += outcome.invalidSequences + outcome.nulBytes + Self.controlBytes(line)
                pending.append((Array(line), lineNumber, dropped))
            }
        }
        if envelope == nil, pending.count >= options.sampleLines || sampleBytes >= 8 << 20 {
            try detect(body)
        }
    }

    /// Completes every open record, detecting formats on what is held if it has not happened yet.
    mutating func flush(_ body: (LogRecord) throws -> Void) throws {
        if envelope == nil { try detect(body) }
        for index in decoders.indices {
            decoders[index].finish()
            try drain(index, body)
        }
        while let record = ordered.popFirst() { try deliver(record, body) }
    }

    mutating func finish(_ body: (LogRecord) throws -> Void) throws {
        try flush(body)
        summarize()
    }

    mutating func summarize() {
        summary.otherLines = 0
        summary.linesByFormat = [:]
        var formats: [String: Int] = [:]
        for decoder in decoders {
            summary.otherLines += decoder.otherLines
            for (name, count) in decoder.linesByFormat { summary.linesByFormat[name, default: 0] += count }
            if let format = decoder.primaryFormat { formats[format, default: 0] += decoder.lines }
        }
        let primary = formats.max { $0.value != $1.value ? $0.value < $1.value : $0.key > $1.key }?.key
        summary.format = options.format?.name ?? primary
        if let envelope, !envelope.isEmpty { summary.envelope = envelope.name }
        summary.streams = decoders.compactMap { decoder in
            decoder.stream.map { InputSummary.Stream(name: $0, format: decoder.primaryFormat, lines: decoder.lines) }
        }
    }

    private mutating func detect(_ body: (LogRecord) throws -> Void) throws {
        // Over 10% of the first lines' bytes not text: an image, an archive, a core dump. Nothing is delivered.
        if sampleBytes >= 32, sampleNonText * 10 > sampleBytes {
            let percent = sampleNonText * 100 / sampleBytes
            envelope = CaptureEnvelope()
            pending = []
            throw IngestError(.binary, path: summary.input, detail: "\(percent)% of the first \(sampleBytes) bytes are not text")
        }
        envelope = CaptureEnvelope.detect(sample: pending.map(\.line))
        let held = pending
        pending = []
        for entry in held {
            try entry.line.withUnsafeBufferPointer { try route($0, number: entry.number, dropped: entry.dropped, body) }
        }
    }

    /// Hands a line's body to its stream's decoder.
    private mutating func route(
        _ line: UnsafeBufferPointer<UInt8>, number: Int, dropped: Int, _ body: (LogRecord) throws -> Void
    ) throws {
        guard let envelope, !envelope.isEmpty else {
            if decoders.isEmpty {
                decoders = [StreamDecoder(options: options, file: summary.input, stream: nil, resolver: resolver)]
            }
            decoders[0].accept(line, number: number, dropped: dropped, envelopeTime: nil)
            try drain(0, body)
            return
        }
        let split = envelope.split(line)
        let index = decoderIndex(split.stream.map { String(decoding: UnsafeBufferPointer(rebasing: line[$0]), as: UTF8.self) })
        decoders[index].accept(
            UnsafeBufferPointer(rebasing: line[split.body]), number: number, dropped: dropped, envelopeTime: split.time)
        try drain(index, body)
        try release(body)
    }

    /// Hands on the records a decoder completed: at once while there is one stream, else through the queue.
    private mutating func drain(_ index: Int, _ body: (LogRecord) throws -> Void) throws {
        guard !decoders[index].completed.isEmpty else { return }
        // Swapped out and back so the buffer stays unique: no copy, no allocation per record.
        var records: [LogRecord] = []
        swap(&records, &decoders[index].completed)
        defer { swap(&records, &decoders[index].completed) }
        // Popped, not iterated: each record moves to the caller without a copy of its fields.
        if records.count > 1 { records.reverse() }
        while let record = records.popLast() {
            if decoders.count == 1 && ordered.isEmpty {
                try deliver(record, body)  // one stream: records complete in order
            } else {
                ordered.insert(record)
            }
        }
    }

    private mutating func decoderIndex(_ stream: String?) -> Int {
        let key = stream ?? ""
        if let index = streamIndex[key] { return index }
        guard decoders.count < Self.maxStreams else { return decoders.count - 1 }
        decoders.append(StreamDecoder(options: options, file: summary.input, stream: stream, resolver: resolver))
        streamIndex[key] = decoders.count - 1
        return decoders.count - 1
    }

    /// Delivers the queued records no open line of any stream comes before.
    private mutating func release(_ body: (LogRecord) throws -> Void) throws {
        guard !ordered.isEmpty else { return }
        var watermark = Int.max
        // by index: a `for` over the decoders would copy each one (every reference in it retained) per line
        for index in decoders.indices { watermark = min(watermark, decoders[index].oldestOpenLine) }
        while let first = ordered.firstLine, first < watermark {
            try deliver(ordered.popFirst()!, body)
        }
    }

    private mutating func deliver(_ record: consuming LogRecord, _ body: (LogRecord) throws -> Void) throws {
        summary.records += 1
        var record = record
        // A capture interleaves its streams' lines as they come: a line with no time of its own (the capture tool's
        // `db-1 exited with code 137`, a script that prints none) happened when the capture's previous record did.
        if let envelope, envelope.prefix != .none {
            if let time = record.time { lastCaptureTime = time } else { record.time = lastCaptureTime }
        }
        options.scrubber?.scrub(&record, block: &keyBlock)  // optional chaining borrows the scrubber instead of copying it
        try body(record)
    }

    /// Control bytes other than tab, form feed and escape (ANSI colours are common in logs).
    static func controlBytes(_ line: UnsafeBufferPointer<UInt8>) -> Int {
        var count = 0
        for byte in line where byte < 0x20 && byte != 0x09 && byte != 0x0C && byte != 0x1B { count += 1 }
        return count
    }
}

/// One stream's reading: the sample held back for format detection, then the formats chosen, and the
/// assembler that joins its multi-line records.
private struct StreamDecoder {
    let options: ReaderOptions
    /// The stream's name in the envelope; nil for an input that is one stream.
    let stream: String?
    let service: String?
    var resolver: TimeResolver
    var assembler: RecordAssembler

    var detected: Bool
    var pending: [(line: [UInt8], number: Int, dropped: Int, time: ParsedTime?)] = []
    var sample: [[UInt8]] = []
    // The primary format first, then the fallbacks, in one array: calling through an element borrows it,
    // where an optional existential property would be copied (retain, release) on every line.
    var formats: [any LogFormat] = []
    /// Header lines per entry of `formats` (a dictionary update per line would cost a hash of the name).
    var headerLines: [Int] = []
    var primaryFormat: String?
    var otherLines = 0
    var lines = 0
    /// Records completed and not yet taken by the reader.
    var completed: [LogRecord] = []
    /// Records the assembler just completed, before their stream's service is added.
    private var finished: [LogRecord] = []

    init(options: ReaderOptions, file: String, stream: String?, resolver: TimeResolver) {
        self.options = options
        self.stream = stream
        self.service = stream.map(CaptureEnvelope.service(ofStream:))
        self.resolver = resolver
        self.assembler = RecordAssembler(file: file)
        if let forced = options.format {
            detected = true
            formats = [forced]
            headerLines = [0]
            primaryFormat = forced.name
        } else {
            detected = false
        }
    }

    var linesByFormat: [String: Int] {
        var counts: [String: Int] = [:]
        for (index, count) in headerLines.enumerated() where count > 0 { counts[formats[index].name, default: 0] += count }
        return counts
    }

    /// The first line of this stream not yet in a delivered record.
    var oldestOpenLine: Int {
        if let first = pending.first { return first.number }
        return assembler.openLine ?? Int.max
    }

    mutating func accept(_ line: UnsafeBufferPointer<UInt8>, number: Int, dropped: Int, envelopeTime: ParsedTime?) {
        lines += 1
        if detected {
            process(line, number: number, dropped: dropped, envelopeTime: envelopeTime)
        } else {
            pending.append((Array(line), number, dropped, envelopeTime))
            if let first = line.first, first != 0x20, first != 0x09 { sample.append(Array(line)) }
            // Detection also runs once enough lines are held, whatever they are (a stream of indented or blank
            // lines must not be held without bound).
            if sample.count >= options.sampleLines || pending.count >= 20 * options.sampleLines { detect() }
        }
    }

    mutating func finish() {
        if !detected { detect() }
        assembler.finish(into: &finished)
        deliverFinished()
    }

    private mutating func detect() {
        let detection = FormatDetector().detect(sample: sample)
        formats = (detection.primary.map { [$0] } ?? []) + detection.fallbacks
        headerLines = [Int](repeating: 0, count: formats.count)
        primaryFormat = detection.primary?.name
        detected = true
        sample = []
        let held = pending
        pending = []
        for entry in held {
            entry.line.withUnsafeBufferPointer {
                process($0, number: entry.number, dropped: entry.dropped, envelopeTime: entry.time)
            }
        }
    }

    private mutating func process(
        _ line: UnsafeBufferPointer<UInt8>, number: Int, dropped: Int, envelopeTime: ParsedTime?
    ) {
        let captured = envelopeTime.map { resolver.resolve($0) }
        if let (header, index) = parseHeader(line) {
            var header = header
            MessageAffixes.read(&header)
            if dropped > 0 { header.message += Self.truncationMarker(dropped) }
            headerLines[index] += 1
            // The program's own time first; the capture tool's when the program wrote none.
            let time = header.time.map { resolver.resolve($0) } ?? captured
            assembler.start(header, time: time, format: formats[index].name, line: number, into: &finished)
        } else {
            otherLines += 1
            if dropped > 0 {
                var text = Array(line)
                text.append(contentsOf: Self.truncationMarker(dropped).utf8)
                text.withUnsafeBufferPointer { assembler.other($0, number: number, time: captured, into: &finished) }
            } else {
                assembler.other(line, number: number, time: captured, into: &finished)
            }
        }
        deliverFinished()
    }

    /// Records the assembler completed, each with its stream's service.
    private mutating func deliverFinished() {
        guard !finished.isEmpty else { return }
        for record in finished { completed.append(decorated(record)) }
        finished.removeAll(keepingCapacity: true)
    }

    /// The stream's service, kept on every record it wrote. A record's own `service` field stays when it names
    /// one; a value that starts with a digit is a measure under that key (a router's `service=30001ms`).
    private func decorated(_ record: consuming LogRecord) -> LogRecord {
        var record = record
        guard let service else { return record }
        if let index = record.attributes.firstIndex(where: { $0.key == "service" }) {
            guard record.attributes[index].value.scalarText?.first?.isNumber == true else { return record }
            record.attributes[index] = Attribute("service", .string(service))
        } else {
            record.attributes.append(Attribute("service", .string(service)))
        }
        return record
    }

    /// The primary format first, then (when detection chose) the fallbacks; indented lines never start records.
    private func parseHeader(_ line: UnsafeBufferPointer<UInt8>) -> (ParsedLine, Int)? {
        guard let first = line.first, first != 0x20, first != 0x09 else { return nil }
        for index in formats.indices {
            if let parsed = formats[index].parse(line) { return (parsed, index) }
        }
        return nil
    }

    static func truncationMarker(_ dropped: Int) -> String { " …[truncated \(dropped) bytes]" }
}

/// Records waiting for delivery in input order: a binary heap on the first line.
private struct RecordQueue {
    /// A min-heap of (first line, slot): the records themselves stay put in `slots`, so ordering moves two integers.
    private var heap: [(line: Int, slot: Int)] = []
    private var slots: [LogRecord?] = []
    private var free: [Int] = []

    var isEmpty: Bool { heap.isEmpty }
    var firstLine: Int? { heap.isEmpty ? nil : heap[0].line }

    mutating func insert(_ record: LogRecord) {
        let slot: Int
        if let reused = free.popLast() {
            slot = reused
            slots[slot] = record
        } else {
            slot = slots.count
            slots.append(record)
        }
        heap.append((record.lineStart, slot))
        var child = heap.count - 1
        while child > 0 {
            let parent = (child - 1) / 2
            guard heap[child].line < heap[parent].line else { break }
            heap.swapAt(child, parent)
            child = parent
        }
    }

    mutating func popFirst() -> LogRecord? {
        guard !heap.isEmpty else { return nil }
        heap.swapAt(0, heap.count - 1)
        let first = heap.removeLast()
        var parent = 0
        while true {
            let left = 2 * parent + 1
            guard left < heap.count else { break }
            var least = left
            if left + 1 < heap.count, heap[left + 1].line < heap[left].line { least = left + 1 }
            guard heap[least].line < heap[parent].line else { break }
            heap.swapAt(least, parent)
            parent = least
        }
        free.append(first.slot)
        return slots[first.slot].take()
    }
}
