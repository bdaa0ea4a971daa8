/// A user-described header layout in the LogPAI style: `<Date> <Time> <Level> <Component>: <Content>`.
///
/// Each `<Field>` matches as few bytes as it can; a run of spaces matches one or more spaces or tabs;
/// `\x` is the literal `x`; `( … )?` is optional; everything else is literal text. The line must match
/// whole, and `<Content>` is the message. Known field names fill the record (`Date`/`Time`/`Timestamp`/
/// `Month`/`Day`/`Year` → time, `Level`/`Severity` → level, `Component`/`Logger`/`Module`/`Name`/`Class` → logger,
/// `Pid`/`Process` → pid, `Thread`/`Tid` → thread); others become attributes.
public struct HeaderPatternFormat: LogFormat {
    public let pattern: String
    private let elements: [Element]
    private let fieldNames: [String]

    public struct PatternError: Error, CustomStringConvertible {
        public var description: String
    }

    indirect enum Element: Sendable {
        case field(Int)
        case literal([UInt8])
        case spaces
        case optional([Element])
    }

    public init(pattern: String) throws {
        var names: [String] = []
        var bytes = Array(pattern.utf8)[...]
        let elements = try Self.compile(&bytes, names: &names, nested: false)
        guard names.contains(where: { $0.lowercased() == "content" }) else {
            throw PatternError(description: "it has no <Content> field (the message)")
        }
        self.pattern = pattern
        self.elements = elements
        self.fieldNames = names
    }

    public var name: String { "pattern" }

    public func parse(_ line: UnsafeBufferPointer<UInt8>) -> ParsedLine? {
        var ranges = [Range<Int>?](repeating: nil, count: fieldNames.count)
        var budget = 50_000  // bounds the work on adversarial lines (each step is a byte or a backtrack)
        guard Self.match(elements[...], line, at: 0, ranges: &ranges, budget: &budget) != nil else { return nil }
        return makeLine(line, ranges)
    }

    private func makeLine(_ line: UnsafeBufferPointer<UInt8>, _ ranges: [Range<Int>?]) -> ParsedLine {
        var parsed = ParsedLine(message: "")
        var timeParts: [String] = []
        let cursor = ByteCursor(line)
        for (index, name) in fieldNames.enumerated() {
            guard let range = ranges[index] else { continue }
            let text = cursor.string(cursor.trimmed(range))
            switch name.lowercased() {
            case "content", "message", "msg":
                parsed.message = text
            case "date", "time", "timestamp", "datetime", "month", "day", "year":
                timeParts.append(text)
                parsed.attributes.append(Attribute(name, .string(text)))
            case "level", "severity", "loglevel":
                parsed.severity = Severity(word: text, allowSingleLetter: true)
                if parsed.severity == nil { parsed.attributes.append(Attribute(name, .string(text))) }
            case "component", "logger", "module", "name", "class", "category":
                parsed.logger = text
            case "pid", "process", "processid":
                if let pid = Int(text) { parsed.pid = pid } else { parsed.attributes.append(Attribute(name, .string(text))) }
            case "thread", "tid", "threadname":
                parsed.thread = text
            default:
                parsed.attributes.append(Attribute(name, .string(text)))
            }
        }
        if !timeParts.isEmpty {
            parsed.time = Self.time(from: timeParts)
            if parsed.time != nil {
                parsed.attributes.removeAll { ["date", "time", "timestamp", "datetime", "month", "day", "year"].contains($0.key.lowercased()) }
            }
        }
        return parsed
    }

    /// The time from the time-like fields: all of them together, else the last two, else each alone.
    private static func time(from parts: [String]) -> ParsedTime? {
        var candidates = [parts.joined(separator: " ")]
        if parts.count > 2 { candidates.append(parts.suffix(2).joined(separator: " ")) }
        candidates.append(contentsOf: parts.reversed())
        for candidate in candidates {
            if let time = TimestampScanner.parse(field: candidate) { return time }
        }
        if let epoch = parts.lazy.compactMap({ Double($0) }).first(where: { $0 > 1e8 }),
            let instant = Timestamp(epochValue: epoch)
        {
            return .instant(instant)
        }
        return nil
    }

    // MARK: Matching

    /// Matches `elements` (always the whole rest of the pattern) at `position`; succeeds only at the line's end.
    private static func match(
        _ elements: ArraySlice<Element>, _ line: UnsafeBufferPointer<UInt8>, at position: Int,
        ranges: inout [Range<Int>?], budget: inout Int
    ) -> Int? {
        budget -= 1
        guard budget > 0 else { return nil }
        guard let element = elements.first else { return position == line.count ? position : nil }
        let rest = elements.dropFirst()
        switch element {
        case .literal(let bytes):
            guard position + bytes.count <= line.count else { return nil }
            for (offset, byte) in bytes.enumerated() where line[position + offset] != byte { return nil }
            return match(rest, line, at: position + bytes.count, ranges: &ranges, budget: &budget)
        case .spaces:
            var end = position
            while end < line.count, line[end] == 0x20 || line[end] == 0x09 { end += 1 }
            guard end > position else { return nil }
            return match(rest, line, at: end, ranges: &ranges, budget: &budget)
        case .optional(let inner):
            // With the group, then without it.
            var attempt = ranges
            if let end = match((inner + rest)[...], line, at: position, ranges: &attempt, budget: &budget) {
                ranges = attempt
                return end
            }
            return match(rest, line, at: position, ranges: &ranges, budget: &budget)
        case .field(let index):
            if rest.isEmpty {
                ranges[index] = position..<line.count
                return line.count
            }
            // Fewest bytes first; only ends where the next element can start are worth trying.
            var end = position
            while end <= line.count {
                budget -= 1
                if budget <= 0 { return nil }
                if Self.canStart(rest.first, line, at: end) {
                    var attempt = ranges
                    attempt[index] = position..<end
                    if let matched = match(rest, line, at: end, ranges: &attempt, budget: &budget) {
                        ranges = attempt
                        return matched
                    }
                    if budget <= 0 { return nil }
                }
                end += 1
            }
            return nil
        }
    }

    private static func canStart(_ element: Element?, _ line: UnsafeBufferPointer<UInt8>, at position: Int) -> Bool {
        switch element {
        case .literal(let bytes)?:
            guard let first = bytes.first else { return true }
            return position < line.count && line[position] == first
        case .spaces?:
            return position < line.count && (line[position] == 0x20 || line[position] == 0x09)
        default:
            return true
        }
    }

    // MARK: Compiling

    private static func compile(_ bytes: inout ArraySlice<UInt8>, names: inout [String], nested: Bool) throws -> [Element] {
        var elements: [Element] = []
        var literal: [UInt8] = []
        func flush() {
            if !literal.isEmpty {
                elements.append(.literal(literal))
                literal = []
            }
        }
        while let byte = bytes.first {
            bytes = bytes.dropFirst()
            switch byte {
            case UInt8(ascii: "<"):
                guard let close = bytes.firstIndex(of: UInt8(ascii: ">")) else {
                    throw PatternError(description: "a '<' has no closing '>'")
                }
                let name = String(decoding: bytes[bytes.startIndex..<close], as: UTF8.self)
                guard !name.isEmpty, name.utf8.allSatisfy({ $0.isIdentifierByte }) else {
                    throw PatternError(description: "'<\(name)>' is not a field name (letters, digits and _)")
                }
                bytes = bytes[(close + 1)...]
                flush()
                elements.append(.field(names.count))
                names.append(name)
            case 0x20, 0x09:
                while let next = bytes.first, next == 0x20 || next == 0x09 { bytes = bytes.dropFirst() }
                flush()
                elements.append(.spaces)
            case UInt8(ascii: "\\"):
                guard let escaped = bytes.first else { throw PatternError(description: "it ends with a lone '\\'") }
                bytes = bytes.dropFirst()
                if escaped == UInt8(ascii: "s") {
                    flush()
                    elements.append(.spaces)
                } else {
                    literal.append(escaped)
                }
            case UInt8(ascii: "("):
                flush()
                let inner = try compile(&bytes, names: &names, nested: true)
                guard bytes.first == UInt8(ascii: "?") else {
                    throw PatternError(description: "only optional groups '( … )?' are supported")
                }
                bytes = bytes.dropFirst()
                elements.append(.optional(inner))
            case UInt8(ascii: ")") where nested:
                flush()
                return elements
            default:
                literal.append(byte)
            }
        }
        if nested { throw PatternError(description: "a '(' has no closing ')'") }
        flush()
        return elements
    }

    public var examples: [FormatExample] { [] }
}
