import Foundation
import Testing

struct RulesCommandTests {
    /// A scratch project directory with `rules` as its `.logtriage/rules.yaml`.
    func project(_ rules: String?) throws -> URL {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("logtriage-rules-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory.appendingPathComponent(".logtriage"), withIntermediateDirectories: true)
        if let rules {
            try Data(rules.utf8).write(to: directory.appendingPathComponent(".logtriage/rules.yaml"))
        }
        return directory
    }

    @Test func listsTheBuiltInRules() throws {
        let directory = try project(nil)
        defer { try? FileManager.default.removeItem(at: directory) }
        let result = try CLI.run(["rules"], in: directory)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.hasPrefix("ID "))
        let jwt = try #require(result.stdout.split(separator: "\n").first { $0.hasPrefix("jwt-expired ") })
        #expect(jwt.contains("code-defect") && jwt.contains("auth") && jwt.contains("built-in"))
        #expect(jwt.hasSuffix("Expired JWTs rejected on authenticated endpoints"))
        #expect(result.stdout.contains("0 from .logtriage/rules.yaml"))
    }

    @Test func checkPassesOnTheBuiltInRules() throws {
        let directory = try project(nil)
        defer { try? FileManager.default.removeItem(at: directory) }
        let result = try CLI.run(["rules", "--check"], in: directory)
        #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
        #expect(result.stdout.contains("all pass."))
        #expect(!result.stdout.contains("FAIL"))
    }

    @Test func checkFailsOnAProjectRuleWhoseExampleDoesNotMatch() throws {
        let directory = try project("""
            rules:
              - id: orders-queue-full
                title: Order queue full
                subsystem: orders
                match: {text: 'order queue (is )?full'}
                examples:
                  match: ['Order queue overflow, dropping order 7']
                  no_match: ['Order queue at 40%']
              - {id: deprecation-warning, disabled: true}
            """)
        defer { try? FileManager.default.removeItem(at: directory) }
        let result = try CLI.run(["rules", "--check"], in: directory)
        #expect(result.status == 1)
        #expect(result.stdout.contains("FAIL Rule 'orders-queue-full' does not match its example `Order queue overflow, dropping order 7`."))
        #expect(result.stdout.contains("1 failed."))

        let list = try CLI.run(["rules"], in: directory)
        #expect(list.status == 0)
        let row = try #require(list.stdout.split(separator: "\n").first { $0.hasPrefix("orders-queue-full ") })
        #expect(row.contains("project"))
        #expect(!list.stdout.contains("deprecation-warning"))
        #expect(list.stdout.contains("1 from .logtriage/rules.yaml"))
    }

    @Test func invalidRulesNameTheFileAndTheProblem() throws {
        let directory = try project("rules:\n  - title: no id\n    match: {text: x}\n")
        defer { try? FileManager.default.removeItem(at: directory) }
        let result = try CLI.run(["rules"], in: directory)
        #expect(result.status != 0)
        #expect(result.stderr.contains("The rules in '.logtriage/rules.yaml' could not be read"))
        #expect(result.stderr.contains("rules[0]"))
        #expect(result.stderr.contains("`id` is required"))

        let badPattern = try project("rules:\n  - {id: broken, title: Broken, match: {text: '(unclosed'}}\n")
        defer { try? FileManager.default.removeItem(at: badPattern) }
        let compiled = try CLI.run(["rules", "--check"], in: badPattern)
        #expect(compiled.status != 0)
        #expect(compiled.stderr.contains("Rule 'broken' has an invalid text pattern `(unclosed`"))
    }
}
