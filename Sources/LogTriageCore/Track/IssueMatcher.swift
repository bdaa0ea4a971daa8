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
    /// Whether `record` is a problem by its own level and content.
    func isProblem(_ record: LogRecord) -> Bool { problems.isProblem(record) }

    public func issue(of record: LogRecord, templateID: String?) -> Int? {
        guard let templateID else { return nil }
        guard problems.isProblem(record) else { return issueOfNeighbour[templateID] }
        return issueOfSignature[templateID]
    }
}

/// Matches a log record by record, in input order, and also places the line right before a failure that names the
/// same thing (`Starting plugin report-exporter`, then `Plugin 'report-exporter@1.3' requires …`): what the
/// service was doing with it when it failed. Records come out in input order, a few records late.
public struct IssueMatchSession {
    public struct Match {
        public var record: LogRecord
        public var issue: Int?
        /// The signature that placed a problem record, nil otherwise.
        public var signature: String?
    }

    private let matcher: IssueMatcher
    private var held: [Match] = []
    /// How many records wait for the failure that may follow them.
    static let reach = 4
    /// How long before the failure a record that names the same thing still tells what led to it.
    static let window: Int64 = 2_000

    public init(_ matcher: IssueMatcher) { self.matcher = matcher }

    /// Adds the next record; returns the records whose issue is settled, in input order.
    public mutating func add(_ record: LogRecord, templateID: String?) -> [Match] {
        let issue = matcher.issue(of: record, templateID: templateID)
        if let issue, matcher.isProblem(record) { placeContext(before: record, issue: issue) }
        held.append(Match(record: record, issue: issue, signature: issue == nil ? nil : templateID))
        guard held.count > Self.reach else { return [] }
        let settled = Array(held.prefix(held.count - Self.reach))
        held.removeFirst(held.count - Self.reach)
        return settled
    }

    /// The records still held.
    public mutating func finish() -> [Match] {
        defer { held = [] }
        return held
    }

    /// Held records of the failure's stream, just before it, that name an identifier its message names.
    private mutating func placeContext(before failure: LogRecord, issue: Int) {
        let names = Self.identifiers(in: failure.message)
        guard !names.isEmpty else { return }
        let stream = failure.attributes.last { $0.key == "service" }?.value.scalarText
        for index in held.indices.reversed() where held[index].issue == nil {
            let record = held[index].record
            guard record.file == failure.file, record.attributes.last(where: { $0.key == "service" })?.value.scalarText == stream,
                let time = record.time?.millisecondsSinceEpoch, let failed = failure.time?.millisecondsSinceEpoch,
                failed - time >= 0, failed - time <= Self.window
            else { continue }
            if !Self.identifiers(in: record.message).isDisjoint(with: names) { held[index].issue = issue }
        }
    }

    /// Words that name one thing (`report-exporter`, `job_42a`, `orders.v2`): eight characters or more, letters
    /// with a dash, an underscore or a digit among them; plain words name nothing in particular.
    static func identifiers(in message: String) -> Set<Substring> {
        var result: Set<Substring> = []
        let firstLine = message.prefix { $0 != "\n" }
        for token in firstLine.split(whereSeparator: { !($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" || $0 == ".") }) {
            var trimmed = token
            while let last = trimmed.last, last == "." || last == "-" || last == "_" { trimmed = trimmed.dropLast() }
            while let first = trimmed.first, first == "." || first == "-" || first == "_" { trimmed = trimmed.dropFirst() }
            guard trimmed.count >= 8, trimmed.contains(where: \.isLetter),
                trimmed.contains(where: { $0 == "-" || $0 == "_" || $0.isNumber })
            else { continue }
            result.insert(trimmed)
        }
        return result
    }
}
