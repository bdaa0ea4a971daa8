/// Fills a rule's placeholders with an issue's values.
///
/// `{name}` becomes the values known for `name` as code spans (at most three, then "and N more");
/// `{name|words}` becomes `words` when none is known, and a bare `{name}` a generic phrase ("the endpoint").
/// Braces around anything but a name (`{"type": "json_object"}`) are left as written.
public struct RuleText: Sendable {
    /// Values by placeholder name, best first.
    public var lookup: @Sendable (String) -> [String]

    public init(lookup: @escaping @Sendable (String) -> [String]) {
        self.lookup = lookup
    }

    /// Values from a pattern's named captures first, then from the issue.
    public init(facts: IssueFacts, captures: [String: [String]] = [:]) {
        self.init { name in ((captures[name] ?? []) + facts.values(named: name)).uniqued() }
    }

    /// At most this many values are spelled out.
    public static let shownValues = 3

    public func fill(_ text: String) -> String {
        guard text.contains("{") else { return text }
        var result = ""
        var rest = text[...]
        while let open = rest.firstIndex(of: "{") {
            result += rest[..<open]
            let afterOpen = rest.index(after: open)
            guard let close = rest[afterOpen...].firstIndex(of: "}"),
                  let placeholder = Placeholder(rest[afterOpen..<close])
            else {
                result.append("{")
                rest = rest[afterOpen...]
                continue
            }
            result += replacement(for: placeholder)
            rest = rest[rest.index(after: close)...]
        }
        return result + rest
    }

    func replacement(for placeholder: Placeholder) -> String {
        let values = lookup(placeholder.name).map(Self.clean).filter { !$0.isEmpty }
        guard !values.isEmpty else { return placeholder.fallback ?? Self.genericPhrase(placeholder.name) }
        return Self.list(values)
    }

    /// "`a`, `b`, `c` and 2 more".
    public static func list(_ values: [String]) -> String {
        let shown = values.prefix(shownValues).map { "`\($0)`" }.joined(separator: ", ")
        return values.count > shownValues ? "\(shown) and \(values.count - shownValues) more" : shown
    }

    /// One line, no backticks (they would end the code span), not too long.
    static func clean(_ value: String) -> String {
        var line = ""
        for character in value {
            if character == "`" { continue }
            line.append(character.isNewline || character == "\t" ? " " : character)
        }
        while line.last == " " { line.removeLast() }
        while line.first == " " { line.removeFirst() }
        return line.count <= 120 ? line : String(line.prefix(119)) + "…"
    }

    /// What a placeholder without a value or fallback says, so the text still reads as a sentence.
    static func genericPhrase(_ name: String) -> String {
        switch name {
        case "endpoint": "the failing endpoints"
        case "env": "the environment variable"
        case "host": "the upstream host"
        case "file": "the code site"
        case "status": "the HTTP status"
        case "model": "the model id"
        default: "the " + name.map { $0 == "_" ? " " : $0 }
        }
    }

    /// `name` or `name|fallback words`; names are letters, digits and underscores, not starting with a digit.
    struct Placeholder {
        var name: String
        var fallback: String?

        init?(_ content: Substring) {
            let parts = content.split(separator: "|", maxSplits: 1, omittingEmptySubsequences: false)
            let name = parts[0]
            guard let first = name.first, first == "_" || (first.isASCII && first.isLetter),
                  name.allSatisfy({ $0 == "_" || ($0.isASCII && ($0.isLetter || $0.isNumber)) })
            else { return nil }
            self.name = String(name)
            fallback = parts.count > 1 ? String(parts[1]) : nil
        }
    }
}

extension Rule {
    /// The rule with every text filled: title, hypotheses, questions, validation steps and fixes.
    public func filled(_ text: RuleText) -> Rule {
        var rule = self
        rule.title = text.fill(title)
        rule.hypotheses = hypotheses.map { Hypothesis(text.fill($0.text), confidence: $0.confidence, secondary: $0.secondary) }
        rule.questions = questions.map(text.fill)
        rule.validation = validation.map(text.fill)
        rule.fixes = fixes.map(text.fill)
        return rule
    }
}
