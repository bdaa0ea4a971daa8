import Foundation
import Testing

/// The dashboard in a real browser: headless Chromium driven through Selenium, on `serve` over the bundled example.
struct DashboardBrowserTests {
    @Test func aPersonTriagesTheExampleInTheBrowser() throws {
        let directory = try CLI.scratchDirectory("browser")
        let db = directory.appendingPathComponent("tracker.sqlite").path
        #expect(try CLI.run(["scan", "Examples/backend.log", "--source", "Examples/shop-backend", "--db", db]).status == 0)
        let server = try LiveCommandTests.Running(["serve", "--port", "0", "--db", db], in: CLI.root)
        defer { _ = server.stop() }
        #expect(server.wait(for: "Listening on http://127.0.0.1:"), "\(server.text)")
        let port = try #require(server.text.split(separator: ":").compactMap { Int($0.prefix { $0.isNumber }) }.first { $0 > 0 })

        let run = try CLI.python([CLI.fixture("browser_check.py"), "http://127.0.0.1:\(port)", directory.path])
        #expect(run.status == 0, "Chromium and Selenium (apt-get install chromium chromium-driver; pip install selenium): \(run.stderr.suffix(2000))")
        let stdout = run.stdout
        let seen = try #require(try JSONSerialization.jsonObject(with: stdout) as? [String: Any])
        #expect(seen["rows"] as? Int == 5)
        #expect(seen["selected"] as? Int == 1)  // j, j: the second row
        #expect(seen["opened"] as? Bool == true)  // Enter opened it
        #expect(seen["notice"] as? String == "Note added.")
        #expect(seen["note_shown"] as? Bool == true)  // shown as text, markup and all
        #expect((seen["refusal"] as? String)?.contains("root cause is not confirmed") == true)
        #expect(seen["rows_after_intake"] as? Int == 6)  // the new issue appeared on the open page
        #expect(seen["not_reloaded"] as? Bool == true)
        #expect(seen["live_badge"] as? Bool == true)
        #expect(seen["graph_links"] as? Int == 2)
        #expect((seen["console_errors"] as? [String])?.isEmpty == true, "\(seen["console_errors"] ?? "")")
        for shot in ["list.png", "issue.png", "graph.png"] {
            #expect(FileManager.default.fileExists(atPath: directory.appendingPathComponent(shot).path))
        }
    }
}
