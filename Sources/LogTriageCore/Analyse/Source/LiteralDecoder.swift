/// Turns string literals into the text they print, with a hole (byte 0) wherever a value goes in: an
/// interpolation (`{x}`, `${x}`, `\(x)`, `#{x}`, `$x`, `{$x}`) or a format verb (`%s`, `%-5.2f`, `%(name)s`, `{}`,
/// `{0}`, `{name!r}`). Escapes become the character they stand for (`\n` and `\t` a space). Consecutive holes
/// are one.
struct LiteralDecoder {
    static let hole: UInt8 = 0

    let stream: TokenStream
    let lexer: SourceLexer

    init(stream: TokenStream) {
        self.stream = stream
        self.lexer = SourceLexer(stream.bytes, language: stream.language)
    }

    /// Appends the text of string token `index` to `out`. With `formatVerbs`, `%s`-style and `{}`-style
    /// placeholders become holes too (the literal is a message that will be formatted).
    func append(_ index: Int, to out: inout [UInt8], formatVerbs: Bool) {
        let token = stream.tokens[index]
        let bytes = stream.bytes
        let style = token.style
        let start = Int(token.start) + Int(style.open)
        let end = max(start, Int(token.end) - Int(style.close))
        let segment = out.count
        var i = start
        func addHole() {
            if out.last != Self.hole { out.append(Self.hole) }
        }
        while i < end {
            let c = bytes[i]
            switch c {
            case 0x5C:  // backslash
                if style.interpolation == .swift {
                    var hashes = 0
                    while hashes < Int(style.hashes), lexer.byte(i + 1 + hashes) == 0x23 { hashes += 1 }
                    if hashes == Int(style.hashes), lexer.byte(i + 1 + hashes) == 0x28 {
                        addHole()
                        i = lexer.skipCode(from: i + 2 + hashes, close: 0x29)
                        continue
                    }
                }
                let next = lexer.byte(i + 1)
                if style.raw || (style.interpolation == .swift && style.hashes > 0)
                    || (style.quoteEscapesOnly && next != 0x27 && next != 0x5C)
                {
                    out.append(c)
                    i += 1
                    continue
                }
                i = escape(at: i, end: end, into: &out)
            case 0x7B where style.interpolation == .pythonF:
                if lexer.byte(i + 1) == 0x7B {
                    out.append(0x7B)
                    i += 2
                } else {
                    addHole()
                    i = lexer.skipCode(from: i + 1, close: 0x7D)
                }
            case 0x7D where style.interpolation == .pythonF && lexer.byte(i + 1) == 0x7D:
                out.append(0x7D)
                i += 2
            case 0x24 where (style.interpolation == .template || style.interpolation == .kotlin) && lexer.byte(i + 1) == 0x7B:
                addHole()
                i = lexer.skipCode(from: i + 2, close: 0x7D)
            case 0x24 where style.interpolation == .kotlin && SourceLexer.isIdentifierStart(lexer.byte(i + 1)):
                addHole()
                i += 1
                while i < end, SourceLexer.isIdentifierByte(bytes[i]), bytes[i] != 0x24 { i += 1 }
            case 0x23 where style.interpolation == .ruby && lexer.byte(i + 1) == 0x7B:
                addHole()
                i = lexer.skipCode(from: i + 2, close: 0x7D)
            case 0x24 where style.interpolation == .php && lexer.byte(i + 1) == 0x7B:
                addHole()
                i = lexer.skipCode(from: i + 2, close: 0x7D)
            case 0x7B where style.interpolation == .php && lexer.byte(i + 1) == 0x24:
                addHole()
                i = lexer.skipCode(from: i + 1, close: 0x7D)
            case 0x24 where style.interpolation == .php && SourceLexer.isIdentifierStart(lexer.byte(i + 1)):
                addHole()
                i = phpVariableEnd(from: i + 1, end: end)
            case 0x0A:
                out.append(0x0A)  // a line of its own in the output (see ``SourceIndex``)
                i += 1
            case 0x0D, 0x09:
                out.append(0x20)
                i += 1
            default:
                out.append(c)
                i += 1
            }
        }
        if formatVerbs {
            Self.markFormatVerbs(&out, from: segment, braces: style.interpolation != .pythonF)
        }
    }

    /// The end of a PHP variable interpolated without braces, `$name` after its `$`: the name and one
    /// `[key]` or `->field` after it, as PHP reads them.
    private func phpVariableEnd(from start: Int, end: Int) -> Int {
        let bytes = stream.bytes
        var i = start
        while i < end, SourceLexer.isIdentifierByte(bytes[i]), bytes[i] != 0x24 { i += 1 }
        if i < end, bytes[i] == 0x5B {
            var j = i + 1
            while j < end, j < i + 64, bytes[j] != 0x5D, bytes[j] != 0x22 { j += 1 }
            if j < end, bytes[j] == 0x5D { return j + 1 }
        } else if i + 2 < end, bytes[i] == 0x2D, bytes[i + 1] == 0x3E, SourceLexer.isIdentifierStart(bytes[i + 2]) {
            i += 2
            while i < end, SourceLexer.isIdentifierByte(bytes[i]), bytes[i] != 0x24 { i += 1 }
        }
        return i
    }

    /// One backslash escape at `i`; returns the index after it.
    private func escape(at i: Int, end: Int, into out: inout [UInt8]) -> Int {
        let next = lexer.byte(i + 1)
        switch next {
        case 0x6E:  // n
            out.append(0x0A)
            return i + 2
        case 0x74, 0x72:  // t r
            out.append(0x20)
            return i + 2
        case 0x0A:
            return i + 2  // a line continuation inside the literal
        case 0x75, 0x78, 0x55, 0x4E:  // u x U N: a code point we do not need to spell out
            var j = i + 2
            if lexer.byte(j) == 0x7B {
                while j < end, stream.bytes[j] != 0x7D { j += 1 }
                return min(j + 1, end)
            }
            let digits = next == 0x78 ? 2 : next == 0x55 ? 8 : 4
            var taken = 0
            while taken < digits, j < end, Self.isHex(stream.bytes[j]) {
                j += 1
                taken += 1
            }
            return j
        case 0x30...0x37:
            var j = i + 1
            while j < end, j < i + 4, stream.bytes[j] >= 0x30, stream.bytes[j] <= 0x37 { j += 1 }
            return j
        case 0:
            return i + 1
        default:
            out.append(next)
            return i + 2
        }
    }

    private static func isHex(_ b: UInt8) -> Bool {
        (b >= 0x30 && b <= 0x39) || ((b | 0x20) >= 0x61 && (b | 0x20) <= 0x66)
    }

    /// Replaces format verbs in `text[from...]` with holes: printf verbs (`%s`, `%-10.3f`, `%(name)s`, `%+v`)
    /// and, with `braces`, `{}`, `{0}`, `{name}`, `{name!r:>10}`. `%%`, `{{` and `}}` become one character.
    static func markFormatVerbs(_ text: inout [UInt8], from start: Int, braces: Bool) {
        var write = start
        var read = start
        let count = text.count
        func put(_ byte: UInt8) {
            if byte == hole, write > start, text[write - 1] == hole { return }
            text[write] = byte
            write += 1
        }
        while read < count {
            let c = text[read]
            if c == 0x25 {  // %
                if read + 1 < count, text[read + 1] == 0x25 {
                    put(0x25)
                    read += 2
                    continue
                }
                if let end = percentVerbEnd(text, read) {
                    put(hole)
                    read = end
                    continue
                }
            } else if braces, c == 0x7B {
                if read + 1 < count, text[read + 1] == 0x7B {
                    put(0x7B)
                    read += 2
                    continue
                }
                if let end = braceVerbEnd(text, read) {
                    put(hole)
                    read = end
                    continue
                }
            } else if braces, c == 0x7D, read + 1 < count, text[read + 1] == 0x7D {
                put(0x7D)
                read += 2
                continue
            }
            put(c)
            read += 1
        }
        text.removeSubrange(write..<count)
    }

    /// `%[(name)][flags][width][.precision][length]conversion`; nil when the `%` is literal (`50% off`).
    private static func percentVerbEnd(_ text: [UInt8], _ start: Int) -> Int? {
        var i = start + 1
        let count = text.count
        if i < count, text[i] == 0x28 {  // %(name)s
            while i < count, text[i] != 0x29 {
                guard i - start < 40 else { return nil }
                i += 1
            }
            i += 1
        }
        while i < count, text[i] == 0x2D || text[i] == 0x2B || text[i] == 0x23 || text[i] == 0x30 { i += 1 }
        while i < count, (text[i] >= 0x30 && text[i] <= 0x39) || text[i] == 0x2A { i += 1 }
        if i < count, text[i] == 0x2E {
            i += 1
            while i < count, (text[i] >= 0x30 && text[i] <= 0x39) || text[i] == 0x2A { i += 1 }
        }
        while i < count, text[i] == 0x6C || text[i] == 0x68 || text[i] == 0x71 || text[i] == 0x7A { i += 1 }  // l h q z
        guard i < count else { return nil }
        let conversion = text[i]
        guard (conversion | 0x20) >= 0x61 && (conversion | 0x20) <= 0x7A || conversion == 0x40 else { return nil }
        // `%s` glued to a word on its left is still a verb (`user%s`), but a letter right after a bare `%`
        // that starts a longer word is too (`%stuff`): accept; messages rarely use a literal `%` before letters.
        return i + 1
    }

    /// `{}`, `{0}`, `{name}`, `{obj.attr}`, `{name!r}`, `{x:>10}`; nil for other braces (`{"a": 1}`).
    private static func braceVerbEnd(_ text: [UInt8], _ start: Int) -> Int? {
        var i = start + 1
        let count = text.count
        while i < count, i - start < 48 {
            let b = text[i]
            if b == 0x7D { return i + 1 }
            let isName = SourceLexer.isIdentifierByte(b) || b == 0x2E || b == 0x5B || b == 0x5D
            if !isName {
                // a conversion or format spec may follow a name: `!r`, `:>10`, `:.2f`
                guard b == 0x21 || b == 0x3A else { return nil }
                i += 1
                while i < count, i - start < 48, text[i] != 0x7D, text[i] != 0x20, text[i] != 0x7B, text[i] != hole {
                    i += 1
                }
                return i < count && text[i] == 0x7D ? i + 1 : nil
            }
            i += 1
        }
        return nil
    }
}
