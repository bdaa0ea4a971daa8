import Foundation
import LogTriageCore
import LogTriageStore
import Testing

@testable import LogTriageServer
@testable import LogTriageService

#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// The dashboard's pages and forms over real requests: hostile log text stays text, forms follow the CLI's rules,
/// and a form from another site changes nothing.
struct DashboardTests {
    /// A record whose message, logger and attributes carry markup, a script URL, entities and terminal escapes.
    static let hostile = """
        2026-03-10 11:00:00,000 ERROR app.web: Render failed for <script>alert(1)</script> at javascript:alert(2) &lt;b&gt; \u{1B}[31mred\u{1B}[0m "quoted" 'single'
        2026-03-10 11:00:05,000 ERROR app.web: Render failed for <img src=x onerror=alert(3)> at javascript:alert(4) &amp; \u{1B}[1mbold\u{1B}[0m "q" 's'

        """

    func withDashboard(_ body: (IntakeServerTests.Running) async throws -> Void) async throws {
        try await IntakeServerTests().withServer { server in
            let response = try await server.request("ingest?stream=web", body: Array(Self.hostile.utf8))
            #expect(response.status == 200)
            try await body(server)
        }
    }

    @Test func hostileLogTextRendersInertInEveryPage() async throws {
        try await withDashboard { server in
            for path in ["", "issues/1", "graph", "order", "log", "api/issues", "api/issues/1"] {
                let response = try await server.request(path, method: "GET")
                #expect(response.status == 200, "\(path)")
                #expect(!response.body.contains("<script>alert"), "\(path)")
                #expect(!response.body.contains("<img src=x"), "\(path)")
                #expect(!response.body.contains("\u{1B}"), "\(path): a terminal escape reached the page")
                #expect(!response.body.contains("href=\"javascript:"), "\(path)")
                let policy = try #require(response.headers["content-security-policy"], "\(path)")
                #expect(policy.contains("script-src 'self'") && !policy.contains("unsafe-inline"))
                #expect(response.headers["x-content-type-options"] == "nosniff")
            }
            let page = try await server.request("issues/1", method: "GET")
            #expect(page.body.contains("&lt;script&gt;") || page.body.contains("&lt;"))
            #expect(!page.body.contains("<script>") || page.body.components(separatedBy: "<script").count == 2)  // only the page's own script tag
        }
    }

    static func csrf(in page: String) throws -> String {
        let marker = "name=\"csrf\" value=\""
        let start = try #require(page.range(of: marker)).upperBound
        return String(page[start...].prefix { $0 != "\"" })
    }

    static func form(_ fields: [String: String]) -> [UInt8] {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        return Array(fields.map { "\($0.key)=\($0.value.addingPercentEncoding(withAllowedCharacters: allowed)!)" }.joined(separator: "&").utf8)
    }

    @Test func formsFollowTheLifecycleAndRefuseForgery() async throws {
        try await withDashboard { server in
            let page = try await server.request("issues/1", method: "GET")
            let token = try Self.csrf(in: page.body)
            let type = ["Content-Type": "application/x-www-form-urlencoded"]
            // The triage rule: not fixed before the root cause is confirmed.
            var response = try await server.request("issues/1/status", body: Self.form(["csrf": token, "status": "fixed"]), headers: type)
            #expect(response.status == 200)  // the redirect is followed to the page, which says why
            #expect(response.body.contains("root cause is not confirmed"), "\(response.body.prefix(300))")
            #expect(try server.store.issue(1)?.status == .open)
            response = try await server.request("issues/1/status", body: Self.form(["csrf": token, "status": "investigating"]), headers: type)
            #expect(try server.store.issue(1)?.status == .investigating)
            response = try await server.request(
                "issues/1/edit", body: Self.form(["csrf": token, "title": "Template rendering fails on user markup", "kind": "code-defect", "severity": "high"]),
                headers: type)
            let edited = try #require(try server.store.issue(1))
            #expect(edited.title == "Template rendering fails on user markup")
            #expect(edited.kind == .codeDefect)
            response = try await server.request("issues/1/note", body: Self.form(["csrf": token, "note": "Escape <b> in templates"]), headers: type)
            #expect(try server.store.issue(1)?.notes.map(\.text) == ["Escape <b> in templates"])
            #expect(response.body.contains("Escape &lt;b&gt; in templates"))

            // No token, a wrong token, or another site: refused, nothing changes.
            response = try await server.request("issues/1/note", body: Self.form(["note": "forged"]), headers: type)
            #expect(response.status == 403)
            response = try await server.request("issues/1/note", body: Self.form(["csrf": "0000", "note": "forged"]), headers: type)
            #expect(response.status == 403)
            response = try await server.request(
                "issues/1/note", body: Self.form(["csrf": token, "note": "forged"]), headers: type.merging(["Sec-Fetch-Site": "cross-site"]) { $1 })
            #expect(response.status == 403)
            #expect(try server.store.issue(1)?.notes.count == 1)
        }
    }

    /// A log on this machine scanned from the list page: its issues join the tracker; a second scan reads nothing new.
    @Test func aLogIsScannedFromTheListPage() async throws {
        try await withDashboard { server in
            let log = FileManager.default.temporaryDirectory.appendingPathComponent("logtriage-scan-\(UUID().uuidString).log")
            try Data("2026-03-10 12:00:00,000 ERROR app.mail: SMTP relay refused the message\n".utf8).write(to: log)
            let token = try Self.csrf(in: try await server.request("", method: "GET").body)
            let type = ["Content-Type": "application/x-www-form-urlencoded"]
            var response = try await server.request("scan", body: Self.form(["csrf": token, "path": log.path]), headers: type)
            #expect(response.status == 200)
            #expect(response.body.contains("Scanned 1 record(s) from 1 input(s): 1 new issue(s)"), "\(response.body.prefix(600))")
            #expect(try server.store.document().issues.contains { $0.title == "SMTP relay refused the message" })
            response = try await server.request("scan", body: Self.form(["csrf": token, "path": log.path]), headers: type)
            #expect(response.body.contains("Scanned 0 record(s) from 0 input(s)"))
            response = try await server.request("scan", body: Self.form(["csrf": token, "path": "/no/such/log"]), headers: type)
            #expect(response.body.contains("no such file"), "\(response.body.prefix(600))")
            response = try await server.request("scan", body: Self.form(["path": log.path]), headers: type)
            #expect(response.status == 403)
        }
    }

    @Test func theListFiltersAndTheStreamAnnouncesChanges() async throws {
        try await withDashboard { server in
            var response = try await server.request("?status=open&q=render", method: "GET")
            #expect(response.body.contains("1 of 1 issue"))
            response = try await server.request("?status=fixed", method: "GET")
            #expect(response.body.contains("No issue matches."))
            response = try await server.request("?kind=nonsense", method: "GET")
            #expect(response.status == 200)

            let updates = await server.live.updates()
            _ = try await server.request("ingest?stream=web", body: Array("2026-03-10 11:01:00,000 ERROR app.db: pool exhausted\n".utf8))
            var iterator = updates.makeAsyncIterator()
            #expect(await iterator.next() != nil)
        }
    }
}
