/// A message split into whitespace tokens, each with its variable parts replaced by typed placeholders:
/// `Failed password for root from 10.0.0.7 port 22 ssh2` → `Failed password for root from <ip> port <num> ssh2`.
///
/// `key` holds the masked tokens joined by single spaces; two lines with the same key have the same shape.
public struct MaskedMessage {
    public internal(set) var key: [UInt8] = []
    /// Per token: its end in `key` (it starts after the previous token's end and a space).
    var keyEnds: [Int] = []
    /// Per token: its span in the raw message.
    var rawStarts: [Int] = []
    var rawEnds: [Int] = []
    var tags: [MaskedMessage.Tag] = []

    public var tokenCount: Int { keyEnds.count }

    func keyRange(_ token: Int) -> Range<Int> {
        (token == 0 ? 0 : keyEnds[token - 1] + 1)..<keyEnds[token]
    }

    func rawRange(_ token: Int) -> Range<Int> { rawStarts[token]..<rawEnds[token] }

    /// The masked tokens, as text (for tests and debugging).
    public var tokens: [String] {
        (0..<tokenCount).map { String(decoding: key[keyRange($0)], as: UTF8.self) }
    }

    var tokenBytes: [[UInt8]] { (0..<tokenCount).map { Array(key[keyRange($0)]) } }

    public var text: String { String(decoding: key, as: UTF8.self) }

    mutating func removeAll() {
        key.removeAll(keepingCapacity: true)
        keyEnds.removeAll(keepingCapacity: true)
        rawStarts.removeAll(keepingCapacity: true)
        rawEnds.removeAll(keepingCapacity: true)
        tags.removeAll(keepingCapacity: true)
    }

    /// What multi-token passes need to know of a token.
    enum Tag: UInt8 {
        case plain, monthOrDay, time, date, shortNumber, sizeUnit, number
        /// A unit written as a word after a number: `sec`, `seconds`, `bytes`.
        case wordUnit
    }
}

/// Masks messages token by token; reuses its buffers, so one masker serves a whole stream.
///
/// Per token: strip wrapping brackets/quotes and trailing punctuation, try the typed maskers on the
/// rest; otherwise split it at delimiters (`=`, `:`, `,`, brackets, dot leaders…) and mask each piece:
/// typed value, `word.123`/`word-123` (the number only), or an identifier with a part that starts with
/// a digit (`blk_-1608`, `job_2015_0001`) → `<id>`. Then runs like `Sat Jun 18 02:08:10 2005` become one
/// `<date>` and `512 KB` one `<size>`. A count with its unit word and any restatement in parentheses is one
/// token that keeps its words (`<num> sec`, `<num> bytes (<size>)`), so a value written in a varying number
/// of words still fills one position of its statement.
public struct MessageMasker {
    public private(set) var masked = MaskedMessage()
    private var dateCandidates = 0
    private var sizeUnits = 0
    private var wordUnits = 0
    private var placeholders = 0

    public init() {}

    /// Masks `message`; the result is in ``masked`` until the next call.
    public mutating func mask(_ message: String) -> MaskedMessage {
        var message = message
        message.withUTF8 { mask(bytes: $0) }
        return masked
    }

    public mutating func mask(bytes: UnsafeBufferPointer<UInt8>) {
        masked.removeAll()
        dateCandidates = 0
        sizeUnits = 0
        wordUnits = 0
        placeholders = 0
        var i = 0
        let n = bytes.count
        while i < n {
            while i < n, Self.isSpace(bytes[i]) { i += 1 }
            guard i < n else { break }
            let start = i
            while i < n, !Self.isSpace(bytes[i]) { i += 1 }
            appendToken(bytes, start, i)
        }
        if dateCandidates >= 2 { mergeDates(bytes) }
        if sizeUnits > 0 { mergeSizes(bytes) }
        if wordUnits > 0 { joinCounts() }
        if placeholders > 1 { joinLists() }
    }

    @inline(__always)
    static func isSpace(_ b: UInt8) -> Bool { b == 0x20 || b == 0x09 || b == 0x0A || b == 0x0D }

    // MARK: - Tokens

    private mutating func appendToken(_ raw: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) {
        if !masked.key.isEmpty { masked.key.append(0x20) }
        masked.rawStarts.append(start)
        masked.rawEnds.append(end)
        let tag = maskToken(raw, start, end)
        masked.tags.append(tag)
        masked.keyEnds.append(masked.key.count)
        switch tag {
        case .monthOrDay, .time, .date: dateCandidates += 1
        case .sizeUnit: sizeUnits += 1
        case .wordUnit: wordUnits += 1
        default: break
        }
    }

    /// Appends the masked token to the key and says what it is.
    private mutating func maskToken(_ raw: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> MaskedMessage.Tag {
        var special = false
        var dotted = false
        for i in start..<end {
            let c = raw[i]
            if c == UInt8(ascii: ".") { dotted = true }
            if c.isASCIIDigit || c == UInt8(ascii: "/") || c == UInt8(ascii: "@") || c == UInt8(ascii: "\\")
                || c == UInt8(ascii: "[")
            {
                special = true
                break
            }
        }
        var (s, e) = Self.core(raw, start, end)
        if special, s == start, e - s > 1, raw[s] == UInt8(ascii: ">"), raw[s + 1].isASCIIDigit { s += 1 }
        if special, s > start, s < e, Self.isComparator(raw[s - 1]), raw[s].isASCIIDigit {
            // `<1 sec`, `>500ms`: the comparator is part of the value, not a bracket around it
            let value = UnsafeBufferPointer(rebasing: raw[s..<e])
            if let kind = TypedMasker.kind(of: value), kind == .num || kind == .duration || kind == .size {
                let prefix = s - 1
                masked.key.append(contentsOf: UnsafeBufferPointer(rebasing: raw[start..<prefix]))
                appendPlaceholder(kind)
                masked.key.append(contentsOf: UnsafeBufferPointer(rebasing: raw[e..<end]))
                return kind == .num ? .number : .plain
            }
            s = Self.core(raw, start, end).0
        }
        if !special, s < e {
            // Words: only true/false/null, date and unit names, and `key=value` pieces need a look.
            let length = e - s
            if Self.containsDelimiter(raw, s, e) {
                maskPieces(raw, start, end)
                return .plain
            }
            if length <= 9 {
                let core = UnsafeBufferPointer(rebasing: raw[s..<e])
                if length >= 3, length <= 5, let kind = Self.literalValueKind(core) {
                    appendMasked(raw, start, s, kind, e, end)
                    return .plain
                }
                if Self.isMonthOrDay(core) { return appendRaw(raw, start, end, .monthOrDay) }
                if ByteShapes.isSizeUnit(core), s == start { return appendRaw(raw, start, end, .sizeUnit) }
                if s == start, ByteShapes.isUnitWord(core) { return appendRaw(raw, start, end, .wordUnit) }
            }
            if dotted, length >= 6, ByteShapes.isHostName(UnsafeBufferPointer(rebasing: raw[s..<e])) {
                appendMasked(raw, start, s, .host, e, end)
                return .plain
            }
            return appendRaw(raw, start, end, .plain)
        }
        guard s < e else { return appendRaw(raw, start, end, .plain) }
        let core = UnsafeBufferPointer(rebasing: raw[s..<e])
        if let kind = TypedMasker.kind(of: core) {
            appendMasked(raw, start, s, kind, e, end)
            switch kind {
            case .time: return .time
            case .date: return .date
            case .num: return e - s <= 4 && s == start ? .shortNumber : .number
            default: return .plain
            }
        }
        masked.key.append(contentsOf: UnsafeBufferPointer(rebasing: raw[start..<s]))
        maskPieces(raw, s, e)
        masked.key.append(contentsOf: UnsafeBufferPointer(rebasing: raw[e..<end]))
        return .plain
    }

    private mutating func appendRaw(
        _ raw: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int, _ tag: MaskedMessage.Tag
    ) -> MaskedMessage.Tag {
        masked.key.append(contentsOf: UnsafeBufferPointer(rebasing: raw[start..<end]))
        return tag
    }

    private mutating func appendMasked(
        _ raw: UnsafeBufferPointer<UInt8>, _ start: Int, _ s: Int, _ kind: ParameterKind, _ e: Int, _ end: Int
    ) {
        masked.key.append(contentsOf: UnsafeBufferPointer(rebasing: raw[start..<s]))
        appendPlaceholder(kind)
        masked.key.append(contentsOf: UnsafeBufferPointer(rebasing: raw[e..<end]))
    }

    private mutating func appendPlaceholder(_ kind: ParameterKind) {
        placeholders += 1
        masked.key.append(UInt8(ascii: "<"))
        masked.key.append(contentsOf: kind.rawValue.utf8)
        masked.key.append(UInt8(ascii: ">"))
    }

    /// The token without leading `([{<"'` and trailing `)]}>"',;:.!?`.
    static func core(_ raw: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> (Int, Int) {
        var s = start
        var e = end
        while s < e, isLeadingWrapper(raw[s]) { s += 1 }
        while e > s, isTrailingWrapper(raw[e - 1]) { e -= 1 }
        return (s, e)
    }

    static func isComparator(_ c: UInt8) -> Bool { c == UInt8(ascii: "<") || c == UInt8(ascii: ">") }

    static func isLeadingWrapper(_ c: UInt8) -> Bool {
        switch c {
        case UInt8(ascii: "("), UInt8(ascii: "["), UInt8(ascii: "{"), UInt8(ascii: "<"), UInt8(ascii: "\""),
            UInt8(ascii: "'"):
            return true
        default: return false
        }
    }

    static func isTrailingWrapper(_ c: UInt8) -> Bool {
        switch c {
        case UInt8(ascii: ")"), UInt8(ascii: "]"), UInt8(ascii: "}"), UInt8(ascii: ">"), UInt8(ascii: "\""),
            UInt8(ascii: "'"), UInt8(ascii: ","), UInt8(ascii: ";"), UInt8(ascii: ":"), UInt8(ascii: "."),
            UInt8(ascii: "!"), UInt8(ascii: "?"):
            return true
        default: return false
        }
    }

    /// Bytes that separate the pieces of a token: `key=value`, `a:b`, `f(x)`, `x,y`…
    static func isDelimiter(_ c: UInt8) -> Bool {
        switch c {
        case UInt8(ascii: "="), UInt8(ascii: ","), UInt8(ascii: ":"), UInt8(ascii: ";"), UInt8(ascii: "("),
            UInt8(ascii: ")"), UInt8(ascii: "["), UInt8(ascii: "]"), UInt8(ascii: "{"), UInt8(ascii: "}"),
            UInt8(ascii: "<"), UInt8(ascii: ">"), UInt8(ascii: "\""), UInt8(ascii: "'"), UInt8(ascii: "#"),
            UInt8(ascii: "|"), UInt8(ascii: "&"), UInt8(ascii: "!"), UInt8(ascii: "?"), UInt8(ascii: "*"),
            UInt8(ascii: "$"):
            return true
        default: return false
        }
    }

    private mutating func maskPieces(_ raw: UnsafeBufferPointer<UInt8>, _ s: Int, _ e: Int) {
        var i = s
        while i < e {
            let c = raw[i]
            if Self.isDelimiter(c) {
                masked.key.append(c)
                i += 1
                continue
            }
            if c == UInt8(ascii: "."), i + 1 < e, raw[i + 1] == UInt8(ascii: ".") {
                // dot leaders: `instruction......0x0b`
                while i < e, raw[i] == UInt8(ascii: ".") {
                    masked.key.append(c)
                    i += 1
                }
                continue
            }
            let start = i
            while i < e, !Self.isDelimiter(raw[i]),
                !(raw[i] == UInt8(ascii: ".") && i + 1 < e && raw[i + 1] == UInt8(ascii: "."))
            {
                i += 1
            }
            maskPiece(raw, start, i)
        }
    }

    static func isProtocolVersion(_ piece: UnsafeBufferPointer<UInt8>) -> Bool {
        var letters = 0
        while letters < piece.count, piece[letters].isASCIIUpper { letters += 1 }
        guard letters >= 3, letters < piece.count else { return false }
        var i = letters
        if piece[i] == UInt8(ascii: "/") || piece[i] == UInt8(ascii: "v") { i += 1 }
        let digitsEnd = ByteShapes.digits(piece, from: i)
        guard digitsEnd > i, digitsEnd - i <= 2 else { return false }
        if digitsEnd == piece.count { return true }
        guard piece[digitsEnd] == UInt8(ascii: "."), ByteShapes.digits(piece, from: digitsEnd + 1) == piece.count,
            piece.count - digitsEnd - 1 <= 2
        else { return false }
        return piece.count > digitsEnd + 1
    }

    static func containsDelimiter(_ raw: UnsafeBufferPointer<UInt8>, _ s: Int, _ e: Int) -> Bool {
        for i in s..<e where isDelimiter(raw[i]) { return true }
        return false
    }

    private mutating func maskPiece(_ raw: UnsafeBufferPointer<UInt8>, _ s: Int, _ e: Int) {
        let piece = UnsafeBufferPointer(rebasing: raw[s..<e])
        var plain = true
        for c in piece where c.isASCIIDigit || c == UInt8(ascii: "/") || c == UInt8(ascii: "@") || c == UInt8(ascii: "\\") {
            plain = false
            break
        }
        if plain {
            if piece.count >= 3, piece.count <= 5, let kind = Self.literalValueKind(piece) {
                appendPlaceholder(kind)
            } else {
                masked.key.append(contentsOf: piece)
            }
            return
        }
        if let kind = TypedMasker.kind(of: piece) {
            appendPlaceholder(kind)
            return
        }
        // protocol versions are text: `HTTP/1.1`, `TLSv1.3`
        if Self.isProtocolVersion(piece) {
            masked.key.append(contentsOf: piece)
            return
        }
        // `core.12345`, `node-17`: keep the word, mask the number.
        var j = 0
        while j < piece.count, piece[j].isASCIILetter { j += 1 }
        if j > 0, j + 1 < piece.count, piece[j] == UInt8(ascii: ".") || piece[j] == UInt8(ascii: "-"),
            ByteShapes.digits(piece, from: j + 1) == piece.count
        {
            masked.key.append(contentsOf: UnsafeBufferPointer(rebasing: piece[...j]))
            appendPlaceholder(.num)
            return
        }
        if Self.hasPartStartingWithDigit(piece) {
            appendPlaceholder(.id)
        } else {
            masked.key.append(contentsOf: piece)
        }
    }

    /// `blk_-1608`, `attempt_2015_m_01`, `com.x.C@8a2a501`: a part (between `._-@/+`) starts with a digit.
    /// `tty2`, `e820`, `ssh2`, `x86` stay words.
    static func hasPartStartingWithDigit(_ piece: UnsafeBufferPointer<UInt8>) -> Bool {
        var atPartStart = true
        for c in piece {
            switch c {
            case UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "-"), UInt8(ascii: "@"), UInt8(ascii: "/"),
                UInt8(ascii: "+"):
                atPartStart = true
            default:
                if atPartStart, c.isASCIIDigit { return true }
                atPartStart = false
            }
        }
        return false
    }

    /// `true`/`false` and `null`/`None`/`nil`, the value words.
    static func literalValueKind(_ core: UnsafeBufferPointer<UInt8>) -> ParameterKind? {
        switch core[0] | 0x20 {
        case UInt8(ascii: "t"), UInt8(ascii: "f"):
            return ByteShapes.equalsIgnoringCase(core, "true") || ByteShapes.equalsIgnoringCase(core, "false")
                ? .bool : nil
        case UInt8(ascii: "n"):
            // `none` in lower case is usually the word (`Failed none for …`); Python's null is `None`
            return ByteShapes.equalsIgnoringCase(core, "null") || ByteShapes.equalsExact(core, "None")
                || ByteShapes.equalsIgnoringCase(core, "nil") ? .null : nil
        default: return nil
        }
    }

    static func isMonthOrDay(_ core: UnsafeBufferPointer<UInt8>) -> Bool {
        guard core.count == 3 else { return false }
        for name: StaticString in [
            "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
            "mon", "tue", "wed", "thu", "fri", "sat", "sun",
        ] where ByteShapes.equalsIgnoringCase(core, name) {
            return core[0].isASCIIUpper
        }
        return false
    }

    // MARK: - Multi-token values

    /// `Sat Jun 18 02:08:10 2005`, `Jun 18, 2005 02:08:10`, `2024-03-01 12:00:01,123` → one `<date>`:
    /// a run of month/day names, short numbers, dates and times holding a time and a month name or date.
    private mutating func mergeDates(_ raw: UnsafeBufferPointer<UInt8>) {
        let tags = masked.tags
        var runs: [Range<Int>] = []
        var i = 0
        while i < tags.count {
            var j = i
            var time = false
            var anchor = false
            scan: while j < tags.count {
                switch tags[j] {
                case .time: time = true
                case .date, .monthOrDay: anchor = true
                case .shortNumber: break
                default: break scan
                }
                j += 1
            }
            if j - i >= 2, time, anchor {
                runs.append(i..<j)
                i = j
            } else {
                i = max(j, i + 1)
            }
        }
        guard !runs.isEmpty else { return }
        rebuild(raw, merging: runs, as: .date)
    }

    /// `512 KB` → `<size>`.
    private mutating func mergeSizes(_ raw: UnsafeBufferPointer<UInt8>) {
        var runs: [Range<Int>] = []
        for t in 1..<max(1, masked.tags.count)
        where masked.tags[t] == .sizeUnit && (masked.tags[t - 1] == .shortNumber || masked.tags[t - 1] == .number) {
            let previous = masked.keyRange(t - 1)
            // only a bare number: `<num>`, not `(<num>` or `x=<num>`
            if previous.count == 5 { runs.append((t - 1)..<(t + 1)) }
        }
        guard !runs.isEmpty else { return }
        rebuild(raw, merging: runs, as: .size)
    }

    /// `<num> sec`, `<num> bytes (<size>)`: a bare number, its unit word and a parenthesized restatement
    /// right after it become one token, keeping their masked text.
    private mutating func joinCounts() {
        var runs: [Range<Int>] = []
        var t = 1
        while t < masked.tokenCount {
            defer { t += 1 }
            guard masked.tags[t] == .wordUnit, masked.tags[t - 1] == .shortNumber || masked.tags[t - 1] == .number,
                masked.keyRange(t - 1).count == 5
            else { continue }
            var end = t + 1
            if let close = restatementEnd(from: end) { end = close }
            runs.append((t - 1)..<end)
            t = end - 1
        }
        guard !runs.isEmpty else { return }
        join(runs)
    }

    /// The end of a parenthesized value starting at token `t` (`(<size>)`, `(<num> KB)`), within two tokens.
    /// `delete <id> <id> <id>`, `IRQs <num>, <num>, <num>`: a run of values of one kind is one token, so a list
    /// that is longer in one line than in the next still fills one position (a list of one stays as it is).
    private mutating func joinLists() {
        var runs: [Range<Int>] = []
        var t = 0
        while t < masked.tokenCount {
            guard let kind = listItem(t) else {
                t += 1
                continue
            }
            var end = t + 1
            while end < masked.tokenCount, listItem(end) == kind, masked.key[masked.keyEnds[end - 1] - 1] == UInt8(ascii: ",") || masked.key[masked.keyEnds[end - 1] - 1] == UInt8(ascii: ">") {
                end += 1
            }
            if end - t > 1 { runs.append(t..<end) }
            t = end
        }
        guard !runs.isEmpty else { return }
        join(runs)
    }

    /// The placeholder a token is, with at most a comma after it.
    private func listItem(_ t: Int) -> ArraySlice<UInt8>? {
        var range = masked.keyRange(t)
        guard range.count >= 3, masked.key[range.lowerBound] == UInt8(ascii: "<") else { return nil }
        if masked.key[range.upperBound - 1] == UInt8(ascii: ",") { range = range.lowerBound..<(range.upperBound - 1) }
        guard masked.key[range.upperBound - 1] == UInt8(ascii: ">") else { return nil }
        for i in (range.lowerBound + 1)..<(range.upperBound - 1) where !masked.key[i].isASCIILetter { return nil }
        return masked.key[range]
    }

    private func restatementEnd(from t: Int) -> Int? {
        guard t < masked.tokenCount, masked.key[masked.keyRange(t).lowerBound] == UInt8(ascii: "(") else { return nil }
        var placeholder = false
        for u in t..<min(t + 2, masked.tokenCount) {
            let range = masked.keyRange(u)
            let token = masked.key[range]
            if token.contains(UInt8(ascii: "<")) { placeholder = true }
            if u > t, token.first == UInt8(ascii: "(") { return nil }
            var last = range.upperBound - 1
            while last > range.lowerBound, ",;.".utf8.contains(masked.key[last]) { last -= 1 }
            if masked.key[last] == UInt8(ascii: ")") { return placeholder ? u + 1 : nil }
        }
        return nil
    }

    /// Rebuilds the key with each run of tokens made one token: their masked texts joined by spaces.
    private mutating func join(_ runs: [Range<Int>]) {
        let old = masked
        masked.removeAll()
        var t = 0
        var r = 0
        while t < old.tokenCount {
            if !masked.key.isEmpty { masked.key.append(0x20) }
            let run = r < runs.count && runs[r].lowerBound == t ? runs[r] : t..<(t + 1)
            if run.count > 1 { r += 1 }
            let keyStart = old.keyRange(run.lowerBound).lowerBound
            masked.key.append(contentsOf: old.key[keyStart..<old.keyEnds[run.upperBound - 1]])
            masked.rawStarts.append(old.rawStarts[run.lowerBound])
            masked.rawEnds.append(old.rawEnds[run.upperBound - 1])
            masked.tags.append(run.count > 1 ? .plain : old.tags[t])
            masked.keyEnds.append(masked.key.count)
            t = run.upperBound
        }
    }

    /// Rebuilds the key with each run of tokens replaced by one placeholder spanning their raw text.
    private mutating func rebuild(_ raw: UnsafeBufferPointer<UInt8>, merging runs: [Range<Int>], as kind: ParameterKind) {
        let old = masked
        masked.removeAll()
        var t = 0
        var r = 0
        while t < old.tokenCount {
            if !masked.key.isEmpty { masked.key.append(0x20) }
            if r < runs.count, runs[r].lowerBound == t {
                let run = runs[r]
                let last = run.upperBound - 1
                masked.rawStarts.append(old.rawStarts[t])
                masked.rawEnds.append(old.rawEnds[last])
                // keep the wrapping punctuation: `(Sat Jun 18 02:08:10 2005),`
                let first = old.rawStarts[t]
                let end = old.rawEnds[last]
                var leading = first
                while leading < end, Self.isLeadingWrapper(raw[leading]) { leading += 1 }
                var trailing = end
                while trailing > leading, Self.isTrailingWrapper(raw[trailing - 1]) { trailing -= 1 }
                masked.key.append(contentsOf: UnsafeBufferPointer(rebasing: raw[first..<leading]))
                appendPlaceholder(kind)
                masked.key.append(contentsOf: UnsafeBufferPointer(rebasing: raw[trailing..<end]))
                masked.tags.append(.plain)
                masked.keyEnds.append(masked.key.count)
                t = run.upperBound
                r += 1
            } else {
                masked.key.append(contentsOf: old.key[old.keyRange(t)])
                masked.rawStarts.append(old.rawStarts[t])
                masked.rawEnds.append(old.rawEnds[t])
                masked.tags.append(old.tags[t])
                masked.keyEnds.append(masked.key.count)
                t += 1
            }
        }
    }
}
