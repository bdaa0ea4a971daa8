import GRDB
import LogTriageCore

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The tracker in one SQLite file (WAL mode: reports read while a scan writes). Writes are serialised by
/// SQLite's write lock, and every scan applies its counts as increments inside one transaction, so two scans
/// running at once lose nothing; the second waits for the first's commit.
public final class SQLiteTrackerStore: TrackerStore {
    private let database: any DatabaseWriter
    public let path: String

    /// Opens (creating and migrating if needed) the tracker at `path`.
    public init(path: String) throws {
        var configuration = Configuration()
        configuration.busyMode = .timeout(120)
        configuration.foreignKeysEnabled = true
        database = try Self.openPool(path: path, configuration: configuration)
        self.path = path
        try Self.migrate(database)
    }

    /// SQLite's own check of the file: `["ok"]` when it is sound, otherwise what is wrong.
    public func integrityCheck() throws -> [String] {
        try database.read { try String.fetchAll($0, sql: "PRAGMA integrity_check") }
    }

    /// Switching a new file to WAL takes a lock the busy timeout does not cover: a second process opening the
    /// tracker at that moment retries instead of failing.
    private static func openPool(path: String, configuration: Configuration) throws -> DatabasePool {
        var attempts = 0
        while true {
            do {
                return try DatabasePool(path: path, configuration: configuration)
            } catch let error as DatabaseError where error.resultCode == .SQLITE_BUSY && attempts < 400 {
                attempts += 1
                usleep(25_000)
            }
        }
    }

    /// Two processes creating the same tracker both try the first migration; the loser finds it applied.
    private static func migrate(_ database: any DatabaseWriter) throws {
        var attempts = 0
        while true {
            do {
                try Schema.migrator.migrate(database)
                return
            } catch {
                if try database.read({ try Schema.migrator.hasCompletedMigrations($0) }) { return }
                attempts += 1
                if attempts > 40 { throw error }
                usleep(50_000)
            }
        }
    }

    /// An in-memory tracker, for tests.
    public init() throws {
        database = try DatabaseQueue()
        path = ":memory:"
        try Schema.migrator.migrate(database)
    }

    // MARK: - Reading

    public func minerState() throws -> TemplateMiner.State? {
        try database.read { db in try MinerStateRow.fetchOne(db)?.state }
    }

    public func sources() throws -> [SourceProgress] {
        try database.read { db in
            try SourceRow.order(Column("id")).fetchAll(db).map {
                SourceProgress(
                    path: $0.path, fingerprint: $0.fingerprint, fingerprintLength: $0.fingerprintLength, offset: $0.offset,
                    lines: $0.lines, scannedAt: Timestamp(millisecondsSinceEpoch: $0.scannedAt))
            }
        }
    }

    public func document() throws -> TrackerDocument {
        try database.read { db in try Self.document(db) }
    }

    public func issue(_ number: Int) throws -> TrackerIssue? {
        try database.read { db in try IssueRow.fetchOne(db, key: number).map { try Self.issue($0, db) } }
    }

    static func document(_ db: Database) throws -> TrackerDocument {
        var document = TrackerDocument()
        var covered: Set<Int> = []
        if let body = try DocumentRow.fetchOne(db)?.body {
            covered = Set(body.coveredIssues ?? [])
            document.title = body.title
            document.purpose = body.purpose
            document.triageRules = body.triageRules
            // Written notes first; the analysis adds what they do not already say.
            let written = Set(body.crossIssueNotes.map(\.text))
            document.crossIssueNotes = body.crossIssueNotes + (body.analysisNotes ?? []).filter { !written.contains($0.text) }
            document.investigationOrder = body.investigationOrder.isEmpty ? (body.analysisOrder ?? []) : body.investigationOrder
            document.evidenceSources = body.evidenceSources
            document.extraSections = body.extraSections
        }
        document.issues = try issues(db)
        document.investigationOrder = InvestigationOrder.complete(document.investigationOrder, issues: document.issues, covered: covered)
        document.updateLog = try LogRow.order(Column("id")).fetchAll(db).map { UpdateEntry(date: $0.date, text: $0.text) }
        return document
    }

    /// An issue as the tracker shows it: its row, plus totals, symptoms, samples and histogram from its signatures.
    static func issue(_ row: IssueRow, _ db: Database) throws -> TrackerIssue {
        let signatures = try SignatureRow.filter(SignatureRow.Columns.issueId == row.id)
            .order(SignatureRow.Columns.position, SignatureRow.Columns.id).fetchAll(db)
        let buckets = try Row.fetchAll(
            db,
            sql: """
                SELECT start, SUM(count) AS total FROM occurrenceBucket
                WHERE signatureId IN (SELECT id FROM signature WHERE issueId = ?)
                GROUP BY start ORDER BY start
                """, arguments: [row.id]
        ).map { Occurrences.Bucket(start: Timestamp(millisecondsSinceEpoch: $0["start"]), count: $0["total"]) }
        return issue(row, signatures: signatures, buckets: buckets)
    }

    /// Every issue, with three queries in all instead of two per issue (a tracker of thousands loads in one go).
    static func issues(_ db: Database) throws -> [TrackerIssue] {
        var signatures: [Int: [SignatureRow]] = [:]
        for signature in try SignatureRow.order(SignatureRow.Columns.issueId, SignatureRow.Columns.position, SignatureRow.Columns.id).fetchAll(db) {
            signatures[signature.issueId, default: []].append(signature)
        }
        var buckets: [Int: [Occurrences.Bucket]] = [:]
        let rows = try Row.fetchCursor(
            db,
            sql: """
                SELECT signature.issueId AS issue, occurrenceBucket.start AS start, SUM(occurrenceBucket.count) AS total
                FROM occurrenceBucket JOIN signature ON signature.id = occurrenceBucket.signatureId
                GROUP BY signature.issueId, occurrenceBucket.start ORDER BY signature.issueId, occurrenceBucket.start
                """)
        while let row = try rows.next() {
            buckets[row["issue"], default: []].append(
                Occurrences.Bucket(start: Timestamp(millisecondsSinceEpoch: row["start"]), count: row["total"]))
        }
        return try IssueRow.order(IssueRow.Columns.id).fetchAll(db).map { row in
            issue(row, signatures: signatures[row.id] ?? [], buckets: buckets[row.id] ?? [])
        }
    }

    private static func issue(_ row: IssueRow, signatures: [SignatureRow], buckets: [Occurrences.Bucket]) -> TrackerIssue {
        var issue = TrackerIssue(
            number: row.id, title: row.title, status: IssueStatus(rawValue: row.status) ?? .open,
            severity: IssueSeverity(rawValue: row.severity) ?? .medium, subsystem: row.subsystem,
            kind: row.kind.flatMap(IssueKind.init(rawValue:)), confidence: row.confidence.flatMap(Confidence.init(rawValue:)),
            signatures: signatures.map(\.signature),
            fix: row.fixTime.map { FixRecord(time: Timestamp(millisecondsSinceEpoch: $0), version: row.fixVersion) })
        row.details.apply(to: &issue)
        issue.symptoms = SymptomMerge.merge(signatures.map(\.symptoms))
        issue.samples = Array(signatures.flatMap(\.samples).prefix(5))
        issue.occurrences = Occurrences(
            count: signatures.reduce(0) { $0 + $1.count },
            firstSeen: signatures.compactMap(\.firstSeen).min().map(Timestamp.init(millisecondsSinceEpoch:)),
            lastSeen: signatures.compactMap(\.lastSeen).max().map(Timestamp.init(millisecondsSinceEpoch:)),
            histogram: buckets, bucketSeconds: bucketSeconds)
        return issue
    }

    static let bucketSeconds = 3600

    // MARK: - Scans

    public func apply(_ scan: ScanBatch) throws -> ScanOutcome {
        try database.write { db in
            var outcome = ScanOutcome()
            try Self.rename(scan.renamedTemplates, db)
            var existing: [String: Int] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT id, issueId FROM signature") { existing[row["id"]] = row["issueId"] }
            let placements = IssueGrouper().place(scan.problems, existing: existing)
            let placementByID = Dictionary(placements.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })

            // New issues, numbered after the highest number ever used in this tracker.
            var nextNumber = try Self.nextIssueNumber(db)
            var newNumbers: [Int: Int] = [:]
            for placement in placements {
                guard case .new(let index) = placement.target, newNumbers[index] == nil else { continue }
                newNumbers[index] = -1
            }
            for index in newNumbers.keys.sorted() {
                newNumbers[index] = nextNumber
                try IssueRow(
                    id: nextNumber, title: "Untitled issue", status: IssueStatus.open.rawValue,
                    severity: IssueSeverity.medium.rawValue, subsystem: nil, kind: nil, confidence: nil, fixTime: nil,
                    fixVersion: nil, rootCauseConfirmed: false, details: IssueDetails(), editedFields: [],
                    createdAt: scan.time.millisecondsSinceEpoch, updatedAt: scan.time.millisecondsSinceEpoch
                ).insert(db)
                outcome.newIssues.append(nextNumber)
                nextNumber += 1
            }

            var touched: Set<Int> = []
            // A new issue's main signature is filed first: it names the issue.
            let main = Set(placements.filter(\.isMain).map(\.id))
            let ordered = scan.problems.templates.sorted { a, b in
                main.contains(a.id) != main.contains(b.id) ? main.contains(a.id) : Self.earliestFirst(a, b)
            }
            for template in ordered {
                let issueNumber: Int
                let timelines = scan.problems.cooccurrence
                if let filed = existing[template.id] {
                    issueNumber = filed
                    try Self.grow(template, timelines, db)
                } else if let placement = placementByID[template.id] {
                    switch placement.target {
                    case .existing(let number): issueNumber = number
                    case .new(let index): issueNumber = newNumbers[index] ?? nextNumber
                    }
                    try Self.insert(template, issue: issueNumber, reason: placement.reason, timelines, db)
                    outcome.newSignatures += 1
                } else {
                    continue
                }
                try Self.addBuckets(template, db)
                touched.insert(issueNumber)
                if let regression = try Self.regression(template, issue: issueNumber, db) {
                    outcome.regressions.append(regression)
                }
            }
            for number in touched.sorted() {
                try Self.refreshDerivedFields(number, at: scan.time, db)
                if !outcome.newIssues.contains(number) { outcome.updatedIssues.append(number) }
            }
            for regression in outcome.regressions where try Self.markRegressed(regression, at: scan.time, db) {
                try Self.log(
                    "Issue \(regression.issue) regressed: `\(regression.signature)` seen again at \(regression.time.rfc3339) "
                        + "(\(regression.file):\(regression.line)), after the fix.", at: scan.time, db)
            }

            try Self.addFollows(scan.problems.cooccurrence, db)
            if let period = scan.problems.period { try Self.widenPeriod(period, db) }
            if let root = scan.sourceRoot { try Self.setSetting(Setting.sourceRoot, root, db) }
            try MinerStateRow(state: scan.minerState).save(db)
            for source in scan.sources {
                try db.execute(sql: "DELETE FROM source WHERE path = ?", arguments: [source.path])
                // A row with the same first bytes under another name described this file before rotation moved it
                // here, unless a file with those bytes is still in place there (a copy, or logs that open with the
                // same banner): that one keeps its own progress (the rule of `ResumePoint.plan`).
                let sameHead = try SourceRow.filter(
                    sql: "fingerprint = ? AND fingerprintLength = ?", arguments: [source.fingerprint, source.fingerprintLength]
                ).fetchAll(db)
                for row in sameHead where FileFingerprint(path: row.path)?.hash(ofFirst: row.fingerprintLength) != row.fingerprint {
                    _ = try row.delete(db)
                }
                var row = SourceRow(
                    id: nil, path: source.path, fingerprint: source.fingerprint, fingerprintLength: source.fingerprintLength,
                    offset: source.offset, lines: source.lines, scannedAt: source.scannedAt.millisecondsSinceEpoch)
                try row.insert(db)
            }
            if !scan.isLive || !outcome.newIssues.isEmpty || outcome.newSignatures > 0 || !outcome.regressions.isEmpty {
                try Self.log(Self.scanSummary(scan, outcome), at: scan.time, db)
            }
            return outcome
        }
    }

    private static func earliestFirst(_ a: ProblemTemplate, _ b: ProblemTemplate) -> Bool {
        switch (a.stats.firstSeen, b.stats.firstSeen) {
        case let (x?, y?) where x != y: return x < y
        case (.some, nil): return true
        case (nil, .some): return false
        default: return a.id < b.id
        }
    }

    private static func scanSummary(_ scan: ScanBatch, _ outcome: ScanOutcome) -> String {
        var text = "Scanned \(scan.files.isEmpty ? "no new input" : scan.files.joined(separator: ", ")): \(scan.records) record(s)"
        text += ", \(scan.problems.templates.reduce(0) { $0 + $1.stats.count }) at warning or above or with an exception."
        if !outcome.newIssues.isEmpty { text += " New: " + outcome.newIssues.map { "Issue \($0)" }.joined(separator: ", ") + "." }
        if !outcome.updatedIssues.isEmpty {
            text += " Updated: " + outcome.updatedIssues.map { "Issue \($0)" }.joined(separator: ", ") + "."
        }
        return text
    }

    /// Templates whose text changed as the miner learned (a word became a parameter) keep their history.
    private static func rename(_ renames: [String: String], _ db: Database) throws {
        for (old, new) in renames.sorted(by: { $0.key < $1.key }) where old != new {
            guard let source = try SignatureRow.fetchOne(db, key: old) else { continue }
            if var target = try SignatureRow.fetchOne(db, key: new) {
                target.count += source.count
                target.firstSeen = [target.firstSeen, source.firstSeen].compactMap { $0 }.min()
                target.lastSeen = [target.lastSeen, source.lastSeen].compactMap { $0 }.max()
                target.level = [target.level, source.level].compactMap { $0 }.max()
                target.samples = Array((target.samples + source.samples).prefix(3))
                target.symptoms = SymptomMerge.merge([target.symptoms, source.symptoms])
                target.exceptions += source.exceptions
                target.facts = target.facts.filling(from: source.facts)
                target.episodes += source.episodes
                target.coveredMs += source.coveredMs
                try target.update(db)
                for (column, other) in [("fromId", "toId"), ("toId", "fromId")] {
                    try db.execute(
                        sql: """
                            INSERT INTO follow (fromId, toId, count, totalLag, maxLag, sameRequest)
                            SELECT \(column == "fromId" ? "?, toId" : "fromId, ?"), count, totalLag, maxLag, sameRequest
                            FROM follow WHERE \(column) = ? AND \(other) != ?
                            ON CONFLICT (fromId, toId) DO UPDATE SET count = count + excluded.count,
                                totalLag = totalLag + excluded.totalLag, maxLag = MAX(maxLag, excluded.maxLag),
                                sameRequest = sameRequest + excluded.sameRequest
                            """, arguments: [new, old, new])
                }
                try db.execute(
                    sql: """
                        INSERT INTO occurrenceBucket (signatureId, start, count)
                        SELECT ?, start, count FROM occurrenceBucket WHERE signatureId = ?
                        ON CONFLICT (signatureId, start) DO UPDATE SET count = count + excluded.count
                        """, arguments: [new, old])
                _ = try SignatureRow.deleteOne(db, key: old)
            } else {
                try db.execute(sql: "UPDATE signature SET id = ? WHERE id = ?", arguments: [new, old])
            }
        }
    }

    private static func insert(
        _ template: ProblemTemplate, issue: Int, reason: String, _ timelines: Cooccurrence, _ db: Database
    ) throws {
        let position = (try Int.fetchOne(db, sql: "SELECT MAX(position) FROM signature WHERE issueId = ?", arguments: [issue]) ?? -1) + 1
        try SignatureRow(
            id: template.id, issueId: issue, position: position, template: template.text,
            level: template.stats.maxLevel?.rawValue, count: template.stats.count,
            firstSeen: template.stats.firstSeen?.millisecondsSinceEpoch, lastSeen: template.stats.lastSeen?.millisecondsSinceEpoch,
            reason: reason, logger: template.mainLogger, samples: template.stats.samples, symptoms: template.symptoms,
            exceptions: template.stats.exceptions, facts: template.facts, episodes: timelines.episodes[template.id] ?? 0,
            coveredMs: timelines.covered[template.id] ?? 0
        ).insert(db)
    }

    private static func grow(_ template: ProblemTemplate, _ timelines: Cooccurrence, _ db: Database) throws {
        guard var row = try SignatureRow.fetchOne(db, key: template.id) else { return }
        row.count += template.stats.count
        row.firstSeen = [row.firstSeen, template.stats.firstSeen?.millisecondsSinceEpoch].compactMap { $0 }.min()
        row.lastSeen = [row.lastSeen, template.stats.lastSeen?.millisecondsSinceEpoch].compactMap { $0 }.max()
        row.level = [row.level, template.stats.maxLevel?.rawValue].compactMap { $0 }.max()
        row.template = template.text
        row.logger = row.logger ?? template.mainLogger
        if row.samples.count < 3 { row.samples = Array((row.samples + template.stats.samples).prefix(3)) }
        row.symptoms = SymptomMerge.merge([row.symptoms, template.symptoms])
        row.exceptions += template.stats.exceptions
        row.facts = row.facts.filling(from: template.facts)
        row.episodes += timelines.episodes[template.id] ?? 0
        row.coveredMs += timelines.covered[template.id] ?? 0
        try row.update(db)
    }

    /// Adds a scan's follow counts between filed signatures, and its timeline length.
    /// The stored span of the scanned logs, widened to take `period` in.
    private static func widenPeriod(_ period: ClosedRange<Timestamp>, _ db: Database) throws {
        var first = period.lowerBound.millisecondsSinceEpoch
        var last = period.upperBound.millisecondsSinceEpoch
        if let known = try storedPeriod(db) {
            first = min(first, known.lowerBound.millisecondsSinceEpoch)
            last = max(last, known.upperBound.millisecondsSinceEpoch)
        }
        try setSetting(Setting.periodStart, String(first), db)
        try setSetting(Setting.periodEnd, String(last), db)
    }

    private static func storedPeriod(_ db: Database) throws -> ClosedRange<Timestamp>? {
        guard let first = try setting(Setting.periodStart, db).flatMap({ Int64($0) }),
            let last = try setting(Setting.periodEnd, db).flatMap({ Int64($0) }), first <= last
        else { return nil }
        return Timestamp(millisecondsSinceEpoch: first)...Timestamp(millisecondsSinceEpoch: last)
    }

    private static func addFollows(_ timelines: Cooccurrence, _ db: Database) throws {
        let filed = Set(try String.fetchAll(db, sql: "SELECT id FROM signature"))
        // One statement, compiled once: a scan can carry many thousand pairs.
        let upsert = try db.cachedStatement(
            sql: """
                INSERT INTO follow (fromId, toId, count, totalLag, maxLag, sameRequest) VALUES (?, ?, ?, ?, ?, ?)
                ON CONFLICT (fromId, toId) DO UPDATE SET count = count + excluded.count,
                    totalLag = totalLag + excluded.totalLag, maxLag = MAX(maxLag, excluded.maxLag),
                    sameRequest = sameRequest + excluded.sameRequest
                """)
        for (pair, follow) in timelines.follows where filed.contains(pair.from) && filed.contains(pair.to) {
            try upsert.execute(arguments: [pair.from, pair.to, follow.count, follow.totalLag, follow.maxLag, follow.sameRequest])
        }
        let timeline = Int64(try setting(Setting.timeline, db) ?? "0") ?? 0
        try setSetting(Setting.timeline, String(timeline + timelines.timeline), db)
    }

    private static func addBuckets(_ template: ProblemTemplate, _ db: Database) throws {
        let width = Int64(bucketSeconds) * 1000
        var buckets: [Int64: Int] = [:]
        for (start, count) in template.stats.buckets { buckets[start - ((start % width) + width) % width, default: 0] += count }
        let upsert = try db.cachedStatement(
            sql: """
                INSERT INTO occurrenceBucket (signatureId, start, count) VALUES (?, ?, ?)
                ON CONFLICT (signatureId, start) DO UPDATE SET count = count + excluded.count
                """)
        for (start, count) in buckets {
            try upsert.execute(arguments: [template.id, start, count])
        }
    }

    /// A fixed or verified issue whose signature was seen after the fix time.
    private static func regression(_ template: ProblemTemplate, issue: Int, _ db: Database) throws -> Regression? {
        guard let row = try IssueRow.fetchOne(db, key: issue), let fixTime = row.fixTime,
            row.status == IssueStatus.fixed.rawValue || row.status == IssueStatus.verified.rawValue,
            let latest = template.stats.latest, let time = latest.time, time.millisecondsSinceEpoch > fixTime
        else { return nil }
        return Regression(issue: issue, signature: template.text, time: time, file: latest.file, line: latest.line)
    }

    private static func markRegressed(_ regression: Regression, at time: Timestamp, _ db: Database) throws -> Bool {
        guard var row = try IssueRow.fetchOne(db, key: regression.issue), row.status != IssueStatus.regressed.rawValue else {
            return false
        }
        row.status = IssueStatus.regressed.rawValue
        row.details.notes.append(
            Bullet("Regressed: `\(regression.signature)` seen at \(regression.time.rfc3339) (\(regression.file):\(regression.line)), after the fix."))
        row.updatedAt = time.millisecondsSinceEpoch
        try row.update(db)
        return true
    }

    /// Title, severity and subsystem follow the signatures until someone sets them by hand.
    /// The signature an issue is named by: the first failure, not a response line reporting it (`Completed 500 …`
    /// after `NoMethodError`); when the first carries no exception and one that began in the same second does, that
    /// one (the panic, not the line a capture tool added about the exit).
    static func mainSignature(_ signatures: [SignatureRow]) -> SignatureRow? {
        let failures = signatures.filter { LogRecord.responseClass(ofSignature: $0.template) == nil }
        let pool = failures.isEmpty ? signatures : failures
        guard let first = pool.first else { return nil }
        guard first.exceptions == 0, let start = first.firstSeen else { return first }
        return pool.dropFirst().first { row in
            row.exceptions > 0 && (row.firstSeen.map { $0 - start < 1_000 } ?? false)
        } ?? first
    }

    static func refreshDerivedFields(_ number: Int, at time: Timestamp, _ db: Database) throws {
        guard var row = try IssueRow.fetchOne(db, key: number) else { return }
        let signatures = try SignatureRow.filter(SignatureRow.Columns.issueId == number)
            .order(SignatureRow.Columns.position, SignatureRow.Columns.id).fetchAll(db)
        guard let main = Self.mainSignature(signatures) else { return }
        if !row.editedFields.contains(.title) { row.title = IssueDerivation.title(fromTemplate: main.template) }
        if !row.editedFields.contains(.severity) {
            let level = signatures.compactMap(\.level).max().flatMap(Level.init(rawValue:))
            let hasException = signatures.contains { $0.exceptions > 0 }
            let count = signatures.reduce(0) { $0 + $1.count }
            row.severity = IssueDerivation.severity(level: level, exceptions: hasException, count: count).rawValue
        }
        if !row.editedFields.contains(.subsystem), let logger = main.logger ?? signatures.compactMap(\.logger).first {
            row.subsystem = IssueDerivation.subsystem(fromLogger: logger)
        }
        row.updatedAt = time.millisecondsSinceEpoch
        try row.update(db)
    }

    // MARK: - Analysis

    public func analysisInput() throws -> AnalysisInput {
        try database.read { db in
            var input = AnalysisInput(document: try Self.document(db))
            for row in try SignatureRow.fetchAll(db) {
                input.facts[row.id] = row.facts
                input.timelines.episodes[row.id] = row.episodes
                input.timelines.covered[row.id] = row.coveredMs
            }
            for row in try FollowRow.fetchAll(db) {
                input.timelines.follows[Cooccurrence.Pair(from: row.fromId, to: row.toId)] = Cooccurrence.Follow(
                    count: row.count, totalLag: row.totalLag, maxLag: row.maxLag, sameRequest: row.sameRequest)
            }
            input.timelines.timeline = Int64(try Self.setting(Setting.timeline, db) ?? "0") ?? 0
            input.period = try Self.storedPeriod(db)
            return input
        }
    }

    public func sourceRoot() throws -> String? {
        try database.read { db in try Self.setting(Setting.sourceRoot, db) }
    }

    public func applyAnalysis(_ analysis: TrackerAnalysis, at time: Timestamp) throws {
        try database.write { db in
            for result in analysis.issues {
                guard var row = try IssueRow.fetchOne(db, key: result.issue) else { continue }
                let before = row
                Self.apply(result, to: &row)
                guard !Self.sameContent(row, before) else { continue }
                row.updatedAt = time.millisecondsSinceEpoch
                try row.update(db)
            }
            var body = try DocumentRow.fetchOne(db)?.body ?? DocumentBody(TrackerDocument())
            body.analysisNotes = analysis.crossIssueNotes
            body.analysisOrder = analysis.investigationOrder
            try DocumentRow(body: body).save(db)
        }
    }

    /// Writes the analysis into the fields nobody set by hand.
    static func apply(_ result: IssueAnalysis, to row: inout IssueRow) {
        let edited = Set(row.editedFields)
        if !edited.contains(.kind) {
            row.kind = result.kind?.rawValue
            row.details.kindReasons = result.kindReasons
        }
        if !edited.contains(.confidence) {
            row.confidence = result.confidence.rawValue
            row.details.confidenceReasons = result.confidenceReasons
        }
        if !edited.contains(.severity) { row.severity = result.severity.rawValue }
        if !edited.contains(.subsystem), let subsystem = result.subsystem { row.subsystem = subsystem }
        if !edited.contains(.hypotheses) {
            row.details.primaryHypotheses = result.primaryHypotheses
            row.details.secondaryHypotheses = result.secondaryHypotheses
        }
        if !edited.contains(.behavior) { row.details.behavior = result.behavior }
        if !edited.contains(.evidence) { row.details.evidence = result.evidence }
        if !edited.contains(.files) { row.details.files = result.files }
        if !edited.contains(.questions) { row.details.questions = result.questions }
        if !edited.contains(.downstream) { row.details.downstream = result.downstream }
        if !edited.contains(.fixOptions) { row.details.fixOptions = result.fixOptions }
        if !edited.contains(.validation) { row.details.validation = result.validation }
        if !edited.contains(.related) { row.details.related = result.related }
    }

    private static func sameContent(_ a: IssueRow, _ b: IssueRow) -> Bool {
        a.kind == b.kind && a.confidence == b.confidence && a.severity == b.severity && a.subsystem == b.subsystem
            && a.details == b.details
    }

    // MARK: - Editing

    public func edit(
        _ number: Int, fields: [IssueField], log text: String, at time: Timestamp, _ change: (inout TrackerIssue) throws -> Void
    ) throws -> TrackerIssue {
        try database.write { db in
            guard var row = try IssueRow.fetchOne(db, key: number) else { throw Self.noIssue(number, db) }
            var issue = try Self.issue(row, db)
            try change(&issue)
            row.title = issue.title
            row.severity = issue.severity.rawValue
            row.subsystem = issue.subsystem
            row.kind = issue.kind?.rawValue
            row.confidence = issue.confidence?.rawValue
            row.details = IssueDetails(issue)
            for field in fields where !row.editedFields.contains(field) { row.editedFields.append(field) }
            row.updatedAt = time.millisecondsSinceEpoch
            try row.update(db)
            try Self.log(text, at: time, db)
            return try Self.issue(row, db)
        }
    }

    public func setStatus(_ number: Int, to change: StatusChange, at time: Timestamp) throws -> TrackerIssue {
        try database.write { db in
            guard var row = try IssueRow.fetchOne(db, key: number) else { throw Self.noIssue(number, db) }
            let old = IssueStatus(rawValue: row.status) ?? .open
            try StatusLifecycle.check(from: old, to: change.status, rootCauseConfirmed: row.rootCauseConfirmed, issue: number, force: change.force)
            var text = "Issue \(number): status \(old.title) → \(change.status.title)"
            switch change.status {
            case .rootCauseConfirmed:
                row.rootCauseConfirmed = true
            case .open, .investigating:
                row.rootCauseConfirmed = false
                row.fixTime = nil
                row.fixVersion = nil
            case .fixed:
                let fixTime = change.fixTime ?? time
                row.fixTime = fixTime.millisecondsSinceEpoch
                row.fixVersion = change.version
                text += " at \(fixTime.rfc3339)" + (change.version.map { " in `\($0)`" } ?? "")
            default:
                break
            }
            if change.force, change.status != old { text += " (forced)" }
            row.status = change.status.rawValue
            row.updatedAt = time.millisecondsSinceEpoch
            try row.update(db)
            try Self.log(text + ".", at: time, db)
            return try Self.issue(row, db)
        }
    }

    public func merge(_ other: Int, into target: Int, at time: Timestamp) throws -> TrackerIssue {
        guard other != target else { throw TrackerError("Please name two different issues to merge.") }
        return try database.write { db in
            guard var targetRow = try IssueRow.fetchOne(db, key: target) else { throw Self.noIssue(target, db) }
            guard let otherRow = try IssueRow.fetchOne(db, key: other) else { throw Self.noIssue(other, db) }
            var position = (try Int.fetchOne(db, sql: "SELECT MAX(position) FROM signature WHERE issueId = ?", arguments: [target]) ?? -1) + 1
            for var signature in try SignatureRow.filter(SignatureRow.Columns.issueId == other)
                .order(SignatureRow.Columns.position).fetchAll(db)
            {
                signature.issueId = target
                signature.position = position
                signature.reason = "merged by hand from Issue \(other)"
                position += 1
                try signature.update(db)
            }
            targetRow.details.notes.append(Bullet("Merged from Issue \(other): \(otherRow.title)"))
            targetRow.details.notes.append(contentsOf: otherRow.details.notes)
            targetRow.updatedAt = time.millisecondsSinceEpoch
            try targetRow.update(db)
            _ = try IssueRow.deleteOne(db, key: other)
            try Self.refreshDerivedFields(target, at: time, db)
            try Self.log("Merged Issue \(other) (\(otherRow.title)) into Issue \(target).", at: time, db)
            return try Self.issue(try IssueRow.fetchOne(db, key: target)!, db)
        }
    }

    public func split(_ number: Int, signatures requested: [String], at time: Timestamp) throws -> TrackerIssue {
        try database.write { db in
            guard try IssueRow.fetchOne(db, key: number) != nil else { throw Self.noIssue(number, db) }
            let rows = try SignatureRow.filter(SignatureRow.Columns.issueId == number).order(SignatureRow.Columns.position).fetchAll(db)
            var chosen: [SignatureRow] = []
            for request in requested {
                let matches = rows.filter { $0.id == request || (request.count >= 4 && $0.id.hasPrefix(request)) }
                guard matches.count == 1 else {
                    let known = rows.map { "\($0.id) (\($0.template.prefix(50)))" }.joined(separator: ", ")
                    throw TrackerError(
                        matches.isEmpty
                            ? "Issue \(number) has no signature '\(request)'. Its signatures: \(known)."
                            : "'\(request)' matches several signatures of Issue \(number); please give more of the id.")
                }
                if !chosen.contains(where: { $0.id == matches[0].id }) { chosen.append(matches[0]) }
            }
            guard chosen.count < rows.count else {
                throw TrackerError("Splitting every signature out of Issue \(number) would leave it empty; please keep at least one.")
            }
            let newNumber = try Self.nextIssueNumber(db)
            try IssueRow(
                id: newNumber, title: "Untitled issue", status: IssueStatus.open.rawValue, severity: IssueSeverity.medium.rawValue,
                subsystem: nil, kind: nil, confidence: nil, fixTime: nil, fixVersion: nil, rootCauseConfirmed: false,
                details: IssueDetails(), editedFields: [], createdAt: time.millisecondsSinceEpoch,
                updatedAt: time.millisecondsSinceEpoch
            ).insert(db)
            for (position, var signature) in chosen.enumerated() {
                signature.issueId = newNumber
                signature.position = position
                signature.reason = "split by hand from Issue \(number)"
                try signature.update(db)
            }
            try Self.refreshDerivedFields(number, at: time, db)
            try Self.refreshDerivedFields(newNumber, at: time, db)
            try Self.log(
                "Split \(chosen.map { "`\($0.id)`" }.joined(separator: ", ")) out of Issue \(number) into Issue \(newNumber).",
                at: time, db)
            return try Self.issue(try IssueRow.fetchOne(db, key: newNumber)!, db)
        }
    }

    public func recordVerification(_ results: [VerificationResult], files: [String], at time: Timestamp) throws {
        try database.write { db in
            var lines: [String] = []
            for result in results {
                guard var row = try IssueRow.fetchOne(db, key: result.issue) else { continue }
                switch result.outcome {
                case .regressed(let regression):
                    if row.status != IssueStatus.regressed.rawValue {
                        row.status = IssueStatus.regressed.rawValue
                        row.details.notes.append(
                            Bullet("Regressed: `\(regression.signature)` seen at \(regression.time.rfc3339) (\(regression.file):\(regression.line)), after the fix."))
                    }
                    lines.append("Issue \(result.issue) regressed: `\(regression.signature)` at \(regression.time.rfc3339) (\(regression.file):\(regression.line)).")
                case .verified(let comparable):
                    row.status = IssueStatus.verified.rawValue
                    lines.append("Issue \(result.issue) verified: no signature after the fix in \(comparable) comparable record(s).")
                case .notEnoughEvidence(let why):
                    lines.append("Issue \(result.issue) not verified: \(why)")
                }
                row.updatedAt = time.millisecondsSinceEpoch
                try row.update(db)
            }
            try Self.log("Verified against \(files.joined(separator: ", ")): " + lines.joined(separator: " "), at: time, db)
        }
    }

    // MARK: - Import

    public func importDocument(_ document: TrackerDocument, from file: String, at time: Timestamp) throws {
        try database.write { db in
            try IssueRow.deleteAll(db)
            try LogRow.deleteAll(db)
            try DocumentRow(body: DocumentBody(document)).save(db)
            var seen: Set<String> = []
            for issue in document.issues {
                try Self.insert(issue, at: time, seen: &seen, db)
            }
            for entry in document.updateLog {
                var row = LogRow(id: nil, time: time.millisecondsSinceEpoch, date: entry.date, text: entry.text)
                try row.insert(db)
            }
        }
    }

    private static func insert(_ issue: TrackerIssue, at time: Timestamp, seen: inout Set<String>, _ db: Database) throws {
        try IssueRow(
            id: issue.number, title: issue.title, status: issue.status.rawValue, severity: issue.severity.rawValue,
            subsystem: issue.subsystem, kind: issue.kind?.rawValue, confidence: issue.confidence?.rawValue,
            fixTime: issue.fix?.time.millisecondsSinceEpoch, fixVersion: issue.fix?.version,
            rootCauseConfirmed: issue.status == .rootCauseConfirmed || issue.fix != nil, details: IssueDetails(issue),
            // A written document's words are the user's: later scans and analyses keep them.
            editedFields: writtenFields(issue), createdAt: time.millisecondsSinceEpoch,
            updatedAt: time.millisecondsSinceEpoch
        ).insert(db)
        var position = 0
        for signature in issue.signatures where seen.insert(signature.id).inserted {
            // The issue's symptoms, samples and histogram travel on its main signature.
            let isMain = position == 0
            try SignatureRow(
                id: signature.id, issueId: issue.number, position: position, template: signature.template,
                level: signature.level?.rawValue, count: signature.count, firstSeen: signature.firstSeen?.millisecondsSinceEpoch,
                lastSeen: signature.lastSeen?.millisecondsSinceEpoch, reason: signature.reason, logger: nil,
                samples: isMain ? issue.samples : [], symptoms: isMain ? issue.symptoms : [], exceptions: 0,
                facts: SignatureFacts(), episodes: 0, coveredMs: 0
            ).insert(db)
            if isMain {
                for bucket in issue.occurrences.histogram {
                    try BucketRow(id: nil, signatureId: signature.id, start: bucket.start.millisecondsSinceEpoch, count: bucket.count).insert(db)
                }
            }
            position += 1
        }
    }

    /// The fields a document gives an issue, which its author owns from then on.
    private static func writtenFields(_ issue: TrackerIssue) -> [IssueField] {
        var fields: [IssueField] = [.title, .severity, .subsystem]
        let written: [(IssueField, Bool)] = [
            (.kind, issue.kind != nil), (.confidence, issue.confidence != nil),
            (.hypotheses, !issue.primaryHypotheses.isEmpty || !issue.secondaryHypotheses.isEmpty),
            (.behavior, !issue.behavior.isEmpty), (.evidence, !issue.evidence.isEmpty), (.files, !issue.files.isEmpty), (.questions, !issue.questions.isEmpty),
            (.downstream, !issue.downstream.isEmpty), (.fixOptions, !issue.fixOptions.isEmpty),
            (.validation, !issue.validation.isEmpty), (.related, !issue.related.isEmpty),
        ]
        for (field, isWritten) in written where isWritten { fields.append(field) }
        return fields
    }

    // MARK: - Support

    enum Setting {
        static let sourceRoot = "sourceRoot"
        /// Milliseconds of process/file timeline read, over all scans: the base for chance co-occurrence.
        static let timeline = "timelineMs"
        /// The first and last record time of all scans (ms since the epoch).
        static let periodStart = "periodStartMs"
        static let periodEnd = "periodEndMs"
    }

    static func setting(_ key: String, _ db: Database) throws -> String? {
        try String.fetchOne(db, sql: "SELECT value FROM setting WHERE key = ?", arguments: [key])
    }

    static func setSetting(_ key: String, _ value: String, _ db: Database) throws {
        try db.execute(
            sql: "INSERT INTO setting (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            arguments: [key, value])
    }

    static func log(_ text: String, at time: Timestamp, _ db: Database) throws {
        var row = LogRow(id: nil, time: time.millisecondsSinceEpoch, date: String(time.rfc3339.prefix(10)), text: text)
        try row.insert(db)
    }

    /// One past the highest issue number this tracker ever used (the `issueNumber` row follows every insert),
    /// so the number of an issue merged away is never given to a new one.
    static func nextIssueNumber(_ db: Database) throws -> Int {
        let highest = try Int.fetchOne(
            db,
            sql: """
                SELECT MAX(COALESCE((SELECT MAX(id) FROM issue), 0), COALESCE((SELECT highest FROM issueNumber WHERE id = 1), 0))
                """)
        return (highest ?? 0) + 1
    }

    private static func noIssue(_ number: Int, _ db: Database) -> TrackerError {
        let numbers = (try? Int.fetchAll(db, sql: "SELECT id FROM issue ORDER BY id")) ?? []
        if numbers.isEmpty { return TrackerError("There is no Issue \(number): the tracker has no issues yet. Run 'logtriage scan LOGS' first.") }
        return TrackerError("There is no Issue \(number). Issues: \(numbers.map(String.init).joined(separator: ", ")).")
    }
}

/// Symptoms of several signatures as one list: values summed by name, most frequent first.
enum SymptomMerge {
    static func merge(_ lists: [[Symptom]]) -> [Symptom] {
        var order: [String] = []
        var values: [String: [String: Int?]] = [:]
        var valueOrder: [String: [String]] = [:]
        var distinct: [String: Int] = [:]
        for list in lists {
            for symptom in list {
                if values[symptom.name] == nil { order.append(symptom.name) }
                for value in symptom.values {
                    if values[symptom.name, default: [:]][value.value] == nil {
                        valueOrder[symptom.name, default: []].append(value.value)
                        values[symptom.name, default: [:]][value.value] = .some(value.count)
                    } else if let added = value.count {
                        let old = values[symptom.name]![value.value]!
                        values[symptom.name]![value.value] = .some((old ?? 0) + added)
                    }
                }
                distinct[symptom.name] = max(distinct[symptom.name] ?? 0, symptom.distinct)
            }
        }
        return order.sorted().map { name in
            let counts = values[name] ?? [:]
            let list = (valueOrder[name] ?? []).map { Symptom.Value($0, count: counts[$0] ?? nil) }
            // Counted values most frequent first; uncounted (imported) ones keep their written order.
            let sorted = list.enumerated().sorted { a, b in
                let x = a.element.count ?? -1, y = b.element.count ?? -1
                return x != y ? x > y : a.offset < b.offset
            }.map(\.element)
            return Symptom(name: name, values: Array(sorted.prefix(10)), distinct: distinct[name])
        }
    }
}
