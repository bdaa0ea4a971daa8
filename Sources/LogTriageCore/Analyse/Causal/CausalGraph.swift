/// Which issues follow which: an edge A → B when B's episodes consistently begin while A's are under way (same
/// request, process or file, within the co-occurrence window), more often than A's share of the timeline would
/// explain by chance. Chains of edges give each failure's first failing subsystem and its downstream effects.
public struct CausalGraph: Sendable {
    public private(set) var links: [CausalLink] = []

    /// Thresholds, named so the report can say what "consistently" meant.
    public struct Rules: Sendable {
        /// Share of the effect's episodes that began during one of the cause's.
        public var consistency = 0.6
        /// Episodes that must agree, unless they shared a request id.
        public var minimumCount = 2
        /// How many times more often than chance the pair must occur (so a cause that covers a third of the
        /// timeline or more explains nothing).
        public var overChance = 3.0
        public init() {}
    }

    public init(issues: [TrackerIssue], timelines: Cooccurrence, rules: Rules = Rules()) {
        var issueOf: [String: Int] = [:]
        var templates: [String: String] = [:]
        for issue in issues {
            for signature in issue.signatures {
                issueOf[signature.id] = issue.number
                templates[signature.id] = signature.template
            }
        }
        // The strongest signature pair stands for each pair of issues.
        var best: [Cooccurrence.Pair: CausalLink] = [:]
        let untimed = Set(issues.filter { $0.occurrences.firstSeen == nil }.map(\.number))
        for (pair, follow) in timelines.follows {
            guard let cause = issueOf[pair.from], let effect = issueOf[pair.to], cause != effect else { continue }
            let effectEpisodes = max(timelines.episodes[pair.to] ?? 0, follow.count)
            let share = Double(follow.count) / Double(max(effectEpisodes, 1))
            guard share >= rules.consistency, follow.count >= rules.minimumCount || follow.sameRequest > 0 else { continue }
            // By chance, an effect episode begins inside a cause episode's window as often as those windows cover
            // the timeline; request ids are evidence of their own.
            var chance: Double?
            if timelines.timeline >= 20 * CooccurrenceTracker.window, let covered = timelines.covered[pair.from] {
                chance = min(1, Double(covered) / Double(timelines.timeline))
            }
            if follow.sameRequest == 0, let chance, share < chance * rules.overChance { continue }
            // The other direction is stronger: B usually comes first.
            let reverse = timelines.follows[Cooccurrence.Pair(from: pair.to, to: pair.from)]?.count ?? 0
            if reverse > follow.count { continue }
            var link = CausalLink(
                cause: cause, effect: effect, causeSignature: templates[pair.from] ?? pair.from,
                effectSignature: templates[pair.to] ?? pair.to, count: follow.count, effectEpisodes: effectEpisodes,
                meanLag: follow.meanLag, maxLag: follow.maxLag,
                sameRequest: follow.sameRequest, chance: chance)
            link.byLines = untimed.contains(cause) && untimed.contains(effect)
            let key = Cooccurrence.Pair(from: String(cause), to: String(effect))
            if let old = best[key], !link.isStronger(than: old) { continue }
            best[key] = link
        }
        // Mutual pairs (each follows the other as often) keep the direction of the earlier issue.
        let firstSeen = Dictionary(issues.map { ($0.number, $0.occurrences.firstSeen) }, uniquingKeysWith: { a, _ in a })
        for (key, link) in best {
            let reverseKey = Cooccurrence.Pair(from: key.to, to: key.from)
            guard let reverse = best[reverseKey] else { continue }
            let keepThis: Bool
            if link.count != reverse.count {
                keepThis = link.count > reverse.count
            } else {
                switch (firstSeen[link.cause] ?? nil, firstSeen[link.effect] ?? nil) {
                case let (a?, b?) where a != b: keepThis = a < b
                default: keepThis = link.cause < link.effect
                }
            }
            best[keepThis ? reverseKey : key] = nil
        }
        // A reaction to failures (an error reporter that cannot send its report) fires with each of several failures
        // that never fire with each other: it is their common effect, whichever of them was logged first.
        for (cause, effect, count) in Self.reactions(issueOf: issueOf, timelines: timelines, issues: issues, rules: rules) {
            let key = Cooccurrence.Pair(from: String(cause), to: String(effect))
            best[Cooccurrence.Pair(from: key.to, to: key.from)] = nil
            guard best[key] == nil, let issue = issues.first(where: { $0.number == effect }) else { continue }
            var link = CausalLink(timeOrder: cause, effect: issue, lag: 0, in: issues)
            link.count = count
            link.reaction = true
            best[key] = link
        }
        // Issues that fail with the same underlying error (`…: no space left on device`) share its cause: the one
        // that showed it first leads, the others follow, unless their timelines already say how they relate.
        for link in Self.sharedErrorLinks(issues) {
            let key = Cooccurrence.Pair(from: String(link.cause), to: String(link.effect))
            guard best[key] == nil, best[Cooccurrence.Pair(from: key.to, to: key.from)] == nil else { continue }
            best[key] = link
        }
        links = best.values.sorted { ($0.cause, $0.effect) < ($1.cause, $1.effect) }
        for link in links {
            incoming[link.effect, default: []].append(link)
            outgoing[link.cause, default: []].append(link)
        }
    }

    /// Issues with brief episodes that fire at the same instant as (so the log cannot order them) episodes of two or
    /// more other issues that never fire with each other, enough of them to account for `consistency` of its
    /// episodes: a common effect (the collider of independent causes), paired with each of those causes and how
    /// often.
    static func reactions(issueOf: [String: Int], timelines: Cooccurrence, issues: [TrackerIssue], rules: Rules)
        -> [(cause: Int, effect: Int, count: Int)]
    {
        var together: [Int: [Int: Int]] = [:]  // issue → partner → episodes together
        var touching: Set<[Int]> = []  // issue pairs with any episode together, at any lag
        for (pair, follow) in timelines.follows {
            guard let a = issueOf[pair.from], let b = issueOf[pair.to], a != b else { continue }
            touching.insert([min(a, b), max(a, b)])
            // Stamped at the same instant, the log cannot say which came first; any lag says it, and the
            // timelines' direction stands.
            guard follow.count > 0, follow.maxLag == 0 else { continue }
            together[a, default: [:]][b, default: 0] += follow.count
            together[b, default: [:]][a, default: 0] += follow.count
        }
        var episodes: [Int: Int] = [:]
        var covered: [Int: Int64] = [:]
        for (id, issue) in issueOf {
            episodes[issue, default: 0] += timelines.episodes[id] ?? 0
            covered[issue, default: 0] += timelines.covered[id] ?? 0
        }
        var result: [(Int, Int, Int)] = []
        for (effect, partners) in together.sorted(by: { $0.key < $1.key }) where partners.count >= 2 {
            let count = max(episodes[effect] ?? 0, 1)
            // A reaction is brief: an outage that lasted while failures came and went is their cause, not theirs.
            guard covered[effect, default: 0] <= Int64(count) * (2 * CooccurrenceTracker.window + 2 * reactionLag) else { continue }
            // The partners that explain most, each firing with none of the others.
            var causes: [Int] = []
            for partner in partners.keys.sorted(by: { (partners[$0]!, -$0) > (partners[$1]!, -$1) })
            where causes.allSatisfy({ !touching.contains([min($0, partner), max($0, partner)]) }) {
                causes.append(partner)
            }
            let explained = causes.reduce(0) { $0 + partners[$1]! }
            guard causes.count >= 2, Double(explained) >= rules.consistency * Double(count) else { continue }
            for cause in causes.sorted() { result.append((cause, effect, partners[cause]!)) }
        }
        return result
    }

    /// How far apart a failure and the reaction to it may be stamped (the same second's stamps read one instant).
    static let reactionLag: Int64 = 1_000

    /// Links from the issue that first showed an underlying error to every other issue whose messages end with it
    /// and that began while it was still failing (within the co-occurrence window of its last record; for a full
    /// disk, however it is said, within the hour): the same condition reached another subsystem. Issues without times
    /// have no order and are left out.
    static func sharedErrorLinks(_ issues: [TrackerIssue]) -> [CausalLink] {
        var byError: [String: [(issue: TrackerIssue, signature: String)]] = [:]
        for issue in issues where issue.occurrences.firstSeen != nil {
            var mine: Set<String> = []
            for signature in issue.signatures {
                let disk = FailureSignals(message: signature.template).unavailable.map { diskFullPhrases.contains($0.lowercased()) } ?? false
                for error in [underlyingError(signature.template), disk ? Self.diskFull : nil].compactMap({ $0 })
                where mine.insert(error).inserted {
                    byError[error, default: []].append((issue, signature.template))
                }
            }
        }
        var result: [CausalLink] = []
        for (error, members) in byError.sorted(by: { $0.key < $1.key }) where members.count >= 2 {
            let ordered = members.sorted {
                let (a, b) = ($0.issue.occurrences.firstSeen, $1.issue.occurrences.firstSeen)
                return a != b ? a! < b! : $0.issue.number < $1.issue.number
            }
            let first = ordered[0]
            guard let start = first.issue.occurrences.firstSeen else { continue }
            // A full disk stays full until someone frees it: what fails on it within the hour follows.
            let end = (first.issue.occurrences.lastSeen ?? start).millisecondsSinceEpoch
                + (error == Self.diskFull ? Self.diskFullWindow : CooccurrenceTracker.window)
            for other in ordered.dropFirst() {
                guard let began = other.issue.occurrences.firstSeen, began.millisecondsSinceEpoch <= end else { continue }
                result.append(CausalLink(
                    cause: first.issue.number, effect: other.issue.number, causeSignature: first.signature,
                    effectSignature: other.signature, count: 0, effectEpisodes: 0, meanLag: 0, maxLag: 0, sameRequest: 0,
                    chance: nil, sharedError: error))
            }
        }
        return result
    }

    /// How long a full disk stays full when nothing says it was freed.
    static let diskFullWindow: Int64 = 3_600_000
    /// The condition every way of saying a disk is full stands for.
    static let diskFull = "no space left on device"
    static let diskFullPhrases: Set<String> = ["no space left", "disk full", "disk is full", "storagefull", "storage full", "enospc"]

    /// The error at the end of a wrapped message (`export of report <num> failed: write <path>: no space left on
    /// device` → `no space left on device`), lowercased: four words or more and no values, so that it names a
    /// condition rather than a generic failure.
    static func underlyingError(_ template: String) -> String? {
        let message = template.firstRange(of: LogRecord.causeSeparator).map { template[..<$0.lowerBound] } ?? template[...]
        guard let colon = message.ranges(of: ": ").last else { return nil }
        var clause = message[colon.upperBound...]
        while let last = clause.last, last == "." || last == " " || last == ")" || last == "\"" || last == "'" { clause = clause.dropLast() }
        guard !clause.contains("<"), !clause.contains(":") else { return nil }
        let words = clause.split(separator: " ")
        guard words.count >= 4, words.count <= 12, words.allSatisfy({ $0.contains { $0.isLetter } }) else { return nil }
        return clause.lowercased()
    }

    private var incoming: [Int: [CausalLink]] = [:]
    private var outgoing: [Int: [CausalLink]] = [:]

    /// The graph with a link from each issue whose process crashed (`crashes`: issue → the crash signature's
    /// first and last times) to each issue of `unavailable` (something could not be reached) that began within
    /// ``crashWindow`` after a crash, or up to a second before it (times stamped to the second), when the two are
    /// not linked yet: the process died, and what talked to it found nobody. One crash is too few episodes for the
    /// timelines to tell; the time order and what each failure is say it.
    public func addingCrashLinks(_ crashes: [Int: [Timestamp]], unavailable: Set<Int>, issues: [TrackerIssue]) -> CausalGraph {
        var added: [CausalLink] = []
        for issue in issues.sorted(by: { $0.number < $1.number }) where unavailable.contains(issue.number) {
            guard let began = issue.occurrences.firstSeen?.millisecondsSinceEpoch else { continue }
            for (crashed, times) in crashes.sorted(by: { $0.key < $1.key }) where crashed != issue.number && !linked(crashed, issue.number) {
                guard let time = times.first(where: { began >= $0.millisecondsSinceEpoch - 1_000 && began <= $0.millisecondsSinceEpoch + Self.crashWindow })
                else { continue }
                var link = CausalLink(timeOrder: crashed, effect: issue, lag: max(0, began - time.millisecondsSinceEpoch), in: issues)
                link.afterCrash = true
                added.append(link)
            }
        }
        return added.isEmpty ? self : replacingLinks((links + added).sorted { ($0.cause, $0.effect) < ($1.cause, $1.effect) })
    }

    /// How long after a crash a failure to reach something is taken for its consequence.
    static let crashWindow: Int64 = 30_000

    /// The graph with a link from each process that stopped without shutting down (`stops`: the issue and the
    /// times its records show, a kill or a restart that found the crash) to each issue of failures to reach
    /// something (`unavailable`) that began while it was down: up to ``stopWindow`` before one of those times (a
    /// restart is logged after the outage it ends) or ``crashWindow`` after. Issues already linked are left as
    /// they are.
    public func addingStopLinks(_ stops: [Int: [Timestamp]], unavailable: Set<Int>, issues: [TrackerIssue]) -> CausalGraph {
        var added: [CausalLink] = []
        for issue in issues.sorted(by: { $0.number < $1.number }) where unavailable.contains(issue.number) {
            guard let began = issue.occurrences.firstSeen?.millisecondsSinceEpoch else { continue }
            for (stopped, times) in stops.sorted(by: { $0.key < $1.key }) where stopped != issue.number && !linked(stopped, issue.number) && !linked(issue.number, stopped) {
                guard let time = times.first(where: {
                    began >= $0.millisecondsSinceEpoch - Self.stopWindow && began <= $0.millisecondsSinceEpoch + Self.crashWindow
                }) else { continue }
                var link = CausalLink(timeOrder: stopped, effect: issue, lag: began - time.millisecondsSinceEpoch, in: issues)
                link.duringStop = true
                added.append(link)
            }
        }
        return added.isEmpty ? self : replacingLinks((links + added).sorted { ($0.cause, $0.effect) < ($1.cause, $1.effect) })
    }

    /// How long before a restart's first line the outage it ends may have begun.
    static let stopWindow: Int64 = 300_000

    /// The graph with a link to each issue of failed responses only (`responses`) from the outage (`outages`: a
    /// dependency or resource gone) it happened during: it began after the outage did and ended within
    /// ``crashWindow`` of the outage's end. An outage that lasted a third of the `period` or more explains nothing by
    /// being under way. Of several, the one that began last before it. Issues already linked are left as they are.
    public func addingOutageLinks(
        _ outages: Set<Int>, responses: Set<Int>, issues: [TrackerIssue], period: ClosedRange<Timestamp>?
    ) -> CausalGraph {
        guard let period, !outages.isEmpty, !responses.isEmpty else { return self }
        let length = period.upperBound.millisecondsSinceEpoch - period.lowerBound.millisecondsSinceEpoch
        var spans: [Int: (start: Int64, end: Int64)] = [:]
        for issue in issues {
            guard let first = issue.occurrences.firstSeen else { continue }
            spans[issue.number] = (first.millisecondsSinceEpoch, (issue.occurrences.lastSeen ?? first).millisecondsSinceEpoch)
        }
        var added: [CausalLink] = []
        for effect in issues.sorted(by: { $0.number < $1.number }) where responses.contains(effect.number) {
            guard let span = spans[effect.number] else { continue }
            let candidates = outages.filter { cause in
                guard cause != effect.number, let outage = spans[cause], (outage.end - outage.start) * 3 < length else { return false }
                return outage.start <= span.start && span.start <= outage.end && span.end <= outage.end + Self.crashWindow
            }
            guard let cause = candidates.max(by: { (spans[$0]!.start, -$0) < (spans[$1]!.start, -$1) }), !linked(cause, effect.number)
            else { continue }
            var link = CausalLink(timeOrder: cause, effect: effect, lag: span.start - spans[cause]!.start, in: issues)
            link.duringOutage = true
            added.append(link)
        }
        return added.isEmpty ? self : replacingLinks((links + added).sorted { ($0.cause, $0.effect) < ($1.cause, $1.effect) })
    }

    /// Whether a link joins the two issues, either way.
    private func linked(_ a: Int, _ b: Int) -> Bool {
        (outgoing[a] ?? []).contains { $0.effect == b } || (outgoing[b] ?? []).contains { $0.effect == a }
    }

    /// This graph with `links` instead of its own, indexed.
    private func replacingLinks(_ links: [CausalLink]) -> CausalGraph {
        var graph = self
        graph.links = links
        graph.incoming = [:]
        graph.outgoing = [:]
        for link in links {
            graph.incoming[link.effect, default: []].append(link)
            graph.outgoing[link.cause, default: []].append(link)
        }
        return graph
    }

    /// The graph without the links out of `issues`: expected noise, which sets nothing off whatever follows it.
    public func removingLinks(from issues: Set<Int>) -> CausalGraph {
        issues.isEmpty ? self : replacingLinks(links.filter { !issues.contains($0.cause) })
    }

    /// Links into `issue`: what it follows.
    public func causes(of issue: Int) -> [CausalLink] { incoming[issue] ?? [] }

    /// Links out of `issue`: what follows it.
    public func effects(of issue: Int) -> [CausalLink] { outgoing[issue] ?? [] }

    /// The issues at the start of `issue`'s chain (itself when nothing comes before it). Cycles end at the
    /// issue seen first.
    public func roots(of issue: Int, firstSeen: [Int: Timestamp]) -> [Int] {
        var seen: Set<Int> = [issue]
        var frontier = [issue]
        var roots: [Int] = []
        while let next = frontier.popLast() {
            let links = causes(of: next)
            let parents = links.map(\.cause).filter { !seen.contains($0) }
            if links.isEmpty { roots.append(next) }
            for parent in parents {
                seen.insert(parent)
                frontier.append(parent)
            }
        }
        if roots.isEmpty {
            // Everything has a cause inside the cycle: the earliest is where it began.
            let earliest = seen.min { Self.order($0, firstSeen) < Self.order($1, firstSeen) }
            return earliest.map { [$0] } ?? [issue]
        }
        return roots.sorted()
    }

    /// Issues connected by links, each chain in order of first appearance; issues without links are left out.
    public func chains(firstSeen: [Int: Timestamp]) -> [[Int]] {
        var neighbours: [Int: Set<Int>] = [:]
        for link in links {
            neighbours[link.cause, default: []].insert(link.effect)
            neighbours[link.effect, default: []].insert(link.cause)
        }
        var seen: Set<Int> = []
        var chains: [[Int]] = []
        for start in neighbours.keys.sorted() where !seen.contains(start) {
            var component: [Int] = []
            var frontier = [start]
            seen.insert(start)
            while let next = frontier.popLast() {
                component.append(next)
                for other in neighbours[next] ?? [] where seen.insert(other).inserted { frontier.append(other) }
            }
            chains.append(component.sorted { Self.order($0, firstSeen) < Self.order($1, firstSeen) })
        }
        return chains.sorted { Self.order($0[0], firstSeen) < Self.order($1[0], firstSeen) }
    }

    /// Issues in order of first appearance, undated ones last, then by number.
    static func order(_ issue: Int, _ firstSeen: [Int: Timestamp]) -> (Int64, Int) {
        (firstSeen[issue]?.millisecondsSinceEpoch ?? .max, issue)
    }
}

/// One edge: `effect`'s episodes began during `cause`'s, with the numbers that make it evidence.
public struct CausalLink: Sendable, Hashable {
    public var cause: Int
    public var effect: Int
    public var causeSignature: String
    public var effectSignature: String
    /// Effect episodes that began during a cause episode.
    public var count: Int
    public var effectEpisodes: Int
    /// Milliseconds from the cause's latest record to the effect's first.
    public var meanLag: Int64
    public var maxLag: Int64
    /// Of `count`, how many shared a request id.
    public var sameRequest: Int
    /// The chance of one effect episode beginning in a cause window by coincidence, when the timeline is long
    /// enough to tell.
    public var chance: Double?
    /// Set for a link drawn because both issues fail with this underlying error, the cause showing it first.
    public var sharedError: String? = nil
    /// Set for a link drawn because the effect reacts to several independent failures, this one among them.
    public var reaction = false
    /// Set when neither issue's records have times: the lags count lines.
    public var byLines = false
    /// Set for a link drawn because the effect began right after the cause's process crashed.
    public var afterCrash = false
    /// Set for a link drawn because the effect's failed responses all came while the cause's outage was under way.
    public var duringOutage = false
    /// Set for a link drawn because the effect began while the cause's process was down (killed or crashed).
    public var duringStop = false

    public var share: Double { Double(count) / Double(max(effectEpisodes, 1)) }

    /// More consistent, then more often, then closer in time; the signatures' text settles ties so the
    /// choice does not depend on hashing order.
    func isStronger(than other: CausalLink) -> Bool {
        if share != other.share { return share > other.share }
        if count != other.count { return count > other.count }
        if meanLag != other.meanLag { return meanLag < other.meanLag }
        return (causeSignature, effectSignature) < (other.causeSignature, other.effectSignature)
    }

    /// `2 of 2 episodes, typical lag 17 ms, same request 2×`.
    public var evidence: String {
        if let sharedError { return "time order: both fail with `\(sharedError)`, Issue \(cause) first" }
        if reaction {
            return "time order: it fires with Issue \(cause) (\(count)×) and with other failures that never fire with each other, "
                + "as a reaction to failures does"
        }
        if afterCrash { return "time order: it began \(Self.duration(meanLag)) after Issue \(cause) crashed its process" }
        if duringOutage { return "time order: its failed responses all came during Issue \(cause), \(Self.duration(meanLag)) after it began" }
        if duringStop {
            let when = meanLag < 0 ? "\(Self.duration(-meanLag)) before" : "\(Self.duration(meanLag)) after"
            return "time order: it began \(when) Issue \(cause) shows its process stopped without shutting down"
        }
        // A log without times keeps line order as its clock: the lag is in lines, not seconds.
        let lag = byLines ? "\((meanLag + 500) / 1_000) lines later" : "typical lag \(Self.duration(meanLag))"
        var text = "\(count) of \(effectEpisodes) episode\(effectEpisodes == 1 ? "" : "s"), \(lag)"
        if sameRequest > 0 { text += ", same request \(sameRequest)×" }
        if let chance { text += ", chance alone \(Self.percent(chance))" }
        return text
    }

    static func duration(_ milliseconds: Int64) -> String {
        if milliseconds < 1000 { return "\(milliseconds) ms" }
        let tenths = (milliseconds + 50) / 100
        if tenths < 600 { return tenths % 10 == 0 ? "\(tenths / 10) s" : "\(tenths / 10).\(tenths % 10) s" }
        return "\((milliseconds + 30_000) / 60_000) min"
    }

    static func percent(_ value: Double) -> String {
        let percent = value * 100
        return percent < 1 ? "<1%" : "\(Int(percent.rounded()))%"
    }
}

extension CausalLink {
    /// A link that time order alone draws: one episode, `lag` milliseconds from the cause's start to the effect's.
    init(timeOrder cause: Int, effect: TrackerIssue, lag: Int64, in issues: [TrackerIssue]) {
        let causeSignature = issues.first { $0.number == cause }?.signatures.first?.template ?? ""
        self.init(
            cause: cause, effect: effect.number, causeSignature: causeSignature,
            effectSignature: effect.signatures.first?.template ?? "",
            count: 1, effectEpisodes: 1, meanLag: lag, maxLag: lag, sameRequest: 0, chance: nil)
    }
}
