/// Groups problem templates into issues the way a careful engineer would (the tracker's first triage rule):
///
/// 1. **Same code site**: two templates logged at the same file and line, or in the same function, reporting the
///    same kind of cause (``FailureSignals/CauseClass``): a peer out of reach and a full disk are two failures.
/// 2. **Same exception**: the same exception type raised at the same innermost frames.
/// 3. **Same cascade**: their episodes fire together in one request or process (each follows the other in at
///    least `cascadeRatio` of its episodes) *and* something in their content ties them: the same logger, a
///    cause's stack frames in the other's module, a distinctive word, or a parameter value they share (across two
///    services of a capture, only the stack frames or a value).
/// 4. **Same values**: they share a distinctive parameter value (a model id, an endpoint, a user) and fire
///    together in at least `sharedValueRatio` of their episodes; or they fail on one endpoint and began together.
/// 4b. **Same wrapping statement**: one logger's messages with the same context before their first `: ` (three
///    words or more) and different wordings of one kind of cause after it: one statement failing for one reason.
/// 4c. **Same failure reported twice**: two templates logged as many times as each other, first and last at the same
///    moments (within two seconds), whose texts share a run of four words or more (three when they agree three times
///    or more) or an exception type: one failure told by two layers (a task runner and the task, an audit event).
/// 4d. **Same statement, with and without a clause**: one emitter's `Failed to fetch X` and `Failed to fetch X,
///    retrying in 3 seconds`, with the same cause.
/// 4e. **Excused error**: a message saying an error may be ignored, quoting it (`You may see an error about an
///    'aborted connection', this is normal`), and the templates that contain the quote: one expected error.
/// 4f. **Notices**: the templates that say of themselves that nothing failed (a deprecation, an advice, an error
///    to ignore, a requested stop), at WARNING or below: the log's notices, one issue whichever program printed them.
/// 4g. **Last words**: a supervisor's line saying a service exited (a capture tool's `api-1 exited with code 2`,
///    systemd's `api.service: Main process exited`) joins the problem that service logged last, within five
///    seconds before: the crash it died of.
/// 4h. **Sibling statements**: one service's templates whose heads (before the first `: `) share two words and
///    whose innermost causes (after the last `: `) read the same: parts of one subsystem failing for one reason
///    (`Issue indexer: … : no space left on device` and `Code indexer: … : no space left on device`).
/// 4i. **Heard death**: a crash or a process killed (logged three times or fewer), and another stream's failure
///    saying its connection ended (closed, lost, reset) that began within two seconds of it: one event seen from
///    both ends. Connections refused or timed out afterwards are the outage's effects, left to the causal order.
/// 4j. **One identifier**: failures whose records mostly name the same identifier (an attribute such as
///    `plugin_id`), in no more than three templates, and that fire together (rule 4's shared value).
/// 5. **Answered failure**: access lines reporting a failed response (4xx or 5xx, logged below WARNING, no cause
///    of their own) join the failure nearest before them (within two seconds, or one after for times stamped to
///    the second), in any stream of the file, when it is the same failure most times (`cascadeRatio`) and three
///    times as often as its frequency gives by chance: they are its symptom. Responses that report logged failures
///    that often, but several different ones, go with the one answering most of them: they are no issue of their own.
/// 5c. **Refused at one resource**: failures of one service each answered (four in five records) by client errors
///    on one resource: the service refusing one kind of request in two ways (a wrong password, then its limiter).
/// 5b. **Silent server errors**: server errors (5xx) no failure answers, logged on the resource (the path before
///    its first id) where exactly one failure is logged, in `cascadeRatio` of the requests shown: requests to the
///    broken resource that failed without a word of their own (reads of files the storage refuses to write).
/// 6. **Refused requests** (applied last): access lines answered with a 4xx, tied to nothing else, are one issue per
///    service: clients sending what the service rightly refuses (scanners, bots), whatever the status or path.
///
/// A notice (rule 4f) never joins a failure by firing with it.
///
/// Words alone never join two templates: unrelated failures often share them. A template already filed under
/// an issue stays there (later scans and manual merges and splits are never undone); new templates join the
/// issue of the template they are linked to, or start a new one.
public struct IssueGrouper: Sendable {
    public var cascadeRatio = 0.8
    public var sharedValueRatio = 0.5
    /// A word in more of the log's templates than this (problems or not) is the log's vocabulary, not a tie.
    static let maxWordSpread = 3
    /// A code site that logged more problem templates than this is a logging helper, not one statement.
    static let maxSiteSpread = 3

    public init() {}

    /// Where one template of the scan goes.
    public struct Placement: Sendable, Hashable {
        public enum Target: Sendable, Hashable {
            case existing(Int)
            /// A new issue; new issues are numbered in the order of these indices.
            case new(Int)
        }
        public var id: String
        public var target: Target
        public var reason: String
        /// The signature a new issue spreads from: its earliest failure, which names the issue.
        public var isMain = false
    }

    /// Placements for the templates of `problems` not in `existing` (template id → issue number).
    public func place(_ problems: ProblemSet, existing: [String: Int]) -> [Placement] {
        let templates = problems.templates
        guard !templates.isEmpty else { return [] }
        var features = templates.map(Features.init)
        // Words several problem templates share say nothing about any two of them; nor do words the rest of the
        // log uses in many templates (the application's name, `version`, `shutting down`).
        var frequency: [String: Int] = [:]
        for feature in features { for word in feature.words { frequency[word, default: 0] += 1 } }
        func isDistinctive(_ word: String) -> Bool {
            frequency[word, default: 0] <= 3 && problems.wordSpread[word, default: 0] <= Self.maxWordSpread
        }
        // An identifier several templates' records name is the application's (a tenant, the instance): no tie.
        var identitySpread: [String: Int] = [:]
        for feature in features { for value in feature.identities { identitySpread[value, default: 0] += 1 } }
        for i in features.indices {
            features[i].values.formUnion(features[i].identities.filter { identitySpread[$0, default: 0] <= Self.maxWordSpread })
            features[i].words = features[i].words.filter(isDistinctive)
            features[i].valueWords = features[i].valueWords.filter { problems.wordSpread[$0, default: 0] <= Self.maxWordSpread }
        }
        let edges = accepted(links(templates, features, problems.cooccurrence), count: templates.count)
        var adjacency = [[(Int, String)]](repeating: [], count: templates.count)
        for edge in edges {
            adjacency[edge.a].append((edge.b, edge.reason(templates[edge.b])))
            adjacency[edge.b].append((edge.a, edge.reason(templates[edge.a])))
        }
        var component = [Int](repeating: -1, count: templates.count)
        var components: [[Int]] = []
        for start in templates.indices where component[start] < 0 {
            var members = [start]
            component[start] = components.count
            var next = 0
            while next < members.count {
                for (neighbour, _) in adjacency[members[next]] where component[neighbour] < 0 {
                    component[neighbour] = components.count
                    members.append(neighbour)
                }
                next += 1
            }
            components.append(members)
        }
        // New issues numbered by when their earliest signature appeared.
        let order = components.indices.filter { c in !components[c].contains { existing[templates[$0].id] != nil } }
            .sorted { earliest(components[$0], templates) < earliest(components[$1], templates) }
        var newIndex: [Int: Int] = [:]
        for (n, c) in order.enumerated() { newIndex[c] = n }

        var placements: [Placement] = []
        for (c, members) in components.enumerated() {
            if let n = newIndex[c] {
                // Spread from the earliest failure (a bare response is its symptom); each member's reason is the link
                // that reached it.
                let failures = members.filter { problems.cooccurrence.responses[templates[$0].id] == nil }
                let root = (failures.isEmpty ? members : failures).min { earliest([$0], templates) < earliest([$1], templates) } ?? members[0]
                for (member, reason) in tree(from: root, within: Set(members), adjacency) {
                    placements.append(
                        Placement(id: templates[member].id, target: .new(n), reason: reason ?? "main signature", isMain: member == root))
                }
            } else {
                for member in members where existing[templates[member].id] == nil {
                    // The nearest member already filed decides the issue.
                    if let (filed, reason) = nearestFiled(from: member, adjacency, templates, existing) {
                        placements.append(Placement(id: templates[member].id, target: .existing(filed), reason: reason))
                    }
                }
            }
        }
        return placements.sorted { $0.id < $1.id }
    }

    /// Largest issue that weak links (a shared logger or word and timing) may build: beyond it, chains of
    /// "fires with" say more about a busy log than about one failure.
    public var weakGroupLimit = 8

    /// Strong links always join; weak ones, strongest first, only while the group stays small.
    func accepted(_ edges: [Edge], count: Int) -> [Edge] {
        var parent = Array(0..<count)
        var size = [Int](repeating: 1, count: count)
        func root(_ i: Int) -> Int {
            var i = i
            while parent[i] != i {
                parent[i] = parent[parent[i]]
                i = parent[i]
            }
            return i
        }
        let ordered = edges.filter { !$0.isWeak } + edges.filter(\.isWeak).sorted { $0.strength > $1.strength }
        var result: [Edge] = []
        for edge in ordered {
            let (x, y) = (root(edge.a), root(edge.b))
            if x != y {
                if edge.isWeak, size[x] + size[y] > weakGroupLimit { continue }
                parent[y] = x
                size[x] += size[y]
            }
            result.append(edge)
        }
        return result
    }

    // MARK: - Links

    struct Edge {
        var a: Int
        var b: Int
        var why: Why
        var isWeak = false
        var strength = 1.0
        enum Why {
            case site(String), exception(String), cascade(Double, String), value(String), statement(String, String)
            /// The template id of the response.
            case answers(String)
            /// The context both wrap their causes in.
            case context(String)
            /// The text both report.
            case echo(String)
            /// The error (quoted) one template says may be ignored, and the template id of that excuse.
            case excuse(String, String)
            /// Both say of themselves that nothing failed.
            case notices
            /// The capture says this service's process exited right after it.
            case exit(String)
            /// Both are requests the service refused, answering no failure.
            case refused
            /// A process died and its peer's connection ended at that moment.
            case heard
            /// The template id of the server errors on the failure's resource.
            case resource(String)
            /// Both are answered with client errors on this resource.
            case refusedAt(String)
            /// Heads sharing these words wrap one innermost cause.
            case sibling(String)
        }

        /// Why `other` and this template belong together, said from this template's side.
        func reason(_ other: ProblemTemplate) -> String {
            let name = "`\(Self.short(other.text))`"
            switch why {
            case .site(let site): return "same code site as \(name) (\(site))"
            case .exception(let type): return "same exception as \(name) (\(type) at the same frames)"
            case .cascade(let share, let tie):
                let often = share >= 0.999 ? "every time" : "\(Int((share * 100).rounded()))% of the time"
                return "fires with \(name) in the same request or process, \(often) (\(tie))"
            case .value(let value): return "shares the value `\(value)` with \(name) and fires with it"
            case .statement(let mine, let theirs):
                return "the same message as \(name) with another value (`\(mine)` for `\(theirs)`)"
            case .context(let head): return "the same statement as \(name), wrapping another cause (`\(head): …`)"
            case .echo(let text): return "the same failure as \(name), reported again at the same moments (`\(Self.short(text))`)"
            case .notices: return "another notice of the log, as \(name) is (a deprecation, an advice, an error to ignore, a requested stop)"
            case .heard:
                let signals = FailureSignals(message: other.text, records: other.stats.samples)
                return signals.crash != nil || signals.uncleanStop != nil
                    ? "its connection ended as \(name) died, at the same moment" : "died as \(name) saw its connection end"
            case .resource(let response):
                return other.id == response
                    ? "its resource answered with the server errors \(name)"
                    : "server errors on the resource \(name) fails at"
            case .refusedAt(let root):
                return "the service refuses requests to `\(root)` for it, as it does for \(name) (client errors)"
            case .sibling(let words):
                return "fails with the same innermost cause as \(name), in the same part of the service (`\(words)`)"
            case .refused: return "another request the service refused (4xx) that answers no failure, as \(name) is"
            case .exit(let service):
                return other.stats.service == nil
                    ? "the last problem `\(service)` logged before its process exited (\(name))"
                    : "its process `\(service)` exited right after it (\(name))"
            case .excuse(let quoted, let excuse):
                return other.id == excuse ? "the error \(name) says is expected (`\(quoted)`)" : "says the error \(name) is expected (`\(quoted)`)"
            case .answers(let response):
                return other.id == response
                    ? "answered by the failed response \(name), logged right after it"
                    : "the failed response to \(name), logged right after it"
            }
        }

        static func short(_ text: String) -> String {
            text.count <= 60 ? text : String(text.prefix(57)) + "…"
        }
    }

    /// What the content rules compare, computed once per template.
    struct Features {
        var words: Set<String>
        var values: Set<String>
        /// Identifiers most of its records name (`plugin_id`), distinctive ones only.
        var identities: Set<String>
        /// Distinctive words inside the values (`/api/checkout` → `checkout`).
        var valueWords: Set<String>
        var modules: [String]
        var files: [String]
        var logger: String?
        /// Hosts of the endpoints it names, and the capture's service that logged it.
        var hosts: Set<String> = []
        var service: String?
        var siteLine: String?
        var siteFunction: String?

        init(_ template: ProblemTemplate) {
            words = Self.distinctiveWords(template)
            values = Set(template.parameters.flatMap { $0.top.map(\.value) }.filter(Self.isDistinctiveValue))
            identities = Set(template.stats.commonIdentities.filter(Self.isDistinctiveValue))
            // The network endpoint a failure names (`redis:6379`) is a value even where the miner kept it as text.
            for text in [template.text] + template.stats.samples { values.formUnion(Self.endpoints(in: text)) }
            hosts = Set(values.compactMap { value in value.firstIndex(of: ":").map { String(value[..<$0]) } })
            service = template.stats.service?.lowercased()
            var valueWords: Set<String> = []
            for value in values { Self.collectWords(Substring(value), into: &valueWords) }
            self.valueWords = valueWords
            // A statement logs under one logger; a logger that wrote only part of the records is no evidence.
            if let main = template.mainLogger, let n = template.stats.loggers[main], n * 10 >= template.stats.count * 9 {
                logger = main
            }
            modules = template.stats.loggers.keys.map { $0.replacingDots() }.filter { $0.contains("/") }.sorted()
            files = template.stats.frameFiles + (template.stats.site?.file.map { [$0] } ?? [])
            if let site = template.stats.site, let file = site.file {
                siteLine = site.line.map { "\(file):\($0)" }
                siteFunction = site.function.map { "\(file) in \($0)" }
            }
        }

        private static let common: Set<String> = [
            "failed", "fails", "failure", "error", "errors", "exception", "warning", "cannot", "could", "unable",
            "with", "from", "that", "this", "have", "been", "will", "after", "before", "while", "when", "into",
            "none", "null", "true", "false", "then", "than", "there", "their", "found", "using", "used", "because",
            "attempt", "trying", "retry", "retrying", "returned", "return", "request", "response", "status",
            "message", "invalid", "missing", "unknown", "received", "during", "should", "would", "some", "other",
            "traceback", "recent", "call", "last", "line", "file", "data", "value", "values", "result", "results",
            "info", "debug", "critical", "fatal", "detected", "changes", "started", "starting", "done", "finished",
        ]

        static func distinctiveWords(_ template: ProblemTemplate) -> Set<String> {
            var result: Set<String> = []
            // A response's status phrase (`— server error: Bad Gateway`) is the protocol's vocabulary, shared by
            // every response that failed that way.
            for token in LogRecord.withoutResponseClass(template.text).split(separator: " ") where !token.contains("<") {
                collectWords(token, into: &result)
            }
            for type in template.stats.exceptionTypes { collectWords(Substring(type.split(separator: ".").last ?? ""), into: &result) }
            return result
        }

        /// Lowercased runs of letters of four or more, except the vocabulary every failure shares.
        static func collectWords(_ text: Substring, into result: inout Set<String>) {
            var word = ""
            for character in text.lowercased() {
                if character.isLetter {
                    word.append(character)
                } else {
                    if word.count >= 4, !common.contains(word) { result.insert(word) }
                    word = ""
                }
            }
            if word.count >= 4, !common.contains(word) { result.insert(word) }
        }

        /// `host:port` pairs a text names, alone or in a URL (`redis:6379`, `redis://redis:6379/0` → `redis:6379`):
        /// a host with a letter in it and a port of two to five digits. Times (`09:41`) have no letter, source
        /// lines (`client.py:88`) a source file's extension.
        static func endpoints(in text: String) -> Set<String> {
            var result: Set<String> = []
            for token in text.split(whereSeparator: { $0 == " " || $0 == "\n" || $0 == "\"" || $0 == "'" || $0 == "(" || $0 == ")" || $0 == "," }) {
                var rest = token[...]
                if let scheme = rest.firstRange(of: "://") { rest = rest[scheme.upperBound...] }
                if let at = rest.lastIndex(of: "@") { rest = rest[rest.index(after: at)...] }
                guard let colon = rest.firstIndex(of: ":") else { continue }
                let host = rest[..<colon]
                let afterHost = rest[rest.index(after: colon)...]
                let port = afterHost.prefix { $0.isNumber }
                // the port ends the token, or a path or a sentence follows it (`:6379/0`, `:6379.`)
                let next = afterHost.dropFirst(port.count).first
                guard (2...5).contains(port.count), let number = Int(port), number <= 65_535,
                    next == nil || next == "/" || next == "." || next == ";", host.count >= 2, host.count <= 253, host.contains(where: \.isLetter),
                    host.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "." || $0 == "-" || $0 == "_" }),
                    host.first?.isLetter == true
                else { continue }
                // `client.py:88` is a source line, not a port
                if let dot = host.lastIndex(of: "."), CodeEvidence.sourceExtensions.contains(host[host.index(after: dot)...].lowercased()) {
                    continue
                }
                result.insert(host.lowercased() + ":" + port)
            }
            return result
        }

        /// A value that names one thing (a model, an endpoint, a user), not a count or a flag.
        static func isDistinctiveValue(_ value: String) -> Bool {
            // every redacted secret reads `[REDACTED:kind]`: the marker names no thing
            guard value.count >= 4, !value.contains("REDACTED") else { return false }
            return value.contains { $0.isLetter } && !["true", "false", "none", "null"].contains(value.lowercased())
        }
    }

    func links(_ templates: [ProblemTemplate], _ features: [Features], _ co: Cooccurrence) -> [Edge] {
        var edges: [Edge] = []
        var seen: Set<[Int]> = []
        func add(_ a: Int, _ b: Int, _ why: Edge.Why, weak: Bool = false, strength: Double = 1) {
            guard a != b, seen.insert([min(a, b), max(a, b)]).inserted else { return }
            edges.append(Edge(a: a, b: b, why: why, isWeak: weak, strength: strength))
        }
        // 1 and 2: buckets by site and by exception. A site that logs many different messages is a logging helper
        // (a router's access logger, a wrapper every module calls), not one statement: it ties nothing.
        var siteSpread: [String: Int] = [:]
        for feature in features {
            for site in [feature.siteLine, feature.siteFunction].compactMap({ $0 }) { siteSpread[site, default: 0] += 1 }
        }
        var bySite: [String: Int] = [:]
        var byException: [String: Int] = [:]
        // One statement reporting a peer out of reach and a full disk reports two failures (an access line's outcome
        // is its response class, whatever its status phrase says).
        // What each template's own words say, read once for the rules below.
        let signals = templates.map { FailureSignals(message: $0.text) }
        let causes = templates.indices.map { templates[$0].responseClass == nil ? signals[$0].causeClass : nil }
        for (i, template) in templates.enumerated() {
            // One statement answering with a server error and with a client error reports two failures.
            let outcome = (template.responseClass.map { " (\($0))" } ?? "") + (causes[i].map { " \($0)" } ?? "")
            for site in [features[i].siteLine, features[i].siteFunction].compactMap({ $0 })
            where siteSpread[site, default: 0] <= Self.maxSiteSpread {
                if let j = bySite[site + outcome] { add(j, i, .site(site)) } else { bySite[site + outcome] = i }
            }
            // Without frames there is no place to compare: `error` strings a JSON logger printed are not one exception.
            if let key = template.stats.exceptionKey, key.contains("|") {
                let type = String(key.prefix { $0 != "|" })
                if let j = byException[key] { add(j, i, .exception(type)) } else { byException[key] = i }
            }
        }
        // The same statement with a value the miner kept literal (it saw too few to call it a parameter).
        for (a, b, tokens) in Self.oneValueApart(templates) { add(a, b, .statement(tokens.0, tokens.1)) }
        // One statement that wraps different causes (`Unable to fetch avatar: <cause>`), as one logger wrote it.
        var byContext: [String: Int] = [:]
        for (i, template) in templates.enumerated() {
            guard let logger = template.mainLogger, let head = Self.wrappingContext(template.text) else { continue }
            let key = logger + "|" + head + "|" + (causes[i].map { "\($0)" } ?? "")
            if let j = byContext[key] { add(j, i, .context(head)) } else { byContext[key] = i }
        }
        // 4d. One statement told with and without a clause after its head (`Failed to fetch X` and `Failed to fetch
        // X, retrying in 3 seconds`), by the same emitter, with the same cause.
        var byHead: [String: Int] = [:]
        for (i, template) in templates.enumerated() {
            guard let emitter = template.stats.service ?? template.mainLogger, let key = Self.clauseHead(template.text) else { continue }
            let full = emitter + "|" + key.head + "|" + key.cause
            if let j = byHead[full] { add(j, i, .context(key.head)) } else { byHead[full] = i }
        }
        // 4i. A process's death and the connection its peer lost at that moment: one event seen from both ends.
        for (death, peer) in Self.heardDeaths(templates, signals) { add(death, peer, .heard) }
        // 4h. Sibling statements: two components of one subsystem (`Issue indexer: …`, `Code indexer: …`) failing
        // with one innermost cause.
        for (a, b, shared) in Self.siblings(templates, features) { add(a, b, .sibling(shared)) }
        // 4c. One failure reported by two layers.
        for (a, b, text) in Self.echoes(templates) { add(a, b, .echo(text)) }
        // 4g. A container's exit, as the capture tool reports it, and what its service logged last.
        for (exit, words, service) in Self.lastWords(templates) { add(exit, words, .exit(service)) }
        // A notice says nothing failed: firing beside a failure makes it neither the failure's cause nor its part.
        let notices = templates.indices.filter { i in
            let template = templates[i]
            guard template.responseClass == nil, (template.stats.maxLevel ?? .warning) <= .warning, template.stats.frameFiles.isEmpty
            else { return false }
            return signals[i].isNotice
        }
        let isNotice = Set(notices)
        // 3 and 4: pairs that fired together
        var index: [String: Int] = [:]
        for (i, template) in templates.enumerated() { index[template.id] = i }
        let pairs = co.near.keys.filter { $0.from < $0.to }.sorted { ($0.from, $0.to) < ($1.from, $1.to) }
        for pair in pairs {
            guard let a = index[pair.from], let b = index[pair.to], isNotice.contains(a) == isNotice.contains(b) else { continue }
            let ratio = min(co.ratio(pair.from, pair.to), co.ratio(pair.to, pair.from))
            // Firing together once is a coincidence as often as not, unless the two began together: otherwise only a
            // strong tie counts.
            let once = min(co.episodes[pair.from] ?? 0, co.episodes[pair.to] ?? 0) < 2
                && !Self.beganTogether(templates[a], templates[b])
            let background = co.isBackground(pair.from) || co.isBackground(pair.to)
            // Two services of a capture failing at once share a word by chance as often as not: across services only
            // a strong tie counts.
            let services = (features[a].service, features[b].service)
            let crossService = services.0 != nil && services.1 != nil && services.0 != services.1
            if ratio >= cascadeRatio, let tie = contentTie(features[a], features[b], strongOnly: background || once || crossService) {
                add(a, b, .cascade(ratio, tie.text), weak: !tie.strong, strength: ratio)
            } else if ratio >= sharedValueRatio, let value = features[a].values.intersection(features[b].values).min() {
                add(a, b, .value(value))

            } else if Self.sameMoment(templates[a], templates[b], ratio: ratio, cascadeRatio: cascadeRatio) {
                let text = templates[a].stats.count == 1 ? "logged once, at the same moment" : "logged as often, at the same moments"
                add(a, b, .cascade(1, text), weak: true, strength: 0.5)
            }
        }
        // A failure to reach a host that is a service of this capture, beside that service's own failure starting at
        // the same time: the dependency failing, seen from both sides (processes apart, so timelines cannot tell).
        var namedBy: [String: [Int]] = [:]
        for (i, feature) in features.enumerated() { for host in feature.hosts { namedBy[host, default: []].append(i) } }
        for (b, feature) in features.enumerated() {
            guard let service = feature.service else { continue }
            for a in namedBy[service] ?? [] where a != b && features[a].service != service
                && Self.beganTogether(templates[a], templates[b])
            {
                add(a, b, .value(service))
            }
        }
        // Failures to reach one endpoint that began together: the endpoint went away, seen by several clients.
        var byEndpoint: [String: [Int]] = [:]
        for (i, feature) in features.enumerated() {
            for value in feature.values where value.contains(":") && !value.contains("/") { byEndpoint[value, default: []].append(i) }
        }
        for (endpoint, members) in byEndpoint.sorted(by: { $0.key < $1.key }) where members.count >= 2 && members.count <= 16 {
            for (n, a) in members.enumerated() {
                for b in members[(n + 1)...] where Self.beganTogether(templates[a], templates[b]) { add(a, b, .value(endpoint)) }
            }
        }
        // A message saying an error may be ignored, quoting it (`you may see an error about an 'aborted
        // connection', this is normal`), is one issue with the error it quotes, whoever logged it.
        for (i, template) in templates.enumerated() {
            guard signals[i].excuse != nil, let quoted = Self.firstQuote(template.text) else { continue }
            let quoting = templates.indices.filter { $0 != i && templates[$0].text.lowercased().contains(quoted) }
            guard quoting.count <= Self.maxWordSpread else { continue }
            for j in quoting { add(i, j, .excuse(quoted, template.id)) }
        }
        // The notices of a log (deprecations, advice, errors it says to ignore, requested stops), whichever program
        // printed them, are one issue: nothing in them failed, and an engineer reads them together.
        for i in notices.dropFirst() { add(notices[0], i, .notices) }
        // 5. A failed response without a cause of its own answers the failure logged just before it.
        for (response, failure) in answeredFailures(templates, co, index: index) {
            add(failure, response, .answers(templates[response].id))
        }
        // 5b. Server errors no logged failure answers, on the resource one failure is logged at: its silent requests.
        let answered = Set(edges.compactMap { edge -> Int? in
            if case .answers = edge.why { return templates[edge.a].responseClass == nil ? edge.b : edge.a }
            return nil
        })
        let bare = Set(templates.indices.filter { co.responses[templates[$0].id] != nil })
        for (response, failure) in Self.sameResource(templates, responses: bare, skipping: answered) { add(failure, response, .resource(templates[response].id)) }
        // 5c. Failures each answered with a client error on one resource (a wrong password with 400, then the limiter
        // with 429): the service refusing one kind of request two ways.
        for (a, b, root) in Self.refusedAtOneResource(templates, co, index: index) { add(a, b, .refusedAt(root)) }
        // 6. Requests clients got wrong (4xx) that answer no failure and are tied to nothing else: one service's
        // refused requests, whatever the status or path (a scanner's 404s and 403s, a bot's 401s).
        let tied = Set(edges.flatMap { [$0.a, $0.b] })
        var refusedBy: [String: Int] = [:]
        for (i, template) in templates.enumerated()
        where template.responseClass != nil && template.responseClass != LogRecord.serverErrorClass && !tied.contains(i) {
            let service = template.stats.service?.lowercased() ?? ""
            if let first = refusedBy[service] { add(first, i, .refused) } else { refusedBy[service] = i }
        }
        return edges
    }

    /// The error a message says may be ignored (`safely ignore`, `this is normal`), as it quotes it, lowercased:
    /// the first quoted text of two words or more without placeholders.
    static func excusedError(_ text: String) -> String? {
        FailureSignals(message: text).excuse == nil ? nil : firstQuote(text)
    }

    /// The first quoted text of two words or more without placeholders, lowercased.
    static func firstQuote(_ text: String) -> String? {
        let quotes: Set<Character> = ["'", "\"", "`"]
        var rest = Substring(text)
        while let open = rest.firstIndex(where: quotes.contains) {
            let after = rest[rest.index(after: open)...]
            guard let close = after.firstIndex(of: rest[open]) else { return nil }
            let quoted = after[..<close]
            if quoted.split(separator: " ").count >= 2, !quoted.contains("<"), quoted.count >= 8 { return quoted.lowercased() }
            rest = after[after.index(after: close)...]
        }
        return nil
    }

    /// Each template of access lines reporting failed responses paired with the failure it answers: the one
    /// other problem logged in the same file within ``AnswerTracker/lag`` before at least `cascadeRatio` of the
    /// responses, and three times as many as chance gives a failure that frequent; the most frequent such failure.
    func answeredFailures(_ templates: [ProblemTemplate], _ co: Cooccurrence, index: [String: Int]) -> [(response: Int, failure: Int)] {
        // Per response template, what answered its responses: in all, and the failure answering most.
        var answered: [Int: (count: Int, chance: Double, best: Int, bestCount: Int)] = [:]
        for (pair, count) in co.answered {
            guard let r = index[pair.to], let f = index[pair.from], co.responses[pair.from] == nil,
                let responses = co.responses[pair.to], 2 * responses >= templates[r].stats.count
            else { continue }
            var entry = answered[r] ?? (0, 0, f, 0)
            entry.count += count
            entry.chance += co.answerChance[pair.from] ?? 0
            if count > entry.bestCount || (count == entry.bestCount && f < entry.best) { (entry.best, entry.bestCount) = (f, count) }
            answered[r] = entry
        }
        var result: [(response: Int, failure: Int)] = []
        for (r, entry) in answered {
            let responses = Double(co.responses[templates[r].id] ?? 0)
            let best = templates[entry.best].id
            // One failure answers it (beyond chance); or logged failures answer it every time, several of them: a
            // response that only ever reports failures already logged is no issue of its own, and goes with the
            // one that answers most of them.
            let alone = Double(entry.bestCount) >= max(cascadeRatio, 3 * (co.answerChance[best] ?? 0)) * responses
            let together = Double(entry.count) >= max(cascadeRatio, 3 * min(1, entry.chance)) * responses
                && 2 * entry.bestCount > entry.count
            if alone || together { result.append((r, entry.best)) }
        }
        return result.sorted { $0.response < $1.response }
    }

    /// Each death (a crash or a process stopped without shutting down, logged three times or fewer) paired with
    /// the nearest failure of another stream saying a connection ended (closed, lost, reset, broken) that began
    /// within ``heardWindow`` of it: the peer that heard the process die. A peer refused or timed out later is
    /// the outage's downstream effect, not the death.
    static func heardDeaths(_ templates: [ProblemTemplate], _ signals: [FailureSignals]) -> [(death: Int, peer: Int)] {
        let ended = ["closed", "lost", "reset", "broken pipe", "eof", "hung up"]
        let peers = templates.indices.filter { i in
            guard signals[i].causeClass == .network, templates[i].stats.firstSeen != nil
            else { return false }
            let text = templates[i].text.lowercased()
            return ended.contains { text.contains($0) }
        }
        guard !peers.isEmpty else { return [] }
        // a database that recovers on start reports the last death, not this moment's
        let recovery = ["recover", "not properly", "not shut down", "unclean", "interrupted"]
        var result: [(Int, Int)] = []
        for (d, death) in templates.enumerated() where death.stats.count <= 3 {
            guard let died = death.stats.firstSeen else { continue }
            let stream = death.stats.service ?? Self.exitedService(death.text)
            var best: (index: Int, distance: Int64)?
            for p in peers where p != d {
                let peer = templates[p]
                guard let began = peer.stats.firstSeen, peer.stats.service != nil, peer.stats.service?.lowercased() != stream?.lowercased()
                else { continue }
                let distance = abs(began.millisecondsSinceEpoch - died.millisecondsSinceEpoch)
                if distance <= Self.heardWindow, best.map({ distance < $0.distance }) ?? true { best = (p, distance) }
            }
            guard let best else { continue }
            // the status a template masks (`exited with code <num>`) is in its records
            let said = FailureSignals(message: death.text, records: death.stats.samples)
            let killed = said.uncleanStop.map { stop in !recovery.contains { stop.lowercased().contains($0) } } ?? false
            if said.crash != nil || killed { result.append((d, best.index)) }
        }
        return result
    }

    /// How far apart a death and its peer's lost connection are stamped.
    static let heardWindow: Int64 = 2_000

    /// The service a supervisor says exited: a capture tool's `api-1 exited with code 2`, systemd's
    /// `api.service: Main process exited, code=exited, status=1/FAILURE`.
    static func exitedService(_ text: String) -> String? {
        if let range = text.firstRange(of: ".service: Main process exited") {
            let name = text[..<range.lowerBound]
            guard !name.isEmpty, !name.contains(" "), !name.contains("<") else { return nil }
            return String(name)
        }
        guard let range = text.firstRange(of: " exited with code ") else { return nil }
        var name = Substring(text[..<range.lowerBound])
        if name.hasSuffix("-<num>") { name = name.dropLast(6) }
        guard !name.isEmpty, !name.contains(" "), !name.contains("<") else { return nil }
        return CaptureEnvelope.service(ofStream: String(name))
    }

    /// Each template of bare server errors (5xx, among `responses`) not in `skipping` whose endpoints, in `ratio` of
    /// the requests it shows, lie on the resource (the path before its first id, two segments or more) that exactly
    /// one failure is logged at, paired with that failure: requests to a broken resource that failed without a word
    /// of their own.
    static func sameResource(_ templates: [ProblemTemplate], responses: Set<Int>, skipping: Set<Int>, ratio: Double = 0.8)
        -> [(response: Int, failure: Int)]
    {
        var failuresAt: [String: Set<Int>] = [:]
        for (i, template) in templates.enumerated() where !responses.contains(i) {
            for value in endpoints(template) { if let root = resource(value.value) { failuresAt[root, default: []].insert(i) } }
        }
        guard !failuresAt.isEmpty else { return [] }
        var result: [(Int, Int)] = []
        for (r, template) in templates.enumerated()
        where responses.contains(r) && template.responseClass == LogRecord.serverErrorClass && !skipping.contains(r) {
            var shown = 0
            var onFailure: [Int: Int] = [:]
            for value in endpoints(template) {
                let n = value.count ?? 1
                shown += n
                if let root = resource(value.value), let failures = failuresAt[root], failures.count == 1 {
                    onFailure[failures.first!, default: 0] += n
                }
            }
            guard shown > 0, onFailure.count == 1, let (failure, n) = onFailure.first, Double(n) >= ratio * Double(shown)
            else { continue }
            result.append((r, failure))
        }
        return result
    }

    /// Pairs of failures of one service whose records are answered, four in five or more, by client errors (4xx)
    /// on one resource, and whose words name no outage, full resource or crash: the service refusing requests there
    /// in two ways (a wrong password, then its rate limit). With that resource.
    static func refusedAtOneResource(_ templates: [ProblemTemplate], _ co: Cooccurrence, index: [String: Int]) -> [(Int, Int, String)] {
        var byResource: [String: [Int]] = [:]
        var roots: [Int: String] = [:]
        for (pair, count) in co.answered {
            guard let f = index[pair.from], let r = index[pair.to], co.responses[pair.from] == nil,
                templates[r].responseClass == LogRecord.clientErrorClass, 5 * count >= 4 * templates[f].stats.count,
                let endpoint = endpoints(templates[r]).first?.value,
                let root = resource(endpoint), roots[f] == nil
            else { continue }
            // a full disk or a lost database answered with a 400 is the service's failure, not a refusal (the cause
            // can sit in the record's lines under the message)
            let cause = FailureSignals(message: templates[f].text, records: templates[f].stats.samples).causeClass
            guard cause == nil || cause == .access else { continue }
            roots[f] = root
            byResource[(templates[f].stats.service ?? "") + "|" + root, default: []].append(f)
        }
        var result: [(Int, Int, String)] = []
        for (_, members) in byResource.sorted(by: { $0.key < $1.key }) where members.count >= 2 && members.count <= 8 {
            let sorted = members.sorted()
            for other in sorted.dropFirst() { result.append((sorted[0], other, roots[other]!)) }
        }
        return result
    }

    /// The endpoints a template's records name, most frequent first.
    static func endpoints(_ template: ProblemTemplate) -> [Symptom.Value] {
        template.symptoms.first { $0.name == "endpoint" }?.values ?? []
    }

    /// `/api/v2/files` for `/api/v2/files/{id}/preview`: the path before its first id, when that has two segments
    /// or more (a bare `/` or `/api` names no resource).
    static func resource(_ endpoint: String) -> String? {
        var segments: [Substring] = []
        for segment in endpoint.split(separator: "/") {
            if segment == "{id}" { break }
            segments.append(segment)
        }
        return segments.count >= 2 ? "/" + segments.joined(separator: "/") : nil
    }

    /// Each supervisor's line saying a service exited (a capture tool's `api-1 exited with code 2`, systemd's
    /// `api.service: Main process exited`), paired with the problem that service logged last within
    /// ``lastWordsWindow`` before it.
    static func lastWords(_ templates: [ProblemTemplate]) -> [(exit: Int, words: Int, service: String)] {
        var result: [(Int, Int, String)] = []
        for (i, template) in templates.enumerated() {
            guard let name = Self.exitedService(template.text), let exited = template.stats.firstSeen,
                template.stats.service?.lowercased() != name.lowercased()
            else { continue }
            let service = name.lowercased()
            var best: (index: Int, time: Int64)?
            for (j, other) in templates.enumerated() where j != i && other.stats.service?.lowercased() == service {
                guard let last = other.stats.lastSeen?.millisecondsSinceEpoch,
                    last <= exited.millisecondsSinceEpoch + lastWordsLead, last + lastWordsWindow >= exited.millisecondsSinceEpoch
                else { continue }
                if best.map({ last > $0.time }) ?? true { best = (j, last) }
            }
            if let best { result.append((i, best.index, service)) }
        }
        return result
    }

    /// How long before its container's exit a service's last problem is its last words.
    static let lastWordsWindow: Int64 = 5_000
    /// An exit stamped with the time of the line before it can read a moment early.
    static let lastWordsLead: Int64 = 1_000

    /// Two messages logged as often as each other (once, or a few times, every time together) by the same logger
    /// (or both by none), the first and the last times within two seconds of each other (without times: logged once,
    /// at most two lines apart): one event told in several lines (a shutdown, a crash report, a retry that gave
    /// up). Two loggers, or two services, at one moment are two stories.
    static func sameMoment(_ a: ProblemTemplate, _ b: ProblemTemplate, ratio: Double, cascadeRatio: Double) -> Bool {
        guard a.stats.count == b.stats.count, a.stats.count <= maxSameMomentCount, a.mainLogger == b.mainLogger,
            a.stats.service == b.stats.service,
            a.stats.count == 1 || ratio >= cascadeRatio
        else { return false }
        // Without times, line order is the clock: two lines logged once, next to each other in one file.
        if a.stats.count == 1, a.stats.firstSeen == nil, b.stats.firstSeen == nil, let siteA = a.stats.first,
            let siteB = b.stats.first
        {
            return siteA.file == siteB.file && abs(siteA.line - siteB.line) <= 2
        }
        guard let firstA = a.stats.firstSeen, let firstB = b.stats.firstSeen, let lastA = a.stats.lastSeen,
            let lastB = b.stats.lastSeen
        else { return false }
        return abs(firstA.millisecondsSinceEpoch - firstB.millisecondsSinceEpoch) <= 2_000
            && abs(lastA.millisecondsSinceEpoch - lastB.millisecondsSinceEpoch) <= 2_000
    }

    /// A message's head before its first `, ` (the whole message when it has none), when that is three words or
    /// more of its own, with the cause the signature gives after it.
    static func clauseHead(_ text: String) -> (head: String, cause: String)? {
        let separator = text.firstRange(of: LogRecord.causeSeparator)
        let message = separator.map { text[..<$0.lowerBound] } ?? text[...]
        let cause = separator.map { String(text[$0.lowerBound...]) } ?? ""
        let head = message.firstRange(of: ", ").map { message[..<$0.lowerBound] } ?? message
        guard !head.contains("<"), !head.contains(": "), LogRecord.ownWordCount(head) >= 3 else { return nil }
        return (String(head), cause)
    }

    /// Pairs of templates logged as often as each other, their first and last records within two seconds, whose
    /// texts share a run of at least four words of their own (three when they agree three times or more): one
    /// failure reported twice. With the text they share.
    static func echoes(_ templates: [ProblemTemplate]) -> [(Int, Int, String)] {
        var byCount: [Int: [Int]] = [:]
        for (i, template) in templates.enumerated() where template.stats.firstSeen != nil {
            byCount[template.stats.count, default: []].append(i)
        }
        var result: [(Int, Int, String)] = []
        for (_, members) in byCount.sorted(by: { $0.key < $1.key }) where members.count >= 2 {
            let ordered = members.sorted { templates[$0].stats.firstSeen! < templates[$1].stats.firstSeen! }
            for (n, a) in ordered.enumerated() {
                let (firstA, lastA) = (templates[a].stats.firstSeen!, templates[a].stats.lastSeen ?? templates[a].stats.firstSeen!)
                // a burst of one-off failures compares each with the next few only: the work stays linear
                for b in ordered[(n + 1)...].prefix(Self.maxEchoCandidates) {
                    let firstB = templates[b].stats.firstSeen!
                    guard firstB.millisecondsSinceEpoch - firstA.millisecondsSinceEpoch <= 2_000 else { break }
                    let lastB = templates[b].stats.lastSeen ?? firstB
                    // the more times they agree, the less text they need to share to be one failure
                    let words = templates[a].stats.count >= 3 ? 3 : 4
                    guard abs(lastA.millisecondsSinceEpoch - lastB.millisecondsSinceEpoch) <= 2_000,
                        let shared = sharedRun(templates[a].text, templates[b].text, words: words)
                            ?? sharedExceptionType(templates[a], templates[b])
                    else { continue }
                    result.append((min(a, b), max(a, b), shared))
                }
            }
        }
        return result
    }

    /// Templates after one, in first-seen order, compared with it as the same failure reported twice.
    static let maxEchoCandidates = 32

    /// An exception type both name (by its last component, in their exceptions or their text), other than the bare
    /// `Exception` and `Error` every runtime has.
    static func sharedExceptionType(_ a: ProblemTemplate, _ b: ProblemTemplate) -> String? {
        func types(_ template: ProblemTemplate) -> Set<String> {
            var names = Set(template.stats.exceptionTypes.map(ExceptionInfo.shortName))
            // `— exception: smtplib.SMTPAuthenticationError`, `exc: SMTPAuthenticationError(535, …)`
            for token in template.text.split(separator: " ") {
                let name = token.prefix { $0.isLetter || $0.isNumber || $0 == "_" || $0 == "." }.split(separator: ".").last ?? ""
                if name.hasSuffix("Error") || name.hasSuffix("Exception") { names.insert(String(name)) }
            }
            return names.filter { $0.count > 9 }
        }
        return types(a).intersection(types(b)).min()
    }

    /// The longest run of tokens two texts share, when it holds `minimum` words of their own or more (no placeholders).
    static func sharedRun(_ a: String, _ b: String, words minimum: Int = 4) -> String? {
        // the heads of long texts: what two layers share of a failure is near its start, and the work stays bounded
        let x = Array(LogRecord.withoutResponseClass(a).split(separator: " ").prefix(96))
        let y = Array(LogRecord.withoutResponseClass(b).split(separator: " ").prefix(96))
        guard x.count >= 4, y.count >= 4 else { return nil }
        func isWord(_ token: Substring) -> Bool { !token.contains("<") && token.contains(where: \.isLetter) }
        // Runs ending at each pair of positions, counted in words; a placeholder token is shared but not counted.
        var previous = [Int](repeating: 0, count: y.count + 1)
        var previousWords = previous
        var best = (words: 0, end: 0, length: 0)
        for i in 1...x.count {
            var current = [Int](repeating: 0, count: y.count + 1)
            var currentWords = current
            for j in 1...y.count where x[i - 1] == y[j - 1] {
                current[j] = previous[j - 1] + 1
                currentWords[j] = previousWords[j - 1] + (isWord(x[i - 1]) ? 1 : 0)
                if currentWords[j] > best.words { best = (currentWords[j], i, current[j]) }
            }
            previous = current
            previousWords = currentWords
        }
        guard best.words >= minimum else { return nil }
        return x[(best.end - best.length)..<best.end].joined(separator: " ")
    }

    /// The first records of both within `onsetWindow` of each other: one incident starting.
    static func beganTogether(_ a: ProblemTemplate, _ b: ProblemTemplate) -> Bool {
        guard let x = a.stats.firstSeen, let y = b.stats.firstSeen else { return false }
        return abs(x.millisecondsSinceEpoch - y.millisecondsSinceEpoch) <= onsetWindow
    }

    static let onsetWindow: Int64 = 10_000

    /// Beyond this many, messages that recur together (the warnings of every start-up) are left to the other rules.
    static let maxSameMomentCount = 3

    /// The context a message gives before the cause it wraps: the text before its first `: `, when that is three
    /// words or more of its own (no placeholders) and a cause follows.
    static func wrappingContext(_ text: String) -> String? {
        let message = text.firstRange(of: LogRecord.causeSeparator).map { text[..<$0.lowerBound] } ?? text[...]
        guard let colon = message.firstRange(of: ": "), colon.upperBound < message.endIndex else { return nil }
        let head = message[..<colon.lowerBound]
        guard !head.contains("<") else { return nil }
        return LogRecord.ownWordCount(head) >= 3 ? String(head) : nil
    }

    /// Pairs of templates of one service whose heads (the text before the first `: `) share two words
    /// and whose innermost causes (after the last `: `, three words or more) read the same: sibling components of
    /// one subsystem failing for one reason. A shared cause alone is not enough (a full disk fails unrelated
    /// writers), nor are shared words (one subsystem fails in many ways).
    static func siblings(_ templates: [ProblemTemplate], _ features: [Features]) -> [(Int, Int, String)] {
        var byCause: [String: [Int]] = [:]
        var heads: [Int: Set<String>] = [:]
        for (i, template) in templates.enumerated() where template.responseClass == nil {
            let text = template.text
            guard let first = text.firstRange(of: ": "), let last = text.ranges(of: ": ").last, first.lowerBound < last.lowerBound
            else { continue }
            let cause = text[last.upperBound...]
            guard LogRecord.ownWordCount(cause) >= 3 else { continue }
            var words: Set<String> = []
            Features.collectWords(text[..<first.lowerBound], into: &words)
            heads[i] = words
            byCause[(features[i].service ?? "") + "|" + cause.lowercased(), default: []].append(i)
        }
        var result: [(Int, Int, String)] = []
        for (_, members) in byCause.sorted(by: { $0.key < $1.key }) where members.count >= 2 && members.count <= 16 {
            for (n, a) in members.enumerated() {
                for b in members[(n + 1)...] {
                    let shared = heads[a, default: []].intersection(heads[b, default: []])
                    if shared.count >= 2 { result.append((a, b, shared.sorted().joined(separator: " "))) }
                }
            }
        }
        return result
    }

    /// Pairs of templates of one logger whose words are the same but for one position where both hold a value
    /// (a quoted name, a host, a number, a placeholder): one statement printed with values of two shapes, unless
    /// they carry different exceptions.
    static func oneValueApart(_ templates: [ProblemTemplate]) -> [(Int, Int, (String, String))] {
        var buckets: [String: [Int]] = [:]
        let words = templates.map { $0.text.split(separator: " ") }
        for (i, template) in templates.enumerated() where words[i].count >= 3 {
            buckets[(template.mainLogger ?? "") + "|\(words[i].count)", default: []].append(i)
        }
        var result: [(Int, Int, (String, String))] = []
        // In key order: the links, and so the reasons reports print, are the same on every run.
        for (_, members) in buckets.sorted(by: { $0.key < $1.key }) where members.count >= 2 && members.count <= 64 {
            for (n, a) in members.enumerated() {
                for b in members[(n + 1)...] {
                    var differing: Int?
                    var apart = 0
                    for k in words[a].indices where words[a][k] != words[b][k] {
                        apart += 1
                        differing = k
                        if apart > 1 { break }
                    }
                    guard apart == 1, let k = differing, isValueLike(words[a][k]), isValueLike(words[b][k]) else { continue }
                    // One handler logging two different exceptions is two failures.
                    if let x = templates[a].stats.exceptionKey, let y = templates[b].stats.exceptionKey, x != y { continue }
                    result.append((a, b, (String(words[a][k]), String(words[b][k]))))
                }
            }
        }
        return result
    }

    /// A token that holds a value rather than a word (`GET`, `"POST`): inside its quotes and brackets, a
    /// placeholder, a digit, or a name with `.`, `:`, `/`, `@` or `=` in it.
    static func isValueLike(_ token: Substring) -> Bool {
        let wrapping: Set<Character> = ["'", "\"", "`", "(", ")", "[", "]", "{", "}", ",", ";", ".", ":", "!", "?"]
        var inner = token[...]
        while let first = inner.first, wrapping.contains(first), first != "." { inner = inner.dropFirst() }
        while let last = inner.last, wrapping.contains(last) { inner = inner.dropLast() }
        return inner.contains { $0 == "<" || $0.isNumber || ".:/@=".contains($0) }
    }

    /// What, besides timing, says two templates are one failure. When one of them fires all the time (so being
    /// near it is likely by chance), only the strong ties count: a stack trace through the other's module or a
    /// shared distinctive value.
    func contentTie(_ a: Features, _ b: Features, strongOnly: Bool = false) -> (text: String, strong: Bool)? {
        for (x, y) in [(a, b), (b, a)] {
            for module in x.modules where y.files.contains(where: { $0.replacingBackslashes().contains(module) }) {
                return ("the stack trace passes through `\(module)`", true)
            }
        }
        if let value = a.values.intersection(b.values).min() { return ("shared value `\(value)`", true) }
        if strongOnly { return nil }
        if let logger = a.logger, logger == b.logger { return ("same logger `\(logger)`", false) }
        if let word = a.words.intersection(b.words).min() { return ("shared word `\(word)`", false) }
        if let word = a.words.intersection(b.valueWords).union(b.words.intersection(a.valueWords)).min() {
            return ("`\(word)` named in both", false)
        }
        return nil
    }

    // MARK: - Traversal

    private func earliest(_ members: [Int], _ templates: [ProblemTemplate]) -> EarliestKey {
        members.map { EarliestKey(time: templates[$0].stats.firstSeen, id: templates[$0].id) }.min() ?? EarliestKey(time: nil, id: "")
    }

    private func tree(from root: Int, within members: Set<Int>, _ adjacency: [[(Int, String)]]) -> [(Int, String?)] {
        var result: [(Int, String?)] = [(root, nil)]
        var visited: Set<Int> = [root]
        var next = 0
        while next < result.count {
            for (neighbour, _) in adjacency[result[next].0] where members.contains(neighbour) && visited.insert(neighbour).inserted {
                // the reason stored on the edge names the node it leads to; say it from the member's side
                result.append((neighbour, reason(for: neighbour, via: result[next].0, adjacency)))
            }
            next += 1
        }
        return result
    }

    private func reason(for member: Int, via parent: Int, _ adjacency: [[(Int, String)]]) -> String {
        adjacency[member].first { $0.0 == parent }?.1 ?? "linked"
    }

    private func nearestFiled(
        from start: Int, _ adjacency: [[(Int, String)]], _ templates: [ProblemTemplate], _ existing: [String: Int]
    ) -> (Int, String)? {
        var queue = [start]
        var firstStep: [Int: Int] = [start: start]
        var next = 0
        while next < queue.count {
            let node = queue[next]
            next += 1
            for (neighbour, _) in adjacency[node] where firstStep[neighbour] == nil {
                firstStep[neighbour] = node == start ? neighbour : firstStep[node]!
                if let issue = existing[templates[neighbour].id] {
                    let step = firstStep[neighbour]!
                    return (issue, reason(for: start, via: step, adjacency))
                }
                queue.append(neighbour)
            }
        }
        return nil
    }
}

/// Orders by time, untimed last, then id.
private struct EarliestKey: Comparable {
    var time: Timestamp?
    var id: String

    static func < (lhs: Self, rhs: Self) -> Bool {
        switch (lhs.time, rhs.time) {
        case let (l?, r?) where l != r: return l < r
        case (.some, nil): return true
        case (nil, .some): return false
        default: return lhs.id < rhs.id
        }
    }
}

extension String {
    /// `shop.payments.client` → `shop/payments/client`: a logger named after its module, as a path fragment.
    fileprivate func replacingDots() -> String { String(map { $0 == "." ? "/" : $0 }) }
    fileprivate func replacingBackslashes() -> String { String(map { $0 == "\\" ? "/" : $0 }) }
}
