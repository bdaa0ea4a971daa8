import GRDB
import LogTriageCore

/// One row of `issue`. The free-text fields travel as one JSON column: they are read and written whole.
struct IssueRow: Codable, FetchableRecord, PersistableRecord {
    static let databaseTableName = "issue"
    static let signatures = hasMany(SignatureRow.self)

    var id: Int
    var title: String
    var status: String
    var severity: String
    var subsystem: String?
    var kind: String?
    var confidence: String?
    var fixTime: Int64?
    var fixVersion: String?
    var rootCauseConfirmed: Bool
    var details: IssueDetails
    var editedFields: [IssueField]
    var createdAt: Int64
    var updatedAt: Int64

    enum Columns {
        static let id = Column(CodingKeys.id)
        static let status = Column(CodingKeys.status)
    }
}

/// The issue fields that are text written by people or by the analysis.
struct IssueDetails: Codable, Equatable {
    var behavior: [Bullet] = []
    var kindReasons: [Bullet]? = nil
    var confidenceReasons: [Bullet] = []
    var primaryHypotheses: [Bullet] = []
    var secondaryHypotheses: [Bullet] = []
    var evidence: [Bullet] = []
    var files: [Bullet] = []
    var questions: [Bullet] = []
    var downstream: [Bullet] = []
    var fixOptions: [Bullet] = []
    var validation: [Bullet] = []
    var related: [Relation] = []
    var notes: [Bullet] = []
    var extraFields: [ExtraField] = []

    init() {}

    init(_ issue: TrackerIssue) {
        behavior = issue.behavior
        kindReasons = issue.kindReasons
        confidenceReasons = issue.confidenceReasons
        primaryHypotheses = issue.primaryHypotheses
        secondaryHypotheses = issue.secondaryHypotheses
        evidence = issue.evidence
        files = issue.files
        questions = issue.questions
        downstream = issue.downstream
        fixOptions = issue.fixOptions
        validation = issue.validation
        related = issue.related
        notes = issue.notes
        extraFields = issue.extraFields
    }

    func apply(to issue: inout TrackerIssue) {
        issue.behavior = behavior
        issue.kindReasons = kindReasons ?? []
        issue.confidenceReasons = confidenceReasons
        issue.primaryHypotheses = primaryHypotheses
        issue.secondaryHypotheses = secondaryHypotheses
        issue.evidence = evidence
        issue.files = files
        issue.questions = questions
        issue.downstream = downstream
        issue.fixOptions = fixOptions
        issue.validation = validation
        issue.related = related
        issue.notes = notes
        issue.extraFields = extraFields
    }
}

/// One row of `signature`: a template filed under an issue, with its running totals.
struct SignatureRow: Codable, FetchableRecord, PersistableRecord {
    static let databaseTableName = "signature"

    var id: String
    var issueId: Int
    /// Order within the issue; the lowest is the main signature.
    var position: Int
    var template: String
    var level: Int?
    var count: Int
    var firstSeen: Int64?
    var lastSeen: Int64?
    var reason: String?
    var logger: String?
    var samples: [String]
    var symptoms: [Symptom]
    /// Records of this signature that carried an exception.
    var exceptions: Int
    var facts: SignatureFacts
    /// Episodes (repeats within the co-occurrence window count once) and the milliseconds of timeline they cover.
    var episodes: Int
    var coveredMs: Int64

    enum Columns {
        static let id = Column(CodingKeys.id)
        static let issueId = Column(CodingKeys.issueId)
        static let position = Column(CodingKeys.position)
    }

    var signature: Signature {
        Signature(
            id: id, template: template, count: count, firstSeen: firstSeen.map(Timestamp.init(millisecondsSinceEpoch:)),
            lastSeen: lastSeen.map(Timestamp.init(millisecondsSinceEpoch:)), level: level.flatMap(Level.init(rawValue:)),
            reason: reason, logger: logger)
    }
}

struct FollowRow: Codable, FetchableRecord, PersistableRecord {
    static let databaseTableName = "follow"
    var fromId: String
    var toId: String
    var count: Int
    var totalLag: Int64
    var maxLag: Int64
    var sameRequest: Int
}

struct BucketRow: Codable, FetchableRecord, PersistableRecord {
    static let databaseTableName = "occurrenceBucket"
    var id: Int64?
    var signatureId: String
    var start: Int64
    var count: Int
}

struct SourceRow: Codable, FetchableRecord, MutablePersistableRecord {
    static let databaseTableName = "source"
    var id: Int64?
    var path: String
    var fingerprint: String
    var fingerprintLength: Int
    var offset: Int64
    var lines: Int
    var scannedAt: Int64

    mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }
}

struct LogRow: Codable, FetchableRecord, MutablePersistableRecord {
    static let databaseTableName = "updateLog"
    var id: Int64?
    var time: Int64
    var date: String
    var text: String

    mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }
}

/// The document's own sections (everything but the issues and the log).
struct DocumentRow: Codable, FetchableRecord, PersistableRecord {
    static let databaseTableName = "document"
    var id = 1
    var body: DocumentBody
}

struct DocumentBody: Codable {
    var title: String
    var purpose: [String]
    var triageRules: [Bullet]
    var crossIssueNotes: [Bullet]
    var investigationOrder: [InvestigationStep]
    var evidenceSources: [Bullet]
    var extraSections: [ExtraSection]
    /// Issues a written investigation order already places, in words rather than by number (an imported
    /// document): the generated order does not add them again.
    var coveredIssues: [Int]?
    /// What the last analysis wrote: shown after the written notes, and as the order when none is written.
    var analysisNotes: [Bullet]?
    var analysisOrder: [InvestigationStep]?

    init(_ document: TrackerDocument) {
        title = document.title
        purpose = document.purpose
        triageRules = document.triageRules
        crossIssueNotes = document.crossIssueNotes
        investigationOrder = document.investigationOrder
        evidenceSources = document.evidenceSources
        extraSections = document.extraSections
        coveredIssues = document.investigationOrder.isEmpty ? nil : document.issues.map(\.number)
    }
}

struct MinerStateRow: Codable, FetchableRecord, PersistableRecord {
    static let databaseTableName = "minerState"
    var id = 1
    var state: TemplateMiner.State
}
