import Testing

@testable import LogTriageCore

/// Causal edges on synthetic timelines: each template its own issue, so the graph shows what follows what.
struct CausalGraphTests {
    /// One issue per problem template, numbered in order of first appearance.
    static func graph(_ lines: [String]) -> (CausalGraph, [String: Int], ProblemSet) {
        let problems = ScanLog.problems(lines.joined(separator: "\n"))
        let templates = problems.templates.sorted { ($0.stats.firstSeen ?? Timestamp(millisecondsSinceEpoch: 0)) < ($1.stats.firstSeen ?? Timestamp(millisecondsSinceEpoch: 0)) }
        var numbers: [String: Int] = [:]
        var issues: [TrackerIssue] = []
        for (index, template) in templates.enumerated() {
            numbers[template.text] = index + 1
            issues.append(
                TrackerIssue(
                    number: index + 1, title: template.text,
                    signatures: [Signature(id: template.id, template: template.text, count: template.stats.count)],
                    occurrences: Occurrences(
                        count: template.stats.count, firstSeen: template.stats.firstSeen, lastSeen: template.stats.lastSeen)))
        }
        return (CausalGraph(issues: issues, timelines: problems.cooccurrence), numbers, problems)
    }

    static func number(_ numbers: [String: Int], _ prefix: String) throws -> Int {
        try #require(numbers.first { $0.key.hasPrefix(prefix) }?.value, "no template \(prefix)…")
    }

    /// A log without times keeps line order as its clock: a failure that always comes a few lines after another,
    /// with traffic between the bursts, is its effect, and the lag is told in lines.
    @Test func withoutTimesLineOrderIsTheClock() throws {
        var lines: [String] = []
        for _ in 0..<4 {
            lines += Array(repeating: #"{"level":"info","message":"Handled GET /api/items"}"#, count: 80)
            lines.append(#"{"level":"error","message":"Mail delivery failed","error":"connect ETIMEDOUT 10.0.0.9:587"}"#)
            lines.append(#"{"level":"info","message":"Handled GET /api/items"}"#)
            lines.append(#"{"level":"error","message":"Job queue stalled","queue":"mail"}"#)
        }
        let (graph, numbers, _) = Self.graph(lines)
        let mail = try Self.number(numbers, "Mail delivery")
        let stalled = try Self.number(numbers, "Job queue")
        let link = try #require(graph.links.first { $0.cause == mail && $0.effect == stalled }, "\(graph.links)")
        #expect(link.count == 4)
        #expect(link.evidence.contains("2 lines later"), "\(link.evidence)")
    }

    @Test func aFailureThatAlwaysFollowsAnotherIsItsEffect() throws {
        var lines: [String] = []
        // Six outages an hour apart: the database goes, then order lookups fail half a second later.
        for hour in 0..<6 {
            let t = hour * 3600
            lines.append(ScanLog.line(t, "app.db", "ERROR", "Database connection refused (host=db-\(hour)a)"))
            lines.append(ScanLog.line(t, "app.db", "ERROR", "Database connection refused (host=db-\(hour)b)"))
            lines.append(ScanLog.line(t + 1, "app.orders", "ERROR", "Order lookup failed for order \(1000 + hour)"))
        }
        let (graph, numbers, _) = Self.graph(lines)
        let database = try Self.number(numbers, "Database connection refused")
        let orders = try Self.number(numbers, "Order lookup failed")
        #expect(graph.links.count == 1)
        let link = try #require(graph.links.first)
        #expect(link.cause == database && link.effect == orders)
        #expect(link.count == 6 && link.effectEpisodes == 6)
        #expect(link.meanLag == 1000)
        #expect(link.chance != nil, "six hours is long enough to measure chance")
        #expect(link.evidence.hasPrefix("6 of 6 episodes, typical lag 1 s"))
        #expect(graph.roots(of: orders, firstSeen: [:]) == [database])
    }

    /// Failures that end with the same underlying error while the first still fails share its cause: the one that
    /// showed it first leads; a generic tail (`connection refused`) ties nothing, nor does the same error much later.
    @Test func aSharedUnderlyingErrorLinksIssuesInTimeOrder() throws {
        #expect(CausalGraph.underlyingError("Index error for repo <num>: write <path>: no space left on device")
            == "no space left on device")
        #expect(CausalGraph.underlyingError("Upload failed: dial tcp <ip>: connection refused") == nil)
        #expect(CausalGraph.underlyingError("Upload failed for <*>: quota of <num> exceeded on volume") == nil)
        let lines = [
            ScanLog.line(0, "app.uploads", "ERROR", "Storing upload 17 failed: write /data/tmp/17: No space left on device"),
            ScanLog.line(5400, "app.search", "ERROR", "Index update for repo 4 failed: write /data/index/4: no space left on device"),
            ScanLog.line(6000, "app.uploads", "ERROR", "Storing upload 18 failed: write /data/tmp/18: No space left on device"),
            // the same words a day later, once the first had stopped: another time the disk filled, not this one
            ScanLog.line(50000, "app.thumbs", "ERROR", "Thumbnail for image 3 failed: write /data/thumbs/3: no space left on device"),
            ScanLog.line(9000, "app.mail", "ERROR", "Mail relay refused the message: dial tcp 10.0.0.3:25: connection refused"),
            ScanLog.line(9600, "app.hooks", "ERROR", "Webhook 3 failed: dial tcp 10.0.0.9:443: connection refused"),
        ]
        let (graph, numbers, _) = Self.graph(lines)
        let uploads = try Self.number(numbers, "Storing upload")
        let search = try Self.number(numbers, "Index update")
        #expect(graph.links.count == 1, "\(graph.links)")
        let link = try #require(graph.links.first)
        #expect(link.cause == uploads && link.effect == search)
        #expect(link.evidence.contains("`no space left on device`"))
    }

    /// A full disk stays full: a failure that says so otherwise (`ENOSPC`), minutes after the first one stopped,
    /// follows it; the same well over an hour later does not.
    @Test func aFullDiskLinksFailuresThatSayItOtherwise() throws {
        let lines = [
            ScanLog.line(0, "backup", "ERROR", "gzip: stdout: No space left on device"),
            ScanLog.line(180, "app.uploads", "ERROR", "Upload 7 failed: ENOSPC: no space left on device, copyfile '/tmp/a' -> '/data/a'"),
            ScanLog.line(5000, "app.thumbs", "ERROR", "Thumbnail 3 failed: disk full"),
        ]
        let (graph, numbers, _) = Self.graph(lines)
        let backup = try Self.number(numbers, "gzip")
        let uploads = try Self.number(numbers, "Upload")
        #expect(graph.links.map { [$0.cause, $0.effect] } == [[backup, uploads]], "\(graph.links)")
    }

    /// An issue seen once, `seconds` after the epoch.
    static func issue(_ number: Int, _ template: String, at seconds: Int64) -> TrackerIssue {
        let time = Timestamp(millisecondsSinceEpoch: seconds * 1000)
        return TrackerIssue(
            number: number, title: template,
            signatures: [Signature(id: "s\(number)", template: template, count: 1, firstSeen: time, lastSeen: time)],
            occurrences: Occurrences(count: 1, firstSeen: time, lastSeen: time))
    }

    /// A process that crashed once leaves its clients with nobody to reach: what could not connect right after the
    /// crash (or in the same second, stamped earlier) is its effect; what failed long after, or failed otherwise, is not.
    @Test func whatCouldNotReachACrashedProcessIsItsEffect() throws {
        let crash = Self.issue(1, "panic: runtime error: invalid memory address or nil pointer dereference", at: 100)
        let refused = Self.issue(2, "connect() failed (111: Connection refused) while connecting to upstream", at: 100)
        let later = Self.issue(3, "dial tcp <ip>: connection refused", at: 400)
        let other = Self.issue(4, "Template render failed", at: 101)
        let crashTime = Timestamp(millisecondsSinceEpoch: 100_400)
        let graph = CausalGraph(issues: [crash, refused, later, other], timelines: Cooccurrence())
            .addingCrashLinks([1: [crashTime]], unavailable: [2, 3], issues: [crash, refused, later, other])
        #expect(graph.links.map { [$0.cause, $0.effect] } == [[1, 2]])
        #expect(graph.links.first?.evidence == "time order: it began 0 ms after Issue 1 crashed its process")
        #expect(graph.roots(of: 2, firstSeen: [:]) == [1])
    }

    /// A database that restarts and finds it crashed was down before it said so: what could not reach it in the
    /// minutes before (or right after) is its effect; a failure that began long before had a cause of its own.
    @Test func whatFailedWhileAKilledProcessWasDownIsItsEffect() throws {
        let recovery = Self.issue(1, "InnoDB: Starting crash recovery from checkpoint LSN=<num>", at: 1_000)
        let unreachable = Self.issue(2, "SQLSTATE[HY000] [2002] Connection refused", at: 996)
        let before = Self.issue(3, "getaddrinfo for db failed: Name or service not known", at: 100)
        let graph = CausalGraph(issues: [recovery, unreachable, before], timelines: Cooccurrence())
            .addingStopLinks([1: [recovery.occurrences.firstSeen!]], unavailable: [2, 3], issues: [recovery, unreachable, before])
        #expect(graph.links.map { [$0.cause, $0.effect] } == [[1, 2]])
        #expect(graph.links.first?.evidence == "time order: it began 4 s before Issue 1 shows its process stopped without shutting down")
        #expect(FailureSignals(message: recovery.title).uncleanStop == "crash recovery")
        #expect(FailureSignals(message: "db-1 exited with code 137").uncleanStop != nil)
        #expect(FailureSignals(message: "db-1 exited with code 0").uncleanStop == nil)
    }

    /// Requests failing only while a dependency was gone are that outage's symptom, even seen once; an outage that
    /// lasts most of the capture explains nothing by being under way, nor does one that ended long before.
    @Test func failedResponsesDuringAnOutageAreItsEffect() throws {
        func issue(_ number: Int, _ template: String, from start: Int64, to end: Int64) -> TrackerIssue {
            TrackerIssue(
                number: number, title: template, signatures: [Signature(id: "s\(number)", template: template, count: 3)],
                occurrences: Occurrences(
                    count: 3, firstSeen: Timestamp(millisecondsSinceEpoch: start * 1000), lastSeen: Timestamp(millisecondsSinceEpoch: end * 1000)))
        }
        let outage = issue(1, "Failed to obtain database connection: Connection refused", from: 1000, to: 1025)
        let health = issue(2, "GET /health HTTP/1.1 <num> — server error: Service Unavailable", from: 1002, to: 1022)
        let always = issue(3, "Cache unreachable: timed out", from: 0, to: 3600)
        let later = issue(4, "POST /orders HTTP/1.1 <num> — server error: Internal Server Error", from: 2000, to: 2010)
        let issues = [outage, health, always, later]
        let period = Timestamp(millisecondsSinceEpoch: 0)...Timestamp(millisecondsSinceEpoch: 3_600_000)
        let graph = CausalGraph(issues: issues, timelines: Cooccurrence())
            .addingOutageLinks([1, 3], responses: [2, 4], issues: issues, period: period)
        #expect(graph.links.map { [$0.cause, $0.effect] } == [[1, 2]])
        #expect(graph.links.first?.evidence == "time order: its failed responses all came during Issue 1, 2 s after it began")
    }

    @Test func aFailureNextToSomethingThatIsAlwaysOnIsCoincidence() throws {
        var lines: [String] = []
        // A warning every 20 s for two hours; a payment error three times in that stretch.
        for step in 0..<360 {
            lines.append(ScanLog.line(step * 20, "app.cache", "WARNING", "Cache miss ratio above threshold"))
        }
        for minute in [17, 53, 95] {
            lines.append(ScanLog.line(minute * 60 + 5, "app.payments", "ERROR", "Card declined by issuer for order \(minute)"))
        }
        lines.sort()
        let (graph, numbers, problems) = Self.graph(lines)
        let cache = try Self.number(numbers, "Cache miss ratio")
        let card = try Self.number(numbers, "Card declined")
        // Every decline came while the warning was going on…
        let cacheID = try #require(problems.templates.first { $0.text.hasPrefix("Cache miss") }?.id)
        let cardID = try #require(problems.templates.first { $0.text.hasPrefix("Card declined") }?.id)
        #expect(problems.cooccurrence.follows[Cooccurrence.Pair(from: cacheID, to: cardID)]?.count == 3)
        // …but the warning covers the whole timeline, so that says nothing.
        #expect(graph.causes(of: card).isEmpty)
        #expect(graph.effects(of: cache).isEmpty)
    }

    @Test func independentChainsStayApart() throws {
        var lines: [String] = []
        for round in 0..<4 {
            let t = round * 1800
            lines.append(ScanLog.line(t, "app.auth", "ERROR", "JWKS fetch failed from identity provider"))
            lines.append(ScanLog.line(t + 2, "app.api", "WARNING", "Rejected request without valid token"))
            lines.append(ScanLog.line(t + 900, "app.mail", "ERROR", "SMTP login failed for relay"))
            lines.append(ScanLog.line(t + 901, "app.orders", "WARNING", "Order confirmation not sent"))
        }
        let (graph, numbers, _) = Self.graph(lines)
        let jwks = try Self.number(numbers, "JWKS fetch failed")
        let rejected = try Self.number(numbers, "Rejected request")
        let smtp = try Self.number(numbers, "SMTP login failed")
        let confirmation = try Self.number(numbers, "Order confirmation")
        #expect(Set(graph.links.map { [$0.cause, $0.effect] }) == [[jwks, rejected], [smtp, confirmation]])
        let chains = graph.chains(firstSeen: [:])
        #expect(chains.map(Set.init) == [[jwks, rejected], [smtp, confirmation]])
    }

    @Test func aPairSeenOnceIsNotYetAChain() throws {
        let lines = [
            ScanLog.line(0, "app.db", "ERROR", "Database connection refused"),
            ScanLog.line(1, "app.orders", "ERROR", "Order lookup failed"),
            ScanLog.line(400, "app.orders", "ERROR", "Order lookup failed"),
        ]
        let (graph, _, _) = Self.graph(lines)
        #expect(graph.links.isEmpty, "one of two episodes followed, once")
    }

    @Test func theDirectionIsWhatUsuallyComesFirst() throws {
        var lines: [String] = []
        for round in 0..<4 {
            let t = round * 1200
            // Three times the broker goes first; once the worker's heartbeat is lost first.
            let (first, second) = round == 3 ? ("Worker heartbeat lost", "Queue broker unreachable") : ("Queue broker unreachable", "Worker heartbeat lost")
            lines.append(ScanLog.line(t, "app.queue", "ERROR", first))
            lines.append(ScanLog.line(t + 3, "app.queue", "ERROR", second))
        }
        let (graph, numbers, _) = Self.graph(lines)
        let broker = try Self.number(numbers, "Queue broker")
        let worker = try Self.number(numbers, "Worker heartbeat")
        #expect(graph.links.map(\.cause) == [broker])
        #expect(graph.links.map(\.effect) == [worker])
        #expect(graph.links.first?.count == 3)
        #expect(graph.links.first?.meanLag == 3000)
    }
}
