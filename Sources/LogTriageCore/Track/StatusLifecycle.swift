/// The rules a status change must follow: the tracker's first triage rule is not to call something fixed before
/// its root cause is confirmed, and only a fix can be verified or regress.
public enum StatusLifecycle {
    public struct Refusal: Error, CustomStringConvertible, Sendable {
        public var description: String
    }

    public static func check(from old: IssueStatus, to new: IssueStatus, rootCauseConfirmed: Bool, issue: Int, force: Bool) throws(Refusal) {
        guard !force, old != new else { return }
        switch new {
        case .fixed where !rootCauseConfirmed:
            throw Refusal(description: """
                Issue \(issue)'s root cause is not confirmed (status: \(old.title)). The triage rules say not to call \
                an issue fixed before its root cause is confirmed: run 'logtriage status \(issue) root-cause-confirmed' \
                once it is, or pass '--force' to record the fix anyway.
                """)
        case .verified where old != .fixed:
            throw Refusal(description: """
                Issue \(issue) is \(old.title), not Fixed: only a fix can be verified. Mark it fixed first, or run \
                'logtriage verify LOGS' to check fixed issues against newer logs ('--force' overrides).
                """)
        case .regressed where old != .fixed && old != .verified:
            throw Refusal(description: "Issue \(issue) is \(old.title): only a fixed or verified issue can regress ('--force' overrides).")
        default:
            return
        }
    }
}

/// The Candidate Investigation Order: the steps written by hand, then every active issue they do not name,
/// most severe and most frequent first, expected noise last.
public enum InvestigationOrder {
    /// `covered` are issues the written steps place without naming their number.
    public static func complete(_ steps: [InvestigationStep], issues: [TrackerIssue], covered: Set<Int> = []) -> [InvestigationStep] {
        let numbers = Set(issues.map(\.number))
        var result = steps.filter { $0.issue.map(numbers.contains) ?? true }
        let named = Set(result.compactMap(\.issue)).union(covered)
        let rest = issues.filter { !named.contains($0.number) && ($0.status.isActive || $0.status == .observed) }
            .sorted(by: priority)
        result += rest.map { InvestigationStep(text: "Issue \($0.number): \($0.title)", issue: $0.number) }
        return result
    }

    static func priority(_ a: TrackerIssue, _ b: TrackerIssue) -> Bool {
        let noiseA = a.kind == .expectedNoise || a.status == .observed
        let noiseB = b.kind == .expectedNoise || b.status == .observed
        if noiseA != noiseB { return noiseB }
        if a.severity != b.severity { return a.severity > b.severity }
        if a.occurrences.count != b.occurrences.count { return a.occurrences.count > b.occurrences.count }
        return a.number < b.number
    }
}
