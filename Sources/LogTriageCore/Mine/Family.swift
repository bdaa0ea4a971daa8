/// The lines of one log statement, as far as the miner can tell: same token count, mostly the same
/// words. Holds the first line's tokens and, for each position where lines differed, what was seen.
struct Family {
    struct Position {
        /// Distinct masked tokens seen here, up to one more than the enum limit.
        var values: [[UInt8]]
        /// The generalisation of all of them: `rhost=<*>`, `(<*>)`, `<*>`.
        var merged: [UInt8]
        /// Rendered as `merged` (a parameter) rather than each line's own word.
        var isParameter: Bool
    }

    let tokens: [[UInt8]]
    var positions: [Position?]
    var templates: [Int32] = []
    /// Where the statement's own text starts in `tokens` (see ``firstWordIndex(_:)``).
    let firstWord: Int?

    init(tokens: [[UInt8]]) {
        self.tokens = tokens
        self.positions = Array(repeating: nil, count: tokens.count)
        self.firstWord = Self.firstWordIndex(tokens)
    }

    /// Share of the fixed positions where `line` repeats the family's token; 0 when the first words
    /// differ (a statement's first word is almost always literal text).
    func similarity(to line: [[UInt8]]) -> Double {
        if let w = firstWord, positions[w] == nil, tokens[w] != line[w], Self.isWord(line[w]) { return 0 }
        var fixed = 0
        var equal = 0
        for p in tokens.indices where positions[p] == nil {
            if tokens[p] == line[p] {
                fixed += 1
                equal += 1
            } else if !(Self.hasDigit(tokens[p]) && Self.hasDigit(line[p])) {
                // two words with digits that differ (`an14`, `cn783`) are likely values: not evidence
                fixed += 1
            }
        }
        return fixed == 0 ? 1 : Double(equal) / Double(fixed)
    }

    /// Widens the family to cover `line`. True when templates already rendered may read differently.
    mutating func absorb(_ line: [[UInt8]], enumLimit: Int) -> Bool {
        var changed = false
        for p in line.indices {
            let token = line[p]
            if var position = positions[p] {
                if position.isParameter {
                    let merged = Self.generalise(position.merged, token)
                    if merged != position.merged {
                        position.merged = merged
                        positions[p] = position
                        changed = true
                    }
                    continue
                }
                if position.values.contains(token) { continue }
                position.values.append(token)
                position.merged = Self.generalise(position.merged, token)
                position.isParameter = Self.isParameter(position, enumLimit: enumLimit)
                positions[p] = position
                changed = changed || position.isParameter
            } else if token != tokens[p] {
                var position = Position(values: [tokens[p], token], merged: Self.generalise(tokens[p], token), isParameter: false)
                position.isParameter = Self.isParameter(position, enumLimit: enumLimit)
                positions[p] = position
                changed = changed || position.isParameter
            }
        }
        return changed
    }

    /// The template's tokens for a line of this family with these tokens.
    func renderedTokens(_ line: [[UInt8]]) -> [[UInt8]] {
        tokens.indices.map { p in
            guard let position = positions[p] else { return tokens[p] }
            return position.isParameter ? position.merged : line[p]
        }
    }

    /// The template text for a line of this family with these tokens.
    func render(_ line: [[UInt8]]) -> String { Self.text(of: renderedTokens(line)) }

    static func text(of tokens: [[UInt8]]) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(128)
        for (p, token) in tokens.enumerated() {
            if p > 0 { out.append(0x20) }
            out.append(contentsOf: token)
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// More words than the limit, a typed value, values written differently, or the value of a
    /// `key=`/`key:` pair: a parameter.
    static func isParameter(_ position: Position, enumLimit: Int) -> Bool {
        if position.values.count > enumLimit { return true }
        if position.values.contains(where: isPlaceholder) { return true }
        // values that differ only in how a value is written: `<num> bytes`, `<num> bytes (<num> KB)`
        if position.values.allSatisfy(holdsValue) { return true }
        guard let star = position.merged.firstIndex(of: UInt8(ascii: "<")), star > 0 else { return false }
        let before = position.merged[star - 1]
        return before == UInt8(ascii: "=") || before == UInt8(ascii: ":")
    }

    static func hasDigit(_ token: [UInt8]) -> Bool { token.contains { $0.isASCIIDigit } }

    static func holdsValue(_ token: [UInt8]) -> Bool { token.first == UInt8(ascii: "<") && token.contains(UInt8(ascii: ">")) }

    /// Where the statement's own text starts: its first word, past the values (an address, a request id)
    /// and dashes some loggers put before the text: `<ip> - "GET <path> HTTP/1.1" status: <num>`.
    static func firstWordIndex(_ tokens: [[UInt8]]) -> Int? {
        for index in tokens.indices.prefix(4) where isWord(tokens[index]) && tokens[index].contains(where: \.isASCIILetter) {
            return index
        }
        return nil
    }

    /// A token with no digit and no placeholder.
    static func isWord(_ token: [UInt8]) -> Bool {
        !token.contains { $0.isASCIIDigit || $0 == UInt8(ascii: "<") }
    }

    /// `<num>`, `<*>`: a whole token that is one placeholder.
    static func isPlaceholder(_ token: [UInt8]) -> Bool {
        guard token.count >= 3, token.first == UInt8(ascii: "<"), token.last == UInt8(ascii: ">") else { return false }
        return token.dropFirst().dropLast().allSatisfy { $0.isASCIILetter || $0 == UInt8(ascii: "*") }
    }

    /// The pattern covering two tokens: their common literal prefix up to a delimiter, `<*>`, and
    /// their common literal suffix from a delimiter: `user=root` + `user=admin` → `user=<*>`,
    /// `()` + `(host)` → `(<*>)`. Placeholders are never cut in half.
    static func generalise(_ a: [UInt8], _ b: [UInt8]) -> [UInt8] {
        if a == b { return a }
        let star: [UInt8] = Array("<*>".utf8)
        if isPlaceholder(a), isPlaceholder(b) { return star }
        let limit = min(a.count, b.count)
        var prefix = 0
        while prefix < limit, a[prefix] == b[prefix], a[prefix] != UInt8(ascii: "<") { prefix += 1 }
        while prefix > 0, !isBoundary(a[prefix - 1]) { prefix -= 1 }
        var suffix = 0
        while suffix < limit - prefix, a[a.count - 1 - suffix] == b[b.count - 1 - suffix],
            a[a.count - 1 - suffix] != UInt8(ascii: ">")
        {
            suffix += 1
        }
        var suffixStart = a.count - suffix
        while suffixStart < a.count, !isBoundary(a[suffixStart]) { suffixStart += 1 }
        return Array(a[..<prefix]) + star + Array(a[suffixStart...])
    }

    private static func isBoundary(_ c: UInt8) -> Bool { MessageMasker.isDelimiter(c) }
}
