/// A rule pack ready to explain issues.
public struct CompiledRulePack: Sendable {
    /// In pack order.
    public let rules: [CompiledRule]

    public init(rules: [CompiledRule]) {
        self.rules = rules
    }

    public func rule(id: String) -> CompiledRule? {
        rules.first { $0.rule.id == id }
    }

    /// The rules that apply to an issue, best first: more criteria met, then longer matched text (so
    /// "Signature has expired" beats a bare HTTP 401), then pack order.
    public func matches(_ facts: IssueFacts) -> [RuleMatch] {
        let texts = SearchTexts(facts)
        let found = rules.enumerated().compactMap { index, rule in rule.match(facts, texts).map { (index, $0) } }
        return found.sorted { a, b in
            if a.1.criteriaMet != b.1.criteriaMet { return a.1.criteriaMet > b.1.criteriaMet }
            if a.1.matchedLength != b.1.matchedLength { return a.1.matchedLength > b.1.matchedLength }
            return a.0 < b.0
        }.map(\.1)
    }

    /// Runs every rule's examples against the pack.
    public func checkExamples() -> [RuleExampleProblem] {
        rules.flatMap { checkExamples(of: $0) }
    }

    /// Runs one rule's examples: each `match` example must be matched (and should rank first), no `noMatch`
    /// example may be.
    public func checkExamples(of compiled: CompiledRule) -> [RuleExampleProblem] {
        guard let examples = compiled.rule.examples else { return [] }
        let id = compiled.rule.id
        var problems: [RuleExampleProblem] = []
        for example in examples.match {
            guard compiled.match(example.facts) != nil else {
                problems.append(RuleExampleProblem(ruleID: id, example: example, kind: .notMatched))
                continue
            }
            if let first = matches(example.facts).first, first.rule.id != id {
                problems.append(RuleExampleProblem(ruleID: id, example: example, kind: .outranked(by: first.rule.id)))
            }
        }
        for example in examples.noMatch {
            if let found = compiled.match(example.facts) {
                problems.append(RuleExampleProblem(ruleID: id, example: example, kind: .matched(found.reasons)))
            }
        }
        return problems
    }
}

/// A rule that applies to an issue.
public struct RuleMatch: Sendable {
    /// The rule, its texts filled with the issue's values.
    public var rule: Rule
    /// Why it matched: "message matches `Signature has expired`", "exception `httpx.ReadTimeout`", "HTTP 401".
    public var reasons: [String]
    /// Values of the text patterns' named captures, best first.
    public var captures: [String: [String]]
    /// How many of the rule's criteria held (all of the given ones).
    public var criteriaMet: Int
    /// Length of the longest text a pattern matched.
    public var matchedLength: Int
}

/// A rule example that does not behave as written.
public struct RuleExampleProblem: Sendable, Hashable, CustomStringConvertible {
    public enum Kind: Sendable, Hashable {
        /// A `match` example the rule misses.
        case notMatched
        /// A `noMatch` example the rule matches, and why.
        case matched([String])
        /// A `match` example the rule matches, but another rule ranks first. Not a failure: both apply.
        case outranked(by: String)
    }

    public var ruleID: String
    public var example: RuleExample
    public var kind: Kind

    public init(ruleID: String, example: RuleExample, kind: Kind) {
        self.ruleID = ruleID
        self.example = example
        self.kind = kind
    }

    /// Whether the example contradicts the rule (an outranked example does not).
    public var isFailure: Bool {
        if case .outranked = kind { return false }
        return true
    }

    public var description: String {
        let example = "example `\(example.summary)`"
        switch kind {
        case .notMatched:
            return "Rule '\(ruleID)' does not match its \(example)."
        case .matched(let reasons):
            return "Rule '\(ruleID)' matches its no-match \(example) (\(reasons.joined(separator: "; ")))."
        case .outranked(let other):
            return "Rule '\(ruleID)' matches its \(example), but rule '\(other)' ranks first."
        }
    }
}

/// One rule with its patterns compiled.
public struct CompiledRule: Sendable {
    public let rule: Rule
    let text: [Pattern]
    let exception: [Pattern]
    let logger: [Pattern]
    let file: [Pattern]
    let unless: [Pattern]
    let statuses: [StatusPattern]

    /// Compiles the patterns; throws ``RuleError`` naming the rule and the pattern that does not compile.
    public init(_ rule: Rule) throws {
        guard !rule.id.isEmpty else { throw RuleError("", .missingID) }
        guard !rule.title.isEmpty else { throw RuleError(rule.id, .missingTitle) }
        guard !rule.match.isEmpty else { throw RuleError(rule.id, .noCriteria) }
        func compile(_ patterns: [String], _ field: String) throws -> [Pattern] {
            try patterns.map { source in
                do {
                    // Simple word boundaries, as in PCRE: with Unicode's, `\bReadTimeout` misses `httpx.ReadTimeout`.
                    let regex = try Regex(source).ignoresCase().wordBoundaryKind(.simple)
                    return Pattern(source: source, regex: regex, prefilter: PatternPrefilter(pattern: source))
                } catch {
                    throw RuleError(rule.id, .badPattern(field: field, pattern: source, detail: "\(error)"))
                }
            }
        }
        self.rule = rule
        text = try compile(rule.match.text, "text")
        exception = try compile(rule.match.exception, "exception")
        logger = try compile(rule.match.logger, "logger")
        file = try compile(rule.match.file, "file")
        unless = try compile(rule.match.unless, "unless")
        statuses = try rule.match.status.map { text in
            guard let pattern = StatusPattern(text) else { throw RuleError(rule.id, .badStatus(text)) }
            return pattern
        }
    }

    /// The match when every given criterion holds and no `unless` pattern is found; the rule's texts come
    /// back filled with the issue's values.
    public func match(_ facts: IssueFacts) -> RuleMatch? {
        match(facts, SearchTexts(facts))
    }

    func match(_ facts: IssueFacts, _ texts: SearchTexts) -> RuleMatch? {
        for pattern in unless where texts.entries.contains(where: { pattern.firstMatch(in: $0) != nil }) { return nil }

        var reasons: [String] = []
        var captures: [String: [String]] = [:]
        var criteriaMet = 0
        var matchedLength = 0

        if !text.isEmpty {
            var best: (text: String, inException: Bool)?
            for pattern in text {
                for entry in texts.entries {
                    guard let found = pattern.firstMatch(in: entry) else { continue }
                    let matched = String(entry.text[found.range])
                    if matched.count > (best?.text.count ?? -1) { best = (matched, entry.inException) }
                    for element in found.output {
                        guard let name = element.name, let value = element.substring.map(String.init),
                              Self.isRealValue(value) else { continue }
                        if !captures[name, default: []].contains(value) { captures[name, default: []].append(value) }
                    }
                }
            }
            guard let best else { return nil }
            criteriaMet += 1
            matchedLength = best.text.count
            reasons.append(best.inException ? "exception matches `\(Self.short(best.text))`"
                : "message matches `\(Self.short(best.text))`")
        }
        if !exception.isEmpty {
            guard let type = facts.exceptionTypes.first(where: { type in exception.contains { type.contains($0.regex) } })
            else { return nil }
            criteriaMet += 1
            reasons.append("exception `\(type)`")
        }
        if !logger.isEmpty {
            guard let name = facts.loggers.first(where: { name in logger.contains { name.contains($0.regex) } })
            else { return nil }
            criteriaMet += 1
            reasons.append("logger `\(name)`")
        }
        if !statuses.isEmpty {
            let seen = facts.statuses.uniqued().filter { status in statuses.contains { $0.matches(status) } }
            guard !seen.isEmpty else { return nil }
            criteriaMet += 1
            reasons.append(seen.prefix(3).map { "HTTP \($0)" }.joined(separator: ", "))
        }
        if !file.isEmpty {
            guard let path = facts.codeFiles.first(where: { path in file.contains { path.contains($0.regex) } })
            else { return nil }
            criteriaMet += 1
            reasons.append("code in `\(path)`")
        }
        if let minLevel = rule.match.minLevel {
            guard let level = facts.level, level >= minLevel else { return nil }
            criteriaMet += 1
            reasons.append("level \(level.name)")
        }
        let filled = rule.filled(RuleText(facts: facts, captures: captures))
        return RuleMatch(
            rule: filled, reasons: reasons, captures: captures, criteriaMet: criteriaMet, matchedLength: matchedLength)
    }

    /// A capture of a template's `<placeholder>` or a format string's `%s` or `{}` says nothing about the issue.
    static func isRealValue(_ value: String) -> Bool {
        guard let first = value.first else { return false }
        if first == "<" && value.hasSuffix(">") { return false }
        return first != "%" && first != "{"
    }

    static func short(_ text: String) -> String {
        let line = text.split(whereSeparator: \.isNewline).joined(separator: " ")
        return line.count <= 80 ? line : String(line.prefix(77)) + "…"
    }
}

/// A compiled pattern with the text it was written as.
///
/// `@unchecked`: `Regex` is an immutable value, safe to share (it is `Sendable` whenever its output type is);
/// only `AnyRegexOutput`, the output type of a pattern written at run time, is not marked so.
struct Pattern: @unchecked Sendable {
    var source: String
    var regex: Regex<AnyRegexOutput>
    var prefilter: PatternPrefilter?

    func firstMatch(in entry: SearchTexts.Entry) -> Regex<AnyRegexOutput>.Match? {
        if let prefilter, !prefilter.admits(entry.folded) { return nil }
        return entry.text.firstMatch(of: regex)
    }
}

/// The texts text patterns search, each once, with their case-folded bytes for the prefilters. Exception types
/// are searched with the messages: "ReadTimeout" is as telling in a type as in a message.
struct SearchTexts {
    struct Entry {
        var text: String
        var folded: [UInt8]
        var inException: Bool
    }

    var entries: [Entry] = []

    init(_ facts: IssueFacts) {
        var seen = Set<String>()
        for (texts, inException) in [(facts.samples, false), (facts.templates, false), (facts.exceptionTypes, true)] {
            for text in texts where seen.insert(text).inserted {
                entries.append(Entry(text: text, folded: PatternPrefilter.folded(text), inException: inException))
            }
        }
    }
}

/// `401`, `4xx`, `50x`: three characters, digits or `x` for any digit.
struct StatusPattern: Sendable, Hashable {
    var digits: [Character]

    init?(_ text: String) {
        let characters = Array(text.lowercased())
        guard characters.count == 3, characters.allSatisfy({ $0 == "x" || ($0.isASCII && $0.isNumber) }),
              characters[0] != "x"
        else { return nil }
        digits = characters
    }

    func matches(_ status: Int) -> Bool {
        let text = Array(String(status))
        guard text.count == 3 else { return false }
        return zip(digits, text).allSatisfy { $0 == "x" || $0 == $1 }
    }
}
