import LogTriageCore

/// Where the tracker lives. SQLite (``SQLiteTrackerStore``) is the zero-configuration default; a shared
/// server database for teams implements the same protocol.
///
/// Every method that changes the tracker appends to its update log in the same transaction, so the log
/// never disagrees with the data.
public protocol TrackerStore: Sendable {
    /// What the template miner learned in earlier scans, so templates and their ids stay stable.
    func minerState() throws -> TemplateMiner.State?

    /// Files the tracker has read, in the order first scanned.
    func sources() throws -> [SourceProgress]

    /// Records one scan: new and grown signatures, their grouping into issues, regressions of fixed issues,
    /// the miner's state and the files' progress.
    func apply(_ scan: ScanBatch) throws -> ScanOutcome

    /// The whole tracker.
    func document() throws -> TrackerDocument

    func issue(_ number: Int) throws -> TrackerIssue?

    /// Applies a manual change to an issue; `fields` names what the user set, so that later scans leave it alone.
    func edit(_ number: Int, fields: [IssueField], log: String, at time: Timestamp, _ change: (inout TrackerIssue) throws -> Void) throws -> TrackerIssue

    /// Changes an issue's status, enforcing the lifecycle (see ``StatusChange``).
    func setStatus(_ number: Int, to change: StatusChange, at time: Timestamp) throws -> TrackerIssue

    /// Moves every signature of `other` into `target` and removes `other`.
    func merge(_ other: Int, into target: Int, at time: Timestamp) throws -> TrackerIssue

    /// Moves `signatures` out of `issue` into a new issue; returns it.
    func split(_ issue: Int, signatures: [String], at time: Timestamp) throws -> TrackerIssue

    /// Records the outcome of `logtriage verify` for the issues it looked at.
    func recordVerification(_ results: [VerificationResult], files: [String], at time: Timestamp) throws

    /// Replaces the tracker's content with `document` (issues keep their numbers).
    func importDocument(_ document: TrackerDocument, from file: String, at time: Timestamp) throws

    /// What analysis reads: the tracker, each signature's code facts and the timelines of all scans.
    func analysisInput() throws -> AnalysisInput

    /// The source tree given to an earlier scan, if any.
    func sourceRoot() throws -> String?

    /// Writes an analysis into the fields nobody set by hand, and its cross-issue notes and investigation order.
    func applyAnalysis(_ analysis: TrackerAnalysis, at time: Timestamp) throws
}

/// The fields a user can set by hand.
public enum IssueField: String, Sendable, Hashable, Codable, CaseIterable {
    case title, severity, subsystem, kind, confidence, hypotheses, behavior, evidence, files, questions, downstream
    case fixOptions = "fix-options", validation, related, notes
}

/// Everything one scan hands to the store.
public struct ScanBatch: Sendable {
    public var problems: ProblemSet
    public var minerState: TemplateMiner.State
    /// Template ids that changed while mining (old → new).
    public var renamedTemplates: [String: String]
    public var sources: [SourceProgress]
    /// What was read, for the update log: `file (N new lines)`.
    public var files: [String]
    public var records: Int
    public var time: Timestamp
    /// The source tree to find code evidence in, remembered for later scans (nil keeps the one remembered).
    public var sourceRoot: String?
    /// A live intake's small batches are logged only when they open issues or signatures or find regressions.
    public var isLive = false

    public init(
        problems: ProblemSet, minerState: TemplateMiner.State, renamedTemplates: [String: String],
        sources: [SourceProgress], files: [String], records: Int, time: Timestamp, sourceRoot: String? = nil
    ) {
        self.sourceRoot = sourceRoot
        self.problems = problems
        self.minerState = minerState
        self.renamedTemplates = renamedTemplates
        self.sources = sources
        self.files = files
        self.records = records
        self.time = time
    }
}

/// What a scan changed.
public struct ScanOutcome: Sendable {
    public var newIssues: [Int] = []
    public var updatedIssues: [Int] = []
    public var newSignatures = 0
    /// Fixed or verified issues whose signatures came back after the fix, with the evidence.
    public var regressions: [Regression] = []

    public init() {}
}

/// A requested status, with what the lifecycle needs to accept it.
public struct StatusChange: Sendable {
    public var status: IssueStatus
    /// Skip the lifecycle's checks (the user takes responsibility).
    public var force: Bool
    /// The version, tag or commit of a fix.
    public var version: String?
    /// When the fix shipped; defaults to now.
    public var fixTime: Timestamp?

    public init(status: IssueStatus, force: Bool = false, version: String? = nil, fixTime: Timestamp? = nil) {
        self.status = status
        self.force = force
        self.version = version
        self.fixTime = fixTime
    }
}

/// A tracker operation that cannot be done, with a message for the user.
public struct TrackerError: Error, CustomStringConvertible, Sendable {
    public var description: String
    public init(_ description: String) { self.description = description }
}
