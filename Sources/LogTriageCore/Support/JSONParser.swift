/// Reads JSON text into ``JSONValue`` straight from bytes (RFC 8259).
///
/// - Objects keep their members in the order written, duplicates included.
/// - Numbers keep their literal text, so 64-bit ids and long decimals survive unchanged.
/// - Strings decode every escape; a `\uXXXX` surrogate pair becomes one scalar, and a lone surrogate
///   becomes U+FFFD (the grammar allows it, but it cannot be stored in a `String`). Invalid UTF-8 in the
///   input is repaired the same way rather than rejected: log lines are not always clean.
/// - Nesting deeper than ``maximumDepth`` arrays and objects, any syntax error, and anything but whitespace
///   after the value return nil. No input can crash the parser: every read is bounds-checked against the
///   buffer and recursion is capped by the depth limit.
public enum JSONParser {
    public static let maximumDepth = 64

    public static func parse(_ bytes: UnsafeBufferPointer<UInt8>) -> JSONValue? {
        var reader = JSONReader(bytes)
        reader.skipWhitespace()
        guard let value = reader.readValue(depth: 0) else { return nil }
        reader.skipWhitespace()
        return reader.isAtEnd ? value : nil
    }

    public static func parse(_ text: String) -> JSONValue? {
        var text = text
        return text.withUTF8 { parse($0) }
    }
}

private struct JSONReader {
    let bytes: UnsafeBufferPointer<UInt8>
    var position = 0
    /// Reused for strings with escapes, so only the final `String` is allocated per value.
    var scratch: [UInt8] = []

    init(_ bytes: UnsafeBufferPointer<UInt8>) { self.bytes = bytes }

    var isAtEnd: Bool { position >= bytes.count }

    mutating func skipWhitespace() {
        while position < bytes.count {
            switch bytes[position] {
            case 0x20, 0x09, 0x0A, 0x0D: position += 1
            default: return
            }
        }
    }

    /// Reads one value at the cursor; `depth` is the number of arrays and objects around it.
    mutating func readValue(depth: Int) -> JSONValue? {
        guard position < bytes.count else { return nil }
        switch bytes[position] {
        case UInt8(ascii: "{"):
            guard depth < JSONParser.maximumDepth else { return nil }
            return readObject(depth: depth + 1)
        case UInt8(ascii: "["):
            guard depth < JSONParser.maximumDepth else { return nil }
            return readArray(depth: depth + 1)
        case UInt8(ascii: "\""):
            return readString().map(JSONValue.string)
        case UInt8(ascii: "t"):
            return readLiteral("true") ? .bool(true) : nil
        case UInt8(ascii: "f"):
            return readLiteral("false") ? .bool(false) : nil
        case UInt8(ascii: "n"):
            return readLiteral("null") ? .null : nil
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            return readNumber().map(JSONValue.number)
        default:
            return nil
        }
    }

    private mutating func readObject(depth: Int) -> JSONValue? {
        position += 1  // {
        var members: [Attribute] = []
        skipWhitespace()
        if position < bytes.count, bytes[position] == UInt8(ascii: "}") {
            position += 1
            return .object(members)
        }
        members.reserveCapacity(8)
        while true {
            guard position < bytes.count, bytes[position] == UInt8(ascii: "\""), let key = readString() else {
                return nil
            }
            skipWhitespace()
            guard position < bytes.count, bytes[position] == UInt8(ascii: ":") else { return nil }
            position += 1
            skipWhitespace()
            guard let value = readValue(depth: depth) else { return nil }
            members.append(Attribute(key, value))
            skipWhitespace()
            guard position < bytes.count else { return nil }
            let separator = bytes[position]
            position += 1
            if separator == UInt8(ascii: "}") { return .object(members) }
            guard separator == UInt8(ascii: ",") else { return nil }
            skipWhitespace()
        }
    }

    private mutating func readArray(depth: Int) -> JSONValue? {
        position += 1  // [
        var elements: [JSONValue] = []
        skipWhitespace()
        if position < bytes.count, bytes[position] == UInt8(ascii: "]") {
            position += 1
            return .array(elements)
        }
        while true {
            guard let value = readValue(depth: depth) else { return nil }
            elements.append(value)
            skipWhitespace()
            guard position < bytes.count else { return nil }
            let separator = bytes[position]
            position += 1
            if separator == UInt8(ascii: "]") { return .array(elements) }
            guard separator == UInt8(ascii: ",") else { return nil }
            skipWhitespace()
        }
    }

    private mutating func readLiteral(_ literal: StaticString) -> Bool {
        let count = literal.utf8CodeUnitCount
        guard bytes.count - position >= count else { return false }
        let start = literal.utf8Start
        for offset in 0..<count where bytes[position + offset] != start[offset] { return false }
        position += count
        return true
    }

    /// `-? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?`, returned as written.
    private mutating func readNumber() -> String? {
        let start = position
        if bytes[position] == UInt8(ascii: "-") { position += 1 }
        guard position < bytes.count else { return nil }
        if bytes[position] == UInt8(ascii: "0") {
            position += 1
        } else {
            guard skipDigits() > 0 else { return nil }
        }
        if position < bytes.count, bytes[position] == UInt8(ascii: ".") {
            position += 1
            guard skipDigits() > 0 else { return nil }
        }
        if position < bytes.count, bytes[position] | 0x20 == UInt8(ascii: "e") {
            position += 1
            if position < bytes.count, bytes[position] == UInt8(ascii: "+") || bytes[position] == UInt8(ascii: "-") {
                position += 1
            }
            guard skipDigits() > 0 else { return nil }
        }
        return String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<position]), as: UTF8.self)
    }

    private mutating func skipDigits() -> Int {
        let start = position
        while position < bytes.count, bytes[position].isASCIIDigit { position += 1 }
        return position - start
    }

    /// Reads a string at its opening quote. Strings without escapes (the common case) are copied in one go.
    mutating func readString() -> String? {
        position += 1  // "
        let start = position
        while position < bytes.count {
            let byte = bytes[position]
            if byte == UInt8(ascii: "\"") {
                let text = String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<position]), as: UTF8.self)
                position += 1
                return text
            }
            if byte == UInt8(ascii: "\\") { return readEscapedString(from: start) }
            guard byte >= 0x20 else { return nil }  // raw control characters must be escaped
            position += 1
        }
        return nil
    }

    private mutating func readEscapedString(from start: Int) -> String? {
        scratch.removeAll(keepingCapacity: true)
        scratch.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[start..<position]))
        while position < bytes.count {
            let byte = bytes[position]
            position += 1
            switch byte {
            case UInt8(ascii: "\""):
                return String(decoding: scratch, as: UTF8.self)
            case UInt8(ascii: "\\"):
                guard position < bytes.count else { return nil }
                let escape = bytes[position]
                position += 1
                switch escape {
                case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): scratch.append(escape)
                case UInt8(ascii: "b"): scratch.append(0x08)
                case UInt8(ascii: "f"): scratch.append(0x0C)
                case UInt8(ascii: "n"): scratch.append(0x0A)
                case UInt8(ascii: "r"): scratch.append(0x0D)
                case UInt8(ascii: "t"): scratch.append(0x09)
                case UInt8(ascii: "u"):
                    guard let scalar = readUnicodeEscape() else { return nil }
                    appendUTF8(scalar)
                default: return nil
                }
            default:
                guard byte >= 0x20 else { return nil }
                scratch.append(byte)
            }
        }
        return nil
    }

    /// The scalar of a `\uXXXX` escape (cursor after the `u`), joining a following low surrogate.
    private mutating func readUnicodeEscape() -> UInt32? {
        guard let unit = readHex4() else { return nil }
        switch unit {
        case 0xD800...0xDBFF:
            let afterHigh = position
            if bytes.count - position >= 6, bytes[position] == UInt8(ascii: "\\"),
                bytes[position + 1] == UInt8(ascii: "u")
            {
                position += 2
                if let low = readHex4(), (0xDC00...0xDFFF).contains(low) {
                    return 0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00)
                }
                // Not a low surrogate: leave that escape to be read on its own.
                position = afterHigh
            }
            return 0xFFFD
        case 0xDC00...0xDFFF:
            return 0xFFFD
        default:
            return unit
        }
    }

    private mutating func readHex4() -> UInt32? {
        guard bytes.count - position >= 4 else { return nil }
        var value: UInt32 = 0
        for offset in 0..<4 {
            let byte = bytes[position + offset]
            let digit: UInt8
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = byte - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = byte - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = byte - UInt8(ascii: "A") + 10
            default: return nil
            }
            value = value << 4 | UInt32(digit)
        }
        position += 4
        return value
    }

    private mutating func appendUTF8(_ scalar: UInt32) {
        switch scalar {
        case ..<0x80:
            scratch.append(UInt8(scalar))
        case ..<0x800:
            scratch.append(UInt8(0xC0 | scalar >> 6))
            scratch.append(UInt8(0x80 | scalar & 0x3F))
        case ..<0x10000:
            scratch.append(UInt8(0xE0 | scalar >> 12))
            scratch.append(UInt8(0x80 | scalar >> 6 & 0x3F))
            scratch.append(UInt8(0x80 | scalar & 0x3F))
        default:
            scratch.append(UInt8(0xF0 | scalar >> 18))
            scratch.append(UInt8(0x80 | scalar >> 12 & 0x3F))
            scratch.append(UInt8(0x80 | scalar >> 6 & 0x3F))
            scratch.append(UInt8(0x80 | scalar & 0x3F))
        }
    }
}
