import ArgumentParser
import LogTriageCore
import LogTriageStore

extension LogTriage {
    struct Issues: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "List the tracker's issues, most pressing first.")

        @OptionGroup var store: StoreOptions

        @Option(help: "Only issues with this status.")
        var status: IssueStatus?

        func run() throws {
            let document = try store.open(create: false).document()
            let issues = document.issues.filter { status == nil || $0.status == status }
            var output = StandardOutput()
            output.write(TrackerSummary.table(issues))
            output.flush()
        }
    }

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Show one issue with all its fields, as the tracker's Markdown section.")

        @OptionGroup var store: StoreOptions

        @Argument(help: "The issue number.")
        var issue: Int

        func run() throws {
            let tracker = try store.open(create: false)
            guard let found = try tracker.issue(issue) else {
                let numbers = try tracker.document().issues.map { String($0.number) }
                Diagnostics.warn("there is no Issue \(issue)" + (numbers.isEmpty ? "; the tracker is empty." : ". Issues: \(numbers.joined(separator: ", "))."))
                throw ExitCode.failure
            }
            var output = StandardOutput()
            output.write(TrackerMarkdown.render(found))
            output.flush()
        }
    }

    struct Report: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Export the tracker: Markdown (the RCA document), JSON or a self-contained HTML page.")

        enum Format: String, ExpressibleByArgument, CaseIterable {
            case markdown, json, html
        }

        @OptionGroup var store: StoreOptions

        @Option(help: "markdown, json or html.")
        var format: Format = .markdown

        @Option(name: .shortAndLong, help: ArgumentHelp("Write to this file instead of standard output.", valueName: "file"))
        var output: String?

        func run() throws {
            let document = try store.open(create: false).document()
            let text: String
            switch format {
            case .markdown: text = TrackerMarkdown.render(document)
            case .json: text = TrackerJSON.render(document)
            case .html: text = TrackerHTML.render(document)
            }
            if let output {
                try TextFile.write(text, to: output)
            } else {
                var out = StandardOutput()
                out.write(text)
                out.flush()
            }
        }
    }

    struct Import: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Read a tracker document (Markdown, in the report's structure) into the store.",
            discussion: "Issues keep their numbers and every field. A tracker that already has issues is only replaced with '--replace'.")

        @OptionGroup var store: StoreOptions

        @Argument(help: "The Markdown tracker to read.")
        var file: String

        @Flag(help: "Replace the issues already in the tracker.")
        var replace = false

        func run() throws {
            let text = try TextFile.read(file)
            let document: TrackerDocument
            do {
                document = try TrackerMarkdown.parse(text)
            } catch {
                Diagnostics.warn("\(file): \(error)")
                throw ExitCode.failure
            }
            let tracker = try store.open(create: true)
            let existing = try tracker.document().issues.count
            if existing > 0, !replace {
                Diagnostics.warn("the tracker '\(store.db)' already has \(existing) issue(s). Please pass '--replace' to replace them with '\(file)', or use another '--db'.")
                throw ExitCode.failure
            }
            try tracker.importDocument(document, from: file, at: Timestamp.now)
            var output = StandardOutput()
            output.write("Imported \(document.issues.count) issue(s) from \(file).\n\n")
            output.write(TrackerSummary.table(try tracker.document().issues))
            output.flush()
        }
    }
}

extension IssueStatus: ExpressibleByArgument {
    public init?(argument: String) { self.init(text: argument) }
    public static var allValueStrings: [String] { allCases.map(\.rawValue) }
}

extension IssueSeverity: ExpressibleByArgument {
    public init?(argument: String) { self.init(rawValue: argument.lowercased()) }
    public static var allValueStrings: [String] { allCases.map(\.rawValue) }
}

extension IssueKind: ExpressibleByArgument {
    public init?(argument: String) { self.init(rawValue: argument.lowercased()) }
    public static var allValueStrings: [String] { allCases.map(\.rawValue) }
}

extension Confidence: ExpressibleByArgument {
    public init?(argument: String) { self.init(rawValue: argument.lowercased()) }
    public static var allValueStrings: [String] { allCases.map(\.rawValue) }
}

extension IssueField: ExpressibleByArgument {}
