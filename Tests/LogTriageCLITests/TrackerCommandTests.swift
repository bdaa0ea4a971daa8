import Foundation
import Testing

/// The tracker end to end, as a user runs it: scan → issues/show → edit/status → verify → report → import.
/// Each test works in its own temporary directory and database.
struct TrackerCommandTests {
    let directory: URL

    init() throws {
        directory = try CLI.scratchDirectory("tracker")
    }

    var db: String { directory.appendingPathComponent("tracker.sqlite").path }

    func path(_ name: String) -> String { directory.appendingPathComponent(name).path }

    func write(_ text: String, to name: String, append: Bool = false) throws {
        let url = directory.appendingPathComponent(name)
        if append, let handle = try? FileHandle(forWritingTo: url) {
            handle.seekToEndOfFile()
            handle.write(Data(text.utf8))
            try handle.close()
        } else {
            try Data(text.utf8).write(to: url)
        }
    }

    func run(_ arguments: [String]) throws -> CLI.Result { try CLI.run(arguments) }

    func issuesJSON() throws -> [[String: Any]] {
        let result = try run(["report", "--format", "json", "--db", db])
        #expect(result.status == 0, "\(result.stderr)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        return try #require(object["issues"] as? [[String: Any]])
    }

    static func line(_ time: String, _ logger: String, _ level: String, _ message: String) -> String {
        "2026-03-10 \(time),000 - \(logger) - \(level) - \(message)\n"
    }

    // MARK: - Scan

    @Test func scanGroupsTheExampleIntoIssuesAndPrintsTheTracker() throws {
        let result = try run(["scan", "Examples/backend.log", "--db", db])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("STATUS"))
        let issues = try issuesJSON()
        // auth (2 messages + the 401 responses), payment cascade, indexing side effect, missing setting, reload
        let titles = issues.compactMap { $0["title"] as? String }
        let auth = try #require(issues.first { ($0["title"] as? String)?.contains("JWT verification failed") == true })
        let authTemplates = (auth["signatures"] as? [[String: Any]] ?? []).compactMap { $0["template"] as? String }
        #expect(authTemplates.contains { $0.hasPrefix("Unverified token rejected") }, "\(titles)")
        let payment = try #require(issues.first { ($0["title"] as? String)?.contains("Payment gateway") == true })
        let paymentTemplates = (payment["signatures"] as? [[String: Any]] ?? []).compactMap { $0["template"] as? String }
        #expect(paymentTemplates.contains { $0.hasPrefix("Checkout failed") })
        // The indexing failure follows checkout failures but is a separate problem (a side effect).
        #expect(!paymentTemplates.contains { $0.contains("Cannot index") })
        #expect(titles.contains { $0.contains("Cannot index order") })
        // Records below WARNING never become issues.
        #expect(!titles.contains { $0.contains("Checkout started") })
        #expect(!result.stdout.contains("eyJzdWIiOiJzaG9wLWJhY2tlbmQi"))
    }

    @Test func rescanningTheSameFileCountsNothingTwiceAndAGrownFileContinues() throws {
        var log = ""
        for i in 0..<3 { log += Self.line("10:00:0\(i)", "app.db", "ERROR", "Database connection lost (pool=main)") }
        try write(log, to: "app.log")
        #expect(try run(["scan", path("app.log"), "--db", db]).status == 0)
        #expect(try run(["scan", path("app.log"), "--db", db]).status == 0)
        var issues = try issuesJSON()
        #expect(issues.count == 1)
        #expect((issues[0]["occurrences"] as? [String: Any])?["count"] as? Int == 3)

        try write(Self.line("10:00:09", "app.db", "ERROR", "Database connection lost (pool=main)"), to: "app.log", append: true)
        let grown = try run(["scan", path("app.log"), "--db", db])
        #expect(grown.status == 0)
        issues = try issuesJSON()
        #expect((issues[0]["occurrences"] as? [String: Any])?["count"] as? Int == 4)
        // The same template keeps its id across runs.
        let ids = (issues[0]["signatures"] as? [[String: Any]] ?? []).compactMap { $0["id"] as? String }
        #expect(ids.count == 1)
    }

    @Test func aTruncatedFileIsReadAgainAndSaidSo() throws {
        try write(Self.line("10:00:00", "app.db", "ERROR", "Database connection lost") + Self.line("10:00:01", "app.db", "ERROR", "Database connection lost"), to: "app.log")
        #expect(try run(["scan", path("app.log"), "--db", db]).status == 0)
        try write(Self.line("11:00:00", "app.db", "ERROR", "Database connection lost"), to: "app.log")
        let again = try run(["scan", path("app.log"), "--db", db])
        #expect(again.status == 0)
        #expect(again.stderr.contains("truncated") || again.stderr.contains("replaced"), "\(again.stderr)")
        #expect((try issuesJSON()[0]["occurrences"] as? [String: Any])?["count"] as? Int == 3)
    }

    @Test func twoScansAtOnceLoseNoUpdates() throws {
        var a = "", b = ""
        for i in 0..<400 {
            let t = String(format: "10:%02d:%02d", i / 60, i % 60)
            a += Self.line(t, "app.db", "ERROR", "Database connection lost (pool=main)")
            b += Self.line(t, "app.db", "ERROR", "Database connection lost (pool=main)")
        }
        try write(a, to: "a.log")
        try write(b, to: "b.log")
        // Both processes run at the same time; each waits for the other's write lock, none overwrites.
        let processes = ["a.log", "b.log"].map { name -> Process in
            let process = Process()
            process.executableURL = CLI.binary
            process.arguments = ["scan", path(name), "--db", db]
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            return process
        }
        for process in processes { try process.run() }
        for process in processes { process.waitUntilExit() }
        let statuses = processes.map(\.terminationStatus)
        #expect(statuses == [0, 0])
        let issues = try issuesJSON()
        #expect(issues.count == 1)
        #expect((issues[0]["occurrences"] as? [String: Any])?["count"] as? Int == 800)
    }

    // MARK: - Lifecycle

    @Test func fixedNeedsAConfirmedRootCauseThenVerifyFollowsTheFix() throws {
        var before = ""
        for i in 0..<5 {
            before += Self.line("09:0\(i):00", "app.search", "INFO", "Search request served in 12 ms")
            before += Self.line("09:0\(i):01", "app.search", "ERROR", "Search index not initialized for user u_\(i)")
        }
        try write(before, to: "before.log")
        #expect(try run(["scan", path("before.log"), "--db", db]).status == 0)

        let refused = try run(["status", "1", "fixed", "--db", db])
        #expect(refused.status == 1)
        #expect(refused.stderr.contains("root cause is not confirmed"))
        #expect(try run(["status", "1", "root-cause-confirmed", "--db", db]).status == 0)
        let fixed = try run(["status", "1", "fixed", "--at", "2026-03-10T12:00:00Z", "--version", "v1.4.2", "--db", db])
        #expect(fixed.status == 0, "\(fixed.stderr)")

        // Old records never regress; the traffic after the fix without the failure verifies it.
        var after = before
        for i in 0..<12 { after += Self.line(String(format: "13:%02d:00", i), "app.search", "INFO", "Search request served in 9 ms") }
        try write(after, to: "after.log")
        let verified = try run(["verify", path("after.log"), "--db", db])
        #expect(verified.status == 0)
        #expect(verified.stdout.contains("Issue 1: verified"), "\(verified.stdout)")

        // Without comparable traffic, it says what is missing.
        #expect(try run(["status", "1", "fixed", "--force", "--at", "2026-03-10T12:00:00Z", "--db", db]).status == 0)
        try write(Self.line("13:00:00", "app.other", "INFO", "Unrelated work"), to: "thin.log")
        let thin = try run(["verify", path("thin.log"), "--db", db])
        #expect(thin.stdout.contains("not enough evidence"))
        #expect(thin.stdout.contains("app.search"))

        // The signature after the fix regresses it.
        try write(Self.line("14:00:00", "app.search", "ERROR", "Search index not initialized for user u_9"), to: "again.log")
        let regressed = try run(["verify", path("again.log"), "--db", db])
        #expect(regressed.stdout.contains("REGRESSED"))
        let issue = try #require(try issuesJSON().first)
        #expect(issue["status"] as? String == "regressed")
        let log = try run(["report", "--db", db]).stdout
        #expect(log.contains("## Session Update Log"))
        #expect(log.contains("status Root cause confirmed → Fixed"))
        #expect(log.contains("regressed"))
    }

    @Test func editsSurviveLaterScansAndMergeSplitAreRemembered() throws {
        var log = ""
        for i in 0..<3 {
            log += Self.line("10:0\(i):00", "app.auth", "ERROR", "Token verification failed for GET /api/items")
            log += Self.line("10:0\(i):30", "app.mail", "ERROR", "SMTP relay refused connection")
        }
        try write(log, to: "one.log")
        #expect(try run(["scan", path("one.log"), "--db", db]).status == 0)
        #expect(try issuesJSON().count == 2)
        let edit = try run([
            "edit", "1", "--title", "Auth tokens rejected", "--kind", "configuration", "--hypothesis", "JWKS URL points at the wrong tenant",
            "--question", "Which issuer do the tokens carry?", "--related", "2:independent", "--db", db,
        ])
        #expect(edit.status == 0, "\(edit.stderr)")
        #expect(try run(["note", "1", "Seen right after the deploy", "--db", db]).status == 0)

        #expect(try run(["merge", "1", "2", "--db", db]).status == 0)
        try write(log.replacingOccurrences(of: "2026-03-10", with: "2026-03-11"), to: "two.log")
        #expect(try run(["scan", path("two.log"), "--db", db]).status == 0)
        var issues = try issuesJSON()
        #expect(issues.count == 1)
        #expect(issues[0]["title"] as? String == "Auth tokens rejected")
        #expect(issues[0]["kind"] as? String == "configuration")
        #expect((issues[0]["signatures"] as? [[String: Any]])?.count == 2)

        let mailID = try #require((issues[0]["signatures"] as? [[String: Any]])?.first { ($0["template"] as? String)?.contains("SMTP") == true }?["id"] as? String)
        let split = try run(["split", "1", "--signature", mailID, "--db", db])
        #expect(split.status == 0, "\(split.stderr)")
        try write(log.replacingOccurrences(of: "2026-03-10", with: "2026-03-12"), to: "three.log")
        #expect(try run(["scan", path("three.log"), "--db", db]).status == 0)
        issues = try issuesJSON()
        #expect(issues.count == 2)
        let markdown = try run(["show", "1", "--db", db]).stdout
        #expect(markdown.contains("JWKS URL points at the wrong tenant"))
        #expect(markdown.contains("Seen right after the deploy"))
        #expect(markdown.contains("Which issuer do the tokens carry?"))
    }

    // MARK: - Reports and import

    @Test func theExampleTrackerImportsWithAllSixIssuesAndReportsStably() throws {
        let example = CLI.root.appendingPathComponent("Tests/LogTriageCoreTests/Fixtures/tracker/rca_tracker_example.md").path
        let imported = try run(["import", example, "--db", db])
        #expect(imported.status == 0, "\(imported.stderr)")
        let issues = try issuesJSON()
        #expect(issues.map { $0["id"] as? Int } == [1, 2, 3, 4, 5, 6])
        #expect(issues[3]["status"] as? String == "observed")
        let first = try run(["report", "--db", db, "-o", path("first.md")])
        #expect(first.status == 0)
        let second = path("second.sqlite")
        #expect(try run(["import", path("first.md"), "--db", second]).status == 0)
        #expect(try run(["report", "--db", second, "-o", path("second.md")]).status == 0)
        #expect(try String(contentsOfFile: path("first.md"), encoding: .utf8) == String(contentsOfFile: path("second.md"), encoding: .utf8))
        // Importing over a tracker with issues needs --replace.
        let again = try run(["import", path("first.md"), "--db", db])
        #expect(again.status == 1)
        #expect(again.stderr.contains("--replace"))
    }

    @Test func scanReportImportReportIsStable() throws {
        #expect(try run(["scan", "Examples/backend.log", "--db", db]).status == 0)
        #expect(try run(["report", "--db", db, "-o", path("a.md")]).status == 0)
        #expect(try run(["import", path("a.md"), "--db", path("b.sqlite")]).status == 0)
        #expect(try run(["report", "--db", path("b.sqlite"), "-o", path("b.md")]).status == 0)
        #expect(try String(contentsOfFile: path("a.md"), encoding: .utf8) == String(contentsOfFile: path("b.md"), encoding: .utf8))
        let html = try run(["report", "--format", "html", "--db", db]).stdout
        #expect(html.contains("<svg"))
        #expect(!html.contains("<script"))
    }

    @Test func badInputGetsAClearMessage() throws {
        let missing = try run(["issues", "--db", path("none.sqlite")])
        #expect(missing.status == 1)
        #expect(missing.stderr.contains("no tracker"))
        try Data([0x00, 0xFF, 0xFE, 0x01, 0x02]).write(to: URL(fileURLWithPath: path("junk.md")))
        let junk = try run(["import", path("junk.md"), "--db", db])
        #expect(junk.status == 1)
        #expect(junk.stderr.contains("not UTF-8 text"))
        try write("just some words\n", to: "words.md")
        let words = try run(["import", path("words.md"), "--db", db])
        #expect(words.status == 1)
        #expect(words.stderr.contains("line"))
        #expect(try run(["scan", "Examples/backend.log", "--db", db]).status == 0)
        let unknown = try run(["show", "99", "--db", db])
        #expect(unknown.status == 1)
        #expect(unknown.stderr.contains("no Issue 99"))
        let badStatus = try run(["status", "1", "parked", "--db", db])
        #expect(badStatus.status == 64)
    }

    // MARK: - Secrets

    @Test func projectSettingsExtendSecretScrubbing() throws {
        try FileManager.default.createDirectory(at: directory.appendingPathComponent(".logtriage"), withIntermediateDirectories: true)
        try write("secrets:\n  keys: [session_ref]\n  token_prefixes: [acme_]\n", to: ".logtriage/config.yaml")
        try write(Self.line("10:00:00", "app.api", "ERROR", "Upstream refused session_ref=q8Zt3LmN0pWx key acme_9f8e7d6c5b4a3f2e1d0c"), to: "app.log")
        let result = try CLI.run(["scan", "app.log"], in: directory)
        #expect(result.status == 0, "\(result.stderr)")
        let report = try CLI.run(["report"], in: directory).stdout
        #expect(report.contains("Upstream refused"))
        #expect(!report.contains("q8Zt3LmN0pWx"))
        #expect(!report.contains("acme_9f8e7d6c5b4a3f2e1d0c"))
        // The tracker went to the default place, next to the settings.
        #expect(FileManager.default.fileExists(atPath: path(".logtriage/tracker.sqlite")))

        try write("secrets: [unclosed\n", to: ".logtriage/config.yaml")
        let broken = try CLI.run(["scan", "app.log"], in: directory)
        #expect(broken.status == 64)
        #expect(broken.stderr.contains("config.yaml"))
    }

    @Test func plantedSecretsNeverReachTheDatabaseTheTerminalOrAnyReport() throws {
        let fixture = CLI.root.appendingPathComponent("Tests/LogTriageCLITests/Fixtures/leaky_backend.log").path
        let secrets = [
            "S3cr3tP4ssw0rd", "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9", "Qm9ndXNTaWduYXR1cmVGb3JUZXN0aW5nT25seQ",
            "hf_AbCdEfGhIjKlMnOpQrStUvWxYz0123456789", "sk-proj-9fK2mQ7xL4pR8sT1vW3yZ6bN0cD5eFgH", "AKIAZ7Q3XK2M4N5P6R7S",
            "wJalrXUtnFEMI", "ghp_1234567890abcdefghijklmnopqrstuvwxAB", "xoxb-123456789012", "r3d1sP4ssword",
            "hunter2-Correct-Horse", "k3y-v4lu3-0001-zz", "4111 1111 1111 1111", "pi_3Nq8sK2eZvKYlo2C0secret", "s3cr3t-upl0ad-t0ken",
            "Tr0ub4dor",
        ]
        var outputs: [String] = []
        let scan = try run(["scan", fixture, "--db", db])
        #expect(scan.status == 0, "\(scan.stderr)")
        outputs += [scan.stdout, scan.stderr]
        for arguments in [["issues"], ["show", "1"], ["show", "2"], ["report"], ["report", "--format", "json"], ["report", "--format", "html"]] {
            let result = try run(arguments + ["--db", db])
            outputs += [result.stdout, result.stderr]
        }
        #expect(outputs.joined().contains("[REDACTED"), "the fixture's secrets should show as redacted")
        var stored = Data()
        for suffix in ["", "-wal", "-shm"] {
            if let data = FileManager.default.contents(atPath: db + suffix) { stored.append(data) }
        }
        #expect(stored.count > 0)
        let storedText = String(decoding: stored, as: UTF8.self)
        for secret in secrets {
            #expect(!storedText.contains(secret), "'\(secret)' is in the database")
            for output in outputs { #expect(!output.contains(secret), "'\(secret)' was printed") }
        }
    }
}
