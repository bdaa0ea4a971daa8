import ArgumentParser
import LogTriageCore
import LogTriageMCP
import LogTriageStore

extension LogTriage {
    struct MCP: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "mcp",
            abstract: "Serve the tracker to coding agents over the Model Context Protocol (stdio).",
            discussion: """
                Tools: list_issues, get_issue, explain_issue, investigation_order, add_note, set_status (the \
                lifecycle's rules), scan_file. Configure an agent with the command 'logtriage mcp' (and '--db PATH' \
                for a tracker elsewhere).
                """)

        @OptionGroup var store: StoreOptions

        @Option(help: ArgumentHelp("The service's source tree, instead of the one remembered by scan.", valueName: "dir"))
        var source: String?

        func run() async throws {
            let sourceRoot = try source.map(AnalysisRun.absoluteDirectory)
            let analysisRun = try AnalysisRun()
            let tracker = try store.open(create: true)
            let tools = TrackerTools(store: tracker, reader: try InputOptions.readerOptions(tz: nil)) {
                try analysisRun.analyser(for: tracker, source: sourceRoot)
            }
            try await tools.serveStandardIO(version: LogTriage.configuration.version)
        }
    }
}
