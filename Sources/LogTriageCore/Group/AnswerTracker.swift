/// Which failures were logged just before each failed response in the same file: a proxy's or a framework's
/// access line answers the error the application logged a moment earlier, whatever stream or process each came
/// from. Captures often hold one container's lines after another's, so the events are kept with their times
/// and matched in time order at the end, not in file order. Counted per response record.
struct AnswerTracker {
    typealias Ref = TemplateMiner.TemplateRef

    /// How long before a response the failure it answers was logged.
    static let lag: Int64 = 2_000
    /// How long after: an access line stamped to the second can read a little before the error it answers.
    static let lead: Int64 = 1_000
    /// Events kept in all (24 bytes each); past it responses are still counted but not matched, so a rule that needs
    /// most of them matched stays silent rather than guessing.
    static let maxEvents = 1 << 21
    /// Failures looked at around one response: in a storm, the nearest ones.
    static let maxCandidates = 64

    private struct Event {
        var time: Int64
        /// Place among the problem records read: what orders lines stamped to the same second.
        var sequence: Int64
        var ref: Int32
    }

    private var failures: [String: [Event]] = [:]
    private var responses: [String: [Event]] = [:]
    private var responseCounts: [Int32: Int] = [:]
    private var sequence: Int64 = 0
    private var kept = 0
    /// Per file, the first and last time of any record: the period a response could have come in.
    private var spans: [String: (first: Int64, last: Int64)] = [:]
    private var current: (file: String, first: Int64, last: Int64)?

    /// Every record's time, problem or not.
    mutating func see(_ time: Timestamp?, file: String) {
        guard let time = time?.millisecondsSinceEpoch else { return }
        if var span = current, span.file == file {
            span.first = min(span.first, time)
            span.last = max(span.last, time)
            current = span
            return
        }
        closeSpan()
        let known = spans[file]
        current = (file, min(known?.first ?? time, time), max(known?.last ?? time, time))
    }

    /// From the first record's time to the last's, over every file; nil when no record had a time.
    var period: ClosedRange<Timestamp>? {
        var spans = Array(spans.values)
        if let span = current { spans.append((span.first, span.last)) }
        guard let first = spans.map(\.first).min(), let last = spans.map(\.last).max() else { return nil }
        return Timestamp(millisecondsSinceEpoch: first)...Timestamp(millisecondsSinceEpoch: last)
    }

    private mutating func closeSpan() {
        guard let span = current else { return }
        spans[span.file] = (span.first, span.last)
        current = nil
    }

    /// A problem record: a bare failed response (`isResponse`) or any other failure.
    mutating func add(_ ref: Ref, time: Timestamp?, file: String, isResponse: Bool) {
        guard let time = time?.millisecondsSinceEpoch else { return }
        sequence += 1
        if isResponse { responseCounts[ref.index, default: 0] += 1 }
        guard kept < Self.maxEvents else { return }
        kept += 1
        let event = Event(time: time, sequence: sequence, ref: ref.index)
        if isResponse { responses[file, default: []].append(event) } else { failures[file, default: []].append(event) }
    }

    /// Nearer in time to `response`; at the same distance, the one logged just before it in the file.
    private static func closer(_ a: Event, than b: Event, to response: Event) -> Bool {
        let (da, db) = (abs(a.time - response.time), abs(b.time - response.time))
        if da != db { return da < db }
        let (beforeA, beforeB) = (a.sequence < response.sequence, b.sequence < response.sequence)
        if beforeA != beforeB { return beforeA }
        return abs(a.sequence - response.sequence) < abs(b.sequence - response.sequence)
    }

    /// Per template, its bare failed responses; per (failure → response), how many of those responses had that
    /// failure as the nearest one logged within the lag before them. Keyed by template id, into `result`.
    mutating func resolve(into result: inout Cooccurrence, _ id: (Ref) -> String?) {
        closeSpan()
        var answered: [CooccurrenceTracker.Pair: Int] = [:]
        // How much of the file's timeline lies within answering distance of each failure: the chance that a
        // response has it just before by coincidence (a failure logged every second is before every response).
        var covered: [Int32: Int64] = [:]
        var timeline: Int64 = 0
        for (file, fileResponses) in responses {
            let failed = (failures[file] ?? []).sorted { $0.time != $1.time ? $0.time < $1.time : $0.sequence < $1.sequence }
            if var first = fileResponses.map(\.time).min(), var last = fileResponses.map(\.time).max() {
                // responses could have come in at any time the file covers, not only while they did
                if let span = spans[file] { (first, last) = (min(first, span.first), max(last, span.last)) }
                timeline += last - first + Self.lag + Self.lead
                var reach: [Int32: Int64] = [:]  // per failure, the end of the window counted so far
                for failure in failed where failure.time + Self.lag >= first - Self.lead && failure.time - Self.lead <= last {
                    let start = max(failure.time - Self.lead, reach[failure.ref] ?? .min)
                    let end = failure.time + Self.lag
                    if end > start { covered[failure.ref, default: 0] += end - start }
                    reach[failure.ref] = max(reach[failure.ref] ?? .min, end)
                }
            }
            for response in fileResponses where !failed.isEmpty {
                // the first failure after the response's time; the nearest ones lie on either side of it
                var low = 0
                var high = failed.count
                while low < high {
                    let middle = (low + high) / 2
                    if failed[middle].time <= response.time { low = middle + 1 } else { high = middle }
                }
                // the nearest failure answers: in a cascade the last step before the response, which the cascade's
                // own links tie to the rest
                var nearest: Event?
                func consider(_ failure: Event) {
                    if nearest.map({ Self.closer(failure, than: $0, to: response) }) ?? true { nearest = failure }
                }
                var before = low - 1
                while before >= 0, low - before <= Self.maxCandidates, failed[before].time >= response.time - Self.lag {
                    consider(failed[before])
                    before -= 1
                }
                var after = low
                while after < failed.count, after - low < Self.maxCandidates, failed[after].time <= response.time + Self.lead {
                    consider(failed[after])
                    after += 1
                }
                if let nearest {
                    answered[CooccurrenceTracker.Pair(from: Ref(index: nearest.ref), to: Ref(index: response.ref)), default: 0] += 1
                }
            }
        }
        for (ref, n) in responseCounts {
            guard let key = id(Ref(index: ref)) else { continue }
            result.responses[key, default: 0] += n
        }
        for (pair, n) in answered {
            guard let from = id(pair.from), let to = id(pair.to), from != to else { continue }
            result.answered[Cooccurrence.Pair(from: from, to: to), default: 0] += n
        }
        if timeline > 0 {
            for (ref, ms) in covered {
                guard let key = id(Ref(index: ref)) else { continue }
                result.answerChance[key] = min(1, (result.answerChance[key] ?? 0) + Double(ms) / Double(timeline))
            }
        }
    }
}
