import ArgumentParser
import LogTriageCore
import LogTriageStore

extension LogTriage {
    struct Verify: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Check fixed issues against newer logs: regressed, verified, or not enough evidence yet.",
            discussion: """
                For each fixed issue, records newer than the fix are matched against its signatures. One match \
                regresses it (with the record as evidence). No match while the logs hold comparable traffic (records \
                from the loggers or endpoints it used to appear with) verifies it; otherwise the report says what is \
                missing. Records older than the fix never regress an issue.
                """)

        @OptionGroup var input: InputOptions
        @OptionGroup var store: StoreOptions

        @Option(help: "Comparable records needed after the fix to call it verified.")
        var minComparable = 10

        func validate() throws {
            try input.validatePaths()
            if minComparable < 1 { throw ValidationError("Please specify a '--min-comparable' of at least 1.") }
        }

        func run() throws {
            let tracker = try store.open(create: false)
            var verifier = FixVerifier(issues: try tracker.document().issues)
            verifier.minimumComparable = minComparable
            var output = StandardOutput()
            guard !verifier.isEmpty else {
                output.write("No fixed issues to verify. Mark one with 'logtriage status N fixed' once its fix is deployed.\n")
                output.flush()
                return
            }
            let miner = TemplateMiner(state: try tracker.minerState() ?? .empty)
            var files: [String] = []
            var run = InputRun(options: input)
            try run.forEachInput { input, reader in
                files.append(input.displayName)
                return try reader.read(input) { record in
                    let id = miner.match(record.signatureText).map { miner.identity($0).id }
                    verifier.add(record, templateID: id)
                }
            }
            let results = verifier.results
            try tracker.recordVerification(results, files: files, at: Timestamp.now)
            for result in results {
                switch result.outcome {
                case .regressed(let regression):
                    output.write(
                        "Issue \(result.issue): REGRESSED — `\(regression.signature)` at \(regression.time.rfc3339) (\(regression.file):\(regression.line)), after the fix.\n")
                case .verified(let comparable):
                    output.write("Issue \(result.issue): verified — no signature after the fix in \(comparable) comparable record(s).\n")
                case .notEnoughEvidence(let why):
                    output.write("Issue \(result.issue): not enough evidence — \(why)\n")
                }
            }
            if verifier.undated > 0 {
                output.write("(\(verifier.undated) record(s) without a time were not used: they cannot be placed before or after a fix.)\n")
            }
            output.flush()
            try run.finish()
        }
    }
}
