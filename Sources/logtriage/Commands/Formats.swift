import ArgumentParser
import LogTriageCore

extension LogTriage {
    struct Formats: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Say which format was detected for each log and how many lines it read.")

        @OptionGroup var input: InputOptions

        @Flag(help: "List the built-in format names and exit.")
        var list = false

        @Flag(help: "One JSON object per input.")
        var json = false

        func validate() throws {
            if !list { try input.validatePaths() }
        }

        func run() throws {
            var output = StandardOutput()
            if list {
                for format in LogFormats.builtIn { output.write(format.name + "\n") }
                output.flush()
                return
            }
            var run = InputRun(options: input)
            try run.forEachInput { input, reader in
                let summary = try reader.read(input) { _ in }
                output.write(json ? Self.json(summary) : Self.text(summary))
                return summary
            }
            output.flush()
            try run.finish()
        }

        static func text(_ summary: InputSummary) -> String {
            var line = "\(summary.input): \(summary.format ?? "unknown (plain text)")"
            let headerLines = summary.linesByFormat.values.reduce(0, +)
            line += " — \(headerLines) of \(summary.lines) lines read as headers, \(summary.records) records"
            if summary.compressed { line += " (gzip)" }
            line += "\n"
            if let envelope = summary.envelope {
                line += "    envelope: \(envelope), \(summary.streams.count) stream(s)\n"
                for stream in summary.streams {
                    line += "      \(stream.name.isEmpty ? "(no prefix)" : stream.name): "
                    line += "\(stream.format ?? "plain text"), \(stream.lines) lines\n"
                }
            }
            let others = summary.linesByFormat.filter { $0.key != summary.format }.sorted { $0.value > $1.value }
            for (name, count) in others { line += "    also \(name): \(count) lines\n" }
            if summary.otherLines > 0 { line += "    continuation or plain lines: \(summary.otherLines)\n" }
            return line
        }

        static func json(_ summary: InputSummary) -> String {
            var writer = JSONWriter()
            writer.beginObject()
            writer.key("file")
            writer.string(summary.input)
            writer.key("format")
            writer.string(summary.format)
            writer.key("envelope")
            writer.string(summary.envelope)
            writer.key("streams")
            writer.beginArray()
            for stream in summary.streams {
                writer.beginObject()
                writer.key("name")
                writer.string(stream.name)
                writer.key("format")
                writer.string(stream.format)
                writer.key("lines")
                writer.number(stream.lines)
                writer.endObject()
            }
            writer.endArray()
            writer.key("lines")
            writer.number(summary.lines)
            writer.key("records")
            writer.number(summary.records)
            writer.key("lines_by_format")
            writer.beginObject()
            for (name, count) in summary.linesByFormat.sorted(by: { $0.key < $1.key }) {
                writer.key(name)
                writer.number(count)
            }
            writer.endObject()
            writer.key("other_lines")
            writer.number(summary.otherLines)
            writer.key("invalid_utf8_lines")
            writer.number(summary.invalidUTF8Lines)
            writer.key("truncated_lines")
            writer.number(summary.truncatedLines)
            writer.key("compressed")
            writer.bool(summary.compressed)
            writer.key("error")
            writer.string(summary.error?.description)
            writer.endObject()
            writer.newline()
            return String(decoding: writer.bytes, as: UTF8.self)
        }
    }
}
