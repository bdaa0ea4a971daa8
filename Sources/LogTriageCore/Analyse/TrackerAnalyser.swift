/// Turns the tracker's grouped issues into the analysis a careful engineer writes down: the code behind each
/// issue and the configuration it reads, what kind of problem it is and why, which rule of thumb applies, what
/// follows what, and how sure all that is.
///
/// Everything works offline from what the store kept; the source tree and the rules add evidence when present.
public struct TrackerAnalyser: Sendable {
    public var rules: CompiledRulePack?
    public var index: SourceIndex?
    /// Source code holds secrets too (a default API key, a test password): snippets and defaults pass through it.
    public var scrubber: SecretScrubber

    public init(rules: CompiledRulePack? = nil, index: SourceIndex? = nil, scrubber: SecretScrubber = SecretScrubber()) {
        self.rules = rules
        self.index = index
        self.scrubber = scrubber
    }

    public func analyse(_ input: AnalysisInput) -> TrackerAnalysis {
        let issues = input.document.issues
        var local: [Int: LocalFindings] = [:]
        // The logs' own span says whether a failure came and went; the issues' span is all there is without it.
        let period = Self.union(Self.period(of: issues), input.period)
        let shownSettings = index.map { ShownSettingIndex($0.readsWithValues) }
        let vocabulary = index.map { SettingVocabulary($0.deploymentSettings) }
        for issue in issues {
            local[issue.number] = findings(
                issue, facts: input.facts, period: period, shownSettings: shownSettings, vocabulary: vocabulary)
        }
        let graph = Self.causalGraph(input, local: local, period: period)
        let titles = Dictionary(issues.map { ($0.number, $0.title) }, uniquingKeysWith: { a, _ in a })
        var results: [IssueAnalysis] = []
        for issue in issues {
            guard let found = local[issue.number] else { continue }
            results.append(conclude(issue, found, graph: graph, all: local, titles: titles))
        }
        Self.raiseCausesToTheirEffects(&results, graph: graph)
        let notes = CausalNotes(issues: issues, analyses: results, graph: graph, timelines: input.timelines)
        return TrackerAnalysis(
            issues: results, crossIssueNotes: notes.crossIssueNotes(), investigationOrder: notes.investigationOrder(),
            graph: graph)
    }

    /// A cause is as severe as what it sets off: the requests failing downstream of a timeout are the timeout's
    /// impact. Side effects (their own cause) do not count.
    static func raiseCausesToTheirEffects(_ results: inout [IssueAnalysis], graph: CausalGraph) {
        let position = Dictionary(results.indices.map { (results[$0].issue, $0) }, uniquingKeysWith: { a, _ in a })
        for index in results.indices {
            for link in graph.effects(of: results[index].issue) {
                guard let effect = position[link.effect].map({ results[$0] }), effect.role == .downstream,
                    effect.severity > results[index].severity
                else { continue }
                results[index].severity = effect.severity
                results[index].severityReasons.append("its downstream effect Issue \(link.effect) is \(effect.severity.rawValue)")
            }
        }
    }

    // MARK: - One issue on its own

    /// What can be said about an issue without looking at the others.
    struct LocalFindings {
        var code: [CodeMatch] = []
        var configuration: [ConfigurationRead] = []
        /// Configuration whose name the issue's own messages mention.
        var named: [ConfigurationRead] = []
        /// Configuration whose default is a path the records show.
        var shown: [ConfigurationRead] = []
        /// Settings of the deployment whose name the messages say in other words (``SettingVocabulary``).
        var spoken: [ConfigurationRead] = []
        var facts: IssueFacts
        var matches: [RuleMatch] = []
        var kind: IssueKind?
        var kindReasons: [Bullet] = []
        var subsystem: String?
        var signals = FailureSignals()
        /// The exception one of its signatures died of, uncaught.
        var uncaught: String?
        /// Messages its records stand next to, time and again.
        var neighbours: [Neighbour] = []
    }

    static func union(_ a: ClosedRange<Timestamp>?, _ b: ClosedRange<Timestamp>?) -> ClosedRange<Timestamp>? {
        guard let a, let b else { return a ?? b }
        return min(a.lowerBound, b.lowerBound)...max(a.upperBound, b.upperBound)
    }

    /// From the first issue's first record to the last issue's last.
    static func period(of issues: [TrackerIssue]) -> ClosedRange<Timestamp>? {
        let starts = issues.compactMap(\.occurrences.firstSeen)
        let ends = issues.compactMap(\.occurrences.lastSeen)
        guard let start = starts.min(), let end = ends.max(), start <= end else { return nil }
        return start...end
    }

    /// What follows what: the timelines' links, then those time order draws from what each issue is (a crash, an
    /// outage, failed responses), without the links out of expected noise.
    static func causalGraph(_ input: AnalysisInput, local: [Int: LocalFindings], period: ClosedRange<Timestamp>?) -> CausalGraph {
        let issues = input.document.issues
        // Expected noise that happens to come first (start-up warnings before start-up failures) causes nothing.
        // Nor does a warning that named no failure (it is noise unless it follows something).
        let noise = Set(issues.filter { issue in
            guard let found = local[issue.number] else { return issue.status == .observed || issue.kind == .expectedNoise }
            return issue.status == .observed || (found.kind ?? issue.kind) == .expectedNoise
                || (found.kind == nil && Classification.quietWarning(issue, found) != nil)
        }.map(\.number))
        // A process that crashed leaves whatever talked to it with nobody to reach.
        var crashes: [Int: [Timestamp]] = [:]
        for issue in issues where local[issue.number]?.uncaught != nil {
            for signature in issue.signatures where input.facts[signature.id]?.uncaught == true {
                crashes[issue.number, default: []] += [signature.firstSeen, signature.lastSeen].compactMap { $0 }
            }
        }
        let unavailable = Set(issues.filter { local[$0.number]?.signals.unavailable != nil }.map(\.number))
        // A process killed from outside, or found crashed when it came back, was down for whoever needed it.
        var stops: [Int: [Timestamp]] = [:]
        for issue in issues where local[issue.number]?.signals.uncleanStop != nil {
            stops[issue.number] = issue.signatures.flatMap { [$0.firstSeen, $0.lastSeen].compactMap { $0 } }
        }
        // Requests failing while a dependency was gone are that outage, seen by the clients.
        let responses = Set(issues.filter { issue in
            issue.signatures.allSatisfy { LogRecord.responseClass(ofSignature: $0.template) == LogRecord.serverErrorClass }
        }.map(\.number))
        return CausalGraph(issues: issues, timelines: input.timelines)
            .addingCrashLinks(crashes, unavailable: unavailable, issues: issues)
            .addingStopLinks(stops, unavailable: unavailable, issues: issues)
            .addingOutageLinks(unavailable.subtracting(responses), responses: responses, issues: issues, period: period)
            .removingLinks(from: noise)
    }

    func findings(
        _ issue: TrackerIssue, facts: [String: SignatureFacts], period: ClosedRange<Timestamp>? = nil,
        shownSettings: ShownSettingIndex? = nil, vocabulary: SettingVocabulary? = nil
    ) -> LocalFindings {
        var code = codeMatches(issue, facts: facts)
        var configuration: [ConfigurationRead] = []
        var secrets: Set<String> = []
        if let index {
            for (position, match) in code.enumerated() {
                for read in index.configuration(for: match) {
                    if let secret = secretDefault(read) { secrets.insert(secret) }
                    if position < 3, !configuration.contains(where: { $0.name == read.name }) { configuration.append(scrubbed(read)) }
                }
            }
        }
        code = code.map { scrubbed($0, secrets: secrets) }
        // The messages, not the samples: a sample's header names the logger, and a logger named after a module
        // (`app.celery`) is no mention of a setting.
        let text = issue.signatures.map(\.template).joined(separator: "\n")
        let named = configuration.filter { Self.mentions(text, name: $0.name) }
        let issueFacts = IssueFactsBuilder.facts(
            issue, signatureFacts: facts, code: code, configuration: configuration, named: named)
        // The paths, endpoints and hosts the records show, against the settings that give them.
        var shown: [ConfigurationRead] = []
        if let shownSettings {
            let records = (issue.signatures.map(\.template) + issue.samples).joined(separator: "\n")
            for read in shownSettings.reads(shownIn: records) where !configuration.contains(where: { $0.name == read.name }) {
                shown.append(scrubbed(read))
            }
            configuration = shown + configuration
        }
        var found = LocalFindings(code: code, configuration: configuration, named: named, facts: issueFacts)
        found.shown = shown
        found.matches = rules?.matches(issueFacts) ?? []
        let filed = Set(issue.signatures.map(\.id))
        for neighbour in issue.signatures.flatMap({ facts[$0.id]?.neighbours ?? [] })
        where !filed.contains(neighbour.id) && !found.neighbours.contains(where: { $0.id == neighbour.id }) {
            found.neighbours.append(neighbour)
        }
        found.neighbours.sort { $0.together != $1.together ? $0.together > $1.together : $0.id < $1.id }
        // The statements that log what it stands next to are the code around the failure, after its own.
        if let index {
            // a message of a word or two names no statement
            let telling = found.neighbours.filter { neighbour in
                neighbour.template.split(separator: " ").filter { !$0.contains("<") && $0.contains(where: \.isLetter) }.count >= 3
            }
            for neighbour in telling.prefix(2) where found.code.count < 8 {
                guard var match = index.emitters(of: neighbour.template, limit: 1).first,
                    !found.code.contains(where: { $0.file == match.file && $0.line == match.line })
                else { continue }
                let side = neighbour.side == .before ? "right before" : "right after"
                match.reason = "logs `\(IssueDerivation.title(fromTemplate: neighbour.template).prefix(60))` \(side) it"
                found.code.append(scrubbed(match, secrets: secrets))
            }
        }
        if issue.signatures.contains(where: { facts[$0.id]?.uncaught == true }) {
            found.uncaught = issueFacts.exceptionTypes.last ?? "an exception"
        }
        found.signals = FailureSignals(
            message: issueFacts.templates.joined(separator: "\n"), exceptionTypes: issueFacts.exceptionTypes,
            records: Array(issueFacts.samples.prefix(5)))
        if let vocabulary {
            var roles: Set<SettingVocabulary.Role> = []
            switch found.signals.causeClass {
            case .network?: roles.insert(.address)
            case .access?: roles.insert(.credentials)
            default: break
            }
            let said = (issueFacts.templates + issueFacts.exceptionTypes).joined(separator: "\n")
            for read in vocabulary.reads(spokenOfIn: said, roles: roles)
            where !found.configuration.contains(where: { $0.name == read.name }) {
                found.spoken.append(scrubbed(read))
            }
            found.configuration.insert(contentsOf: found.spoken, at: found.shown.count)
        }
        (found.kind, found.kindReasons) = Classification.kind(issue, found, period: period)
        found.subsystem = Classification.subsystem(issue, found)
        return found
    }

    /// The log statement behind each signature, the records' own locations and the application frames of
    /// their exceptions, mapped onto the source tree; best evidence first, each place once.
    func codeMatches(_ issue: TrackerIssue, facts: [String: SignatureFacts]) -> [CodeMatch] {
        guard let index else { return [] }
        var result: [CodeMatch] = []
        func add(_ match: CodeMatch) {
            guard !result.contains(where: { $0.file == match.file && $0.line == match.line }) else { return }
            result.append(match)
        }
        // An access line reporting a failed response was written by the server or a middleware: with the failure it
        // answers in the issue, that failure's code is the evidence.
        let failures = issue.signatures.filter { LogRecord.responseClass(ofSignature: $0.template) == nil }
        for signature in (failures.isEmpty ? issue.signatures : failures).prefix(6) {
            // The statement wrote the message; the cause beside it (` — error: …`) came from elsewhere.
            let message = signature.template.firstRange(of: LogRecord.causeSeparator).map { String(signature.template[..<$0.lowerBound]) }
                ?? signature.template
            if let emitter = index.emitters(of: message, logger: signature.logger, limit: 1).first
                ?? Self.contextHeads(of: message).lazy.compactMap({ index.emitters(of: $0, logger: signature.logger, limit: 1).first }).first
            {
                add(emitter)
            }
            guard let fact = facts[signature.id] else { continue }
            if let site = fact.site, let path = site.file, let file = index.map(path: path),
                var match = index.site(file: file, line: site.line, function: site.function)
            {
                match.reason = "the records' own location"
                add(match)
            }
            // Root cause first, where it failed first: the frames as stored.
            var frames = 0
            for frame in fact.frames where frames < 4 {
                guard let path = frame.file ?? frame.function.flatMap(Self.modulePath), let file = index.map(path: path),
                    var match = index.site(file: file, line: frame.line, function: frame.function)
                else { continue }
                match.reason = "frame of the logged exception's traceback"
                match.origin = .stackFrame
                add(match)
                frames += 1
            }
        }
        return Array(result.prefix(8))
    }

    /// The module of a frame that names no file, from a `::` path (`app::api::icons::save_icon` →
    /// `app.api.icons`, a type's method `app::models::Cipher::save` → `app.models`); nil for other names.
    static func modulePath(of function: String) -> String? {
        guard function.contains("::"), !function.contains("<"), !function.contains(" ") else { return nil }
        var segments = function.split(separator: "::").dropLast()
        while let last = segments.last, last.first?.isUppercase == true { segments.removeLast() }
        guard segments.count >= 2 else { return nil }
        return segments.joined(separator: ".")
    }

    /// A message that wraps its cause (`Could not notify subscriber <num>: dial tcp …: refused`) was written by a
    /// statement that knew only the context before the first `: `, with a hole for the rest. The heads to look
    /// for, shortest first, each with enough text of its own (three words) to be told apart; at most three.
    static func contextHeads(of message: String) -> [String] {
        var heads: [String] = []
        var searchFrom = message.startIndex
        while heads.count < 3, let colon = message[searchFrom...].firstRange(of: ": ") {
            let head = message[..<colon.lowerBound]
            searchFrom = colon.upperBound
            guard colon.upperBound < message.endIndex else { break }
            if LogRecord.ownWordCount(head) >= 3 { heads.append(head + ": <*>") }
        }
        return heads
    }

    // MARK: - Secrets in the code

    /// Names whose values are credentials: the scrubber's keys, and the `…_KEY`, `…_DSN` and `…_PASS` of
    /// environment variables.
    func isSecretName(_ name: String) -> Bool {
        scrubber.isSecretKey(name) || endsWithSecretWord(name)
    }

    /// A name that ends with a secret's word (`SMTP_PASSWORD`, `API_KEY`) holds one whatever its value.
    private func endsWithSecretWord(_ name: String) -> Bool {
        let upper = name.uppercased()
        return scrubber.namesSecretStrongly(name) || upper.hasSuffix("KEY") || upper.hasSuffix("DSN") || upper.hasSuffix("_PASS")
    }

    /// The literal text of a secret's default (`"hunter2"` → `hunter2`), which must not show in any snippet. A name
    /// that only contains a secret's word (`AUTH_HOST`, `TOKEN_TTL`) holds one only when the value looks like one:
    /// a host name or a word (`redis`, `db.internal`) is not.
    func secretDefault(_ read: ConfigurationRead) -> String? {
        guard isSecretName(read.name), let value = read.defaultValue else { return nil }
        let quotes: Set<Character> = ["\"", "'", "`"]
        var literal = Substring(value)
        if let first = literal.first, quotes.contains(first), literal.last == first, literal.count >= 2 {
            literal = literal.dropFirst().dropLast()
        }
        guard literal.count >= 4 else { return nil }
        if !endsWithSecretWord(read.name), Self.isHostOrWord(literal) { return nil }
        return String(literal)
    }

    /// `redis`, `smtp-relay`, `db.internal`, `10.0.0.5`: a lower-case word, or a host name or address; never a
    /// string with digits among its letters (`hunter2`) or capitals.
    static func isHostOrWord(_ text: Substring) -> Bool {
        if text.allSatisfy({ $0.isASCII && ($0.isLowercase || $0 == "-" || $0 == "_") }) { return true }
        guard text.contains("."), text.allSatisfy({ $0.isASCII && ($0.isLowercase || $0.isNumber || $0 == "." || $0 == "-") }) else {
            return false
        }
        // a host's labels are words or numbers, not letters and digits mixed
        return text.split(separator: ".").allSatisfy { label in label.allSatisfy(\.isNumber) || !label.contains(where: \.isNumber) }
    }

    /// A default read next to a secret's name is the secret itself, unless it is empty (which is worth saying).
    func scrubbed(_ read: ConfigurationRead) -> ConfigurationRead {
        guard let value = read.defaultValue else { return read }
        var read = read
        read.defaultValue = secretDefault(read) != nil ? "[REDACTED:secret]" : scrubber.scrub(value)
        return read
    }

    /// Snippet lines with the defaults of secrets removed, then scrubbed like log text.
    func scrubbed(_ match: CodeMatch, secrets: Set<String>) -> CodeMatch {
        var match = match
        match.snippet = match.snippet.map { line in
            var line = line
            for secret in secrets where line.contains(secret) { line = line.replacing(secret, with: "[REDACTED:secret]") }
            return scrubber.scrub(line)
        }
        return match
    }

    /// Whether `text` names the variable or setting as a whole word: `SMTP_PASSWORD`, or `settings.smtp_password`
    /// by its last part (`timeout` inside `ReadTimeout` is not a mention).
    static func mentions(_ text: String, name: String) -> Bool {
        let key = (name.split(separator: ".").last.map(String.init) ?? name).lowercased()
        guard key.count >= 4 else { return false }
        let haystack = Array(text.lowercased().utf8)
        let needle = Array(key.utf8)
        func isWordByte(_ byte: UInt8) -> Bool {
            (byte >= 0x61 && byte <= 0x7A) || (byte >= 0x30 && byte <= 0x39) || byte == 0x5F
        }
        var start = 0
        while start + needle.count <= haystack.count {
            if haystack[start..<(start + needle.count)].elementsEqual(needle),
                start == 0 || !isWordByte(haystack[start - 1]),
                start + needle.count == haystack.count || !isWordByte(haystack[start + needle.count])
            {
                return true
            }
            start += 1
        }
        return false
    }

    // MARK: - With the other issues

    func conclude(
        _ issue: TrackerIssue, _ found: LocalFindings, graph: CausalGraph, all: [Int: LocalFindings], titles: [Int: String]
    ) -> IssueAnalysis {
        var analysis = IssueAnalysis(issue: issue.number, severity: issue.severity)
        analysis.code = found.code
        analysis.configuration = found.configuration
        analysis.rules = found.matches.map(\.rule.id)
        analysis.kind = found.kind
        analysis.kindReasons = found.kindReasons
        analysis.subsystem = found.subsystem
        (analysis.severity, analysis.severityReasons) = Classification.severity(
            issue, kind: found.kind, rule: found.matches.first, exceptions: !found.facts.exceptionTypes.isEmpty,
            stopped: found.signals.uncleanStop)

        let causes = graph.causes(of: issue.number)
        let effects = graph.effects(of: issue.number)
        if !causes.isEmpty {
            let ownCause = causes.allSatisfy { link in
                Classification.hasOwnCause(found, comparedWith: all[link.cause])
            }
            analysis.role = ownCause ? .sideEffect : .downstream
        } else if !effects.isEmpty {
            analysis.role = .firstFailure
        }
        for link in causes {
            let ownCause = Classification.hasOwnCause(found, comparedWith: all[link.cause])
            analysis.related.append(Relation(issue: link.cause, relation: ownCause ? "side effect of" : "downstream effect of"))
        }
        // A symptom with no kind of its own (a 503, a failed request) is the kind of what it follows; so is a failure
        // to reach a process that had just crashed: the dependency that was gone is the application itself.
        if analysis.role == .downstream, let link = causes.first(where: { analysis.kind == nil || $0.afterCrash }),
            let kind = all[link.cause]?.kind
        {
            analysis.kind = kind
            analysis.kindReasons = [Bullet("Downstream effect of Issue \(link.cause), which is \(kind.title.lowercased()): it follows in \(link.evidence)")]
        }
        if analysis.kind == nil, causes.isEmpty, let (kind, reasons) = Classification.quietWarning(issue, found) {
            analysis.kind = kind
            analysis.kindReasons = reasons
            (analysis.severity, analysis.severityReasons) = Classification.severity(
                issue, kind: kind, rule: found.matches.first, exceptions: false)
        }
        for link in effects {
            let ownCause = all[link.effect].map { Classification.hasOwnCause($0, comparedWith: found) } ?? false
            analysis.related.append(Relation(issue: link.effect, relation: ownCause ? "side effect" : "downstream effect"))
            analysis.downstream.append(
                Bullet(
                    "Issue \(link.effect) (`\(IssueDerivation.title(fromTemplate: link.effectSignature))`) follows it: "
                        + link.evidence + (ownCause ? " — a side effect with its own cause" : "")))
        }
        analysis.downstream += Self.userImpact(issue)

        let best = found.matches.first?.rule
        for hypothesis in best?.hypotheses ?? [] {
            let bullet = Bullet(hypothesis.text + " (confidence: \(hypothesis.confidence.rawValue))")
            if hypothesis.secondary { analysis.secondaryHypotheses.append(bullet) } else { analysis.primaryHypotheses.append(bullet) }
        }
        for read in found.named where found.kind == .configuration {
            analysis.primaryHypotheses.insert(Bullet(Self.configurationHypothesis(read)), at: 0)
        }
        for link in causes {
            let cause = titles[link.cause].map { " (\($0))" } ?? ""
            let text = "Triggered by Issue \(link.cause)\(cause): it follows in \(link.evidence)"
            if analysis.role == .downstream { analysis.primaryHypotheses.insert(Bullet(text), at: 0) } else {
                analysis.secondaryHypotheses.append(Bullet(text))
            }
        }
        if analysis.primaryHypotheses.isEmpty, let place = found.code.first {
            analysis.primaryHypotheses.append(
                Bullet("No known failure pattern matched: read `\(place.file)` at line \(place.line)"
                    + (place.function.map { " (`\($0)`)" } ?? "") + " for the condition it reports (confidence: low)"))
        }
        analysis.questions = (best?.questions ?? []).map { Bullet($0) }
        analysis.fixOptions = (best?.fixes ?? []).map { Bullet($0) }
        analysis.validation = (best?.validation ?? []).map { Bullet($0) }
        let main = issue.signatures.first { LogRecord.responseClass(ofSignature: $0.template) == nil } ?? issue.signatures.first
        analysis.validation.append(
            Bullet("`logtriage verify` on logs from after the fix: no `\(main?.template ?? issue.title)` on comparable traffic"))
        analysis.evidence = Self.evidence(found)
        analysis.files = Self.files(found)
        analysis.behavior = Self.behavior(found.neighbours)
        (analysis.confidence, analysis.confidenceReasons) = Classification.confidence(
            issue, found, causes: causes, effects: effects, indexed: index != nil)
        return analysis
    }

    static func configurationHypothesis(_ read: ConfigurationRead) -> String {
        let how = read.source == .environment ? "the environment" : "the settings"
        let fallback = read.defaultValue.map { "its default is `\($0)`" } ?? "it has no default"
        return "`\(read.name)` is missing or wrong in \(how) the service runs with: `\(read.file)` reads it at line \(read.line) and "
            + fallback + " (confidence: high)"
    }

    /// Endpoints and users the issue reached: who sees it.
    static func userImpact(_ issue: TrackerIssue) -> [Bullet] {
        var bullets: [Bullet] = []
        if let endpoints = issue.symptoms.first(where: { $0.name == "endpoint" }), !endpoints.values.isEmpty {
            let listed = endpoints.values.prefix(3).map { "`\($0.value)`" }.joined(separator: ", ")
            let more = endpoints.distinct > 3 ? " and \(endpoints.distinct - 3) more" : ""
            bullets.append(Bullet("Requests to \(listed)\(more) fail"))
        }
        if let users = issue.symptoms.first(where: { $0.name == "user" }), users.distinct > 0 {
            bullets.append(Bullet("\(users.distinct) user\(users.distinct == 1 ? "" : "s") affected"))
        }
        return bullets
    }

    static func evidence(_ found: LocalFindings) -> [Bullet] {
        var items: [CodeEvidence] = []
        for match in found.code {
            let call = Self.statementText(match)
            let detail = match.reason + (call.isEmpty ? "" : ": `\(call.prefix(120))`")
            items.append(CodeEvidence(file: match.file, function: match.function, line: match.line, detail: detail))
        }
        for read in found.configuration.prefix(8) {
            let source = read.source == .environment ? "environment variable" : "setting"
            let alias = read.alias.map { " (environment variable `\($0)`)" } ?? ""
            if found.spoken.contains(read), read.defaultValue == nil {
                items.append(CodeEvidence(
                    file: read.file, line: read.line, detail: "declares \(source) `\(read.name)`\(alias) (the setting the messages speak of)"))
                continue
            }
            if read.scope == .deployment {
                let value = read.defaultValue.map { " to `\($0)`" } ?? ""
                let why = found.spoken.contains(read) ? "the setting the messages speak of" : "the value the records show"
                items.append(CodeEvidence(
                    file: read.file, line: read.line, detail: "sets \(source) `\(read.name)`\(alias)\(value) (\(why))"))
                continue
            }
            let fallback = read.defaultValue.map { "default `\($0)`" } ?? "no default"
            let named = found.named.contains(read)
                ? ", named in the log message" : found.shown.contains(read) ? ", the path the records show" : ""
            items.append(
                CodeEvidence(file: read.file, line: read.line, detail: "reads \(source) `\(read.name)` (\(fallback)\(named))"))
        }
        return CodeEvidence.bullets(items)
    }

    /// The statement's first line; for a call whose message starts on a later line (`logger.error(` then the
    /// format string), that line joined on, so the evidence shows the message.
    static func statementText(_ match: CodeMatch) -> String {
        let offset = match.line - match.snippetStart
        guard match.snippet.indices.contains(offset) else { return "" }
        var text = String(CodeEvidence.trimmed(match.snippet[offset][...]))
        let quotes: Set<Character> = ["\"", "'", "`"]
        if !text.contains(where: quotes.contains), text.last == "(",
            let next = match.snippet.dropFirst(offset + 1).first(where: { $0.contains(where: quotes.contains) })
        {
            text += " " + CodeEvidence.trimmed(next[...])
        }
        return text
    }

    /// What the service logs right before and right after the issue's records, time and again.
    static func behavior(_ neighbours: [Neighbour]) -> [Bullet] {
        neighbours.prefix(5).map { neighbour in
            let when = neighbour.side == .before ? "Right before it" : "Right after it"
            let times = neighbour.count == 1 ? "its only record" : "\(neighbour.together) of its \(neighbour.count) records"
            return Bullet("\(when), `\(neighbour.template.prefix(160))` (\(times))")
        }
    }

    static func files(_ found: LocalFindings) -> [Bullet] {
        var files: [String] = []
        for file in found.code.map(\.file) + found.named.map(\.file) where !files.contains(file) { files.append(file) }
        return files.prefix(6).map { Bullet("`\($0)`") }
    }
}
