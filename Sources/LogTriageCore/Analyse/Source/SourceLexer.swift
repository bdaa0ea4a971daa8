/// Splits one source file into tokens: identifiers, string literals (kept whole, with their interpolations
/// skipped so a quote inside `f"{d['k']}"` does not end them), numbers and punctuation. Comments and whitespace
/// are dropped. It is a lexer for nine language families at once, so it knows only what keeps the token stream
/// aligned: quoting, escapes, interpolation, comments, regular-expression literals, heredocs (Ruby, PHP), Rust's
/// raw strings and character literals, and PHP's text outside `<?php … ?>`.
///
/// Malformed input (an unterminated string, invalid UTF-8, stray bytes) never stops it: a single-line string
/// ends at its line's end, and every read past the end yields 0.
struct SourceLexer {
    let bytes: UnsafeBufferPointer<UInt8>
    let language: SourceLanguage

    private var position = 0
    private var line: Int32 = 1
    private var lineStart = 0
    /// Bytes before this offset have had their newlines counted.
    private var counted = 0
    private var lastTokenLine: Int32 = 0
    /// A backslash ended the previous line: the next token continues it.
    private var continuation = false
    /// Ruby and PHP heredocs opened on the current line; their bodies start on the next.
    private var heredocs: [(terminator: [UInt8], token: Int)] = []

    init(_ bytes: UnsafeBufferPointer<UInt8>, language: SourceLanguage) {
        self.bytes = bytes
        self.language = language
    }

    /// The tokens of the file, appended to `tokens` (cleared first, capacity kept).
    static func tokenize(_ bytes: UnsafeBufferPointer<UInt8>, language: SourceLanguage, into tokens: inout [SourceToken]) {
        tokens.removeAll(keepingCapacity: true)
        var lexer = SourceLexer(bytes, language: language)
        lexer.run(into: &tokens)
    }

    @inline(__always) func byte(_ i: Int) -> UInt8 { i >= 0 && i < bytes.count ? bytes[i] : 0 }

    // MARK: - Main loop

    private mutating func run(into tokens: inout [SourceToken]) {
        let count = bytes.count
        if language == .php { skipInlineText() }
        while position < count {
            let b = bytes[position]
            switch b {
            case 0x20, 0x09, 0x0D, 0x0C, 0x0B:
                position += 1
            case 0x0A:
                position += 1
                if !heredocs.isEmpty { readHeredocs(&tokens) }
            case 0x5C where byte(position + 1) == 0x0A || (byte(position + 1) == 0x0D && byte(position + 2) == 0x0A):
                continuation = true
                position += byte(position + 1) == 0x0A ? 2 : 3
            case 0x23 where language.hashComments:  // #
                skipToEndOfLine()
            case 0x23 where language == .php && byte(position + 1) != 0x5B:  // # but not a `#[Attribute]`
                skipToEndOfLine()
            case 0x3F where language == .php && byte(position + 1) == 0x3E:  // ?>
                position += 2
                skipInlineText()
            case 0x27 where language == .rust:
                if !lexRustCharacter(prefixStart: position, &tokens) { lexPunctuation(&tokens) }
            case 0x2F where !language.hashComments && byte(position + 1) == 0x2F:  // //
                skipToEndOfLine()
            case 0x2F where !language.hashComments && byte(position + 1) == 0x2A:  // /*
                skipBlockComment()
            case 0x3D where language == .ruby && (position == 0 || bytes[position - 1] == 0x0A) && matches("=begin", at: position):
                skipRubyBlockComment()
            case 0x22, 0x27, 0x60:  // " ' `
                lexQuote(b, &tokens)
            case 0x23 where language == .swift && (byte(position + 1) == 0x22 || byte(position + 1) == 0x23):
                lexSwiftRawString(&tokens)
            case 0x2F where language.hasRegexLiterals && regexCanStart(tokens):
                lexRegex(&tokens)
            case 0x25 where language == .ruby && regexCanStart(tokens) && lexRubyPercentLiteral(&tokens):
                break
            case 0x3C where language == .ruby && byte(position + 1) == 0x3C && lexHeredocOpening(&tokens):
                break
            case 0x3C where language == .php && matches("<<<", at: position) && lexPHPHeredocOpening(&tokens):
                break
            case 0x30...0x39:
                lexNumber(&tokens)
            default:
                if Self.isIdentifierStart(b) {
                    lexIdentifier(&tokens)
                } else {
                    lexPunctuation(&tokens)
                }
            }
        }
    }

    @inline(__always) static func isIdentifierStart(_ b: UInt8) -> Bool {
        (b | 0x20) >= 0x61 && (b | 0x20) <= 0x7A || b == 0x5F || b == 0x24 || b >= 0x80
    }

    @inline(__always) static func isIdentifierByte(_ b: UInt8) -> Bool {
        isIdentifierStart(b) || (b >= 0x30 && b <= 0x39)
    }

    private func matches(_ text: StaticString, at offset: Int) -> Bool {
        let count = text.utf8CodeUnitCount
        guard offset + count <= bytes.count else { return false }
        for i in 0..<count where bytes[offset + i] != text.utf8Start[i] { return false }
        return true
    }

    // MARK: - Emitting

    private mutating func countLines(to target: Int) {
        var i = counted
        while i < target {
            if bytes[i] == 0x0A {
                line += 1
                lineStart = i + 1
            }
            i += 1
        }
        counted = max(counted, target)
    }

    @discardableResult
    private mutating func emit(
        _ kind: SourceToken.Kind, _ start: Int, _ end: Int, into tokens: inout [SourceToken],
        keyword: SourceKeyword = .none, op: UInt16 = 0, style: StringStyle = StringStyle()
    ) -> Int {
        countLines(to: start)
        let startLine = line
        let column = start - lineStart
        countLines(to: end)
        var token = SourceToken(
            start: Int32(start), end: Int32(end), line: startLine, endLine: line, column: Int32(column), kind: kind)
        token.keyword = keyword
        token.op = op
        token.style = style
        token.firstOnLine = startLine != lastTokenLine && !continuation
        continuation = false
        lastTokenLine = line
        tokens.append(token)
        return tokens.count - 1
    }

    // MARK: - Comments

    private mutating func skipToEndOfLine() {
        while position < bytes.count, bytes[position] != 0x0A { position += 1 }
    }

    private mutating func skipBlockComment() {
        // Swift, Kotlin and Rust nest block comments; Go, Java, JS and PHP do not.
        let nests = language == .swift || language == .kotlin || language == .rust
        var depth = 0
        position += 2
        while position < bytes.count {
            if bytes[position] == 0x2A, byte(position + 1) == 0x2F {
                position += 2
                if depth == 0 { return }
                depth -= 1
            } else if nests, bytes[position] == 0x2F, byte(position + 1) == 0x2A {
                depth += 1
                position += 2
            } else {
                position += 1
            }
        }
    }

    /// PHP: text outside `<?php … ?>` is output, not code (a template's apostrophes are not quotes). Skips to
    /// just after the next opening tag.
    private mutating func skipInlineText() {
        while position < bytes.count {
            if bytes[position] == 0x3C, byte(position + 1) == 0x3F {
                position += 2
                if matches("php", at: position) {
                    position += 3
                } else if byte(position) == 0x3D {
                    position += 1  // <?=
                }
                return
            }
            position += 1
        }
    }

    private mutating func skipRubyBlockComment() {
        while position < bytes.count {
            skipToEndOfLine()
            if position < bytes.count { position += 1 }
            if matches("=end", at: position) {
                skipToEndOfLine()
                return
            }
        }
    }

    // MARK: - Words and punctuation

    private mutating func lexIdentifier(_ tokens: inout [SourceToken]) {
        let start = position
        while position < bytes.count, Self.isIdentifierByte(bytes[position]) { position += 1 }
        if language == .python, isPythonStringPrefix(start, position), byte(position) == 0x22 || byte(position) == 0x27 {
            lexQuoteBody(at: position, prefixStart: start, &tokens)
            return
        }
        if language == .rust, position - start <= 2, lexRustPrefixedLiteral(prefixStart: start, &tokens) { return }
        if language == .ruby, byte(position) == 0x3F || byte(position) == 0x21, byte(position + 1) != 0x3D,
            !Self.isIdentifierByte(byte(position + 1)) || byte(position + 1) == 0x28
        {
            position += 1  // `valid?`, `save!`
        }
        var keyword = SourceKeyword.lookup(bytes, start, position, language: language)
        if language == .php, bytes[start] == 0x24, SourceKeyword.lookup(bytes, start + 1, position, language: language) == .this {
            keyword = .this  // `$this`; other variables are names, whatever they spell (`$class`, `$function`)
        }
        emit(.identifier, start, position, into: &tokens, keyword: keyword)
    }

    private func isPythonStringPrefix(_ start: Int, _ end: Int) -> Bool {
        guard end - start <= 2 else { return false }
        for i in start..<end {
            switch bytes[i] | 0x20 {
            case 0x72, 0x62, 0x75, 0x66, 0x74: continue  // r b u f t
            default: return false
            }
        }
        return true
    }

    private mutating func lexNumber(_ tokens: inout [SourceToken]) {
        let start = position
        while position < bytes.count {
            let b = bytes[position]
            if Self.isIdentifierByte(b) {
                position += 1
            } else if b == 0x2E, byte(position + 1) >= 0x30, byte(position + 1) <= 0x39 {
                position += 1
            } else {
                break
            }
        }
        emit(.number, start, position, into: &tokens)
    }

    private mutating func lexPunctuation(_ tokens: inout [SourceToken]) {
        let start = position
        let first = bytes[position]
        let second = byte(position + 1)
        var length = 1
        switch (first, second) {
        case (0x3D, 0x3E), (0x2D, 0x3E), (0x3D, 0x3D), (0x21, 0x3D), (0x3C, 0x3D), (0x3E, 0x3D), (0x3F, 0x3F),
            (0x3F, 0x3A), (0x7C, 0x7C), (0x26, 0x26), (0x3A, 0x3A), (0x3A, 0x3D), (0x2B, 0x3D), (0x2D, 0x3D),
            (0x3C, 0x3C), (0x3E, 0x3E), (0x2A, 0x2A), (0x3F, 0x2E), (0x2E, 0x2E):
            length = 2
        default: break
        }
        position += length
        // `===`, `!==`, `...`: the third byte changes nothing the scanners ask about.
        if length == 2, byte(position) == second, second == 0x3D || second == 0x2E { position += 1 }
        var op = length == 2 ? UInt16(first) | UInt16(second) << 8 : UInt16(first)
        if language == .php, first == 0x3F, second == 0x2D, byte(position + 1) == 0x3E {
            position += 2  // PHP's nullsafe `?->` reaches a member like `->`
            op = 0x2D | 0x3E << 8
        }
        emit(.punctuation, start, position, into: &tokens, op: op)
    }

    // MARK: - Strings

    /// How one kind of quote reads in this language.
    struct QuoteRule {
        var quote: UInt8
        var triple = false
        var multiline = false
        /// 0: backslash escapes the next byte; 1: backslashes are literal; 2: Swift raw (`\#(`).
        var escapes: UInt8 = 0
        var interpolation = StringStyle.Interpolation.none
        var hashes: UInt8 = 0
    }

    /// The rule for a literal opening at `quoteOffset` (after any Python prefix at `prefixStart`).
    func rule(at quoteOffset: Int, prefixStart: Int) -> QuoteRule? {
        let quote = byte(quoteOffset)
        let triple = (quote == 0x22 || quote == 0x27) && byte(quoteOffset + 1) == quote && byte(quoteOffset + 2) == quote
        var rule = QuoteRule(quote: quote)
        switch language {
        case .python:
            guard quote != 0x60 else { return nil }
            rule.triple = triple
            rule.multiline = triple
            for i in prefixStart..<quoteOffset {
                switch bytes[i] | 0x20 {
                case 0x66, 0x74: rule.interpolation = .pythonF  // f, t
                case 0x72: rule.escapes = 1  // raw: a backslash still keeps the quote inside, see scanQuoted
                default: break
                }
            }
        case .javascript:
            if quote == 0x60 {
                rule.multiline = true
                rule.interpolation = .template
            }
        case .go:
            if quote == 0x60 {
                rule.multiline = true
                rule.escapes = 1
            }
        case .java:
            guard quote != 0x60 else { return nil }
            rule.triple = quote == 0x22 && triple
            rule.multiline = rule.triple
        case .kotlin:
            guard quote != 0x60 else { return nil }
            if quote == 0x22 {
                rule.interpolation = .kotlin
                rule.triple = triple
                rule.multiline = triple
                if triple { rule.escapes = 1 }
            }
        case .swift:
            guard quote == 0x22 else { return nil }
            rule.interpolation = .swift
            rule.triple = triple
            rule.multiline = triple
        case .ruby:
            rule.multiline = true
            if quote == 0x22 || quote == 0x60 { rule.interpolation = .ruby }
        case .rust:
            // `'` opens a character or a lifetime, read by lexRustCharacter
            guard quote == 0x22 else { return nil }
            rule.multiline = true
        case .php:
            rule.multiline = true
            if quote == 0x22 || quote == 0x60 { rule.interpolation = .php }
        }
        return rule
    }

    /// Literals nested in interpolations deeper than this are read as plain code: each level costs two stack
    /// frames, and a generated file can nest thousands.
    static let maxNesting = 32

    /// The end (exclusive) of a literal whose content starts at `contentStart`. Unterminated single-line
    /// literals end before the newline; others at the end of the file. `nesting` counts the interpolations
    /// around it.
    func scanQuoted(from contentStart: Int, _ rule: QuoteRule, nesting: Int = 0) -> Int {
        var i = contentStart
        let count = bytes.count
        let closeLength = (rule.triple ? 3 : 1) + Int(rule.hashes)
        while i < count {
            let c = bytes[i]
            if c == rule.quote {
                if rule.triple, byte(i + 1) != c || byte(i + 2) != c {
                    i += 1
                    continue
                }
                let quotes = rule.triple ? 3 : 1
                var hashes = 0
                while hashes < Int(rule.hashes), byte(i + quotes + hashes) == 0x23 { hashes += 1 }
                if hashes == Int(rule.hashes) { return i + closeLength }
                i += 1
                continue
            }
            if c == 0x5C {  // backslash
                switch rule.escapes {
                case 1:
                    // Python raw strings still cannot end at `\"`; Go and Kotlin raw strings have no escapes.
                    i += language == .python ? 2 : 1
                case 2:
                    var hashes = 0
                    while hashes < Int(rule.hashes), byte(i + 1 + hashes) == 0x23 { hashes += 1 }
                    if hashes == Int(rule.hashes), byte(i + 1 + hashes) == 0x28 {
                        i = skipCode(from: i + 2 + hashes, close: 0x29, nesting: nesting + 1)
                    } else {
                        i += 1
                    }
                default:
                    if rule.interpolation == .swift, byte(i + 1) == 0x28 {
                        i = skipCode(from: i + 2, close: 0x29, nesting: nesting + 1)
                    } else {
                        i += 2
                    }
                }
                continue
            }
            if c == 0x0A, !rule.multiline { return i }
            switch rule.interpolation {
            case .pythonF where c == 0x7B:
                i = byte(i + 1) == 0x7B ? i + 2 : skipCode(from: i + 1, close: 0x7D, nesting: nesting + 1)
                continue
            case .template where c == 0x24 && byte(i + 1) == 0x7B, .kotlin where c == 0x24 && byte(i + 1) == 0x7B,
                .ruby where c == 0x23 && byte(i + 1) == 0x7B, .php where c == 0x24 && byte(i + 1) == 0x7B:
                i = skipCode(from: i + 2, close: 0x7D, nesting: nesting + 1)
                continue
            case .php where c == 0x7B && byte(i + 1) == 0x24:  // {$expr}
                i = skipCode(from: i + 1, close: 0x7D, nesting: nesting + 1)
                continue
            default:
                i += 1
            }
        }
        return count
    }

    /// The end (after the closing bracket) of an interpolated expression starting at `start`, `nesting`
    /// interpolations deep; past ``maxNesting`` quotes are plain bytes and only brackets count.
    func skipCode(from start: Int, close: UInt8, nesting: Int = 1) -> Int {
        var depth = 0
        var i = start
        let count = bytes.count
        while i < count {
            let c = bytes[i]
            switch c {
            case 0x28, 0x5B, 0x7B:
                depth += 1
            case 0x29, 0x5D, 0x7D:
                if depth == 0 { return i + 1 }
                depth -= 1
            case 0x22, 0x27, 0x60:
                if nesting <= Self.maxNesting, let rule = rule(at: i, prefixStart: i), !(language == .swift && c != 0x22) {
                    i = scanQuoted(from: i + (rule.triple ? 3 : 1), rule, nesting: nesting)
                    continue
                }
            case 0x0A where language == .python || language == .javascript:
                // a newline inside `{…}` of a one-line f-string or template means we misread: give up here
                if close == 0x7D, depth == 0 { return i }
            default:
                break
            }
            i += 1
        }
        return count
    }

    private mutating func lexQuote(_ quote: UInt8, _ tokens: inout [SourceToken]) {
        if (language == .kotlin || language == .swift), quote == 0x60 {
            // a backquoted identifier
            let start = position
            position += 1
            while position < bytes.count, bytes[position] != 0x60, bytes[position] != 0x0A { position += 1 }
            if byte(position) == 0x60 { position += 1 }
            emit(.identifier, start, position, into: &tokens)
            return
        }
        if language == .swift, quote == 0x27 {
            lexPunctuation(&tokens)
            return
        }
        lexQuoteBody(at: position, prefixStart: position, &tokens)
    }

    private mutating func lexQuoteBody(at quoteOffset: Int, prefixStart: Int, _ tokens: inout [SourceToken]) {
        guard let rule = rule(at: quoteOffset, prefixStart: prefixStart) else {
            position = quoteOffset
            lexPunctuation(&tokens)
            return
        }
        let quotes = rule.triple ? 3 : 1
        let end = scanQuoted(from: quoteOffset + quotes, rule)
        position = end
        var style = StringStyle()
        style.open = UInt8(clamping: quoteOffset + quotes - prefixStart)
        let closed = end - quotes >= quoteOffset + quotes && byte(end - 1) == rule.quote
        style.close = closed ? UInt8(quotes) : 0
        style.raw = rule.escapes == 1
        style.quoteEscapesOnly = language == .php && rule.quote == 0x27
        style.interpolation = rule.interpolation
        emit(.string, prefixStart, end, into: &tokens, style: style)
    }

    private mutating func lexSwiftRawString(_ tokens: inout [SourceToken]) {
        let start = position
        var hashes = 0
        while byte(start + hashes) == 0x23 { hashes += 1 }
        guard byte(start + hashes) == 0x22 else {
            lexPunctuation(&tokens)
            return
        }
        let quoteOffset = start + hashes
        let triple = byte(quoteOffset + 1) == 0x22 && byte(quoteOffset + 2) == 0x22
        let rule = QuoteRule(
            quote: 0x22, triple: triple, multiline: triple, escapes: 2, interpolation: .swift, hashes: UInt8(clamping: hashes))
        let quotes = triple ? 3 : 1
        position = scanQuoted(from: quoteOffset + quotes, rule)
        var style = StringStyle()
        style.open = UInt8(clamping: hashes + quotes)
        style.close = UInt8(clamping: hashes + quotes)
        style.raw = true
        style.interpolation = .swift
        style.hashes = UInt8(clamping: hashes)
        emit(.string, start, position, into: &tokens, style: style)
    }

    // MARK: - Rust literals

    /// `r"…"`, `r#"…"#` (any number of `#`), `br"…"`, `b"…"`, `c"…"`, `b'x'` after the prefix letters just read;
    /// false when the identifier is not such a prefix (`r#type` is a raw identifier).
    private mutating func lexRustPrefixedLiteral(prefixStart start: Int, _ tokens: inout [SourceToken]) -> Bool {
        let next = byte(position)
        guard next == 0x22 || next == 0x23 || next == 0x27 else { return false }
        var raw = false
        for i in start..<position {
            switch bytes[i] {
            case 0x72: raw = true  // r
            case 0x62, 0x63: if raw { return false }  // b, c come first
            default: return false
            }
        }
        if next == 0x27 {
            guard !raw, position - start == 1, bytes[start] == 0x62 else { return false }
            return lexRustCharacter(prefixStart: start, &tokens)
        }
        guard raw else {
            guard next == 0x22 else { return false }
            lexQuoteBody(at: position, prefixStart: start, &tokens)
            return true
        }
        var hashes = 0
        while byte(position + hashes) == 0x23 { hashes += 1 }
        guard byte(position + hashes) == 0x22 else { return false }
        let rule = QuoteRule(quote: 0x22, multiline: true, escapes: 1, hashes: UInt8(clamping: hashes))
        let contentStart = position + hashes + 1
        position = scanQuoted(from: contentStart, rule)
        var style = StringStyle()
        style.open = UInt8(clamping: contentStart - start)
        let closed = position - hashes - 1 >= contentStart && byte(position - hashes - 1) == 0x22
        style.close = closed ? UInt8(clamping: hashes + 1) : 0
        style.raw = true
        emit(.string, start, position, into: &tokens, style: style)
        return true
    }

    /// A character literal at `position` (`'a'`, `'\n'`, `'\u{1F600}'`, `'é'`), a value and never a message;
    /// false for a lifetime (`'a`, `'static`), which has no closing quote and whose name is read as code.
    private mutating func lexRustCharacter(prefixStart start: Int, _ tokens: inout [SourceToken]) -> Bool {
        var i = position + 1
        if byte(i) == 0x5C {
            i += 2
            while i < bytes.count, i < position + 12, bytes[i] != 0x27, bytes[i] != 0x0A { i += 1 }
        } else {
            let lead = byte(i)
            i += lead < 0xC0 ? 1 : lead < 0xE0 ? 2 : lead < 0xF0 ? 3 : 4
        }
        guard byte(i) == 0x27, byte(position + 1) != 0x0A else { return false }
        position = i + 1
        emit(.number, start, position, into: &tokens)
        return true
    }

    // MARK: - Regular expressions and Ruby literals

    /// A `/` after an operator, an opening bracket or a keyword like `return` starts a regex; after a value it
    /// divides.
    private func regexCanStart(_ tokens: [SourceToken]) -> Bool {
        guard let last = tokens.last else { return true }
        switch last.kind {
        case .identifier: return last.keyword.precedesExpression
        case .number, .string, .regex: return false
        case .punctuation:
            let op = last.op
            return !(op == 0x29 || op == 0x5D || op == 0x7D)
        }
    }

    private mutating func lexRegex(_ tokens: inout [SourceToken]) {
        let start = position
        var i = position + 1
        var inClass = false
        while i < bytes.count {
            let c = bytes[i]
            if c == 0x0A { break }
            if c == 0x5C {
                i += 2
                continue
            }
            if c == 0x5B { inClass = true } else if c == 0x5D { inClass = false } else if c == 0x2F, !inClass {
                i += 1
                while i < bytes.count, Self.isIdentifierByte(bytes[i]) { i += 1 }
                position = i
                emit(.regex, start, i, into: &tokens)
                return
            }
            i += 1
        }
        lexPunctuation(&tokens)  // no closing slash on this line: a division after all
    }

    /// `%w[…]`, `%q(…)`, `%Q{…}`, `%(…)`, `%r{…}`; false when the `%` is an operator.
    private mutating func lexRubyPercentLiteral(_ tokens: inout [SourceToken]) -> Bool {
        var i = position + 1
        var kind = byte(i)
        if (kind | 0x20) >= 0x61 && (kind | 0x20) <= 0x7A {
            guard "qQwWiIrs".utf8.contains(kind) else { return false }
            i += 1
        } else {
            kind = 0x51  // Q
        }
        let open = byte(i)
        let close: UInt8
        switch open {
        case 0x28: close = 0x29
        case 0x5B: close = 0x5D
        case 0x7B: close = 0x7D
        case 0x3C: close = 0x3E
        case 0x7C, 0x21, 0x2F: close = open
        default: return false
        }
        var depth = 0
        var j = i + 1
        while j < bytes.count {
            let c = bytes[j]
            if c == 0x5C {
                j += 2
                continue
            }
            if c == close {
                if depth == 0 { break }
                depth -= 1
            } else if c == open, open != close {
                depth += 1
            }
            j += 1
        }
        let end = min(j + 1, bytes.count)
        let start = position
        position = end
        if kind == 0x72 {
            emit(.regex, start, end, into: &tokens)
        } else {
            var style = StringStyle()
            style.open = UInt8(i + 1 - start)
            style.close = byte(end - 1) == close ? 1 : 0
            style.interpolation = kind == 0x51 || kind == 0x57 || kind == 0x49 ? .ruby : .none
            emit(.string, start, end, into: &tokens, style: style)
        }
        return true
    }

    /// `<<~SQL`, `<<-EOS`, `<<EOS`, `<<~'EOS'`: a string token whose body is read after the line ends.
    private mutating func lexHeredocOpening(_ tokens: inout [SourceToken]) -> Bool {
        var i = position + 2
        let flag = byte(i)
        if flag == 0x7E || flag == 0x2D { i += 1 }
        var quote: UInt8 = 0
        if byte(i) == 0x27 || byte(i) == 0x22 {
            quote = byte(i)
            i += 1
        }
        let nameStart = i
        while Self.isIdentifierByte(byte(i)) { i += 1 }
        guard i > nameStart else { return false }
        // `<<NAME` without ~ or - needs a capitalised name: `items << value` is an append.
        if flag != 0x7E, flag != 0x2D, quote == 0, !(byte(nameStart) >= 0x41 && byte(nameStart) <= 0x5A) { return false }
        if quote != 0 {
            guard byte(i) == quote else { return false }
            i += 1
        }
        let terminator = Array(bytes[nameStart..<(quote != 0 ? i - 1 : i)])
        var style = StringStyle()
        style.interpolation = quote == 0x27 ? .none : .ruby
        let start = position
        position = i
        let index = emit(.string, start, i, into: &tokens, style: style)
        heredocs.append((terminator, index))
        return true
    }

    /// PHP's `<<<EOT`, `<<<"EOT"` (both interpolating) and nowdoc `<<<'EOT'`: a string token whose body is read
    /// after the line ends.
    private mutating func lexPHPHeredocOpening(_ tokens: inout [SourceToken]) -> Bool {
        var i = position + 3
        while byte(i) == 0x20 || byte(i) == 0x09 { i += 1 }
        var quote: UInt8 = 0
        if byte(i) == 0x27 || byte(i) == 0x22 {
            quote = byte(i)
            i += 1
        }
        let nameStart = i
        while Self.isIdentifierByte(byte(i)), byte(i) != 0x24 { i += 1 }
        guard i > nameStart, !(byte(nameStart) >= 0x30 && byte(nameStart) <= 0x39) else { return false }
        let terminator = Array(bytes[nameStart..<i])
        if quote != 0 {
            guard byte(i) == quote else { return false }
            i += 1
        }
        var style = StringStyle()
        style.interpolation = quote == 0x27 ? .none : .php
        style.raw = quote == 0x27
        let start = position
        position = i
        let index = emit(.string, start, i, into: &tokens, style: style)
        heredocs.append((terminator, index))
        return true
    }

    /// Reads the bodies of the heredocs opened on the line that just ended, in order.
    private mutating func readHeredocs(_ tokens: inout [SourceToken]) {
        for (terminator, index) in heredocs {
            let bodyStart = position
            while position < bytes.count {
                let lineBegin = position
                while position < bytes.count, bytes[position] != 0x0A { position += 1 }
                var first = lineBegin
                while first < position, bytes[first] == 0x20 || bytes[first] == 0x09 { first += 1 }
                var last = position
                while last > first, bytes[last - 1] == 0x0D || bytes[last - 1] == 0x20 { last -= 1 }
                let isEnd: Bool
                if language == .php {
                    // the closing name may be followed by code on its line: `EOT;`, `EOT, $id);`
                    isEnd = last - first >= terminator.count && bytes[first..<(first + terminator.count)].elementsEqual(terminator)
                        && !Self.isIdentifierByte(byte(first + terminator.count))
                } else {
                    isEnd = last - first == terminator.count && bytes[first..<last].elementsEqual(terminator)
                }
                if isEnd, language == .php {
                    position = first + terminator.count
                } else if position < bytes.count {
                    position += 1
                }
                if isEnd {
                    tokens[index].start = Int32(bodyStart)
                    tokens[index].end = Int32(lineBegin)
                    break
                }
            }
        }
        heredocs.removeAll()
    }
}
