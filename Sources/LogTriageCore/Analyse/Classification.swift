/// The triage rule "separate configuration problems from code defects" and its neighbours: kind, subsystem,
/// severity and confidence of an issue, each with the reasons a reader needs to trust or overrule it.
enum Classification {
    typealias Findings = TrackerAnalyser.LocalFindings

    // MARK: Kind

    static func kind(_ issue: TrackerIssue, _ found: Findings, period: ClosedRange<Timestamp>?) -> (IssueKind?, [Bullet]) {
        let signals = found.signals
        // Killed from outside (the kernel's OOM killer, a memory limit), or found crashed when it started again.
        if let stop = signals.uncleanStop {
            return (.external, [Bullet("The process stopped without shutting down (`\(stop)`): killed from outside, such as by the kernel's OOM killer or a memory limit, or crashed; the cause is outside this log")])
        }
        // A crash is the code's choice, whatever triggered it: the error could have been handled.
        if let crash = signals.crash {
            return (.codeDefect, [Bullet("The program crashed on it (`\(crash)`): an error it should handle or prevent, whatever triggered it")])
        }
        // An exception nothing caught ended the program or its thread; unless a dependency was simply gone, the code
        // should have handled it.
        if let uncaught = found.uncaught, signals.unavailable == nil {
            return (.codeDefect, [Bullet("Nothing caught `\(uncaught)`: the program died of an error it should handle, whatever triggered it")])
        }
        // The program's authors say the error is expected (`you may see an error about …, this is normal`).
        if let excuse = signals.excuse {
            return (.expectedNoise, [Bullet("The log says this error is expected (`\(excuse)`)")])
        }
        // The log's notices (grouped with what was logged with them), none worse than a warning.
        if let main = issue.signatures.first, FailureSignals(message: main.template).isNotice,
            issue.signatures.allSatisfy({ ($0.level ?? .warning) <= .warning }), found.facts.exceptionTypes.isEmpty
        {
            return (.expectedNoise, [Bullet("Notices: the program says nothing failed (`\(IssueDerivation.title(fromTemplate: main.template))`), and nothing here is worse than a warning")])
        }
        // A dependency failing is not what a refused client request is: answering 4xx is the service working.
        if (found.matches.first?.rule.kind ?? .external) == .external, servesClientErrorsOnly(issue, found.facts) {
            let statuses = Set(found.facts.statuses).sorted().map(String.init).joined(separator: ", ")
            return (
                .expectedNoise,
                [Bullet("The service answered these requests with \(statuses) only: clients sent requests it rightly refused")]
            )
        }
        if let match = found.matches.first, var kind = match.rule.kind {
            var reasons = [Bullet("Rule `\(match.rule.id)` (\(match.rule.title)): " + match.reasons.joined(separator: "; "))]
            if kind == .configuration, let outage = signals.unavailable, isIntermittent(issue, within: period) {
                kind = .external
                reasons.append(
                    Bullet("But it comes and goes (`\(outage)` while the service ran before or after it): a dependency's outage, not a wrong setting"))
            }
            if kind != .configuration, let read = found.named.first {
                reasons.append(Bullet("The message also names `\(read.name)`, read at `\(read.file)` line \(read.line)"))
            }
            return (kind, reasons)
        }
        if let read = found.named.first {
            let source = read.source == .environment ? "environment variable" : "setting"
            return (.configuration, [Bullet("The message names the \(source) `\(read.name)`, read at `\(read.file)` line \(read.line)")])
        }
        let exceptions = found.facts.exceptionTypes
        // What failed first decides: an `IllegalStateException` wrapping a refused connection is no programming error.
        if let defect = found.facts.rootExceptionTypes.first(where: { codeDefectExceptions.contains(ExceptionInfo.shortName(of: $0)) }) {
            return (.codeDefect, [Bullet("`\(defect)` is a programming error, not a failure outside the code")])
        }
        if let defect = signals.defect {
            return (.codeDefect, [Bullet("The runtime says the code used a value wrongly (`\(defect)`): a programming error")])
        }
        // A login refused to a requester the message or its fields name by address is the service keeping someone
        // out; the same account refused again and again from one client is a service whose own credentials are wrong.
        if let refused = signals.refusedAccess, FailureSignals.loginPhrases.contains(String(refused.lowercased().map { $0 == "_" ? " " : $0 })),
            issue.signatures.contains(where: { namesRequester($0.template) }) || issue.symptoms.contains(where: { $0.name == "client" }),
            !oneClientOneAccount(issue)
        {
            return (
                .expectedNoise,
                [Bullet("Logins refused to the clients it names (`\(refused)`): the service keeping them out; watch the addresses for a brute-force pattern")]
            )
        }
        if let refused = signals.refusedAccess {
            return (.configuration, [Bullet("Access was refused (`\(refused)`): the credentials or permissions the service runs with")])
        }
        if let outage = signals.unavailable {
            return (.external, [Bullet("A dependency or resource failed (`\(outage)`), not the service's own logic")])
        }
        if let status = signals.remoteStatus {
            return (.external, [Bullet("A remote service answered the service's own request with an error (`\(status)`)")])
        }
        // A notice that a setting is deprecated is still a notice.
        if let notice = signals.deprecation {
            return (.expectedNoise, [Bullet("A deprecation notice (`\(notice)`): nothing fails today")])
        }
        if let notice = signals.notice {
            return (.expectedNoise, [Bullet("The message says nothing failed (`\(notice)`): a notice, an advice or a requested stop")])
        }
        if let requirement = signals.requirement {
            return (.configuration, [Bullet("A version requirement is not met (`\(requirement)`): what is deployed together does not fit")])
        }
        if let setting = signals.setting {
            return (.configuration, [Bullet("The message is about the service's configuration (`\(setting)`)")])
        }
        // The service's own code raised it, and nothing points at configuration or a dependency.
        if !exceptions.isEmpty, let place = found.code.first(where: { $0.origin == .stackFrame }) {
            return (
                .codeDefect,
                [Bullet("`\(exceptions.last ?? "")` raised in the service's own code (`\(place.file)` line \(place.line)), and nothing points at configuration or a dependency")]
            )
        }
        // Guessing would mislead: the kind stays open until someone (or a project rule) decides.
        if let match = found.matches.first {
            return (
                nil,
                [Bullet("Not classified: rule `\(match.rule.id)` matched (\(match.reasons.joined(separator: "; "))) but the same "
                    + "symptom comes from configuration or from a failing dependency; the hypotheses say how to tell")]
            )
        }
        return (nil, [Bullet("Not classified: no known failure pattern, configuration or exception to go on")])
    }

    /// What an issue left unclassified is when it stands alone: warnings only, no exception, no users or endpoints
    /// touched, nothing it follows or sets off — a condition the service logged and went on from.
    static func quietWarning(_ issue: TrackerIssue, _ found: Findings) -> (IssueKind, [Bullet])? {
        guard found.facts.exceptionTypes.isEmpty, !issue.signatures.isEmpty,
            issue.signatures.allSatisfy({ $0.level == .warning && LogRecord.responseClass(ofSignature: $0.template) == nil }),
            !issue.symptoms.contains(where: { ($0.name == "endpoint" || $0.name == "user") && !$0.values.isEmpty })
        else { return nil }
        return (
            .expectedNoise,
            [Bullet("Only warnings, naming no failure, exception or setting, touching no request and linked to no other issue: the service went on; likely noise (confirm)")]
        )
    }

    /// Whether a message names the address of whoever it is about: an `<ip>` placeholder, or a value after `IP`,
    /// `client` or `remote`.
    /// Every refusal from one client (by address) for one account (a user the template names, or none varying):
    /// not someone trying their luck, a client configured with the wrong password.
    static func oneClientOneAccount(_ issue: TrackerIssue) -> Bool {
        guard issue.occurrences.count >= 2, let clients = issue.symptoms.first(where: { $0.name == "client" }) else { return false }
        let users = issue.symptoms.first { $0.name == "user" }?.distinct ?? 1
        return clients.distinct == 1 && users <= 1
    }

    static func namesRequester(_ template: String) -> Bool {
        if template.contains("<ip>") { return true }
        let words = template.split(separator: " ")
        for (index, word) in words.enumerated().dropLast() {
            let lower = word.lowercased().filter(\.isLetter)
            guard ["ip", "client", "remote"].contains(lower) else { continue }
            if words[index + 1].contains("<") { return true }
        }
        return false
    }

    /// Requests the service itself answered (it names their endpoints, logs their request lines as an access log
    /// does, or its access lines say the response failed), all with a 4xx, and nothing beside them worse than a
    /// warning (a limiter saying it refused): the clients' mistake. An error logged with them is a failure of the
    /// service's own that it answered with a 4xx.
    static func servesClientErrorsOnly(_ issue: TrackerIssue, _ facts: IssueFacts) -> Bool {
        let classes = issue.signatures.map { LogRecord.responseClass(ofSignature: $0.template) }
        guard !classes.contains(LogRecord.serverErrorClass), facts.statuses.allSatisfy({ (400..<500).contains($0) }),
            !facts.statuses.isEmpty || classes.contains(where: { $0 != nil })
        else { return false }
        // 429 is the service limiting its clients: what it logs beside those answers, at any level, is the limiter
        // (the status read from the records, or the reason phrase its masked response lines keep).
        let tooMany = HTTPStatus.reasonPhrase(429) ?? "Too Many Requests"
        let responses = zip(issue.signatures, classes).filter { $0.1 != nil }.map(\.0.template)
        let limiting = facts.statuses == [429]
            || (facts.statuses.isEmpty && !responses.isEmpty && responses.allSatisfy { $0.contains(tooMany) })
        // A request line the service logged at ERROR for a 4xx (`"GET /admin/site/" 403 6ms`) is still its answer.
        for (signature, responseClass) in zip(issue.signatures, classes)
        where responseClass == nil && !limiting && !startsWithRequest(signature.template) {
            if let level = signature.level, level > .warning { return false }
        }
        return classes.contains { $0 != nil } || issue.symptoms.contains { $0.name == "endpoint" && !$0.values.isEmpty }
            || issue.signatures.contains { $0.template.contains(" HTTP/1.") || $0.template.contains(" HTTP/2") || startsWithRequest($0.template) }
    }

    /// `"GET <path>" 403 …`: a message that starts with a quoted request, as a server's request log writes it.
    static func startsWithRequest(_ template: String) -> Bool {
        guard template.hasPrefix("\"") else { return false }
        let text = template.dropFirst()
        let method = text.prefix { $0.isUppercase && $0.isASCII }
        guard HTTPStatus.methods.contains(String(method)) else { return false }
        let rest = text.dropFirst(method.count)
        return rest.hasPrefix(" /") || rest.hasPrefix(" <")
    }

    /// A setting that is wrong is wrong all along; failures that start after the service had been running, or
    /// stop before it ends, are an outage. The margin is a twentieth of the period, and at least a minute.
    static func isIntermittent(_ issue: TrackerIssue, within period: ClosedRange<Timestamp>?) -> Bool {
        guard let period, let first = issue.occurrences.firstSeen, let last = issue.occurrences.lastSeen else { return false }
        let length = period.upperBound.millisecondsSinceEpoch - period.lowerBound.millisecondsSinceEpoch
        let margin = max(60_000, length / 20)
        return first.millisecondsSinceEpoch - period.lowerBound.millisecondsSinceEpoch > margin
            || period.upperBound.millisecondsSinceEpoch - last.millisecondsSinceEpoch > margin
    }

    /// Exceptions that mean the code itself is wrong, whatever the input.
    static let codeDefectExceptions: Set<String> = [
        "NameError", "AttributeError", "TypeError", "UnboundLocalError", "IndexError", "ZeroDivisionError",
        "AssertionError", "RecursionError", "NotImplementedError", "NullPointerException", "ClassCastException",
        "ArrayIndexOutOfBoundsException", "IndexOutOfBoundsException", "IllegalStateException", "ReferenceError",
        "NoMethodError", "NilClass", "ArgumentError", "NullReferenceException", "InvalidCastException",
        "ArithmeticError", "FunctionClauseError", "CaseClauseError", "MatchError", "BadArityError", "UndefinedFunctionError",
    ]

    /// An effect fails for its own reason when a rule gives it a cause of its own (a configuration problem or a
    /// code defect) that differs from its trigger's.
    static func hasOwnCause(_ effect: Findings, comparedWith cause: Findings?) -> Bool {
        guard let rule = effect.matches.first?.rule, let kind = rule.kind, kind == .configuration || kind == .codeDefect
        else { return false }
        return cause?.matches.first?.rule.id != rule.id
    }

    // MARK: Subsystem

    /// Loggers that name a server or a stream rather than a part of the application.
    static let genericLoggers: Set<String> = [
        "root", "__main__", "main", "app", "application", "default", "uvicorn", "uvicorn.error", "uvicorn.access",
        "gunicorn", "gunicorn.error", "gunicorn.access", "werkzeug", "console", "stdout", "stderr", "print",
    ]

    /// The logger's module path when it names one; else the code's path; else the rule's subsystem.
    static func subsystem(_ issue: TrackerIssue, _ found: Findings) -> String? {
        let loggers = issue.signatures.compactMap(\.logger)
        if let logger = loggers.first(where: { !genericLoggers.contains($0.lowercased()) }) {
            return IssueDerivation.subsystem(fromLogger: logger)
        }
        if let file = found.code.first?.file {
            var parts = file.split(separator: "/").map(String.init)
            if let last = parts.last, let dot = last.lastIndex(of: ".") { parts[parts.count - 1] = String(last[..<dot]) }
            while parts.count > 1, ["src", "app", "lib", "backend", "server", "internal", "pkg"].contains(parts[0]) {
                parts.removeFirst()
            }
            if parts.last == "__init__" || parts.last == "index" || parts.last == "main" { parts.removeLast() }
            if !parts.isEmpty { return IssueDerivation.subsystem(fromLogger: parts.joined(separator: ".")) }
        }
        return found.matches.first?.rule.subsystem ?? issue.subsystem
    }

    // MARK: Severity

    /// The level's severity, or the rule's; raised when users see it and when it spreads; expected noise is low.
    static func severity(
        _ issue: TrackerIssue, kind: IssueKind?, rule: RuleMatch?, exceptions: Bool, stopped: String? = nil
    ) -> (IssueSeverity, [String]) {
        if kind == .expectedNoise { return (.low, ["expected noise"]) }
        let level = issue.signatures.compactMap(\.level).max()
        var severity = IssueDerivation.severity(level: level, exceptions: exceptions, count: issue.occurrences.count)
        var reasons = [level.map { "logged at \($0.name)" } ?? "no level"]
        if let ruled = rule?.rule.severity {
            severity = ruled
            reasons = ["rule `\(rule?.rule.id ?? "")`"]
        }
        // A process killed or found crashed took everything it served down with it, whatever level the line had.
        if let stopped, severity < .high {
            severity = .high
            reasons.append("the process stopped without shutting down (`\(stopped)`)")
        }
        let endpoints = issue.symptoms.first { $0.name == "endpoint" }?.distinct ?? 0
        let users = issue.symptoms.first { $0.name == "user" }?.distinct ?? 0
        let serverErrors = issue.symptoms.first { $0.name == "status" }?.values.contains { $0.value.hasPrefix("5") } ?? false
        if endpoints > 0 || serverErrors, severity < .high {
            severity = .high
            reasons.append("user-facing (\(endpoints > 0 ? "\(endpoints) endpoint(s)" : "HTTP 5xx"))")
        }
        if users >= 10 || endpoints >= 5, severity == .high, issue.occurrences.count >= 100 {
            severity = .critical
            reasons.append("widespread: \(users) users, \(endpoints) endpoints, \(issue.occurrences.count) records")
        }
        return (severity, reasons)
    }

    // MARK: Confidence

    /// Points for the rule (its lead hypothesis' confidence: high 2, medium 1; one more when two criteria met),
    /// the code site, configuration named by the message and a consistent causal link; one off for a single
    /// occurrence with nothing in the code to back it (expected noise excepted: one reload is the pattern).
    /// High from 3, medium at 2.
    static func confidence(
        _ issue: TrackerIssue, _ found: Findings, causes: [CausalLink], effects: [CausalLink], indexed: Bool
    ) -> (Confidence, [Bullet]) {
        var score = 0
        var reasons: [Bullet] = []
        if let match = found.matches.first {
            switch match.rule.primaryHypotheses.first?.confidence {
            case .high?: score += 2
            case .medium?: score += 1
            default: break
            }
            if match.reasons.count >= 2 { score += 1 }
            reasons.append(Bullet("Matches rule `\(match.rule.id)`: " + match.reasons.joined(separator: "; ")))
        } else {
            reasons.append(Bullet("No known failure pattern matched"))
        }
        if let place = found.code.first {
            score += 1
            reasons.append(
                Bullet("Code found: `\(place.file)` line \(place.line)" + (place.function.map { " (`\($0)`)" } ?? "") + " — " + place.reason))
        } else {
            reasons.append(Bullet(indexed ? "The code that logs it was not found in the source tree" : "No source tree given (`logtriage scan --source DIR`)"))
        }
        if let read = found.named.first {
            score += 1
            reasons.append(Bullet("The message names `\(read.name)`, read at `\(read.file)` line \(read.line)"))
        }
        if let link = causes.first {
            score += 1
            reasons.append(Bullet("Follows Issue \(link.cause) consistently: \(link.evidence)"))
        } else if let link = effects.first {
            score += 1
            reasons.append(Bullet("Issue \(link.effect) follows it consistently: \(link.evidence)"))
        }
        if issue.occurrences.count < 2, found.code.isEmpty, found.kind != .expectedNoise {
            score -= 1
            reasons.append(Bullet("Seen only once"))
        }
        return (score >= 3 ? .high : score == 2 ? .medium : .low, reasons)
    }
}
