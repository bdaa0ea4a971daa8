import Testing

@testable import LogTriageCore

/// The analysis of issues: kind with reasons, code and configuration evidence, rules filled with the issue's
/// values, roles in a chain, severity, confidence and the investigation order.
struct TrackerAnalyserTests {
    static func issue(
        _ number: Int, _ template: String, level: Level = .error, count: Int = 3, logger: String? = nil,
        symptoms: [Symptom] = [], firstSeen: Int64 = 0
    ) -> TrackerIssue {
        TrackerIssue(
            number: number, title: template,
            signatures: [Signature(id: "s\(number)", template: template, count: count, level: level, logger: logger)],
            symptoms: symptoms, occurrences: Occurrences(count: count, firstSeen: Timestamp(millisecondsSinceEpoch: firstSeen)))
    }

    static func rules(_ rules: [Rule]) throws -> CompiledRulePack { try RulePack(rules: rules).compiled() }

    /// A source tree with one Python module that reads a setting and logs its absence.
    static func mailTree() -> String {
        let root = Fixtures.temporaryDirectory()
        Fixtures.makeDirectory(root + "/app")
        Fixtures.write(
            """
            import logging
            import os

            logger = logging.getLogger("app.mail")


            def send_receipt(order):
                password = os.getenv("SMTP_PASSWORD")
                if not password:
                    logger.error("Missing required setting %s; receipts are disabled", "SMTP_PASSWORD")
                    return
                deliver(order, password)

            """, to: root + "/app/mail.py")
        return root
    }

    @Test func aMessageNamingASettingTheCodeReadsIsAConfigurationProblem() throws {
        let index = try SourceIndex.build(root: Self.mailTree())
        let issue = Self.issue(1, "Missing required setting SMTP_PASSWORD; receipts are disabled", logger: "app.mail")
        let analysis = try #require(
            TrackerAnalyser(index: index).analyse(AnalysisInput(document: TrackerDocument(issues: [issue]))).issue(1))
        #expect(analysis.kind == .configuration)
        #expect(analysis.kindReasons.first?.text.contains("`SMTP_PASSWORD`") == true, "\(analysis.kindReasons)")
        #expect(analysis.primaryHypotheses.first?.text.contains("`SMTP_PASSWORD` is missing or wrong in the environment") == true)
        let code = try #require(analysis.code.first)
        #expect(code.file == "app/mail.py" && code.line == 10 && code.function == "send_receipt")
        let evidence = CodeEvidence.extract(from: analysis.evidence)
        #expect(evidence.contains { $0.file == "app/mail.py" && $0.line == 8 && $0.detail?.contains("SMTP_PASSWORD") == true })
        #expect(analysis.files.map(\.text) == ["`app/mail.py`"])
        // Code found and the setting named: two points, medium without a rule (seen once, but the code backs it).
        #expect(analysis.confidence == .medium, "\(analysis.confidenceReasons)")
    }

    /// What the service logs right before a failure names the code around it: its statement is evidence too,
    /// after the failure's own, and the issue's observed behavior says so.
    @Test func theStatementOfANeighbourIsEvidenceToo() throws {
        let root = Fixtures.temporaryDirectory()
        Fixtures.write(
            """
            import logging

            log = logging.getLogger("app.render")


            def render(request, error):
                log.debug("Returning the database error page for %s", request.path)
                return page(error)

            """, to: root + "/render.py")
        let index = try SourceIndex.build(root: root)
        let neighbour = Neighbour(id: "n1", template: "Returning the database error page for <path>", side: .before, together: 4, count: 4)
        let issue = Self.issue(1, "GET <path> HTTP/1.1 <num> — server error: Internal Server Error")
        let input = AnalysisInput(document: TrackerDocument(issues: [issue]), facts: ["s1": SignatureFacts(neighbours: [neighbour])])
        let analysis = try #require(TrackerAnalyser(index: index).analyse(input).issue(1))
        #expect(analysis.code.map { "\($0.file):\($0.line)" } == ["render.py:7"])
        #expect(analysis.code.first?.reason.contains("right before it") == true)
        #expect(analysis.behavior.map(\.text) == ["Right before it, `Returning the database error page for <path>` (4 of its 4 records)"])
    }

    /// A Rust frame names its module, not its file: the module path finds the file by the language's layout.
    @Test func aRustFrameFindsItsFileByModule() {
        #expect(TrackerAnalyser.modulePath(of: "depot::api::icons::save_icon") == "depot.api.icons")
        #expect(TrackerAnalyser.modulePath(of: "depot::db::models::Cipher::save") == "depot.db.models")
        #expect(TrackerAnalyser.modulePath(of: "main::run") == nil)
        #expect(TrackerAnalyser.modulePath(of: "rocket::server::<impl rocket::Rocket>::route") == nil)
        #expect(TrackerAnalyser.modulePath(of: "com.shop.Payments.charge") == nil)
    }

    /// A message that wraps its cause was written by the statement that knew only its context: the code is found
    /// from the text before the first `: `, when that text alone says enough.
    @Test func aWrappedCauseIsMatchedByItsContext() throws {
        #expect(TrackerAnalyser.contextHeads(of: "Unable to deliver task[<num>]: dial tcp <ip>: refused")
            == ["Unable to deliver task[<num>]: <*>", "Unable to deliver task[<num>]: dial tcp <ip>: <*>"])
        #expect(TrackerAnalyser.contextHeads(of: "db: timeout: retrying") == [])
        #expect(TrackerAnalyser.contextHeads(of: "Could not reach the mail relay: ") == [])

        let root = Fixtures.temporaryDirectory()
        Fixtures.write(
            """
            package hooks

            func deliverAll(tasks []Task) {
            	for _, task := range tasks {
            		if err := deliver(task); err != nil {
            			log.Error("Unable to deliver task[%d]: %v", task.ID, err)
            		}
            	}
            }

            """, to: root + "/hooks.go")
        let index = try SourceIndex.build(root: root)
        let template = "Unable to deliver task[<num>]: Post \"<url>\": dial tcp <ip>: the host is not on the allow list of outgoing requests"
        #expect(index.emitters(of: template).isEmpty)
        let analysis = try #require(
            TrackerAnalyser(index: index).analyse(AnalysisInput(document: TrackerDocument(issues: [Self.issue(1, template)]))).issue(1))
        let code = try #require(analysis.code.first)
        #expect(code.file == "hooks.go" && code.line == 6 && code.function == "deliverAll")
    }

    /// A path the records show that a setting's default would produce names that setting, though the code
    /// that logs the failure never reads it.
    @Test func aPathTheRecordsShowNamesTheSettingWhoseDefaultItIs() throws {
        let root = Fixtures.temporaryDirectory()
        Fixtures.makeDirectory(root + "/app")
        Fixtures.write(
            """
            import os

            INDEX_PATH = os.getenv("SEARCH_INDEX_PATH", "indexers/search.idx")
            CACHE_TTL = os.getenv("CACHE_TTL", "30")

            """, to: root + "/app/settings.py")
        let index = try SourceIndex.build(root: root)
        var issue = Self.issue(1, "Index write failed for repo <num>: no space left on device")
        issue.samples = ["2026-03-10T09:00:00Z ERROR app.search [app.log:7] Index write failed for repo 3: write /var/lib/app/indexers/search.idx/store/000123.log: no space left on device"]
        let analysis = try #require(
            TrackerAnalyser(index: index).analyse(AnalysisInput(document: TrackerDocument(issues: [issue]))).issue(1))
        #expect(analysis.configuration.map(\.name) == ["SEARCH_INDEX_PATH"])
        let evidence = CodeEvidence.extract(from: analysis.evidence)
        #expect(evidence.contains { $0.file == "app/settings.py" && $0.line == 3 && $0.detail?.contains("the path the records show") == true })
        // A default that is a number or a word is no path.
        #expect(ShownSettingIndex.segments(ofDefault: "\"30\"") == nil)
        #expect(ShownSettingIndex.segments(ofDefault: "'../consume'") == nil)
        #expect(ShownSettingIndex.segments(ofDefault: "\"${user.home}/.shop-data\"") == [".shop-data"])
    }

    /// The endpoint or host a failure could not reach is the value a deployment file gives a setting: that setting
    /// is named, with the file and line that set it; flags, words and translation catalogues are not hosts.
    @Test func anEndpointOrHostTheRecordsShowNamesTheDeploymentSettingThatSetsIt() throws {
        let root = Fixtures.temporaryDirectory()
        Fixtures.makeDirectory(root + "/deploy")
        Fixtures.write(
            """
            services:
              worker:
                image: registry.example/worker:2.1
                environment:
                  QUEUE_URL: redis://queue:6379
                  START_SSH_SERVER: "true"
                  - MAIL_HOST=smtp-relay
            """, to: root + "/deploy/docker-compose.yml")
        Fixtures.write("# documented defaults\n#STORE_DB_HOST=store-db\nexport API_TOKEN=abc123secretvalue\n", to: root + "/.env.example")
        Fixtures.write("[auth]\nlogin.host = Server name\nlogin.port = Port to use\n", to: root + "/deploy/locale_en.ini")
        // a virtualenv named `.env` is a hidden directory: never entered
        Fixtures.makeDirectory(root + "/.env")
        Fixtures.write("import logging\nlogging.error(\"Cannot connect to the queue\")\n", to: root + "/.env/site.py")
        let index = try SourceIndex.build(root: root)
        #expect(index.deploymentSettings.map(\.name) == ["STORE_DB_HOST", "API_TOKEN", "QUEUE_URL", "START_SSH_SERVER", "MAIL_HOST"])
        #expect(!index.files.contains { $0.hasPrefix(".env/") })

        var queue = Self.issue(1, "consumer: Cannot connect to <url>: Connection refused")
        queue.samples = ["2026-03-10T09:00:00Z ERROR worker [app.log:7] consumer: Cannot connect to redis://queue:6379/0: Connection refused"]
        var database = Self.issue(2, "could not translate host name <*> to address")
        database.samples = ["2026-03-10T09:00:00Z ERROR worker [app.log:9] could not translate host name \"store-db\" to address: Name or service not known"]
        let flag = Self.issue(3, "Server is shutting down: true")
        let analysis = TrackerAnalyser(index: index).analyse(AnalysisInput(document: TrackerDocument(issues: [queue, database, flag])))
        #expect(analysis.issue(1)?.configuration.map(\.name) == ["QUEUE_URL"])
        #expect(analysis.issue(2)?.configuration.map(\.name) == ["STORE_DB_HOST"])
        #expect(analysis.issue(3)?.configuration.isEmpty == true)
        let evidence = CodeEvidence.extract(from: try #require(analysis.issue(1)).evidence)
        #expect(evidence.contains { $0.file == "deploy/docker-compose.yml" && $0.line == 5 && $0.detail?.contains("sets environment variable `QUEUE_URL`") == true })
    }

    /// A failure that says which setting it is about in other words: a refused database connection names the
    /// data source's address, refused mail credentials the mail user and password, with the environment variable
    /// the deployment's convention gives them; a setting whose words the message does not say, or whose role the
    /// failure does not point at, is not named.
    @Test func aFailureNamesTheSettingsItSpeaksOfWithTheirEnvironmentNames() throws {
        let root = Fixtures.temporaryDirectory()
        Fixtures.makeDirectory(root + "/conf")
        Fixtures.write(
            """
            store:
              datasource:
                url: jdbc:postgresql://localhost/shop
                username: shop
            mail:
              host: localhost
              user: ""
              password: ""
              timeout: 10
            """, to: root + "/conf/defaults.yml")
        Fixtures.write(
            "services:\n  api:\n    environment:\n      SHOP_STORE__DATASOURCE__URL: jdbc:postgresql://pg/shop\n      SHOP_MAIL__HOST: relay\n",
            to: root + "/docker-compose.yml")
        let index = try SourceIndex.build(root: root)
        let database = Self.issue(1, "Failed to obtain DataSource connection — error: Connection refused")
        let mail = Self.issue(2, "Sending mail failed — error: SMTPAuthenticationError: 535 authentication failed")
        let other = Self.issue(3, "Mail template <*> has no subject")
        let analysis = TrackerAnalyser(index: index).analyse(AnalysisInput(document: TrackerDocument(issues: [database, mail, other])))
        let url = try #require(analysis.issue(1)?.configuration.first)
        #expect(url.name == "store.datasource.url")
        #expect(url.alias == "SHOP_STORE__DATASOURCE__URL")
        #expect(analysis.issue(1)?.configuration.contains { $0.name == "store.datasource.username" } == false)
        #expect(Set(analysis.issue(2)?.configuration.map(\.name) ?? []) == ["mail.user", "mail.password"])
        #expect(analysis.issue(3)?.configuration.isEmpty == true)
        let evidence = CodeEvidence.extract(from: try #require(analysis.issue(2)).evidence)
        #expect(evidence.contains {
            $0.file == "conf/defaults.yml" && $0.line == 8 && $0.detail?.contains("`mail.password` (environment variable `SHOP_MAIL__PASSWORD`)") == true
        })
    }

    /// A Go program's configuration struct declares its settings by path (`Storage.S3BucketName`); the deployment's
    /// quoted variables (`- "APP_DATABASE_DRIVER=postgres"`) show how the environment names them. A failure about the
    /// `S3 bucket` of the `storage` speaks of the bucket's setting (one word of its name unsaid), not of the others.
    @Test func aGoConfigurationStructDeclaresSettingsByPath() throws {
        let root = Fixtures.temporaryDirectory()
        Fixtures.makeDirectory(root + "/internal")
        Fixtures.makeDirectory(root + "/internal/config")
        Fixtures.write(
            """
            package config

            type Config struct {
            \tDatabase DatabaseSettings
            \tStorage  *StorageSettings // uploads
            }

            type DatabaseSettings struct {
            \tDriver *string `yaml:"driver"`
            \tSource *string
            }

            type StorageSettings struct {
            \tDriver        *string
            \tS3BucketName  *string
            \tMaxUploadSize *int64
            }
            """, to: root + "/internal/config/config.go")
        Fixtures.write(
            "services:\n  app:\n    environment:\n      - \"APP_DATABASE_DRIVER=postgres\"\n      - \"APP_DATABASE_SOURCE=postgres://db/app\"\n",
            to: root + "/docker-compose.yml")
        let index = try SourceIndex.build(root: root)
        #expect(index.deploymentSettings.contains { $0.name == "Storage.S3BucketName" && $0.line == 15 })
        let issue = Self.issue(1, "Upload store unavailable — error: the S3 bucket of the storage does not answer")
        let analysis = TrackerAnalyser(index: index).analyse(AnalysisInput(document: TrackerDocument(issues: [issue])))
        let bucket = try #require(analysis.issue(1)?.configuration.first)
        #expect(bucket.name == "Storage.S3BucketName")
        #expect(bucket.alias == "APP_STORAGE_S3BUCKETNAME")
        #expect(analysis.issue(1)?.configuration.count == 1)
    }

    /// A name that ends with a secret's word holds a secret whatever its value; one that only contains the word
    /// (`…AUTH…_HOST`) holds one when the value looks like one, not when it is a host or a word.
    @Test func aHostUnderANameThatOnlyContainsASecretsWordIsShown() {
        let analyser = TrackerAnalyser()
        func secret(_ name: String, _ value: String) -> String? {
            analyser.secretDefault(ConfigurationRead(
                name: name, source: .environment, defaultValue: value, file: "compose.yml", line: 1, scope: .deployment))
        }
        #expect(secret("APPAUTH_REDIS__HOST", "redis") == nil)
        #expect(secret("AUTH_SERVER_URL", "auth.internal") == nil)
        #expect(secret("AUTH_MODE_HINT", "hunter2") == "hunter2")
        #expect(secret("AUTH_MODE_HINT", "Xk9fP2mQ7vL4") == "Xk9fP2mQ7vL4")
        #expect(secret("SMTP_PASSWORD", "redis") == "redis")
        #expect(secret("SERVICE_AUTH_TOKEN", "localhost") == "localhost")
    }

    /// The application's own process crashed; the proxy in front of it could not connect right after. That is no
    /// outside dependency failing: it is the crash's effect, of the crash's kind, and investigated after it.
    @Test func failingToReachACrashedProcessIsTheCrashsEffect() throws {
        let crashAt = Timestamp(millisecondsSinceEpoch: 100_400)
        let refusedAt = Timestamp(millisecondsSinceEpoch: 100_000)
        let crash = TrackerIssue(
            number: 1, title: "panic: runtime error: index out of range",
            signatures: [Signature(id: "s1", template: "panic: runtime error: index out of range [<num>] with length <num>", count: 1,
                firstSeen: crashAt, lastSeen: crashAt, level: .critical)],
            occurrences: Occurrences(count: 1, firstSeen: crashAt, lastSeen: crashAt))
        let refused = TrackerIssue(
            number: 2, title: "connect() failed (111: Connection refused) while connecting to upstream",
            signatures: [Signature(id: "s2", template: "connect() failed (<num>: Connection refused) while connecting to upstream", count: 40,
                firstSeen: refusedAt, lastSeen: Timestamp(millisecondsSinceEpoch: 107_000), level: .error)],
            occurrences: Occurrences(count: 40, firstSeen: refusedAt, lastSeen: Timestamp(millisecondsSinceEpoch: 107_000)))
        let facts = ["s1": SignatureFacts(exceptionTypes: ["runtime error"], uncaught: true)]
        let analysis = TrackerAnalyser().analyse(AnalysisInput(document: TrackerDocument(issues: [refused, crash]), facts: facts))
        #expect(analysis.issue(1)?.kind == .codeDefect)
        #expect(analysis.issue(2)?.kind == .codeDefect, "\(analysis.issue(2)?.kindReasons ?? [])")
        #expect(analysis.issue(2)?.role == .downstream)
        #expect(analysis.investigationOrder.map(\.issue) == [1, 2])
    }

    /// Of two unlinked problems of one severity, the one that began first is looked at first, however loud the
    /// other; expected noise still comes last.
    @Test func whatFailedFirstIsInvestigatedFirst() throws {
        var early = Self.issue(1, "Quota lookup failed", count: 2, firstSeen: 0)
        early.occurrences.lastSeen = Timestamp(millisecondsSinceEpoch: 1_000)
        var loud = Self.issue(2, "Render queue stalled", count: 90, firstSeen: 600_000)
        loud.occurrences.lastSeen = Timestamp(millisecondsSinceEpoch: 700_000)
        let noise = Self.issue(3, "The `legacy` flag is deprecated and will be removed in a future release", level: .warning, firstSeen: 0)
        let analysis = TrackerAnalyser().analyse(AnalysisInput(document: TrackerDocument(issues: [loud, noise, early])))
        #expect(analysis.investigationOrder.map(\.issue) == [1, 2, 3])
    }

    @Test func withoutASourceTreeTheAnalysisSaysSo() throws {
        let issue = Self.issue(1, "Unexpected reply from ledger")
        let analysis = try #require(TrackerAnalyser().analyse(AnalysisInput(document: TrackerDocument(issues: [issue]))).issue(1))
        #expect(analysis.kind == nil)
        #expect(analysis.kindReasons.first?.text.hasPrefix("Not classified") == true)
        #expect(analysis.confidence == .low)
        #expect(analysis.confidenceReasons.contains { $0.text.contains("--source DIR") })
    }

    @Test func aProgrammingErrorIsACodeDefect() throws {
        let issue = Self.issue(1, "Unhandled error in report job")
        let facts = ["s1": SignatureFacts(exceptionTypes: ["builtins.AttributeError"])]
        let analysis = try #require(
            TrackerAnalyser().analyse(AnalysisInput(document: TrackerDocument(issues: [issue]), facts: facts)).issue(1))
        #expect(analysis.kind == .codeDefect)
        #expect(analysis.kindReasons.first?.text.contains("`builtins.AttributeError` is a programming error") == true)
    }

    /// A wrapper is not the failure: what the chain's innermost cause is decides (a programming error wrapped in
    /// a framework's exception is still one; a refused connection wrapped in `IllegalStateException` is not).
    @Test func theInnermostCauseOfAnExceptionChainDecidesAProgrammingError() {
        let wrappedDefect = SignatureFacts(exceptionTypes: ["javax.servlet.ServletException", "java.lang.NullPointerException"])
        #expect(Self.kind(of: "Request processing failed", facts: wrappedDefect) == .codeDefect)
        let wrappedOutage = SignatureFacts(exceptionTypes: ["java.lang.IllegalStateException", "java.net.ConnectException"])
        #expect(Self.kind(of: "Application run failed", facts: wrappedOutage) != .codeDefect)
    }

    /// A process the kernel killed is at least high, even when the line that says so has no level.
    @Test func aKilledProcessIsAtLeastHigh() throws {
        let issue = TrackerIssue(
            number: 1, title: "app.service: Failed with result 'oom-kill'.",
            signatures: [Signature(id: "s1", template: "app.service: Failed with result 'oom-kill'.", count: 1)],
            occurrences: Occurrences(count: 1))
        let analysis = try #require(TrackerAnalyser().analyse(AnalysisInput(document: TrackerDocument(issues: [issue]))).issue(1))
        #expect(analysis.kind == .external)
        #expect(analysis.severity == .high, "\(analysis.severityReasons)")
    }

    static func kind(of template: String, facts: SignatureFacts? = nil, symptoms: [Symptom] = []) -> IssueKind? {
        let issue = Self.issue(1, template, symptoms: symptoms)
        let input = AnalysisInput(document: TrackerDocument(issues: [issue]), facts: facts.map { ["s1": $0] } ?? [:])
        return TrackerAnalyser().analyse(input).issue(1)?.kind
    }

    /// Without a rule, the words every stack shares because they come from below it (system error strings,
    /// HTTP reason phrases, runtime crash words, a version requirement, a message saying nothing failed) decide, in the
    /// order crash, access, outage, deprecation, notice, requirement, setting.
    @Test(arguments: [
        ("thread 'worker' panicked at src/cache.rs:12: Error writing file: StorageFull", IssueKind.codeDefect),
        ("worker stopped — error: runtime error: invalid memory address or nil pointer dereference", .codeDefect),
        ("Sending batch failed — error: Forbidden", .configuration),
        ("Login to mailbox inbox-7 failed: authentication failed", .configuration),
        ("Cannot reach queue at broker:5672: Connection refused", .external),
        ("Query failed: Connection to db.internal:5432 was reset by peer", .external),
        ("Connection to cache.internal:6379 was established after 2 tries, warming up", nil),
        ("Export failed: connection to files.internal:2121 refused. Check that the host and port are right", .external),
        ("Job scheduler: worker PendingDeprecationWarning raised for legacy option", .expectedNoise),
        ("Setting Hammer condition for the shutdown", nil),
        ("Report render — err: context deadline exceeded", .external),
        ("Problem with the storage settings — error: bucket check failed", .configuration),
        ("The `--legacy-flag` option is deprecated and will be removed in a future release", .expectedNoise),
        ("Unexpected reply from ledger", nil),
        ("Health check failed: search sidecar RPC connection is not responding", .external),
        ("Extension 'geo-tools' requires a core version of >=3.4.0, and you have 3.2.1", .configuration),
        ("Extension loaded in 2.5 s, 3 > 2 workers", nil),
        ("Query tokens are not recommended: ALLOW_QUERY_TOKENS will default to false in 2.3 and will be removed in 2.4", .expectedNoise),
        ("[i] Waiting for the database. You may see an error about a dropped handshake, this is normal.", .expectedNoise),
        ("Passing the password on the command line can be insecure.", .expectedNoise),
        ("Transparent huge pages are on, latency may suffer. To fix this issue run 'echo never > /sys/kernel/mm/thp'", .expectedNoise),
        ("Received SIGTERM. Requesting shutdown.", .expectedNoise),
        ("Worker 12 was sent SIGKILL, perhaps out of memory", .external),
        ("InnoDB: Starting crash recovery from checkpoint LSN=<num>", .external),
        ("Username or password is incorrect. Try again. IP: <ip>. Username: <email>.", .expectedNoise),
        ("Login failed for user <*> from IP <*>.", .expectedNoise),
        ("Mailbox login failed: wrong password for account <*>", .configuration),
        ("database system was not properly shut down; automatic recovery in progress", .external),
        ("app.service: Main process exited, code=killed, status=9/KILL", .external),
        ("Fetching favicon https://shop.example.org/favicon.ico failed — details: Status(403)", .external),
        ("Fetching favicon https://shop.example.org/favicon.ico failed with status: 404", .external),
        ("Sync of https://mirror.example.org took 1240 ms, 404 items", nil),
        ("PHP Fatal error:  Uncaught Error: Call to undefined method App\\Models\\Order::total()", .codeDefect),
        ("render failed: t.items.map is not a function", .codeDefect),
    ] as [(String, IssueKind?)])
    func theFailuresOwnWordsGiveItsKind(_ template: String, _ kind: IssueKind?) {
        #expect(Self.kind(of: template) == kind)
    }

    /// Logins refused to clients named by address are someone trying their luck, unless it is always one account
    /// from one client: a service configured with the wrong password.
    @Test func oneAccountRefusedFromOneClientIsConfiguration() {
        let template = "Login failed for user 'svc_app'. Reason: Password did not match. [CLIENT: <ip>]"
        func symptoms(_ clients: Int) -> [Symptom] {
            [Symptom(name: "client", values: [.init("172.18.0.3", count: 3)], distinct: clients)]
        }
        #expect(Self.kind(of: template, symptoms: symptoms(1)) == .configuration)
        #expect(Self.kind(of: template, symptoms: symptoms(40)) == .expectedNoise)
        #expect(Self.kind(of: template) == .expectedNoise)
        // an audit event's type, its clients in a field
        #expect(Self.kind(of: "Created Event — login_failed", symptoms: symptoms(40)) == .expectedNoise)
        #expect(Self.kind(of: "Created Event — login_failed", symptoms: symptoms(1)) == .configuration)
    }

    /// A service limiting its clients (its response lines say `Too Many Requests`, the number masked) is expected
    /// noise with what it logged beside those answers, errors included.
    @Test func aServiceLimitingItsClientsIsNoise() {
        let issue = TrackerIssue(number: 1, title: "login", signatures: [
            Signature(id: "s1", template: "Too many login attempts", count: 40, level: .error),
            Signature(id: "s2", template: "(login) POST <path> => <num> Too Many Requests — client error", count: 40, level: .warning),
        ])
        let analysis = TrackerAnalyser().analyse(AnalysisInput(document: TrackerDocument(issues: [issue])))
        #expect(analysis.issue(1)?.kind == .expectedNoise, "\(analysis.issue(1)?.kindReasons ?? [])")
    }

    /// The log's notices are expected noise, whatever was logged with them, as long as nothing is worse than a
    /// warning.
    @Test func theNoticesAreNoiseEvenBesideAShutdown() {
        func issue(_ second: Level) -> TrackerIssue {
            TrackerIssue(number: 1, title: "notices", signatures: [
                Signature(id: "s1", template: "Query tokens are not recommended and will be removed in 2.4", count: 1, level: .warning),
                Signature(id: "s2", template: "Received SIGTERM. Shutting down...", count: 1, level: second),
            ])
        }
        func kind(_ issue: TrackerIssue) -> IssueKind? {
            TrackerAnalyser().analyse(AnalysisInput(document: TrackerDocument(issues: [issue]))).issue(1)?.kind
        }
        #expect(kind(issue(.warning)) == .expectedNoise)
        #expect(kind(issue(.error)) != .expectedNoise)
    }

    /// A warning that names no failure, exception or setting is something the service went on from: likely noise.
    /// An error, or a warning with an exception, stays unclassified without more to go on.
    @Test func aWarningThatNamesNoFailureIsLikelyNoise() {
        func kind(_ level: Level, facts: SignatureFacts? = nil) -> IssueKind? {
            let issue = Self.issue(1, "Optimistic lock conflict while reconciling <*>, requeued", level: level)
            let input = AnalysisInput(document: TrackerDocument(issues: [issue]), facts: facts.map { ["s1": $0] } ?? [:])
            return TrackerAnalyser().analyse(input).issue(1)?.kind
        }
        #expect(kind(.warning) == .expectedNoise)
        #expect(kind(.error) == nil)
        #expect(kind(.warning, facts: SignatureFacts(exceptionTypes: ["ConcurrentModificationException"])) == nil)
    }

    /// A network error type is not a defect of the code that raised it; a crash is, even when a full disk caused it.
    @Test func aConnectionErrorRaisedInTheServiceIsStillAnOutage() {
        let facts = SignatureFacts(exceptionTypes: ["ConnectionRefusedError"])
        #expect(Self.kind(of: "queue: lost the link to the message bus, reconnecting", facts: facts) == .external)
    }

    /// An exception nothing caught killed the program: a code defect whatever triggered it, unless a dependency
    /// was simply gone; the same exception logged by the service is judged by its words.
    @Test func anUncaughtExceptionIsACodeDefect() {
        let denied = "PermissionError: [Errno 13] Permission denied: '/srv/inbox/a.pdf'"
        let uncaught = SignatureFacts(exceptionTypes: ["PermissionError"], uncaught: true)
        #expect(Self.kind(of: denied, facts: uncaught) == .codeDefect)
        #expect(Self.kind(of: denied, facts: SignatureFacts(exceptionTypes: ["PermissionError"])) == .configuration)
        let refused = SignatureFacts(exceptionTypes: ["ConnectionRefusedError"], uncaught: true)
        #expect(Self.kind(of: "ConnectionRefusedError: [Errno 111] Connection refused", facts: refused) == .external)
    }

    /// Requests the service refused with a 4xx are the clients' doing, unless a rule gives them a cause of their own.
    @Test func requestsAnsweredWithClientErrorsAreExpectedNoise() {
        let endpoint = Symptom(name: "endpoint", values: [.init("POST /login", count: 40)], distinct: 1)
        let status = Symptom(name: "status", values: [.init("429", count: 40)], distinct: 1)
        #expect(Self.kind(of: "POST <path> -> 429 Too Many Requests", symptoms: [endpoint, status]) == .expectedNoise)
        #expect(Self.kind(of: "POST <path> -> 429 Too Many Requests", symptoms: [status]) != .expectedNoise, "no endpoint: a call it made")
        // An access line's request line says the service answered it, endpoint or not.
        let notFound = Symptom(name: "status", values: [.init("404", count: 12)], distinct: 1)
        #expect(Self.kind(of: #"<ip> - - [<date>] "GET <*> HTTP/1.1" <num> <num> — client error: Not Found"#, symptoms: [notFound]) == .expectedNoise)
        // A request line the service logs at ERROR for each 4xx, with the detail of why, is still its answer.
        let forbidden = Symptom(name: "status", values: [.init("403", count: 5)], distinct: 1)
        let issue = TrackerIssue(
            number: 1, title: "refused",
            signatures: [Signature(id: "s1", template: #""GET <path>" <num> <duration> — details: Authorization failed"#, count: 5, level: .error)],
            symptoms: [forbidden])
        #expect(TrackerAnalyser().analyse(AnalysisInput(document: TrackerDocument(issues: [issue]))).issue(1)?.kind == .expectedNoise)
        // An access line that says its response failed with a 4xx is the service answering, whatever its layout.
        #expect(Self.kind(of: "router: completed GET <path> for <ip>, <num> Unauthorized in <duration> — client error") == .expectedNoise)
    }

    /// A 4xx answered beside an error of the service's own is that failure answered, not a client's mistake;
    /// beside a 429 the service's own words are its limiter speaking, at any level.
    @Test func clientErrorsBesideTheServicesOwnErrorAreNotNoise() {
        func kind(_ message: String, _ level: Level, _ response: String, sample: String) -> IssueKind? {
            var issue = TrackerIssue(
                number: 1, title: message,
                signatures: [
                    Signature(id: "s1", template: message, count: 9, level: level),
                    Signature(id: "s2", template: response, count: 9, level: .warning),
                ],
                occurrences: Occurrences(count: 18, firstSeen: Timestamp(millisecondsSinceEpoch: 0)))
            issue.samples = [sample]
            return TrackerAnalyser().analyse(AnalysisInput(document: TrackerDocument(issues: [issue]))).issue(1)?.kind
        }
        #expect(kind("Error saving record.", .error, "(save) PUT <path> => <num> Bad Request — client error",
            sample: "(save) PUT /api/records/7 => 400 Bad Request") != .expectedNoise)
        #expect(kind("Too many login attempts", .error, "(login) POST <path> => <num> Too Many Requests — client error",
            sample: "(login) POST /identity/token => 429 Too Many Requests") == .expectedNoise)
        #expect(IssueFactsBuilder.httpStatuses(in: "(login) POST /token => 429 Too Many Requests") == [429])
        #expect(IssueFactsBuilder.httpStatuses(in: "retried 3 times in 404 ms") == [])
    }

    /// A rule that calls a refused connection a configuration problem is overruled by time: failures that start
    /// after the service had been running are an outage of the dependency.
    @Test func aConnectionFailureThatComesAndGoesIsAnOutage() throws {
        let rule = Rule(
            id: "db-refused", title: "Database refuses connections", match: RuleMatcher(text: ["connection refused"]),
            kind: .configuration)
        let pack = try Self.rules([rule])
        let hour: Int64 = 3_600_000
        func analysed(refusedFrom start: Int64, to end: Int64) -> IssueAnalysis? {
            var refused = Self.issue(1, "db: Connection refused")
            refused.occurrences = Occurrences(
                count: 9, firstSeen: Timestamp(millisecondsSinceEpoch: start), lastSeen: Timestamp(millisecondsSinceEpoch: end))
            var other = Self.issue(2, "Slow request")
            other.occurrences = Occurrences(
                count: 3, firstSeen: Timestamp(millisecondsSinceEpoch: 0), lastSeen: Timestamp(millisecondsSinceEpoch: 4 * hour))
            return TrackerAnalyser(rules: pack).analyse(AnalysisInput(document: TrackerDocument(issues: [refused, other]))).issue(1)
        }
        #expect(analysed(refusedFrom: 0, to: 4 * hour)?.kind == .configuration, "never worked: the setting")
        let outage = try #require(analysed(refusedFrom: 2 * hour, to: 3 * hour))
        #expect(outage.kind == .external)
        #expect(outage.kindReasons.contains { $0.text.contains("comes and goes") })
        // The only issue of a log: the time the logs cover, not the issue's own, says it came and went.
        var alone = Self.issue(1, "db: Connection refused")
        alone.occurrences = Occurrences(
            count: 9, firstSeen: Timestamp(millisecondsSinceEpoch: 2 * hour), lastSeen: Timestamp(millisecondsSinceEpoch: 3 * hour))
        func kind(_ period: ClosedRange<Timestamp>?) -> IssueKind? {
            TrackerAnalyser(rules: pack).analyse(AnalysisInput(document: TrackerDocument(issues: [alone]), period: period)).issue(1)?.kind
        }
        #expect(kind(nil) == .configuration)
        #expect(kind(Timestamp(millisecondsSinceEpoch: 0)...Timestamp(millisecondsSinceEpoch: 4 * hour)) == .external)
    }

    @Test func aRuleDecidesTheKindAndSpeaksWithTheIssuesValues() throws {
        let rule = Rule(
            id: "model-not-found", title: "Upstream model missing", match: RuleMatcher(text: ["model .* not found"]),
            subsystem: "llm", kind: .external,
            hypotheses: [Hypothesis("The provider no longer serves {model}.", confidence: .high)],
            questions: ["Which deployment still names {model}?"], validation: ["A request for {model} succeeds"],
            fixes: ["Pin a model the provider serves"])
        let issue = Self.issue(
            1, "Upstream model <*> not found", symptoms: [Symptom(name: "model", values: [.init("acme/large-v2", count: 3)])])
        let analysis = try #require(
            TrackerAnalyser(rules: try Self.rules([rule])).analyse(AnalysisInput(document: TrackerDocument(issues: [issue]))).issue(1))
        #expect(analysis.kind == .external)
        #expect(analysis.rules == ["model-not-found"])
        #expect(analysis.primaryHypotheses.first?.text.contains("acme/large-v2") == true, "\(analysis.primaryHypotheses)")
        #expect(analysis.questions.first?.text.contains("acme/large-v2") == true)
        #expect(analysis.fixOptions.map(\.text) == ["Pin a model the provider serves"])
        #expect(analysis.validation.count == 2, "the rule's step and logtriage verify")
    }

    /// A gateway timeout (external), then an indexing failure with a cause of its own (a code defect), then a
    /// 502 with no rule of its own, each three times; and a reloader.
    static func chain() throws -> TrackerAnalysis {
        let rules = try Self.rules([
            Rule(id: "timeout", title: "Upstream timeout", match: RuleMatcher(text: ["timed out"]), kind: .external),
            Rule(id: "not-ready", title: "Used before ready", match: RuleMatcher(text: ["not initialized"]), kind: .codeDefect),
            Rule(id: "reloader", title: "Dev reloader", match: RuleMatcher(text: ["Reloading"]), kind: .expectedNoise),
        ])
        let issues = [
            Self.issue(1, "Gateway call timed out", firstSeen: 0),
            Self.issue(2, "Cannot index order <num>: search not initialized", firstSeen: 10),
            Self.issue(3, "Checkout answered 502", level: .warning, firstSeen: 20),
            Self.issue(4, "Change detected. Reloading...", level: .warning, count: 1, firstSeen: 30),
        ]
        var timelines = Cooccurrence()
        for id in ["s1", "s2", "s3", "s4"] { timelines.episodes[id] = 3 }
        timelines.follows[Cooccurrence.Pair(from: "s1", to: "s2")] = Cooccurrence.Follow(count: 3, totalLag: 60, maxLag: 30)
        timelines.follows[Cooccurrence.Pair(from: "s1", to: "s3")] = Cooccurrence.Follow(count: 3, totalLag: 3, maxLag: 1)
        timelines.follows[Cooccurrence.Pair(from: "s3", to: "s4")] = Cooccurrence.Follow(count: 1, totalLag: 5, maxLag: 5)
        return TrackerAnalyser(rules: rules).analyse(
            AnalysisInput(document: TrackerDocument(issues: issues), timelines: timelines))
    }

    @Test func effectsWithACauseOfTheirOwnAreSideEffects() throws {
        let analysis = try Self.chain()
        let gateway = try #require(analysis.issue(1))
        #expect(gateway.role == .firstFailure)
        #expect(Set(gateway.related) == [Relation(issue: 2, relation: "side effect"), Relation(issue: 3, relation: "downstream effect")])
        #expect(gateway.downstream.contains { $0.text.hasPrefix("Issue 2 (`Cannot index order …: search not initialized`) follows it: 3 of 3 episodes, typical lag 20 ms") })
        let indexing = try #require(analysis.issue(2))
        #expect(indexing.role == .sideEffect)
        #expect(indexing.related == [Relation(issue: 1, relation: "side effect of")])
        let checkout = try #require(analysis.issue(3))
        #expect(checkout.role == .downstream)
        #expect(checkout.related == [Relation(issue: 1, relation: "downstream effect of")])
        // No rule of its own: it is the kind of what it follows.
        #expect(checkout.kind == .external)
        #expect(checkout.kindReasons.first?.text.hasPrefix("Downstream effect of Issue 1, which is external") == true)
        #expect(checkout.primaryHypotheses.first?.text.hasPrefix("Triggered by Issue 1") == true)
        // A single co-occurrence with the reloader is no link.
        #expect(analysis.issue(4)?.related.isEmpty == true)
    }

    /// A failure to report errors fires at the same instant as each of two failures that never fire with each other:
    /// it is their common effect, whichever was logged first, and it is looked at after both.
    @Test func aReactionToIndependentFailuresIsTheirEffect() throws {
        let issues = [
            Self.issue(1, "Could not mail the error report", level: .warning, count: 5, firstSeen: 0),
            Self.issue(2, "Database host db not known", count: 3, firstSeen: 1_000),
            Self.issue(3, "Argument #1 must be of type User, int given", count: 2, firstSeen: 3_600_000),
        ]
        var timelines = Cooccurrence()
        timelines.episodes = ["s1": 5, "s2": 3, "s3": 2]
        timelines.timeline = 40 * CooccurrenceTracker.window
        timelines.covered = ["s1": 5 * 2 * CooccurrenceTracker.window, "s2": 3 * 2 * CooccurrenceTracker.window, "s3": 2 * 2 * CooccurrenceTracker.window]
        // the report's line comes first in each second: the log's order says nothing
        timelines.follows[Cooccurrence.Pair(from: "s1", to: "s2")] = Cooccurrence.Follow(count: 3, totalLag: 0, maxLag: 0)
        timelines.follows[Cooccurrence.Pair(from: "s1", to: "s3")] = Cooccurrence.Follow(count: 2, totalLag: 0, maxLag: 0)
        let analysis = TrackerAnalyser().analyse(AnalysisInput(document: TrackerDocument(issues: issues), timelines: timelines))
        let mail = try #require(analysis.issue(1))
        #expect(Set(mail.related.map(\.issue)) == [2, 3])
        #expect(mail.related.allSatisfy { $0.relation.contains("of") }, "\(mail.related)")
        #expect(analysis.investigationOrder.map(\.issue) == [2, 3, 1])
        // Failures that fire together are no independent causes: the reaction rule stays silent.
        timelines.follows[Cooccurrence.Pair(from: "s2", to: "s3")] = Cooccurrence.Follow(count: 1, totalLag: 5, maxLag: 5)
        let linked = TrackerAnalyser().analyse(AnalysisInput(document: TrackerDocument(issues: issues), timelines: timelines))
        #expect(linked.issue(1)?.related.contains { $0.issue == 2 && $0.relation.contains("of") } == false)
    }

    @Test func theOrderPutsFirstFailuresFirstAndNoiseLast() throws {
        let analysis = try Self.chain()
        #expect(analysis.investigationOrder.map(\.issue) == [1, 2, 3, 4])
        #expect(analysis.investigationOrder[0].text.contains("first failing subsystem"))
        #expect(analysis.investigationOrder[1].text.contains("side effect of Issue 1"))
        #expect(analysis.investigationOrder[3].text.contains("expected noise"))
        let chain = try #require(analysis.crossIssueNotes.first)
        #expect(chain.text.hasPrefix("Chain of Issue 1, Issue 2, Issue 3"))
        #expect(chain.children.contains { $0.text.contains("Issue 2 follows Issue 1 in 3 of 3 episodes") && $0.text.contains("side effect") })
        #expect(analysis.crossIssueNotes.contains { $0.text.hasPrefix("Issue 3 and Issue 4 overlap in time but are independent: only 1 of 3") })
    }

    /// Expected noise that comes first at every start causes nothing: what follows it keeps a kind of its own.
    @Test func expectedNoiseIsNoCause() throws {
        let issues = [
            Self.issue(1, "The `--legacy-flag` option is deprecated and will be removed in a future release", level: .warning, firstSeen: 0),
            Self.issue(2, "Plugin loader rejected archive report-export", firstSeen: 10),
        ]
        var timelines = Cooccurrence()
        for id in ["s1", "s2"] { timelines.episodes[id] = 2 }
        timelines.follows[Cooccurrence.Pair(from: "s1", to: "s2")] = Cooccurrence.Follow(count: 2, totalLag: 4, maxLag: 2)
        let analysis = TrackerAnalyser().analyse(AnalysisInput(document: TrackerDocument(issues: issues), timelines: timelines))
        let noise = try #require(analysis.issue(1))
        let plugin = try #require(analysis.issue(2))
        #expect(noise.kind == .expectedNoise)
        #expect(plugin.kind != .expectedNoise && plugin.role != .downstream)
        #expect(analysis.graph.links.isEmpty)
    }

    /// What a cause sets off is looked at right after it, before a standalone problem that began later.
    @Test func effectsComeRightAfterTheirCause() throws {
        let issues = [
            Self.issue(1, "Replica lag above threshold", firstSeen: 0),
            Self.issue(2, "Report export aborted", firstSeen: 10),
            Self.issue(3, "Cache warm-up skipped", firstSeen: 5),
        ]
        var timelines = Cooccurrence()
        for id in ["s1", "s2", "s3"] { timelines.episodes[id] = 3 }
        timelines.follows[Cooccurrence.Pair(from: "s1", to: "s2")] = Cooccurrence.Follow(count: 3, totalLag: 3, maxLag: 1)
        let analysis = TrackerAnalyser().analyse(AnalysisInput(document: TrackerDocument(issues: issues), timelines: timelines))
        #expect(analysis.investigationOrder.map(\.issue) == [1, 2, 3])
    }

    /// A cause is as severe as the user-facing failures downstream of it, so it is not ranked below them.
    @Test func aCauseIsAsSevereAsWhatItSetsOff() throws {
        let endpoint = Symptom(name: "endpoint", values: [.init("POST /api/checkout", count: 3)], distinct: 1)
        let issues = [
            Self.issue(1, "Gateway call timed out", level: .warning, firstSeen: 0),
            Self.issue(2, "Checkout answered 502", level: .warning, symptoms: [endpoint], firstSeen: 20),
        ]
        var timelines = Cooccurrence()
        for id in ["s1", "s2"] { timelines.episodes[id] = 3 }
        timelines.follows[Cooccurrence.Pair(from: "s1", to: "s2")] = Cooccurrence.Follow(count: 3, totalLag: 3, maxLag: 1)
        let analysis = TrackerAnalyser().analyse(AnalysisInput(document: TrackerDocument(issues: issues), timelines: timelines))
        let effect = try #require(analysis.issue(2))
        let cause = try #require(analysis.issue(1))
        #expect(effect.role == .downstream && effect.severity == .high)
        #expect(cause.severity == .high)
        #expect(cause.severityReasons.contains("its downstream effect Issue 2 is high"))
        #expect(analysis.investigationOrder.first?.issue == 1)
    }

    @Test func severityFollowsNoiseUsersAndRules() throws {
        let analysis = try Self.chain()
        #expect(analysis.issue(4)?.severity == .low)
        let facing = Self.issue(
            1, "Slow response for <path>", level: .warning,
            symptoms: [Symptom(name: "endpoint", values: [.init("/api/cart", count: 3)])])
        let result = try #require(TrackerAnalyser().analyse(AnalysisInput(document: TrackerDocument(issues: [facing]))).issue(1))
        #expect(result.severity == .high)
        #expect(result.severityReasons.contains { $0.hasPrefix("user-facing") })
    }

    @Test func abbreviatedJavaPackagesAreDroppedFromTheSubsystem() {
        #expect(IssueDerivation.subsystem(fromLogger: "c.s.orders.OrderService") == "orders.OrderService")
        #expect(IssueDerivation.subsystem(fromLogger: "o.h.e.j.e.i.JdbcEnvironmentInitiator") == "JdbcEnvironmentInitiator")
        #expect(IssueDerivation.subsystem(fromLogger: "shop.payments.client") == "payments.client")
        #expect(IssueDerivation.subsystem(fromLogger: "o.a.c.c.C.[.[.[/].[dispatcherServlet]") == "dispatcherServlet")
        // a request tag of the logger's is no part of a title; a tag that says something is
        #expect(IssueDerivation.title(fromTemplate: "[<*>] NoMethodError: undefined method `total'") == "NoMethodError: undefined method `total'")
        #expect(IssueDerivation.title(fromTemplate: "[worker] Job <num> failed") == "[worker] Job … failed")
        #expect(IssueDerivation.title(fromTemplate: "[<*>]") == "[…]", "a tag alone is all there is")
        #expect(IssueDerivation.subsystem(fromLogger: "app.mail") == "app.mail")
    }

    @Test func aSettingIsMentionedOnlyAsAWholeWord() {
        #expect(TrackerAnalyser.mentions("Missing required setting SMTP_PASSWORD; e-mails disabled", name: "SMTP_PASSWORD"))
        #expect(TrackerAnalyser.mentions("payment_timeout=30 exceeded", name: "settings.payment_timeout"))
        #expect(!TrackerAnalyser.mentions("ReadTimeout after 30 s", name: "settings.timeout"))
        #expect(!TrackerAnalyser.mentions("Missing SMTP_PASSWORD_FILE", name: "SMTP_PASSWORD"))
        #expect(!TrackerAnalyser.mentions("env is fine", name: "ENV"), "too short to mean anything")
    }
}
