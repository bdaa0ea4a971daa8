import Testing

@testable import LogTriageCore

/// What a service logs right before and after a problem's records, time and again, goes with the problem.
struct NeighbourTrackerTests {
    private func neighbours(_ lines: [String], of prefix: String) throws -> [Neighbour] {
        let problems = ScanLog.problems(lines.joined(separator: "\n"))
        let template = try #require(problems.templates.first { $0.text.hasPrefix(prefix) }, "\(problems.templates.map(\.text))")
        return template.neighbours
    }

    /// A busy stream of requests, with `insert` lines placed at the given seconds.
    private func traffic(_ seconds: ClosedRange<Int>, skipping: Set<Int> = []) -> [String] {
        seconds.filter { !skipping.contains($0) }.map { ScanLog.line($0, "api.http", "INFO", "Handled GET /items/\($0) in 12 ms") }
    }

    @Test func aStepLoggedBeforeEveryFailureIsItsNeighbour() throws {
        var lines: [String] = []
        for start in [0, 100, 200] {
            lines += traffic(start...(start + 40))
            lines.append(ScanLog.line(start + 50, "sync.worker", "INFO", "Starting sync of mailbox archive"))
            lines.append(ScanLog.line(start + 50, "sync.worker", "WARNING", "Sync aborted, quota exceeded for archive"))
        }
        let found = try neighbours(lines, of: "Sync aborted")
        let step = try #require(found.first { $0.template.hasPrefix("Starting sync") }, "\(found)")
        #expect(step.side == .before)
        #expect(step.together == 3 && step.count == 3)
        #expect(!found.contains { $0.template.hasPrefix("Handled GET") }, "traffic stands next to everything")
    }

    /// Next to a failure once is chance, unless the two name one thing (here the endpoint it could not reach).
    @Test func aOneOffNeighbourMustNameWhatFailed() throws {
        var lines = traffic(0...20)
        for second in 21...24 {
            lines.append(ScanLog.line(second, "queue.consumer", "ERROR", "Cannot connect to redis://cache:6379/0, retrying"))
        }
        lines.append(ScanLog.line(26, "queue.consumer", "INFO", "Connected to redis://cache:6379/0"))
        lines.append(ScanLog.line(27, "queue.consumer", "INFO", "Loaded 12 task definitions"))
        lines += traffic(30...60)
        let found = try neighbours(lines, of: "Cannot connect")
        #expect(found.map(\.template) == ["Connected to <url>"], "\(found)")
        #expect(found.first?.side == .after)
    }

    /// What a failure that happened once did next is all there is to see of it: a shutdown, a restart.
    @Test func theStepAfterAOneOffFailureIsItsNeighbour() throws {
        var lines = traffic(0...30)
        lines.append(ScanLog.line(31, "app.main", "CRITICAL", "Worker pool crashed, exiting"))
        lines.append(ScanLog.line(33, "app.main", "INFO", "Saving state before stop"))
        lines += traffic(40...70)
        let found = try neighbours(lines, of: "Worker pool crashed")
        #expect(found.map(\.template) == ["Saving state before stop"], "\(found)")
    }

    /// Another container of a capture is another stream: its lines are no neighbours, however close in time.
    @Test func anotherServiceIsAnotherStream() throws {
        var lines: [String] = []
        for start in [0, 100, 200] {
            lines += traffic((start + 10)...(start + 40)).map { "web-1     | " + $0 }
            lines.append("web-1     | " + ScanLog.line(start, "web.app", "ERROR", "Render failed for dashboard widget"))
            lines.append("cron-1    | " + ScanLog.line(start, "cron.jobs", "INFO", "Nightly cleanup removed stale sessions"))
            lines.append("web-1     | " + ScanLog.line(start + 1, "web.app", "INFO", "Fallback layout served for dashboard"))
        }
        let found = try neighbours(lines, of: "Render failed")
        #expect(found.map(\.template) == ["Fallback layout served for dashboard"], "\(found)")
    }

    /// The matcher places a neighbour's records with the issue, and nothing else that is not a problem.
    @Test func theMatcherPlacesNeighboursWithTheirIssue() throws {
        var lines: [String] = []
        for start in [0, 100] {
            lines.append(ScanLog.line(start, "sync.worker", "INFO", "Starting sync of mailbox archive"))
            lines.append(ScanLog.line(start, "sync.worker", "WARNING", "Sync aborted, quota exceeded for archive"))
            lines += (5...14).map { ScanLog.line(start + $0, "api.http", "INFO", "Handled GET /items in 12 ms") }
        }
        let text = lines.joined(separator: "\n")
        let (problems, miner) = ScanLog.mined(text)
        let failure = try #require(problems.templates.first)
        let issue = TrackerIssue(number: 4, title: "Sync aborted", signatures: [Signature(id: failure.id, template: failure.text)])
        let matcher = IssueMatcher(issues: [issue], facts: [failure.id: failure.facts])
        let placed = RecordReader().records(in: text, name: "app.log").map { record in
            matcher.issue(of: record, templateID: miner.match(record.signatureText).map { miner.identity($0).id })
        }
        let quiet = [Int?](repeating: nil, count: 10)
        #expect(placed == [4, 4] + quiet + [4, 4] + quiet)
    }

    /// The line right before a failure that names the same thing (the plugin being started) is placed with the
    /// failure's issue, even once; lines about other things, or long before, are not. Records keep their order.
    @Test func theLineBeforeAFailureNamingTheSameThingIsItsContext() throws {
        let lines = [
            ScanLog.line(0, "plugins", "INFO", "Starting plugin report-exporter"),
            ScanLog.line(0, "plugins", "INFO", "Starting plugin audit-trail"),
            ScanLog.line(1, "plugins", "WARNING", "Plugin 'report-exporter@1.3.0' requires core >=2.20, and you have 2.19"),
            ScanLog.line(60, "plugins", "INFO", "Starting plugin billing-sync"),
            ScanLog.line(70, "plugins", "WARNING", "Plugin 'billing-sync@2.0.1' requires core >=2.20, and you have 2.19"),
        ]
        let text = lines.joined(separator: "\n")
        let (problems, miner) = ScanLog.mined(text)
        let failure = try #require(problems.templates.first)
        let issue = TrackerIssue(number: 2, title: "Plugin requires", signatures: [Signature(id: failure.id, template: failure.text)])
        var session = IssueMatchSession(IssueMatcher(issues: [issue]))
        var matches: [IssueMatchSession.Match] = []
        for record in RecordReader().records(in: text, name: "app.log") {
            matches += session.add(record, templateID: miner.match(record.signatureText).map { miner.identity($0).id })
        }
        matches += session.finish()
        #expect(matches.map(\.record.lineStart) == [1, 2, 3, 4, 5])
        #expect(matches.map(\.issue) == [2, nil, 2, nil, 2], "\(matches.map(\.issue))")
        #expect(IssueMatchSession.identifiers(in: "Plugin 'report-exporter@1.3.0' requires core") == ["report-exporter"])
    }
}
