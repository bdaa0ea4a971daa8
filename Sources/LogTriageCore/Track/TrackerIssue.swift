/// One problem in the tracker: what a careful engineer writes down about it (see the README's tracker section).
///
/// Free-text fields are lists of ``Bullet``s, the shape they take in the Markdown document, so that a document
/// written by hand imports without losing its nesting and report → import → report is stable.
public struct TrackerIssue: Sendable, Hashable, Codable {
    /// The issue's number in the tracker (`Issue 3`), stable once assigned.
    public var number: Int
    public var title: String
    public var status: IssueStatus
    public var severity: IssueSeverity
    public var subsystem: String?
    public var kind: IssueKind?
    /// Why the kind is what it is (the rule that matched, the configuration the message names).
    public var kindReasons: [Bullet]
    public var confidence: Confidence?
    /// Why the confidence is what it is (rule match, code site found, causal consistency).
    public var confidenceReasons: [Bullet]
    public var signatures: [Signature]
    public var symptoms: [Symptom]
    public var behavior: [Bullet]
    public var occurrences: Occurrences
    /// A few records as they appeared (secrets already scrubbed).
    public var samples: [String]
    public var primaryHypotheses: [Bullet]
    public var secondaryHypotheses: [Bullet]
    public var evidence: [Bullet]
    public var files: [Bullet]
    public var questions: [Bullet]
    public var downstream: [Bullet]
    public var fixOptions: [Bullet]
    public var validation: [Bullet]
    public var related: [Relation]
    public var notes: [Bullet]
    /// Fields a hand-written document carries that the model has no place for, kept in order.
    public var extraFields: [ExtraField]
    public var fix: FixRecord?

    public init(
        number: Int, title: String, status: IssueStatus = .open, severity: IssueSeverity = .medium,
        subsystem: String? = nil, kind: IssueKind? = nil, kindReasons: [Bullet] = [], confidence: Confidence? = nil,
        confidenceReasons: [Bullet] = [], signatures: [Signature] = [], symptoms: [Symptom] = [], behavior: [Bullet] = [],
        occurrences: Occurrences = Occurrences(), samples: [String] = [], primaryHypotheses: [Bullet] = [],
        secondaryHypotheses: [Bullet] = [], evidence: [Bullet] = [], files: [Bullet] = [], questions: [Bullet] = [],
        downstream: [Bullet] = [], fixOptions: [Bullet] = [], validation: [Bullet] = [], related: [Relation] = [],
        notes: [Bullet] = [], extraFields: [ExtraField] = [], fix: FixRecord? = nil
    ) {
        self.number = number
        self.title = title
        self.status = status
        self.severity = severity
        self.subsystem = subsystem
        self.kind = kind
        self.kindReasons = kindReasons
        self.confidence = confidence
        self.confidenceReasons = confidenceReasons
        self.signatures = signatures
        self.symptoms = symptoms
        self.behavior = behavior
        self.occurrences = occurrences
        self.samples = samples
        self.primaryHypotheses = primaryHypotheses
        self.secondaryHypotheses = secondaryHypotheses
        self.evidence = evidence
        self.files = files
        self.questions = questions
        self.downstream = downstream
        self.fixOptions = fixOptions
        self.validation = validation
        self.related = related
        self.notes = notes
        self.extraFields = extraFields
        self.fix = fix
    }
}

/// A list item with its nested items, as in a Markdown list.
public struct Bullet: Sendable, Hashable, Codable {
    public var text: String
    public var children: [Bullet]

    public init(_ text: String, children: [Bullet] = []) {
        self.text = text
        self.children = children
    }
}

/// One message template grouped under an issue.
public struct Signature: Sendable, Hashable, Codable {
    /// The template id (``TemplateID``).
    public var id: String
    public var template: String
    public var count: Int
    public var firstSeen: Timestamp?
    public var lastSeen: Timestamp?
    /// The highest level it was logged at.
    public var level: Level?
    /// Why it belongs to its issue ("first signature", "same code site as 3f2a…", "merged by hand").
    public var reason: String?
    /// The logger that wrote it most, when the records name one.
    public var logger: String?

    public init(
        id: String, template: String, count: Int = 0, firstSeen: Timestamp? = nil, lastSeen: Timestamp? = nil,
        level: Level? = nil, reason: String? = nil, logger: String? = nil
    ) {
        self.id = id
        self.template = template
        self.count = count
        self.firstSeen = firstSeen
        self.lastSeen = lastSeen
        self.level = level
        self.reason = reason
        self.logger = logger
    }
}

/// What the issue's records say about who and what was affected: endpoints, users, models… with counts.
public struct Symptom: Sendable, Hashable, Codable {
    /// What the values are, singular: `endpoint`, `user`, `model`, `status`.
    public var name: String
    public var values: [Value]
    /// Distinct values seen (estimated), at least `values.count`.
    public var distinct: Int

    public struct Value: Sendable, Hashable, Codable {
        public var value: String
        /// Nil when imported from a document that did not count.
        public var count: Int?

        public init(_ value: String, count: Int? = nil) {
            self.value = value
            self.count = count
        }
    }

    public init(name: String, values: [Value], distinct: Int? = nil) {
        self.name = name
        self.values = values
        self.distinct = max(distinct ?? values.count, values.count)
    }
}

/// How often and when: totals and a histogram of counts per time bucket.
public struct Occurrences: Sendable, Hashable, Codable {
    public var count: Int
    public var firstSeen: Timestamp?
    public var lastSeen: Timestamp?
    /// Counts per bucket of `bucketSeconds`, keyed by the bucket's start, in time order.
    public var histogram: [Bucket]
    public var bucketSeconds: Int

    public struct Bucket: Sendable, Hashable, Codable {
        public var start: Timestamp
        public var count: Int

        public init(start: Timestamp, count: Int) {
            self.start = start
            self.count = count
        }
    }

    public init(
        count: Int = 0, firstSeen: Timestamp? = nil, lastSeen: Timestamp? = nil, histogram: [Bucket] = [],
        bucketSeconds: Int = 3600
    ) {
        self.count = count
        self.firstSeen = firstSeen
        self.lastSeen = lastSeen
        self.histogram = histogram
        self.bucketSeconds = bucketSeconds
    }
}

/// A link to another issue: `downstream effect of`, `causes`, `side effect of`, `same request as`…
public struct Relation: Sendable, Hashable, Codable {
    public var issue: Int
    public var relation: String

    public init(issue: Int, relation: String) {
        self.issue = issue
        self.relation = relation
    }
}

/// A field of a hand-written issue section the model does not know (`Action`, `Files involved`…).
public struct ExtraField: Sendable, Hashable, Codable {
    public var label: String
    /// Text written on the label's line after the colon.
    public var value: String?
    public var items: [Bullet]

    public init(label: String, value: String? = nil, items: [Bullet] = []) {
        self.label = label
        self.value = value
        self.items = items
    }
}

/// When an issue was marked fixed, and in what.
public struct FixRecord: Sendable, Hashable, Codable {
    public var time: Timestamp
    /// A version, tag or commit, when given.
    public var version: String?

    public init(time: Timestamp, version: String? = nil) {
        self.time = time
        self.version = version
    }
}
