/// Reads the fields between a timestamp and the message in the common "time, then level, name, thread,
/// process, location in some order" headers (Python logging, many Java and Node layouts).
///
/// Fields are words or bracketed tokens separated by ` - `, ` | `, `:` or spaces. Classification:
/// a level word is the severity; a number or `[number]` the pid; `[name]` the thread; `path.ext:N` the
/// source; a name the logger when it is dotted, or followed by a field separator (`:`, ` - `, ` | `).
/// Reading stops where the message starts, leaving the cursor there.
struct HeaderFields {
    var severity: Severity?
    var logger: String?
    var pid: Int?
    var thread: String?
    var source: SourceLocation?

    /// Returns false when the header is malformed (nothing after the time).
    mutating func read(_ cursor: inout ByteCursor) -> Bool {
        var fieldCount = 0
        while fieldCount < 8 {
            let beforeSeparator = cursor.position
            guard skipSeparator(&cursor) else { break }
            let fieldStart = cursor.position
            if readField(&cursor) {
                fieldCount += 1
                continue
            }
            // Not a header field: the message starts here (after the separator).
            cursor.position = fieldStart
            if fieldStart == beforeSeparator { return fieldCount > 0 }
            break
        }
        skipMessageSeparator(&cursor)
        return true
    }

    private func skipSeparator(_ cursor: inout ByteCursor) -> Bool {
        let start = cursor.position
        cursor.skipSpaces()
        if cursor.consume(UInt8(ascii: "-")) || cursor.consume(UInt8(ascii: "|")) {
            guard cursor.peek() == 0x20 || cursor.isAtEnd else {
                cursor.position = start
                return false
            }
            cursor.skipSpaces()
        } else if cursor.position == start, cursor.consume(UInt8(ascii: ":")) {
            cursor.skipSpaces()
        }
        return cursor.position > start && !cursor.isAtEnd
    }

    private func skipMessageSeparator(_ cursor: inout ByteCursor) {
        let start = cursor.position
        cursor.skipSpaces()
        if cursor.consume(UInt8(ascii: ":")) || cursor.consume(UInt8(ascii: "-")) || cursor.consume(UInt8(ascii: "|")) {
            if cursor.peek() == 0x20 || cursor.isAtEnd {
                cursor.skipSpaces()
                return
            }
        }
        cursor.position = start
        cursor.skipSpaces()
    }

    /// Reads one field at the cursor; false (cursor unchanged) if it is not a header field.
    private mutating func readField(_ cursor: inout ByteCursor) -> Bool {
        let start = cursor.position
        if cursor.consume(UInt8(ascii: "[")) {
            guard let close = cursor.firstIndex(of: UInt8(ascii: "]")), close > cursor.position else {
                cursor.position = start
                return false
            }
            let inner = cursor.trimmed(cursor.position..<close)
            cursor.position = close + 1
            if classifyBracketed(inner, in: cursor) { return true }
            cursor.position = start
            return false
        }
        let word = cursor.read(while: { $0 > 0x20 && $0 != UInt8(ascii: "[") && $0 != UInt8(ascii: "|") })
        guard !word.isEmpty else {
            cursor.position = start
            return false
        }
        var range = word
        // A trailing ':' belongs to the separator (`app.auth: message`).
        var colonEnds = false
        if cursor.bytes[range.upperBound - 1] == UInt8(ascii: ":") {
            range = range.lowerBound..<(range.upperBound - 1)
            colonEnds = true
        }
        let bytes = UnsafeBufferPointer(rebasing: cursor.bytes[range])
        if severity == nil, let level = Severity(bytes: bytes) {
            severity = level
            if colonEnds { cursor.position = range.upperBound }
            return true
        }
        // Flask: `ERROR in module:`
        if severity != nil, logger == nil, bytes.count == 2, bytes[0] == UInt8(ascii: "i"), bytes[1] == UInt8(ascii: "n") {
            cursor.skipSpaces()
            let name = cursor.read(while: { $0.isIdentifierByte || $0 == UInt8(ascii: ".") })
            if !name.isEmpty, cursor.peek() == UInt8(ascii: ":") {
                logger = cursor.string(name)
                return true
            }
            cursor.position = start
            return false
        }
        // An Erlang process (`<0.812.0>`: RabbitMQ, Elixir) after the level: the line's thread.
        if severity != nil, thread == nil, bytes.count >= 7, bytes.first == UInt8(ascii: "<"), bytes.last == UInt8(ascii: ">"),
            bytes.dropFirst().dropLast().allSatisfy({ $0.isASCIIDigit || $0 == UInt8(ascii: ".") }),
            bytes.filter({ $0 == UInt8(ascii: ".") }).count == 2
        {
            thread = cursor.string(range)
            return true
        }
        if pid == nil, bytes.allSatisfy({ $0.isASCIIDigit }), bytes.count <= 9, followedBySeparator(cursor) {
            pid = Int(cursor.string(range))
            return true
        }
        if source == nil, let location = Self.sourceLocation(bytes) {
            source = location
            if colonEnds { cursor.position = range.upperBound }
            return true
        }
        if logger == nil, Self.isLoggerName(bytes),
            colonEnds || Self.isDotted(bytes) || followedBySeparator(cursor)
        {
            logger = cursor.string(range)
            if colonEnds { cursor.position = range.upperBound }
            return true
        }
        cursor.position = start
        return false
    }

    private mutating func classifyBracketed(_ inner: Range<Int>, in cursor: ByteCursor) -> Bool {
        guard !inner.isEmpty else { return false }
        let bytes = UnsafeBufferPointer(rebasing: cursor.bytes[inner])
        if severity == nil, let level = Severity(bytes: bytes) {
            severity = level
            return true
        }
        if pid == nil, bytes.count <= 9, bytes.allSatisfy({ $0.isASCIIDigit }) {
            pid = Int(cursor.string(inner))
            return true
        }
        if source == nil, let location = Self.sourceLocation(bytes) {
            source = location
            return true
        }
        if thread == nil, bytes.count <= 64, !bytes.contains(0x20) || bytes.count <= 24 {
            thread = cursor.string(inner)
            return true
        }
        return false
    }

    /// ` - `, ` | ` or `: ` follows.
    private func followedBySeparator(_ cursor: ByteCursor) -> Bool {
        var probe = cursor
        probe.skipSpaces()
        guard probe.position > cursor.position || probe.peek() == UInt8(ascii: ":") else { return false }
        if let next = probe.peek(), next == UInt8(ascii: "-") || next == UInt8(ascii: "|") || next == UInt8(ascii: ":") {
            return probe.peek(1) == 0x20
        }
        return false
    }

    static func isLoggerName(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let first = bytes.first, first.isASCIILetter || first == UInt8(ascii: "_") else { return false }
        return bytes.allSatisfy {
            $0.isIdentifierByte || $0 == UInt8(ascii: ".") || $0 == UInt8(ascii: "-") || $0 == UInt8(ascii: "$")
                || $0 == UInt8(ascii: "/")
        }
    }

    static func isDotted(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let dot = bytes.firstIndex(of: UInt8(ascii: ".")) else { return false }
        return dot > 0 && dot < bytes.count - 1
    }

    /// `path/file.ext:123` or `file.ext:123:func` → a source location.
    static func sourceLocation(_ bytes: UnsafeBufferPointer<UInt8>) -> SourceLocation? {
        guard let colon = bytes.firstIndex(of: UInt8(ascii: ":")), colon > 2 else { return nil }
        // A Windows drive letter (`C:\…`) is part of the path.
        var pathEnd = colon
        if colon == 1, let next = bytes.lastIndex(of: UInt8(ascii: ":")), next > 1 { pathEnd = next }
        let path = UnsafeBufferPointer(rebasing: bytes[0..<pathEnd])
        guard let dot = path.lastIndex(of: UInt8(ascii: ".")), dot > 0, dot < path.count - 1,
            path[(dot + 1)...].allSatisfy({ $0.isASCIILetter })
        else { return nil }
        var cursor = ByteCursor(bytes, position: pathEnd + 1)
        guard let line = cursor.readNumber(maxCount: 7) else { return nil }
        var function: String?
        if cursor.consume(UInt8(ascii: ":")), !cursor.isAtEnd { function = cursor.rest }
        guard cursor.isAtEnd || function != nil else { return nil }
        return SourceLocation(file: String(decoding: path, as: UTF8.self), function: function, line: line)
    }
}
