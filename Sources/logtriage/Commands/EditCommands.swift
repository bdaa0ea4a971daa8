import ArgumentParser
import LogTriageCore
import LogTriageStore

extension LogTriage {
    struct Edit: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Change an issue's fields by hand; later scans keep what you set.",
            discussion: """
                Single values replace; list options (--hypothesis, --question, …) add one item each time they are \
                given. '--clear FIELD' empties a field first (hypotheses, evidence, files, questions, downstream, \
                fix-options, validation, related, notes).
                """)

        @OptionGroup var store: StoreOptions

        @Argument(help: "The issue number.")
        var issue: Int

        @Option(help: "A new title.") var title: String?
        @Option(help: "low, medium, high or critical.") var severity: IssueSeverity?
        @Option(help: "configuration, code-defect, external or expected-noise.") var kind: IssueKind?
        @Option(help: "The subsystem that fails first.") var subsystem: String?
        @Option(help: "low, medium or high.") var confidence: Confidence?
        @Option(help: "Add a primary root-cause hypothesis.") var hypothesis: [String] = []
        @Option(help: "Add a secondary hypothesis.") var secondary: [String] = []
        @Option(help: "Add an observed behavior.") var behavior: [String] = []
        @Option(help: "Add a line of evidence in code.") var evidence: [String] = []
        @Option(help: "Add a file to inspect.") var file: [String] = []
        @Option(help: "Add a root-cause question.") var question: [String] = []
        @Option(help: "Add a downstream effect.") var downstream: [String] = []
        @Option(help: "Add a fix option.") var fixOption: [String] = []
        @Option(help: "Add a validation step.") var validation: [String] = []
        @Option(help: ArgumentHelp("Relate another issue: 'N:relation', e.g. '3:downstream effect'.", valueName: "N:relation"))
        var related: [String] = []
        @Option(help: "Empty a list field before adding.") var clear: [IssueField] = []

        func validate() throws {
            for relation in related where IssueEdit.relation(relation) == nil {
                throw ValidationError("The value '\(relation)' is not a relation. Please write it as 'N:relation', e.g. '3:downstream effect'.")
            }
            if title?.trimmingWhitespace().isEmpty == true { throw ValidationError("Please give a non-empty '--title'.") }
        }

        func run() throws {
            var edit = IssueEdit()
            edit.title = title
            edit.severity = severity
            edit.kind = kind
            edit.subsystem = subsystem
            edit.confidence = confidence
            edit.hypotheses = hypothesis
            edit.secondaryHypotheses = secondary
            edit.behavior = behavior
            edit.evidence = evidence
            edit.files = file
            edit.questions = question
            edit.downstream = downstream
            edit.fixOptions = fixOption
            edit.validation = validation
            edit.related = related.compactMap(IssueEdit.relation)
            edit.clear = clear
            guard !edit.isEmpty else {
                throw ValidationError("Please say what to change, e.g. '--title \"…\"' or '--hypothesis \"…\"' (see 'logtriage edit --help').")
            }
            let tracker = try store.open(create: false)
            let updated = try Failure.report { try tracker.apply(edit, to: issue, at: Timestamp.now) }
            var output = StandardOutput()
            output.write("Issue \(updated.number) updated: \(edit.changes.joined(separator: ", ")).\n")
            output.flush()
        }
    }

    struct Note: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Add a note to an issue.")

        @OptionGroup var store: StoreOptions
        @Argument(help: "The issue number.") var issue: Int
        @Argument(help: "The note.") var text: String

        func run() throws {
            guard !text.trimmingWhitespace().isEmpty else { throw ValidationError("Please write a non-empty note.") }
            let tracker = try store.open(create: false)
            var edit = IssueEdit()
            edit.notes = [text]
            _ = try Failure.report { try tracker.apply(edit, to: issue, at: Timestamp.now) }
            var output = StandardOutput()
            output.write("Note added to Issue \(issue).\n")
            output.flush()
        }
    }

    struct Status: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Move an issue through its lifecycle: open, investigating, root-cause-confirmed, fixed, verified, regressed, observed, wontfix.",
            discussion: "An issue is only marked fixed once its root cause is confirmed, unless '--force'. The fix time (now, or '--at') and '--version' are recorded; 'logtriage verify' checks later logs against them.")

        @OptionGroup var store: StoreOptions
        @Argument(help: "The issue number.") var issue: Int
        @Argument(help: "The new status.") var status: IssueStatus
        @Flag(help: "Skip the lifecycle's checks.") var force = false
        @Option(help: "The version, tag or commit that carries the fix.") var version: String?
        @Option(help: ArgumentHelp("When the fix was deployed (RFC 3339, e.g. 2026-03-12T10:00:00Z). Default: now.", valueName: "time"))
        var at: String?

        func validate() throws {
            if let at, Timestamp(rfc3339: at) == nil {
                throw ValidationError("The value '\(at)' is not a time. Please use RFC 3339, e.g. '2026-03-12T10:00:00Z'.")
            }
            if (version != nil || at != nil) && status != .fixed {
                throw ValidationError("'--version' and '--at' describe a fix; please use them with 'fixed'.")
            }
        }

        func run() throws {
            let tracker = try store.open(create: false)
            let change = StatusChange(status: status, force: force, version: version, fixTime: at.flatMap(Timestamp.init(rfc3339:)))
            let updated = try Failure.report { try tracker.setStatus(issue, to: change, at: Timestamp.now) }
            var output = StandardOutput()
            output.write("Issue \(updated.number) is now \(updated.status.title).\n")
            output.flush()
        }
    }

    struct Merge: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Merge issue B into issue A (one failure that was split); later scans keep them together.")

        @OptionGroup var store: StoreOptions
        @Argument(help: "The issue that stays.") var target: Int
        @Argument(help: "The issue merged into it.") var other: Int

        func run() throws {
            let tracker = try store.open(create: false)
            let merged = try Failure.report { try tracker.merge(other, into: target, at: Timestamp.now) }
            var output = StandardOutput()
            output.write("Merged Issue \(other) into Issue \(target): \(merged.signatures.count) signature(s).\n")
            output.flush()
        }
    }

    struct Split: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Move signatures out of an issue into a new one (unrelated failures grouped together); later scans keep them apart.")

        @OptionGroup var store: StoreOptions
        @Argument(help: "The issue to split.") var issue: Int
        @Option(help: ArgumentHelp("A signature id (or a unique prefix of at least 4 characters) to move; repeatable.", valueName: "id"))
        var signature: [String] = []

        func validate() throws {
            if signature.isEmpty { throw ValidationError("Please name at least one '--signature ID' to move (see 'logtriage show \(issue)').") }
        }

        func run() throws {
            let tracker = try store.open(create: false)
            let created = try Failure.report { try tracker.split(issue, signatures: signature, at: Timestamp.now) }
            var output = StandardOutput()
            output.write("Split \(created.signatures.count) signature(s) out of Issue \(issue) into Issue \(created.number): \(created.title)\n")
            output.flush()
        }
    }
}

/// Tracker refusals and lookups that fail become a message and exit status 1.
enum Failure {
    static func report<T>(_ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch let error as TrackerError {
            Diagnostics.warn(error.description)
            throw ExitCode.failure
        } catch let error as StatusLifecycle.Refusal {
            Diagnostics.warn(error.description)
            throw ExitCode.failure
        }
    }
}
