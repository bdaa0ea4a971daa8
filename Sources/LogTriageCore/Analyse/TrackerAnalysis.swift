/// Everything the analysis reads: the tracker as stored, what the records said about each signature's code, the
/// timelines of which signatures follow which, and the source tree when one was given.
public struct AnalysisInput: Sendable {
    public var document: TrackerDocument
    /// Signature id → facts.
    public var facts: [String: SignatureFacts]
    public var timelines: Cooccurrence
    /// The time the scanned logs cover (all scans, problems or not); nil when unknown.
    public var period: ClosedRange<Timestamp>?

    public init(
        document: TrackerDocument, facts: [String: SignatureFacts] = [:], timelines: Cooccurrence = Cooccurrence(),
        period: ClosedRange<Timestamp>? = nil
    ) {
        self.document = document
        self.facts = facts
        self.timelines = timelines
        self.period = period
    }
}

/// The analysis of the whole tracker: one entry per issue, plus what only the set of issues shows.
public struct TrackerAnalysis: Sendable {
    public var issues: [IssueAnalysis]
    /// Which issues follow which, and which are independent.
    public var crossIssueNotes: [Bullet]
    /// Root causes first, then downstream effects, expected noise last.
    public var investigationOrder: [InvestigationStep]
    public var graph: CausalGraph

    public func issue(_ number: Int) -> IssueAnalysis? { issues.first { $0.issue == number } }
}

/// Where an issue stands in its chain.
public enum CausalRole: String, Sendable, Hashable {
    /// Nothing consistently comes before it; others follow it.
    case firstFailure = "first failure"
    /// It follows another issue and is explained by it.
    case downstream = "downstream effect"
    /// It follows another issue's flow but fails for its own reason.
    case sideEffect = "side effect"
    /// Neither follows nor is followed by another issue.
    case independent
}

/// What the analysis concluded about one issue, with the reasons, ready to write into its fields.
public struct IssueAnalysis: Sendable {
    public var issue: Int
    public var kind: IssueKind?
    public var kindReasons: [Bullet] = []
    public var subsystem: String?
    public var severity: IssueSeverity
    public var severityReasons: [String] = []
    public var confidence: Confidence
    public var confidenceReasons: [Bullet] = []
    public var primaryHypotheses: [Bullet] = []
    public var secondaryHypotheses: [Bullet] = []
    public var evidence: [Bullet] = []
    public var files: [Bullet] = []
    /// What the service logs right before and after its records (``Neighbour``).
    public var behavior: [Bullet] = []
    public var questions: [Bullet] = []
    public var downstream: [Bullet] = []
    public var fixOptions: [Bullet] = []
    public var validation: [Bullet] = []
    public var related: [Relation] = []
    public var role: CausalRole = .independent
    /// The code behind the issue, best first: log statements, stack frames, the records' own locations.
    public var code: [CodeMatch] = []
    /// Environment variables and settings read around that code.
    public var configuration: [ConfigurationRead] = []
    /// Ids of the rules that matched, best first.
    public var rules: [String] = []

    public init(issue: Int, severity: IssueSeverity, confidence: Confidence = .low) {
        self.issue = issue
        self.severity = severity
        self.confidence = confidence
    }
}
