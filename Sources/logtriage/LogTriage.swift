import ArgumentParser
import LogTriageStore

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

@main
struct LogTriage: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "logtriage",
        abstract: "Turn backend logs into a root-cause-analysis tracker.",
        version: "0.1.0",
        subcommands: [Scan.self, Issues.self, Show.self, Explain.self, Rules.self, Edit.self, Note.self, Status.self, Merge.self, Split.self, Verify.self, Match.self, Report.self, Import.self, Records.self, Templates.self, Formats.self, Redact.self, Watch.self, Serve.self, MCP.self])

    static func main() async {
        // A file size limit or a full disk must end a write with an error the store reports, not with a signal.
        signal(SIGXFSZ, SIG_IGN)
        do {
            var command = try parseAsRoot()
            if var live = command as? any AsyncParsableCommand {
                try await live.run()
            } else {
                try command.run()
            }
        } catch {
            if let explanation = StoreFailure.explanation(of: error) {
                Diagnostics.warn(explanation)
                Self.exit(withError: ExitCode.failure)
            }
            exit(withError: error)
        }
    }
}
