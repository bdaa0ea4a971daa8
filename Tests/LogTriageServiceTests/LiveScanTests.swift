import Foundation
import LogTriageCore
import LogTriageStore
import Synchronization
import Testing

@testable import LogTriageService

/// Several intakes into one tracker: what is acknowledged is stored, nothing twice, changes are announced.
struct LiveScanTests {
    let db: String

    init() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("logtriage-live-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        db = directory.appendingPathComponent("tracker.sqlite").path
    }

    static func records(_ count: Int, message: String, from second: Int = 0, level: String = "ERROR") -> [LogRecord] {
        let text = (0..<count).map { index in
            String(format: "2026-03-10 10:%02d:%02d,000 %@ app.db: %@\n", (second + index) / 60 % 60, (second + index) % 60, level, message)
        }.joined()
        return RecordReader().records(in: text, name: "intake")
    }

    final class Changes: Sendable {
        let seen = Mutex<[ScanChange]>([])
        func add(_ change: ScanChange) { seen.withLock { $0.append(change) } }
        var all: [ScanChange] { seen.withLock { $0 } }
    }

    func live(_ changes: Changes, configure: (inout LiveScan.Configuration) -> Void = { _ in }) throws -> (LiveScan, SQLiteTrackerStore) {
        let store = try SQLiteTrackerStore(path: db)
        var configuration = LiveScan.Configuration()
        configure(&configuration)
        let scan = try ScanService(store: store)
        return (LiveScan(scan: scan, analyser: TrackerAnalyser(), configuration: configuration) { changes.add($0) }, store)
    }

    @Test func concurrentSubmissionsAreEachStoredOnce() async throws {
        let changes = Changes()
        let (live, store) = try live(changes)
        let runner = Task { await live.run() }
        try await withThrowingTaskGroup(of: Void.self) { group in
            for client in 0..<8 {
                group.addTask {
                    for batch in 0..<5 {
                        try await live.submit(Self.records(10, message: "connection refused", from: client * 50 + batch * 10), source: "client-\(client)")
                    }
                }
            }
            try await group.waitForAll()
        }
        runner.cancel()
        await runner.value
        let document = try store.document()
        #expect(document.issues.count == 1)
        #expect(document.issues.first?.occurrences.count == 400)
        #expect(await live.committedRecords == 400)
        #expect(changes.all.filter { if case .opened = $0 { true } else { false } }.count == 1)
    }

    @Test func anIssueIsAnnouncedWhenItOpensAndWhenItDoubles() async throws {
        let changes = Changes()
        let (live, _) = try live(changes)
        let runner = Task { await live.run() }
        try await live.submit(Self.records(3, message: "disk full on /var/lib/data"), source: "a")
        try await live.submit(Self.records(2, message: "disk full on /var/lib/data", from: 10), source: "a")
        try await live.submit(Self.records(1, message: "disk full on /var/lib/data", from: 20), source: "a")
        runner.cancel()
        await runner.value
        let all = changes.all
        guard all.count == 2, case .opened(let issue, _, let count) = all[0], case .grew(_, _, let from, let to) = all[1] else {
            Issue.record("unexpected changes: \(all)")
            return
        }
        #expect(issue == 1)
        #expect(count == 3)
        #expect(from == 3 && to == 6)
        #expect(all[0].line.hasPrefix("NEW"))
    }

    /// Without commits catching up, a submission past the limit is refused rather than queued without bound.
    @Test func aFullQueueRefusesWithRetryAfter() async throws {
        let changes = Changes()
        let (live, store) = try live(changes) { $0.maxPendingRecords = 15 }
        let first = Task { try await live.submit(Self.records(10, message: "timeout"), source: "a") }
        while await live.pendingRecords == 0 { await Task.yield() }
        await #expect(throws: LiveScanError.busy(retryAfter: 1)) {
            try await live.submit(Self.records(10, message: "timeout", from: 30), source: "b")
        }
        await live.stop()
        try await first.value
        #expect(try store.document().issues.first?.occurrences.count == 10)
        await #expect(throws: LiveScanError.stopped) { try await live.submit([], source: "c") }
    }
}
