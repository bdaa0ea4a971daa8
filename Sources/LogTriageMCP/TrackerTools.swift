import Foundation
import LogTriageCore
import LogTriageService
import LogTriageStore
import MCP

/// The tracker as tools for coding agents (Model Context Protocol over stdio): list and search issues, read one with
/// its evidence and samples, explain it, the investigation order, add a note, set a status (the CLI's lifecycle
/// rules), scan a file. Each result is text an agent can quote, and the same facts as structured content in the
/// shapes of `report --format json`.
public struct TrackerTools: Sendable {
    let store: any TrackerStore
    let analyser: @Sendable () throws -> TrackerAnalyser
    let reader: ReaderOptions

    /// `analyser` builds the analysis (rules, the source index) when a tool needs it.
    public init(store: any TrackerStore, reader: ReaderOptions, analyser: @escaping @Sendable () throws -> TrackerAnalyser) {
        self.store = store
        self.reader = reader
        self.analyser = analyser
    }

    /// Serves the tools on standard input and output until the client disconnects.
    public func serveStandardIO(version: String) async throws {
        let server = Server(name: "logtriage", version: version, capabilities: .init(tools: .init(listChanged: false)))
        await server.withMethodHandler(ListTools.self) { _ in .init(tools: Self.tools) }
        await server.withMethodHandler(CallTool.self) { call in self.call(call.name, call.arguments ?? [:]) }
        try await server.start(transport: StdioTransport())
        await server.waitUntilCompleted()
    }

    static let tools: [Tool] = [
        Tool(
            name: "list_issues", description: "List the tracker's issues, most urgent first; filter by status, kind or words.",
            inputSchema: schema([
                "status": property("string", "open, investigating, root-cause-confirmed, fixed, verified, regressed, observed or wontfix"),
                "kind": property("string", "configuration, code-defect, external or expected-noise"),
                "query": property("string", "words that must all appear in the title, subsystem or signatures"),
            ]), annotations: .init(readOnlyHint: true)),
        Tool(
            name: "get_issue", description: "One issue with every tracker field: signatures, symptoms, samples, code evidence, hypotheses, fix options.",
            inputSchema: schema(["number": property("integer", "the issue number")], required: ["number"]), annotations: .init(readOnlyHint: true)),
        Tool(
            name: "explain_issue", description: "Why logtriage thinks what it thinks about an issue: the rules that matched, the code, the chain of causes.",
            inputSchema: schema(["number": property("integer", "the issue number")], required: ["number"]), annotations: .init(readOnlyHint: true)),
        Tool(
            name: "investigation_order", description: "The order to investigate issues in: first failing subsystem, then its downstream effects.",
            inputSchema: schema([:]), annotations: .init(readOnlyHint: true)),
        Tool(
            name: "add_note", description: "Add a note to an issue (what you found, what you changed).",
            inputSchema: schema(["number": property("integer", "the issue number"), "text": property("string", "the note")], required: ["number", "text"])),
        Tool(
            name: "set_status",
            description: "Move an issue through its lifecycle. 'fixed' is refused until the root cause is confirmed (set root-cause-confirmed first) unless force is true.",
            inputSchema: schema(
                [
                    "number": property("integer", "the issue number"),
                    "status": property("string", "open, investigating, root-cause-confirmed, fixed, verified, regressed, observed or wontfix"),
                    "version": property("string", "for fixed: the version, tag or commit with the fix"),
                    "force": property("boolean", "skip the lifecycle's checks"),
                ], required: ["number", "status"])),
        Tool(
            name: "scan_file", description: "Scan a log file (or directory) into the tracker; a file scanned before continues where it stopped.",
            inputSchema: schema(["path": property("string", "a log file or directory")], required: ["path"])),
    ]

    /// Runs a tool; failures come back as an error result with the reason, never as a broken connection.
    func call(_ name: String, _ arguments: [String: Value]) -> CallTool.Result {
        do {
            switch name {
            case "list_issues": return try listIssues(arguments)
            case "get_issue":
                let issue = try issue(arguments)
                return try result(TrackerMarkdown.render(issue), json: TrackerJSON.render(issue: issue))
            case "explain_issue":
                let issue = try issue(arguments)
                let analysis = try analyser().analyse(try store.analysisInput())
                return .init(content: [Self.text(IssueExplanation.render(issue, analysis: analysis.issue(issue.number), graph: analysis.graph))])
            case "investigation_order":
                let steps = try store.document().investigationOrder
                let text = steps.isEmpty ? "No investigation order yet: scan logs first." : steps.enumerated().map { "\($0.offset + 1). \($0.element.text)" }.joined(separator: "\n")
                return try result(text, json: "{\"steps\": " + TrackerJSON.render(investigationOrder: steps) + "}")
            case "add_note":
                let number = try integer(arguments, "number")
                var edit = IssueEdit()
                edit.notes = [try string(arguments, "text")]
                let issue = try store.apply(edit, to: number, at: .now)
                return try result("Note added to Issue \(number).", json: TrackerJSON.render(issue: issue))
            case "set_status":
                let number = try integer(arguments, "number")
                let name = try string(arguments, "status")
                guard let status = IssueStatus(rawValue: name) else {
                    throw TrackerError("Unknown status '\(name)'. Use one of: \(IssueStatus.allCases.map(\.rawValue).joined(separator: ", ")).")
                }
                let change = StatusChange(status: status, force: arguments["force"]?.boolValue ?? false, version: arguments["version"]?.stringValue)
                let issue = try store.setStatus(number, to: change, at: .now)
                return try result("Issue \(number) is now \(issue.status.title).", json: TrackerJSON.render(issue: issue))
            case "scan_file": return try scan(try string(arguments, "path"))
            default: throw TrackerError("Unknown tool '\(name)'.")
            }
        } catch let error as TrackerError {
            return .init(content: [Self.text(error.description)], isError: true)
        } catch let error as StatusLifecycle.Refusal {
            return .init(content: [Self.text(error.description)], isError: true)
        } catch {
            return .init(content: [Self.text("\(error)")], isError: true)
        }
    }

    private func listIssues(_ arguments: [String: Value]) throws -> CallTool.Result {
        var parameters: [String: String] = [:]
        parameters["status"] = arguments["status"]?.stringValue
        parameters["kind"] = arguments["kind"]?.stringValue
        parameters["q"] = arguments["query"]?.stringValue
        let filter = DashboardHTML.Filter(parameters: parameters)
        let issues = TrackerSummary.ranked(try store.document().issues).filter(filter.matches)
        let text = issues.isEmpty ? "No issue matches." : TrackerSummary.table(issues)
        return try result(text, json: "{\"issues\": " + TrackerJSON.render(issues: issues) + "}")
    }

    private func scan(_ path: String) throws -> CallTool.Result {
        let (inputs, errors) = InputExpander.expand([path])
        if let error = errors.first { throw TrackerError(error.description) }
        let scan = try ScanService(store: store)
        let known = try store.sources()
        let reader = RecordReader(options: reader)
        let time = Timestamp.now
        var notes: [String] = []
        for input in inputs {
            let read = try scan.read(input, with: reader, known: known, at: time)
            if let note = read.note { notes.append("\(input.path): \(note)") }
            if let error = read.summary.error { notes.append(error.description) }
        }
        let records = scan.pendingRecords
        let outcome = try scan.commit(at: time)
        try scan.analyse(with: try analyser(), at: time)
        var text = "Scanned \(records) record(s) from \(inputs.count) input(s): \(outcome.newIssues.count) new issue(s), \(outcome.updatedIssues.count) updated."
        for note in notes { text += "\n" + note }
        text += "\n\n" + TrackerSummary.table(try store.document().issues)
        return .init(content: [Self.text(text)])
    }

    // MARK: - Arguments and results

    private func issue(_ arguments: [String: Value]) throws -> TrackerIssue {
        let number = try integer(arguments, "number")
        guard let issue = try store.issue(number) else { throw TrackerError("There is no Issue \(number).") }
        return issue
    }

    private func integer(_ arguments: [String: Value], _ name: String) throws -> Int {
        if let number = arguments[name]?.intValue { return number }
        if let number = arguments[name]?.doubleValue, number == number.rounded() { return Int(number) }
        if let text = arguments[name]?.stringValue, let number = Int(text) { return number }
        throw TrackerError("Please give '\(name)' as a number.")
    }

    private func string(_ arguments: [String: Value], _ name: String) throws -> String {
        guard let text = arguments[name]?.stringValue, !text.trimmingWhitespace().isEmpty else {
            throw TrackerError("Please give '\(name)'.")
        }
        return text
    }

    /// Text for the agent to read, and the JSON as structured content.
    private func result(_ text: String, json: String) throws -> CallTool.Result {
        let value = try JSONDecoder().decode(Value.self, from: Data(json.utf8))
        return .init(content: [Self.text(text)], structuredContent: Optional.some(value))
    }

    private static func text(_ text: String) -> Tool.Content {
        .text(text: text, annotations: nil, _meta: nil)
    }

    private static func schema(_ properties: [String: Value], required: [String] = []) -> Value {
        .object(["type": "object", "properties": .object(properties), "required": .array(required.map { .string($0) })])
    }

    private static func property(_ type: String, _ description: String) -> Value {
        .object(["type": .string(type), "description": .string(description)])
    }
}
