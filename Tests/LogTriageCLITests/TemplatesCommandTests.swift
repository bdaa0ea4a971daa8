import Foundation
import Testing

struct TemplatesCommandTests {
    static let log = """
        2024-05-01 10:00:01,001 ERROR app.auth: Token verification failed for endpoint: GET /api/subscription/status/42
        2024-05-01 10:00:02,002 INFO app.http: GET /health 200 in 3ms
        2024-05-01 10:00:03,003 ERROR app.auth: Token verification failed for endpoint: GET /api/subscription/alerts/7
        2024-05-01 10:00:04,004 INFO app.http: GET /health 200 in 4ms
        2024-05-01 10:00:05,005 WARNING app.pay: payment gateway slow: 2300ms for order 9912
        2024-05-01 10:00:06,006 ERROR app.auth: Token verification failed for endpoint: GET /api/plans/create/3

        """

    @Test func perLineGivesEveryRecordItsFinalTemplateInOrder() throws {
        let result = try CLI.run(["templates", "--per-line", "-"], stdin: Data(Self.log.utf8))
        #expect(result.status == 0, "\(result.stderr)")
        let rows = try result.stdout.split(separator: "\n").map {
            try #require(try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any])
        }
        #expect(rows.map { $0["line"] as? Int } == [1, 2, 3, 4, 5, 6])
        let templates = rows.map { $0["template"] as? String ?? "" }
        #expect(templates[0] == "Token verification failed for endpoint: GET <path>")
        #expect(templates[0] == templates[2] && templates[2] == templates[5])
        #expect(templates[1] == templates[3])
        let ids = rows.map { $0["template_id"] as? String ?? "" }
        #expect(ids[0] == ids[5] && ids[0] != ids[1])
        #expect(ids.allSatisfy { $0.count == 12 && $0.allSatisfy(\.isHexDigit) })
    }

    @Test func jsonDescribesEachTemplateWithItsParameters() throws {
        let result = try CLI.run(["templates", "--json", "-"], stdin: Data(Self.log.utf8))
        #expect(result.status == 0)
        let rows = try result.stdout.split(separator: "\n").map {
            try #require(try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any])
        }
        #expect(rows.map { $0["count"] as? Int } == [3, 2, 1])
        let top = rows[0]
        for key in ["id", "template", "count", "first_seen", "last_seen", "first_line", "last_line", "sample", "parameters"] {
            #expect(top.keys.contains(key), "missing \(key)")
        }
        #expect(top["first_seen"] as? String == "2024-05-01T10:00:01.001Z")
        #expect(top["last_seen"] as? String == "2024-05-01T10:00:06.006Z")
        let parameters = try #require(top["parameters"] as? [[String: Any]])
        let path = try #require(parameters.first { $0["name"] as? String == "<path>" })
        #expect(path["distinct"] as? Int == 3)
    }

    @Test func outputIsIdenticalFromRunToRun() throws {
        let first = try CLI.run(["templates", "Examples/backend.log"])
        let second = try CLI.run(["templates", "Examples/backend.log"])
        #expect(first.status == 0)
        #expect(first.stdout == second.stdout)
        #expect(first.stdout.contains("template(s) from"))
        #expect(!first.stdout.contains("eyJzdWIiOiJzaG9wLWJhY2tlbmQi"), "a JWT leaked")
    }

    @Test func jsonAndPerLineAreExclusive() throws {
        let result = try CLI.run(["templates", "--json", "--per-line", "Examples/backend.log"])
        #expect(result.status != 0)
        #expect(result.stderr.contains("--per-line"))
    }

    @Test func missingInputFails() throws {
        let result = try CLI.run(["templates", "no/such/file.log"])
        #expect(result.status == 1)
        #expect(result.stderr.contains("no/such/file.log"))
    }
}
