/// Finds the issue a record belongs to: the issue that filed its signature, when the record is a problem.
/// Answers "which issue is this line?" without learning anything (the scan is what files signatures).
public struct IssueMatcher: Sendable {
    private let issueOfSignature: [String: Int]
    private let minLevel: Level

    public init(issues: [TrackerIssue], minLevel: Level = .warning) {
        var map: [String: Int] = [:]
        for issue in issues {
            for signature in issue.signatures { map[signature.id] = issue.number }
        }
        self.issueOfSignature = map
        self.minLevel = minLevel
    }

    /// The issue of `record`, whose signature template (``LogRecord/signatureText`` as the tracker's miner
    /// matches it) is `templateID`; nil for traffic and for problems no scan has filed.
    public func issue(of record: LogRecord, templateID: String?) -> Int? {
        guard let templateID, record.exception != nil || (record.level.map { $0 >= minLevel } ?? false) else {
            return nil
        }
        return issueOfSignature[templateID]
    }
}
