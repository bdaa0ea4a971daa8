import ArgumentParser

@main
struct LogTriage: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "logtriage",
        abstract: "Turn backend logs into a root-cause-analysis tracker.",
        version: "0.1.0",
        subcommands: [Scan.self, Issues.self, Show.self, Explain.self, Rules.self, Edit.self, Note.self, Status.self, Merge.self, Split.self, Verify.self, Match.self, Report.self, Import.self, Records.self, Templates.self, Formats.self, Redact.self])
}
