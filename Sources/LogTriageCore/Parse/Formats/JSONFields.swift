/// Maps member keys of a structured line to roles (message, level, time …), for the JSON, journald and logfmt
/// formats.
///
/// A role lists its keys in priority order. A key with dots (`log.level`) is matched written flat, nested
/// (`{"log": {"level": …}}`) or any mix of the two (`{"log.origin": {"file.name": …}}`).
struct JSONKeyTable: Sendable {
    struct Slot: Sendable {
        var role: UInt8
        var rank: UInt8
    }

    struct Node: Sendable {
        var slot: Slot?
        /// Noise to drop from the attributes (journald cursors and ids).
        var discard = false
        var children: [String: Node] = [:]
    }

    private(set) var root: [String: Node] = [:]

    /// `roles` pairs a role number with its keys, best first. Keys are split at dots unless listed in `literal`
    /// (a key such as `logging.googleapis.com/sourceLocation` is one member name).
    init(roles: [(role: UInt8, keys: [String])], literal: Set<String> = [], discard: [String] = []) {
        for (role, keys) in roles {
            for (rank, key) in keys.enumerated() {
                let components = literal.contains(key) ? [key] : key.split(separator: ".").map(String.init)
                Self.insert(components[...], slot: Slot(role: role, rank: UInt8(rank)), into: &root)
            }
        }
        for key in discard { root[key, default: Node()].discard = true }
    }

    /// Inserts every way of grouping `components` into member names.
    private static func insert(_ components: ArraySlice<String>, slot: Slot, into nodes: inout [String: Node]) {
        guard let first = components.indices.first else { return }
        for end in (first + 1)...components.endIndex {
            let name = components[first..<end].joined(separator: ".")
            if end == components.endIndex {
                nodes[name, default: Node()].slot = slot
            } else {
                insert(components[end...], slot: slot, into: &nodes[name, default: Node()].children)
            }
        }
    }
}

/// Where a member sits: its index in each enclosing object, outermost first, up to four levels.
struct MemberPath: Hashable {
    /// 16 bits per level holding index + 1; zero ends the path.
    private var packed: UInt64 = 0
    private(set) var depth = 0

    static let maximumDepth = 4
    static let maximumIndex = 0xFFFE

    func appending(_ index: Int) -> MemberPath {
        var path = self
        path.packed |= UInt64(index + 1) << (16 * UInt64(depth))
        path.depth += 1
        return path
    }

    /// Whether `other` lies inside the member this path names.
    func contains(_ other: MemberPath) -> Bool {
        guard other.depth > depth else { return false }
        let mask: UInt64 = depth == 0 ? 0 : (1 << (16 * UInt64(depth))) - 1
        return other.packed & mask == packed
    }
}

/// The members of one structured line, with the ones matching a ``JSONKeyTable`` picked out. Formats take the
/// values they use; ``remainingAttributes()`` returns the rest in order, nested objects trimmed of taken members.
struct JSONFields {
    struct Candidate {
        var slot: JSONKeyTable.Slot
        var path: MemberPath
        var key: String
        var value: JSONValue
    }

    let members: [Attribute]
    /// Kept sorted by role, then rank, then position in the line.
    private var candidates: [Candidate] = []
    private var taken: [MemberPath] = []

    init(_ members: [Attribute], table: JSONKeyTable) {
        self.members = members
        scan(members, nodes: table.root, at: MemberPath())
    }

    private mutating func scan(_ members: [Attribute], nodes: [String: JSONKeyTable.Node], at parent: MemberPath) {
        for (index, member) in members.enumerated() {
            guard index <= MemberPath.maximumIndex, let node = nodes[member.key] else { continue }
            let path = parent.appending(index)
            if node.discard { taken.append(path) }
            if let slot = node.slot { insert(Candidate(slot: slot, path: path, key: member.key, value: member.value)) }
            if !node.children.isEmpty, path.depth < MemberPath.maximumDepth, case .object(let inner) = member.value {
                scan(inner, nodes: node.children, at: path)
            }
        }
    }

    private mutating func insert(_ candidate: Candidate) {
        var index = candidates.endIndex
        while index > 0 {
            let previous = candidates[index - 1].slot
            if previous.role < candidate.slot.role
                || (previous.role == candidate.slot.role && previous.rank <= candidate.slot.rank)
            {
                break
            }
            index -= 1
        }
        candidates.insert(candidate, at: index)
    }

    func has(_ role: UInt8) -> Bool { candidates.contains { $0.slot.role == role } }

    /// The best-ranked value of `role` that `convert` accepts, marked as taken; values it rejects stay attributes.
    mutating func take<T>(_ role: UInt8, _ convert: (JSONValue) -> T?) -> T? {
        for candidate in candidates where candidate.slot.role == role {
            if let result = convert(candidate.value) {
                taken.append(candidate.path)
                return result
            }
        }
        return nil
    }

    /// Like ``take(_:_:)`` but without marking the value as taken.
    func peek<T>(_ role: UInt8, _ convert: (JSONValue) -> T?) -> T? {
        for candidate in candidates where candidate.slot.role == role {
            if let result = convert(candidate.value) { return result }
        }
        return nil
    }

    /// Marks every value of `role` as taken.
    mutating func drop(_ role: UInt8) {
        for candidate in candidates where candidate.slot.role == role { taken.append(candidate.path) }
    }

    func remainingAttributes() -> [Attribute] {
        taken.isEmpty ? members : remaining(members, at: MemberPath())
    }

    private func remaining(_ members: [Attribute], at parent: MemberPath) -> [Attribute] {
        var result: [Attribute] = []
        result.reserveCapacity(members.count)
        for (index, member) in members.enumerated() {
            guard index <= MemberPath.maximumIndex else {
                result.append(member)
                continue
            }
            let path = parent.appending(index)
            if taken.contains(path) { continue }
            if case .object(let inner) = member.value, taken.contains(where: { path.contains($0) }) {
                let kept = remaining(inner, at: path)
                // An object whose members were all taken (`{"log": {"level": "info"}}`) says nothing more.
                if !kept.isEmpty { result.append(Attribute(member.key, .object(kept))) }
            } else {
                result.append(member)
            }
        }
        return result
    }
}

// MARK: - Value conversions shared by the structured formats

extension JSONFields {
    static func string(_ value: JSONValue) -> String? {
        if case .string(let text) = value { return text }
        return nil
    }

    static func nonEmptyString(_ value: JSONValue) -> String? {
        if case .string(let text) = value, !text.isEmpty { return text }
        return nil
    }

    /// Strings, numbers and booleans as text.
    static func text(_ value: JSONValue) -> String? {
        guard let text = value.scalarText, !text.isEmpty else { return nil }
        return text
    }

    /// A whole number given as a JSON number or as digits in a string (`"pid": "4242"`).
    static func int(_ value: JSONValue) -> Int? {
        switch value {
        case .number(let text), .string(let text):
            if let number = Int(text) { return number }
            guard case .number = value, let double = Double(text) else { return nil }
            return Int(exactly: double)
        default:
            return nil
        }
    }

    /// A level word (`"warn"`, `"Information"`, `"E"`), or a bunyan/pino number.
    static func severity(_ value: JSONValue) -> Severity? {
        switch value {
        case .string(let text):
            if let severity = Severity(word: text, allowSingleLetter: true) { return severity }
            // MongoDB's debug levels `D1`…`D5`.
            if text.count == 2, text.first == "D", let digit = text.last?.wholeNumberValue, (1...5).contains(digit) {
                return Severity(.debug)
            }
            if let number = Int(text) { return Severity(bunyan: number) }
            // log15 spells debug `dbug`.
            return text == "dbug" || text == "DBUG" ? Severity(.debug) : nil
        case .number:
            return int(value).flatMap { Severity(bunyan: $0) }
        default:
            return nil
        }
    }

    /// An ISO 8601 (or other ``TimestampScanner``) string, an epoch number or numeric string, a
    /// `{seconds, nanos}` / `{epochSecond, nanoOfSecond}` object (Google Cloud, log4j2), or MongoDB's `{"$date": …}`.
    static func time(_ value: JSONValue) -> ParsedTime? {
        switch value {
        case .number(let text):
            return epoch(text)
        case .string(let text):
            if isNumeric(text) { return epoch(text) }
            return TimestampScanner.parse(field: text)
        case .object:
            // MongoDB extended JSON: `{"$date": "2024-04-12T09:23:56.253+00:00"}` or `{"$date": {"$numberLong": "…"}}`.
            if let date = value["$date"] { return time(date["$numberLong"] ?? date) }
            guard let seconds = (value["seconds"] ?? value["epochSecond"]).flatMap(int) else { return nil }
            let nanos = (value["nanos"] ?? value["nanoOfSecond"]).flatMap(int) ?? 0
            guard seconds >= 0, seconds < 100_000_000_000, nanos >= 0 else { return nil }
            return .instant(Timestamp(millisecondsSinceEpoch: Int64(seconds) * 1000 + Int64(nanos / 1_000_000)))
        default:
            return nil
        }
    }

    /// Epoch seconds, milliseconds, microseconds or nanoseconds by magnitude. Small numbers are durations or
    /// counters that happen to sit under a time-like key, not times.
    static func epoch(_ text: String) -> ParsedTime? {
        guard let number = Double(text), number.isFinite, number >= 100_000_000, number < 1e20 else { return nil }
        return Timestamp(epochValue: number).map { .instant($0) }
    }

    /// Digits with at most one dot.
    static func isNumeric(_ text: String) -> Bool {
        var digits = 0
        var dots = 0
        for byte in text.utf8 {
            if byte.isASCIIDigit {
                digits += 1
            } else if byte == UInt8(ascii: "."), dots == 0 {
                dots += 1
            } else {
                return false
            }
        }
        return digits > 0
    }

    /// `path/file.go:42`, `file.py:42` or `file.go:42:func`.
    static func callerLocation(_ text: String) -> SourceLocation? {
        var text = text
        return text.withUTF8 { HeaderFields.sourceLocation($0) }
    }

    /// Stack text: a string, an array of lines, or exceptions written as objects (a type, a value and frames of
    /// file, line and function), which are spelled as the traceback they describe.
    static func stackText(_ value: JSONValue) -> String? {
        switch value {
        case .string(let text):
            return text.isEmpty ? nil : text
        case .array(let elements):
            if case .object? = elements.first { return structuredExceptions(elements) }
            var lines: [String] = []
            lines.reserveCapacity(elements.count)
            for element in elements {
                guard case .string(let line) = element else { return nil }
                lines.append(line)
            }
            return lines.isEmpty ? nil : lines.joined(separator: "\n")
        case .object:
            // A lone error object without frames (`{"type":…, "message":…}`) is read by its own fields.
            guard value["frames"] != nil || value["stacktrace"] != nil else { return nil }
            return structuredExceptions([value])
        default:
            return nil
        }
    }

    static let exceptionTypeKeys = ["exc_type", "type", "class", "name", "errorClass"]
    static let exceptionValueKeys = ["exc_value", "value", "message", "msg", "errorMessage"]
    static let frameFileKeys = ["filename", "file", "abs_path", "path", "fileName"]
    static let frameLineKeys = ["lineno", "line", "lineNumber", "line_number"]
    static let frameFunctionKeys = ["name", "function", "func", "method", "methodName"]

    /// Exceptions as objects, innermost last, in Python's traceback form (the form the stack-trace reader knows
    /// best); nil when no element has a type or frames.
    static func structuredExceptions(_ exceptions: [JSONValue]) -> String? {
        var blocks: [String] = []
        for exception in exceptions {
            let type = firstString(exception, exceptionTypeKeys)
            let frames: [String] = (exception["frames"] ?? exception["stacktrace"] ?? exception["trace"]).flatMap { value in
                guard case .array(let elements) = value else { return nil }
                return elements.compactMap(frameLine)
            } ?? []
            guard type != nil || !frames.isEmpty else { continue }
            var block = frames.isEmpty ? [] : ["Traceback (most recent call last):"] + frames
            let message = firstString(exception, exceptionValueKeys).map { ": " + $0 } ?? ""
            block.append((type ?? "Exception") + message)
            blocks.append(block.joined(separator: "\n"))
        }
        return blocks.isEmpty ? nil : blocks.joined(separator: "\n\nThe above exception was the direct cause of the following exception:\n\n")
    }

    static func frameLine(_ frame: JSONValue) -> String? {
        guard let file = firstString(frame, frameFileKeys) else { return nil }
        let line = frameLineKeys.lazy.compactMap { frame[$0].flatMap(JSONFields.int) }.first
        let function = firstString(frame, frameFunctionKeys)
        return "  File \"\(file)\"" + (line.map { ", line \($0)" } ?? "") + (function.map { ", in \($0)" } ?? "")
    }

    static func firstString(_ value: JSONValue, _ keys: [String]) -> String? {
        for key in keys {
            if let text = value[key]?.stringValue, !text.isEmpty { return text }
        }
        return nil
    }

    /// Drops one trailing line break (Docker's `log` keeps the `\n` the program wrote).
    static func trimmingTrailingNewline(_ text: String) -> String {
        var utf8 = text.utf8[...]
        if utf8.last == 0x0A { utf8 = utf8.dropLast() }
        if utf8.last == 0x0D { utf8 = utf8.dropLast() }
        return utf8.count == text.utf8.count ? text : String(decoding: utf8, as: UTF8.self)
    }

    /// The first line and the rest, when `text` spans several lines.
    static func splitFirstLine(_ text: String) -> (first: String, rest: String)? {
        let utf8 = text.utf8
        guard let newline = utf8.firstIndex(of: 0x0A) else { return nil }
        var firstEnd = newline
        if firstEnd > utf8.startIndex, utf8[utf8.index(before: firstEnd)] == 0x0D { firstEnd = utf8.index(before: firstEnd) }
        let first = String(decoding: utf8[..<firstEnd], as: UTF8.self)
        let rest = String(decoding: utf8[utf8.index(after: newline)...], as: UTF8.self)
        return (first, rest)
    }
}

// MARK: - Line shape

extension JSONFields {
    /// Parses a line holding one JSON object (leading spaces or a UTF-8 byte order mark allowed). Rejects
    /// without parsing unless the line starts with `{` and ends with `}`, so other formats' lines and
    /// truncated objects cost a couple of byte reads.
    static func object(_ line: UnsafeBufferPointer<UInt8>) -> [Attribute]? {
        var start = 0
        if line.count >= 3, line[0] == 0xEF, line[1] == 0xBB, line[2] == 0xBF { start = 3 }
        while start < line.count, line[start].isSpaceOrTab { start += 1 }
        guard start < line.count, line[start] == UInt8(ascii: "{") else { return nil }
        var end = line.count
        while end > start, line[end - 1] == 0x20 || line[end - 1] == 0x09 || line[end - 1] == 0x0D
            || line[end - 1] == 0x0A
        {
            end -= 1
        }
        guard end - start >= 2, line[end - 1] == UInt8(ascii: "}"),
            case .object(let members) = JSONParser.parse(UnsafeBufferPointer(rebasing: line[start..<end]))
        else { return nil }
        return members
    }
}
