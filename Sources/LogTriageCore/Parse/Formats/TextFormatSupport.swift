/// Byte-level pieces shared by the text formats: HTTP request lines and statuses (uvicorn, access logs),
/// quoted strings (access logs, nginx, RFC 5424, klog) and a few token tests.
enum TextFormatSupport {
    /// Index of the `"` that closes a string whose body starts at `start`, skipping backslash escapes.
    static func closingQuote(in bytes: UnsafeBufferPointer<UInt8>, from start: Int) -> Int? {
        var index = start
        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "\"") { return index }
            index += byte == UInt8(ascii: "\\") ? 2 : 1
        }
        return nil
    }

    /// The text of a quoted string's body with `\x` escapes reduced to `x` (enough for `\"`, `\\`, `\]`);
    /// bodies without a backslash are copied as they are.
    static func unescaped(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> String {
        let body = UnsafeBufferPointer(rebasing: bytes[range])
        guard body.contains(UInt8(ascii: "\\")) else { return String(decoding: body, as: UTF8.self) }
        var out = [UInt8]()
        out.reserveCapacity(body.count)
        var index = 0
        while index < body.count {
            var byte = body[index]
            if byte == UInt8(ascii: "\\"), index + 1 < body.count {
                index += 1
                byte = body[index]
                switch byte {
                case UInt8(ascii: "n"): byte = 0x0A
                case UInt8(ascii: "t"): byte = 0x09
                default: break
                }
            }
            out.append(byte)
            index += 1
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// Splits an HTTP request line `METHOD target HTTP/x.y` into `method`, `path` and `http_version`
    /// attributes. Returns false, adding nothing, when the text is not a request line (garbage sent to an
    /// HTTP port, `-`).
    static func appendRequestAttributes(
        _ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>, to attributes: inout [Attribute]
    ) -> Bool {
        var cursor = ByteCursor(bytes, position: range.lowerBound)
        let method = cursor.read(while: { $0.isASCIIUpper })
        guard (1...20).contains(method.count), cursor.position < range.upperBound, cursor.consume(0x20) else {
            return false
        }
        // The version is the last word; a target with stray spaces keeps them.
        var pathEnd = range.upperBound
        var version: Range<Int>?
        var index = range.upperBound - 1
        while index > cursor.position, bytes[index] != 0x20 { index -= 1 }
        if index > cursor.position, range.upperBound - index > 5 {
            let probe = ByteCursor(bytes, position: index + 1)
            if probe.hasPrefix("HTTP/") {
                version = (index + 6)..<range.upperBound
                pathEnd = index
            }
        }
        guard pathEnd > cursor.position else { return false }
        attributes.append(Attribute("method", .string(cursor.string(method))))
        attributes.append(Attribute("path", .string(cursor.string(cursor.position..<pathEnd))))
        if let version { attributes.append(Attribute("http_version", .string(cursor.string(version)))) }
        return true
    }

    /// The bytes of `first`, a space, and the bytes of `second`, as one string (`GET / HTTP/1.1` + `200`).
    static func joined(_ bytes: UnsafeBufferPointer<UInt8>, _ first: Range<Int>, _ second: Range<Int>) -> String {
        String(unsafeUninitializedCapacity: first.count + 1 + second.count) { buffer in
            var out = 0
            for index in first {
                buffer[out] = bytes[index]
                out += 1
            }
            buffer[out] = 0x20
            out += 1
            for index in second {
                buffer[out] = bytes[index]
                out += 1
            }
            return out
        }
    }

    /// Whether every byte of `range` is an ASCII digit (and there is at least one).
    static func isDigits(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> Bool {
        guard !range.isEmpty else { return false }
        for index in range where !bytes[index].isASCIIDigit { return false }
        return true
    }

    /// The number `range` spells, when it is 1...18 digits.
    static func number(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> Int? {
        guard range.count <= 18, isDigits(bytes, range) else { return nil }
        var value = 0
        for index in range { value = value * 10 + Int(bytes[index] &- UInt8(ascii: "0")) }
        return value
    }

    /// A level word spelled in upper case only (`ERROR`, `WARN`), as Java and uvicorn print them; message
    /// words such as `Error` stay message text.
    static func upperCaseLevel(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> Severity? {
        guard range.count >= 2 else { return nil }
        for index in range where !bytes[index].isASCIIUpper { return nil }
        return Severity(bytes: UnsafeBufferPointer(rebasing: bytes[range]))
    }

    /// The level a program's own line starts with inside an envelope that gives none of its own (syslog without a
    /// priority, a service's stdout in the journal): `ERROR …`, `WARN: …`, `[error] …`, `<warning> …`. Bare words
    /// count in capitals only (`Error connecting …` is a sentence). The level and the message after it.
    /// The status glyphs command-line tools print before a line (Next.js, Vite, Jest, npm): a cross for an error,
    /// a warning sign, a check mark or an information sign; with the text after the glyph and its space.
    static func statusGlyph(_ text: Substring) -> (Level, Substring)? {
        guard let glyph = text.first, let level = glyphLevels[glyph] else { return nil }
        let rest = text.dropFirst()
        guard rest.first == " " else { return nil }
        return (level, rest.drop { $0 == " " })
    }

    static let glyphLevels: [Character: Level] = [
        "⨯": .error, "✖": .error, "✗": .error, "✘": .error, "×": .error, "❌": .error,
        "⚠": .warning, "⚠️": .warning, "✓": .info, "✔": .info, "✅": .info, "ℹ": .info,
    ]

    static func leadingLevel(_ message: String) -> (Severity, String)? {
        var text = message
        return text.withUTF8 { bytes -> (Severity, String)? in
            var cursor = ByteCursor(bytes)
            let open = cursor.peek()
            let bracket: UInt8? = open == UInt8(ascii: "[") ? UInt8(ascii: "]") : open == UInt8(ascii: "<") ? UInt8(ascii: ">") : nil
            if bracket != nil { cursor.advance() }
            let word = cursor.read(while: { $0.isASCIILetter })
            guard word.count >= 3 else { return nil }
            if let bracket {
                guard cursor.consume(bracket) else { return nil }
            } else if upperCaseLevel(bytes, word) == nil {
                return nil
            }
            _ = cursor.consume(UInt8(ascii: ":"))
            guard cursor.isAtEnd || cursor.peek() == 0x20, let severity = Severity(bytes: UnsafeBufferPointer(rebasing: bytes[word])) else {
                return nil
            }
            cursor.skipSpaces()
            return (severity, cursor.string(cursor.position..<bytes.count))
        }
    }

    /// `<PRI>` at the cursor: the syslog priority (facility × 8 + severity), 0...191.
    static func readPriority(_ cursor: inout ByteCursor) -> Int? {
        let start = cursor.position
        guard cursor.consume(UInt8(ascii: "<")), let value = cursor.readNumber(maxCount: 3), value <= 191,
            cursor.consume(UInt8(ascii: ">"))
        else {
            cursor.position = start
            return nil
        }
        return value
    }
}
