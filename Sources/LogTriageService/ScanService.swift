import LogTriageCore
import LogTriageStore

/// The scan, for every intake: records from files, pipes or HTTP are mined and collected into a batch, and each
/// commit files the batch into the tracker (new issues, grown signatures, regressions, resume points) in one
/// transaction. Analysis runs over the whole tracker, so it is asked for separately and not on every batch.
///
/// Not thread-safe: one owner at a time (``LiveScan`` serialises concurrent intakes).
public final class ScanService {
    public let store: any TrackerStore
    private let configuration: ProblemCollector.Configuration
    private let miner: TemplateMiner
    private var collector: ProblemCollector
    private var sourceIndex: [String: Int] = [:]
    private var progress: [String: SourceProgress] = [:]
    private var inputs: [String] = []
    private var sourceRoot: String?
    /// Whether a commit changed the tracker since the last analysis.
    public private(set) var analysisDue = false

    public init(store: any TrackerStore, minLevel: Level = .warning) throws {
        self.store = store
        var configuration = ProblemCollector.Configuration()
        configuration.minLevel = minLevel
        self.configuration = configuration
        collector = ProblemCollector(configuration: configuration)
        miner = TemplateMiner(state: try store.minerState() ?? TemplateMiner.State.empty)
    }

    /// Records added since the last commit.
    public var pendingRecords: Int { collector.records }
    /// Of those, the records at the problem level or with an exception.
    public var pendingProblems: Int { collector.problemRecords }
    /// Whether a commit would change anything.
    public var hasPending: Bool { collector.records > 0 || !progress.isEmpty || !inputs.isEmpty || sourceRoot != nil }

    /// The number of an input within the batch, for the miner's record of where a template was seen.
    public func source(named name: String) -> Int {
        if let index = sourceIndex[name] { return index }
        sourceIndex[name] = sourceIndex.count
        return sourceIndex.count - 1
    }

    public func add(_ record: LogRecord, source: Int) {
        let ref = miner.add(record.signatureText, time: record.time, origin: .init(source: source, line: record.lineStart))
        collector.add(record, ref: ref)
    }

    /// Where a file's reading stands once the records added so far are committed; the latest per path is kept.
    public func recordProgress(_ progress: SourceProgress) {
        self.progress[progress.path] = progress
    }

    /// An input named in the update log for the next commit (`app.log (from line 120)`).
    public func noteInput(_ description: String) {
        if !inputs.contains(description) { inputs.append(description) }
    }

    /// The source tree to look for code evidence in, remembered by the next commit.
    public func rememberSourceRoot(_ root: String) {
        sourceRoot = root
    }

    /// What reading one input added to the batch.
    public struct InputRead: Sendable {
        public var summary: InputSummary
        /// What happened to the file since the last scan (rotated, truncated), for the user.
        public var note: String?
        /// Nothing new since the last scan.
        public var unchanged = false
    }

    /// Reads an input into the batch, continuing a file where the tracker's last scan of it stopped (a rotated file
    /// is recognised by its first bytes, a truncated or replaced one read again) and recording where it now stands.
    /// `known` is the tracker's list of files read; `onRecord` hears the batch's record count as it grows.
    public func read(
        _ input: LogInput, with reader: RecordReader, known: [SourceProgress], at time: Timestamp, onRecord: (Int) -> Void = { _ in }
    ) throws -> InputRead {
        var plan = ResumePoint(offset: 0, lines: 0)
        var fingerprint: FileFingerprint?
        if !input.isStandardInput, let file = FileFingerprint(path: input.path) {
            fingerprint = file
            plan = ResumePoint.plan(for: file, known: known)
            if file.isCompressed, plan.offset != file.size {
                // A compressed file cannot be resumed part way: it was read whole, or is read again.
                plan = ResumePoint(offset: 0, lines: 0, note: plan.offset > 0 ? "compressed and changed; reading it from the start" : plan.note)
            }
            let end = file.isCompressed ? file.size : file.completeSize
            if plan.offset >= end {
                noteInput("\(input.path) (no new lines)")
                return InputRead(summary: InputSummary(input: input.displayName), note: plan.note, unchanged: true)
            }
        }
        let source = source(named: input.displayName)
        let range = fingerprint.flatMap { $0.isCompressed ? nil : plan.offset..<$0.completeSize }
        let summary = try reader.read(input, range: range, firstLine: plan.lines + 1) { record in
            add(record, source: source)
            onRecord(collector.records)
        }
        if let file = fingerprint, let current = file.current {
            recordProgress(
                SourceProgress(
                    path: input.path, fingerprint: current.fingerprint, fingerprintLength: current.length,
                    offset: file.isCompressed ? file.size : file.completeSize, lines: plan.lines + summary.lines, scannedAt: time))
        }
        noteInput(plan.offset > 0 ? "\(input.displayName) (from line \(plan.lines + 1))" : input.displayName)
        return InputRead(summary: summary, note: plan.note)
    }

    /// Files the batch into the tracker and starts a new one. Nothing is kept from a batch that fails to commit
    /// except the miner's templates, so a caller that retries must add the records again.
    /// `live` batches (small and frequent) write to the update log only when they change what issues exist.
    @discardableResult
    public func commit(at time: Timestamp, live: Bool = false) throws -> ScanOutcome {
        let problems = collector.finish(miner: miner)
        var batch = ScanBatch(
            problems: problems, minerState: miner.state, renamedTemplates: miner.mergedIDs,
            sources: progress.values.sorted { $0.path < $1.path }, files: inputs, records: collector.records, time: time,
            sourceRoot: sourceRoot)
        batch.isLive = live
        collector = ProblemCollector(configuration: configuration)
        sourceIndex = [:]
        progress = [:]
        inputs = []
        sourceRoot = nil
        let outcome = try store.apply(batch)
        if batch.records > 0 || batch.sourceRoot != nil { analysisDue = true }
        return outcome
    }

    /// Analyses the whole tracker and writes the result into the fields nobody set by hand.
    public func analyse(with analyser: TrackerAnalyser, at time: Timestamp) throws {
        let analysis = analyser.analyse(try store.analysisInput())
        try store.applyAnalysis(analysis, at: time)
        analysisDue = false
    }
}
