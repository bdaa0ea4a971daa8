import Testing

@testable import LogTriageCore

/// Small Python-logging logs, written line by line, scanned the way `logtriage scan` does:
/// reader → miner → collector.
enum ScanLog {
    /// `2026-03-10 HH:MM:SS,mmm` for `seconds` after 09:00:00.
    static func stamp(_ seconds: Int, millis: Int = 0) -> String {
        let total = 9 * 3600 + seconds
        func two(_ n: Int) -> String { n < 10 ? "0\(n)" : "\(n)" }
        let ms = millis < 10 ? "00\(millis)" : millis < 100 ? "0\(millis)" : "\(millis)"
        return "2026-03-10 \(two(total / 3600)):\(two(total / 60 % 60)):\(two(total % 60)),\(ms)"
    }

    static func time(_ seconds: Int) -> Timestamp {
        Timestamp(millisecondsSinceEpoch: Timestamp(year: 2026, month: 3, day: 10, hour: 9).millisecondsSinceEpoch + Int64(seconds) * 1000)
    }

    /// One Python logging line (`%(asctime)s - %(name)s - %(levelname)s - %(message)s`).
    static func line(_ seconds: Int, _ logger: String, _ level: String, _ message: String) -> String {
        "\(stamp(seconds)) - \(logger) - \(level) - \(message)"
    }

    static func problems(_ text: String, file: String = "app.log") -> ProblemSet {
        mined(text, file: file).problems
    }

    /// The problems, and the miner that learned the log's templates (to match its records afterwards).
    static func mined(_ text: String, file: String = "app.log") -> (problems: ProblemSet, miner: TemplateMiner) {
        let miner = TemplateMiner()
        var collector = ProblemCollector()
        for record in RecordReader().records(in: text, name: file) {
            let ref = miner.add(record.signatureText, time: record.time)
            collector.add(record, ref: ref)
        }
        return (collector.finish(miner: miner), miner)
    }
}

struct IssueGrouperTests {
    private func template(_ problems: ProblemSet, _ prefix: String) throws -> ProblemTemplate {
        let matches = problems.templates.filter { $0.text.hasPrefix(prefix) }
        try #require(matches.count == 1, "templates: \(problems.templates.map(\.text))")
        return matches[0]
    }

    private func placement(_ placements: [IssueGrouper.Placement], _ template: ProblemTemplate) throws -> IssueGrouper.Placement {
        try #require(placements.first { $0.id == template.id }, "no placement for `\(template.text)`")
    }

    // MARK: - Joined

    @Test func twoMessagesOfOneLoggerThatFireTogetherAreOneIssue() throws {
        var lines: [String] = []
        // Four requests, five minutes apart (well beyond the cascade window).
        for (request, user) in ["u_1", "u_2", "u_3", "u_4"].enumerated() {
            let t = request * 300
            lines.append(ScanLog.line(t, "shop.middleware.auth", "WARNING", "JWKS lookup missed key kid-\(request)abc"))
            lines.append(ScanLog.line(t + 1, "shop.middleware.auth", "ERROR", "Rejecting bearer token (user=\(user))"))
        }
        let problems = ScanLog.problems(lines.joined(separator: "\n"))
        #expect(problems.templates.count == 2)
        let lookup = try template(problems, "JWKS lookup")
        let rejecting = try template(problems, "Rejecting bearer token")

        let placements = IssueGrouper().place(problems, existing: [:])
        #expect(placements.count == 2)
        let first = try placement(placements, lookup)
        let second = try placement(placements, rejecting)
        #expect(first.target == .new(0))
        #expect(second.target == .new(0))
        // The earliest signature is the main one; the other says what tied it.
        #expect(first.reason == "main signature")
        #expect(second.reason.contains("fires with `\(lookup.text)`"), "\(second.reason)")
        #expect(second.reason.contains("every time"), "\(second.reason)")
        #expect(second.reason.contains("same logger `shop.middleware.auth`"), "\(second.reason)")
    }

    /// An entrypoint that says an error may be ignored, quoting it, and the error another service then logs: one
    /// expected error. An unrelated warning of that service stays apart.
    @Test func anErrorAMessageSaysToIgnoreIsOneIssueWithIt() throws {
        let lines = [
            "app-1  | " + ScanLog.line(0, "entrypoint", "WARNING", "Waiting for the database. You may see an error about a 'dropped handshake', this is normal."),
            "db-1   | " + ScanLog.line(4, "server", "WARNING", "Dropped handshake 3 from 172.19.0.3 (closed before authentication)"),
            "db-1   | " + ScanLog.line(600, "server", "WARNING", "Buffer pool size below the recommended minimum"),
        ]
        let problems = ScanLog.problems(lines.joined(separator: "\n"))
        let excuse = try template(problems, "Waiting for the database")
        let error = try template(problems, "Dropped handshake")
        let other = try template(problems, "Buffer pool")
        let placements = IssueGrouper().place(problems, existing: [:])
        #expect(try placement(placements, excuse).target == placement(placements, error).target)
        #expect(try placement(placements, other).target != placement(placements, error).target)
        #expect(IssueGrouper.excusedError("You can safely ignore the error about the `server name`.") == "server name")
        #expect(IssueGrouper.excusedError("Received SIGTERM, 'graceful stop' begins") == nil, "a requested stop excuses nothing")
        #expect(IssueGrouper.excusedError("Error about a 'dropped handshake'") == nil, "no excuse")
    }

    /// The notices of a capture (a deprecation, an advice, a requested stop), whichever program printed them, are
    /// one issue; a warning that reports a failure stays apart.
    @Test func theNoticesOfALogAreOneIssue() throws {
        let lines = [
            "db-1   | " + ScanLog.line(0, "server", "WARNING", "The option '--skip-name-cache' is deprecated and will be removed in a future release."),
            "web-1  | " + ScanLog.line(300, "web.app", "WARNING", "DeprecationWarning: The `url.parse` function is deprecated."),
            "cron-1 | " + ScanLog.line(900, "backup", "WARNING", "Passing the password on the command line can be insecure."),
            "web-1  | " + ScanLog.line(1200, "web.server", "WARNING", "Received SIGTERM, shutting down"),
            "web-1  | " + ScanLog.line(1500, "web.app", "WARNING", "Upload failed: no space left on device"),
        ]
        let problems = ScanLog.problems(lines.joined(separator: "\n"))
        let placements = IssueGrouper().place(problems, existing: [:])
        let option = try placement(placements, template(problems, "The option"))
        #expect(try placement(placements, template(problems, "DeprecationWarning")).target == option.target)
        #expect(try placement(placements, template(problems, "Passing the password")).target == option.target)
        #expect(try placement(placements, template(problems, "Received SIGTERM")).target == option.target)
        #expect(try placement(placements, template(problems, "Upload failed")).target != option.target)
    }

    @Test func aCascadeTiedByATracebackThroughTheOtherModuleIsOneIssue() throws {
        var lines: [String] = []
        for request in 0..<4 {
            let t = request * 300
            lines.append(ScanLog.line(t, "shop.payments.client", "ERROR", "Gateway POST timed out after 30s (attempt 3)"))
            lines.append(ScanLog.line(t + 2, "shop.api.checkout", "ERROR", "Checkout aborted for order \(1842 + request)"))
            lines.append(
                """
                Traceback (most recent call last):
                  File "/srv/app/shop/api/checkout.py", line 88, in create_order
                    charge = client.charge(order)
                  File "/srv/app/shop/payments/client.py", line 41, in charge
                    raise GatewayTimeout(elapsed)
                shop.payments.client.GatewayTimeout: 30.0
                """)
        }
        let problems = ScanLog.problems(lines.joined(separator: "\n"))
        #expect(problems.templates.count == 2)
        let gateway = try template(problems, "Gateway POST")
        let checkout = try template(problems, "Checkout aborted")
        #expect(checkout.stats.exceptions == 4)
        #expect(checkout.stats.frameFiles.contains("/srv/app/shop/payments/client.py"))

        let placements = IssueGrouper().place(problems, existing: [:])
        let cause = try placement(placements, gateway)
        let effect = try placement(placements, checkout)
        #expect(cause.target == effect.target)
        #expect(cause.reason == "main signature")
        #expect(effect.reason.contains("the stack trace passes through `shop/payments/client`"), "\(effect.reason)")
    }

    @Test func theSameExceptionAtTheSameFramesFromTwoMessagesIsOneIssue() throws {
        let traceback = """
            Traceback (most recent call last):
              File "/srv/app/shop/workers/runner.py", line 12, in run
                job.execute()
              File "/srv/app/shop/orders/ledger.py", line 40, in post
                entry = self.accounts[account_id]
            KeyError: 'acct_9'
            """
        // Hours apart: they never fire together, so only the exception can tie them.
        let lines = [
            ScanLog.line(0, "shop.workers.nightly", "ERROR", "Nightly reconciliation job crashed"), traceback,
            ScanLog.line(3600, "shop.api.refunds", "ERROR", "Refund handler raised unexpectedly"), traceback,
        ]
        let problems = ScanLog.problems(lines.joined(separator: "\n"))
        let nightly = try template(problems, "Nightly reconciliation")
        let refund = try template(problems, "Refund handler")
        #expect(problems.cooccurrence.count(nightly.id, refund.id) == 0)

        let placements = IssueGrouper().place(problems, existing: [:])
        let main = try placement(placements, nightly)
        let joined = try placement(placements, refund)
        #expect(main.target == .new(0))
        #expect(joined.target == .new(0))
        #expect(joined.reason.hasPrefix("same exception"), "\(joined.reason)")
        #expect(joined.reason.contains("KeyError"), "\(joined.reason)")
    }

    @Test func aSharedValueJoinsTemplatesThatOftenFireTogether() throws {
        var lines: [String] = []
        for incident in 0..<4 {
            let t = incident * 600
            lines.append(ScanLog.line(t, "shop.llm.router", "ERROR", "Upstream https://models.example.net/v1/chat answered 404"))
            // Three incidents out of four: not every time, so only the shared value ties them.
            if incident < 3 {
                lines.append(ScanLog.line(t + 5, "shop.workflows", "WARNING", "Falling back after https://models.example.net/v1/chat"))
            }
        }
        let problems = ScanLog.problems(lines.joined(separator: "\n"))
        let upstream = try template(problems, "Upstream")
        let fallback = try template(problems, "Falling back")
        #expect(problems.cooccurrence.ratio(upstream.id, fallback.id) == 0.75)

        let placements = IssueGrouper().place(problems, existing: [:])
        #expect(try placement(placements, upstream).target == .new(0))
        let joined = try placement(placements, fallback)
        #expect(joined.target == .new(0))
        #expect(joined.reason.hasPrefix("shares the value `https://models.example.net/v1/chat`"), "\(joined.reason)")

        // Seldom together (one incident in four): the value alone does not join them.
        var seldom: [String] = []
        for incident in 0..<4 {
            let t = incident * 600
            seldom.append(ScanLog.line(t, "shop.llm.router", "ERROR", "Upstream https://models.example.net/v1/chat answered 404"))
            seldom.append(ScanLog.line(incident == 0 ? t + 5 : t + 300, "shop.workflows", "WARNING", "Falling back after https://models.example.net/v1/chat"))
        }
        let apart = ScanLog.problems(seldom.joined(separator: "\n"))
        #expect(Set(IssueGrouper().place(apart, existing: [:]).map(\.target)) == [.new(0), .new(1)])
    }

    // MARK: - Kept apart

    @Test func aSideEffectThatSharesNoContentIsItsOwnIssue() throws {
        var lines: [String] = []
        for request in 0..<5 {
            let t = request * 300
            lines.append(ScanLog.line(t, "shop.payments.client", "ERROR", "Gateway POST timed out after 30s"))
            // Always follows, a second later, but says nothing that ties it to the gateway.
            lines.append(ScanLog.line(t + 1, "shop.notify.mailer", "WARNING", "SMTP queue depth above threshold"))
        }
        let problems = ScanLog.problems(lines.joined(separator: "\n"))
        let gateway = try template(problems, "Gateway POST")
        let mailer = try template(problems, "SMTP queue")
        // They do fire together every time…
        #expect(problems.cooccurrence.ratio(gateway.id, mailer.id) == 1)
        #expect(problems.cooccurrence.ratio(mailer.id, gateway.id) == 1)

        // …but timing alone is no reason.
        let placements = IssueGrouper().place(problems, existing: [:])
        let a = try placement(placements, gateway)
        let b = try placement(placements, mailer)
        #expect(a.target == .new(0))
        #expect(b.target == .new(1))
        #expect(b.reason == "main signature")
    }

    @Test func unrelatedFailuresThatShareGenericWordsStayApart() throws {
        var lines: [String] = []
        for n in 0..<3 {
            lines.append(ScanLog.line(n * 600, "shop.db.pool", "ERROR", "Database connection failed: error 1205 (attempt \(n))"))
            lines.append(ScanLog.line(n * 600 + 300, "shop.cache.redis", "ERROR", "Cache refresh failed: error \(503 + n) (attempt \(n))"))
        }
        let problems = ScanLog.problems(lines.joined(separator: "\n"))
        let database = try template(problems, "Database connection")
        let cache = try template(problems, "Cache refresh")
        #expect(problems.cooccurrence.count(database.id, cache.id) == 0)

        let placements = IssueGrouper().place(problems, existing: [:])
        let a = try placement(placements, database)
        let b = try placement(placements, cache)
        #expect(a.target != b.target)
        #expect(Set([a.target, b.target]) == [.new(0), .new(1)])
    }

    @Test func aDistinctiveSharedWordWithoutCooccurrenceDoesNotJoin() throws {
        // `ledger` is distinctive, but the two never fire together: words alone never join.
        let lines = [
            ScanLog.line(0, "shop.orders", "ERROR", "Ledger balance mismatch on close"),
            ScanLog.line(1800, "shop.reports", "WARNING", "Export skipped stale ledger snapshot"),
        ]
        let problems = ScanLog.problems(lines.joined(separator: "\n"))
        let placements = IssueGrouper().place(problems, existing: [:])
        #expect(Set(placements.map(\.target)) == [.new(0), .new(1)])
    }

    /// Two startup warnings fire together at every start and both name the service: a word the rest of the log
    /// uses in many templates is its vocabulary, not a shared cause. The same word found nowhere else ties them.
    @Test func aWordTheWholeLogUsesDoesNotTieTwoFailures() throws {
        func log(chatter: Bool) -> String {
            var lines: [String] = []
            for start in 0..<3 {
                let t = start * 900
                if chatter {
                    for (n, step) in ["config loaded", "cache warm", "routes ready", "workers up"].enumerated() {
                        lines.append(ScanLog.line(t + n, "boot", "INFO", "kestrel \(step)"))
                    }
                }
                lines.append(ScanLog.line(t + 5, "boot.plugins", "WARNING", "Plugin legacy-export needs kestrel 3"))
                lines.append(ScanLog.line(t + 6, "boot.schema", "WARNING", "Annotation scan found old kestrel beans"))
            }
            return lines.joined(separator: "\n")
        }
        let quiet = ScanLog.problems(log(chatter: false))
        let quietTargets = Set(IssueGrouper().place(quiet, existing: [:]).map(\.target))
        #expect(quietTargets == [.new(0)], "the word is distinctive here")
        let busy = ScanLog.problems(log(chatter: true))
        #expect(busy.wordSpread["kestrel", default: 0] > IssueGrouper.maxWordSpread)
        let busyTargets = Set(IssueGrouper().place(busy, existing: [:]).map(\.target))
        #expect(busyTargets == [.new(0), .new(1)])
    }

    /// One statement seen with two values is one issue, even where the miner kept each value literal; a word in
    /// that place (a method, a verb) makes two messages.
    @Test func theSameMessageWithAnotherValueIsOneIssue() throws {
        let lines = [
            ScanLog.line(0, "web.icons", "WARNING", "Address of 'files.internal.example' is not public"),
            ScanLog.line(3600, "web.icons", "WARNING", "Address of 'nas.home.example' is not public"),
            ScanLog.line(7200, "web.http", "ERROR", "Upstream answered GET with nothing"),
            ScanLog.line(10800, "web.http", "ERROR", "Upstream answered POST with nothing"),
        ]
        let problems = ScanLog.problems(lines.joined(separator: "\n"))
        let first = try template(problems, "Address of 'files")
        let second = try template(problems, "Address of 'nas")
        let placements = IssueGrouper().place(problems, existing: [:])
        #expect(try placement(placements, first).target == placement(placements, second).target)
        #expect(try placement(placements, second).reason.contains("the same message as"))
        let get = try template(problems, "Upstream answered GET")
        let post = try template(problems, "Upstream answered POST")
        #expect(try placement(placements, get).target != placement(placements, post).target)
    }

    /// Lines logged once each in the same second tell one event; the same lines at every start-up do not.
    @Test func oneOffLinesAtTheSameMomentAreOneEvent() throws {
        // Lines without a logger: the moment is all that ties them.
        let once = [
            "2026-03-10 09:01:40 WARNING Site is now offline",
            "2026-03-10 09:01:40 WARNING Worker pool drained after 3 hours",
            "2026-03-10 10:06:40 ERROR Ledger export aborted",
            ScanLog.line(7200, "app.config", "ERROR", "Missing required setting MAIL_HOST"),
            ScanLog.line(7200, "dev.reloader", "WARNING", "Reloading after a file change"),
        ]
        let problems = ScanLog.problems(once.joined(separator: "\n"))
        let placements = IssueGrouper().place(problems, existing: [:])
        let offline = try placement(placements, try template(problems, "Site is now offline"))
        let drained = try placement(placements, try template(problems, "Worker pool drained"))
        let ledger = try placement(placements, try template(problems, "Ledger export"))
        #expect(offline.target == drained.target)
        #expect(drained.reason.contains("at the same moment") || offline.reason.contains("at the same moment"))
        #expect(ledger.target != offline.target)
        let setting = try placement(placements, try template(problems, "Missing required setting"))
        let reload = try placement(placements, try template(problems, "Reloading after"))
        #expect(setting.target != reload.target, "two loggers at one moment")

        var twice: [String] = []
        for start in [0, 3600] {
            twice.append(ScanLog.line(start, "boot", "WARNING", "Plugin cache is stale"))
            twice.append(ScanLog.line(start + 1, "db", "WARNING", "Replica lag above threshold"))
        }
        let recurring = ScanLog.problems(twice.joined(separator: "\n"))
        let apart = IssueGrouper().place(recurring, existing: [:])
        #expect(Set(apart.map(\.target)).count == 2)

        // A retry that gave up, told in two lines by one logger, each time it happened.
        var gaveUp: [String] = []
        for start in [0, 2400] {
            gaveUp.append(ScanLog.line(start, "mailer", "ERROR", "Batch \(start + 7) stopped retrying"))
            gaveUp.append(ScanLog.line(start + 1, "mailer", "ERROR", "Newsletter \(start + 3) not delivered to all members"))
        }
        let episodes = ScanLog.problems(gaveUp.joined(separator: "\n"))
        let together = IssueGrouper().place(episodes, existing: [:])
        #expect(Set(together.map(\.target)).count == 1, "\(together)")
    }

    /// Firing together in one episode is a coincidence as often as not: a shared logger alone does not join two
    /// messages seen together once, unless they began together; seen together every time, it does.
    @Test func oneEpisodeTogetherNeedsAStrongTie() throws {
        let once = [
            ScanLog.line(0, "app.worker", "ERROR", "Thumbnail queue stalled"),
            ScanLog.line(20, "app.worker", "ERROR", "Ledger sync gave up"),
            ScanLog.line(25, "app.worker", "ERROR", "Thumbnail queue stalled"),
            ScanLog.line(40, "app.worker", "ERROR", "Ledger sync gave up"),
        ]
        let single = ScanLog.problems(once.joined(separator: "\n"))
        #expect(Set(IssueGrouper().place(single, existing: [:]).map(\.target)).count == 2)

        // Two failures that began together are one incident starting, even seen once.
        let onset = [
            ScanLog.line(0, "app.worker", "ERROR", "Thumbnail queue stalled"),
            ScanLog.line(3, "app.worker", "ERROR", "Ledger sync gave up"),
            ScanLog.line(25, "app.worker", "ERROR", "Thumbnail queue stalled"),
            ScanLog.line(40, "app.worker", "ERROR", "Ledger sync gave up"),
        ]
        let incident = ScanLog.problems(onset.joined(separator: "\n"))
        #expect(Set(IssueGrouper().place(incident, existing: [:]).map(\.target)).count == 1)

        var repeated: [String] = []
        for start in stride(from: 0, to: 4 * 3600, by: 3600) {
            repeated.append(ScanLog.line(start, "app.worker", "ERROR", "Thumbnail queue stalled"))
            repeated.append(ScanLog.line(start + 20, "app.worker", "ERROR", "Ledger sync gave up"))
        }
        let recurring = ScanLog.problems(repeated.joined(separator: "\n"))
        #expect(Set(IssueGrouper().place(recurring, existing: [:]).map(\.target)).count == 1)
    }

    /// Without times, line order is the clock: two lines logged once, next to each other, are one event.
    @Test func untimedLinesNextToEachOtherAreOneEvent() throws {
        let lines = [
            "export: starting", "tar: write error: No space left on device", "export FAILED (exit 2) - partial archive left",
            "export: next run in 2h", "export: starting", "export: done", "rsync error: some files could not be transferred (code 23)",
        ]
        let problems = ScanLog.problems(lines.joined(separator: "\n"))
        let placements = IssueGrouper().place(problems, existing: [:])
        let tar = try placement(placements, try template(problems, "tar: write error"))
        let failed = try placement(placements, try template(problems, "export FAILED"))
        let rsync = try placement(placements, try template(problems, "rsync error"))
        #expect(tar.target == failed.target)
        #expect(rsync.target != tar.target)
    }

    /// Two failures naming the same network endpoint while they fire together are one dependency failing.
    @Test func failuresNamingOneEndpointTogetherAreOneIssue() throws {
        #expect(IssueGrouper.Features.endpoints(in: "Cannot connect to redis://:pw@cache-01:6379/0: Error 111 at 09:41:07")
            == ["cache-01:6379"])
        #expect(IssueGrouper.Features.endpoints(in: "took 09:41 min, see file.py:12 and 10.0.0.3:5432").isEmpty)
        // two secrets the scrubber replaced are not one value
        #expect(!IssueGrouper.Features.isDistinctiveValue("[REDACTED:secret]"))
        #expect(IssueGrouper.Features.isDistinctiveValue("billing-db"))
        var lines: [String] = []
        for start in stride(from: 0, to: 4 * 3600, by: 3600) {
            lines.append(ScanLog.line(start, "jobs.consumer", "ERROR", "Cannot connect to cache-01:6379, retrying"))
            lines.append(ScanLog.line(start + 3, "web.sessions", "WARNING", "Session store unreachable (Error 111 connecting to cache-01:6379)"))
            lines.append(ScanLog.line(start + 5, "web.orders", "ERROR", "Order query failed on db-main:5432"))
        }
        let problems = ScanLog.problems(lines.joined(separator: "\n"))
        let placements = IssueGrouper().place(problems, existing: [:])
        let consumer = try placement(placements, try template(problems, "Cannot connect to"))
        let sessions = try placement(placements, try template(problems, "Session store"))
        let orders = try placement(placements, try template(problems, "Order query"))
        #expect(consumer.target == sessions.target)
        #expect(sessions.reason.contains("cache-01:6379") || consumer.reason.contains("cache-01:6379"))
        #expect(orders.target != consumer.target)
    }

    /// Two clients failing to reach one endpoint in the same ten seconds, once, in processes the timelines cannot
    /// tie: the endpoint went away. Another endpoint failing later is another issue.
    @Test func clientsOfOneEndpointThatBeganTogetherAreOneIssue() throws {
        let lines = [
            #"{"time": "2025-09-15T08:00:02Z", "level": "error", "logger": "worker", "request_id": "t-1", "msg": "consumer: Cannot connect to redis://cache-01:6379/0: Connection refused."}"#,
            #"{"time": "2025-09-15T08:00:06Z", "level": "error", "logger": "web", "request_id": "r-9", "msg": "Session lookup failed: Error 111 connecting to cache-01:6379"}"#,
            #"{"time": "2025-09-15T08:00:40Z", "level": "error", "logger": "web", "request_id": "r-12", "msg": "Order query failed on db-main:5432"}"#,
        ]
        let problems = ScanLog.problems(lines.joined(separator: "\n"))
        let placements = IssueGrouper().place(problems, existing: [:])
        let consumer = try placement(placements, try template(problems, "consumer: Cannot connect"))
        let session = try placement(placements, try template(problems, "Session lookup"))
        let orders = try placement(placements, try template(problems, "Order query"))
        #expect(consumer.target == session.target)
        #expect(orders.target != consumer.target)
    }

    /// A task runner and the task's own logger reporting one exception at the same moments are one failure told
    /// twice; a failure that only shares the times is not, nor one that shares the text at other times.
    @Test func oneFailureReportedByTwoLayersIsOneIssue() throws {
        var lines: [String] = []
        for start in stride(from: 0, to: 3 * 600, by: 600) {
            let error = "SMTPAuthenticationError(535, b'5.7.8 relay refused the login of this account')"
            lines.append(ScanLog.line(start, "tasks.trace", "ERROR", "Task mail.send[\(start)] raised unexpected: \(error)"))
            lines.append(ScanLog.line(start, "app.tasks", "WARNING", "Task failure (exc: \(error))"))
            lines.append(ScanLog.line(start, "app.cache", "WARNING", "Cache warm-up skipped for tenant \(start)"))
        }
        let problems = ScanLog.problems(lines.joined(separator: "\n"))
        let placements = IssueGrouper().place(problems, existing: [:])
        let runner = try placement(placements, try template(problems, "Task mail.send"))
        let task = try placement(placements, try template(problems, "Task failure"))
        let cache = try placement(placements, try template(problems, "Cache warm-up"))
        #expect(runner.target == task.target)
        #expect((runner.reason + task.reason).contains("reported again at the same moments"))
        #expect(cache.target != runner.target)
        #expect(IssueGrouper.sharedRun("Task <*> failed: disk quota exceeded on volume", "Upload failed: disk quota exceeded on volume")
            == "failed: disk quota exceeded on volume")
        #expect(IssueGrouper.sharedRun("Job <num> failed after <num> retries", "Sync <num> failed after <num> retries") == nil)
        #expect(IssueGrouper.sharedRun("Error saving row. — details: [CAUSE] DbError(", "Sync failed — details: [CAUSE] DbError(", words: 3)
            == "— details: [CAUSE] DbError(")
    }

    /// Two services of a capture failing at the same moments and sharing a word are two stories; one service's
    /// two messages doing the same are one.
    @Test func acrossServicesAWordIsNoTie() throws {
        var lines: [String] = []
        for hour in 0..<3 {
            let t = "2025-09-15 0\(hour):00:0"
            lines.append("app-1  | [\(t)1,000] [ERROR] [auth] Rejected the access token of the nightly export")
            lines.append("db-1   | [\(t)2,000] [ERROR] [server] Access denied for the replication account")
            lines.append("app-1  | [\(t)3,000] [ERROR] [auth] Nightly export aborted: access token rejected")
        }
        let problems = ScanLog.problems(lines.joined(separator: "\n"))
        let placements = IssueGrouper().place(problems, existing: [:])
        let rejected = try placement(placements, try template(problems, "Rejected the access token"))
        let denied = try placement(placements, try template(problems, "Access denied"))
        let aborted = try placement(placements, try template(problems, "Nightly export aborted"))
        #expect(rejected.target == aborted.target)
        #expect(denied.target != rejected.target)
    }

    /// A failure to reach a host that is a container of the capture joins that container's own failure starting
    /// at the same time: the dependency failing, seen from both sides.
    @Test func aFailingDependencyInTheCaptureJoinsItsClientsFailures() throws {
        let lines = [
            "queue-1   | 1:M 15 Sep 2025 08:00:00.000 # Shutting down on request, saving state",
            "worker-1  | [2025-09-15 08:00:02,000: ERROR/MainProcess] consumer: Cannot connect to amqp://queue:5672//: Connection refused.",
            "cache-1   | 1:M 15 Sep 2025 08:00:03.000 # Background save took too long",
            "worker-1  | [2025-09-15 08:40:00,000: ERROR/MainProcess] Task report.render failed: template missing",
        ]
        let problems = ScanLog.problems(lines.joined(separator: "\n"))
        let placements = IssueGrouper().place(problems, existing: [:])
        let shutdown = try placement(placements, try template(problems, "Shutting down on request"))
        let consumer = try placement(placements, try template(problems, "consumer: Cannot connect"))
        let cache = try placement(placements, try template(problems, "Background save"))
        #expect(shutdown.target == consumer.target)
        #expect(consumer.reason.contains("`queue`") || shutdown.reason.contains("`queue`"))
        #expect(cache.target != consumer.target)
    }

    /// One statement that wraps different wordings of one kind of cause is one issue; another logger's message with
    /// the same words, a context too short to tell statements apart, or another kind of cause, is not.
    @Test func oneStatementWrappingDifferentCausesIsOneIssue() throws {
        #expect(IssueGrouper.wrappingContext("Unable to fetch avatar: connection reset by peer") == "Unable to fetch avatar")
        #expect(IssueGrouper.wrappingContext("Fetch failed: timeout") == nil)
        #expect(IssueGrouper.wrappingContext("Task <num> failed: timeout") == nil)
        let lines = [
            ScanLog.line(0, "app.avatars", "WARNING", "Unable to fetch avatar: connection reset by peer"),
            ScanLog.line(4000, "app.avatars", "WARNING", "Unable to fetch avatar: request timed out after 30 s"),
            ScanLog.line(8000, "app.banners", "WARNING", "Unable to fetch avatar: disk quota exceeded"),
            ScanLog.line(9000, "app.avatars", "WARNING", "Unable to fetch avatar: no space left on device"),
        ]
        let problems = ScanLog.problems(lines.joined(separator: "\n"))
        let placements = IssueGrouper().place(problems, existing: [:])
        let reset = try placement(placements, try template(problems, "Unable to fetch avatar: connection"))
        let timedOut = try placement(placements, try template(problems, "Unable to fetch avatar: request"))
        let quota = try placement(placements, try template(problems, "Unable to fetch avatar: disk"))
        let full = try placement(placements, try template(problems, "Unable to fetch avatar: no space"))
        #expect(reset.target == timedOut.target)
        #expect(timedOut.reason.contains("same statement") || reset.reason.contains("same statement"))
        #expect(quota.target != reset.target)
        #expect(full.target != reset.target)
    }

    /// One emitter's statement told with and without a clause after its head, with the same cause, is one issue;
    /// the same head with another cause, or from another emitter, is not tied by it.
    @Test func aStatementWithAndWithoutItsClauseIsOneIssue() throws {
        #expect(IssueGrouper.clauseHead("Failed to fetch remote config, retrying in <num> seconds — error: <num> Forbidden")! == ("Failed to fetch remote config", " — error: <num> Forbidden"))
        #expect(IssueGrouper.clauseHead("Retry failed, giving up") == nil)
        let lines = [
            #"{"time":"2026-03-10T09:00:00Z","level":"error","logger":"sync","msg":"Failed to fetch remote config","error":"403 Forbidden"}"#,
            #"{"time":"2026-03-10T10:00:00Z","level":"error","logger":"sync","msg":"Failed to fetch remote config, retrying in 3 seconds","error":"403 Forbidden"}"#,
            #"{"time":"2026-03-10T11:00:00Z","level":"error","logger":"sync","msg":"Failed to fetch remote config, retrying in 3 seconds","error":"certificate has expired"}"#,
        ]
        let problems = ScanLog.problems(lines.joined(separator: "\n"))
        let placements = IssueGrouper().place(problems, existing: [:])
        let plain = try placement(placements, try template(problems, "Failed to fetch remote config — error"))
        let forbidden = problems.templates.filter { $0.text.hasPrefix("Failed to fetch remote config, retrying") && $0.text.contains("Forbidden") }
        let expired = problems.templates.filter { $0.text.contains("certificate") }
        try #require(forbidden.count == 1 && expired.count == 1, "\(problems.templates.map(\.text))")
        #expect(try placement(placements, forbidden[0]).target == plain.target)
        #expect(try placement(placements, expired[0]).target != plain.target)
    }

    /// One statement reporting a peer out of reach in two wordings is one failure; the same statement reporting a
    /// full disk, or a refusal of its own, is another.
    @Test func oneSiteReportingDifferentKindsOfCauseIsSeveralIssues() throws {
        var lines: [String] = []
        let causes = [
            ("app/push.go:131", "dial tcp 10.0.0.9:443: i/o timeout"), ("app/push.go:131", "context deadline exceeded"),
            ("app/push.go:131", "device token was unregistered"), ("app/spool.go:40", "write /tmp/spool/1: no space left on device"),
            ("app/spool.go:40", "dial tcp 10.0.0.7:9000: connection refused"),
        ]
        for (minute, (caller, cause)) in causes.enumerated() {
            for repeat_ in 0..<2 {
                lines.append(#"{"time":"2026-03-10T09:\#(minute)\#(repeat_):00Z","level":"error","caller":"\#(caller)","msg":"Delivery error","status":"\#(cause)"}"#)
            }
        }
        let problems = ScanLog.problems(lines.joined(separator: "\n"))
        let placements = IssueGrouper().place(problems, existing: [:])
        let timeout = try placement(placements, try template(problems, "Delivery error — status: dial tcp <ip>: i/o"))
        let deadline = try placement(placements, try template(problems, "Delivery error — status: context"))
        let unregistered = try placement(placements, try template(problems, "Delivery error — status: device"))
        let disk = try placement(placements, try template(problems, "Delivery error — status: write"))
        let refused = try placement(placements, try template(problems, "Delivery error — status: dial tcp <ip>: connection"))
        #expect(timeout.target == deadline.target)
        #expect(unregistered.target != timeout.target)
        #expect(disk.target != refused.target)
    }

    /// An audit event below WARNING that recorded an exception is signed by that exception, and joins the failure
    /// that logged the same exception at the same moments; the same event over another exception is another failure.
    @Test func anEventThatRecordedAnExceptionJoinsItsFailure() throws {
        func event(_ minute: Int, _ type: String) -> String {
            #"{"time":"2026-03-10T09:\#(minute)0:00.500Z","level":"info","logger":"audit","event":"Created Event","context":{"message":"Traceback (most recent call last):\n  File \"/srv/app/flows.py\", line 9, in post\n    run()\n\#(type): failed"}}"#
        }
        var lines: [String] = []
        for minute in 0..<3 {
            lines.append(#"{"time":"2026-03-10T09:\#(minute)0:00.000Z","level":"error","logger":"flows","event":"Flow aborted","error":"BodyParseError('Expecting value')"}"#)
            lines.append(event(minute, "BodyParseError"))
        }
        lines.append(event(5, "QuotaExceededError"))
        let problems = ScanLog.problems(lines.joined(separator: "\n"))
        let placements = IssueGrouper().place(problems, existing: [:])
        let aborted = try placement(placements, try template(problems, "Flow aborted"))
        let parsed = try placement(placements, try template(problems, "Created Event — exception: BodyParseError"))
        let quota = try placement(placements, try template(problems, "Created Event — exception: QuotaExceededError"))
        #expect(parsed.target == aborted.target, "\(problems.templates.map(\.text))")
        #expect(quota.target != aborted.target)
    }

    /// Error strings a JSON logger printed have no frames: two of them are not "the same exception".
    @Test func errorStringsWithoutFramesAreNotOneException() throws {
        var lines: [String] = []
        for minute in stride(from: 0, to: 50, by: 10) {
            lines.append(#"{"time":"2026-03-10T09:\#(minute < 10 ? "0" : "")\#(minute):00Z","level":"error","msg":"Upload failed","error":"bucket check denied"}"#)
            lines.append(#"{"time":"2026-03-10T09:\#(minute < 10 ? "0" : "")\#(minute + 5):00Z","level":"warn","msg":"Websocket closed","error":"peer went away"}"#)
        }
        let problems = ScanLog.problems(lines.joined(separator: "\n"))
        let placements = IssueGrouper().place(problems, existing: [:])
        let upload = try placement(placements, try template(problems, "Upload failed"))
        let websocket = try placement(placements, try template(problems, "Websocket closed"))
        #expect(upload.target != websocket.target)
    }

    /// A failed response that each time follows an error within a second is that error's symptom; a failed
    /// response no error precedes stays on its own.
    @Test func aFailedResponseJoinsTheFailureItAnswers() throws {
        var lines: [String] = []
        for start in stride(from: 0, to: 1800, by: 300) {
            lines.append(ScanLog.line(start, "shop.payments", "ERROR", "Cannot charge order \(start + 17): card processor unreachable"))
            lines.append(ScanLog.line(start + 1, "uvicorn.access", "INFO", "10.0.0.7:5000 - \"POST /checkout HTTP/1.1\" 500"))
            lines.append(ScanLog.line(start + 120, "uvicorn.access", "INFO", "10.0.0.9:5000 - \"GET /reports/daily HTTP/1.1\" 502"))
            lines.append(ScanLog.line(start + 200, "shop.search", "ERROR", "Index rebuild stalled at shard \(start % 7)"))
        }
        // One container's lines after the other's, as `kubectl logs --prefix` prints them: time, not file order, pairs them.
        let byStream = lines.filter { !$0.contains("uvicorn.access") } + lines.filter { $0.contains("uvicorn.access") }
        let problems = ScanLog.problems(byStream.joined(separator: "\n"))
        let placements = IssueGrouper().place(problems, existing: [:])
        let charge = try placement(placements, try template(problems, "Cannot charge order"))
        let checkout = try placement(placements, try template(problems, "<ip> - \"POST"))
        let reports = try placement(placements, try template(problems, "<ip> - \"GET"))
        let search = try placement(placements, try template(problems, "Index rebuild"))
        #expect(checkout.target == charge.target)
        #expect(checkout.reason.hasPrefix("the failed response to `Cannot charge order"), "\(checkout.reason)")
        #expect(reports.target != charge.target && reports.target != search.target, "no failure before it")
    }

    /// A few client errors are no burst, unless they answer a failure logged right before them: then they are its
    /// symptom; the same few without a failure before them stay traffic.
    @Test func aFewClientErrorsThatAnswerAFailureAreItsSymptom() throws {
        var lines: [String] = []
        for start in stride(from: 0, to: 900, by: 300) {
            lines.append(ScanLog.line(start, "app.push", "ERROR", "Unexpected token from the relay: error decoding response body"))
            lines.append(ScanLog.line(start + 1, "response", "INFO", "(put_token) PUT /api/devices/token => 400 Bad Request"))
            lines.append(ScanLog.line(start + 150, "response", "INFO", "(get_avatar) GET /api/avatars/7 => 404 Not Found"))
        }
        let problems = ScanLog.problems(lines.joined(separator: "\n"))
        let placements = IssueGrouper().place(problems, existing: [:])
        let failure = try placement(placements, try template(problems, "Unexpected token"))
        let answer = try placement(placements, try template(problems, "(put_token)"))
        #expect(answer.target == failure.target)
        #expect(!problems.templates.contains { $0.text.hasPrefix("(get_avatar)") })
    }

    /// A burst of failures, each answered by a failed response (its status in pino's nested `res.statusCode`),
    /// within an hour of normal traffic: the responses answer the failures, however densely the burst packs them,
    /// since the hour, not the burst, is when a response could have come.
    @Test func aBurstOfAnsweredFailuresInALongLogIsOneIssue() throws {
        func json(_ seconds: Int, _ level: Int, _ fields: String) -> String {
            let ms = 1_773_133_200_000 + seconds * 1000
            return #"{"level":\#(level),"time":\#(ms),"pid":1,\#(fields)}"#
        }
        var lines: [String] = []
        for second in stride(from: 0, to: 3600, by: 20) {
            lines.append(json(second, 30, #""req":{"method":"GET","url":"/v1/items"},"res":{"statusCode":200},"msg":"request completed""#))
        }
        for second in 1800..<1809 {
            lines.append(json(second, 50, #""err":{"type":"TypeError","message":"Cannot read properties of undefined (reading 'price')"},"msg":"cart total failed""#))
            lines.append(json(second, 30, #""req":{"method":"POST","url":"/v1/cart/total"},"res":{"statusCode":500},"msg":"request errored""#))
        }
        let records = RecordReader().records(in: lines.joined(separator: "\n"), name: "api.log")
        #expect(records.first { $0.message == "request errored" }?.httpStatus == 500)
        let problems = ScanLog.problems(lines.joined(separator: "\n"))
        let placements = IssueGrouper().place(problems, existing: [:])
        let failure = try placement(placements, try template(problems, "cart total failed"))
        let response = try placement(placements, try template(problems, "request errored"))
        #expect(response.target == failure.target, "\(response.reason)")
    }

    /// `docker compose logs` says when a container exited: that line joins what its service logged last (the panic
    /// it died of), not what another service logged at the same moment.
    @Test func aContainersExitJoinsWhatItsServiceLoggedLast() throws {
        let lines = [
            "api-1     | time=2026-03-10T09:00:00.000Z level=INFO msg=\"listening\" addr=:8080",
            "worker-1  | time=2026-03-10T09:04:03.900Z level=ERROR msg=\"job retry scheduled\" job=sync",
            "api-1     | panic: runtime error: index out of range [3] with length 3",
            "api-1     | ",
            "api-1     | goroutine 7 [running]:",
            "api-1     | example.com/shop/internal/cart.Total(...)",
            "api-1     | \t/src/internal/cart/total.go:41 +0x1d",
            "api-1 exited with code 2",
            "worker-1  | time=2026-03-10T09:04:04.100Z level=INFO msg=\"idle\"",
        ]
        let problems = ScanLog.problems(lines.joined(separator: "\n"))
        let placements = IssueGrouper().place(problems, existing: [:])
        let panic = try placement(placements, try template(problems, "runtime error"))
        let exit = try placement(placements, try template(problems, "api-<num> exited with code"))
        let retry = try placement(placements, try template(problems, "job retry scheduled"))
        #expect(exit.target == panic.target, "\(exit.reason)")
        #expect(retry.target != panic.target)
    }

    /// A service's refused requests (4xx) that answer no failure are one issue, whatever the status or path; refused
    /// requests of another service, and one answering a failure, are not in it.
    @Test func aServicesRefusedRequestsAreOneIssue() throws {
        func two(_ n: Int) -> String { n < 10 ? "0\(n)" : "\(n)" }
        var lines: [String] = []
        for n in 0..<8 {
            let at = n * 240
            lines.append("web-1  | 10.0.0.\(n) - - [10/Mar/2026:09:\(two(at / 60)):\(two(at % 60)) +0000] \"GET /wp-login.php HTTP/1.1\" 404 12 \"-\" \"zgrab/0.x\"")
            lines.append("web-1  | 10.0.0.\(n) - - [10/Mar/2026:09:\(two(at / 60)):\(two(at % 60 + 1)) +0000] \"GET /.htaccess HTTP/1.1\" 403 9 \"-\" \"zgrab/0.x\"")
            lines.append("admin-1  | 10.0.1.\(n) - - [10/Mar/2026:09:\(two(at / 60)):\(two(at % 60 + 30)) +0000] \"POST /admin/login HTTP/1.1\" 401 9 \"-\" \"curl/8\"")
        }
        let problems = ScanLog.problems(lines.joined(separator: "\n"))
        let placements = IssueGrouper().place(problems, existing: [:])
        let probes = try placement(placements, try template(problems, "GET /wp-login"))
        let hidden = try placement(placements, try template(problems, "GET /.htaccess"))
        let admin = try placement(placements, try template(problems, "POST"))
        #expect(probes.target == hidden.target, "\(hidden.reason)")
        #expect(admin.target != probes.target)
    }

    /// Two parts of one subsystem failing with the same innermost cause are one issue; another writer failing with
    /// that cause is not, nor is the subsystem failing for another reason.
    @Test func siblingStatementsWithOneCauseAreOneIssue() throws {
        var lines: [String] = []
        for n in 0..<6 {
            let t = n * 400
            lines.append(ScanLog.line(t, "search.orders", "ERROR", "Order search writer: cannot store order \(100 + n): write /srv/search/o\(n).seg: no space left on device"))
            lines.append(ScanLog.line(t + 170, "search.users", "ERROR", "User search writer: failed to store user \(n * 7): write /srv/search/u\(n).seg: no space left on device"))
            lines.append(ScanLog.line(t + 90, "uploads", "ERROR", "Saving upload \(n) to spool: copy failed: write /srv/spool/\(n).tmp: no space left on device"))
            lines.append(ScanLog.line(t + 250, "search.users", "ERROR", "User search writer: failed to store user \(n * 7): index locked by another process"))
        }
        let problems = ScanLog.problems(lines.joined(separator: "\n"))
        let placements = IssueGrouper().place(problems, existing: [:])
        let orders = try placement(placements, try template(problems, "Order search writer"))
        let users = try placement(placements, try template(problems, "User search writer: failed to store user <num>: write"))
        let uploads = try placement(placements, try template(problems, "Saving upload"))
        let locked = try placement(placements, try template(problems, "User search writer: failed to store user <num>: index"))
        #expect(orders.target == users.target && users.reason.contains("innermost cause"), "\(users.reason)")
        #expect(uploads.target != orders.target)
        #expect(locked.target != orders.target)
    }

    /// Server errors that no logged failure answers, on the resource where one failure is logged, are that
    /// failure's silent requests; server errors elsewhere are not.
    @Test func silentServerErrorsOnAFailingResourceJoinIt() throws {
        func at(_ minute: Int, _ second: Int) -> String {
            "2026-03-10T09:\(minute < 10 ? "0" : "")\(minute):\(second < 10 ? "0" : "")\(second)Z"
        }
        var lines: [String] = []
        for n in 0..<6 {
            let minute = n * 9
            lines.append(#"{"time":"\#(at(minute, 1))","level":"error","msg":"Storing the upload failed","path":"/api/v2/uploads","request_id":"w\#(n)","status_code":500,"error":"access denied"}"#)
            lines.append(#"{"time":"\#(at(minute, 1))","level":"info","msg":"request done","path":"/api/v2/uploads","request_id":"w\#(n)","status_code":500}"#)
            for k in 0..<3 {
                lines.append(#"{"time":"\#(at(minute + 3, 10 * k + 5))","level":"info","msg":"request done","path":"/api/v2/uploads/u\#(n)x\#(k)77/thumb","request_id":"r\#(n)\#(k)","status_code":500}"#)
            }
            lines.append(#"{"time":"\#(at(minute + 6, 30))","level":"info","msg":"report served","path":"/api/v2/reports/q\#(n)z81","request_id":"p\#(n)","status_code":503}"#)
        }
        let problems = ScanLog.problems(lines.joined(separator: "\n"), file: "app.jsonl")
        let placements = IssueGrouper().place(problems, existing: [:])
        let failure = try placement(placements, try template(problems, "Storing the upload failed"))
        let reads = try placement(placements, try template(problems, "request done"))
        let reports = try placement(placements, try template(problems, "report served"))
        #expect(reads.target == failure.target && (reads.reason + failure.reason).contains("resource"), "\(reads.reason)")
        #expect(reports.target != failure.target)
    }

    /// A process's death and the connection its peer lost at that moment are one event; the peer's refused
    /// connections while the process restarts are another.
    @Test func aDeathHeardByItsPeerIsOneIssue() throws {
        func at(_ second: Int, _ millis: Int) -> String { ScanLog.stamp(second, millis: millis) }
        let lines = [
            "api-1    | \(at(10, 100)) - api.handlers - CRITICAL - panic: runtime error: index out of range [3] with length 3",
            "proxy-1  | \(at(10, 104)) - proxy.upstream - ERROR - upstream prematurely closed connection while reading response header",
            "proxy-1  | \(at(13, 0)) - proxy.upstream - ERROR - connect() failed (111: Connection refused) while connecting to upstream",
            "proxy-1  | \(at(14, 0)) - proxy.upstream - ERROR - connect() failed (111: Connection refused) while connecting to upstream",
            "proxy-1  | \(at(900, 0)) - proxy.upstream - ERROR - connect() failed (111: Connection refused) while connecting to upstream",
        ]
        let problems = ScanLog.problems(lines.joined(separator: "\n"))
        let placements = IssueGrouper().place(problems, existing: [:])
        let panic = try placement(placements, try template(problems, "panic"))
        let closed = try placement(placements, try template(problems, "upstream prematurely"))
        let refused = try placement(placements, try template(problems, "connect() failed"))
        #expect(closed.target == panic.target && closed.reason.contains("died"), "\(closed.reason)")
        #expect(refused.target != panic.target)
    }

    /// A container the kernel killed (exit 137), as the capture tool reports it, is one event with the connection
    /// its client lost; a container that exited cleanly is no death.
    @Test func aKilledContainerHeardByItsClientIsOneIssue() throws {
        let lines = [
            "web-1  | \(ScanLog.stamp(30)) - web.db - ERROR - Query failed: Connection lost: the server closed the connection",
            "db-1 exited with code 137",
            "web-1  | \(ScanLog.stamp(35)) - web.db - ERROR - Query failed: connect ECONNREFUSED 172.20.0.2:3306",
            "web-1  | \(ScanLog.stamp(36)) - web.db - ERROR - Query failed: connect ECONNREFUSED 172.20.0.2:3306",
            "web-1  | \(ScanLog.stamp(400)) - web.cache - ERROR - Cache read failed: connection reset by peer",
            "worker-1 exited with code 0",
        ]
        let problems = ScanLog.problems(lines.joined(separator: "\n"))
        let placements = IssueGrouper().place(problems, existing: [:])
        let exit = try placement(placements, try template(problems, "db-<num> exited"))
        let lost = try placement(placements, try template(problems, "Query failed: Connection lost"))
        #expect(exit.target == lost.target, "\(exit.reason)")
        if let clean = problems.templates.first(where: { $0.text.hasPrefix("worker") }) {
            let cache = try placement(placements, try template(problems, "Cache read failed"))
            #expect(try placement(placements, clean).target != cache.target)
        }
    }

    /// Two failures whose records name the same thing by its identifier (`extension_id`, `id`), minutes from any
    /// other, are one issue; another thing's failure logged between them is not.
    @Test func failuresNamingOneIdentifierAreOneIssue() throws {
        let lines = [
            #"{"time":"2026-03-10T09:10:00Z","level":"error","msg":"extension process exited","extension_id":"org.example.scanner"}"#,
            #"{"time":"2026-03-10T09:10:05Z","level":"error","msg":"Cache warmup failed","extension_id":"org.example.thumbs","request_id":"a2"}"#,
            #"{"time":"2026-03-10T09:10:14Z","level":"warn","msg":"Liveness probe failed for extension","id":"org.example.scanner"}"#,
        ]
        let problems = ScanLog.problems(lines.joined(separator: "\n"), file: "app.jsonl")
        let placements = IssueGrouper().place(problems, existing: [:])
        let exited = try placement(placements, try template(problems, "extension process exited"))
        let probe = try placement(placements, try template(problems, "Liveness probe"))
        let warmup = try placement(placements, try template(problems, "Cache warmup"))
        #expect(exited.target == probe.target && probe.reason.contains("org.example.scanner"), "\(probe.reason)")
        #expect(warmup.target != exited.target)
    }

    @Test func identifierAttributesAreRecognisedByName() {
        for key in ["id", "plugin_id", "job.id", "deviceId", "ID", "task-id"] { #expect(ProblemStats.namesIdentifier(key), "\(key)") }
        for key in ["paid", "valid", "Id", "d", "android", "userid"] { #expect(!ProblemStats.namesIdentifier(key), "\(key)") }
    }

    /// A response that only ever reports failures already logged, several different ones, is no issue of its own:
    /// it goes with the failure answering most of its responses, and the failures stay apart.
    @Test func aResponseReportingSeveralLoggedFailuresJoinsTheMostFrequent() throws {
        var lines: [String] = []
        let causes = [
            ("shop.store", "Saving the session failed: database or disk is full"),
            ("shop.store", "Saving the session failed: database or disk is full"),
            ("shop.store", "Saving the session failed: database or disk is full"),
            ("shop.auth", "Password rejected for account <redacted>"),
            ("shop.devices", "Unexpected device token from the push relay"),
        ]
        for n in 0..<20 {
            let (logger, message) = causes[n % causes.count]
            let t = n * 97
            lines.append(ScanLog.line(t, logger, "ERROR", message))
            lines.append(ScanLog.line(t, "uvicorn.access", "INFO", "10.0.0.7:5000 - \"POST /session HTTP/1.1\" 400"))
        }
        let problems = ScanLog.problems(lines.joined(separator: "\n"))
        let placements = IssueGrouper().place(problems, existing: [:])
        let response = try placement(placements, try template(problems, "<ip> - \"POST"))
        let disk = try placement(placements, try template(problems, "Saving the session"))
        let password = try placement(placements, try template(problems, "Password rejected"))
        let token = try placement(placements, try template(problems, "Unexpected device token"))
        #expect(response.target == disk.target, "\(response.reason)")
        #expect(password.target != disk.target && token.target != disk.target && password.target != token.target)
    }

    /// systemd saying a unit's main process exited joins what that unit logged last: the crash it died of.
    @Test func systemdsExitLineJoinsTheUnitsLastWords() throws {
        let text = String(decoding: Fixtures.read(Fixtures.path("envelope/journal.log")), as: UTF8.self)
        let problems = ScanLog.problems(text, file: "journal.log")
        let placements = IssueGrouper().place(problems, existing: [:])
        let crash = try placement(placements, try template(problems, "RuntimeError"))
        let exit = try placement(placements, try template(problems, "shop-worker.service"))
        let refused = try placement(placements, try template(problems, "could not connect"))
        #expect(exit.target == crash.target, "\(exit.reason)")
        #expect(refused.target != crash.target)
    }

    /// A wrong password answered with 400 and the rate limiter answered with 429, on one login endpoint, are the
    /// service refusing one kind of request two ways; a full disk the same endpoint answers with 400 is not.
    @Test func failuresRefusedAtOneResourceAreOneIssue() throws {
        var lines: [String] = []
        for n in 0..<6 {
            let t = n * 400
            lines.append(ScanLog.line(t, "auth.login", "ERROR", "Password is incorrect for account u\(n)@example.org"))
            lines.append(ScanLog.line(t, "http.response", "INFO", "(login) POST /auth/token => 400 Bad Request"))
            lines.append(ScanLog.line(t + 50, "auth.limit", "ERROR", "Too many login attempts"))
            lines.append(ScanLog.line(t + 50, "http.response", "INFO", "(login) POST /auth/token => 429 Too Many Requests"))
            lines.append(ScanLog.line(t + 200, "store.devices", "ERROR", "Saving device \(n) failed: database or disk is full"))
            lines.append(ScanLog.line(t + 200, "http.response", "INFO", "(device) PUT /auth/token => 400 Bad Request"))
        }
        let problems = ScanLog.problems(lines.joined(separator: "\n"))
        let placements = IssueGrouper().place(problems, existing: [:])
        let password = try placement(placements, try template(problems, "Password is incorrect"))
        let limit = try placement(placements, try template(problems, "Too many login"))
        let disk = try placement(placements, try template(problems, "Saving device"))
        #expect(password.target == limit.target, "\(limit.reason)")
        #expect(disk.target != password.target, "\(disk.reason)")
    }

    /// A notice printed beside a failure, every time and with a word of it, is still no part of the failure.
    @Test func aNoticeFiringWithAFailureStaysANotice() throws {
        var lines: [String] = []
        for n in 0..<4 {
            let t = n * 600
            lines.append(ScanLog.line(t, "worker.consumer", "WARNING", "consumer: the retry option is deprecated and will be removed in 6.0"))
            lines.append(ScanLog.line(t + 2, "worker.consumer", "ERROR", "consumer: lost the queue at mq:5672, reconnecting"))
        }
        let problems = ScanLog.problems(lines.joined(separator: "\n"))
        let placements = IssueGrouper().place(problems, existing: [:])
        let notice = try placement(placements, try template(problems, "consumer: the retry option"))
        let lost = try placement(placements, try template(problems, "consumer: lost the queue"))
        #expect(notice.target != lost.target, "\(notice.reason)")
    }

    /// A failure logged all the time is just before every response by chance: it answers none of them.
    @Test func aFailureLoggedAllTheTimeAnswersNothing() throws {
        var lines: [String] = []
        for second in stride(from: 0, to: 1800, by: 2) {
            lines.append(ScanLog.line(second, "metrics", "WARNING", "Metrics push failed, buffering"))
            if second % 300 == 150 {
                lines.append(ScanLog.line(second + 1, "uvicorn.access", "INFO", "10.0.0.7:5000 - \"GET /reports HTTP/1.1\" 500"))
            }
        }
        let problems = ScanLog.problems(lines.joined(separator: "\n"))
        let placements = IssueGrouper().place(problems, existing: [:])
        let metrics = try placement(placements, try template(problems, "Metrics push failed"))
        let reports = try placement(placements, try template(problems, "<ip> - \"GET"))
        #expect(metrics.target != reports.target)
    }

    /// Two messages from one code site are one issue; a site that logs many different messages (a router's
    /// access logger) is a helper, and ties none of them.
    @Test func aSiteThatLogsManyMessagesIsAHelper() throws {
        // Each message under a logger of its own, so that only the site can tie them.
        func line(_ seconds: Int, _ logger: String, _ site: String, _ message: String) -> String {
            "\(ScanLog.stamp(seconds)) - \(logger) - ERROR - [/srv/app/\(site)] - \(message)"
        }
        let lines = [
            line(0, "pay.a", "pay.py:40", "Card declined for order 7"),
            line(3600, "pay.b", "pay.py:40", "Card expired before capture"),
            line(100, "web.a", "router.py:102", "completed GET /a with 404 Not Found"),
            line(1300, "web.b", "router.py:102", "slow PUT /b after 9 s"),
            line(2500, "web.c", "router.py:102", "failed GET /c: panic in handler"),
            line(4700, "web.d", "router.py:102", "completed PUT /d with 500 Internal Server Error"),
        ]
        let problems = ScanLog.problems(lines.joined(separator: "\n"))
        let placements = IssueGrouper().place(problems, existing: [:])
        let declined = try placement(placements, try template(problems, "Card declined"))
        let expired = try placement(placements, try template(problems, "Card expired"))
        #expect(declined.target == expired.target)
        let routed = try ["completed GET", "slow PUT", "failed GET", "completed PUT"].map {
            try placement(placements, try template(problems, $0)).target
        }
        #expect(Set(routed).count == 4)

        // One statement answering a server error and, another time, a client error reports two failures.
        let answers = [
            line(0, "api.a", "respond.py:12", "served POST /orders with 500 Internal Server Error"),
            line(900, "api.b", "respond.py:12", "served GET /orders/9 with 404 Not Found"),
            line(1800, "api.c", "respond.py:12", "served PUT /orders/4 with 502 Bad Gateway"),
        ]
        let outcomes = ScanLog.problems(answers.joined(separator: "\n"))
        let placed = IssueGrouper().place(outcomes, existing: [:])
        let serverErrors = try ["served POST", "served PUT"].map { try placement(placed, try template(outcomes, $0)).target }
        let clientError = try placement(placed, try template(outcomes, "served GET")).target
        #expect(serverErrors[0] == serverErrors[1])
        #expect(clientError != serverErrors[0])
    }

    /// A log whose times jump back (files merged out of order, a reset clock): lines an hour apart are not
    /// together because they are next to each other in the file.
    @Test func timeThatJumpsBackIsNotCooccurrence() throws {
        let lines = [
            ScanLog.line(3600, "shop.api", "ERROR", "Quota store timed out"),
            ScanLog.line(100, "shop.api", "ERROR", "Thumbnail render failed"),
        ]
        let problems = ScanLog.problems(lines.joined(separator: "\n"))
        let quota = try template(problems, "Quota store")
        let render = try template(problems, "Thumbnail render")
        #expect(problems.cooccurrence.count(quota.id, render.id) == 0)
        #expect(Set(IssueGrouper().place(problems, existing: [:]).map(\.target)).count == 2)
    }

    // MARK: - Numbering and existing issues

    @Test func newIssuesAreNumberedByFirstSeenTime() throws {
        var lines: [String] = []
        // The latest is the most frequent, so count order and time order disagree.
        lines.append(ScanLog.line(0, "shop.inventory", "WARNING", "Stock below reorder point"))
        for n in 0..<2 { lines.append(ScanLog.line(600 + n * 120, "shop.search", "ERROR", "Elasticsearch cluster unreachable")) }
        for n in 0..<5 { lines.append(ScanLog.line(1200 + n * 120, "shop.auth", "ERROR", "Token signature mismatch")) }
        let problems = ScanLog.problems(lines.joined(separator: "\n"))
        #expect(problems.templates.map(\.stats.count) == [5, 2, 1])

        let placements = IssueGrouper().place(problems, existing: [:])
        #expect(try placement(placements, template(problems, "Stock below")).target == .new(0))
        #expect(try placement(placements, template(problems, "Elasticsearch")).target == .new(1))
        #expect(try placement(placements, template(problems, "Token signature")).target == .new(2))
        #expect(placements.allSatisfy { $0.reason == "main signature" })
    }

    @Test func aNewTemplateLinkedToAFiledOneJoinsItsIssue() throws {
        var lines: [String] = []
        for (request, user) in ["u_1", "u_2", "u_3"].enumerated() {
            let t = request * 300
            lines.append(ScanLog.line(t, "shop.middleware.auth", "WARNING", "JWKS lookup missed key kid-\(request)abc"))
            lines.append(ScanLog.line(t + 1, "shop.middleware.auth", "ERROR", "Rejecting bearer token (user=\(user))"))
        }
        lines.append(ScanLog.line(3000, "shop.search", "ERROR", "Elasticsearch cluster unreachable"))
        let problems = ScanLog.problems(lines.joined(separator: "\n"))
        let lookup = try template(problems, "JWKS lookup")
        let rejecting = try template(problems, "Rejecting bearer token")
        let search = try template(problems, "Elasticsearch")

        let placements = IssueGrouper().place(problems, existing: [lookup.id: 7])
        // The filed template gets no placement: it stays where it is.
        #expect(placements.first { $0.id == lookup.id } == nil)
        let joined = try placement(placements, rejecting)
        #expect(joined.target == .existing(7))
        #expect(joined.reason.contains("fires with"), "\(joined.reason)")
        // New issues are numbered among the new ones only.
        #expect(try placement(placements, search).target == .new(0))
        #expect(placements.count == 2)
    }

    @Test func templatesAllFiledGetNoPlacements() throws {
        let lines = [
            ScanLog.line(0, "shop.search", "ERROR", "Elasticsearch cluster unreachable"),
            ScanLog.line(900, "shop.auth", "ERROR", "Token signature mismatch"),
        ]
        let problems = ScanLog.problems(lines.joined(separator: "\n"))
        let existing = Dictionary(uniqueKeysWithValues: problems.templates.enumerated().map { ($1.id, $0 + 1) })
        #expect(IssueGrouper().place(problems, existing: existing).isEmpty)
    }

    @Test func recordsBelowWarningAreNotProblems() throws {
        let lines = [
            ScanLog.line(0, "shop.api", "INFO", "Request served in 12ms"),
            ScanLog.line(1, "shop.api", "DEBUG", "Cache hit for key orders"),
            ScanLog.line(2, "shop.api", "WARNING", "Slow upstream response"),
        ]
        let problems = ScanLog.problems(lines.joined(separator: "\n"))
        #expect(problems.templates.map(\.text) == ["Slow upstream response"])
    }

    // MARK: - Symptoms

    private func symptom(_ template: ProblemTemplate, _ name: String) -> Symptom? {
        template.symptoms.first { $0.name == name }
    }

    @Test func aUserKeyInsideParenthesesIsAUserSymptom() throws {
        let lines = ["u_1", "u_2", "u_1", "u_3"].enumerated().map { n, user in
            ScanLog.line(n * 10, "shop.middleware.auth", "ERROR", "Rejecting bearer token (user=\(user))")
        }
        let problems = ScanLog.problems(lines.joined(separator: "\n"))
        let rejecting = try template(problems, "Rejecting bearer token")
        let user = try #require(symptom(rejecting, "user"), "symptoms: \(rejecting.symptoms)")
        #expect(user.values.first == Symptom.Value("u_1", count: 2))
        #expect(Set(user.values.map(\.value)) == ["u_1", "u_2", "u_3"])
        #expect(user.distinct == 3)
    }

    @Test func aPathAfterAnHTTPMethodIsAnEndpointWithIdsCollapsed() throws {
        let lines = [1842, 77, 1842].enumerated().map { n, order in
            ScanLog.line(n * 10, "shop.api", "WARNING", "Slow request GET /api/orders/\(order) took \(4000 + n)ms")
        }
        let problems = ScanLog.problems(lines.joined(separator: "\n"))
        let slow = try template(problems, "Slow request")
        let endpoint = try #require(symptom(slow, "endpoint"), "symptoms: \(slow.symptoms) text: \(slow.text)")
        #expect(endpoint.values == [Symptom.Value("/api/orders/{id}", count: 3)])
    }

    @Test func jsonLinesAttributesBecomeSymptoms() throws {
        let lines = [
            #"{"time":"2026-03-10T09:14:05Z","level":"error","logger":"api","message":"boom","path":"/api/x/123","user_id":"u9"}"#,
            #"{"time":"2026-03-10T09:14:06Z","level":"error","logger":"api","message":"boom","path":"/api/x/456?full=1","user_id":"u9"}"#,
            #"{"time":"2026-03-10T09:14:07Z","level":"info","logger":"api","message":"boom","path":"/api/y","user_id":"u1"}"#,
        ]
        let problems = ScanLog.problems(lines.joined(separator: "\n"), file: "app.jsonl")
        let boom = try template(problems, "boom")
        // The info record is traffic: not counted.
        #expect(boom.stats.count == 2)
        let endpoint = try #require(symptom(boom, "endpoint"), "symptoms: \(boom.symptoms)")
        #expect(endpoint.values == [Symptom.Value("/api/x/{id}", count: 2)])
        let user = try #require(symptom(boom, "user"))
        #expect(user.values == [Symptom.Value("u9", count: 2)])
    }

    @Test func endpointNormalisationDropsSchemeHostQueryAndIDs() {
        #expect(SymptomExtraction.normalise("https://api.example.com/v1/users/user_2abcDEF91/orders?page=2", name: "endpoint")
            == "/v1/users/{id}/orders")
        #expect(SymptomExtraction.normalise("/api/items/3f2a9c1e-8b7d-4c2a-9e1f-0a1b2c3d4e5f#top", name: "endpoint") == "/api/items/{id}")
        #expect(SymptomExtraction.normalise("/api/v2/health", name: "endpoint") == "/api/v2/health")
        // Only endpoints are rewritten.
        #expect(SymptomExtraction.normalise("/api/orders/1842", name: "user") == "/api/orders/1842")
    }
}
