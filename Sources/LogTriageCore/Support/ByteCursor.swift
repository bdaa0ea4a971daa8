/// A read position in one line's bytes. Formats scan headers with it instead of `String` APIs,
/// which are far slower per line (see STYLE.md §3).
///
/// The buffer is only valid while the line is being parsed: copy out what you keep with ``string(_:)``.
public struct ByteCursor {
    public let bytes: UnsafeBufferPointer<UInt8>
    public var position: Int

    @inlinable
    public init(_ bytes: UnsafeBufferPointer<UInt8>, position: Int = 0) {
        self.bytes = bytes
        self.position = position
    }

    @inlinable public var isAtEnd: Bool { position >= bytes.count }
    @inlinable public var remaining: Int { bytes.count - position }

    @inlinable
    public func peek(_ offset: Int = 0) -> UInt8? {
        let index = position + offset
        return index < bytes.count ? bytes[index] : nil
    }

    @inlinable
    public mutating func advance(_ count: Int = 1) { position = min(position + count, bytes.count) }

    /// Consumes `byte` if it is next.
    @inlinable
    public mutating func consume(_ byte: UInt8) -> Bool {
        guard position < bytes.count, bytes[position] == byte else { return false }
        position += 1
        return true
    }

    /// Consumes the ASCII `literal` if it is next (exact case).
    @inlinable
    public mutating func consume(_ literal: StaticString) -> Bool {
        let count = literal.utf8CodeUnitCount
        guard remaining >= count else { return false }
        let start = literal.utf8Start
        for offset in 0..<count where bytes[position + offset] != start[offset] { return false }
        position += count
        return true
    }

    /// Whether the ASCII `literal` starts at `position` (exact case); does not move.
    @inlinable
    public func hasPrefix(_ literal: StaticString) -> Bool {
        var copy = self
        return copy.consume(literal)
    }

    /// Skips spaces and tabs; returns how many.
    @inlinable @discardableResult
    public mutating func skipSpaces() -> Int {
        let start = position
        while position < bytes.count, bytes[position] == 0x20 || bytes[position] == 0x09 { position += 1 }
        return position - start
    }

    /// Consumes bytes while `predicate` holds and returns their range.
    @inlinable
    public mutating func read(while predicate: (UInt8) -> Bool) -> Range<Int> {
        let start = position
        while position < bytes.count, predicate(bytes[position]) { position += 1 }
        return start..<position
    }

    /// Reads exactly `count` ASCII digits as a number; moves only on success.
    @inlinable
    public mutating func readDigits(_ count: Int) -> Int? {
        guard remaining >= count else { return nil }
        var value = 0
        for offset in 0..<count {
            let digit = bytes[position + offset] &- UInt8(ascii: "0")
            guard digit < 10 else { return nil }
            value = value * 10 + Int(digit)
        }
        position += count
        return value
    }

    /// Reads 1...`maxCount` ASCII digits as a number; moves only on success.
    @inlinable
    public mutating func readNumber(maxCount: Int = 18) -> Int? {
        var value = 0
        var count = 0
        while count < maxCount, position + count < bytes.count {
            let digit = bytes[position + count] &- UInt8(ascii: "0")
            guard digit < 10 else { break }
            value = value * 10 + Int(digit)
            count += 1
        }
        guard count > 0 else { return nil }
        position += count
        return value
    }

    /// The index of the first occurrence of `byte` at or after `position`, without moving.
    @inlinable
    public func firstIndex(of byte: UInt8) -> Int? {
        var index = position
        while index < bytes.count {
            if bytes[index] == byte { return index }
            index += 1
        }
        return nil
    }

    /// The index where the ASCII `literal` next occurs at or after `position`, without moving.
    @inlinable
    public func firstIndex(of literal: StaticString) -> Int? {
        let count = literal.utf8CodeUnitCount
        guard count > 0 else { return position }
        let start = literal.utf8Start
        let first = start[0]
        var index = position
        let last = bytes.count - count
        outer: while index <= last {
            if bytes[index] == first {
                for offset in 1..<count where bytes[index + offset] != start[offset] {
                    index += 1
                    continue outer
                }
                return index
            }
            index += 1
        }
        return nil
    }

    /// A `String` copy of `range` (invalid UTF-8 is repaired).
    @inlinable
    public func string(_ range: Range<Int>) -> String {
        String(decoding: UnsafeBufferPointer(rebasing: bytes[range]), as: UTF8.self)
    }

    /// A `String` copy of everything from `position` to the end.
    @inlinable
    public var rest: String { string(position..<bytes.count) }

    /// `range` with spaces and tabs trimmed from both ends.
    @inlinable
    public func trimmed(_ range: Range<Int>) -> Range<Int> {
        var lower = range.lowerBound
        var upper = range.upperBound
        while lower < upper, bytes[lower] == 0x20 || bytes[lower] == 0x09 { lower += 1 }
        while upper > lower, bytes[upper - 1] == 0x20 || bytes[upper - 1] == 0x09 { upper -= 1 }
        return lower..<upper
    }
}

extension UInt8 {
    @inlinable public var isASCIIDigit: Bool { self &- UInt8(ascii: "0") < 10 }
    @inlinable public var isASCIILetter: Bool { (self | 0x20) &- UInt8(ascii: "a") < 26 }
    @inlinable public var isASCIIUpper: Bool { self &- UInt8(ascii: "A") < 26 }
    @inlinable public var isASCIILower: Bool { self &- UInt8(ascii: "a") < 26 }
    @inlinable public var isSpaceOrTab: Bool { self == 0x20 || self == 0x09 }
    /// Letters, digits and `_`: the bytes of an identifier.
    @inlinable public var isIdentifierByte: Bool { isASCIILetter || isASCIIDigit || self == UInt8(ascii: "_") }
    @inlinable public var uppercasedASCII: UInt8 { (self &- UInt8(ascii: "a")) < 26 ? self - 32 : self }
}
