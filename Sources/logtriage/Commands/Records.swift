import ArgumentParser
import LogTriageCore

extension LogTriage {
    struct Records: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Print the structured records read from logs: time, level, logger, source, message, exception.",
            discussion: """
                Formats are detected per file (and per line where a file mixes formats); tracebacks and stack \
                traces are joined to the record they belong to. With --json, one object per line.
                """)

        @OptionGroup var input: InputOptions

        func validate() throws { try input.validatePaths() }

        @Flag(help: "One JSON object per record (file, line_start, line_end, time, level, severity_number, logger, pid, thread, source, message, exception, attributes).")
        var json = false

        func run() throws {
            var output = StandardOutput()
            var writer = JSONWriter(capacity: 1 << 16)
            var run = InputRun(options: input)
            let json = self.json  // read once: the property wrapper's getter is not free per record
            try run.forEachInput { input, reader in
                try reader.read(input) { record in
                    if json {
                        record.writeJSON(to: &writer)
                        writer.newline()
                        output.take(&writer)
                    } else {
                        output.write(record.textLine)
                        output.write("\n")
                    }
                }
            }
            output.write(writer.bytes)
            output.flush()
            try run.finish()
        }
    }
}
