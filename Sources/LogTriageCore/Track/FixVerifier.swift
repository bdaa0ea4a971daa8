/// A fixed issue's signature seen again after the fix.
public struct Regression: Sendable, Hashable {
    public var issue: Int
    public var signature: String
    public var time: Timestamp
    public var file: String
    public var line: Int

    public init(issue: Int, signature: String, time: Timestamp, file: String, line: Int) {
        self.issue = issue
        self.signature = signature
        self.time = time
        self.file = file
        self.line = line
    }
}

/// The outcome of checking one fixed issue against later logs.
public struct VerificationResult: Sendable, Hashable {
    public enum Outcome: Sendable, Hashable {
        case regressed(Regression)
        case verified(comparableRecords: Int)
        case notEnoughEvidence(String)
    }

    public var issue: Int
    public var outcome: Outcome

    public init(issue: Int, outcome: Outcome) {
        self.issue = issue
        self.outcome = outcome
    }
}

/// `logtriage verify`: checks each fixed issue against records newer than its fix. A signature seen after the
/// fix regresses the issue; silence counts as verified only when the logs cover comparable traffic (the loggers
/// and endpoints the issue used to appear with). Records older than the fix, or without a time, never decide.
public struct FixVerifier {
    public var minimumComparable = 10

    private struct Candidate {
        var issue: TrackerIssue
        var fixTime: Timestamp
        var signatures: Set<String>
        var loggers: Set<String>
        var endpoints: Set<String>
        var regression: Regression?
        var comparable = 0
        var afterFix = 0
    }

    private var candidates: [Candidate]
    public private(set) var undated = 0

    /// The issues to check: fixed ones (verified ones are watched for regressions only).
    public init(issues: [TrackerIssue]) {
        candidates = issues.compactMap { issue in
            guard issue.status == .fixed || issue.status == .verified, let fix = issue.fix else { return nil }
            let endpoints = issue.symptoms.filter { $0.name == "endpoint" }.flatMap { $0.values.map(\.value) }
            return Candidate(
                issue: issue, fixTime: fix.time, signatures: Set(issue.signatures.map(\.id)),
                loggers: Set(issue.signatures.compactMap(\.logger)), endpoints: Set(endpoints))
        }
    }

    public var isEmpty: Bool { candidates.isEmpty }

    /// Takes one record and the id of the template it matched, if any.
    public mutating func add(_ record: LogRecord, templateID: String?) {
        guard let time = record.time else {
            undated += 1
            return
        }
        for i in candidates.indices where time > candidates[i].fixTime {
            candidates[i].afterFix += 1
            if let id = templateID, candidates[i].signatures.contains(id) {
                if candidates[i].regression == nil {
                    candidates[i].regression = Regression(
                        issue: candidates[i].issue.number, signature: candidates[i].issue.signatures.first { $0.id == id }?.template ?? id,
                        time: time, file: record.file, line: record.lineStart)
                }
            } else if isComparable(record, candidates[i]) {
                candidates[i].comparable += 1
            }
        }
    }

    private func isComparable(_ record: LogRecord, _ candidate: Candidate) -> Bool {
        if let logger = record.logger, candidate.loggers.contains(logger) { return true }
        guard !candidate.endpoints.isEmpty else { return false }
        for attribute in record.attributes where SymptomExtraction.attributeName(attribute.key) == "endpoint" {
            if let value = attribute.value.scalarText, candidate.endpoints.contains(SymptomExtraction.normalise(value, name: "endpoint")) {
                return true
            }
        }
        for token in record.message.split(separator: " ") where token.first == "/" || token.first == "\"" {
            let path = token.drop { $0 == "\"" }
            if path.first == "/", candidate.endpoints.contains(SymptomExtraction.normalise(String(path), name: "endpoint")) {
                return true
            }
        }
        return false
    }

    public var results: [VerificationResult] {
        candidates.compactMap { candidate in
            let number = candidate.issue.number
            if let regression = candidate.regression { return VerificationResult(issue: number, outcome: .regressed(regression)) }
            guard candidate.issue.status == .fixed else { return nil }
            if candidate.comparable >= minimumComparable {
                return VerificationResult(issue: number, outcome: .verified(comparableRecords: candidate.comparable))
            }
            var traffic: [String] = []
            if !candidate.loggers.isEmpty { traffic.append("logger " + candidate.loggers.sorted().map { "`\($0)`" }.joined(separator: ", ")) }
            if !candidate.endpoints.isEmpty {
                traffic.append("endpoint " + candidate.endpoints.sorted().prefix(5).map { "`\($0)`" }.joined(separator: ", "))
            }
            let fix = candidate.fixTime.rfc3339
            let why: String
            if candidate.afterFix == 0 {
                why = "no timed records after the fix (\(fix)); scan logs written since then."
            } else if traffic.isEmpty {
                why = "its signatures name no logger or endpoint to compare traffic with; \(candidate.afterFix) record(s) after the fix (\(fix)) show no recurrence."
            } else {
                why = "only \(candidate.comparable) record(s) after the fix (\(fix)) from \(traffic.joined(separator: " or ")) (need \(minimumComparable)); no recurrence so far."
            }
            return VerificationResult(issue: number, outcome: .notEnoughEvidence(why))
        }
    }
}
