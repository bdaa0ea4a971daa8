import Testing
import Yams

@testable import LogTriageCore

/// The built-in pack, decoded the way the CLI decodes it.
enum BuiltinPack {
    static let decoded: Result<RulePack, any Error> = Result {
        try YAMLDecoder().decode(RulePack.self, from: RulePack.builtinYAML)
    }

    static func pack() throws -> RulePack { try decoded.get() }
    static func compiled() throws -> CompiledRulePack { try pack().compiled() }

    /// Rule ids for parameterised tests; a placeholder id when the YAML does not decode (that test then fails).
    static let ids: [String] = (try? decoded.get())?.rules.map(\.id) ?? ["<built-in YAML does not decode>"]
}

// MARK: - The built-in pack

struct BuiltinRulePackTests {
    @Test func decodesAndCompiles() throws {
        let pack = try BuiltinPack.pack()
        #expect(pack.rules.count >= 30)
        #expect(Set(pack.rules.map(\.id)).count == pack.rules.count, "rule ids are unique")
        let compiled = try pack.compiled()
        #expect(compiled.rules.count == pack.rules.count)
        #expect(compiled.rules.allSatisfy { $0.rule.origin == .builtin })
    }

    @Test(arguments: BuiltinPack.ids)
    func examplesBehave(_ id: String) throws {
        let pack = try BuiltinPack.compiled()
        let rule = try #require(pack.rule(id: id))
        let examples = try #require(rule.rule.examples, "\(id) has examples")
        #expect(!examples.match.isEmpty, "\(id) has match examples")
        #expect(!examples.noMatch.isEmpty, "\(id) has no-match examples")
        // Outranked examples count too: a built-in example should be explained by its own rule first.
        for problem in pack.checkExamples(of: rule) {
            Issue.record("\(problem)")
        }
    }

    @Test(arguments: BuiltinPack.ids)
    func isComplete(_ id: String) throws {
        let rule = try #require(try BuiltinPack.pack().rules.first { $0.id == id })
        #expect(!rule.title.isEmpty)
        #expect(rule.subsystem?.isEmpty == false)
        #expect((1...2).contains(rule.primaryHypotheses.count), "primary hypotheses")
        #expect((1...2).contains(rule.secondaryHypotheses.count), "secondary hypotheses")
        #expect((2...4).contains(rule.questions.count), "questions")
        #expect((2...3).contains(rule.validation.count), "validation steps")
        #expect((2...3).contains(rule.fixes.count), "fix options")
        // A placeholder without a fallback reads as "the env" when no value is known; built-ins say better.
        let bare = try Regex(#"\{[A-Za-z_]\w*\}"#)
        for text in rule.allTexts {
            #expect(!text.contains(bare), "placeholder without fallback in: \(text)")
        }
    }

    @Test(arguments: BuiltinPack.ids)
    func matchedTextsHaveNoRawPlaceholders(_ id: String) throws {
        let pack = try BuiltinPack.compiled()
        let rule = try #require(pack.rule(id: id))
        // The examples carry no values with braces, and built-in texts have none of their own.
        for example in rule.rule.examples?.match ?? [] {
            let match = try #require(rule.match(example.facts))
            for text in match.rule.allTexts {
                #expect(!text.contains("{") && !text.contains("}"), "\(id): \(text)")
            }
        }
        for text in rule.rule.filled(RuleText(facts: IssueFacts())).allTexts {
            #expect(!text.contains("{") && !text.contains("}"), "\(id), no values: \(text)")
        }
    }

    @Test func aJWTExpiredIssuePicksTheJWTRuleBeforeTheGeneric401Rule() throws {
        let pack = try BuiltinPack.compiled()
        let facts = IssueFacts(
            templates: ["Token verification failed: Signature has expired"],
            samples: ["10.0.0.4 - \"GET /api/orders HTTP/1.1\" 401", "Token verification failed: Signature has expired"],
            statuses: [401], values: ["endpoint": ["/api/orders"]])
        let ids = pack.matches(facts).map(\.rule.id)
        #expect(ids.first == "jwt-expired")
        #expect(ids.contains("http-401-403-storm"))
        #expect(!ids.contains("token-verification-failed"), "the generic rule steps aside for the specific cause")
        let top = try #require(pack.matches(facts).first)
        #expect(top.reasons == ["message matches `Signature has expired`"])
        #expect(top.rule.title == "Expired JWTs rejected on `/api/orders`")
    }

    @Test func theExampleTrackersIssuesAreExplained() throws {
        let pack = try BuiltinPack.compiled()
        func first(_ lines: [String], _ values: [String: [String]] = [:]) -> String? {
            pack.matches(IssueFacts(templates: lines, samples: lines, values: values)).first?.rule.id
        }
        #expect(first([
            "Unverified token rejected (production).",
            "AUTHENTICATION ERROR: Token verification failed for endpoint: GET /api/subscription/status/<num>",
        ]) == "token-verification-failed")
        #expect(first([
            "HF structured model not found: %s. Trying fallback model.",
            "Hugging Face structured JSON generation failed: NotFoundError: Not Found",
        ]) == "upstream-model-not-found")
        #expect(first(["Cannot index content - service not initialized for user <user>"]) == "startup-not-ready")
        #expect(first(["StatReload detected changes in 'api\\today_workflow.py'. Reloading..."]) == "dev-reloader")
    }

    @Test func capturesAndValuesFillTheTexts() throws {
        let pack = try BuiltinPack.compiled()
        let reload = try #require(pack.matches(IssueFacts(
            samples: ["StatReload detected changes in 'api/today_workflow.py'. Reloading..."])).first)
        #expect(reload.rule.hypotheses[0].text.contains("when files change (`api/today_workflow.py`)"))
        #expect(reload.captures["changed"] == ["api/today_workflow.py"])

        let env = try #require(pack.matches(IssueFacts(
            samples: ["Traceback (most recent call last):\n  File \"app/config.py\", line 3\nKeyError: 'DATABASE_URL'"],
            exceptionTypes: ["KeyError"])).first)
        #expect(env.rule.id == "missing-env-var")
        #expect(env.rule.title == "Required environment variable `DATABASE_URL` missing")
        #expect(env.rule.fixes[0].contains("`DATABASE_URL`"))

        let model = try #require(pack.matches(IssueFacts(
            templates: ["HF structured model not found: <model>. Trying fallback model."],
            samples: ["HF structured model not found: %s. Trying fallback model."],
            values: ["model": ["Qwen/Qwen2.5-3B-Instruct"]])).first)
        #expect(model.rule.title == "Upstream model `Qwen/Qwen2.5-3B-Instruct` not found", "format strings and template placeholders are no values")
    }
}

extension Rule {
    var allTexts: [String] { [title] + hypotheses.map(\.text) + questions + validation + fixes }
}

// MARK: - Placeholders

struct RuleTextTests {
    let facts = IssueFacts(
        exceptionTypes: ["httpx.ReadTimeout"], statuses: [401, 403],
        values: ["endpoint": ["/api/orders/{id}", "/api/cart/items", "/api/a", "/api/b", "/api/c"], "env": ["SIF_FAIL_FAST"]])

    @Test func valuesBecomeCodeSpansAtMostThree() {
        let text = RuleText(facts: facts)
        #expect(text.fill("Fails on {endpoint}.") == "Fails on `/api/orders/{id}`, `/api/cart/items`, `/api/a` and 2 more.")
        #expect(text.fill("{env|the flag} is true") == "`SIF_FAIL_FAST` is true")
        #expect(text.fill("HTTP {status}") == "HTTP `401`, `403`")
        #expect(text.fill("raised {exception}") == "raised `httpx.ReadTimeout`")
    }

    @Test func fallbacksWhenNoValueIsKnown() {
        let text = RuleText(facts: IssueFacts())
        #expect(text.fill("Check {model|the configured model}.") == "Check the configured model.")
        #expect(text.fill("Fails on {endpoint}.") == "Fails on the failing endpoints.")
        #expect(text.fill("Look at {function}.") == "Look at the function.")
        #expect(text.fill("Set {jwks_url}.") == "Set the jwks url.")
        #expect(text.fill("{empty|}done") == "done")
    }

    @Test func capturesComeFirstAndBracesThatAreNoPlaceholdersStay() {
        let text = RuleText(facts: facts, captures: ["env": ["DATABASE_URL"]])
        #expect(text.fill("{env}") == "`DATABASE_URL`, `SIF_FAIL_FAST`")
        #expect(text.fill(#"retries with response_format={"type": "json_object"}"#)
            == #"retries with response_format={"type": "json_object"}"#)
        #expect(text.fill("{ not a name } and {") == "{ not a name } and {")
    }

    @Test func valuesAreCleanedForCodeSpans() {
        let text = RuleText(facts: IssueFacts(values: ["host": ["  api`.example.com\n", ""]]))
        #expect(text.fill("{host}") == "`api.example.com`")
    }
}

// MARK: - Matching

struct RuleMatchingTests {
    func rule(_ id: String, _ match: RuleMatcher, title: String = "A rule") -> Rule {
        Rule(id: id, title: title, match: match)
    }

    @Test func everyGivenCriterionMustHold() throws {
        let pack = try RulePack(rules: [
            rule("both", RuleMatcher(text: ["webhook signature"], logger: ["^payments"])),
        ]).compiled()
        #expect(pack.matches(IssueFacts(samples: ["Webhook signature invalid"], loggers: ["payments.stripe"])).count == 1)
        #expect(pack.matches(IssueFacts(samples: ["Webhook signature invalid"], loggers: ["app.auth"])).isEmpty)
        #expect(pack.matches(IssueFacts(samples: ["Webhook processed"], loggers: ["payments.stripe"])).isEmpty)
    }

    @Test func reasonsSayWhatMatched() throws {
        let pack = try RulePack(rules: [
            rule("r", RuleMatcher(
                text: ["ReadTimeout"], exception: ["Timeout$"], logger: ["httpx"], status: ["5xx"], file: ["client\\.py$"],
                minLevel: .error)),
        ]).compiled()
        let facts = IssueFacts(
            loggers: ["httpx"], exceptionTypes: ["httpx.ReadTimeout"], statuses: [200, 504], level: .error,
            codeFiles: ["app/client.py"])
        let match = try #require(pack.matches(facts).first)
        #expect(match.reasons == [
            "exception matches `ReadTimeout`", "exception `httpx.ReadTimeout`", "logger `httpx`", "HTTP 504",
            "code in `app/client.py`", "level ERROR",
        ])
        #expect(match.criteriaMet == 6)
        var lower = facts
        lower.level = .warning
        #expect(pack.matches(lower).isEmpty)
    }

    @Test func unlessVetoes() throws {
        let pack = try RulePack(rules: [rule("r", RuleMatcher(text: ["signature"], unless: ["webhook"]))]).compiled()
        #expect(pack.matches(IssueFacts(samples: ["Invalid signature"])).count == 1)
        #expect(pack.matches(IssueFacts(samples: ["Invalid signature", "Webhook signature failed"])).isEmpty)
    }

    @Test func statusPatterns() throws {
        #expect(StatusPattern("4xx")?.matches(404) == true)
        #expect(StatusPattern("4xx")?.matches(504) == false)
        #expect(StatusPattern("50x")?.matches(503) == true)
        #expect(StatusPattern("401")?.matches(401) == true)
        #expect(StatusPattern("x01") == nil)
        #expect(StatusPattern("4000") == nil)
        let error = #expect(throws: RuleError.self) {
            try RulePack(rules: [rule("bad-status", RuleMatcher(status: ["4xxx"]))]).compiled()
        }
        #expect(error?.description.contains("bad-status") == true)
    }

    @Test func moreCriteriaThenLongerTextRankFirst() throws {
        let pack = try RulePack(rules: [
            rule("short", RuleMatcher(text: ["expired"])),
            rule("long", RuleMatcher(text: ["signature has expired"])),
            rule("status-only", RuleMatcher(status: ["401"])),
            rule("text-and-status", RuleMatcher(text: ["expired"], status: ["4xx"])),
        ]).compiled()
        let ids = pack.matches(IssueFacts(samples: ["Signature has expired"], statuses: [401])).map(\.rule.id)
        #expect(ids == ["text-and-status", "long", "short", "status-only"])
    }

    @Test func wordBoundariesWorkAfterDots() throws {
        let pack = try RulePack(rules: [rule("r", RuleMatcher(text: [#"\bReadTimeout\b"#]))]).compiled()
        #expect(pack.matches(IssueFacts(samples: ["httpx.ReadTimeout: timed out"])).count == 1)
    }

    @Test func caseSensitivityCanBeTurnedBackOn() throws {
        let pack = try RulePack(rules: [rule("r", RuleMatcher(text: [#"KeyError: '(?<env>(?-i:[A-Z_]+))'"#]))]).compiled()
        #expect(pack.matches(IssueFacts(samples: ["keyerror: 'DATABASE_URL'"])).first?.captures["env"] == ["DATABASE_URL"])
        #expect(pack.matches(IssueFacts(samples: ["KeyError: 'user_id'"])).isEmpty)
    }
}

// MARK: - Project rules and errors

struct ProjectRuleTests {
    let project = """
        rules:
          - id: payments-webhook-signature
            title: Payment webhooks rejected ({event|an event})
            subsystem: payments
            kind: configuration
            match:
              text: 'webhook signature verification failed for event (?<event>evt_\\w+)'
              logger: payments
            hypotheses:
              - {text: "The webhook secret differs from the provider's.", confidence: high}
              - The endpoint secret belongs to another mode.
            examples:
              match:
                - {text: 'Stripe webhook signature verification failed for event evt_1', logger: payments.stripe}
              no_match: 'Webhook evt_1 processed'
          - id: dev-reloader
            title: Our reloader
            match: {text: 'hot reload'}
          - id: health-check-noise
            disabled: true
          - id: no-such-builtin
            disabled: true
        """

    @Test func projectRulesExtendReplaceAndDisable() throws {
        let builtin = try BuiltinPack.pack()
        let project = try YAMLDecoder().decode(RulePack.self, from: project)
        let pack = builtin.extended(with: project)
        let ids = pack.rules.map(\.id)
        #expect(!ids.contains("health-check-noise"))
        #expect(!ids.contains("no-such-builtin"))
        #expect(ids.last == "payments-webhook-signature")
        #expect(ids.count == builtin.rules.count)
        let reloader = try #require(pack.rules.first { $0.id == "dev-reloader" })
        #expect(reloader.title == "Our reloader" && reloader.origin == .project)
        #expect(ids.firstIndex(of: "dev-reloader") == builtin.rules.firstIndex { $0.id == "dev-reloader" }, "replaced in place")

        let compiled = try pack.compiled()
        #expect(compiled.checkExamples().filter(\.isFailure).isEmpty)
        let facts = IssueFacts(samples: ["Stripe webhook signature verification failed for event evt_9"], loggers: ["payments"])
        let match = try #require(compiled.matches(facts).first)
        #expect(match.rule.id == "payments-webhook-signature")
        #expect(match.rule.title == "Payment webhooks rejected (`evt_9`)")
        #expect(match.rule.hypotheses.map(\.confidence) == [.high, .medium])
        #expect(match.rule.kind == .configuration)
    }

    @Test func aFailingExampleIsReported() throws {
        let yaml = """
            rules:
              - id: my-rule
                title: Mine
                match: {text: 'queue (is )?full'}
                examples:
                  match: ['Queue overflow on orders']
                  no_match: ['Queue full warning threshold set to 80%']
            """
        let pack = try YAMLDecoder().decode(RulePack.self, from: yaml).compiled()
        let problems = pack.checkExamples()
        #expect(problems.map(\.kind) == [.notMatched, .matched(["message matches `Queue full`"])])
        #expect(problems[0].description == "Rule 'my-rule' does not match its example `Queue overflow on orders`.")
        #expect(problems.allSatisfy { $0.isFailure })
    }

    @Test func unknownWordsListTheChoices() throws {
        let yaml = "rules:\n  - {id: r, title: R, kind: sometimes, match: {text: x}}\n"
        let error = #expect(throws: DecodingError.self) { try YAMLDecoder().decode(RulePack.self, from: yaml) }
        guard case .dataCorrupted(let context) = error else { return }
        #expect(context.debugDescription == "'sometimes' is not one of configuration, code-defect, external, expected-noise")
    }

    @Test func aBadPatternNamesTheRuleAndThePattern() throws {
        let yaml = """
            rules:
              - id: broken-rule
                title: Broken
                match: {text: ['fine', '([a-z']}
            """
        let pack = try YAMLDecoder().decode(RulePack.self, from: yaml)
        let error = #expect(throws: RuleError.self) { try pack.compiled() }
        let message = error?.description ?? ""
        #expect(message.hasPrefix("Rule 'broken-rule' has an invalid text pattern `([a-z`"))
        #expect(message.hasSuffix("."))
    }

    @Test func rulesWithoutTitleOrCriteriaAreRefused() throws {
        let noCriteria = #expect(throws: RuleError.self) {
            try RulePack(rules: [Rule(id: "everything", title: "All", match: RuleMatcher())]).compiled()
        }
        #expect(noCriteria?.description.contains("'everything' has no match criteria") == true)
        let noTitle = #expect(throws: RuleError.self) {
            try RulePack(rules: [Rule(id: "untitled", title: "", match: RuleMatcher(text: ["x"]))]).compiled()
        }
        #expect(noTitle?.description == "Rule 'untitled' has no title.")
        let twice = #expect(throws: RuleError.self) {
            try RulePack(rules: [Rule(id: "a", title: "A", match: RuleMatcher(text: ["x"])),
                                 Rule(id: "a", title: "B", match: RuleMatcher(text: ["y"]))]).compiled()
        }
        #expect(twice?.problem == .duplicateID)
    }

    @Test func shorthandYAMLDecodes() throws {
        let yaml = """
            rules:
              - id: short
                title: Short
                kind: Code defect
                severity: High
                match: {status: [401, 5xx], min_level: warning}
                hypotheses: [Just a guess., {text: Another., confidence: Low, secondary: true}]
                questions: One question?
                examples:
                  match: [{status: 401, level: error, text: 'x'}]
                  no_match: [{status: 200, level: error}]
            """
        let rule = try #require(try YAMLDecoder().decode(RulePack.self, from: yaml).rules.first)
        #expect(rule.match.status == ["401", "5xx"])
        #expect(rule.match.minLevel == .warning)
        #expect(rule.hypotheses == [Hypothesis("Just a guess."), Hypothesis("Another.", confidence: .low, secondary: true)])
        #expect(rule.kind == .codeDefect && rule.severity == .high)
        #expect(rule.questions == ["One question?"])
        #expect(try RulePack(rules: [rule]).compiled().checkExamples().isEmpty)
        // And back: what encodes decodes to the same rule.
        let again = try YAMLDecoder().decode(Rule.self, from: try YAMLEncoder().encode(rule))
        #expect(again == rule)
    }
}

// MARK: - Prefilters

struct PatternPrefilterTests {
    func literals(_ pattern: String) -> [String]? {
        PatternPrefilter(pattern: pattern)?.literals.map { String(decoding: $0, as: UTF8.self) }
    }

    @Test func literalsComeFromTheTopLevelOfEachAlternative() {
        #expect(literals(#"\b(Read|Connect)Timeout\b|context deadline exceeded"#) == ["timeout", "context deadline exceeded"])
        #expect(literals(#"KeyError: '(?<env>[A-Z_]+)'"#) == ["keyerror: '"])
        #expect(literals(#"os\.environ\["#) == ["os.environ["])
        #expect(literals(#"signatures? (has )?expired"#) == ["signature"])
        #expect(literals(#"took \d{2,} ?s"#) == ["took "])
        #expect(literals(#"a+bcd"#) == ["bcd"])
        #expect(literals(#"abc+?d"#) == ["abc"])
        #expect(literals(#"[Ee]rror"#) == ["rror"])
        #expect(literals(#":(5432|3306|27017)\b"#) == ["5432", "3306", "27017"])
        #expect(literals(#""?(GET|HEAD) /(health|ready)\b"#) == ["health", "ready"])
        #expect(literals(#"(?<name>abc)defg"#) == ["defg"])
        #expect(literals(#"(?:abcd|(?i:efgh))x"#) == ["abcd", "efgh"])
    }

    @Test func patternsWithoutAUsefulLiteralAlwaysRun() {
        #expect(literals(#"\d+ms|timeout"#) == nil)
        #expect(literals(#"(?x) a b c"#) == nil)
        #expect(literals(#"\x41BCDEF"#) == nil)
        #expect(literals(#"ab"#) == nil)
        #expect(literals(#"abc|"#) == nil)
        #expect(literals(#"x(?!abc)yz"#) == nil)
        #expect(literals(#"(?ix)a b c d"#) == nil)
        #expect(literals(#"(abc)?de"#) == nil)
    }

    /// The prefilter may only skip texts the regex would not match: checked on every built-in pattern against
    /// every example text of the pack.
    @Test func neverHidesAMatchInTheBuiltInExamples() throws {
        let pack = try BuiltinPack.compiled()
        let texts = pack.rules.flatMap { rule in
            let examples = (rule.rule.examples?.match ?? []) + (rule.rule.examples?.noMatch ?? [])
            return examples.flatMap { $0.text + $0.exception }
        }
        let entries = SearchTexts(IssueFacts(samples: texts)).entries
        var filtered = 0
        for rule in pack.rules {
            for pattern in rule.text + rule.unless {
                guard let prefilter = pattern.prefilter else { continue }
                filtered += 1
                for entry in entries where entry.text.contains(pattern.regex) {
                    #expect(prefilter.admits(entry.folded), "\(rule.rule.id): `\(pattern.source)` on `\(entry.text)`")
                }
            }
        }
        #expect(filtered > 200, "most built-in patterns have a prefilter")
    }
}
