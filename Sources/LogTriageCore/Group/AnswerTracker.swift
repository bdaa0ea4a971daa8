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
    /// Events kept per file (16 bytes each); a log with more problem records than this is matched on its first ones.
    static let maxEvents = 1 << 21
    /// Failures looked at around one response: in a storm, the nearest ones.
    static let maxCandidates = 64

    private struct Event {
        var time: Int64
        var ref: Int32
    }

    private var failures: [String: [Event]] = [:]
    private var responses: [String: [Event]] = [:]

    /// A problem record: a bare failed response (`isResponse`) or any other failure.
    mutating func add(_ ref: Ref, time: Timestamp?, file: String, isResponse: Bool) {
        guard let time = time?.millisecondsSinceEpoch else { return }
        let event = Event(time: time, ref: ref.index)
        if isResponse {
            if responses[file, default: []].count < Self.maxEvents { responses[file, default: []].append(event) }
        } else if failures[file, default: []].count < Self.maxEvents {
            failures[file, default: []].append(event)
        }
    }

    /// Per template, its bare failed responses; per (failure → response), how many of those responses had that
    /// failure within the lag before them. Keyed by template id, into `result`.
    func resolve(into result: inout Cooccurrence, _ id: (Ref) -> String?) {
        var responseCounts: [Int32: Int] = [:]
        var answered: [CooccurrenceTracker.Pair: Int] = [:]
        for (file, fileResponses) in responses {
            let failed = (failures[file] ?? []).sorted { $0.time < $1.time }
            for response in fileResponses {
                responseCounts[response.ref, default: 0] += 1
                guard !failed.isEmpty else { continue }
                // the last failure at or before `time + lead`, then back while within the lag
                var low = 0
                var high = failed.count
                while low < high {
                    let middle = (low + high) / 2
                    if failed[middle].time <= response.time + Self.lead { low = middle + 1 } else { high = middle }
                }
                var seen: Set<Int32> = []
                var index = low - 1
                while index >= 0, low - index <= Self.maxCandidates, failed[index].time >= response.time - Self.lag {
                    let ref = failed[index].ref
                    if seen.insert(ref).inserted {
                        let pair = CooccurrenceTracker.Pair(from: Ref(index: ref), to: Ref(index: response.ref))
                        answered[pair, default: 0] += 1
                    }
                    index -= 1
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
    }
}
