/// Which failures were logged just before each failed response, in the same file: a proxy's or a framework's
/// access line answers the error the application logged a moment earlier, whatever stream or process each came
/// from. Counted per response record; only the latest `lag` of failures per file is kept.
struct AnswerTracker {
    typealias Ref = TemplateMiner.TemplateRef

    /// How long before a response the failure it answers was logged.
    static let lag: Int64 = 2_000
    /// Failures remembered per file within the lag; a storm beyond it keeps the newest.
    static let perFile = 64

    private var recent: [String: [(ref: Ref, time: Int64)]] = [:]
    private var responses: [Ref: Int] = [:]
    private var preceded: [CooccurrenceTracker.Pair: Int] = [:]

    /// A problem record: a bare failed response (`isResponse`) or any other failure.
    mutating func add(_ ref: Ref, time: Timestamp?, file: String, isResponse: Bool) {
        guard let now = time?.millisecondsSinceEpoch else { return }
        var window = recent[file] ?? []
        window.removeAll { now - $0.time > Self.lag || $0.time > now }
        if isResponse {
            responses[ref, default: 0] += 1
            var seen: Set<Ref> = []
            for failure in window where seen.insert(failure.ref).inserted && preceded.count < 1 << 20 {
                preceded[CooccurrenceTracker.Pair(from: failure.ref, to: ref), default: 0] += 1
            }
        } else {
            if window.count >= Self.perFile { window.removeFirst() }
            window.append((ref, now))
        }
        recent[file] = window
    }

    /// The counts keyed by template id, into `result`.
    func resolve(into result: inout Cooccurrence, _ id: (Ref) -> String?) {
        for (ref, n) in responses {
            guard let key = id(ref) else { continue }
            result.responses[key, default: 0] += n
        }
        for (pair, n) in preceded {
            guard let from = id(pair.from), let to = id(pair.to), from != to else { continue }
            result.answered[Cooccurrence.Pair(from: from, to: to), default: 0] += n
        }
    }
}
