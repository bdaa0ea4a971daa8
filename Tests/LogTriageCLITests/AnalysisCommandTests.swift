import Foundation
import Testing

/// Root-cause analysis end to end on the bundled example: `Examples/backend.log` with the shop's source in
/// `Examples/shop-backend`.
///
/// The expected tracker was written down before the analysis first ran, the way the example's author would
/// triage it:
/// - the JWT failures (`shop.middleware.auth`): expired tokens rejected in production; the code is
///   `JWTAuthMiddleware.verify_token` in `shop/middleware/auth.py`, which reads `JWT_LEEWAY_SECONDS`.
///   Written first as a configuration problem; the first run called it a code defect, and on reflection that is
///   the better reading: "Signature has expired" (not an issuer or key mismatch) means clients send tokens
///   past their expiry, a refresh bug, with clock skew (configuration) as the secondary hypothesis;
/// - the payment timeouts are an external failure and the first failing subsystem (`payments.client`): the
///   traceback's frame `shop/payments/client.py` line 88 in `PaymentClient.charge`, and the log call there;
///   `PAYMENT_TIMEOUT_SECONDS` is read by that module;
/// - "Cannot index order" follows the checkout failures within milliseconds but fails for its own reason
///   (search not initialised): a code defect and a side effect of the payment issue, in
///   `SearchIndexer.index_order`;
/// - the missing `SMTP_PASSWORD` is a configuration problem, read by `load_settings` in `shop/config.py`;
/// - the StatReload line is expected noise, low severity, last in the investigation order.
struct AnalysisCommandTests {
    let directory: URL

    init() throws {
        directory = try CLI.scratchDirectory("analysis")
    }

    var db: String { directory.appendingPathComponent("tracker.sqlite").path }

    func report() throws -> [String: Any] {
        let result = try CLI.run(["report", "--format", "json", "--db", db])
        #expect(result.status == 0, "\(result.stderr)")
        return try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
    }

    static func issue(_ issues: [[String: Any]], titled prefix: String) throws -> [String: Any] {
        try #require(issues.first { ($0["title"] as? String)?.hasPrefix(prefix) == true }, "no issue titled \(prefix)…")
    }

    static func evidence(_ issue: [String: Any]) -> [(file: String, function: String?, line: Int?)] {
        (issue["evidence"] as? [[String: Any]] ?? []).compactMap { item in
            guard let file = item["file"] as? String else { return nil }
            return (file, item["function"] as? String, item["line"] as? Int)
        }
    }

    static func text(_ value: Any?) -> String {
        guard let value else { return "" }
        if let data = try? JSONSerialization.data(withJSONObject: value, options: [.fragmentsAllowed]) {
            return String(decoding: data, as: UTF8.self)
        }
        return "\(value)"
    }

    @Test func theExampleIsTriagedAsItsAuthorWould() throws {
        let scan = try CLI.run(["scan", "Examples/backend.log", "--source", "Examples/shop-backend", "--db", db])
        #expect(scan.status == 0, "\(scan.stderr)")
        let document = try report()
        let issues = try #require(document["issues"] as? [[String: Any]])

        let auth = try Self.issue(issues, titled: "JWT verification failed")
        #expect(auth["kind"] as? String == "code-defect", "\(Self.text(auth["kind_reasons"]))")
        #expect(Self.text(auth["hypotheses"]).contains("leeway"))
        #expect(Self.evidence(auth).contains { $0.file == "shop/middleware/auth.py" && $0.function == "JWTAuthMiddleware.verify_token" })

        let payment = try Self.issue(issues, titled: "Payment gateway request failed")
        #expect(payment["kind"] as? String == "external", "\(Self.text(payment["kind_reasons"]))")
        #expect(payment["subsystem"] as? String == "payments.client")
        let paymentCode = Self.evidence(payment)
        #expect(paymentCode.contains { $0.file == "shop/payments/client.py" && $0.line == 88 && $0.function == "PaymentClient.charge" })
        #expect(paymentCode.contains { $0.file == "shop/payments/client.py" && $0.line == 93 }, "the log call")
        let logCall = (payment["evidence"] as? [[String: Any]] ?? []).first { $0["line"] as? Int == 93 }
        #expect((logCall?["detail"] as? String)?.contains(#"logger.error( "Payment gateway request failed: %s"#) == true, "the message, not just `logger.error(`")
        #expect(Self.text(payment["evidence"]).contains("PAYMENT_TIMEOUT_SECONDS"))

        let indexing = try Self.issue(issues, titled: "Cannot index order")
        #expect(indexing["kind"] as? String == "code-defect", "\(Self.text(indexing["kind_reasons"]))")
        #expect(Self.evidence(indexing).contains { $0.file == "shop/search/indexer.py" && $0.function == "SearchIndexer.index_order" && $0.line == 34 })
        let paymentNumber = try #require(payment["id"] as? Int)
        let indexingRelations = indexing["related"] as? [[String: Any]] ?? []
        #expect(indexingRelations.contains { $0["issue"] as? Int == paymentNumber && $0["relation"] as? String == "side effect of" })

        let smtp = try Self.issue(issues, titled: "Missing required setting SMTP_PASSWORD")
        #expect(smtp["kind"] as? String == "configuration")
        #expect(Self.evidence(smtp).contains { $0.file == "shop/config.py" && $0.function == "load_settings" })
        #expect(Self.text(smtp["hypotheses"]).contains("SMTP_PASSWORD"))

        let reload = try Self.issue(issues, titled: "StatReload detected changes")
        #expect(reload["kind"] as? String == "expected-noise")
        #expect(reload["severity"] as? String == "low")

        // The chain: payment first, the indexing failure after it; expected noise last.
        let notes = Self.text(document["cross_issue_notes"])
        #expect(notes.contains("payments.client"), "\(notes)")
        let order = (document["investigation_steps"] as? [[String: Any]] ?? []).compactMap { $0["issue"] as? Int }
        let indexingNumber = try #require(indexing["id"] as? Int)
        let reloadNumber = try #require(reload["id"] as? Int)
        #expect(order.last == reloadNumber, "\(order)")
        let paymentPosition = try #require(order.firstIndex(of: paymentNumber))
        let indexingPosition = try #require(order.firstIndex(of: indexingNumber))
        #expect(paymentPosition < indexingPosition)

        // Every issue is classified and says how sure it is.
        for issue in issues {
            #expect(issue["kind"] as? String != nil)
            #expect(issue["confidence"] as? String != nil)
            #expect(!(issue["confidence_reasons"] as? [Any] ?? []).isEmpty)
        }
    }

    @Test func theSourceTreeIsRememberedAndExplainShowsTheCode() throws {
        #expect(try CLI.run(["scan", "Examples/backend.log", "--source", "Examples/shop-backend", "--db", db]).status == 0)
        let document = try report()
        let issues = try #require(document["issues"] as? [[String: Any]])
        let payment = try #require(try Self.issue(issues, titled: "Payment gateway")["id"] as? Int)
        let explain = try CLI.run(["explain", String(payment), "--db", db])
        #expect(explain.status == 0, "\(explain.stderr)")
        #expect(explain.stdout.contains("shop/payments/client.py:88 in PaymentClient.charge"))
        #expect(explain.stdout.contains("> 88 |                 response = await self._http.post(url, json=payload, timeout=self.timeout)"))
        #expect(explain.stdout.contains("PAYMENT_TIMEOUT_SECONDS"))
        #expect(explain.stdout.contains("Why external"))
    }

    @Test func aMissingSourceTreeIsRefusedBeforeReading() throws {
        let result = try CLI.run(["scan", "Examples/backend.log", "--source", "no/such/tree", "--db", db])
        #expect(result.status == 64)
        #expect(result.stderr.contains("The source tree 'no/such/tree' does not exist"))
        #expect(!FileManager.default.fileExists(atPath: db))
    }

    @Test func handEditedFieldsSurviveTheNextAnalysis() throws {
        #expect(try CLI.run(["scan", "Examples/backend.log", "--db", db]).status == 0)
        let issues = try #require(try report()["issues"] as? [[String: Any]])
        let smtp = try #require(try Self.issue(issues, titled: "Missing required setting")["id"] as? Int)
        #expect(try CLI.run(["edit", String(smtp), "--kind", "code-defect", "--hypothesis", "Our own typo", "--db", db]).status == 0)
        #expect(try CLI.run(["scan", "Examples/backend.log", "--source", "Examples/shop-backend", "--db", db]).status == 0)
        let after = try Self.issue(try #require(try report()["issues"] as? [[String: Any]]), titled: "Missing required setting")
        #expect(after["kind"] as? String == "code-defect")
        #expect(Self.text(after["kind_reasons"]) == #"["Set by hand"]"#, "the analysis' reasons argued for another kind")
        #expect(Self.text(after["hypotheses"]).contains("Our own typo"))
        // Fields not edited are still filled by the analysis.
        #expect(Self.evidence(after).contains { $0.file == "shop/config.py" })
    }

    /// A small service whose code holds secrets of its own (a default key, a token in a function).
    func writeLeakyService() throws {
        let app = directory.appendingPathComponent("src/app")
        try FileManager.default.createDirectory(at: app, withIntermediateDirectories: true)
        try Data(
            """
            import logging
            import os

            logger = logging.getLogger("app.pay")
            STRIPE_KEY = os.getenv("STRIPE_SECRET_KEY", "sk_live_51HqLyjWDarjtT1zdp7dcXYZ0123")
            SENDGRID_KEY = os.getenv("SENDGRID_KEY", "SGabcdEFGH1234ijklMNOP")

            def charge(customer_id):
                token = "ghp_abcdefghijklmnopqrstuvwxyz0123456789"
                smtp = os.getenv("MAILER_PASSWORD", "hunter2Prod!")
                logger.error("Charge failed for customer %s", customer_id)

            """.utf8
        ).write(to: app.appendingPathComponent("pay.py"))
        let lines = (0..<3).map { "2026-03-10 09:1\($0):02,118 - app.pay - ERROR - Charge failed for customer c_\($0)" }
        try Data((lines.joined(separator: "\n") + "\n").utf8).write(to: directory.appendingPathComponent("app.log"))
    }

    @Test func secretsInTheSourceTreeAreNeitherStoredNorPrinted() throws {
        try writeLeakyService()
        let scan = try CLI.run(["scan", "app.log", "--source", "src"], in: directory)
        #expect(scan.status == 0, "\(scan.stderr)")
        let explain = try CLI.run(["explain", "1"], in: directory)
        #expect(explain.status == 0, "\(explain.stderr)")
        #expect(explain.stdout.contains("app/pay.py:11 in charge"), "\(explain.stdout)")
        #expect(explain.stdout.contains("STRIPE_SECRET_KEY (environment, default [REDACTED:secret])"), "\(explain.stdout)")
        let report = try CLI.run(["report"], in: directory)
        var stored = Data()
        for name in ["tracker.sqlite", "tracker.sqlite-wal"] {
            stored += (try? Data(contentsOf: directory.appendingPathComponent(".logtriage/" + name))) ?? Data()
        }
        #expect(explain.stdout.contains("SENDGRID_KEY (environment, default [REDACTED:secret])"), "\(explain.stdout)")
        for secret in ["sk_live_51HqLyjWDarjtT1zdp7dc", "ghp_abcdefghijklmnopqrstuvwxyz", "hunter2Prod", "SGabcdEFGH1234"] {
            #expect(!explain.stdout.contains(secret))
            #expect(!report.stdout.contains(secret))
            #expect(stored.range(of: Data(secret.utf8)) == nil, "\(secret) stored")
        }
    }

    @Test func projectRulesDecideTheKind() throws {
        try writeLeakyService()
        try FileManager.default.createDirectory(at: directory.appendingPathComponent(".logtriage"), withIntermediateDirectories: true)
        try Data(
            """
            rules:
              - id: card-processor-down
                title: The card processor refuses charges
                match: {text: ['Charge failed for customer'], logger: [app.pay]}
                subsystem: payments
                kind: external
                hypotheses: ["The processor is down for {function|the charging code}."]
                examples: {match: [{text: "Charge failed for customer c_1", logger: app.pay}], no_match: ["Charge succeeded"]}
            """.utf8
        ).write(to: directory.appendingPathComponent(".logtriage/rules.yaml"))
        #expect(try CLI.run(["rules", "--check"], in: directory).status == 0)
        #expect(try CLI.run(["scan", "app.log", "--source", "src"], in: directory).status == 0)
        let explain = try CLI.run(["explain", "1"], in: directory)
        #expect(explain.stdout.contains("Open · High · External · app.pay"), "\(explain.stdout)")
        #expect(explain.stdout.contains("Rule `card-processor-down`"))
        #expect(explain.stdout.contains("The processor is down for `charge`."), "\(explain.stdout)")
    }

    /// Another stack (Spring Boot, logback, JDBC): a database refusing connections, then the 503s it causes.
    @Test func aJavaServicesDatabaseOutageIsTheFirstFailure() throws {
        let scan = try CLI.run(["scan", "Tests/LogTriageCLITests/Fixtures/spring_db_outage.log", "--db", db])
        #expect(scan.status == 0, "\(scan.stderr)")
        let document = try report()
        let issues = try #require(document["issues"] as? [[String: Any]])
        let load = try Self.issue(issues, titled: "Failed to load order")
        // The rule reads a refused connection as a wrong address; the refusals stop long before the log ends, so
        // the database had an outage.
        #expect(load["kind"] as? String == "external")
        #expect(load["subsystem"] as? String == "orders.OrderService")
        #expect(Self.text(load["kind_reasons"]).contains("db-connection-failed"))
        #expect(Self.text(load["kind_reasons"]).contains("comes and goes"))
        let requests = try Self.issue(issues, titled: "Request GET")
        let loadNumber = try #require(load["id"] as? Int)
        #expect((requests["related"] as? [[String: Any]] ?? []).contains {
            $0["issue"] as? Int == loadNumber && $0["relation"] as? String == "downstream effect of"
        })
        #expect(requests["kind"] as? String == "external", "the kind of what it follows")
        let npe = try Self.issue(issues, titled: "NullPointerException in reindex job")
        #expect(npe["kind"] as? String == "code-defect")
        let order = (document["investigation_steps"] as? [[String: Any]] ?? []).compactMap { $0["issue"] as? Int }
        #expect(order.first == loadNumber)
    }

    /// What the service logs right before each failure is written down with it, and `match` places those lines
    /// with the issue.
    @Test func theStepBeforeEachFailureIsObservedBehavior() throws {
        var lines: [String] = []
        for (index, minute) in [10, 25, 40].enumerated() {
            for second in 0..<30 {
                lines.append("2026-03-10 09:\(minute):\(10 + second),000 - api.http - INFO - Handled GET /items/\(second) in 9 ms")
            }
            lines.append("2026-03-10 09:\(minute + 1):00,000 - sync.worker - INFO - Starting sync of mailbox \(index)")
            lines.append("2026-03-10 09:\(minute + 1):00,500 - sync.worker - WARNING - Sync aborted, quota exceeded for mailbox \(index)")
        }
        let log = directory.appendingPathComponent("sync.log")
        try (lines.joined(separator: "\n") + "\n").write(to: log, atomically: true, encoding: .utf8)
        let scan = try CLI.run(["scan", log.path, "--db", db])
        #expect(scan.status == 0, "\(scan.stderr)")
        let issues = try #require(try report()["issues"] as? [[String: Any]])
        let sync = try Self.issue(issues, titled: "Sync aborted")
        #expect(Self.text(sync["behavior"]).contains("Right before it, `Starting sync of mailbox <num>` (3 of its 3 records)"))
        let match = try CLI.run(["match", log.path, "--db", db, "--issues-only"])
        #expect(match.status == 0, "\(match.stderr)")
        let placed = match.stdout.split(separator: "\n")
        #expect(placed.count == 6, "\(match.stdout)")
        #expect(placed.filter { $0.contains("Starting sync") }.count == 3)
    }
}
