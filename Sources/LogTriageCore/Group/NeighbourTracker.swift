/// A message that stands next to a problem's records in their stream time and again: what the service was doing
/// just before it failed (`Starting plugin X`), and what it did next (a restart, a recovery, a retry). An engineer
/// writes these down with the issue; the matcher places them with it.
public struct Neighbour: Sendable, Hashable, Codable {
    public enum Side: String, Sendable, Hashable, Codable { case before, after }

    /// The template id.
    public var id: String
    public var template: String
    public var side: Side
    /// How many of its records stood next to one of the signature's.
    public var together: Int
    /// Its records in all.
    public var count: Int

    public init(id: String, template: String, side: Side, together: Int, count: Int) {
        self.id = id
        self.template = template
        self.side = side
        self.together = together
        self.count = count
    }
}

/// Watches, stream by stream (a capture's service, else a file), which records come right before and right after
/// each problem record, and keeps the messages that are found there more often than not — and far more often than
/// the problem's share of the stream makes likely by chance. Access lines are traffic, never neighbours.
struct NeighbourTracker {
    /// Records looked at on each side of a problem record.
    static let reach = 4
    /// How far before a problem a record still tells what led to it.
    static let beforeWindow: Int64 = 2_000
    /// How long after a problem its stream's next records still tell what followed (a retry interval).
    static let afterWindow: Int64 = 30_000
    /// Neighbours kept per problem template.
    static let kept = 3
    /// Bound on the pairs counted (memory on logs with many templates).
    static let pairLimit = 1 << 16

    struct StreamKey: Hashable {
        var file: String
        var service: String?
    }

    /// Per stream: its last ``reach`` records (template index, or -1 for one that may not be a neighbour; time in
    /// ms, or `noTime`), newest last, in flat arrays so the per-record work touches no nested storage.
    private var recentRefs: [Int32] = []
    private var recentTimes: [Int64] = []
    private var recentCount: [Int] = []
    /// Per stream: the problem whose next records are counted after it, its time, and how many are left.
    private var afterProblem: [Int32] = []
    private var afterTime: [Int64] = []
    private var afterLeft: [Int] = []
    private var records: [Int] = []
    private static let noTime = Int64.min

    private struct Pair: Hashable {
        var problem: TemplateMiner.TemplateRef
        var neighbour: TemplateMiner.TemplateRef
        var side: Neighbour.Side
    }

    private struct Share: Hashable {
        var stream: Int
        var problem: TemplateMiner.TemplateRef
    }

    private var indexOfStream: [StreamKey: Int] = [:]
    private var lastStream: (key: StreamKey, index: Int)?
    private var pairs: [Pair: Int] = [:]
    private var problemRecords: [Share: Int] = [:]

    /// Takes every record in reading order. `candidate`: it may be a neighbour (not a problem, not an access line).
    mutating func add(_ ref: TemplateMiner.TemplateRef, time: Timestamp?, stream key: StreamKey, problem: Bool, candidate: Bool) {
        let index: Int
        // most records continue the stream of the record before them: no hashing then
        if let last = lastStream, last.key == key {
            index = last.index
        } else if let known = indexOfStream[key] {
            index = known
        } else {
            index = records.count
            indexOfStream[key] = index
            records.append(0)
            recentRefs += [Int32](repeating: -1, count: Self.reach)
            recentTimes += [Int64](repeating: Self.noTime, count: Self.reach)
            recentCount.append(0)
            afterProblem.append(-1)
            afterTime.append(Self.noTime)
            afterLeft.append(0)
        }
        lastStream = (key, index)
        records[index] += 1
        let now = time?.millisecondsSinceEpoch ?? Self.noTime
        let base = index * Self.reach
        if problem {
            problemRecords[Share(stream: index, problem: ref), default: 0] += 1
            let filled = recentCount[index]
            for slot in (Self.reach - filled)..<Self.reach {
                let neighbour = recentRefs[base + slot]
                guard neighbour >= 0, Self.within(recentTimes[base + slot], now, Self.beforeWindow) else { continue }
                // each message once per problem record
                if (Self.reach - filled..<slot).contains(where: { recentRefs[base + $0] == neighbour }) { continue }
                count(Pair(problem: ref, neighbour: TemplateMiner.TemplateRef(index: neighbour), side: .before))
            }
            recentCount[index] = 0
            afterProblem[index] = ref.index
            afterTime[index] = now
            afterLeft[index] = Self.reach
            return
        }
        if afterLeft[index] > 0 {
            if candidate, Self.within(afterTime[index], now, Self.afterWindow) {
                count(Pair(problem: TemplateMiner.TemplateRef(index: afterProblem[index]), neighbour: ref, side: .after))
            }
            afterLeft[index] -= 1
        }
        // shift the window left by one and put this record last
        for slot in 0..<(Self.reach - 1) {
            recentRefs[base + slot] = recentRefs[base + slot + 1]
            recentTimes[base + slot] = recentTimes[base + slot + 1]
        }
        recentRefs[base + Self.reach - 1] = candidate ? ref.index : -1
        recentTimes[base + Self.reach - 1] = now
        recentCount[index] = min(recentCount[index] + 1, Self.reach)
    }

    private mutating func count(_ pair: Pair) {
        if let known = pairs[pair] {
            pairs[pair] = known + 1
        } else if pairs.count < Self.pairLimit {
            pairs[pair] = 1
        }
    }

    /// Without times, order alone says they are next to each other.
    private static func within(_ earlier: Int64, _ later: Int64, _ window: Int64) -> Bool {
        guard earlier != noTime, later != noTime else { return true }
        let lag = later - earlier
        return lag >= 0 && lag <= window
    }

    /// The neighbours of each problem template (by final id), most telling first. `problemID` names the problem
    /// refs; a message that is itself a problem somewhere is no neighbour. Next to it once is chance unless the two
    /// name one thing (``nameOneThing(_:_:spread:)``) or the problem itself happened once.
    func neighbours(
        miner: TemplateMiner, spread: [String: Int], problemID: (TemplateMiner.TemplateRef) -> String?
    ) -> [String: [Neighbour]] {
        // The densest stream of each problem: how often a record there stands next to it by chance.
        var chance: [String: Double] = [:]
        for (share, records) in problemRecords {
            guard let id = problemID(share.problem) else { continue }
            let density = Double(records) / Double(max(1, self.records[share.stream]))
            chance[id] = max(chance[id] ?? 0, min(1, density * Double(Self.reach)))
        }
        struct Key: Hashable {
            var problem: String
            var neighbour: String
            var side: Neighbour.Side
        }
        var together: [Key: Int] = [:]
        var identity: [String: (text: String, count: Int)] = [:]
        var tied: Set<Key> = []
        let problems = Set(problemRecords.keys.compactMap { problemID($0.problem) })
        var templates: [String: MinedTemplate] = [:]
        func template(_ ref: TemplateMiner.TemplateRef, _ id: String) -> MinedTemplate {
            if let known = templates[id] { return known }
            let template = miner.template(ref)
            templates[id] = template
            return template
        }
        for (pair, count) in pairs {
            guard let problem = problemID(pair.problem) else { continue }
            let (id, text) = miner.identity(pair.neighbour)
            guard !problems.contains(id) else { continue }
            if identity[id] == nil { identity[id] = (text, template(pair.neighbour, id).count) }
            let key = Key(problem: problem, neighbour: id, side: pair.side)
            together[key, default: 0] += count
            // Once together is chance unless they name one thing, or the problem happened only once (what a
            // one-off failure did next, such as a shutdown or a restart, is all there is to see).
            if count == 1, together[key] == 1 {
                let failure = template(pair.problem, problem)
                if failure.count == 1 || Self.nameOneThing(template(pair.neighbour, id), failure, spread: spread) { tied.insert(key) }
            }
        }
        // Each message goes with the problem it stands next to most often.
        var best: [String: (key: Key, together: Int)] = [:]
        for (key, count) in together {
            guard let total = identity[key.neighbour]?.count, total > 0 else { continue }
            let ratio = Double(count) / Double(total)
            guard ratio >= 0.5, ratio >= 3 * (chance[key.problem] ?? 1), count >= 2 || tied.contains(key) else { continue }
            if let current = best[key.neighbour],
                current.together > count || (current.together == count && (current.key.problem, current.key.side.rawValue) < (key.problem, key.side.rawValue))
            {
                continue
            }
            best[key.neighbour] = (key, count)
        }
        var result: [String: [Neighbour]] = [:]
        for (id, chosen) in best {
            guard let known = identity[id] else { continue }
            result[chosen.key.problem, default: []].append(
                Neighbour(id: id, template: known.text, side: chosen.key.side, together: chosen.together, count: known.count))
        }
        for (problem, list) in result {
            result[problem] = Array(list.sorted { $0.together != $1.together ? $0.together > $1.together : $0.id < $1.id }.prefix(Self.kept))
        }
        return result
    }

    /// Whether two templates name one thing: an endpoint (`redis:6379`), a word few templates of the log use, or
    /// two words of their own, in their texts or the values their placeholders held.
    static func nameOneThing(_ a: MinedTemplate, _ b: MinedTemplate, spread: [String: Int]) -> Bool {
        func texts(_ template: MinedTemplate) -> [String] {
            [template.text] + template.parameters.flatMap { $0.top.prefix(3).map(\.value) }
        }
        let (left, right) = (texts(a), texts(b))
        let endpoints = Set(left.flatMap(IssueGrouper.Features.endpoints(in:)))
        if right.contains(where: { !IssueGrouper.Features.endpoints(in: $0).isDisjoint(with: endpoints) }) { return true }
        func words(_ texts: [String]) -> Set<String> {
            var words: Set<String> = []
            for text in texts {
                for token in text.split(separator: " ") where !token.contains("<") {
                    IssueGrouper.Features.collectWords(token, into: &words)
                }
            }
            return words
        }
        let shared = words(left).intersection(words(right))
        return shared.count >= 2 || shared.contains { spread[$0, default: 0] <= IssueGrouper.maxWordSpread }
    }
}
