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

    private struct Seen {
        var ref: TemplateMiner.TemplateRef?
        var time: Timestamp?
    }

    private struct Stream {
        var recent: [Seen] = []
        var after: (problem: TemplateMiner.TemplateRef, time: Timestamp?, left: Int)?
        var records = 0
    }

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
    private var streams: [Stream] = []
    private var pairs: [Pair: Int] = [:]
    private var problemRecords: [Share: Int] = [:]

    /// Takes every record in reading order. `candidate`: it may be a neighbour (not a problem, not an access line).
    mutating func add(_ ref: TemplateMiner.TemplateRef, time: Timestamp?, stream key: StreamKey, problem: Bool, candidate: Bool) {
        let index: Int
        if let known = indexOfStream[key] {
            index = known
        } else {
            index = streams.count
            indexOfStream[key] = index
            streams.append(Stream())
        }
        streams[index].records += 1
        if problem {
            problemRecords[Share(stream: index, problem: ref), default: 0] += 1
            var counted: [TemplateMiner.TemplateRef] = []
            for seen in streams[index].recent {
                guard let neighbour = seen.ref, !counted.contains(neighbour), Self.within(seen.time, time, Self.beforeWindow) else { continue }
                counted.append(neighbour)
                count(Pair(problem: ref, neighbour: neighbour, side: .before))
            }
            streams[index].recent.removeAll(keepingCapacity: true)
            streams[index].after = (ref, time, Self.reach)
            return
        }
        if let after = streams[index].after {
            if candidate, Self.within(after.time, time, Self.afterWindow) {
                count(Pair(problem: after.problem, neighbour: ref, side: .after))
            }
            streams[index].after = after.left > 1 ? (after.problem, after.time, after.left - 1) : nil
        }
        if streams[index].recent.count == Self.reach { streams[index].recent.removeFirst() }
        streams[index].recent.append(Seen(ref: candidate ? ref : nil, time: time))
    }

    private mutating func count(_ pair: Pair) {
        if let known = pairs[pair] {
            pairs[pair] = known + 1
        } else if pairs.count < Self.pairLimit {
            pairs[pair] = 1
        }
    }

    /// Without times, order alone says they are next to each other.
    private static func within(_ earlier: Timestamp?, _ later: Timestamp?, _ window: Int64) -> Bool {
        guard let earlier, let later else { return true }
        let lag = later.millisecondsSinceEpoch - earlier.millisecondsSinceEpoch
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
            let density = Double(records) / Double(max(1, streams[share.stream].records))
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
