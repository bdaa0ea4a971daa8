/// The tracker-wide part of the analysis: the chains of issues (first failing subsystem, then what follows),
/// issues that overlap without following each other, and the order to investigate in.
struct CausalNotes {
    let issues: [TrackerIssue]
    let analyses: [Int: IssueAnalysis]
    let graph: CausalGraph
    let timelines: Cooccurrence
    let firstSeen: [Int: Timestamp]

    init(issues: [TrackerIssue], analyses: [IssueAnalysis], graph: CausalGraph, timelines: Cooccurrence) {
        self.issues = issues
        self.analyses = Dictionary(analyses.map { ($0.issue, $0) }, uniquingKeysWith: { a, _ in a })
        self.graph = graph
        self.timelines = timelines
        var firstSeen: [Int: Timestamp] = [:]
        for issue in issues { firstSeen[issue.number] = issue.occurrences.firstSeen }
        self.firstSeen = firstSeen
    }

    func crossIssueNotes() -> [Bullet] {
        var notes: [Bullet] = []
        for chain in graph.chains(firstSeen: firstSeen) {
            let roots = graph.roots(of: chain[0], firstSeen: firstSeen)
            let subsystems = roots.compactMap { analyses[$0]?.subsystem }.map { "`\($0)`" }
            var children: [Bullet] = []
            for link in graph.links where chain.contains(link.effect) {
                let role = analyses[link.effect]?.role == .sideEffect
                    ? "a side effect: it fails for its own reason (\(ownReason(link.effect)))"
                    : "a downstream effect"
                children.append(
                    Bullet("Issue \(link.effect) follows Issue \(link.cause) in \(link.evidence): \(role)"))
            }
            let path = chain.map { "Issue \($0)" }.joined(separator: ", ")
            let first = subsystems.isEmpty ? "" : "; first failing subsystem " + subsystems.joined(separator: ", ")
            notes.append(Bullet("Chain of \(path)" + first + " (fix " + roots.map { "Issue \($0)" }.joined(separator: ", ") + " first)", children: children))
        }
        notes += independentPairs()
        return notes
    }

    private func ownReason(_ issue: Int) -> String {
        guard let analysis = analyses[issue] else { return "see its analysis" }
        if let rule = analysis.rules.first { return "rule `\(rule)`" }
        return analysis.kind?.title.lowercased() ?? "see its analysis"
    }

    /// Issues that came up together now and then, but not consistently: worth saying they are independent.
    private func independentPairs() -> [Bullet] {
        var issueOf: [String: Int] = [:]
        for issue in issues { for signature in issue.signatures { issueOf[signature.id] = issue.number } }
        var together: [Cooccurrence.Pair: (count: Int, episodes: Int)] = [:]
        for (pair, follow) in timelines.follows {
            guard let a = issueOf[pair.from], let b = issueOf[pair.to], a != b else { continue }
            let key = Cooccurrence.Pair(from: String(min(a, b)), to: String(max(a, b)))
            let episodes = timelines.episodes[pair.to] ?? follow.count
            let old = together[key] ?? (0, 0)
            if (follow.count, episodes) > old { together[key] = (follow.count, episodes) }
        }
        let linked = Set(graph.links.map { Cooccurrence.Pair(from: String(min($0.cause, $0.effect)), to: String(max($0.cause, $0.effect))) })
        var notes: [Bullet] = []
        let pairs = together.sorted { (Int($0.key.from) ?? 0, Int($0.key.to) ?? 0) < (Int($1.key.from) ?? 0, Int($1.key.to) ?? 0) }
        // Saying "independent" needs a few episodes that mostly came apart.
        for (key, value) in pairs
        where !linked.contains(key) && value.episodes >= 2 && value.count * 2 <= value.episodes && notes.count < 3 {
            notes.append(
                Bullet(
                    "Issue \(key.from) and Issue \(key.to) overlap in time but are independent: only \(value.count) of "
                        + "\(value.episodes) episodes came within a minute of each other"))
        }
        return notes
    }

    /// First failures and standalone problems by severity and then by which began first, each followed right away
    /// by what follows it (an effect of several causes after the last of them); expected noise last.
    func investigationOrder() -> [InvestigationStep] {
        let candidates = issues.filter { $0.status.isActive || $0.status == .observed }
        func isNoise(_ issue: TrackerIssue) -> Bool {
            issue.status == .observed || (analyses[issue.number]?.kind ?? issue.kind) == .expectedNoise
        }
        func rank(_ a: TrackerIssue, _ b: TrackerIssue) -> Bool { rank(a, b, byTime: true) }
        // Expected noise has no cause to chase: the loudest first.
        func rankNoise(_ a: TrackerIssue, _ b: TrackerIssue) -> Bool { rank(a, b, byTime: false) }
        func rank(_ a: TrackerIssue, _ b: TrackerIssue, byTime: Bool) -> Bool {
            let severityA = analyses[a.number]?.severity ?? a.severity
            let severityB = analyses[b.number]?.severity ?? b.severity
            if severityA != severityB { return severityA > severityB }
            // What failed first comes first: an unlinked cause still precedes what it set off.
            if byTime, let startA = a.occurrences.firstSeen, let startB = b.occurrences.firstSeen, startA != startB {
                return startA < startB
            }
            let rootA = analyses[a.number]?.role == .firstFailure
            let rootB = analyses[b.number]?.role == .firstFailure
            if rootA != rootB { return rootA }
            if a.occurrences.count != b.occurrences.count { return a.occurrences.count > b.occurrences.count }
            return a.number < b.number
        }
        var steps: [InvestigationStep] = []
        var placed: Set<Int> = []
        func place(_ issue: TrackerIssue, _ text: String) {
            guard placed.insert(issue.number).inserted else { return }
            steps.append(InvestigationStep(text: "Issue \(issue.number): \(issue.title) — \(text)", issue: issue.number))
        }
        let byNumber = Dictionary(candidates.map { ($0.number, $0) }, uniquingKeysWith: { a, _ in a })
        func placeEffect(_ issue: TrackerIssue) {
            let links = graph.causes(of: issue.number).map { "Issue \($0.cause)" }.joined(separator: ", ")
            let role = analyses[issue.number]?.role == .sideEffect ? "side effect of " : "downstream effect of "
            place(issue, links.isEmpty ? "standalone" : role + links + "; recheck after fixing it")
        }
        // An effect of several causes waits for the last of them: it is rechecked once they all are fixed.
        func causesPlaced(_ issue: TrackerIssue) -> Bool {
            graph.causes(of: issue.number).allSatisfy { link in
                placed.contains(link.cause) || byNumber[link.cause].map(isNoise) ?? true
            }
        }
        // What a cause sets off is looked at right after it, before the next cause.
        func placeEffects(of cause: Int) {
            let effects = graph.effects(of: cause).compactMap { byNumber[$0.effect] }.filter { !isNoise($0) }.sorted(by: rank)
            for effect in effects where !placed.contains(effect.number) && causesPlaced(effect) {
                placeEffect(effect)
                placeEffects(of: effect.number)
            }
        }
        let causes = candidates.filter { !isNoise($0) && graph.causes(of: $0.number).isEmpty }.sorted(by: rank)
        for issue in causes {
            let analysis = analyses[issue.number]
            let effects = graph.effects(of: issue.number).map(\.effect)
            var text = analysis?.role == .firstFailure ? "first failing subsystem" : "its own root cause, in"
            if let subsystem = analysis?.subsystem { text += " `\(subsystem)`" }
            if let kind = analysis?.kind { text += " (\(kind.title.lowercased()))" }
            if !effects.isEmpty { text += "; followed by " + effects.map { "Issue \($0)" }.joined(separator: ", ") }
            place(issue, text)
            placeEffects(of: issue.number)
        }
        for issue in candidates.filter({ !isNoise($0) }).sorted(by: rank) { placeEffect(issue) }
        for issue in candidates.filter(isNoise).sorted(by: rankNoise) {
            place(issue, "expected noise; confirm and mark observed")
        }
        return steps
    }
}
