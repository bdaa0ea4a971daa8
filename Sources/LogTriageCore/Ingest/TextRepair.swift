/// Makes a line safe to decode: invalid UTF-8 sequences and NUL bytes become U+FFFD, and terminal colour
/// codes (`ESC [ … m`, written by loguru, uvicorn and others to a TTY) are removed so headers parse.
/// Clean lines (almost all) pass through without a copy.
public struct TextRepair {
    private var scratch: [UInt8] = []

    public init() {}

    public struct Outcome {
        public var invalidSequences: Int
        public var nulBytes: Int
        public var escapeSequences = 0
    }

    /// Calls `body` with the repaired line and what was repaired.
    @inline(__always)
    public mutating func withRepaired<R>(
        _ line: UnsafeBufferPointer<UInt8>, _ body: (UnsafeBufferPointer<UInt8>, Outcome) throws -> R
    ) rethrows -> R {
        if Self.isCleanASCII(line) {
            return try body(line, Outcome(invalidSequences: 0, nulBytes: 0))
        }
        let outcome = repair(line)
        if outcome.invalidSequences == 0 && outcome.nulBytes == 0 && outcome.escapeSequences == 0 {
            return try body(line, outcome)
        }
        return try scratch.withUnsafeBufferPointer { try body($0, outcome) }
    }

    /// True when every byte is ASCII and none is NUL: checked eight bytes at a time.
    @inline(__always)
    static func isCleanASCII(_ line: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let base = line.baseAddress else { return true }
        let count = line.count
        var index = 0
        let raw = UnsafeRawPointer(base)
        while index + 8 <= count {
            let word = raw.loadUnaligned(fromByteOffset: index, as: UInt64.self)
            // High bit set anywhere, or a zero byte anywhere (the classic has-zero-byte test).
            if word & 0x8080_8080_8080_8080 != 0 { return false }
            if (word &- 0x0101_0101_0101_0101) & ~word & 0x8080_8080_8080_8080 != 0 { return false }
            let escapes = word ^ 0x1B1B_1B1B_1B1B_1B1B
            if (escapes &- 0x0101_0101_0101_0101) & ~escapes & 0x8080_8080_8080_8080 != 0 { return false }
            index += 8
        }
        while index < count {
            let byte = base[index]
            if byte == 0 || byte >= 0x80 || byte == 0x1B { return false }
            index += 1
        }
        return true
    }

    /// Validates `line`; when something needs replacing, writes the repaired bytes to `scratch`.
    private mutating func repair(_ line: UnsafeBufferPointer<UInt8>) -> Outcome {
        var outcome = Outcome(invalidSequences: 0, nulBytes: 0)
        var needsCopy = false
        var index = 0
        let count = line.count
        var copiedUpTo = 0
        /// Copies the clean bytes before `index` into `scratch`, starting the copy on first use.
        func copyUpTo(_ index: Int) {
            if !needsCopy {
                needsCopy = true
                scratch.removeAll(keepingCapacity: true)
                scratch.reserveCapacity(count + 16)
            }
            scratch.append(contentsOf: line[copiedUpTo..<index])
        }
        while index < count {
            let byte = line[index]
            if byte != 0, byte < 0x80, byte != 0x1B {
                index += 1
                continue
            }
            var length = 0
            if byte == 0x1B {
                // CSI: ESC [ parameters (0x30–0x3F) intermediates (0x20–0x2F) final (0x40–0x7E).
                var end = index + 1
                guard end < count, line[end] == UInt8(ascii: "[") else {
                    index += 1
                    continue
                }
                end += 1
                while end < count, (0x20...0x3F).contains(line[end]) { end += 1 }
                guard end < count, (0x40...0x7E).contains(line[end]) else {
                    index += 1
                    continue
                }
                outcome.escapeSequences += 1
                copyUpTo(index)
                index = end + 1
                copiedUpTo = index
                continue
            } else if byte == 0 {
                outcome.nulBytes += 1
            } else {
                length = Self.validSequenceLength(line, at: index)
                if length > 0 {
                    index += length
                    continue
                }
                outcome.invalidSequences += 1
            }
            copyUpTo(index)
            scratch.append(contentsOf: Self.replacement)
            index += 1
            copiedUpTo = index
        }
        if needsCopy { scratch.append(contentsOf: line[copiedUpTo..<count]) }
        return outcome
    }

    private static let replacement: [UInt8] = [0xEF, 0xBF, 0xBD]  // U+FFFD

    /// The length of the well-formed UTF-8 sequence at `index`, or 0 (per the Unicode table of well-formed
    /// byte sequences: no overlongs, no surrogates, nothing above U+10FFFF).
    private static func validSequenceLength(_ line: UnsafeBufferPointer<UInt8>, at index: Int) -> Int {
        let lead = line[index]
        let remaining = line.count - index
        func continuation(_ offset: Int, _ range: ClosedRange<UInt8> = 0x80...0xBF) -> Bool {
            offset < remaining && range.contains(line[index + offset])
        }
        switch lead {
        case 0xC2...0xDF:
            return continuation(1) ? 2 : 0
        case 0xE0:
            return continuation(1, 0xA0...0xBF) && continuation(2) ? 3 : 0
        case 0xE1...0xEC, 0xEE...0xEF:
            return continuation(1) && continuation(2) ? 3 : 0
        case 0xED:
            return continuation(1, 0x80...0x9F) && continuation(2) ? 3 : 0
        case 0xF0:
            return continuation(1, 0x90...0xBF) && continuation(2) && continuation(3) ? 4 : 0
        case 0xF1...0xF3:
            return continuation(1) && continuation(2) && continuation(3) ? 4 : 0
        case 0xF4:
            return continuation(1, 0x80...0x8F) && continuation(2) && continuation(3) ? 4 : 0
        default:
            return 0
        }
    }
}
