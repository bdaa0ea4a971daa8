import LogTriageCore
import LogTriageStore

/// One tracker fed by several intakes at once (followed files, a pipe, HTTP clients). Each submission returns once
/// its records are committed, so an intake acknowledges only what is stored; submissions that arrive while a
/// commit runs are filed together by the next one (group commit). Analysis of the whole tracker is debounced.
public actor LiveScan {
    public struct Configuration: Sendable {
        /// Records waiting beyond this are refused (``LiveScanError/busy(retryAfter:)``) until commits catch up.
        public var maxPendingRecords = 200_000
        /// The shortest time between two analyses of the tracker; changes wait for the next one.
        public var analysisInterval: Duration = .seconds(30)
        /// An issue is announced again when its count reaches this many times the count announced last.
        public var growthFactor = 2

        public init() {}
    }

    private let scan: ScanService
    private let analyser: TrackerAnalyser?
    private let configuration: Configuration
    private let clock = ContinuousClock()
    private let onChange: @Sendable (ScanChange) -> Void
    private var waiting: [CheckedContinuation<Void, any Error>] = []
    private var wake: CheckedContinuation<Void, Never>?
    private var lastAnalysis: ContinuousClock.Instant
    private var announced: [Int: Int] = [:]
    private var stopped = false
    /// Totals since the service started.
    public private(set) var committedRecords = 0
    /// Who follows changes (the dashboard's live pages), by subscription.
    private var subscribers: [Int: AsyncStream<Int>.Continuation] = [:]
    private var nextSubscriber = 0
    /// Counts the changes to the tracker: commits that stored records, analyses, hand edits.
    public private(set) var generation = 0

    /// `onChange` hears of issues that open, grow past the growth factor or regress, after each commit.
    public init(
        scan: ScanService, analyser: TrackerAnalyser?, configuration: Configuration = Configuration(),
        onChange: @escaping @Sendable (ScanChange) -> Void = { _ in }
    ) {
        self.scan = scan
        self.analyser = analyser
        self.configuration = configuration
        self.onChange = onChange
        lastAnalysis = ContinuousClock().now
    }

    /// Adds records and returns once they are in the tracker. `progress` is where the input stands once they are
    /// (a followed file's resume point); `input` names it in the update log.
    public func submit(
        _ records: [LogRecord], source: String, progress: SourceProgress? = nil, input: String? = nil
    ) async throws {
        guard !stopped else { throw LiveScanError.stopped }
        if scan.pendingRecords > 0, scan.pendingRecords + records.count > configuration.maxPendingRecords {
            throw LiveScanError.busy(retryAfter: 1)
        }
        let index = scan.source(named: source)
        for record in records { scan.add(record, source: index) }
        if let progress { scan.recordProgress(progress) }
        if let input { scan.noteInput(input) }
        try await withCheckedThrowingContinuation { continuation in
            waiting.append(continuation)
            wake?.resume()
            wake = nil
        }
    }

    /// Records waiting for the next commit.
    public var pendingRecords: Int { scan.pendingRecords }

    /// Scans files or directories once, as `scan` would (a file read before continues where it stopped), files
    /// them with everything waiting, and analyses the tracker. Returns what was read, for the user.
    public func scan(paths: [String], reader: RecordReader) throws -> String {
        guard !stopped else { throw LiveScanError.stopped }
        let (inputs, errors) = InputExpander.expand(paths)
        var notes = errors.map(\.description)
        if inputs.isEmpty, errors.isEmpty { notes.append("no log files found in \(paths.joined(separator: ", "))") }
        let known = try scan.store.sources()
        let before = scan.pendingRecords
        var read = 0
        for input in inputs where !input.isStandardInput {
            do {
                let result = try scan.read(input, with: reader, known: known, at: .now)
                if let note = result.note { notes.append("\(input.path): \(note)") }
                if let error = result.summary.error { notes.append(error.description) }
                if !result.unchanged { read += 1 }
            } catch {
                notes.append("\(error)")
            }
        }
        let records = scan.pendingRecords - before
        guard let outcome = try commitWaiting()?.get() else { return "Nothing to scan. " + notes.joined(separator: " ") }
        analyseIfDue(force: true)
        var text = "Scanned \(records) record(s) from \(read) input(s): \(outcome.newIssues.count) new issue(s), \(outcome.updatedIssues.count) updated."
        for note in notes { text += " " + note }
        return text
    }

    /// A number that grows with every change to the tracker, for as long as the caller listens.
    public func updates() -> AsyncStream<Int> {
        let (stream, continuation) = AsyncStream.makeStream(of: Int.self, bufferingPolicy: .bufferingNewest(1))
        let id = nextSubscriber
        nextSubscriber += 1
        subscribers[id] = continuation
        continuation.onTermination = { _ in Task { await self.unsubscribe(id) } }
        return stream
    }

    /// Tells those following changes that the tracker changed outside a commit (an edit by hand).
    public func changed() {
        generation += 1
        for continuation in subscribers.values { continuation.yield(generation) }
    }

    private func unsubscribe(_ id: Int) {
        subscribers[id] = nil
    }

    /// Commits whatever is waiting, analysing when due, until the task is cancelled; then commits the rest and
    /// analyses once more, so nothing accepted is lost.
    public func run() async {
        while !Task.isCancelled {
            if waiting.isEmpty {
                await withTaskCancellationHandler {
                    await withCheckedContinuation { wake = $0 }
                } onCancel: {
                    Task { await self.interrupt() }
                }
            }
            commitWaiting()
            analyseIfDue(force: false)
            // Lets submissions that queued during the commit join the next batch.
            await Task.yield()
        }
        stop()
    }

    /// Runs `body` (intakes that submit) while commits run; then stores everything accepted and analyses once more,
    /// whether `body` returned or threw.
    nonisolated public func serving<T: Sendable>(_ body: () async throws -> T) async throws -> T {
        let committer = Task { await self.run() }
        let result: Result<T, any Error>
        do {
            result = .success(try await body())
        } catch {
            result = .failure(error)
        }
        committer.cancel()
        await committer.value
        return try result.get()
    }

    /// Refuses new submissions and files everything accepted: the end of a run.
    public func stop() {
        stopped = true
        commitWaiting()
        analyseIfDue(force: true)
        for continuation in subscribers.values { continuation.finish() }
        subscribers = [:]
    }

    private func interrupt() {
        wake?.resume()
        wake = nil
    }

    /// Commits what is waiting and answers the submissions; nil when there was nothing to commit.
    @discardableResult
    private func commitWaiting() -> Result<ScanOutcome, any Error>? {
        guard !waiting.isEmpty || scan.hasPending else { return nil }
        let batch = waiting
        waiting = []
        let records = scan.pendingRecords
        do {
            let outcome = try scan.commit(at: Timestamp.now, live: true)
            committedRecords += records
            for continuation in batch { continuation.resume() }
            announce(outcome)
            if records > 0 { changed() }
            return .success(outcome)
        } catch {
            for continuation in batch { continuation.resume(throwing: error) }
            return .failure(error)
        }
    }

    private func analyseIfDue(force: Bool) {
        guard let analyser, scan.analysisDue else { return }
        guard force || clock.now - lastAnalysis >= configuration.analysisInterval else { return }
        lastAnalysis = clock.now
        // A failed analysis leaves the tracker as the last commit wrote it; the next one tries again.
        if (try? scan.analyse(with: analyser, at: Timestamp.now)) != nil { changed() }
    }

    private func announce(_ outcome: ScanOutcome) {
        for number in outcome.newIssues {
            guard let issue = try? scan.store.issue(number) else { continue }
            let count = issue.occurrences.count
            announced[number] = count
            onChange(.opened(issue: number, title: issue.title, count: count))
        }
        for number in outcome.updatedIssues {
            guard let issue = try? scan.store.issue(number) else { continue }
            let count = issue.occurrences.count
            guard let last = announced[number] else {
                // Known before this run: growth counts from here.
                announced[number] = count
                continue
            }
            if count >= last * configuration.growthFactor {
                announced[number] = count
                onChange(.grew(issue: number, title: issue.title, from: last, to: count))
            }
        }
        for regression in outcome.regressions { onChange(.regressed(regression)) }
    }
}

/// What a commit changed that someone watching wants to hear.
public enum ScanChange: Sendable, Hashable {
    case opened(issue: Int, title: String, count: Int)
    case grew(issue: Int, title: String, from: Int, to: Int)
    case regressed(Regression)

    /// One line for a terminal.
    public var line: String {
        switch self {
        case .opened(let issue, let title, let count):
            "NEW      Issue \(issue): \(title) (\(count) record\(count == 1 ? "" : "s"))"
        case .grew(let issue, let title, let from, let to):
            "GROWING  Issue \(issue): \(title) (\(from) → \(to) records)"
        case .regressed(let regression):
            "REGRESSED Issue \(regression.issue): `\(regression.signature)` seen at \(regression.time.rfc3339) "
                + "(\(regression.file):\(regression.line)), after its fix"
        }
    }
}

public enum LiveScanError: Error, Sendable, Equatable, CustomStringConvertible {
    /// Too many records are waiting for a commit; try again after this many seconds.
    case busy(retryAfter: Int)
    /// The service is shutting down.
    case stopped

    public var description: String {
        switch self {
        case .busy(let seconds): "the tracker is behind; retry in \(seconds) s"
        case .stopped: "the service is stopping"
        }
    }
}
