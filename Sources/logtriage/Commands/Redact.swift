import ArgumentParser
import LogTriageCore

extension LogTriage {
    struct Redact: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Print logs with their secrets redacted, as logtriage would keep them: check a file before sharing it.",
            discussion: """
                Line for line, with the scrubber a scan uses (and the project's additions in \
                .logtriage/config.yaml): keys, tokens, passwords in URLs and DSNs, values of secret-named keys, \
                private key blocks, card numbers. How many lines changed is written to standard error.
                """)

        @Argument(help: "Log files, directories (searched recursively) or '-' for standard input. '.gz' files are decompressed.")
        var paths: [String] = []

        @Option(help: ArgumentHelp("In directories, read only files whose name matches this glob (repeatable).", valueName: "glob"))
        var include: [String] = []

        @Option(help: "Cut lines longer than this many bytes.")
        var maxLineBytes: Int = 1 << 20

        func validate() throws {
            if paths.isEmpty { throw ValidationError("Please name at least one log file, directory or '-' for standard input.") }
            if maxLineBytes < 256 || maxLineBytes > 1 << 30 {
                throw ValidationError("Please specify a '--max-line-bytes' between 256 and 1073741824 (1 GiB).")
            }
        }

        func run() throws {
            let redactor = LineRedactor(
                scrubber: try ProjectConfiguration.load()?.scrubber ?? SecretScrubber(), maxLineBytes: maxLineBytes)
            var output = StandardOutput()
            var failed = false
            let (inputs, errors) = InputExpander.expand(paths, include: include)
            for error in errors {
                Diagnostics.warn(error.description)
                failed = true
            }
            for input in inputs {
                do {
                    let summary = try redactor.redact(input) { line in
                        output.write(line)
                        output.write("\n")
                    }
                    output.flush()
                    Diagnostics.warn("\(input.displayName): \(summary.redactedLines) of \(summary.lines) line(s) redacted")
                    if let error = summary.error {
                        Diagnostics.warn(error.description)
                        failed = true
                    }
                } catch let error as IngestError {
                    Diagnostics.warn(error.description)
                    failed = true
                }
            }
            output.flush()
            if failed { throw ExitCode.failure }
        }
    }
}
