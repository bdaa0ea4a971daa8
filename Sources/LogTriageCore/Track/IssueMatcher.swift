/// Finds the issue a record belongs to: the issue that filed its signature, when the record is a problem.
/// Answers "which issue is this line?" without learning anything (the scan is what files signatures).
public struct IssueMatcher: Sendable {
    private let issueOfSignature: [String: Int]
    private let problems: ProblemCollector.Configuration

    public init(issues: [TrackerIssue], minLevel: Level = .warning) {
        var map: [String: Int] = [:]
        for issue in issues {
            for signature in issue.signatures { map[signature.id] = issue.number }
        }
        self.issueOfSignature = map
        var configuration = ProblemCollector.Configuration()
        configuration.minLevel = minLevel
        self.problems = configuration
    }

    /// The issue of `record`, whose signature template (``LogRecord/signatureText`` as the tracker's miner
    /// matches it) is `templateID`; nil for traffic and for problems no scan has filed.
    public func issue(of record: LogRecord, templateID: String?) -> Int? {
        guard let templateID, problems.isProblem(record) else { return nil }
        return issueOfSignature[templateID]
    }
}
