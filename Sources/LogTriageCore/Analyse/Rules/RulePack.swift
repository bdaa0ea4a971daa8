/// Rules, built-in plus per-project. Codable, so YAML (decoded with Yams in the CLI) maps onto it directly:
///
/// ```yaml
/// rules:
///   - id: payments-webhook-signature
///     title: Payment webhooks rejected for a bad signature
///     match:
///       text: ['webhook signature (verification )?failed']
///       logger: ['payments']
///     subsystem: payments
///     kind: configuration
///     hypotheses:
///       - {text: "The webhook secret differs from the provider dashboard's.", confidence: high}
///     questions: [...]
///     validation: [...]
///     fixes: [...]
///     examples:
///       match: ["Webhook signature verification failed for event evt_1"]
///       no_match: ["Webhook evt_1 processed"]
///   - {id: health-check-noise, disabled: true}
/// ```
public struct RulePack: Sendable, Hashable, Codable {
    public var rules: [Rule]

    public init(rules: [Rule] = []) {
        self.rules = rules
    }

    enum CodingKeys: String, CodingKey { case rules }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        rules = try container.decodeIfPresent([Rule].self, forKey: .rules) ?? []
    }

    /// This pack with `project`'s rules: a project rule with the id of one of these replaces it where it
    /// stands, `disabled: true` removes it, and new rules come after. Project rules are marked as such.
    public func extended(with project: RulePack) -> RulePack {
        var result = rules
        for var rule in project.rules {
            rule.origin = .project
            let existing = result.firstIndex { $0.id == rule.id }
            switch (existing, rule.isDisabled) {
            case (let index?, true): result.remove(at: index)
            case (let index?, false): result[index] = rule
            case (nil, false): result.append(rule)
            case (nil, true): break  // disables nothing; harmless
            }
        }
        return RulePack(rules: result)
    }

    /// The pack ready to match: patterns compiled and every rule checked. Disabled rules are left out.
    public func compiled() throws -> CompiledRulePack {
        var seen = Set<String>()
        var compiled: [CompiledRule] = []
        for rule in rules where !rule.isDisabled {
            guard seen.insert(rule.id).inserted else { throw RuleError(rule.id, .duplicateID) }
            compiled.append(try CompiledRule(rule))
        }
        return CompiledRulePack(rules: compiled)
    }
}

/// Why a rule cannot be used. The description is a whole sentence naming the rule.
public struct RuleError: Error, Sendable, Hashable, CustomStringConvertible {
    public enum Problem: Sendable, Hashable {
        case missingID
        case duplicateID
        case missingTitle
        case noCriteria
        /// `field` is `text`, `exception`, `logger`, `file` or `unless`.
        case badPattern(field: String, pattern: String, detail: String)
        case badStatus(String)
    }

    public var ruleID: String
    public var problem: Problem

    public init(_ ruleID: String, _ problem: Problem) {
        self.ruleID = ruleID
        self.problem = problem
    }

    public var description: String {
        let rule = "Rule '\(ruleID)'"
        switch problem {
        case .missingID:
            return "A rule has no id; give every rule an `id`."
        case .duplicateID:
            return "\(rule) is defined twice in one pack; give each rule its own id."
        case .missingTitle:
            return "\(rule) has no title."
        case .noCriteria:
            return "\(rule) has no match criteria, so it would match every issue; give it `text`, `exception`, "
                + "`logger`, `status`, `file` or `min_level`."
        case .badPattern(let field, let pattern, let detail):
            return "\(rule) has an invalid \(field) pattern `\(pattern)`: \(detail)."
        case .badStatus(let status):
            return "\(rule) has an invalid status `\(status)`; write a status as `401`, `4xx` or `50x`."
        }
    }
}
