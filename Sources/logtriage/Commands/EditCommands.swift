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
            for relation in related where Self.relation(relation) == nil {
                throw ValidationError("The value '\(relation)' is not a relation. Please write it as 'N:relation', e.g. '3:downstream effect'.")
            }
            if title?.trimmingWhitespace().isEmpty == true { throw ValidationError("Please give a non-empty '--title'.") }
        }

        static func relation(_ text: String) -> Relation? {
            guard let colon = text.firstIndex(of: ":"), let number = Int(text[..<colon].trimmingWhitespace()) else { return nil }
            let relation = text[text.index(after: colon)...].trimmingWhitespace()
            return relation.isEmpty ? nil : Relation(issue: number, relation: relation)
        }

        func run() throws {
            var fields: [IssueField] = clear
            var changes: [String] = []
            if title != nil { fields.append(.title); changes.append("title") }
            if severity != nil { fields.append(.severity); changes.append("severity") }
            if kind != nil { fields.append(.kind); changes.append("kind") }
            if subsystem != nil { fields.append(.subsystem); changes.append("subsystem") }
            if confidence != nil { fields.append(.confidence); changes.append("confidence") }
            let lists: [(IssueField, [String], String)] = [
                (.hypotheses, hypothesis + secondary, "hypotheses"), (.behavior, behavior, "behavior"), (.evidence, evidence, "evidence"), (.files, file, "files"),
                (.questions, question, "questions"), (.downstream, downstream, "downstream effects"),
                (.fixOptions, fixOption, "fix options"), (.validation, validation, "validation"), (.related, related, "related issues"),
            ]
            for (field, values, name) in lists where !values.isEmpty {
                fields.append(field)
                changes.append(name)
            }
            for field in clear { changes.append("cleared \(field.rawValue)") }
            guard !changes.isEmpty else {
                throw ValidationError("Please say what to change, e.g. '--title \"…\"' or '--hypothesis \"…\"' (see 'logtriage edit --help').")
            }
            let tracker = try store.open(create: false)
            let updated = try Failure.report {
                try tracker.edit(issue, fields: fields, log: "Issue \(issue): edited \(changes.joined(separator: ", ")).", at: Timestamp.now) { issue in
                    for field in clear {
                        switch field {
                        case .hypotheses: issue.primaryHypotheses = []; issue.secondaryHypotheses = []
                        case .behavior: issue.behavior = []
                        case .evidence: issue.evidence = []
                        case .files: issue.files = []
                        case .questions: issue.questions = []
                        case .downstream: issue.downstream = []
                        case .fixOptions: issue.fixOptions = []
                        case .validation: issue.validation = []
                        case .related: issue.related = []
                        case .notes: issue.notes = []
                        case .title, .severity, .subsystem, .kind, .confidence: break
                        }
                    }
                    if let title { issue.title = title }
                    if let severity { issue.severity = severity }
                    // The analysis' reasons argued for the old value; the new one is the user's call.
                    if let kind {
                        issue.kind = kind
                        issue.kindReasons = [Bullet("Set by hand")]
                    }
                    if let subsystem { issue.subsystem = subsystem }
                    if let confidence {
                        issue.confidence = confidence
                        issue.confidenceReasons = [Bullet("Set by hand")]
                    }
                    issue.primaryHypotheses += hypothesis.map { Bullet($0) }
                    issue.secondaryHypotheses += secondary.map { Bullet($0) }
                    issue.behavior += behavior.map { Bullet($0) }
                    issue.evidence += evidence.map { Bullet($0) }
                    issue.files += file.map { Bullet($0) }
                    issue.questions += question.map { Bullet($0) }
                    issue.downstream += downstream.map { Bullet($0) }
                    issue.fixOptions += fixOption.map { Bullet($0) }
                    issue.validation += validation.map { Bullet($0) }
                    issue.related += related.compactMap(Self.relation)
                }
            }
            var output = StandardOutput()
            output.write("Issue \(updated.number) updated: \(changes.joined(separator: ", ")).\n")
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
            _ = try Failure.report {
                try tracker.edit(issue, fields: [], log: "Issue \(issue): note added.", at: Timestamp.now) { $0.notes.append(Bullet(text)) }
            }
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

extension StringProtocol {
    func trimmingWhitespace() -> String {
        String(drop { $0.isWhitespace }.reversed().drop { $0.isWhitespace }.reversed())
    }
}
