import ArgumentParser
import LogTriageCore
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
            let miner = TemplateMiner(state: try tracker.minerState() ?? TemplateMiner.State.empty)
            let known = try tracker.sources()
            var configuration = ProblemCollector.Configuration()
            configuration.minLevel = minLevel.level
            var collector = ProblemCollector(configuration: configuration)
            var progress = ProgressLine()
            var sources: [SourceProgress] = []
            var files: [String] = []
            var sourceNames: [String] = []
            let started = Clock.now
            var run = InputRun(options: input)
            try run.forEachInput { input, reader in
                var plan = ResumePoint(offset: 0, lines: 0)
                var fingerprint: FileFingerprint?
                if !input.isStandardInput, let file = FileFingerprint(path: input.path) {
                    fingerprint = file
                    plan = ResumePoint.plan(for: file, known: known)
                    if file.isCompressed, plan.offset != file.size {
                        // A compressed file cannot be resumed part way: it was read whole, or is read again.
                        plan = ResumePoint(offset: 0, lines: 0, note: plan.offset > 0 ? "compressed and changed; reading it from the start" : plan.note)
                    }
                    if let note = plan.note { Diagnostics.warn("\(input.path): \(note)") }
                    let end = file.isCompressed ? file.size : file.completeSize
                    if plan.offset >= end {
                        files.append("\(input.path) (no new lines)")
                        return InputSummary(input: input.displayName)
                    }
                }
                let source = sourceNames.count
                sourceNames.append(input.displayName)
                let range = fingerprint.flatMap { $0.isCompressed ? nil : plan.offset..<$0.completeSize }
                let summary = try reader.read(input, range: range, firstLine: plan.lines + 1) { record in
                    let ref = miner.add(record.signatureText, time: record.time, origin: .init(source: source, line: record.lineStart))
                    collector.add(record, ref: ref)
                    progress.update(file: input.displayName, records: collector.records)
                }
                if let file = fingerprint, let current = file.current {
                    let end = file.isCompressed ? file.size : file.completeSize
                    sources.append(
                        SourceProgress(
                            path: input.path, fingerprint: current.fingerprint, fingerprintLength: current.length,
                            offset: end, lines: plan.lines + summary.lines, scannedAt: started))
                }
                files.append(plan.offset > 0 ? "\(input.displayName) (from line \(plan.lines + 1))" : input.displayName)
                return summary
            }
            progress.clear()
            let problems = collector.finish(miner: miner)
            let outcome = try tracker.apply(
                ScanBatch(
                    problems: problems, minerState: miner.state, renamedTemplates: miner.mergedIDs, sources: sources,
                    files: files, records: collector.records, time: started, sourceRoot: sourceRoot))
            let analysis = try analysisRun.analyse(tracker, source: sourceRoot)
            try tracker.applyAnalysis(analysis, at: started)
            let document = try tracker.document()
            var output = StandardOutput()
            output.write(
                "Scanned \(collector.records) record(s) from \(sourceNames.count) input(s): \(collector.problemRecords) problem record(s), "
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
