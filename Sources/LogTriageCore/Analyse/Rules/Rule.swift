/// Built-in (or per-project) knowledge about one kind of backend failure: what it looks like in the logs, and
/// what an engineer would suspect, ask, check and try. Texts may name the issue's values with placeholders
/// (`{endpoint}`, `{env|the setting}`, a pattern's named capture), filled in when the rule matches.
///
/// In YAML every field but `id` may be left out (a project entry `{id: health-check-noise, disabled: true}`
/// needs nothing else); ``RulePack/compiled()`` insists on a title and at least one match criterion.
public struct Rule: Sendable, Hashable, Codable {
    public var id: String
    public var title: String
    public var match: RuleMatcher
    /// Generic area: `auth`, `database`, `network`, `configuration`, `runtime`, `dev-server`, `http`…
    public var subsystem: String?
    /// Left out when the rule cannot tell (an out-of-memory kill may be a limit or a leak).
    public var kind: IssueKind?
    /// Set when the rule knows better than the log level (a reloader's WARNING is low, a full disk critical).
    public var severity: IssueSeverity?
    public var hypotheses: [Hypothesis]
    /// Root-cause questions to answer.
    public var questions: [String]
    /// How to tell the fix worked.
    public var validation: [String]
    /// Fix options, most likely first.
    public var fixes: [String]
    /// In a project pack: drop the built-in rule with this id.
    public var disabled: Bool?
    /// Issues the rule must match and near misses it must not; `logtriage rules --check` runs them.
    public var examples: RuleExamples?
    /// Where the rule came from. Not part of the YAML: ``RulePack/extended(with:)`` marks project rules.
    public var origin: RuleOrigin = .builtin

    public init(
        id: String, title: String, match: RuleMatcher, subsystem: String? = nil, kind: IssueKind? = nil,
        severity: IssueSeverity? = nil, hypotheses: [Hypothesis] = [], questions: [String] = [],
        validation: [String] = [], fixes: [String] = [], disabled: Bool? = nil, examples: RuleExamples? = nil,
        origin: RuleOrigin = .builtin
    ) {
        self.id = id
        self.title = title
        self.match = match
        self.subsystem = subsystem
        self.kind = kind
        self.severity = severity
        self.hypotheses = hypotheses
        self.questions = questions
        self.validation = validation
        self.fixes = fixes
        self.disabled = disabled
        self.examples = examples
        self.origin = origin
    }

    public var isDisabled: Bool { disabled ?? false }

    /// The hypotheses to test first.
    public var primaryHypotheses: [Hypothesis] { hypotheses.filter { !$0.secondary } }
    public var secondaryHypotheses: [Hypothesis] { hypotheses.filter(\.secondary) }

    enum CodingKeys: String, CodingKey {
        case id, title, match, subsystem, kind, severity, hypotheses, questions, validation, fixes, disabled, examples
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        id = try container.decode(String.self, forKey: .id)
        title = try container.decodeIfPresent(String.self, forKey: .title) ?? ""
        match = try container.decodeIfPresent(RuleMatcher.self, forKey: .match) ?? RuleMatcher()
        subsystem = try container.decodeIfPresent(String.self, forKey: .subsystem)
        kind = try container.decodeIfPresent(DocumentWord<IssueKind>.self, forKey: .kind)?.value
        severity = try container.decodeIfPresent(DocumentWord<IssueSeverity>.self, forKey: .severity)?.value
        hypotheses = try container.decodeIfPresent([Hypothesis].self, forKey: .hypotheses) ?? []
        questions = try container.decodeList(String.self, forKey: .questions)
        validation = try container.decodeList(String.self, forKey: .validation)
        fixes = try container.decodeList(String.self, forKey: .fixes)
        disabled = try container.decodeIfPresent(Bool.self, forKey: .disabled)
        examples = try container.decodeIfPresent(RuleExamples.self, forKey: .examples)
    }
}

public enum RuleOrigin: String, Sendable, Hashable, Codable {
    case builtin = "built-in"
    case project
}

/// A possible root cause. Primary hypotheses are the ones to test first; secondary ones come next.
public struct Hypothesis: Sendable, Hashable, Codable {
    public var text: String
    public var confidence: Confidence
    public var secondary: Bool

    public init(_ text: String, confidence: Confidence = .medium, secondary: Bool = false) {
        self.text = text
        self.confidence = confidence
        self.secondary = secondary
    }

    enum CodingKeys: String, CodingKey { case text, confidence, secondary }

    /// Either `{text, confidence, secondary}` or just the text (a primary hypothesis of medium confidence).
    public init(from decoder: any Decoder) throws {
        if let text = try? decoder.singleValueContainer().decode(String.self) {
            self.init(text)
            return
        }
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            try container.decode(String.self, forKey: .text),
            confidence: try container.decodeIfPresent(DocumentWord<Confidence>.self, forKey: .confidence)?.value ?? .medium,
            secondary: try container.decodeIfPresent(Bool.self, forKey: .secondary) ?? false)
    }
}

/// When a rule applies. Every criterion that is given must hold; criteria left out are ignored. Patterns are
/// regular expressions (Swift `Regex` syntax, `\b` between word and non-word characters as in PCRE), matched
/// case-insensitively anywhere in the text (`(?-i:[A-Z]+)` turns that off); each list matches when any one of
/// its patterns does. In YAML a list of one may be written as a plain value.
public struct RuleMatcher: Sendable, Hashable, Codable {
    /// Searched in the issue's templates, sample lines and exception types. Named captures (`(?<env>…)`)
    /// become placeholders (`{env}`).
    public var text: [String]
    /// Searched in the exception types (`httpx.ReadTimeout`).
    public var exception: [String]
    /// Searched in the logger names.
    public var logger: [String]
    /// HTTP statuses seen: `401`, `4xx`, `50x`.
    public var status: [String]
    /// Searched in the files of the issue's code sites.
    public var file: [String]
    /// The issue's highest level must be at least this.
    public var minLevel: Level?
    /// Vetoes: the rule does not apply when one of these is found where `text` is searched.
    public var unless: [String]

    public init(
        text: [String] = [], exception: [String] = [], logger: [String] = [], status: [String] = [],
        file: [String] = [], minLevel: Level? = nil, unless: [String] = []
    ) {
        self.text = text
        self.exception = exception
        self.logger = logger
        self.status = status
        self.file = file
        self.minLevel = minLevel
        self.unless = unless
    }

    /// Whether nothing is asked: such a rule would match every issue.
    public var isEmpty: Bool {
        text.isEmpty && exception.isEmpty && logger.isEmpty && status.isEmpty && file.isEmpty && minLevel == nil
    }

    enum CodingKeys: String, CodingKey {
        case text, exception, logger, status, file, unless
        case minLevel = "min_level"
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        text = try container.decodeList(String.self, forKey: .text)
        exception = try container.decodeList(String.self, forKey: .exception)
        logger = try container.decodeList(String.self, forKey: .logger)
        // `status: 401` is read as a number, `status: 4xx` as text.
        status = try container.decodeList(StatusText.self, forKey: .status).map(\.text)
        file = try container.decodeList(String.self, forKey: .file)
        minLevel = try container.decodeIfPresent(LevelName.self, forKey: .minLevel)?.level
        unless = try container.decodeList(String.self, forKey: .unless)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        for (key, list) in [(CodingKeys.text, text), (.exception, exception), (.logger, logger), (.status, status),
                            (.file, file), (.unless, unless)] where !list.isEmpty {
            try container.encode(list, forKey: key)
        }
        try container.encodeIfPresent(minLevel?.name.lowercased(), forKey: .minLevel)
    }
}

/// Example issues for a rule: each `match` example must be matched by it, no `noMatch` example may be.
public struct RuleExamples: Sendable, Hashable, Codable {
    public var match: [RuleExample]
    public var noMatch: [RuleExample]

    public init(match: [RuleExample] = [], noMatch: [RuleExample] = []) {
        self.match = match
        self.noMatch = noMatch
    }

    enum CodingKeys: String, CodingKey {
        case match
        case noMatch = "no_match"
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        match = try container.decodeList(RuleExample.self, forKey: .match)
        noMatch = try container.decodeList(RuleExample.self, forKey: .noMatch)
    }
}

/// A small issue written by hand: `{text: "...", exception: "...", logger: "...", status: 401}`, or just the
/// text. Each text line stands for both a template and a sample.
public struct RuleExample: Sendable, Hashable, Codable {
    public var text: [String]
    public var exception: [String]
    public var logger: [String]
    public var status: [Int]
    public var level: Level?
    public var file: [String]
    public var values: [String: [String]]

    public init(
        text: [String] = [], exception: [String] = [], logger: [String] = [], status: [Int] = [],
        level: Level? = nil, file: [String] = [], values: [String: [String]] = [:]
    ) {
        self.text = text
        self.exception = exception
        self.logger = logger
        self.status = status
        self.level = level
        self.file = file
        self.values = values
    }

    /// The issue the example describes.
    public var facts: IssueFacts {
        IssueFacts(
            templates: text, samples: text, loggers: logger, exceptionTypes: exception, statuses: status,
            level: level, codeFiles: file, values: values)
    }

    /// A short name for messages: the first line, else the exception, logger or status.
    public var summary: String {
        let name = text.first ?? exception.first ?? logger.first ?? status.first.map { "HTTP \($0)" } ?? "(empty)"
        let line = name.split(separator: "\n", omittingEmptySubsequences: true).first.map(String.init) ?? name
        return line.count <= 80 ? line : String(line.prefix(77)) + "…"
    }

    enum CodingKeys: String, CodingKey { case text, exception, logger, status, level, file, values }

    public init(from decoder: any Decoder) throws {
        if let line = try? decoder.singleValueContainer().decode(String.self) {
            self.init(text: [line])
            return
        }
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            text: try container.decodeList(String.self, forKey: .text),
            exception: try container.decodeList(String.self, forKey: .exception),
            logger: try container.decodeList(String.self, forKey: .logger),
            status: try container.decodeList(Int.self, forKey: .status),
            level: try container.decodeIfPresent(LevelName.self, forKey: .level)?.level,
            file: try container.decodeList(String.self, forKey: .file),
            values: try container.decodeIfPresent([String: OneOrMany<String>].self, forKey: .values)?
                .mapValues(\.items) ?? [:])
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(text, forKey: .text)
        if !exception.isEmpty { try container.encode(exception, forKey: .exception) }
        if !logger.isEmpty { try container.encode(logger, forKey: .logger) }
        if !status.isEmpty { try container.encode(status, forKey: .status) }
        try container.encodeIfPresent(level?.name.lowercased(), forKey: .level)
        if !file.isEmpty { try container.encode(file, forKey: .file) }
        if !values.isEmpty { try container.encode(values, forKey: .values) }
    }
}

// MARK: - Decoding helpers

/// One value or a list of them: YAML authors write `text: "Signature has expired"` as often as a list.
struct OneOrMany<Element: Decodable>: Decodable {
    var items: [Element]

    init(from decoder: any Decoder) throws {
        if let one = try? decoder.singleValueContainer().decode(Element.self) {
            items = [one]
        } else {
            items = try [Element](from: decoder)
        }
    }
}

extension KeyedDecodingContainer {
    /// A list that may be absent, null, one value or a sequence.
    func decodeList<Element: Decodable>(_ type: Element.Type, forKey key: Key) throws -> [Element] {
        guard contains(key), try !decodeNil(forKey: key) else { return [] }
        return try decode(OneOrMany<Element>.self, forKey: key).items
    }
}

/// A level written as its name (`warning`, `ERROR`), not as the number ``Level`` encodes to.
struct LevelName: Decodable {
    var level: Level

    init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let name = try container.decode(String.self)
        guard let level = Level(name: name) else {
            throw DecodingError.dataCorruptedError(
                in: container, debugDescription: "'\(name)' is not a level (trace, debug, info, warning, error, critical)")
        }
        self.level = level
    }
}

/// A kind, severity or confidence as people write it (`code-defect`, `Code defect`, `High`), not only as its
/// raw value.
struct DocumentWord<Value: WrittenWord>: Decodable {
    var value: Value

    init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        guard let value = Value(rawValue: text) ?? Value(text: text) else {
            let choices = Value.allCases.map(\.rawValue).joined(separator: ", ")
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "'\(text)' is not one of \(choices)")
        }
        self.value = value
    }
}

/// The tracker's words with a raw value and a lenient reading.
protocol WrittenWord: RawRepresentable<String>, CaseIterable {
    init?(text: String)
}

extension IssueKind: WrittenWord {}
extension IssueSeverity: WrittenWord {}
extension Confidence: WrittenWord {}

/// An HTTP status pattern written as a number (`401`) or text (`4xx`).
struct StatusText: Decodable {
    var text: String

    init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let number = try? container.decode(Int.self) {
            text = String(number)
        } else {
            text = try container.decode(String.self)
        }
    }
}
