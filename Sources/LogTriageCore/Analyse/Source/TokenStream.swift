/// One file's tokens with their brackets paired, and the small reads every scanner needs. Reads past either
/// end are safe: they see no token.
struct TokenStream {
    let bytes: UnsafeBufferPointer<UInt8>
    let language: SourceLanguage
    let tokens: [SourceToken]
    /// For an opening bracket the index of its closer, for a closer its opener, otherwise -1. An unclosed
    /// bracket pairs with `tokens.count`.
    let partner: [Int32]

    init(bytes: UnsafeBufferPointer<UInt8>, language: SourceLanguage, tokens: [SourceToken]) {
        self.bytes = bytes
        self.language = language
        self.tokens = tokens
        var partner = [Int32](repeating: -1, count: tokens.count)
        var open: [Int32] = []
        for i in tokens.indices where tokens[i].kind == .punctuation {
            switch tokens[i].op {
            case 0x28, 0x5B, 0x7B:
                open.append(Int32(i))
            case 0x29, 0x5D, 0x7D:
                // A stray closer (a misread regex, a template we skipped) pairs with nothing. Only the last three
                // openers are looked at: a search down a deep stack per closer would be quadratic.
                let wanted: UInt16 = tokens[i].op == 0x29 ? 0x28 : tokens[i].op == 0x5D ? 0x5B : 0x7B
                if let j = open.suffix(3).lastIndex(where: { tokens[Int($0)].op == wanted }) {
                    let opener = open[j]
                    open.removeSubrange(j...)
                    partner[Int(opener)] = Int32(i)
                    partner[i] = opener
                }
            default: break
            }
        }
        for opener in open { partner[Int(opener)] = Int32(tokens.count) }
        self.partner = partner
    }

    var count: Int { tokens.count }

    @inline(__always) func isIdentifier(_ i: Int) -> Bool { i >= 0 && i < tokens.count && tokens[i].kind == .identifier }

    @inline(__always) func isString(_ i: Int) -> Bool { i >= 0 && i < tokens.count && tokens[i].kind == .string }

    @inline(__always) func isPunct(_ i: Int, _ byte: UInt8) -> Bool {
        i >= 0 && i < tokens.count && tokens[i].isPunct(byte)
    }

    @inline(__always) func isPunct(_ i: Int, _ first: UInt8, _ second: UInt8) -> Bool {
        i >= 0 && i < tokens.count && tokens[i].isPunct(first, second)
    }

    /// Whether token `k` reaches a member of what precedes it: `.` and `?.`; `::` in Rust and PHP; `->` (and
    /// `?->`) in PHP, whose `.` joins strings instead.
    @inline(__always) func isMemberAccess(_ k: Int) -> Bool {
        switch language {
        case .php: isPunct(k, 0x2D, 0x3E) || isPunct(k, 0x3A, 0x3A)
        case .rust: isPunct(k, 0x2E) || isPunct(k, 0x3A, 0x3A)
        default: isPunct(k, 0x2E) || isPunct(k, 0x3F, 0x2E)
        }
    }

    @inline(__always) func keyword(_ i: Int) -> SourceKeyword {
        i >= 0 && i < tokens.count ? tokens[i].keyword : .none
    }

    /// The index after the bracket group opening at `i`.
    @inline(__always) func after(_ i: Int) -> Int {
        let p = Int(partner[i])
        return p > i ? p + 1 : i + 1
    }

    /// Whether identifier `i` is exactly `name`.
    func isIdentifier(_ i: Int, _ name: StaticString) -> Bool {
        guard isIdentifier(i) else { return false }
        let token = tokens[i]
        guard token.length == name.utf8CodeUnitCount else { return false }
        let start = Int(token.start)
        for k in 0..<token.length where bytes[start + k] != name.utf8Start[k] { return false }
        return true
    }

    func key(_ i: Int) -> NameKey? {
        guard i >= 0, i < tokens.count else { return nil }
        return NameKey(bytes, Int(tokens[i].start), Int(tokens[i].end))
    }

    func text(_ i: Int) -> String {
        String(decoding: UnsafeBufferPointer(rebasing: bytes[Int(tokens[i].start)..<Int(tokens[i].end)]), as: UTF8.self)
    }

    /// Source text from token `first` to token `last` inclusive, runs of whitespace made one space.
    func source(_ first: Int, through last: Int, limit: Int = 80) -> String {
        guard first <= last, first >= 0, last < tokens.count else { return "" }
        // a Ruby heredoc's token holds its body, which lies after the tokens that follow it on its line
        let lower = Int(tokens[first].start)
        let upper = Int(tokens[last].end)
        guard lower <= upper else { return text(first) }
        var out: [UInt8] = []
        var space = false
        for b in bytes[lower..<upper] {
            if b == 0x20 || b == 0x0A || b == 0x09 || b == 0x0D {
                space = true
                continue
            }
            if space, !out.isEmpty { out.append(0x20) }
            space = false
            out.append(b)
            if out.count >= limit { break }
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// Whether identifier `i`'s text contains `log` in any case (`logger`, `LOG`, `_log`, `slog`, `Logging`).
    func mentionsLog(_ i: Int) -> Bool {
        guard isIdentifier(i) else { return false }
        let token = tokens[i]
        var k = Int(token.start)
        let end = Int(token.end)
        while k + 3 <= end {
            if bytes[k] | 0x20 == 0x6C, bytes[k + 1] | 0x20 == 0x6F, bytes[k + 2] | 0x20 == 0x67 { return true }
            k += 1
        }
        return false
    }

    /// The plain text of a string literal without interpolation, or nil (`"SMTP_HOST"` → `SMTP_HOST`).
    func plainString(_ i: Int) -> String? {
        guard isString(i) else { return nil }
        var text: [UInt8] = []
        LiteralDecoder(stream: self).append(i, to: &text, formatVerbs: false)
        guard !text.contains(LiteralDecoder.hole) else { return nil }
        return String(decoding: text, as: UTF8.self)
    }
}
