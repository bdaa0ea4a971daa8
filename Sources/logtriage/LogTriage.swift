import ArgumentParser

@main
struct LogTriage: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "logtriage",
        abstract: "Turn backend logs into a root-cause-analysis tracker.",
        version: "0.1.0",
        subcommands: [Records.self, Templates.self, Formats.self])
}
