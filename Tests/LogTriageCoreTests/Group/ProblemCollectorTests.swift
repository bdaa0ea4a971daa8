import Testing

@testable import LogTriageCore

struct ProblemCollectorTests {
    private func collect(_ lines: [String], configuration: ProblemCollector.Configuration = .init(), file: String = "app.log")
        -> (ProblemSet, ProblemCollector)
    {
        let miner = TemplateMiner()
        var collector = ProblemCollector(configuration: configuration)
        for record in RecordReader().records(in: lines.joined(separator: "\n"), name: file) {
            collector.add(record, ref: miner.add(record.signatureText, time: record.time))
        }
        return (collector.finish(miner: miner), collector)
    }

    private func json(_ time: String, _ level: String, _ message: String, request: String) -> String {
        #"{"time":"2026-03-10T\#(time)Z","level":"\#(level)","logger":"api","message":"\#(message)","request_id":"\#(request)"}"#
    }

    private func template(_ problems: ProblemSet, _ prefix: String) throws -> ProblemTemplate {
        try #require(problems.templates.first { $0.text.hasPrefix(prefix) }, "templates: \(problems.templates.map(\.text))")
    }

    /// Two streams printed one after the other (as `kubectl logs --prefix` prints containers) still show which
    /// failures came at the same moment: the timelines are read in time order, not file order.
    @Test func streamsPrintedOneAfterTheOtherAreReadInTimeOrder() throws {
        let database = [0, 900, 1800].map { ScanLog.line($0, "db.pool", "ERROR", "Connection pool exhausted after 30 s") }
        let api = [0, 900, 1800].map { ScanLog.line($0 + 1, "api.orders", "ERROR", "Order lookup failed, retry later") }
        let (problems, _) = collect(database + api)
        let pool = try template(problems, "Connection pool exhausted")
        let lookup = try template(problems, "Order lookup failed")
        #expect(problems.cooccurrence.ratio(pool.id, lookup.id) == 1)
        #expect(problems.cooccurrence.ratio(lookup.id, pool.id) == 1)
    }

    /// An error string in a field of a DEBUG record is what its level says; a trace is a failure at any level.
    @Test func anErrorFieldBelowTheLevelIsNoProblem() throws {
        let lines = [
            #"{"time":"2026-03-10T09:00:00Z","level":"debug","msg":"Closing websocket","error":"close 1001 (going away)"}"#,
            #"{"time":"2026-03-10T09:00:01Z","level":"info","msg":"Job finished with a trace","stack":"Traceback (most recent call last):\n  File \"/srv/app/job.py\", line 3, in run\nValueError: bad row"}"#,
        ]
        let (problems, collector) = collect(lines)
        #expect(collector.problemRecords == 1)
        #expect(problems.templates.map(\.text).allSatisfy { !$0.hasPrefix("Closing websocket") })
    }

    /// A trace printed on its own was caught by nothing; one under a logged error was.
    @Test func aTraceWithoutALogLineIsUncaught() throws {
        let lines = [
            ScanLog.line(0, "shop.jobs", "ERROR", "Refresh failed"),
            "Traceback (most recent call last):",
            "  File \"/srv/app/refresh.py\", line 3, in run",
            "ValueError: bad row",
            "Traceback (most recent call last):",
            "  File \"/srv/app/watch.py\", line 9, in main",
            "PermissionError: [Errno 13] Permission denied: '/srv/inbox/a.pdf'",
        ]
        let (problems, _) = collect(lines)
        #expect(try template(problems, "Refresh failed").facts.uncaught == nil)
        #expect(try template(problems, "PermissionError").facts.uncaught == true)
    }

    /// Access lines print no level: the record keeps none, and the problem weighs as its status says.
    @Test func aFailedResponseWeighsAsItsStatus() throws {
        let lines = (0..<6).map { n in
            "10.0.0.\(n) - - [10/Mar/2026:09:00:0\(n) +0000] \"POST /api/orders HTTP/1.1\" 502 157 \"-\" \"curl/8.5.0\""
        } + ["10.0.0.9 - - [10/Mar/2026:09:00:09 +0000] \"GET /missing HTTP/1.1\" 404 0 \"-\" \"curl/8.5.0\""]
        let records = RecordReader().records(in: lines.joined(separator: "\n"), name: "access.log")
        #expect(records.allSatisfy { $0.level == nil })
        let (problems, _) = collect(lines)
        let failed = try template(problems, "POST ")
        #expect(failed.stats.maxLevel == .error)
        #expect(failed.text.hasSuffix("— server error: Bad Gateway"))
        #expect(!problems.templates.contains { $0.text.hasPrefix("GET ") }, "one 404 is no burst")

        // Refusals of one request with two statuses are signed apart but are one burst.
        let refused = (0..<6).map { n in
            "10.0.0.\(n) - - [10/Mar/2026:09:01:0\(n) +0000] \"GET /admin HTTP/1.1\" \(n < 3 ? 401 : 403) 0 \"-\" \"curl/8.5.0\""
        }
        let (burst, _) = collect(refused)
        #expect(burst.templates.filter { $0.text.hasPrefix("GET ") }.count == 2, "\(burst.templates.map(\.text))")
    }

    /// Lines that print no level (a shell script, a tool's stderr, the capture tool itself) are problems when
    /// their first line says something failed; a line with a level keeps the level it printed.
    @Test func unleveledLinesThatSayTheyFailedAreProblems() {
        func record(_ message: String, level: Level? = nil) -> LogRecord {
            LogRecord(
                file: "x", lineStart: 1, lineEnd: 1, severity: level.map { Severity($0) }, message: message, format: "plain")
        }
        for failing in [
            "tar: write error: No space left on device", "export FAILED (exit 2) - partial archive left",
            "worker-1 exited with code 139", "curl: (22) The requested URL returned error: 502",
            "mysqldump: Got error: 1045: Access denied", "Segmentation fault (core dumped)",
        ] {
            #expect(record(failing).statesFailure, "\(failing)")
        }
        for quiet in [
            "worker-1 exited with code 0", "Listening on :8080", "backup finished in 12 s",
            "[tasks]\n  . mail.tasks.retry_failed_delivery", "Mirrors of the terror zone",
        ] {
            #expect(!record(quiet).statesFailure, "\(quiet)")
        }
        #expect(!record("Backup failed", level: .info).statesFailure, "the level it printed decides")
    }

    /// A server that starts and finds it crashed says so at its ordinary level: the only line the kill left.
    @Test func aCrashRecoveryNoticeIsAProblem() throws {
        let lines = [
            "2025-02-14  6:38:44 0 [Note] Starting MariaDB 11.4.5 as process 1",
            "2025-02-14  6:38:44 0 [Note] InnoDB: Starting crash recovery from checkpoint LSN=48213907",
            "2025-02-14  6:38:46 0 [Note] InnoDB: Buffer pool(s) load completed",
        ]
        let (problems, collector) = collect(lines)
        #expect(collector.problemRecords == 1)
        #expect(problems.templates.map(\.text) == ["InnoDB: Starting crash recovery from checkpoint LSN=<num>"])
        let record = try #require(RecordReader().records(in: lines[1], name: "db.log").first)
        #expect(ProblemCollector.Configuration().isProblem(record), "the matcher agrees")
    }

    /// NOTICE sits between INFO and WARNING: a notice that warns (an insecure setting, a deprecation) is a
    /// problem, the ordinary notices of a server's life are not.
    @Test func aNoticeThatWarnsIsAProblem() throws {
        let configuration = ProblemCollector.Configuration()
        func notice(_ message: String) -> LogRecord {
            LogRecord(file: "x", lineStart: 1, lineEnd: 1, severity: Severity(word: "NOTICE"), message: message, format: "plain")
        }
        #expect(configuration.isProblem(notice("You are using a plain text `ROOT_KEY` which is insecure.")))
        #expect(configuration.isProblem(notice("The `legacy_mode` option is deprecated and will be removed in 3.0")))
        #expect(configuration.isProblem(notice("Running as root is not recommended")))
        #expect(!configuration.isProblem(notice("Server initialized, ready to accept connections")))
        #expect(!configuration.isProblem(notice("configured -- resuming normal operations")))
        #expect(!configuration.isProblem(notice("Received SIGTERM scheduling shutdown...")))
        let info = LogRecord(file: "x", lineStart: 1, lineEnd: 1, severity: Severity(.info), message: "insecure mode", format: "plain")
        #expect(!configuration.isProblem(info), "INFO keeps its level")
    }

    /// A supervisor logs a child's exit at its own level (INFO): a nonzero exit is the child's failure all the same.
    @Test func aSupervisorsReportOfANonzeroExitIsAProblem() throws {
        let lines = [
            ScanLog.line(0, "supervisord", "INFO", "exited: worker (exit status 1; not expected)"),
            ScanLog.line(1, "supervisord", "INFO", "job-runner exited with code 2"),
            ScanLog.line(2, "supervisord", "INFO", "stopped: web (exit status 0; expected)"),
            ScanLog.line(3, "supervisord", "INFO", "Checked 3 exit codes, all fine"),
        ]
        let texts = ScanLog.problems(lines.joined(separator: "\n")).templates.map(\.text).sorted()
        #expect(texts.count == 2, "\(texts)")
        #expect(texts.contains { $0.contains("not expected") } && texts.contains { $0.contains("exited with code") })
        // and a matcher, judging records one at a time, says the same
        let exited = LogRecord(file: "x", lineStart: 1, lineEnd: 1, severity: Severity(.info), message: "exited: worker (exit status 1; not expected)", format: "plain")
        #expect(ProblemCollector.Configuration().isProblem(exited))
    }

    /// An audit event logged at INFO whose type says something failed (`"action": "login_failed"`, ECS's
    /// `event.outcome: failure`) is a problem, signed by that type; the events that record successes are not.
    @Test func anAuditEventOfAFailureIsAProblemSignedByItsType() throws {
        let lines = [
            #"{"level":"info","event":"Created Event","action":"login_failed","client_ip":"203.0.113.9"}"#,
            #"{"level":"info","event":"Created Event","action":"model_created","client_ip":"10.0.0.2"}"#,
            #"{"level":"info","event":"Created Event","action":"login_failed","client_ip":"203.0.113.7"}"#,
            #"{"level":"info","message":"Authorization check","event.outcome":"failure","user":"u7"}"#,
            #"{"level":"info","message":"Authorization check","event.outcome":"success","user":"u8"}"#,
        ]
        let problems = ScanLog.problems(lines.joined(separator: "\n"), file: "audit.jsonl")
        let texts = problems.templates.map(\.text).sorted()
        #expect(texts == ["Authorization check — failure", "Created Event — login_failed"], "\(texts)")
        #expect(problems.templates.first { $0.text.hasPrefix("Created") }?.stats.count == 2)
    }

    @Test func onlyProblemsAreTracked() throws {
        let lines = [
            ScanLog.line(0, "shop.api", "INFO", "Request served in 12ms"),
            ScanLog.line(1, "shop.api", "WARNING", "Slow upstream response"),
            ScanLog.line(2, "shop.api", "INFO", "Background refresh crashed"),
            """
            Traceback (most recent call last):
              File "/srv/app/shop/refresh.py", line 3, in run
                refresh()
            ValueError: bad row
            """,
        ]
        let (problems, collector) = collect(lines)
        #expect(collector.records == 3)
        #expect(collector.problemRecords == 2)
        // An exception makes a record a problem whatever its level, and below WARNING it is the record's cause.
        let crashed = "Background refresh crashed — exception: ValueError"
        #expect(Set(problems.templates.map(\.text)) == ["Slow upstream response", crashed])

        var errorsOnly = ProblemCollector.Configuration()
        errorsOnly.minLevel = .error
        let (strict, _) = collect(lines, configuration: errorsOnly)
        #expect(strict.templates.map(\.text) == [crashed])
    }

    @Test func statsCountTimesLevelsLoggersAndBuckets() throws {
        let lines = [
            ScanLog.line(0, "shop.payments.client", "WARNING", "Gateway POST timed out after 30s"),
            ScanLog.line(600, "shop.payments.client", "ERROR", "Gateway POST timed out after 30s"),
            ScanLog.line(3700, "shop.payments.worker", "WARNING", "Gateway POST timed out after 30s"),
            ScanLog.line(3800, "shop.payments.client", "WARNING", "Gateway POST timed out after 30s"),
        ]
        let (problems, _) = collect(lines)
        let gateway = try template(problems, "Gateway POST")
        let stats = gateway.stats
        #expect(stats.count == 4)
        #expect(stats.firstSeen == ScanLog.time(0))
        #expect(stats.lastSeen == ScanLog.time(3800))
        #expect(stats.maxLevel == .error)
        #expect(stats.loggers == ["shop.payments.client": 3, "shop.payments.worker": 1])
        #expect(gateway.mainLogger == "shop.payments.client")
        #expect(stats.buckets == [ScanLog.time(0).millisecondsSinceEpoch: 2, ScanLog.time(3600).millisecondsSinceEpoch: 2])
        #expect(stats.latest == OccurrenceSite(time: ScanLog.time(3800), file: "app.log", line: 4))
        #expect(stats.samples.count == 3)
        #expect(stats.samples.first?.contains("[app.log:1]") == true)
    }

    @Test func samplesStopAtTheConfiguredNumber() throws {
        var configuration = ProblemCollector.Configuration()
        configuration.samplesPerTemplate = 1
        let lines = (0..<5).map { ScanLog.line($0 * 10, "shop.api", "WARNING", "Slow upstream response") }
        let (problems, _) = collect(lines, configuration: configuration)
        #expect(try template(problems, "Slow upstream").stats.samples.count == 1)
    }

    @Test func templatesThatMergeCombineTheirStats() throws {
        var configuration = ProblemCollector.Configuration()
        configuration.samplesPerTemplate = 2
        // The first two lines are mined as literal templates; the third turns the user into a parameter.
        let lines = [
            ScanLog.line(0, "shop.cache", "WARNING", "Cache miss storm for tenant alpha"),
            ScanLog.line(60, "shop.cache", "ERROR", "Cache miss storm for tenant beta"),
            ScanLog.line(7200, "shop.cache", "WARNING", "Cache miss storm for tenant gamma"),
        ]
        let (problems, _) = collect(lines, configuration: configuration)
        #expect(problems.templates.count == 1)
        let storm = try #require(problems.templates.first)
        #expect(storm.text == "Cache miss storm for tenant <*>")
        #expect(storm.stats.count == 3)
        #expect(storm.stats.firstSeen == ScanLog.time(0))
        #expect(storm.stats.lastSeen == ScanLog.time(7200))
        #expect(storm.stats.maxLevel == .error)
        #expect(storm.stats.latest?.line == 3)
        #expect(storm.stats.buckets.values.reduce(0, +) == 3)
        #expect(storm.stats.samples.count == 2, "\(storm.stats.samples)")
        // The earliest-mined template's samples lead, on every run (the stats were once combined in dictionary
        // order, which changes with each process's hash seed: this failed about every other run).
        #expect(storm.stats.samples.first?.contains("alpha") == true, "\(storm.stats.samples)")
        // The merged template's episodes count once per template id.
        #expect(problems.cooccurrence.episodes[storm.id] == 3)
    }

    @Test func repeatsCloseTogetherAreOneEpisode() throws {
        // Three retries, then the final error, in each of two incidents an hour apart.
        var lines: [String] = []
        for incident in 0..<2 {
            let t = incident * 3600
            for retry in 0..<3 { lines.append(ScanLog.line(t + retry * 20, "shop.payments.client", "WARNING", "Gateway POST retry scheduled")) }
            lines.append(ScanLog.line(t + 61, "shop.api.checkout", "ERROR", "Checkout aborted after retries"))
        }
        let (problems, _) = collect(lines)
        let retry = try template(problems, "Gateway POST")
        let aborted = try template(problems, "Checkout aborted")
        #expect(retry.stats.count == 6)
        // 61 s after the first retry but 21 s after the last: still the same episode.
        #expect(problems.cooccurrence.episodes[retry.id] == 2)
        #expect(problems.cooccurrence.episodes[aborted.id] == 2)
        #expect(problems.cooccurrence.ratio(retry.id, aborted.id) == 1)
        #expect(problems.cooccurrence.ratio(aborted.id, retry.id) == 1)
    }

    @Test func requestIDsSeparateContexts() throws {
        // At the same moment, two requests: only one of them has both failures.
        let lines = [
            json("09:00:00.000", "error", "Payment declined by gateway", request: "r1"),
            json("09:00:00.100", "error", "Payment declined by gateway", request: "r2"),
            json("09:00:00.200", "warning", "Receipt email skipped", request: "r1"),
        ]
        let (problems, _) = collect(lines, file: "app.jsonl")
        let declined = try template(problems, "Payment declined")
        let receipt = try template(problems, "Receipt email")
        #expect(problems.cooccurrence.episodes[declined.id] == 2)
        #expect(problems.cooccurrence.ratio(declined.id, receipt.id) == 0.5)
        #expect(problems.cooccurrence.ratio(receipt.id, declined.id) == 1)

        // Without request ids the file is one context: the two declines are one episode.
        let plain = lines.map { $0.replacing(#","request_id":"r1""#, with: "").replacing(#","request_id":"r2""#, with: "") }
        let (merged, _) = collect(plain, file: "app.jsonl")
        #expect(merged.cooccurrence.episodes[declined.id] == 1)
        #expect(merged.cooccurrence.ratio(declined.id, receipt.id) == 1)
    }

    @Test func theFirstExceptionDecidesTheKeyAndFrames() throws {
        let lines = [
            ScanLog.line(0, "shop.workers", "ERROR", "Job crashed"),
            """
            Traceback (most recent call last):
              File "/srv/app/shop/workers/runner.py", line 12, in run
                job.execute()
              File "/srv/app/shop/orders/ledger.py", line 40, in post
                entry = self.accounts[account_id]
            KeyError: 'acct_9'
            """,
            ScanLog.line(10, "shop.workers", "ERROR", "Job crashed"),
            """
            Traceback (most recent call last):
              File "/srv/app/shop/workers/other.py", line 1, in go
                go()
            ValueError: nope
            """,
        ]
        let (problems, _) = collect(lines)
        let crashed = try template(problems, "Job crashed")
        #expect(crashed.stats.exceptions == 2)
        #expect(crashed.stats.exceptionKey == "KeyError|/srv/app/shop/workers/runner.py:run|/srv/app/shop/orders/ledger.py:post")
        #expect(crashed.stats.exceptionTypes == ["KeyError"])
        #expect(crashed.stats.frameFiles == ["/srv/app/shop/workers/runner.py", "/srv/app/shop/orders/ledger.py"])
        #expect(crashed.stats.samples.first?.contains("↳ KeyError: 'acct_9' at /srv/app/shop/orders/ledger.py:40") == true)
    }
}
