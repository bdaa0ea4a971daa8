/// Streaming template miner: groups messages that a program logs from the same statement, and says
/// which parts of them vary.
///
/// 1. Every message is masked (``MessageMasker``): values with a recognisable shape become typed
///    placeholders. Lines with the same masked shape are answered from a table, without further work.
/// 2. A new shape joins the most similar *family* of the same token count (share of equal tokens over
///    the family's fixed positions ≥ `similarity`, first words equal), or starts one.
/// 3. Where lines of a family differ, the position is tracked. It becomes a parameter (`<*>`) once it
///    has shown more than `enumLimit` distinct words, a typed value, or is the value of a `key=` pair;
///    until then each word keeps its own template (`via interface ee0` and `… alt0` are two
///    statements, `user root`, `user admin`, `user test` one statement with a parameter).
/// 4. A template's id is a hash of its text. When a position turns into a parameter, templates of
///    the family merge or change text; ``mergedIDs`` maps every old id to the id that replaced it.
///
/// The number of templates depends on the statements in the log, not on the number of lines: fresh
/// values land in existing shapes or parameters.
public final class TemplateMiner {
    public struct Configuration: Sendable, Hashable {
        /// Minimum share of a family's fixed tokens a line must repeat to join it.
        public var similarity = 0.6
        /// Positions with at most this many distinct words stay literal (one template per word).
        public var enumLimit = 2
        /// Shapes remembered for the fast path; beyond it, new shapes are matched each time.
        public var maxShapes = 1 << 20
        /// Families kept apart; beyond it, lines that fit none share one family per token count.
        public var maxFamilies = 100_000
        public init() {}
        public static let `default` = Configuration()
    }

    /// Where an occurrence was read, as the caller numbers it.
    public struct Origin: Sendable, Hashable {
        public var source: Int
        public var line: Int
        public init(source: Int = 0, line: Int = 0) {
            self.source = source
            self.line = line
        }
    }

    /// A handle on the template a line was assigned to; stays valid across merges (see ``template(_:)``).
    public struct TemplateRef: Sendable, Hashable {
        let index: Int32
    }

    public let configuration: Configuration
    private var masker = MessageMasker()
    private var shapes = ShapeTable()
    private var families: [Family] = []
    private var familiesByKey: [FamilyKey: [Int32]] = [:]
    private var records: [TemplateRecord] = []
    private var recordsByText: [String: Int32] = [:]
    private var renamed: [String: String] = [:]
    public private(set) var lineCount = 0

    public init(configuration: Configuration = .default) {
        self.configuration = configuration
    }

    // MARK: - Learning

    /// Mines one message and returns its template.
    @discardableResult
    public func add(_ message: String, time: Timestamp? = nil, origin: Origin = Origin()) -> TemplateRef {
        var contiguous = message
        return contiguous.withUTF8 { add(bytes: $0, message: message, time: time, origin: origin) }
    }

    private func add(
        bytes: UnsafeBufferPointer<UInt8>, message: String, time: Timestamp?, origin: Origin
    ) -> TemplateRef {
        masker.mask(bytes: bytes)
        lineCount += 1
        let (hash, found) = masker.masked.key.withUnsafeBufferPointer { key in
            let hash = Hashing.fnv1a(key)
            return (hash, shapes.find(key, hash: hash))
        }
        var index: Int32
        if let shape = found {
            let stored = shapes.entries[shape].template
            index = resolve(stored)
            if index != stored { shapes.setTemplate(shape, index) }
        } else {
            let masked = masker.masked
            let tokens = masked.tokenBytes
            let family = learn(tokens)
            index = record(for: family, tokens, sample: message)
            if shapes.count < configuration.maxShapes {
                masked.key.withUnsafeBufferPointer {
                    shapes.insert($0, hash: hash, template: index)
                }
            }
        }
        records[Int(index)].count(masker.masked, bytes, time: time, origin: origin)
        return TemplateRef(index: index)
    }

    /// Finds or starts the family of a new shape and widens it to cover the shape.
    private func learn(_ tokens: [[UInt8]]) -> Int32 {
        var best = bestFamily(for: tokens)
        if best == nil, families.count >= configuration.maxFamilies {
            // Past the bound (junk, or a log of unique sentences): one catch-all family per length.
            let key = FamilyKey(length: tokens.count, firstWord: [0])
            if let overflow = familiesByKey[key]?.first {
                best = overflow
            } else {
                return startFamily(tokens, key: key)
            }
        }
        if let best {
            if families[Int(best)].absorb(tokens, enumLimit: configuration.enumLimit) {
                rerender(best)
            }
            return best
        }
        return startFamily(tokens, key: FamilyKey(tokens))
    }

    private func startFamily(_ tokens: [[UInt8]], key: FamilyKey) -> Int32 {
        let index = Int32(families.count)
        families.append(Family(tokens: tokens))
        familiesByKey[key, default: []].append(index)
        return index
    }

    /// Candidates share the token count and the first word (a statement's first word is literal text);
    /// families starting with a value are candidates for every line of their length.
    private func bestFamily(for tokens: [[UInt8]]) -> Int32? {
        var best: Int32?
        var bestScore = -1.0
        func consider(_ key: FamilyKey) {
            guard let candidates = familiesByKey[key] else { return }
            for candidate in candidates {
                let score = families[Int(candidate)].similarity(to: tokens)
                if score >= configuration.similarity, score > bestScore || (score == bestScore && candidate < best!) {
                    best = candidate
                    bestScore = score
                }
            }
        }
        let key = FamilyKey(tokens)
        consider(key)
        if !key.firstWord.isEmpty { consider(FamilyKey(length: tokens.count, firstWord: [])) }
        return best
    }

    /// The template record for a line of `family`, created on first sight.
    private func record(for family: Int32, _ tokens: [[UInt8]], sample: String) -> Int32 {
        let rendered = families[Int(family)].renderedTokens(tokens)
        let text = Family.text(of: rendered)
        if let existing = recordsByText[text] { return resolve(existing) }
        let index = Int32(records.count)
        records.append(TemplateRecord(rendered: rendered, family: family, exemplar: tokens, sample: sample))
        recordsByText[text] = index
        families[Int(family)].templates.append(index)
        return index
    }

    /// A family changed: re-render each of its templates, merging those whose text now coincides.
    private func rerender(_ family: Int32) {
        let current = families[Int(family)].templates
        var alive: [Int32] = []
        for index in current {
            let rendered = families[Int(family)].renderedTokens(records[Int(index)].exemplar)
            let text = Family.text(of: rendered)
            let oldText = records[Int(index)].text
            if text == oldText {
                if !alive.contains(index) { alive.append(index) }
                continue
            }
            if let target = recordsByText[text].map(resolve), target != index {
                // merge into the template that already has this text
                let source = records[Int(index)]
                records[Int(target)].merge(source)
                records[Int(index)].mergedInto = target
                renamed[source.id] = records[Int(target)].id
                recordsByText[oldText] = target
                if !alive.contains(target), records[Int(target)].family == family { alive.append(target) }
            } else {
                let oldID = records[Int(index)].id
                records[Int(index)].rename(to: rendered)
                renamed[oldID] = records[Int(index)].id
                recordsByText[oldText] = index
                recordsByText[text] = index
                if !alive.contains(index) { alive.append(index) }
            }
        }
        families[Int(family)].templates = alive
    }

    private func resolve(_ index: Int32) -> Int32 {
        var i = index
        while records[Int(i)].mergedInto >= 0 { i = records[Int(i)].mergedInto }
        return i
    }

    // MARK: - Matching without learning

    /// The known template `message` belongs to, without changing anything; nil when none fits.
    public func match(_ message: String) -> TemplateRef? {
        var message = message
        let masked = message.withUTF8 { bytes -> MaskedMessage in
            masker.mask(bytes: bytes)
            return masker.masked
        }
        let hash = masked.key.withUnsafeBufferPointer { Hashing.fnv1a($0) }
        if let shape = masked.key.withUnsafeBufferPointer({ shapes.find($0, hash: hash) }) {
            return TemplateRef(index: resolve(shapes.entries[shape].template))
        }
        let tokens = masked.tokenBytes
        guard let family = bestFamily(for: tokens) else { return nil }
        let text = families[Int(family)].render(tokens)
        // A new word where the family is still literal would be a new template: no match.
        return recordsByText[text].map { TemplateRef(index: resolve($0)) }
    }

    // MARK: - Results

    /// The template as it stands now (after any merges since the line was mined).
    public func template(_ ref: TemplateRef) -> MinedTemplate {
        records[Int(resolve(ref.index))].summary
    }

    /// The id and text of a template as it stands now; cheaper than ``template(_:)``.
    public func identity(_ ref: TemplateRef) -> (id: String, text: String) {
        let record = records[Int(resolve(ref.index))]
        return (record.id, record.text)
    }

    /// Every current template, most frequent first (ties by id).
    public var templates: [MinedTemplate] {
        records.filter { $0.mergedInto < 0 }.map(\.summary)
            .sorted { $0.count != $1.count ? $0.count > $1.count : $0.id < $1.id }
    }

    /// Old template id → the id of the template it became, for every template that merged or changed.
    public var mergedIDs: [String: String] {
        var result: [String: String] = [:]
        for old in renamed.keys {
            var id = old
            var seen: Set<String> = []
            while let next = renamed[id], seen.insert(id).inserted { id = next }
            if id != old { result[old] = id }
        }
        return result
    }
}

/// Where a family is filed: token count and the statement's first word (empty when none leads the line).
struct FamilyKey: Hashable {
    var length: Int
    var firstWord: [UInt8]

    init(length: Int, firstWord: [UInt8]) {
        self.length = length
        self.firstWord = firstWord
    }

    init(_ tokens: [[UInt8]]) {
        length = tokens.count
        firstWord = Family.firstWordIndex(tokens).map { tokens[$0] } ?? []
    }
}

/// The ids of templates: 12 hex digits of a 64-bit FNV-1a hash of the template text, so the same
/// template has the same id on every machine and run.
public enum TemplateID {
    public static func of(_ text: String) -> String {
        let hex = String(Hashing.fnv1a(text), radix: 16)
        let padded = String(repeating: "0", count: max(0, 16 - hex.count)) + hex
        return String(padded.prefix(12))
    }
}

// MARK: - Persistence

extension TemplateMiner {
    /// What the miner has learned (families and their templates), without counts or values: enough for a
    /// later run to mine new input into the same templates, with the same ids.
    public struct State: Sendable, Hashable, Codable {
        struct FamilyState: Sendable, Hashable, Codable {
            var tokens: [String]
            var positions: [PositionState?]
            /// A catch-all family past the family bound.
            var overflow: Bool
        }

        struct PositionState: Sendable, Hashable, Codable {
            var values: [String]
            var merged: String
            var isParameter: Bool
        }

        struct TemplateState: Sendable, Hashable, Codable {
            var family: Int32
            var exemplar: [String]
        }

        var families: [FamilyState]
        var templates: [TemplateState]

        public var isEmpty: Bool { templates.isEmpty }
        public static let empty = State(families: [], templates: [])
    }

    /// The learned state; templates merged into others are left out.
    public var state: State {
        let families = families.indices.map { index -> State.FamilyState in
            let family = self.families[index]
            return State.FamilyState(
                tokens: family.tokens.map(Self.text),
                positions: family.positions.map { position in
                    position.map {
                        State.PositionState(values: $0.values.map(Self.text), merged: Self.text($0.merged), isParameter: $0.isParameter)
                    }
                },
                overflow: familiesByKey[FamilyKey(length: family.tokens.count, firstWord: [0])]?.contains(Int32(index)) ?? false)
        }
        let templates = records.filter { $0.mergedInto < 0 }.map {
            State.TemplateState(family: $0.family, exemplar: $0.exemplar.map(Self.text))
        }
        return State(families: families, templates: templates)
    }

    /// A miner that continues from `state`: its templates exist (with no occurrences yet) and new lines
    /// join them as they would have in the run that saved it.
    public convenience init(state: State, configuration: Configuration = .default) {
        self.init(configuration: configuration)
        for saved in state.families {
            var family = Family(tokens: saved.tokens.map { Array($0.utf8) })
            family.positions = saved.positions.map { position in
                position.map { Family.Position(values: $0.values.map { Array($0.utf8) }, merged: Array($0.merged.utf8), isParameter: $0.isParameter) }
            }
            // A corrupt state must not crash the miner: positions always match the token count.
            if family.positions.count != family.tokens.count {
                family.positions = Array(repeating: nil, count: family.tokens.count)
            }
            let key = saved.overflow ? FamilyKey(length: family.tokens.count, firstWord: [0]) : FamilyKey(family.tokens)
            _ = startFamily(family.tokens, key: key)
            families[families.count - 1] = family
        }
        for saved in state.templates where saved.family >= 0 && Int(saved.family) < families.count {
            let exemplar = saved.exemplar.map { Array($0.utf8) }
            guard exemplar.count == families[Int(saved.family)].tokens.count else { continue }
            _ = record(for: saved.family, exemplar, sample: "")
        }
    }

    private static func text(_ bytes: [UInt8]) -> String { String(decoding: bytes, as: UTF8.self) }
}
