import LogTriageCore

/// A change to an issue made by hand (the CLI's `edit` and `note`, the dashboard, an agent through MCP): single
/// values replace, list items are added, cleared fields are emptied first. The fields it names are the user's from
/// then on: later scans and analyses leave them alone.
public struct IssueEdit: Sendable, Hashable {
    public var title: String?
    public var severity: IssueSeverity?
    public var kind: IssueKind?
    public var subsystem: String?
    public var confidence: Confidence?
    public var hypotheses: [String] = []
    public var secondaryHypotheses: [String] = []
    public var behavior: [String] = []
    public var evidence: [String] = []
    public var files: [String] = []
    public var questions: [String] = []
    public var downstream: [String] = []
    public var fixOptions: [String] = []
    public var validation: [String] = []
    public var related: [Relation] = []
    /// Notes are added without claiming a field: they never compete with analysis.
    public var notes: [String] = []
    public var clear: [IssueField] = []

    public init() {}

    /// `N:relation` (`3:downstream effect`) as a relation; nil when it is not one.
    public static func relation(_ text: String) -> Relation? {
        guard let colon = text.firstIndex(of: ":"), let number = Int(text[..<colon].trimmingWhitespace()) else { return nil }
        let relation = text[text.index(after: colon)...].trimmingWhitespace()
        return relation.isEmpty ? nil : Relation(issue: number, relation: relation)
    }

    /// The fields it sets by hand, and what it changes in words (for the update log and the user).
    public var fields: [IssueField] {
        var fields = clear
        if title != nil { fields.append(.title) }
        if severity != nil { fields.append(.severity) }
        if kind != nil { fields.append(.kind) }
        if subsystem != nil { fields.append(.subsystem) }
        if confidence != nil { fields.append(.confidence) }
        for (field, values) in lists where values > 0 { fields.append(field) }
        return fields
    }

    public var changes: [String] {
        var changes: [String] = []
        if title != nil { changes.append("title") }
        if severity != nil { changes.append("severity") }
        if kind != nil { changes.append("kind") }
        if subsystem != nil { changes.append("subsystem") }
        if confidence != nil { changes.append("confidence") }
        let names: [IssueField: String] = [
            .hypotheses: "hypotheses", .behavior: "behavior", .evidence: "evidence", .files: "files", .questions: "questions",
            .downstream: "downstream effects", .fixOptions: "fix options", .validation: "validation", .related: "related issues",
        ]
        for (field, values) in lists where values > 0 { changes.append(names[field] ?? field.rawValue) }
        if !notes.isEmpty { changes.append(notes.count == 1 ? "note added" : "\(notes.count) notes added") }
        for field in clear { changes.append("cleared \(field.rawValue)") }
        return changes
    }

    public var isEmpty: Bool { changes.isEmpty }

    private var lists: [(IssueField, Int)] {
        [
            (.hypotheses, hypotheses.count + secondaryHypotheses.count), (.behavior, behavior.count), (.evidence, evidence.count),
            (.files, files.count), (.questions, questions.count), (.downstream, downstream.count),
            (.fixOptions, fixOptions.count), (.validation, validation.count), (.related, related.count),
        ]
    }

    public func apply(to issue: inout TrackerIssue) {
        for field in clear {
            switch field {
            case .hypotheses:
                issue.primaryHypotheses = []
                issue.secondaryHypotheses = []
            case .behavior: issue.behavior = []
            case .evidence: issue.evidence = []
            case .files: issue.files = []
            case .questions: issue.questions = []
            case .downstream: issue.downstream = []
            case .fixOptions: issue.fixOptions = []
            case .validation: issue.validation = []
            case .related: issue.related = []
            case .notes: issue.notes = []
            case .title, .severity, .subsystem, .kind, .confidence: break
            }
        }
        if let title { issue.title = title }
        if let severity { issue.severity = severity }
        // The analysis' reasons argued for the old value; the new one is the user's call.
        if let kind {
            issue.kind = kind
            issue.kindReasons = [Bullet("Set by hand")]
        }
        if let subsystem { issue.subsystem = subsystem }
        if let confidence {
            issue.confidence = confidence
            issue.confidenceReasons = [Bullet("Set by hand")]
        }
        issue.primaryHypotheses += hypotheses.map { Bullet($0) }
        issue.secondaryHypotheses += secondaryHypotheses.map { Bullet($0) }
        issue.behavior += behavior.map { Bullet($0) }
        issue.evidence += evidence.map { Bullet($0) }
        issue.files += files.map { Bullet($0) }
        issue.questions += questions.map { Bullet($0) }
        issue.downstream += downstream.map { Bullet($0) }
        issue.fixOptions += fixOptions.map { Bullet($0) }
        issue.validation += validation.map { Bullet($0) }
        issue.related += related
        issue.notes += notes.map { Bullet($0) }
    }
}

extension TrackerStore {
    /// Applies a hand edit, logging what changed. Throws ``TrackerError`` for an empty edit, a blank title or note,
    /// or an unknown issue.
    @discardableResult
    public func apply(_ edit: IssueEdit, to number: Int, at time: Timestamp) throws -> TrackerIssue {
        guard !edit.isEmpty else { throw TrackerError("Nothing to change.") }
        if edit.title?.trimmingWhitespace().isEmpty == true { throw TrackerError("A title cannot be empty.") }
        if edit.notes.contains(where: { $0.trimmingWhitespace().isEmpty }) { throw TrackerError("A note cannot be empty.") }
        let log = edit.changes == ["note added"]
            ? "Issue \(number): note added." : "Issue \(number): edited \(edit.changes.joined(separator: ", "))."
        return try self.edit(number, fields: edit.fields, log: log, at: time) { edit.apply(to: &$0) }
    }
}

extension StringProtocol {
    /// Without leading and trailing white space.
    public func trimmingWhitespace() -> String {
        String(drop { $0.isWhitespace }.reversed().drop { $0.isWhitespace }.reversed())
    }
}
