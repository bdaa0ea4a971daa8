/// Literal text a pattern cannot match without, so most patterns are ruled out by a byte search instead of a
/// regex run: a pack has a few hundred patterns, an issue tens of kilobytes of tracebacks, and Swift's `Regex`
/// is slow to fail.
///
/// For `(Read|Connect)Timeout|deadline exceeded` the hint is "any of `timeout`, `deadline exceeded`"; for
/// `:(5432|3306)\b` it is the group's "any of `5432`, `3306`". Only what every match must contain counts: text
/// in classes, lookarounds or under a `?`, `*` or `{m,n}` quantifier is skipped. Comparison is ASCII
/// case-insensitive (so `K` is not found in "\u{212A}", which the regex would match; logs do not spell words
/// in Kelvin signs). A pattern with an alternative without a literal of three characters or more gets no hint
/// and always runs.
struct PatternPrefilter: Sendable, Hashable {
    /// Lowercased ASCII literals; a text that contains none of them cannot match.
    var literals: [[UInt8]]

    init?(pattern: String) {
        // Extended mode (`(?x)`, `(?ix:`) ignores spaces and allows comments, so literal runs would lie.
        if Self.setsExtendedMode(Array(pattern.unicodeScalars)) { return nil }
        guard let literals = Self.hint(Array(pattern.unicodeScalars)[...]), !literals.isEmpty else { return nil }
        self.literals = literals
    }

    /// Whether a `(?…)` flag group turns on `x`.
    static func setsExtendedMode(_ scalars: [Unicode.Scalar]) -> Bool {
        for index in scalars.indices.dropLast() where scalars[index] == "(" && scalars[index + 1] == "?" {
            var cursor = index + 2
            while cursor < scalars.count, scalars[cursor].properties.isAlphabetic || scalars[cursor] == "-" {
                if scalars[cursor] == "x" { return true }
                cursor += 1
            }
        }
        return false
    }

    /// Shortest literal worth a search: shorter ones are found in most texts anyway.
    static let minimumLength = 3

    /// Literals one of which every match of `pattern` contains; nil when some alternative has none.
    static func hint(_ pattern: ArraySlice<Unicode.Scalar>) -> [[UInt8]]? {
        var result: [[UInt8]] = []
        for alternative in topLevelAlternatives(Array(pattern)) {
            guard let scan = scan(alternative) else { return nil }
            // The top-level run, or a required group's own hint (`(GET|HEAD) /(health|ready)`): whichever has
            // the longest shortest literal, the most telling.
            var best: [[UInt8]]? = scan.run.count >= minimumLength ? [scan.run] : nil
            for group in scan.groups {
                guard let inner = hint(group) else { continue }
                if best.map({ shortest(inner) > shortest($0) }) ?? true { best = inner }
            }
            guard let best else { return nil }
            result += best
        }
        return result
    }

    static func shortest(_ literals: [[UInt8]]) -> Int {
        literals.map(\.count).min() ?? 0
    }

    /// Whether `text` (ASCII-lowercased bytes) may match.
    func admits(_ text: [UInt8]) -> Bool {
        literals.contains { Self.contains(text, $0) }
    }

    // MARK: - Parsing

    /// The pattern split at `|` outside groups and classes.
    static func topLevelAlternatives(_ scalars: [Unicode.Scalar]) -> [ArraySlice<Unicode.Scalar>] {
        var result: [ArraySlice<Unicode.Scalar>] = []
        var depth = 0
        var start = 0
        var index = 0
        while index < scalars.count {
            switch scalars[index] {
            case "\\": index += 1
            case "[": index = endOfClass(scalars, from: index)
            case "(": depth += 1
            case ")": depth -= 1
            case "|" where depth == 0:
                result.append(scalars[start..<index])
                start = index + 1
            default: break
            }
            index += 1
        }
        result.append(scalars[start..<scalars.count])
        return result
    }

    /// The index of the `]` closing the class opened at `open`.
    static func endOfClass(_ scalars: [Unicode.Scalar], from open: Int) -> Int {
        var index = open + 1
        if index < scalars.count, scalars[index] == "^" { index += 1 }
        if index < scalars.count, scalars[index] == "]" { index += 1 }  // `[]abc]`: a literal `]` first
        var depth = 1
        while index < scalars.count {
            switch scalars[index] {
            case "\\": index += 1
            case "[": depth += 1  // nested classes (`[a-z[0-9]]`)
            case "]":
                depth -= 1
                if depth == 0 { return index }
            default: break
            }
            index += 1
        }
        return scalars.count
    }

    /// The longest run of required literal characters at the top level of one alternative, lowercased, and the
    /// bodies of its required groups; nil when the alternative uses an escape this reading does not follow
    /// (`\x41`, `\p{L}`, `\Q…\E`, `\1`).
    static func scan(_ alternative: ArraySlice<Unicode.Scalar>) -> (run: [UInt8], groups: [ArraySlice<Unicode.Scalar>])? {
        let scalars = Array(alternative)
        var best: [UInt8] = []
        var run: [UInt8] = []
        var groups: [ArraySlice<Unicode.Scalar>] = []
        var group: ArraySlice<Unicode.Scalar>?
        func endRun() {
            if run.count > best.count { best = run }
            run = []
        }
        var index = 0
        while index < scalars.count {
            var literal: Unicode.Scalar?
            var atomEnd = index + 1
            group = nil
            switch scalars[index] {
            case "\\":
                guard index + 1 < scalars.count else { return nil }
                let escaped = scalars[index + 1]
                atomEnd = index + 2
                if "xuUNpPkgocQE0123456789".unicodeScalars.contains(escaped) { return nil }
                // Escaped punctuation is itself; escaped letters are classes or anchors (`\d`, `\b`).
                if escaped.isASCII, !escaped.properties.isAlphabetic { literal = escaped }
            case "(":
                let close = endOfGroup(scalars, from: index)
                atomEnd = close + 1
                group = groupBody(scalars, open: index, close: close)
            case "[":
                atomEnd = endOfClass(scalars, from: index) + 1
            case ".", "^", "$":
                break
            default:
                literal = scalars[index]
            }
            // A quantifier after the atom: `?`, `*` and counts make it optional (or say nothing useful), `+`
            // keeps one required copy; a lazy or possessive mark may follow.
            var next = atomEnd
            var required = true
            var repeated = false
            if next < scalars.count {
                switch scalars[next] {
                case "?", "*":
                    required = false
                    next += 1
                case "+":
                    repeated = true
                    next += 1
                case "{" where isCountedQuantifier(scalars, at: next):
                    required = false
                    while scalars[next] != "}" { next += 1 }
                    next += 1
                default:
                    break
                }
                if next > atomEnd, next < scalars.count, scalars[next] == "?" || scalars[next] == "+" { next += 1 }
            }
            if let group, required { groups.append(group) }
            if let literal, literal.isASCII, required {
                run.append(UInt8(literal.value).lowercasedASCII)
                if repeated { endRun() }
            } else {
                endRun()
            }
            index = next
        }
        endRun()
        return (best, groups)
    }

    /// What a group must match: its body, without `?:`, `?<name>` or flags; nil for lookarounds (they
    /// consume nothing, and negative ones require nothing) and flag switches.
    static func groupBody(_ scalars: [Unicode.Scalar], open: Int, close: Int) -> ArraySlice<Unicode.Scalar>? {
        guard close < scalars.count else { return nil }
        var start = open + 1
        if start < close, scalars[start] == "?" {
            start += 1
            guard start < close else { return nil }
            switch scalars[start] {
            case "=", "!": return nil
            case "<" where start + 1 < close && (scalars[start + 1] == "=" || scalars[start + 1] == "!"): return nil
            case "<", "P":
                // `(?<name>…)`, `(?P<name>…)`: the body starts after the name.
                guard let end = scalars[start..<close].firstIndex(of: ">") else { return nil }
                start = end + 1
            case "'":
                guard let end = scalars[(start + 1)..<close].firstIndex(of: "'") else { return nil }
                start = end + 1
            default:
                // `?:`, `?i:`, `?-i:`; `(?i)` without a body switches flags for what follows.
                guard let colon = scalars[start..<close].firstIndex(of: ":") else { return nil }
                start = colon + 1
            }
        }
        return scalars[start..<close]
    }

    /// The index of the `)` closing the group opened at `open`.
    static func endOfGroup(_ scalars: [Unicode.Scalar], from open: Int) -> Int {
        var depth = 0
        var index = open
        while index < scalars.count {
            switch scalars[index] {
            case "\\": index += 1
            case "[": index = endOfClass(scalars, from: index)
            case "(": depth += 1
            case ")":
                depth -= 1
                if depth == 0 { return index }
            default: break
            }
            index += 1
        }
        return scalars.count
    }

    /// `{3}`, `{0,80}`, `{2,}` at `index`.
    static func isCountedQuantifier(_ scalars: [Unicode.Scalar], at index: Int) -> Bool {
        var cursor = index + 1
        var digits = 0
        while cursor < scalars.count, ("0"..."9").contains(scalars[cursor]) || scalars[cursor] == "," {
            digits += 1
            cursor += 1
        }
        return digits > 0 && cursor < scalars.count && scalars[cursor] == "}"
    }

    // MARK: - Searching

    /// The text's UTF-8 bytes with ASCII letters lowercased.
    static func folded(_ text: String) -> [UInt8] {
        text.utf8.map { $0.lowercasedASCII }
    }

    static func contains(_ text: [UInt8], _ literal: [UInt8]) -> Bool {
        guard let first = literal.first, literal.count <= text.count else { return literal.isEmpty }
        let last = text.count - literal.count
        return text.withUnsafeBufferPointer { text in
            literal.withUnsafeBufferPointer { literal in
                var start = 0
                while start <= last {
                    if text[start] == first {
                        var offset = 1
                        while offset < literal.count, text[start + offset] == literal[offset] { offset += 1 }
                        if offset == literal.count { return true }
                    }
                    start += 1
                }
                return false
            }
        }
    }
}

extension UInt8 {
    fileprivate var lowercasedASCII: UInt8 {
        self >= 0x41 && self <= 0x5A ? self + 0x20 : self
    }
}
