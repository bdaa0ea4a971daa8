import ArgumentParser
import LogTriageCore
import LogTriageService
import LogTriageStore

extension LogTriage {
    struct Scan: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Read logs into the tracker: group problems into issues, then print the tracker.",
            discussion: """
                Records at the minimum level or above, and records with an exception, become issue signatures; \
                everything else is mined as traffic. Files already scanned are not counted twice: a grown file \
                continues where the last scan stopped, a rotated file is recognised by its first bytes, a truncated \
                or replaced file is read again from the start. Fixed issues whose signatures appear after the fix \
                are marked regressed.
                """)

        @OptionGroup var input: InputOptions

        func validate() throws { try input.validatePaths() }
        @OptionGroup var store: StoreOptions

        @Option(help: "The lowest level that makes a record a problem: warning, error or critical.")
        var minLevel: ProblemLevel = .warning

        @Option(
            help: ArgumentHelp(
                "The service's source tree: find the code that logs each issue and the configuration it reads (remembered for later scans).",
                valueName: "dir"))
        var source: String?

        enum ProblemLevel: String, ExpressibleByArgument, CaseIterable {
            case warning, error, critical
            var level: Level {
                switch self {
                case .warning: .warning
                case .error: .error
                case .critical: .critical
                }
            }
        }

        func run() throws {
            let sourceRoot = try source.map(AnalysisRun.absoluteDirectory)
            let analysisRun = try AnalysisRun()
            let tracker = try store.open(create: true)
            let scan = try ScanService(store: tracker, minLevel: minLevel.level)
            let known = try tracker.sources()
            var progress = ProgressLine()
            var inputs = 0
            let started = Timestamp.now
            var run = InputRun(options: input)
            try run.forEachInput { input, reader in
                let read = try scan.read(input, with: reader, known: known, at: started) { records in
                    progress.update(file: input.displayName, records: records)
                }
                if let note = read.note { Diagnostics.warn("\(input.path): \(note)") }
                if !read.unchanged { inputs += 1 }
                return read.summary
            }
            progress.clear()
            let records = scan.pendingRecords
            let problemRecords = scan.pendingProblems
            if let sourceRoot { scan.rememberSourceRoot(sourceRoot) }
            let outcome = try scan.commit(at: started)
            try scan.analyse(with: try analysisRun.analyser(for: tracker, source: sourceRoot), at: started)
            let document = try tracker.document()
            var output = StandardOutput()
            output.write(
                "Scanned \(records) record(s) from \(inputs) input(s): \(problemRecords) problem record(s), "
                    + "\(outcome.newIssues.count) new issue(s), \(outcome.updatedIssues.count) updated, \(outcome.newSignatures) new signature(s).\n")
            for regression in outcome.regressions {
                output.write(
                    "REGRESSED: Issue \(regression.issue) — `\(regression.signature)` seen at \(regression.time.rfc3339) "
                        + "(\(regression.file):\(regression.line)), after its fix.\n")
            }
            output.write("\n" + TrackerSummary.table(document.issues))
            output.write("\nDetails: logtriage explain N · Markdown tracker: logtriage report -o TRACKER.md\n")
            output.flush()
            try run.finish()
        }
    }
}
