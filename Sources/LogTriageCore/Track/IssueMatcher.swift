/// Finds the issue a record belongs to: the issue that filed its signature, when the record is a problem; the
/// issue whose records it stands next to time and again (a ``Neighbour``), when it is not.
/// Answers "which issue is this line?" without learning anything (the scan is what files signatures).
public struct IssueMatcher: Sendable {
    private let issueOfSignature: [String: Int]
    private let issueOfNeighbour: [String: Int]
    private let problems: ProblemCollector.Configuration

    /// `facts` are the signatures' facts, by signature id (their neighbours).
    public init(issues: [TrackerIssue], facts: [String: SignatureFacts] = [:], minLevel: Level = .warning) {
        var map: [String: Int] = [:]
        var neighbours: [String: Int] = [:]
        for issue in issues {
            for signature in issue.signatures {
                map[signature.id] = issue.number
                for neighbour in facts[signature.id]?.neighbours ?? [] where neighbours[neighbour.id] == nil {
                    neighbours[neighbour.id] = issue.number
                }
            }
        }
        self.issueOfSignature = map
        self.issueOfNeighbour = neighbours
        var configuration = ProblemCollector.Configuration()
        configuration.minLevel = minLevel
        self.problems = configuration
    }

    /// The issue of `record`, whose signature template (``LogRecord/signatureText`` as the tracker's miner
    /// matches it) is `templateID`; nil for traffic and for problems no scan has filed.
    public func issue(of record: LogRecord, templateID: String?) -> Int? {
        guard let templateID else { return nil }
        guard problems.isProblem(record) else { return issueOfNeighbour[templateID] }
        return issueOfSignature[templateID]
    }
}
