/// A mined template as reported: its text with `<name>` placeholders, how often and when it was seen,
/// one sample message and what each parameter held.
public struct MinedTemplate: Sendable, Hashable {
    public var id: String
    public var text: String
    public var count: Int
    public var firstSeen: Timestamp?
    public var lastSeen: Timestamp?
    public var firstOrigin: TemplateMiner.Origin
    public var lastOrigin: TemplateMiner.Origin
    public var sample: String
    public var parameters: [Parameter]

    /// One placeholder-bearing token of the template.
    public struct Parameter: Sendable, Hashable {
        /// Token index in the template (0-based).
        public var position: Int
        /// `<num>`, `<*>`, or the token's pattern when it holds several placeholders (`<num>##<num>`).
        public var name: String
        public var top: [ValueSummary.Entry]
        public var distinct: Int
    }
}

/// The miner's bookkeeping for one template.
struct TemplateRecord {
    struct Slot {
        /// Word index in the template text (a token such as `<num> sec` spans two words).
        var position: Int
        /// Token index in the masked line.
        var token: Int
        var name: String
        /// Literal bytes before the first and after the last placeholder of the token.
        var prefix: Int
        var suffix: Int
        var values = ValueSummary()
    }

    private(set) var text: String
    private(set) var id: String
    let family: Int32
    let exemplar: [[UInt8]]
    var sample: String
    var count = 0
    var firstTime: Timestamp?
    var lastTime: Timestamp?
    var firstOrigin = TemplateMiner.Origin()
    var lastOrigin = TemplateMiner.Origin()
    private(set) var slots: [Slot]
    var mergedInto: Int32 = -1

    init(rendered: [[UInt8]], family: Int32, exemplar: [[UInt8]], sample: String) {
        self.text = Family.text(of: rendered)
        self.id = TemplateID.of(text)
        self.family = family
        self.exemplar = exemplar
        self.sample = sample
        self.slots = Self.slots(of: rendered)
    }

    mutating func count(
        _ masked: MaskedMessage, _ raw: UnsafeBufferPointer<UInt8>, time: Timestamp?, origin: TemplateMiner.Origin
    ) {
        if count == 0 { firstOrigin = origin }
        count += 1
        lastOrigin = origin
        if let time {
            if firstTime.map({ time < $0 }) ?? true { firstTime = time }
            if lastTime.map({ time > $0 }) ?? true { lastTime = time }
        }
        for s in slots.indices {
            guard slots[s].token < masked.tokenCount else { continue }
            let range = masked.rawRange(slots[s].token)
            let start = range.lowerBound + slots[s].prefix
            let end = range.upperBound - slots[s].suffix
            guard start <= end else { continue }
            slots[s].values.add(UnsafeBufferPointer(rebasing: raw[start..<end]))
        }
    }

    /// Takes over `other`'s occurrences (it had the same text, or a text this one now covers).
    mutating func merge(_ other: TemplateRecord) {
        if other.count > 0 {
            if count == 0 || other.firstOrigin.source < firstOrigin.source
                || (other.firstOrigin.source == firstOrigin.source && other.firstOrigin.line < firstOrigin.line)
            {
                firstOrigin = other.firstOrigin
                sample = other.sample
            }
            if count == 0 || other.lastOrigin.source > lastOrigin.source
                || (other.lastOrigin.source == lastOrigin.source && other.lastOrigin.line > lastOrigin.line)
            {
                lastOrigin = other.lastOrigin
            }
        }
        count += other.count
        if let t = other.firstTime, firstTime.map({ t < $0 }) ?? true { firstTime = t }
        if let t = other.lastTime, lastTime.map({ t > $0 }) ?? true { lastTime = t }
        for s in slots.indices {
            if let theirs = other.slots.first(where: { $0.position == slots[s].position }) {
                slots[s].values.merge(theirs.values)
            } else {
                Self.seed(&slots[s], from: other.exemplar, count: other.count)
            }
        }
    }

    /// The family widened: the template now reads `text`. Slots that are new were literal until now;
    /// they start with that literal word, counted for every occurrence so far.
    mutating func rename(to rendered: [[UInt8]]) {
        let old = slots
        self.text = Family.text(of: rendered)
        self.id = TemplateID.of(text)
        slots = Self.slots(of: rendered)
        for s in slots.indices {
            if let kept = old.first(where: { $0.position == slots[s].position }) {
                slots[s].values = kept.values
            } else {
                Self.seed(&slots[s], from: exemplar, count: count)
            }
        }
    }

    private static func seed(_ slot: inout Slot, from exemplar: [[UInt8]], count: Int) {
        guard count > 0, slot.token < exemplar.count else { return }
        let token = exemplar[slot.token]
        // only a literal word is a value; a masked token would show placeholders as values
        guard !token.contains(UInt8(ascii: "<")), token.count >= slot.prefix + slot.suffix else { return }
        token.withUnsafeBufferPointer {
            slot.values.add(UnsafeBufferPointer(rebasing: $0[slot.prefix..<(token.count - slot.suffix)]), count: count)
        }
    }

    /// The placeholder-bearing tokens of a template.
    static func slots(of tokens: [[UInt8]]) -> [Slot] {
        var result: [Slot] = []
        var word = 0
        for (index, bytes) in tokens.enumerated() {
            defer { word += 1 + bytes.count { $0 == 0x20 } }
            let spans = placeholderSpans(bytes)
            guard let first = spans.first, let last = spans.last else { continue }
            let name = spans.count == 1 ? String(decoding: bytes[first], as: UTF8.self) : String(decoding: bytes, as: UTF8.self)
            // a count with its unit words (`<num> bytes (<num> KB)`) is one value, closing bracket included
            var end = last.upperBound
            if bytes.contains(0x20) {
                end = bytes.count
                while end > last.upperBound, ",;:.".utf8.contains(bytes[end - 1]) { end -= 1 }
            }
            result.append(Slot(position: word, token: index, name: name, prefix: first.lowerBound, suffix: bytes.count - end))
        }
        return result
    }

    /// Ranges of `<kind>` placeholders (known kinds only: a literal `<init>` is text).
    static func placeholderSpans(_ bytes: [UInt8]) -> [Range<Int>] {
        var spans: [Range<Int>] = []
        var i = 0
        while i < bytes.count {
            guard bytes[i] == UInt8(ascii: "<") else {
                i += 1
                continue
            }
            var j = i + 1
            while j < bytes.count, bytes[j].isASCIILetter || bytes[j] == UInt8(ascii: "*") { j += 1 }
            if j < bytes.count, bytes[j] == UInt8(ascii: ">"), j > i + 1,
                ParameterKind(rawValue: String(decoding: bytes[(i + 1)..<j], as: UTF8.self)) != nil
            {
                spans.append(i..<(j + 1))
                i = j + 1
            } else {
                i += 1
            }
        }
        return spans
    }

    var summary: MinedTemplate {
        MinedTemplate(
            id: id, text: text, count: count, firstSeen: firstTime, lastSeen: lastTime,
            firstOrigin: firstOrigin, lastOrigin: lastOrigin, sample: sample,
            parameters: slots.map {
                MinedTemplate.Parameter(position: $0.position, name: $0.name, top: $0.values.top, distinct: $0.values.distinct)
            })
    }
}
