import Foundation
import LogTriageCore
import LogTriageStore
import Testing

/// Python-logging lines and scans of them into batches, the way `logtriage scan` builds them.
enum StoreScan {
    /// 2026-03-`day` at `hour`:`minute`:`second`.
    static func time(day: Int = 10, _ hour: Int, _ minute: Int = 0, _ second: Int = 0) -> Timestamp {
        Timestamp(year: 2026, month: 3, day: day, hour: hour, minute: minute, second: second)
    }

    static func line(day: Int = 10, _ hour: Int, _ minute: Int, _ second: Int = 0, _ logger: String, _ level: String, _ message: String) -> String {
        func two(_ n: Int) -> String { n < 10 ? "0\(n)" : "\(n)" }
        return "2026-03-\(two(day)) \(two(hour)):\(two(minute)):\(two(second)),000 - \(logger) - \(level) - \(message)"
    }

    /// Reader → miner (continuing from the store's miner state) → collector → batch.
    static func batch(_ text: String, store: any TrackerStore, at time: Timestamp, file: String = "x.log") throws -> ScanBatch {
        let miner = try store.minerState().map { TemplateMiner(state: $0) } ?? TemplateMiner()
        var collector = ProblemCollector()
        let records = RecordReader().records(in: text, name: file)
        for record in records {
            collector.add(record, ref: miner.add(record.signatureText, time: record.time))
        }
        return ScanBatch(
            problems: collector.finish(miner: miner), minerState: miner.state, renamedTemplates: miner.mergedIDs, sources: [],
            files: [file], records: records.count, time: time)
    }

    @discardableResult
    static func apply(_ lines: [String], to store: any TrackerStore, at time: Timestamp) throws -> ScanOutcome {
        try store.apply(batch(lines.joined(separator: "\n"), store: store, at: time))
    }

    /// Two unrelated failures, hours apart from each other: two issues.
    static func twoProblems(day: Int = 10) -> [String] {
        [
            line(day: day, 9, 0, 0, "shop.payments.client", "ERROR", "Payment declined by gateway (user=u_1)"),
            line(day: day, 9, 0, 1, "shop.api", "INFO", "Request served in 12ms"),
            line(day: day, 9, 10, 0, "shop.payments.client", "ERROR", "Payment declined by gateway (user=u_2)"),
            line(day: day, 9, 30, 0, "shop.ops.monitor", "WARNING", "Disk usage above threshold on primary volume"),
            line(day: day, 10, 5, 0, "shop.payments.client", "ERROR", "Payment declined by gateway (user=u_1)"),
        ]
    }

    /// Two templates of one logger that fire together in every request: one issue with two signatures.
    static func cascade(day: Int = 10, requests: Int = 3) -> [String] {
        (0..<requests).flatMap { n in
            [
                line(day: day, 9, n * 5, 0, "shop.middleware.auth", "WARNING", "JWKS lookup missed key kid-\(n)abc"),
                line(day: day, 9, n * 5, 1, "shop.middleware.auth", "ERROR", "Rejecting bearer token (user=u_\(n))"),
            ]
        }
    }
}

struct SQLiteTrackerStoreTests {
    private func signature(_ issue: TrackerIssue?, _ prefix: String) throws -> Signature {
        let issue = try #require(issue)
        return try #require(issue.signatures.first { $0.template.hasPrefix(prefix) }, "signatures: \(issue.signatures.map(\.template))")
    }

    // MARK: - Scans

    /// The time the scanned logs cover is kept across scans, from the first record to the last, problems or not.
    @Test func theLogsPeriodWidensWithEachScan() throws {
        let store = try SQLiteTrackerStore()
        try StoreScan.apply(StoreScan.twoProblems(day: 10), to: store, at: StoreScan.time(day: 11, 8))
        #expect(try store.analysisInput().period == StoreScan.time(day: 10, 9)...StoreScan.time(day: 10, 10, 5))
        try StoreScan.apply([StoreScan.line(day: 12, 7, 0, 0, "shop.api", "INFO", "Request served in 9ms")], to: store, at: StoreScan.time(day: 12, 8))
        #expect(try store.analysisInput().period == StoreScan.time(day: 10, 9)...StoreScan.time(day: 12, 7))
    }

    /// The failure names its issue, not the failed response reporting it, even when the response was seen first.
    @Test func anIssueIsTitledByItsFailureNotByItsResponse() throws {
        let store = try SQLiteTrackerStore()
        let lines = (0..<3).flatMap { n in
            [
                "10.0.0.\(n + 1) - - [10/Mar/2026:09:\(n < 2 ? "0" : "")\(n * 5):00 +0000] \"GET /orders/\(n + 7) HTTP/1.1\" 500 12 \"-\" \"curl/8.5\"",
                StoreScan.line(9, n * 5, 1, "shop.orders", "ERROR", "Order total failed for order \(n + 7): price missing"),
            ]
        }
        try StoreScan.apply(lines, to: store, at: StoreScan.time(day: 11, 8))
        let issues = try store.document().issues
        let issue = try #require(issues.first { $0.signatures.count == 2 }, "issues: \(issues.map { $0.signatures.map(\.template) })")
        #expect(issue.signatures.first.flatMap { LogRecord.responseClass(ofSignature: $0.template) } == nil, "the failure is listed first")
        #expect(issue.title.hasPrefix("Order total failed for order"), "\(issue.signatures.map(\.template))")
    }

    /// A failure logged with the status it answered (at ERROR) still names its issue before the response lines.
    @Test func aFailureCarryingItsStatusNamesTheIssue() throws {
        let store = try SQLiteTrackerStore()
        let lines = (0..<3).flatMap { n in
            [
                #"{"time":"2026-03-10T09:0\#(n):00.100Z","level":"info","msg":"request finished","path":"/files/\#(n + 7)","status_code":500}"#,
                #"{"time":"2026-03-10T09:0\#(n):00.200Z","level":"error","msg":"Storing the file failed","path":"/files/\#(n + 7)","status_code":500,"error":"access denied"}"#,
            ]
        }
        try StoreScan.apply(lines, to: store, at: StoreScan.time(day: 11, 8))
        let issues = try store.document().issues
        let issue = try #require(issues.first { $0.signatures.count == 2 }, "issues: \(issues.map { $0.signatures.map(\.template) })")
        #expect(issue.title.hasPrefix("Storing the file failed"), "\(issue.signatures.map(\.template))")
    }

    @Test func applyCreatesIssuesFromTheScan() throws {
        let store = try SQLiteTrackerStore()
        let outcome = try StoreScan.apply(StoreScan.twoProblems(), to: store, at: StoreScan.time(day: 11, 8))
        #expect(outcome.newIssues == [1, 2])
        #expect(outcome.updatedIssues.isEmpty)
        #expect(outcome.newSignatures == 2)
        #expect(outcome.regressions.isEmpty)

        let document = try store.document()
        #expect(document.issues.map(\.number) == [1, 2])
        let payment = try #require(document.issues.first)
        let main = try signature(payment, "Payment declined by gateway")
        #expect(payment.signatures.count == 1)
        #expect(payment.title == IssueDerivation.title(fromTemplate: main.template))
        #expect(payment.title.hasPrefix("Payment declined by gateway"))
        #expect(!payment.title.contains("<"))
        #expect(payment.status == .open)
        #expect(payment.severity == .high)
        #expect(payment.subsystem == "payments.client")
        #expect(main.count == 3)
        #expect(main.level == .error)
        #expect(main.logger == "shop.payments.client")
        #expect(main.firstSeen == StoreScan.time(9, 0))
        #expect(main.lastSeen == StoreScan.time(10, 5))
        #expect(main.reason == "main signature")

        #expect(payment.occurrences.count == 3)
        #expect(payment.occurrences.firstSeen == StoreScan.time(9, 0))
        #expect(payment.occurrences.lastSeen == StoreScan.time(10, 5))
        #expect(payment.occurrences.bucketSeconds == 3600)
        #expect(
            payment.occurrences.histogram == [
                Occurrences.Bucket(start: StoreScan.time(9), count: 2), Occurrences.Bucket(start: StoreScan.time(10), count: 1),
            ])
        let user = try #require(payment.symptoms.first { $0.name == "user" }, "symptoms: \(payment.symptoms)")
        #expect(user.values == [Symptom.Value("u_1", count: 2), Symptom.Value("u_2", count: 1)])
        #expect(payment.samples.count == 3)
        #expect(payment.samples.allSatisfy { $0.contains("Payment declined by gateway") })

        let disk = document.issues[1]
        #expect(disk.title == "Disk usage above threshold on primary volume")
        #expect(disk.severity == .medium)
        #expect(disk.subsystem == "ops.monitor")
        #expect(disk.occurrences.count == 1)

        #expect(document.updateLog.count == 1)
        let entry = try #require(document.updateLog.first)
        #expect(entry.date == "2026-03-11")
        #expect(entry.text.contains("Scanned x.log: 5 record(s), 4 at warning or above"), "\(entry.text)")
        #expect(entry.text.contains("New: Issue 1, Issue 2."), "\(entry.text)")
    }

    @Test func aSecondScanGrowsTheSameSignatures() throws {
        let store = try SQLiteTrackerStore()
        try StoreScan.apply(StoreScan.twoProblems(), to: store, at: StoreScan.time(day: 11, 8))
        let before = try store.document()
        let ids = before.issues.map { $0.signatures.map(\.id) }

        let outcome = try StoreScan.apply(StoreScan.twoProblems(day: 12), to: store, at: StoreScan.time(day: 13, 8))
        #expect(outcome.newIssues.isEmpty)
        #expect(outcome.newSignatures == 0)
        #expect(outcome.updatedIssues == [1, 2])

        let after = try store.document()
        #expect(after.issues.map(\.number) == [1, 2])
        #expect(after.issues.map { $0.signatures.map(\.id) } == ids)
        let payment = try signature(after.issues.first, "Payment declined")
        #expect(payment.count == 6)
        #expect(payment.firstSeen == StoreScan.time(9, 0))
        #expect(payment.lastSeen == StoreScan.time(day: 12, 10, 5))
        #expect(try signature(after.issues.last, "Disk usage").count == 2)
        #expect(after.issues[0].occurrences.histogram.map(\.count) == [2, 1, 2, 1])
        let user = try #require(after.issues[0].symptoms.first { $0.name == "user" })
        #expect(user.values == [Symptom.Value("u_1", count: 4), Symptom.Value("u_2", count: 2)])
        #expect(after.updateLog.count == 2)
        #expect(after.updateLog.last?.text.contains("Updated: Issue 1, Issue 2.") == true)
    }

    @Test func aTemplateThatGeneralisesKeepsItsHistoryAndItsIssue() throws {
        let store = try SQLiteTrackerStore()
        try StoreScan.apply(
            [StoreScan.line(9, 0, 0, "shop.cache", "WARNING", "Cache miss storm for tenant alpha")], to: store, at: StoreScan.time(day: 11, 8))
        let first = try #require(try store.issue(1))
        #expect(first.title == "Cache miss storm for tenant alpha")

        let outcome = try StoreScan.apply(
            [
                StoreScan.line(day: 12, 9, 0, 0, "shop.cache", "WARNING", "Cache miss storm for tenant beta"),
                StoreScan.line(day: 12, 9, 5, 0, "shop.cache", "WARNING", "Cache miss storm for tenant gamma"),
            ], to: store, at: StoreScan.time(day: 13, 8))
        #expect(outcome.newIssues.isEmpty)
        let document = try store.document()
        #expect(document.issues.count == 1)
        let issue = try #require(document.issues.first)
        #expect(issue.signatures.count == 1)
        #expect(issue.signatures.first?.template == "Cache miss storm for tenant <*>")
        #expect(issue.signatures.first?.id != first.signatures.first?.id)
        #expect(issue.signatures.first?.count == 3)
        // Without an edit the title follows the main signature.
        #expect(issue.title == "Cache miss storm for tenant …")
        #expect(issue.occurrences.histogram.map(\.count) == [1, 2])
    }

    /// A gateway failure followed a second later by a checkout failure, in `rounds` rounds ten minutes apart.
    static func chain(day: Int, hour: Int = 9, tenant: String, rounds: Int) -> [String] {
        (0..<rounds).flatMap { n in
            [
                StoreScan.line(day: day, hour, n * 10, 0, "shop.gateway", "ERROR", "Gateway unreachable from region \(tenant)"),
                StoreScan.line(day: day, hour, n * 10, 1, "shop.mailer", "ERROR", "Receipt mail queue rejected message"),
            ]
        }
    }

    @Test func timelinesAddUpAcrossScansAndFollowRenamedTemplates() throws {
        let store = try SQLiteTrackerStore()
        try StoreScan.apply(Self.chain(day: 10, tenant: "alpha", rounds: 2), to: store, at: StoreScan.time(day: 10, 12))
        var input = try store.analysisInput()
        let gateway = try #require(input.document.issues.first { $0.title.hasPrefix("Gateway unreachable") }?.signatures.first)
        let mailer = try #require(input.document.issues.first { $0.title.hasPrefix("Receipt mail") }?.signatures.first)
        #expect(input.timelines.episodes[gateway.id] == 2)
        #expect(input.timelines.follows[Cooccurrence.Pair(from: gateway.id, to: mailer.id)]?.count == 2)
        #expect(input.timelines.timeline > 0)

        // The gateway template generalises (`alpha` becomes a parameter): its counts move to the new id.
        try StoreScan.apply(
            Self.chain(day: 11, tenant: "beta", rounds: 1) + Self.chain(day: 11, hour: 11, tenant: "gamma", rounds: 1), to: store,
            at: StoreScan.time(day: 11, 12))
        input = try store.analysisInput()
        let renamed = try #require(input.document.issues.first { $0.title.hasPrefix("Gateway unreachable") }?.signatures.first)
        #expect(renamed.template == "Gateway unreachable from region <*>")
        #expect(input.timelines.episodes[renamed.id] == 4)
        #expect(input.timelines.follows[Cooccurrence.Pair(from: renamed.id, to: mailer.id)]?.count == 4)
        #expect(input.timelines.follows.keys.allSatisfy { $0.from != gateway.id && $0.to != gateway.id } || renamed.id == gateway.id)
        let graph = CausalGraph(issues: input.document.issues, timelines: input.timelines)
        #expect(graph.links.count == 1)
    }

    @Test func analysisFillsOnlyWhatNobodyEdited() throws {
        let store = try SQLiteTrackerStore()
        try StoreScan.apply(StoreScan.twoProblems(), to: store, at: StoreScan.time(day: 10, 12))
        _ = try store.edit(1, fields: [.kind], log: "Issue 1: kind set", at: StoreScan.time(day: 10, 13)) { $0.kind = .external }
        var analysis = TrackerAnalyser().analyse(try store.analysisInput())
        #expect(analysis.issues.count == 2)
        analysis.crossIssueNotes = [Bullet("Generated note")]
        try store.applyAnalysis(analysis, at: StoreScan.time(day: 10, 14))
        let document = try store.document()
        #expect(document.issues[0].kind == .external, "edited by hand")
        let filled = analysis.issues.first { $0.issue == document.issues[1].number }?.kindReasons
        #expect(!document.issues[1].kindReasons.isEmpty && document.issues[1].kindReasons == filled, "filled by the analysis")
        #expect(!document.issues[0].confidenceReasons.isEmpty)
        #expect(document.crossIssueNotes.map(\.text) == ["Generated note"])
        // A note written in an imported document is shown first, and the analysis does not repeat it.
        var written = document
        written.crossIssueNotes = [Bullet("Generated note"), Bullet("Written by hand")]
        try store.importDocument(written, from: "T.md", at: StoreScan.time(day: 10, 15))
        try store.applyAnalysis(analysis, at: StoreScan.time(day: 10, 16))
        #expect(try store.document().crossIssueNotes.map(\.text) == ["Generated note", "Written by hand"])
    }

    @Test func anEditedTitleIsKeptByLaterScans() throws {
        let store = try SQLiteTrackerStore()
        try StoreScan.apply(
            [
                StoreScan.line(9, 0, 0, "shop.cache", "WARNING", "Cache miss storm for tenant alpha"),
                StoreScan.line(11, 0, 0, "shop.webhooks", "ERROR", "Webhook delivery rejected by partner acme"),
            ], to: store, at: StoreScan.time(day: 11, 8))
        let edited = try store.edit(1, fields: [.title], log: "Renamed Issue 1.", at: StoreScan.time(day: 11, 9)) {
            $0.title = "Tenant cache stampede"
        }
        #expect(edited.title == "Tenant cache stampede")
        #expect(try store.document().updateLog.last?.text == "Renamed Issue 1.")

        try StoreScan.apply(
            [
                StoreScan.line(day: 12, 9, 0, 0, "shop.cache", "WARNING", "Cache miss storm for tenant beta"),
                StoreScan.line(day: 12, 9, 5, 0, "shop.cache", "WARNING", "Cache miss storm for tenant gamma"),
                StoreScan.line(day: 12, 11, 0, 0, "shop.webhooks", "ERROR", "Webhook delivery rejected by partner globex"),
                StoreScan.line(day: 12, 11, 5, 0, "shop.webhooks", "ERROR", "Webhook delivery rejected by partner initech"),
            ], to: store, at: StoreScan.time(day: 13, 8))
        let document = try store.document()
        #expect(document.issues.count == 2)
        #expect(document.issues[0].title == "Tenant cache stampede")
        #expect(document.issues[0].signatures.first?.template == "Cache miss storm for tenant <*>")
        // The other issue was not edited: its title follows its signature.
        #expect(document.issues[1].title == "Webhook delivery rejected by partner …")
    }

    // MARK: - Status

    @Test func fixedIsRefusedUntilTheRootCauseIsConfirmed() throws {
        let store = try SQLiteTrackerStore()
        try StoreScan.apply(StoreScan.twoProblems(), to: store, at: StoreScan.time(day: 11, 8))
        #expect(throws: StatusLifecycle.Refusal.self) {
            try store.setStatus(1, to: StatusChange(status: .fixed), at: StoreScan.time(day: 11, 9))
        }
        #expect(try store.issue(1)?.status == .open)
        #expect(try store.issue(1)?.fix == nil)

        _ = try store.setStatus(1, to: StatusChange(status: .rootCauseConfirmed), at: StoreScan.time(day: 11, 9))
        let fixed = try store.setStatus(
            1, to: StatusChange(status: .fixed, version: "1.4.2", fixTime: StoreScan.time(day: 11, 12)), at: StoreScan.time(day: 11, 13))
        #expect(fixed.status == .fixed)
        #expect(fixed.fix == FixRecord(time: StoreScan.time(day: 11, 12), version: "1.4.2"))
        #expect(try store.document().updateLog.last?.text == "Issue 1: status Root cause confirmed → Fixed at 2026-03-11T12:00:00.000Z in `1.4.2`.")

        // Forcing skips the check, and says so.
        let forced = try store.setStatus(2, to: StatusChange(status: .fixed, force: true), at: StoreScan.time(day: 11, 14))
        #expect(forced.status == .fixed)
        #expect(forced.fix?.time == StoreScan.time(day: 11, 14))
        #expect(try store.document().updateLog.last?.text.hasSuffix("(forced).") == true)
    }

    @Test func onlyRecordsNewerThanTheFixRegressAnIssue() throws {
        let store = try SQLiteTrackerStore()
        try StoreScan.apply(StoreScan.twoProblems(), to: store, at: StoreScan.time(day: 11, 8))
        _ = try store.setStatus(1, to: StatusChange(status: .rootCauseConfirmed), at: StoreScan.time(day: 11, 9))
        _ = try store.setStatus(1, to: StatusChange(status: .fixed, fixTime: StoreScan.time(day: 11, 12)), at: StoreScan.time(day: 11, 12))

        // An older log read late: the same signatures, all before the fix.
        let old = try StoreScan.apply(StoreScan.twoProblems(day: 10), to: store, at: StoreScan.time(day: 11, 13))
        #expect(old.regressions.isEmpty)
        #expect(try store.issue(1)?.status == .fixed)

        let new = try StoreScan.apply(StoreScan.twoProblems(day: 12), to: store, at: StoreScan.time(day: 12, 13))
        let regression = try #require(new.regressions.first)
        #expect(new.regressions.count == 1)
        #expect(regression.issue == 1)
        #expect(regression.signature.hasPrefix("Payment declined by gateway"))
        #expect(regression.time == StoreScan.time(day: 12, 10, 5))
        #expect(regression.file == "x.log")
        #expect(regression.line == 5)
        let issue = try #require(try store.issue(1))
        #expect(issue.status == .regressed)
        #expect(issue.notes.contains { $0.text.hasPrefix("Regressed:") && $0.text.contains("2026-03-12T10:05:00.000Z (x.log:5)") })
        #expect(try store.document().updateLog.contains { $0.text.hasPrefix("Issue 1 regressed") })
        // The unfixed issue is untouched.
        #expect(try store.issue(2)?.status == .open)
    }

    // MARK: - Merge and split

    @Test func mergeMovesSignaturesAndLaterScansKeepThemTogether() throws {
        let store = try SQLiteTrackerStore()
        try StoreScan.apply(StoreScan.twoProblems(), to: store, at: StoreScan.time(day: 11, 8))
        let merged = try store.merge(2, into: 1, at: StoreScan.time(day: 11, 9))
        #expect(merged.number == 1)
        #expect(merged.signatures.count == 2)
        #expect(merged.signatures[1].template.hasPrefix("Disk usage"))
        #expect(merged.signatures[1].reason == "merged by hand from Issue 2")
        #expect(merged.occurrences.count == 4)
        #expect(merged.notes.contains { $0.text.hasPrefix("Merged from Issue 2") })
        #expect(try store.issue(2) == nil)
        #expect(try store.document().issues.map(\.number) == [1])

        let outcome = try StoreScan.apply(StoreScan.twoProblems(day: 12), to: store, at: StoreScan.time(day: 13, 8))
        #expect(outcome.newIssues.isEmpty)
        #expect(outcome.updatedIssues == [1])
        let issues = try store.document().issues
        #expect(issues.map(\.number) == [1])
        #expect(issues[0].signatures.map(\.count) == [6, 2])
    }

    @Test func issueNumbersAreNeverReused() throws {
        let store = try SQLiteTrackerStore()
        try StoreScan.apply(StoreScan.twoProblems(), to: store, at: StoreScan.time(day: 11, 8))
        _ = try store.merge(2, into: 1, at: StoreScan.time(day: 11, 9))
        // "Issue 2" is named in the log and in Issue 1's notes: a new issue must not take its number.
        let outcome = try StoreScan.apply(
            [StoreScan.line(day: 12, 9, 0, 0, "shop.search", "ERROR", "Elasticsearch cluster unreachable")], to: store,
            at: StoreScan.time(day: 13, 8))
        #expect(outcome.newIssues == [3])
        let split = try StoreScan.apply(StoreScan.cascade(day: 12), to: store, at: StoreScan.time(day: 13, 9))
        #expect(split.newIssues == [4])
        let moved = try store.split(1, signatures: [try signature(store.issue(1), "Disk usage").id], at: StoreScan.time(day: 13, 10))
        #expect(moved.number == 5)
    }

    @Test func splitMovesASignatureAndLaterScansKeepItThere() throws {
        let store = try SQLiteTrackerStore()
        try StoreScan.apply(StoreScan.cascade(), to: store, at: StoreScan.time(day: 11, 8))
        let joined = try #require(try store.issue(1))
        #expect(try store.document().issues.count == 1)
        #expect(joined.signatures.count == 2)
        let rejecting = try signature(joined, "Rejecting bearer token")
        #expect(rejecting.reason?.contains("fires with") == true)

        // A prefix of at least four characters names a signature.
        let moved = try store.split(1, signatures: [String(rejecting.id.prefix(6))], at: StoreScan.time(day: 11, 9))
        #expect(moved.number == 2)
        #expect(moved.signatures.map(\.id) == [rejecting.id])
        #expect(moved.signatures.first?.reason == "split by hand from Issue 1")
        #expect(moved.title.hasPrefix("Rejecting bearer token"))
        #expect(try store.issue(1)?.signatures.map(\.template).allSatisfy { $0.hasPrefix("JWKS lookup") } == true)
        #expect(try store.document().updateLog.last?.text.contains("out of Issue 1 into Issue 2") == true)

        // They still fire together, but the split is the user's call.
        let outcome = try StoreScan.apply(StoreScan.cascade(day: 12), to: store, at: StoreScan.time(day: 13, 8))
        #expect(outcome.newIssues.isEmpty)
        #expect(outcome.newSignatures == 0)
        let issues = try store.document().issues
        #expect(issues.map(\.number) == [1, 2])
        #expect(issues[0].signatures.map(\.count) == [6])
        #expect(issues[1].signatures.map(\.id) == [rejecting.id])
        #expect(issues[1].signatures.map(\.count) == [6])
    }

    @Test func splitRefusesToEmptyAnIssueOrToGuess() throws {
        let store = try SQLiteTrackerStore()
        try StoreScan.apply(StoreScan.cascade(), to: store, at: StoreScan.time(day: 11, 8))
        let ids = try #require(try store.issue(1)).signatures.map(\.id)
        let empty = #expect(throws: TrackerError.self) {
            try store.split(1, signatures: ids, at: StoreScan.time(day: 11, 9))
        }
        #expect(empty?.description.contains("leave it empty") == true)
        let unknown = #expect(throws: TrackerError.self) {
            try store.split(1, signatures: ["ffffffffffff"], at: StoreScan.time(day: 11, 9))
        }
        #expect(unknown?.description.contains("has no signature 'ffffffffffff'") == true)
        #expect(ids.allSatisfy { unknown?.description.contains($0) == true })
        // Nothing changed.
        #expect(try store.document().issues.map { $0.signatures.count } == [2])
    }

    @Test func unknownIssueNumbersNameTheIssuesThatExist() throws {
        let store = try SQLiteTrackerStore()
        let none = #expect(throws: TrackerError.self) {
            try store.setStatus(1, to: StatusChange(status: .investigating), at: StoreScan.time(day: 11, 9))
        }
        #expect(none?.description.contains("has no issues yet") == true)

        try StoreScan.apply(StoreScan.twoProblems(), to: store, at: StoreScan.time(day: 11, 8))
        let expected = "There is no Issue 9. Issues: 1, 2."
        let errors: [TrackerError?] = [
            #expect(throws: TrackerError.self) { try store.setStatus(9, to: StatusChange(status: .investigating), at: StoreScan.time(day: 11, 9)) },
            #expect(throws: TrackerError.self) { try store.merge(9, into: 1, at: StoreScan.time(day: 11, 9)) },
            #expect(throws: TrackerError.self) { try store.merge(1, into: 9, at: StoreScan.time(day: 11, 9)) },
            #expect(throws: TrackerError.self) { try store.split(9, signatures: ["x"], at: StoreScan.time(day: 11, 9)) },
            #expect(throws: TrackerError.self) { try store.edit(9, fields: [.title], log: "x", at: StoreScan.time(day: 11, 9)) { $0.title = "x" } },
        ]
        for error in errors { #expect(error?.description == expected) }
        #expect(throws: TrackerError.self) { try store.merge(1, into: 1, at: StoreScan.time(day: 11, 9)) }
        #expect(try store.issue(9) == nil)
    }

    // MARK: - Import

    static let tracker = """
        # Shop API RCA Tracker

        ## Purpose

        Working catalog for shop backend issues.

        ## Triage Rules

        - Do not fix directly from logs alone unless root cause is confirmed.
        - Prefer grouping repeated log lines under one issue.

        ## Issue 1: Payment gateway timeouts

        - **Status**: Fixed
        - **Fixed**: 2026-03-12T10:00:00Z in `1.4.2`
        - **Severity**: High
        - **Subsystem**: payments.client
        - **Kind**: External
        - **Confidence**: High
          - Same exception at the same frames in every sample
        - **Error signatures**:
          - `Gateway POST timed out after <duration>` — id 1a2b3c4d5e6f; 12×; ERROR; first 2026-03-10T09:00:00Z; last 2026-03-10T11:30:00Z
            - Grouped: main signature
          - `Checkout aborted for order <num>` — id 0f0e0d0c0b0a; 4×; ERROR; first 2026-03-10T09:00:02Z; last 2026-03-10T11:30:02Z
            - Grouped: fires with the gateway timeout
        - **Observed endpoints in logs**:
          - `/api/checkout` (16)
        - **Observed behavior**:
          - Checkout requests hang for 30 s, then fail.
        - **Occurrences**: 16 (first 2026-03-10T09:00:00Z, last 2026-03-10T11:30:02Z)
          - Histogram (3600 s buckets from 2026-03-10T09:00:00Z): 6 4 6
        - **Sample records**:
          ```text
          2026-03-10 09:00:00,000 - shop.payments.client - ERROR - Gateway POST timed out after 30s
          ```
        - **Primary RCA hypothesis**:
          - The gateway's connection pool is exhausted at peak.
        - **Likely files to inspect/edit later**:
          - `shop/payments/client.py`
        - **Validation after fix**:
          - No timeouts for a day of peak traffic.
        - **Related issues**:
          - Issue 2: downstream effect
        - **Notes**:
          - Seen only in production.

        ## Issue 2: Order confirmation emails delayed

        - **Status**: Investigating
        - **Severity**: Medium
        - **Error signatures**:
          - `SMTP queue depth above threshold`
        - **Root-cause questions to answer**:
          - Does the mailer retry on gateway failures?

        ## Cross-Issue Notes

        - Issue 2 may be a side effect of Issue 1.

        ## Candidate Investigation Order

        1. Issue 2: Order confirmation emails delayed
        2. Issue 1: Payment gateway timeouts

        ## Session Update Log

        ### 2026-03-10

        - Created tracker.
        - Added Issue 2.

        """

    @Test func anImportedDocumentReadsBackTheSame() throws {
        let parsed = try TrackerMarkdown.parse(Self.tracker)
        #expect(parsed.issues.count == 2)
        let store = try SQLiteTrackerStore()
        try store.importDocument(parsed, from: "tracker.md", at: StoreScan.time(day: 13, 8))
        let stored = try store.document()
        #expect(TrackerMarkdown.render(stored) == TrackerMarkdown.render(parsed))
        #expect(stored == parsed)
    }

    @Test func anImportedDocumentKeepsItsWordsThroughLaterScans() throws {
        let store = try SQLiteTrackerStore()
        try store.importDocument(try TrackerMarkdown.parse(Self.tracker), from: "tracker.md", at: StoreScan.time(day: 13, 8))
        // A scan that sees Issue 2's signature grows it under Issue 2, leaving the written title alone.
        let outcome = try StoreScan.apply(
            [StoreScan.line(day: 13, 9, 0, 0, "shop.notify.mailer", "WARNING", "SMTP queue depth above threshold")], to: store,
            at: StoreScan.time(day: 13, 10))
        #expect(outcome.newIssues.isEmpty)
        #expect(outcome.updatedIssues == [2])
        let issue = try #require(try store.issue(2))
        #expect(issue.title == "Order confirmation emails delayed")
        #expect(issue.signatures.map(\.count) == [1])
        #expect(issue.severity == .medium)
    }

    /// The hand-written seed tracker, read from the core tests' fixtures.
    @Test func theSeedTrackerReadsBackTheSame() throws {
        let text = try String(contentsOfFile: Self.seedPath, encoding: .utf8)
        let parsed = try TrackerMarkdown.parse(text)
        #expect(parsed.issues.map(\.number) == [1, 2, 3, 4, 5, 6])
        let store = try SQLiteTrackerStore()
        try store.importDocument(parsed, from: "RCA_TRACKER_EXAMPLE.md", at: StoreScan.time(day: 13, 8))
        let rendered = TrackerMarkdown.render(try store.document())
        let expected = TrackerMarkdown.render(parsed)
        #expect(rendered == expected, "\(Self.firstDifference(rendered, expected))")
    }

    /// Everything but the investigation order comes back as parsed; the order keeps the written steps first.
    @Test func theSeedTrackerKeepsEveryIssueAndSection() throws {
        let parsed = try TrackerMarkdown.parse(try String(contentsOfFile: Self.seedPath, encoding: .utf8))
        let store = try SQLiteTrackerStore()
        try store.importDocument(parsed, from: "RCA_TRACKER_EXAMPLE.md", at: StoreScan.time(day: 13, 8))
        var stored = try store.document()
        #expect(Array(stored.investigationOrder.prefix(parsed.investigationOrder.count)) == parsed.investigationOrder)
        stored.investigationOrder = parsed.investigationOrder
        #expect(stored == parsed)
        let rendered = TrackerMarkdown.render(stored)
        let expected = TrackerMarkdown.render(parsed)
        #expect(rendered == expected, "\(Self.firstDifference(rendered, expected))")
    }

    static var seedPath: String {
        var parts = #filePath.split(separator: "/", omittingEmptySubsequences: false)
        parts.removeLast(2)
        return parts.joined(separator: "/") + "/LogTriageCoreTests/Fixtures/tracker/rca_tracker_example.md"
    }

    static func firstDifference(_ a: String, _ b: String) -> String {
        let x = a.split(separator: "\n", omittingEmptySubsequences: false)
        let y = b.split(separator: "\n", omittingEmptySubsequences: false)
        for i in 0..<max(x.count, y.count) {
            let l = i < x.count ? String(x[i]) : "<end>"
            let r = i < y.count ? String(y[i]) : "<end>"
            if l != r { return "line \(i + 1): store `\(l)` vs parsed `\(r)`" }
        }
        return "same"
    }

    // MARK: - Sources

    private static func temporaryDirectory() throws -> String {
        let directory = NSTemporaryDirectory() + "logtriage-store-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        return directory
    }

    /// 60 lines of about 100 bytes: past the 4096-byte fingerprint.
    private static func logText(tag: String, lines: Range<Int> = 0..<60) -> String {
        lines.map { StoreScan.line(9, $0 % 60, 0, "shop.api", "INFO", "request \(tag)\($0) served " + String(repeating: "x", count: 30)) + "\n" }
            .joined()
    }

    /// What a scan records for a file read to its end.
    private static func progress(_ path: String, lines: Int) throws -> SourceProgress {
        let file = try #require(FileFingerprint(path: path))
        let current = try #require(file.current)
        return SourceProgress(
            path: path, fingerprint: current.fingerprint, fingerprintLength: current.length, offset: file.completeSize,
            lines: lines, scannedAt: StoreScan.time(day: 11, 8))
    }

    private func applySources(_ sources: [SourceProgress], to store: SQLiteTrackerStore) throws {
        var batch = try StoreScan.batch("", store: store, at: StoreScan.time(day: 11, 8))
        batch.sources = sources
        _ = try store.apply(batch)
    }

    @Test func sourcesKeepTheProgressOfEachFile() throws {
        let directory = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let store = try SQLiteTrackerStore()
        let a = directory + "/a.log", b = directory + "/b.log"
        try Self.logText(tag: "a").write(toFile: a, atomically: false, encoding: .utf8)
        try Self.logText(tag: "b").write(toFile: b, atomically: false, encoding: .utf8)
        let progress = [try Self.progress(a, lines: 60), try Self.progress(b, lines: 60)]
        try applySources(progress, to: store)
        #expect(try store.sources() == progress)

        // A later scan of a grown file replaces its row.
        try (Self.logText(tag: "a") + Self.logText(tag: "a", lines: 60..<70)).write(toFile: a, atomically: false, encoding: .utf8)
        let grown = try Self.progress(a, lines: 70)
        try applySources([grown], to: store)
        #expect(try store.sources().sorted { $0.path < $1.path } == [grown, progress[1]])
    }

    @Test func twoFilesWithTheSameHeadKeepTheirOwnProgress() throws {
        let directory = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let store = try SQLiteTrackerStore()
        // A copy (or two logs that start with the same long banner): the same first 4096 bytes.
        let original = directory + "/app.log", copy = directory + "/backup.log"
        let text = Self.logText(tag: "a")
        try text.write(toFile: original, atomically: false, encoding: .utf8)
        try (text + Self.logText(tag: "b", lines: 0..<5)).write(toFile: copy, atomically: false, encoding: .utf8)
        try applySources([try Self.progress(original, lines: 60), try Self.progress(copy, lines: 65)], to: store)

        #expect(Set(try store.sources().map(\.path)) == [original, copy])
        // So the next scan reads neither again.
        let known = try store.sources()
        for path in [original, copy] {
            let file = try #require(FileFingerprint(path: path))
            #expect(ResumePoint.plan(for: file, known: known).offset == file.completeSize, "\(path) would be read again")
        }
    }

    @Test func aRotatedFileTakesOverItsOldProgress() throws {
        let directory = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let store = try SQLiteTrackerStore()
        let path = directory + "/app.log", rotated = directory + "/app.log.1"
        try Self.logText(tag: "a").write(toFile: path, atomically: false, encoding: .utf8)
        try applySources([try Self.progress(path, lines: 60)], to: store)
        #expect(rename(path, rotated) == 0)

        let plan = ResumePoint.plan(for: try #require(FileFingerprint(path: rotated)), known: try store.sources())
        #expect(plan.offset > 0)
        #expect(plan.note?.contains("rotated") == true)
        try applySources([try Self.progress(rotated, lines: 60)], to: store)
        // The old name's row is gone: it described the same file.
        #expect(try store.sources().map(\.path) == [rotated])
    }

    // MARK: - Concurrency

    @Test func twoStoresOnOneFileLoseNoCounts() throws {
        let directory = NSTemporaryDirectory() + "logtriage-store-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let path = directory + "/tracker.sqlite"
        let stores = [try SQLiteTrackerStore(path: path), try SQLiteTrackerStore(path: path)]

        // Each batch: 3 payment declines and 1 disk warning (as in `twoProblems`), plus the cascade's 2 + 2.
        let text = (StoreScan.twoProblems() + StoreScan.cascade(requests: 2)).joined(separator: "\n")
        let rounds = 6
        let batches = try (0..<2).map { i in
            try (0..<rounds).map { _ in try StoreScan.batch(text, store: stores[i], at: StoreScan.time(day: 11, 8)) }
        }
        let errors = ErrorBox()
        DispatchQueue.concurrentPerform(iterations: 2) { i in
            for batch in batches[i] {
                do { _ = try stores[i].apply(batch) } catch { errors.append(error) }
            }
        }
        #expect(errors.all.isEmpty, "\(errors.all)")

        let document = try SQLiteTrackerStore(path: path).document()
        let counts = Dictionary(
            document.issues.flatMap(\.signatures).map { ($0.template.split(separator: " ").prefix(2).joined(separator: " "), $0.count) },
            uniquingKeysWith: +)
        #expect(
            counts == [
                "Payment declined": 3 * 2 * rounds, "Disk usage": 1 * 2 * rounds, "JWKS lookup": 2 * 2 * rounds,
                "Rejecting bearer": 2 * 2 * rounds,
            ])
        // Whichever scan came first created the issues; the other only grew them.
        #expect(document.issues.count == 3)
        #expect(document.issues.flatMap(\.signatures).count == 4)
        #expect(document.updateLog.count == 2 * rounds)
        #expect(document.issues.reduce(0) { $0 + $1.occurrences.histogram.reduce(0) { $0 + $1.count } } == 8 * 2 * rounds)
    }
}

private final class ErrorBox: @unchecked Sendable {
    private let lock = NSLock()
    private var errors: [any Error] = []
    func append(_ error: any Error) { lock.withLock { errors.append(error) } }
    var all: [any Error] { lock.withLock { errors } }
}
