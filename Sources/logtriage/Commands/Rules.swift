import ArgumentParser
import LogTriageCore

extension LogTriage {
    struct Rules: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "List the rules that explain issues (built-in and .logtriage/rules.yaml), or check their examples.",
            discussion: """
                Project rules in .logtriage/rules.yaml use the built-in format: a rule with a built-in rule's id \
                replaces it, `disabled: true` removes it. With --check every rule's examples run: `match` \
                examples must match the rule, `no_match` examples must not.
                """)

        @Flag(help: "Run every rule's examples and report the ones that fail (exit status 1 if any does).")
        var check = false

        func run() throws {
            let pack = try RuleLoader.load()
            var output = StandardOutput()
            defer { output.flush() }
            if check {
                let problems = pack.checkExamples()
                for problem in problems {
                    output.write((problem.isFailure ? "FAIL " : "note: ") + problem.description + "\n")
                }
                let failures = problems.filter(\.isFailure).count
                let examples = pack.rules.reduce(0) { $0 + ($1.rule.examples.map { $0.match.count + $0.noMatch.count } ?? 0) }
                output.write("\(examples) examples of \(pack.rules.count) rules checked: "
                    + (failures == 0 ? "all pass.\n" : "\(failures) failed.\n"))
                if failures > 0 {
                    output.flush()
                    throw ExitCode.failure
                }
                return
            }
            output.write(Self.table(pack))
        }

        /// One row per rule: id, kind, subsystem, source and the title as it reads without an issue's values.
        static func table(_ pack: CompiledRulePack) -> String {
            let blank = RuleText(facts: IssueFacts())
            let rows = [["ID", "KIND", "SUBSYSTEM", "SOURCE", "TITLE"]] + pack.rules.map { compiled in
                let rule = compiled.rule
                return [rule.id, rule.kind?.rawValue ?? "-", rule.subsystem ?? "-", rule.origin.rawValue, blank.fill(rule.title)]
            }
            var widths = [Int](repeating: 0, count: 4)
            for row in rows { for column in 0..<4 { widths[column] = max(widths[column], row[column].count) } }
            var text = ""
            for row in rows {
                for column in 0..<4 { text += row[column] + String(repeating: " ", count: widths[column] - row[column].count + 2) }
                text += row[4] + "\n"
            }
            let project = pack.rules.filter { $0.rule.origin == .project }.count
            text += "\n\(pack.rules.count) rules: \(pack.rules.count - project) built-in, \(project) from \(RuleLoader.relativePath).\n"
            return text
        }
    }
}
