/// Counts which problem templates fire together: in the same context (request, process or file), within
/// `window` of each other — the timelines that grouping and causal analysis read.
///
/// Repeats of one template close together (retries, a loop) form one *episode*; the counts are per
/// episode, so three retries followed by one final error count as one episode of each, and the pair is
/// consistent. `near[A→B]` is the number of A's episodes that had a B episode within the window;
/// `follows[A→B]` counts B's episodes that *began* while an episode of A was under way (A came first),
/// with the lag from A's latest record.
struct CooccurrenceTracker {
    typealias Ref = TemplateMiner.TemplateRef

    /// Milliseconds; retries with 30 s timeouts must still read as one cascade.
    static let window: Int64 = 60_000
    var window: Int64 { Self.window }
    /// Episodes remembered per context; beyond it the oldest is forgotten.
    let perContext = 32

    private struct Episode {
        var ref: Ref
        var start: Int64
        var last: Int64
        var linked: Set<Ref> = []
    }

    private struct Context {
        var episodes: [Episode] = []
        var first: Int64
        var last: Int64
        /// A request id: sharing one is evidence in itself, whatever the base rates.
        var isRequest: Bool
    }

    private var contexts: [String: Context] = [:]
    /// Per template, the milliseconds of process/file timeline its episodes (widened by the window) cover.
    private var covered: [Ref: Int64] = [:]
    /// The process/file timeline observed, widened by the window at both ends per context.
    private var timeline: Int64 = 0
    private var episodes: [Ref: Int] = [:]
    private var near: [Pair: Int] = [:]
    private var follows: [Pair: Cooccurrence.Follow] = [:]
    private var clock: Int64 = 0
    private var events = 0

    struct Pair: Hashable {
        var from: Ref
        var to: Ref
    }

    mutating func add(_ ref: Ref, time: Timestamp?, context: String) {
        events += 1
        // Records without a time (in a file that has times elsewhere) advance a synthetic clock by a second each, so
        // order still counts; a file without any is given its line numbers as the clock.
        let now = time?.millisecondsSinceEpoch ?? (clock + 1000)
        clock = max(clock, now)
        var state = contexts[context] ?? Context(first: now, last: now, isRequest: context.hasPrefix("r:"))
        state.last = max(state.last, now)
        var active = state.episodes
        // Far in either direction: a log whose times jump back (merged files, a reset clock) is not one moment.
        for episode in active where abs(now - episode.last) > window { close(episode, in: state) }
        active.removeAll { abs(now - $0.last) > window }
        let current: Int
        if let index = active.firstIndex(where: { $0.ref == ref }) {
            active[index].last = now
            current = index
        } else {
            episodes[ref, default: 0] += 1
            if active.count >= perContext { close(active.removeFirst(), in: state) }
            // A new episode follows every episode already under way in this context.
            for index in active.indices where follows.count < 1 << 20 {
                follows[Pair(from: active[index].ref, to: ref), default: Cooccurrence.Follow()]
                    .add(lag: max(0, now - active[index].last), sameRequest: state.isRequest)
            }
            active.append(Episode(ref: ref, start: now, last: now))
            current = active.count - 1
        }
        for other in active.indices where other != current {
            let otherRef = active[other].ref
            if active[current].linked.insert(otherRef).inserted, near.count < 1 << 20 {
                near[Pair(from: ref, to: otherRef), default: 0] += 1
            }
            if active[other].linked.insert(ref).inserted, near.count < 1 << 20 {
                near[Pair(from: otherRef, to: ref), default: 0] += 1
            }
        }
        state.episodes = active
        contexts[context] = state
        // Request contexts come and go: drop the idle ones now and then.
        if events % 4096 == 0 {
            for (key, idle) in contexts where !idle.episodes.contains(where: { now - $0.last <= window }) {
                for episode in idle.episodes { close(episode, in: idle) }
                if !idle.isRequest { timeline += idle.last - idle.first + 2 * window }
                contexts[key] = nil
            }
        }
    }

    private mutating func close(_ episode: Episode, in context: Context) {
        guard !context.isRequest else { return }
        covered[episode.ref, default: 0] += episode.last - episode.start + 2 * window
    }

    /// The counts keyed by template id (refs that merged are summed).
    func resolved(_ id: (Ref) -> String?) -> Cooccurrence {
        var result = Cooccurrence()
        var covered = covered
        var timeline = timeline
        for context in contexts.values where !context.isRequest {
            timeline += context.last - context.first + 2 * window
            for episode in context.episodes { covered[episode.ref, default: 0] += episode.last - episode.start + 2 * window }
        }
        // Base rates mean something only over a timeline much longer than the window.
        result.timeline = timeline
        for (ref, ms) in covered {
            guard let key = id(ref) else { continue }
            result.covered[key, default: 0] += ms
        }
        // Base rates mean something only over a timeline much longer than the window.
        if timeline >= 20 * window {
            for (key, ms) in result.covered { result.coverage[key] = min(1, Double(ms) / Double(timeline)) }
        }
        for (ref, n) in episodes {
            guard let key = id(ref) else { continue }
            result.episodes[key, default: 0] += n
        }
        for (pair, n) in near {
            guard let from = id(pair.from), let to = id(pair.to), from != to else { continue }
            result.near[Cooccurrence.Pair(from: from, to: to), default: 0] += n
        }
        for (pair, follow) in follows {
            guard let from = id(pair.from), let to = id(pair.to), from != to else { continue }
            result.follows[Cooccurrence.Pair(from: from, to: to), default: Cooccurrence.Follow()].merge(follow)
        }
        return result
    }
}

/// Episode counts per template id and how often each template's episodes had another template nearby.
public struct Cooccurrence: Sendable {
    public struct Pair: Sendable, Hashable {
        public var from: String
        public var to: String

        public init(from: String, to: String) {
            self.from = from
            self.to = to
        }
    }

    /// How often one template's episodes began while another's was under way, and how long after its latest record.
    public struct Follow: Sendable, Hashable, Codable {
        public var count = 0
        public var totalLag: Int64 = 0
        public var maxLag: Int64 = 0
        /// Of `count`, the times both were logged under one request id.
        public var sameRequest = 0

        public init(count: Int = 0, totalLag: Int64 = 0, maxLag: Int64 = 0, sameRequest: Int = 0) {
            self.count = count
            self.totalLag = totalLag
            self.maxLag = maxLag
            self.sameRequest = sameRequest
        }

        mutating func add(lag: Int64, sameRequest same: Bool) {
            count += 1
            totalLag += lag
            maxLag = max(maxLag, lag)
            if same { sameRequest += 1 }
        }

        public mutating func merge(_ other: Follow) {
            count += other.count
            totalLag += other.totalLag
            maxLag = max(maxLag, other.maxLag)
            sameRequest += other.sameRequest
        }

        /// Milliseconds, on average.
        public var meanLag: Int64 { count > 0 ? totalLag / Int64(count) : 0 }
    }

    public var episodes: [String: Int] = [:]
    public var near: [Pair: Int] = [:]
    public var follows: [Pair: Follow] = [:]
    /// Share of the process/file timeline within the window of the template's episodes: the chance that any
    /// moment is "near" it. Empty when the logs are too short to tell.
    public var coverage: [String: Double] = [:]
    /// The raw measures behind `coverage` (milliseconds), which add up across scans.
    public var covered: [String: Int64] = [:]
    public var timeline: Int64 = 0
    /// Access lines reporting a failed response, per template; per (failure → response), how many of them had that
    /// failure as the nearest in the same file (within ``AnswerTracker/lag`` before, ``AnswerTracker/lead`` after).
    public var responses: [String: Int] = [:]
    public var answered: [Pair: Int] = [:]
    /// Per failure, the share of the responses' timeline within answering distance of it: how often a response
    /// would have it just before by chance.
    public var answerChance: [String: Double] = [:]

    public init() {}

    /// Whether `id` fires so often that being near it says nothing.
    public func isBackground(_ id: String) -> Bool { (coverage[id] ?? 0) > 0.5 }

    /// Share of `from`'s episodes that had `to` within the window.
    public func ratio(_ from: String, _ to: String) -> Double {
        guard let total = episodes[from], total > 0 else { return 0 }
        return Double(min(near[Pair(from: from, to: to)] ?? 0, total)) / Double(total)
    }

    public func count(_ from: String, _ to: String) -> Int { near[Pair(from: from, to: to)] ?? 0 }
}
