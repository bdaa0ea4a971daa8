/// A log file as logtriage would keep it: each line with its secrets redacted by the same scrubber a scan uses,
/// a private key block redacted from its BEGIN line to its END line. Line for line, so the output can be compared
/// with the input, or shared in its place.
public struct LineRedactor {
    public struct Summary: Sendable {
        public var lines = 0
        /// Lines that had something redacted.
        public var redactedLines = 0
        public var invalidUTF8Lines = 0
        public var truncatedLines = 0
        /// Set when reading stopped early (the lines before it were written).
        public var error: IngestError?
    }

    public let scrubber: SecretScrubber
    public let maxLineBytes: Int

    public init(scrubber: SecretScrubber = SecretScrubber(), maxLineBytes: Int = 1 << 20) {
        self.scrubber = scrubber
        self.maxLineBytes = maxLineBytes
    }

    /// Opens `input` and calls `write` with each redacted line (without its newline).
    public func redact(_ input: LogInput, _ write: (UnsafeBufferPointer<UInt8>) throws -> Void) throws -> Summary {
        let opened = try OpenedInput.open(input)
        defer { opened.close() }
        return try redact(source: opened.source, name: input.displayName, write)
    }

    /// Reads lines from any byte source.
    public func redact(
        source: any ByteSource, name: String, _ write: (UnsafeBufferPointer<UInt8>) throws -> Void
    ) throws -> Summary {
        var summary = Summary()
        var repair = TextRepair()
        var block = SecretScrubber.KeyBlock()
        var sample = (bytes: 0, nonText: 0)
        var lines = LineReader(AnyByteSource(source), maxLineBytes: maxLineBytes)
        do {
            try lines.forEachLine { line, dropped in
                summary.lines += 1
                if dropped > 0 { summary.truncatedLines += 1 }
                try repair.withRepaired(line) { text, outcome in
                    if outcome.invalidSequences > 0 || outcome.nulBytes > 0 { summary.invalidUTF8Lines += 1 }
                    if sample.bytes < 1 << 16 {
                        // the first 64 KiB say whether this is text at all
                        sample.bytes += line.count + 1
                        sample.nonText += outcome.invalidSequences + outcome.nulBytes
                        for byte in line where byte < 0x20 && byte != 0x09 && byte != 0x0C && byte != 0x1B { sample.nonText += 1 }
                        if sample.bytes >= 32, sample.nonText * 10 > sample.bytes {
                            throw IngestError(
                                .binary, path: name,
                                detail: "\(sample.nonText * 100 / sample.bytes)% of the first \(sample.bytes) bytes are not text")
                        }
                    }
                    if let redacted = scrubber.scrub(bytes: text, block: &block) {
                        summary.redactedLines += 1
                        try redacted.withUnsafeBufferPointer { try write($0) }
                    } else {
                        try write(text)
                    }
                }
            }
        } catch let error as IngestError {
            summary.error = error
        }
        return summary
    }
}
