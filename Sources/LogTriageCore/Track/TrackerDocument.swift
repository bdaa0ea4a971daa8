/// The whole tracker, in the structure of a hand-kept RCA document: purpose, triage rules, one section per issue,
/// cross-issue notes, the order to investigate in, the evidence sources and a dated update log.
public struct TrackerDocument: Sendable, Hashable, Codable {
    public var title: String
    /// The Purpose section's Markdown lines, as written.
    public var purpose: [String]
    public var triageRules: [Bullet]
    public var issues: [TrackerIssue]
    public var crossIssueNotes: [Bullet]
    public var investigationOrder: [InvestigationStep]
    public var evidenceSources: [Bullet]
    public var updateLog: [UpdateEntry]
    /// Top-level sections the model has no place for, kept with their Markdown lines.
    public var extraSections: [ExtraSection]

    public init(
        title: String = TrackerDocument.defaultTitle, purpose: [String] = TrackerDocument.defaultPurpose,
        triageRules: [Bullet] = TrackerDocument.defaultTriageRules, issues: [TrackerIssue] = [],
        crossIssueNotes: [Bullet] = [], investigationOrder: [InvestigationStep] = [], evidenceSources: [Bullet] = [],
        updateLog: [UpdateEntry] = [], extraSections: [ExtraSection] = []
    ) {
        self.title = title
        self.purpose = purpose
        self.triageRules = triageRules
        self.issues = issues
        self.crossIssueNotes = crossIssueNotes
        self.investigationOrder = investigationOrder
        self.evidenceSources = evidenceSources
        self.updateLog = updateLog
        self.extraSections = extraSections
    }

    public static let defaultTitle = "Backend Log RCA Tracker"

    public static let defaultPurpose = [
        "This document is the working catalog for backend issues observed in runtime logs.",
        "",
        "For each issue, capture:",
        "- error signature",
        "- observed symptoms",
        "- likely root cause analysis",
        "- confidence level",
        "- files to inspect/edit",
        "- fix strategy notes",
        "- validation steps",
        "- status",
    ]

    public static let defaultTriageRules = [
        Bullet("Do not fix directly from logs alone unless root cause is confirmed."),
        Bullet("Prefer grouping repeated log lines under one issue."),
        Bullet("Track the first failing subsystem, then downstream effects."),
        Bullet("Separate configuration problems from code defects."),
        Bullet("Keep this document updated before and after each fix."),
    ]
}

/// One entry of the Candidate Investigation Order.
public struct InvestigationStep: Sendable, Hashable, Codable {
    public var text: String
    /// The issue it names, when it names one.
    public var issue: Int?

    public init(text: String, issue: Int? = nil) {
        self.text = text
        self.issue = issue
    }
}

/// One line of the Session Update Log, under its day.
public struct UpdateEntry: Sendable, Hashable, Codable {
    /// `YYYY-MM-DD`.
    public var date: String
    public var text: String

    public init(date: String, text: String) {
        self.date = date
        self.text = text
    }
}

/// A top-level section kept as written.
public struct ExtraSection: Sendable, Hashable, Codable {
    public var title: String
    public var lines: [String]

    public init(title: String, lines: [String]) {
        self.title = title
        self.lines = lines
    }
}
