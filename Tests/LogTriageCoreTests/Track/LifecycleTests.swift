import Foundation
import Testing

@testable import LogTriageCore

// MARK: - Status lifecycle

struct StatusLifecycleTests {
    private func allowed(_ old: IssueStatus, _ new: IssueStatus, confirmed: Bool = false, force: Bool = false) -> Bool {
        do {
            try StatusLifecycle.check(from: old, to: new, rootCauseConfirmed: confirmed, issue: 4, force: force)
            return true
        } catch {
            return false
        }
    }

    @Test func fixedIsRefusedBeforeTheRootCauseIsConfirmed() throws {
        for old in [IssueStatus.open, .investigating, .regressed] {
            #expect(!allowed(old, .fixed), "\(old) → fixed")
        }
        let refusal = #expect(throws: StatusLifecycle.Refusal.self) {
            try StatusLifecycle.check(from: .investigating, to: .fixed, rootCauseConfirmed: false, issue: 4, force: false)
        }
        #expect(refusal?.description.contains("Issue 4") == true)
        #expect(refusal?.description.contains("root-cause-confirmed") == true)
        #expect(refusal?.description.contains("--force") == true)
    }

    @Test func fixedIsAllowedOnceConfirmedOrForced() {
        #expect(allowed(.rootCauseConfirmed, .fixed, confirmed: true))
        #expect(allowed(.regressed, .fixed, confirmed: true))
        #expect(allowed(.open, .fixed, confirmed: false, force: true))
    }

    @Test func onlyAFixCanBeVerified() {
        #expect(allowed(.fixed, .verified))
        for old in IssueStatus.allCases where old != .fixed && old != .verified {
            #expect(!allowed(old, .verified, confirmed: true), "\(old) → verified")
        }
        #expect(allowed(.open, .verified, force: true))
    }

    @Test func onlyAFixedOrVerifiedIssueCanRegress() {
        #expect(allowed(.fixed, .regressed))
        #expect(allowed(.verified, .regressed))
        for old in IssueStatus.allCases where ![.fixed, .verified, .regressed].contains(old) {
            #expect(!allowed(old, .regressed, confirmed: true), "\(old) → regressed")
        }
        #expect(allowed(.investigating, .regressed, force: true))
    }

    @Test func otherChangesAndNoChangesAreAllowed() {
        #expect(allowed(.open, .investigating))
        #expect(allowed(.investigating, .rootCauseConfirmed))
        #expect(allowed(.fixed, .open))
        #expect(allowed(.open, .wontfix))
        #expect(allowed(.open, .observed))
        // Staying put is never refused.
        #expect(allowed(.regressed, .regressed))
        #expect(allowed(.fixed, .fixed))
    }
}

// MARK: - Fix verification

struct FixVerifierTests {
    static let fixTime = Timestamp(year: 2026, month: 3, day: 12, hour: 10)
    static let signatureID = "aaaabbbbcccc"

    private static func at(minutes: Int) -> Timestamp {
        Timestamp(millisecondsSinceEpoch: fixTime.millisecondsSinceEpoch + Int64(minutes) * 60_000)
    }

    private static func issue(status: IssueStatus = .fixed, endpoints: [String] = []) -> TrackerIssue {
        TrackerIssue(
            number: 3, title: "Gateway timeouts", status: status,
            signatures: [
                Signature(id: signatureID, template: "Gateway POST timed out after <duration>", count: 12, logger: "shop.payments.client")
            ],
            symptoms: endpoints.isEmpty ? [] : [Symptom(name: "endpoint", values: endpoints.map { Symptom.Value($0, count: 1) })],
            fix: FixRecord(time: fixTime, version: "1.4.2"))
    }

    private static func record(
        minutes: Int?, logger: String? = "shop.payments.client", message: String = "Gateway POST ok", line: Int = 1,
        attributes: [Attribute] = []
    ) -> LogRecord {
        LogRecord(
            file: "after.log", lineStart: line, lineEnd: line, time: minutes.map(at(minutes:)), severity: nil, logger: logger,
            message: message, attributes: attributes, format: "test")
    }

    @Test func aSignatureSeenAfterTheFixRegressesIt() throws {
        var verifier = FixVerifier(issues: [Self.issue()])
        verifier.add(Self.record(minutes: 5), templateID: "other")
        verifier.add(Self.record(minutes: 30, message: "Gateway POST timed out after 30s", line: 17), templateID: Self.signatureID)
        verifier.add(Self.record(minutes: 40, message: "Gateway POST timed out after 31s", line: 18), templateID: Self.signatureID)
        let results = verifier.results
        #expect(results.count == 1)
        guard case .regressed(let regression) = try #require(results.first).outcome else {
            Issue.record("expected a regression, got \(results)")
            return
        }
        // The first recurrence is the evidence.
        #expect(regression == Regression(issue: 3, signature: "Gateway POST timed out after <duration>", time: Self.at(minutes: 30), file: "after.log", line: 17))
    }

    @Test func aVerifiedIssueIsWatchedForRegressionsOnly() throws {
        var verifier = FixVerifier(issues: [Self.issue(status: .verified)])
        for minute in 1...20 { verifier.add(Self.record(minutes: minute), templateID: nil) }
        #expect(verifier.results.isEmpty)
        verifier.add(Self.record(minutes: 25), templateID: Self.signatureID)
        guard case .regressed? = verifier.results.first?.outcome else {
            Issue.record("expected a regression, got \(verifier.results)")
            return
        }
    }

    @Test func recordsBeforeTheFixOrWithoutATimeNeverDecide() throws {
        var verifier = FixVerifier(issues: [Self.issue()])
        for minute in stride(from: -60, through: 0, by: 5) {
            verifier.add(Self.record(minutes: minute), templateID: Self.signatureID)
            verifier.add(Self.record(minutes: minute), templateID: nil)
        }
        verifier.add(Self.record(minutes: nil), templateID: Self.signatureID)
        #expect(verifier.undated == 1)
        let outcome = try #require(verifier.results.first).outcome
        guard case .notEnoughEvidence(let why) = outcome else {
            Issue.record("expected not enough evidence, got \(outcome)")
            return
        }
        #expect(why.contains("no timed records after the fix"), "\(why)")
    }

    @Test func comparableTrafficFromTheSameLoggerVerifies() throws {
        var verifier = FixVerifier(issues: [Self.issue()])
        verifier.minimumComparable = 10
        for minute in 1...10 { verifier.add(Self.record(minutes: minute), templateID: "healthy") }
        // Other loggers' traffic is not comparable.
        for minute in 1...50 { verifier.add(Self.record(minutes: minute, logger: "shop.search"), templateID: nil) }
        #expect(verifier.results == [VerificationResult(issue: 3, outcome: .verified(comparableRecords: 10))])
    }

    @Test func tooLittleComparableTrafficIsNotEnoughEvidence() throws {
        var verifier = FixVerifier(issues: [Self.issue()])
        for minute in 1...9 { verifier.add(Self.record(minutes: minute), templateID: nil) }
        for minute in 1...50 { verifier.add(Self.record(minutes: minute, logger: "shop.search"), templateID: nil) }
        let outcome = try #require(verifier.results.first).outcome
        guard case .notEnoughEvidence(let why) = outcome else {
            Issue.record("expected not enough evidence, got \(outcome)")
            return
        }
        #expect(why.contains("only 9 record(s)"), "\(why)")
        #expect(why.contains("`shop.payments.client`"), "\(why)")
        #expect(why.contains("need 10"), "\(why)")
    }

    @Test func trafficToTheIssuesEndpointsIsComparable() throws {
        var verifier = FixVerifier(issues: [Self.issue(endpoints: ["/api/orders/{id}"])])
        verifier.minimumComparable = 4
        verifier.add(Self.record(minutes: 1, logger: "uvicorn.access", message: "GET /api/orders/1842 200"), templateID: nil)
        verifier.add(Self.record(minutes: 2, logger: "uvicorn.access", message: "\"GET /api/orders/77 HTTP/1.1\" 200"), templateID: nil)
        verifier.add(
            Self.record(minutes: 3, logger: nil, message: "done", attributes: [Attribute("path", .string("/api/orders/5?x=1"))]),
            templateID: nil)
        verifier.add(Self.record(minutes: 4, logger: "uvicorn.access", message: "GET /api/users/9 200"), templateID: nil)
        #expect(verifier.results.first?.outcome == .notEnoughEvidence(
            "only 3 record(s) after the fix (\(Self.fixTime.rfc3339)) from logger `shop.payments.client` or endpoint `/api/orders/{id}` (need 4); no recurrence so far."))
        verifier.add(Self.record(minutes: 5, logger: "uvicorn.access", message: "GET /api/orders/9 200"), templateID: nil)
        #expect(verifier.results.first?.outcome == .verified(comparableRecords: 4))
    }

    @Test func onlyFixedAndVerifiedIssuesWithAFixAreChecked() {
        var open = Self.issue(status: .open)
        open.fix = nil
        var fixedWithoutTime = Self.issue()
        fixedWithoutTime.fix = nil
        #expect(FixVerifier(issues: [open, fixedWithoutTime]).isEmpty)
        #expect(!FixVerifier(issues: [Self.issue()]).isEmpty)
    }
}

// MARK: - Resuming files

struct ResumePointTests {
    /// Lines of about 100 bytes; 50 of them pass the 4096-byte fingerprint.
    private static func lines(_ range: Range<Int>, tag: String = "a") -> String {
        range.map { n in
            "2026-03-10 09:\(n % 60 < 10 ? "0" : "")\(n % 60):00,000 - shop.api - INFO - request \(tag)\(n) served " + String(repeating: "x", count: 40) + "\n"
        }.joined()
    }

    private static func progress(_ path: String, scannedLines: Int) throws -> SourceProgress {
        let file = try #require(FileFingerprint(path: path))
        let current = try #require(file.current)
        return SourceProgress(
            path: path, fingerprint: current.fingerprint, fingerprintLength: current.length, offset: file.completeSize,
            lines: scannedLines, scannedAt: Timestamp(year: 2026, month: 3, day: 10))
    }

    private static func append(_ text: String, to path: String) {
        let handle = fopen(path, "ab")
        _ = text.utf8CString.withUnsafeBufferPointer { fwrite($0.baseAddress, 1, $0.count - 1, handle) }
        fclose(handle)
    }

    @Test func aGrownFileResumesWhereItStopped() throws {
        let directory = Fixtures.temporaryDirectory()
        let path = directory + "/app.log"
        Fixtures.write(Self.lines(0..<3), to: path)  // small: the fingerprint covers the whole file
        let before = try Self.progress(path, scannedLines: 3)
        #expect(before.fingerprintLength < FileFingerprint.length)
        Self.append(Self.lines(3..<80), to: path)
        let file = try #require(FileFingerprint(path: path))
        #expect(ResumePoint.plan(for: file, known: [before]) == ResumePoint(offset: before.offset, lines: 3))
    }

    @Test func aTruncatedFileIsReadFromTheStart() throws {
        let directory = Fixtures.temporaryDirectory()
        let path = directory + "/app.log"
        let text = Self.lines(0..<100)
        Fixtures.write(text, to: path)
        let before = try Self.progress(path, scannedLines: 100)
        #expect(before.fingerprintLength == FileFingerprint.length)
        // Cut back to 60 lines: the head is the same, the file is shorter than what was read.
        Fixtures.write(Self.lines(0..<60), to: path)
        let file = try #require(FileFingerprint(path: path))
        let plan = ResumePoint.plan(for: file, known: [before])
        #expect(plan.offset == 0)
        #expect(plan.lines == 0)
        #expect(plan.note?.contains("truncated") == true, "\(plan.note ?? "nil")")
    }

    @Test func aReplacedFileIsReadFromTheStart() throws {
        let directory = Fixtures.temporaryDirectory()
        let path = directory + "/app.log"
        Fixtures.write(Self.lines(0..<100), to: path)
        let before = try Self.progress(path, scannedLines: 100)
        Fixtures.write(Self.lines(0..<200, tag: "b"), to: path)
        let file = try #require(FileFingerprint(path: path))
        let plan = ResumePoint.plan(for: file, known: [before])
        #expect(plan.offset == 0)
        #expect(plan.lines == 0)
        #expect(plan.note?.contains("replaced") == true, "\(plan.note ?? "nil")")
    }

    @Test func aRotatedFileIsRecognisedUnderItsNewName() throws {
        let directory = Fixtures.temporaryDirectory()
        let path = directory + "/app.log"
        let rotated = directory + "/app.log.1"
        Fixtures.write(Self.lines(0..<100), to: path)
        let before = try Self.progress(path, scannedLines: 100)
        // The writer appended a little more, then the file was rotated and a fresh one started.
        Self.append(Self.lines(100..<110), to: path)
        #expect(rename(path, rotated) == 0)
        Fixtures.write(Self.lines(0..<5, tag: "new"), to: path)

        let moved = try #require(FileFingerprint(path: rotated))
        let plan = ResumePoint.plan(for: moved, known: [before])
        #expect(plan.offset == before.offset)
        #expect(plan.lines == 100)
        #expect(plan.note?.contains("rotated") == true, "\(plan.note ?? "nil")")
        #expect(plan.note?.contains(path) == true, "\(plan.note ?? "nil")")

        // The fresh file under the old name is new content.
        let fresh = try #require(FileFingerprint(path: path))
        let freshPlan = ResumePoint.plan(for: fresh, known: [before])
        #expect(freshPlan.offset == 0)
        #expect(freshPlan.lines == 0)
    }

    @Test func aRotatedFileWhoseOldNameIsGoneIsRecognised() throws {
        let directory = Fixtures.temporaryDirectory()
        let path = directory + "/app.log"
        let rotated = directory + "/app-2026-03-10.log"
        Fixtures.write(Self.lines(0..<100), to: path)
        let before = try Self.progress(path, scannedLines: 100)
        #expect(rename(path, rotated) == 0)
        let plan = ResumePoint.plan(for: try #require(FileFingerprint(path: rotated)), known: [before])
        #expect(plan.offset == before.offset)
        #expect(plan.lines == 100)
        #expect(plan.note?.contains("rotated") == true)
    }

    @Test func aCopyWithTheSameHeadWhileTheOriginalStaysIsADifferentFile() throws {
        let directory = Fixtures.temporaryDirectory()
        let path = directory + "/app.log"
        let other = directory + "/other.log"
        let text = Self.lines(0..<100)
        Fixtures.write(text, to: path)
        let before = try Self.progress(path, scannedLines: 100)
        Fixtures.write(text + Self.lines(100..<120), to: other)
        let plan = ResumePoint.plan(for: try #require(FileFingerprint(path: other)), known: [before])
        #expect(plan == ResumePoint(offset: 0, lines: 0))
    }

    @Test func aShortHeadIsNotTrustedForRotation() throws {
        let directory = Fixtures.temporaryDirectory()
        let path = directory + "/app.log"
        let rotated = directory + "/app.log.1"
        Fixtures.write(Self.lines(0..<3), to: path)
        let before = try Self.progress(path, scannedLines: 3)
        #expect(rename(path, rotated) == 0)
        let plan = ResumePoint.plan(for: try #require(FileFingerprint(path: rotated)), known: [before])
        #expect(plan == ResumePoint(offset: 0, lines: 0))
    }

    @Test func completeSizeStopsAtTheLastNewline() throws {
        let directory = Fixtures.temporaryDirectory()
        let path = directory + "/partial.log"
        Fixtures.write("first\nsecond\nstill being writ", to: path)
        let file = try #require(FileFingerprint(path: path))
        #expect(file.size == 29)
        #expect(file.completeSize == 13)
        #expect(!file.isCompressed)

        Fixtures.write("no newline at all", to: path)
        #expect(FileFingerprint(path: path)?.completeSize == 0)

        Fixtures.write("ends cleanly\n", to: path)
        #expect(FileFingerprint(path: path)?.completeSize == 13)

        // The last newline more than one read chunk (64 KiB) before the end.
        Fixtures.write("line one\n" + String(repeating: "z", count: 100_000), to: path)
        let long = try #require(FileFingerprint(path: path))
        #expect(long.size == 100_009)
        #expect(long.completeSize == 9)
    }

    @Test func notARegularFileHasNoFingerprint() {
        let directory = Fixtures.temporaryDirectory()
        #expect(FileFingerprint(path: directory) == nil)
        #expect(FileFingerprint(path: directory + "/missing.log") == nil)
    }
}
