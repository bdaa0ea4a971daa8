import Foundation
import Testing

/// `logtriage mcp` driven by a real MCP client (the Python `mcp` package) as a coding agent uses it.
struct MCPCommandTests {
    @Test func anAgentListsReadsAndMovesAnIssueThroughItsLifecycle() throws {
        let directory = try CLI.scratchDirectory("mcp")
        let db = directory.appendingPathComponent("tracker.sqlite").path
        let run = try CLI.python([CLI.fixture("mcp_client.py"), CLI.binary.path, db, CLI.root.appendingPathComponent("Examples/backend.log").path])
        #expect(run.status == 0, "the Python MCP client (pip install mcp): \(run.stderr.suffix(2000))")
        let stdout = run.stdout
        let answers = try #require(try JSONSerialization.jsonObject(with: stdout) as? [String: Any])
        #expect(answers["tools"] as? [String] == ["add_note", "explain_issue", "get_issue", "investigation_order", "list_issues", "scan_file", "set_status"])
        #expect((answers["scan"] as? String)?.hasPrefix("Scanned 45 record(s) from 1 input(s): 5 new issue(s)") == true)
        let issues = try #require(answers["issues"] as? [Int])
        #expect(Set(issues) == [1, 2, 3, 4, 5])
        let first = issues[0]
        #expect((answers["issue_text_head"] as? String)?.hasPrefix("## Issue \(first): ") == true)
        #expect(answers["status"] as? String == "Issue \(first) is now Investigating.")
        let refused = try #require(answers["refused"] as? [Any])
        #expect(refused.first as? Bool == true)
        #expect((refused.last as? String)?.contains("root cause is not confirmed") == true)
        #expect((answers["missing"] as? [Any])?.first as? Bool == true)

        // What the agent did is in the tracker, for the CLI and everyone else.
        let shown = try CLI.run(["show", "\(first)", "--db", db])
        #expect(shown.stdout.contains("**Status**: Investigating"), "\(shown.stdout)")
        #expect(shown.stdout.contains("Checked the gateway timeout setting."))
    }
}
