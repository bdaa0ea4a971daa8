import ArgumentParser
import LogTriageCore
import LogTriageStore

extension LogTriage {
    struct Explain: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Explain one issue: kind and confidence with their reasons, its chain, hypotheses, and the code with snippets.",
            discussion: """
                The analysis runs again from the tracker (rules, timelines) and the source tree given to an earlier \
                scan or with '--source', so the snippets show the code as it is now. Hand-edited fields are shown as written.
                """)

        @OptionGroup var store: StoreOptions

        @Argument(help: "The issue number.")
        var issue: Int

        @Option(help: ArgumentHelp("The service's source tree, instead of the one remembered by scan.", valueName: "dir"))
        var source: String?

        func run() throws {
            let sourceRoot = try source.map(AnalysisRun.absoluteDirectory)
            let analysisRun = try AnalysisRun()
            let tracker = try store.open(create: false)
            guard let found = try tracker.issue(issue) else {
                let numbers = try tracker.document().issues.map { String($0.number) }
                Diagnostics.warn("there is no Issue \(issue)" + (numbers.isEmpty ? "; the tracker is empty." : ". Issues: \(numbers.joined(separator: ", "))."))
                throw ExitCode.failure
            }
            let analysis = try analysisRun.analyse(tracker, source: sourceRoot)
            var output = StandardOutput()
            output.write(IssueExplanation.render(found, analysis: analysis.issue(issue), graph: analysis.graph))
            output.flush()
        }
    }
}
