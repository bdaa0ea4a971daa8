import ArgumentParser
import LogTriageCore

extension LogTriage {
    struct Templates: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Group repeated messages into templates: the fixed text of each log statement and its parameters.",
            discussion: """
                Mines the messages of the records (not their headers). Values with a recognisable shape are \
                typed placeholders (<num>, <ip>, <uuid>, <path>, <date>, <duration>, <hex>, <token>…); positions \
                that vary between lines of one statement become <*>. Template ids are derived from the text, so \
                they are the same on every run and machine.
                """)

        @OptionGroup var input: InputOptions

        @Flag(help: "One JSON object per template (id, template, count, first/last seen, sample, parameters).")
        var json = false

        @Flag(help: "One JSON object per record, in input order: {\"line\", \"template_id\", \"template\"}, with templates as finally mined.")
        var perLine = false

        @Option(help: "Most frequent values shown per parameter.")
        var topValues = 5

        func validate() throws {
            try input.validatePaths()
            if json && perLine { throw ValidationError("Please choose one of '--json' and '--per-line'.") }
        }

        func run() throws {
            let miner = TemplateMiner()
            var sources: [String] = []
            var assignments = PerLineAssignments(enabled: perLine)
            var run = InputRun(options: input)
            try run.forEachInput { input, reader in
                let source = sources.count
                sources.append(input.displayName)
                return try reader.read(input) { record in
                    let ref = miner.add(
                        record.message, time: record.time, origin: .init(source: source, line: record.lineStart))
                    assignments.append(source: source, line: record.lineStart, ref)
                }
            }
            var output = StandardOutput()
            if perLine {
                assignments.write(miner: miner, sources: sources, to: &output)
            } else {
                let templates = miner.templates
                if json {
                    var writer = JSONWriter(capacity: 1 << 16)
                    for template in templates {
                        template.writeJSON(to: &writer, sources: sources)
                        writer.newline()
                    }
                    output.write(writer.bytes)
                } else {
                    output.write("\(templates.count) template(s) from \(miner.lineCount) message(s)\n")
                    for template in templates {
                        output.write("\n" + template.textBlock(sources: sources, topValues: topValues) + "\n")
                    }
                }
            }
            output.flush()
            try run.finish()
        }
    }
}

/// Which template each record got, kept until the end so that `--per-line` can print templates as
/// finally mined.
private struct PerLineAssignments {
    let enabled: Bool
    private var sources: [Int32] = []
    private var lines: [Int32] = []
    private var refs: [TemplateMiner.TemplateRef] = []

    init(enabled: Bool) { self.enabled = enabled }

    mutating func append(source: Int, line: Int, _ ref: TemplateMiner.TemplateRef) {
        guard enabled else { return }
        sources.append(Int32(truncatingIfNeeded: source))
        lines.append(Int32(truncatingIfNeeded: line))
        refs.append(ref)
    }

    func write(miner: TemplateMiner, sources names: [String], to output: inout StandardOutput) {
        var writer = JSONWriter(capacity: 1 << 16)
        var cache: [TemplateMiner.TemplateRef: (id: String, text: String)] = [:]
        let withFile = names.count > 1
        for i in refs.indices {
            let identity: (id: String, text: String)
            if let known = cache[refs[i]] {
                identity = known
            } else {
                identity = miner.identity(refs[i])
                cache[refs[i]] = identity
            }
            writer.beginObject()
            if withFile {
                writer.field("file")
                writer.string(names[Int(sources[i])])
            }
            writer.field("line")
            writer.number(Int(lines[i]))
            writer.field("template_id")
            writer.string(identity.id)
            writer.field("template")
            writer.string(identity.text)
            writer.endObject()
            writer.newline()
            output.take(&writer)
        }
        output.write(writer.bytes)
    }
}
