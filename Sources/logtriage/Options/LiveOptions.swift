import ArgumentParser
import LogTriageCore
import LogTriageService
import LogTriageStore

/// How a live command (`watch`, `serve`) files what it reads.
struct LiveOptions: ParsableArguments {
    @Option(help: "The lowest level that makes a record a problem: warning, error or critical.")
    var minLevel: LogTriage.Scan.ProblemLevel = .warning

    @Option(help: ArgumentHelp("The service's source tree, for code evidence (remembered).", valueName: "dir"))
    var source: String?

    @Option(help: ArgumentHelp("Seconds between two looks at followed files.", valueName: "seconds"))
    var pollSeconds: Double = 1

    @Option(help: ArgumentHelp("The shortest time between two analyses of the whole tracker.", valueName: "seconds"))
    var analysisSeconds: Double = 30

    var interval: Duration { .milliseconds(Int(pollSeconds * 1000)) }

    func validate() throws {
        guard pollSeconds >= 0.05, pollSeconds <= 3600 else { throw ValidationError("Please give a '--poll-seconds' between 0.05 and 3600.") }
        guard analysisSeconds >= 0, analysisSeconds <= 86_400 else {
            throw ValidationError("Please give an '--analysis-seconds' between 0 and 86400.")
        }
    }

    /// The live scan over `tracker`, printing each change on standard output.
    func service(store tracker: any TrackerStore) throws -> LiveScan {
        let sourceRoot = try source.map(AnalysisRun.absoluteDirectory)
        let analysisRun = try AnalysisRun()
        let scan = try ScanService(store: tracker, minLevel: minLevel.level)
        if let sourceRoot { scan.rememberSourceRoot(sourceRoot) }
        var configuration = LiveScan.Configuration()
        configuration.analysisInterval = .milliseconds(Int(analysisSeconds * 1000))
        return LiveScan(scan: scan, analyser: try analysisRun.analyser(for: tracker, source: sourceRoot), configuration: configuration) { change in
            var output = StandardOutput()
            output.write(change.line + "\n")
            output.flush()
        }
    }
}
