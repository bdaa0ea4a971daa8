import ArgumentParser
import LogTriageCore

/// Reads every input of a command in order, reporting problems on standard error as it goes.
/// An explicitly named input that cannot be read fails the run (exit 1) after the others are processed;
/// files found in a directory walk that turn out to be binary are skipped with a note.
struct InputRun {
    let options: InputOptions
    private(set) var failed = false

    init(options: InputOptions) {
        self.options = options
    }

    mutating func forEachInput(_ body: (LogInput, RecordReader) throws -> InputSummary) throws {
        let reader = RecordReader(options: try options.readerOptions())
        let (inputs, errors) = InputExpander.expand(options.paths, include: options.include)
        for error in errors {
            Diagnostics.warn(error.description)
            failed = true
        }
        if inputs.isEmpty, errors.isEmpty {
            Diagnostics.warn("no log files found in \(options.paths.joined(separator: ", ")) (see --include)")
            failed = true
        }
        for input in inputs {
            do {
                let summary = try body(input, reader)
                report(summary, input: input)
            } catch let error as IngestError {
                Diagnostics.warn(error.description)
                if input.isExplicit { failed = true }
            }
        }
    }

    private mutating func report(_ summary: InputSummary, input: LogInput) {
        var notes: [String] = []
        if summary.invalidUTF8Lines > 0 { notes.append("\(summary.invalidUTF8Lines) line(s) with invalid UTF-8 (replaced with U+FFFD)") }
        if summary.nulBytes > 0 { notes.append("\(summary.nulBytes) NUL byte(s) (replaced)") }
        if summary.truncatedLines > 0 {
            notes.append("\(summary.truncatedLines) line(s) longer than \(options.maxLineBytes) bytes (cut, marked '…[truncated N bytes]')")
        }
        if !notes.isEmpty { Diagnostics.warn("\(summary.input): " + notes.joined(separator: "; ")) }
        if let error = summary.error {
            Diagnostics.warn(error.description)
            if input.isExplicit || error.kind != .binary { failed = true }
        }
    }

    /// Exits with status 1 when something failed.
    func finish() throws {
        if failed { throw ExitCode.failure }
    }
}
