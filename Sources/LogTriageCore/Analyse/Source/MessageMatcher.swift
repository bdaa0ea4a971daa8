/// The words and punctuation of every indexed message, interned: a message becomes a short array of ids
/// (-1 for a hole), so comparing a template with a statement compares integers.
struct MessageVocabulary: Sendable {
    private var ids: [[UInt8]: Int32] = [:]
    private(set) var words: [[UInt8]] = []
    /// A run of letters, digits and `_` (otherwise a single punctuation byte).
    private(set) var isWord: [Bool] = []

    static let hole: Int32 = -1

    /// The elements of `text` (holes as byte 0), interning new tokens.
    mutating func intern(_ text: [UInt8]) -> [Int32] {
        var elements: [Int32] = []
        Self.tokens(text) { token, word in
            guard let token else {
                if elements.last != Self.hole { elements.append(Self.hole) }
                return
            }
            if let id = ids[token] {
                elements.append(id)
            } else {
                let id = Int32(words.count)
                ids[token] = id
                words.append(token)
                isWord.append(word)
                elements.append(id)
            }
        }
        return elements
    }

    func id(of token: [UInt8]) -> Int32? { ids[token] }

    /// Calls `body` with each token of `text` and whether it is a word; nil for a hole. Whitespace separates
    /// tokens and is dropped.
    static func tokens(_ text: [UInt8], _ body: ([UInt8]?, Bool) -> Void) {
        var i = 0
        let count = text.count
        while i < count {
            let b = text[i]
            if b == LiteralDecoder.hole {
                body(nil, false)
                i += 1
            } else if b == 0x20 || b == 0x09 || b == 0x0A || b == 0x0D {
                i += 1
            } else if isWordByte(b) {
                let start = i
                while i < count, isWordByte(text[i]) { i += 1 }
                body(Array(text[start..<i]), true)
            } else {
                body([b], false)
                i += 1
            }
        }
    }

    @inline(__always) static func isWordByte(_ b: UInt8) -> Bool {
        (b >= 0x30 && b <= 0x39) || ((b | 0x20) >= 0x61 && (b | 0x20) <= 0x7A) || b == 0x5F || b >= 0x80
    }

    /// Worth an entry in the inverted index: two bytes or more with a letter (numbers are masked in templates).
    func isIndexable(_ id: Int32) -> Bool {
        guard isWord[Int(id)] else { return false }
        let word = words[Int(id)]
        return word.count >= 2 && word.contains { ($0 | 0x20) >= 0x61 && ($0 | 0x20) <= 0x7A || $0 >= 0x80 }
    }
}

/// One token of a template: a known token's id, `placeholder` for `<num>`, `<*>`…, or `unknown` for text
/// no statement contains (it can still be matched in part, next to a hole).
struct TemplateToken {
    static let placeholder: Int32 = -1
    static let unknown: Int32 = -2

    var id: Int32
    var bytes: [UInt8]
    var isWord: Bool

    var length: Int { bytes.count }
}

/// How well a statement's message explains a template, by aligning their tokens: a longest common
/// subsequence weighted by token length, where a statement token next to a hole may match the start or end
/// of a template word (`user_%s` against `user_42ab`), and the other way round. Statement text the template
/// lacks costs: half its length where the template has no placeholder to hold it, a twentieth where it has.
enum MessageMatcher {
    struct Alignment {
        /// Template bytes the statement's literal text accounts for.
        var explained = 0
        /// Statement bytes with no place in the template.
        var unmatched = 0
        /// Statement bytes that fall into a template placeholder (the miner masked a literal number).
        var absorbed = 0
        var templateLength = 0

        var score: Double {
            guard templateLength > 0 else { return 0 }
            let value = (Double(explained) - 0.5 * Double(unmatched) - 0.05 * Double(absorbed)) / Double(templateLength)
            return min(1, max(0, value))
        }
    }

    /// The elements of a template text, placeholders (`<num>`, `<*>`) as `TemplateToken.placeholder`.
    static func templateTokens(_ template: String, vocabulary: MessageVocabulary) -> [TemplateToken] {
        var bytes = Array(template.utf8)
        // placeholders become holes, then the shared tokenizer splits the rest
        for span in TemplateRecord.placeholderSpans(bytes).reversed() {
            bytes.replaceSubrange(span, with: [LiteralDecoder.hole])
        }
        var result: [TemplateToken] = []
        MessageVocabulary.tokens(bytes) { token, word in
            guard let token else {
                if result.last?.id != TemplateToken.placeholder {
                    result.append(TemplateToken(id: TemplateToken.placeholder, bytes: [], isWord: false))
                }
                return
            }
            result.append(TemplateToken(id: vocabulary.id(of: token) ?? TemplateToken.unknown, bytes: token, isWord: word))
        }
        return result
    }

    static func align(_ template: [TemplateToken], _ statement: [Int32], vocabulary: MessageVocabulary) -> Alignment {
        let t = template.prefix(256)
        let s = statement.prefix(256)
        let m = t.count
        let n = s.count
        var alignment = Alignment()
        for token in t where token.id != TemplateToken.placeholder { alignment.templateLength += token.length }
        guard m > 0, n > 0 else { return alignment }

        func credit(_ i: Int, _ j: Int) -> (Int, absorbed: Int) {
            let token = t[t.startIndex + i]
            let sid = s[s.startIndex + j]
            guard token.id != TemplateToken.placeholder, sid >= 0 else { return (0, 0) }
            if token.id == sid { return (token.length, 0) }
            guard token.isWord, vocabulary.isWord[Int(sid)] else { return (0, 0) }
            let word = vocabulary.words[Int(sid)]
            let holeAfter = j + 1 < n && s[s.startIndex + j + 1] == MessageVocabulary.hole
            let holeBefore = j > 0 && s[s.startIndex + j - 1] == MessageVocabulary.hole
            if word.count >= 2, word.count < token.length {
                if holeAfter, token.bytes.starts(with: word) { return (word.count, 0) }
                if holeBefore, token.bytes.reversed().starts(with: word.reversed()) { return (word.count, 0) }
            }
            let placeholderAfter = i + 1 < m && t[t.startIndex + i + 1].id == TemplateToken.placeholder
            let placeholderBefore = i > 0 && t[t.startIndex + i - 1].id == TemplateToken.placeholder
            if token.length >= 1, token.length < word.count {
                if placeholderAfter, word.starts(with: token.bytes) { return (token.length, word.count - token.length) }
                if placeholderBefore, word.reversed().starts(with: token.bytes.reversed()) {
                    return (token.length, word.count - token.length)
                }
            }
            return (0, 0)
        }

        // dp[i][j]: best credit aligning t[i...] with s[j...]
        let width = n + 1
        var dp = [Int32](repeating: 0, count: (m + 1) * width)
        var i = m - 1
        while i >= 0 {
            var j = n - 1
            while j >= 0 {
                var best = max(dp[(i + 1) * width + j], dp[i * width + j + 1])
                let (c, _) = credit(i, j)
                if c > 0 { best = max(best, dp[(i + 1) * width + j + 1] + Int32(c)) }
                dp[i * width + j] = best
                j -= 1
            }
            i -= 1
        }

        // Walk the alignment, charging the statement text between matched pairs.
        var ti = 0
        var sj = 0
        var gapHasPlaceholder = false
        var gapStatementBytes = 0
        func closeGap() {
            if gapHasPlaceholder { alignment.absorbed += gapStatementBytes } else { alignment.unmatched += gapStatementBytes }
            gapHasPlaceholder = false
            gapStatementBytes = 0
        }
        while ti < m, sj < n {
            let (c, absorbed) = credit(ti, sj)
            if c > 0, dp[ti * width + sj] == dp[(ti + 1) * width + sj + 1] + Int32(c) {
                closeGap()
                alignment.explained += c
                alignment.absorbed += absorbed
                ti += 1
                sj += 1
            } else if dp[(ti + 1) * width + sj] >= dp[ti * width + sj + 1] {
                if t[t.startIndex + ti].id == TemplateToken.placeholder { gapHasPlaceholder = true }
                ti += 1
            } else {
                let sid = s[s.startIndex + sj]
                if sid >= 0 { gapStatementBytes += vocabulary.words[Int(sid)].count }
                sj += 1
            }
        }
        while ti < m {
            if t[t.startIndex + ti].id == TemplateToken.placeholder { gapHasPlaceholder = true }
            ti += 1
        }
        while sj < n {
            let sid = s[s.startIndex + sj]
            if sid >= 0 { gapStatementBytes += vocabulary.words[Int(sid)].count }
            sj += 1
        }
        closeGap()
        return alignment
    }
}
