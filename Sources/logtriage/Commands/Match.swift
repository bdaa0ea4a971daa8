import ArgumentParser
import LogTriageCore
import LogTriageStore

extension LogTriage {
    struct Match: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Say which issue each record of a log belongs to, without changing the tracker.",
            discussion: """
                Every record is matched against the tracker's learned templates; a problem record whose signature \
                a scan filed shows its issue, and so does a message found right before or after that issue's records \
                time and again, or right before one of them naming the same thing (a plugin, a job); traffic and \
                unknown problems show '-'. With --json, one object per \
                record: file, first_line, last_line, issue, signature.
                """)

        @OptionGroup var input: InputOptions

        func validate() throws { try input.validatePaths() }
        @OptionGroup var store: StoreOptions

        @Flag(help: "One JSON object per record.")
        var json = false

        @Flag(help: "Only records that belong to an issue.")
        var issuesOnly = false

        func run() throws {
            let tracker = try store.open(create: false)
            let miner = TemplateMiner(state: try tracker.minerState() ?? .empty)
            var session = IssueMatchSession(
                IssueMatcher(issues: try tracker.document().issues, facts: try tracker.analysisInput().facts))
            var output = StandardOutput()
            var writer = JSONWriter(capacity: 1 << 16)
            var run = InputRun(options: input)
            let (json, issuesOnly) = (self.json, self.issuesOnly)
            func write(_ match: IssueMatchSession.Match) {
                let (record, issue, signature) = (match.record, match.issue, match.signature)
                if issuesOnly, issue == nil { return }
                if json {
                    writer.beginObject()
                    writer.key("file")
                    writer.string(record.file)
                    writer.key("first_line")
                    writer.number(record.lineStart)
                    writer.key("last_line")
                    writer.number(record.lineEnd)
                    writer.key("issue")
                    if let issue { writer.number(issue) } else { writer.null() }
                    writer.key("signature")
                    writer.string(signature)
                    writer.endObject()
                    writer.newline()
                    output.take(&writer)
                } else {
                    let place = "\(record.file):\(record.lineStart)"
                    let line = record.message.split(separator: "\n", maxSplits: 1).first ?? ""
                    output.write("\(issue.map { "#\($0)" } ?? "-")\t\(place)\t\(line.prefix(160))\n")
                }
            }
            try run.forEachInput { input, reader in
                try reader.read(input) { record in
                    let signature = miner.match(record.signatureText).map { miner.identity($0).id }
                    for match in session.add(record, templateID: signature) { write(match) }
                }
            }
            for match in session.finish() { write(match) }
            output.write(writer.bytes)
            output.flush()
            try run.finish()
        }
    }
}
