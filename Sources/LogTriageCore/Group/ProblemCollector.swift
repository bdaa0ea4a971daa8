/// Gathers, while a scan reads, what the tracker keeps about each *problem* template (records at the
/// minimum level or above, and records carrying an exception): counts, times, levels, loggers, code sites,
/// exception shapes, a few samples, symptom values and an hourly histogram. Memory is bounded per template.
///
/// Records below the level are traffic: they are mined (so templates stay stable) but not tracked.
public struct ProblemCollector {
    public struct Configuration: Sendable {
        public var minLevel: Level = .warning
        /// Histogram bucket width.
        public var bucketSeconds = 3600
        public var samplesPerTemplate = 3
        /// A client-error template (4xx only, no level or exception of its own) is a problem from this many
        /// records: a burst, not one user's typo.
        public var clientErrorBurst = 5
        public init() {}

        /// Whether `record` is a problem the tracker follows: at the minimum level or above, an exception with a
        /// trace (or any exception on a record without a level), a record without a level that says it failed, a
        /// NOTICE that warns (a deprecation, an insecure setting), a record at any level saying a process stopped
        /// without shutting down (or, at INFO, that a child exited nonzero), or an HTTP response that failed (5xx; 4xx when they come in bursts, decided at the
        /// end).
        public func isProblem(_ record: LogRecord) -> Bool {
            if let level = record.level, level >= minLevel { return true }
            return problemKind(record, status: record.httpStatus) != nil || Self.reportsProcessEnd(record)
        }

        /// A record of no problem level that says a process stopped without shutting down (`InnoDB: Starting crash
        /// recovery`, `exited with code 137`) is the trace of a failure the log has no other line for; so is a
        /// supervisor's INFO line reporting a child's nonzero exit (`exited: worker (exit status 1; not expected)`:
        /// the level is the supervisor's, the failure the child's).
        static func reportsProcessEnd(_ record: LogRecord) -> Bool {
            FailureSignals.saysUncleanStop(record.message)
                || (record.level.map { $0 >= .info } == true && FailureStatement.reportsNonzeroExit(record.message))
        }

        /// `status` is the record's ``LogRecord/httpStatus``, read once by the caller.
        func problemKind(_ record: LogRecord, status: Int?) -> ProblemKind? {
            if let level = record.level, level >= minLevel { return .failure }
            // A trace is a failure whatever the level; an error string a logger put in a field of a DEBUG or INFO
            // record is what that level says it is (a closed websocket, an expected retry).
            if let exception = record.exception, record.level == nil || !exception.frames.isEmpty || exception.cause != nil {
                return .failure
            }
            if record.statesFailure { return .failure }
            if !record.attributes.isEmpty, record.failedOutcome != nil { return .failure }
            // NOTICE sits between INFO and WARNING: significant, and a problem when it warns.
            if let severity = record.severity, severity.level == .info, severity.number > Level.info.rawValue,
                FailureSignals.advises(record.message)
            {
                return .failure
            }
            guard let status, status >= 400 else { return nil }
            return status >= 500 ? .failure : .clientError
        }
    }

    enum ProblemKind { case failure, clientError }

    public let configuration: Configuration
    private var stats: [TemplateMiner.TemplateRef: ProblemStats] = [:]
    private var cooccurrence = TimeOrderedCooccurrence()
    private var answers = AnswerTracker()
    private var neighbours = NeighbourTracker()
    public private(set) var records = 0
    public private(set) var problemRecords = 0

    /// Per template (ref index): whether its messages say a process ended badly
    /// (``Configuration/reportsProcessEnd(_:)``). Decided on the template's first record, whose constant words are
    /// every record's (a scan per record would cost every line).
    private var saysProcessEnded: [Bool?] = []

    public init(configuration: Configuration = Configuration()) {
        self.configuration = configuration
    }

    private mutating func reportsProcessEnd(_ record: LogRecord, _ ref: TemplateMiner.TemplateRef) -> Bool {
        let index = Int(ref.index)
        if index >= saysProcessEnded.count { saysProcessEnded += [Bool?](repeating: nil, count: index + 1 - saysProcessEnded.count) }
        if let known = saysProcessEnded[index] { return known }
        let says = Configuration.reportsProcessEnd(record)
        saysProcessEnded[index] = says
        return says
    }

    /// Whether `record` is a problem the tracker follows (see ``Configuration/isProblem(_:)``).
    public func isProblem(_ record: LogRecord) -> Bool { configuration.isProblem(record) }

    /// Takes one mined record.
    public mutating func add(_ record: LogRecord, ref: TemplateMiner.TemplateRef) {
        records += 1
        answers.see(record.time, file: record.file)
        let status = record.httpStatus
        var kind = configuration.problemKind(record, status: status)
        if kind == nil, reportsProcessEnd(record, ref) { kind = .failure }
        // the capture's service, when the envelope named one (it appends it last)
        let service = record.attributes.last.flatMap { $0.key == "service" ? $0.value.scalarText : nil }
        neighbours.add(
            ref, time: record.time, stream: .init(file: record.file, service: service), problem: kind != nil,
            candidate: kind == nil && status == nil)
        guard let kind else { return }
        problemRecords += 1
        stats[ref, default: ProblemStats()].add(
            record, status: status, clientError: kind == .clientError, configuration: configuration)
        cooccurrence.add(ref, time: record.time, context: Self.context(of: record), file: record.file, line: record.lineStart)
        answers.add(ref, time: record.time, file: record.file, isResponse: record.reportsFailedResponse(status: status))
    }

    /// The problem templates as finally mined (refs that merged are combined), most frequent first.
    public func finish(miner: TemplateMiner) -> ProblemSet {
        var byID: [String: ProblemTemplate] = [:]
        var idOfRef: [TemplateMiner.TemplateRef: String] = [:]
        // In the order the templates were first mined, so what a merged template keeps (samples, code site,
        // exception) is the same on every run, not whatever order the dictionary's hashing gives.
        for (ref, stat) in stats.sorted(by: { $0.key.index < $1.key.index }) {
            let (id, text) = miner.identity(ref)
            idOfRef[ref] = id
            if var existing = byID[id] {
                existing.stats.merge(stat, samples: configuration.samplesPerTemplate)
                byID[id] = existing
            } else {
                byID[id] = ProblemTemplate(id: id, text: text, stats: stat, parameters: miner.template(ref).parameters)
            }
        }
        var timelines = cooccurrence.resolved { idOfRef[$0] }
        var answers = self.answers
        answers.resolve(into: &timelines) { idOfRef[$0] }
        // Client errors alone make a problem only in a burst: counted over the request line whatever the status
        // (`GET … 401` and `GET … 403` signed apart are one burst of refused requests); or when they answer a
        // failure, logged right before most of them: then they are its symptom, however few.
        var requests: [Substring: Int] = [:]
        for template in byID.values where template.stats.clientErrors == template.stats.count {
            requests[LogRecord.withoutResponseClass(template.text), default: 0] += template.stats.count
        }
        var answering: Set<String> = []
        for (pair, count) in timelines.answered where count >= 2 && Double(count) >= 0.8 * Double(timelines.responses[pair.to] ?? 0) {
            answering.insert(pair.to)
        }
        var templates = Array(byID.values).filter {
            $0.stats.clientErrors < $0.stats.count || answering.contains($0.id)
                || requests[LogRecord.withoutResponseClass($0.text), default: 0] >= configuration.clientErrorBurst
        }
        let spread = ProblemSet.wordSpread(of: miner.templates)
        let around = neighbours.neighbours(miner: miner, spread: spread) { idOfRef[$0] }
        for i in templates.indices {
            templates[i].symptoms = SymptomExtraction.symptoms(of: templates[i])
            templates[i].neighbours = around[templates[i].id] ?? []
        }
        templates.sort { $0.stats.count != $1.stats.count ? $0.stats.count > $1.stats.count : $0.id < $1.id }
        var set = ProblemSet(templates: templates, cooccurrence: timelines, wordSpread: spread)
        set.period = answers.period
        return set
    }

    /// Who logged it, as narrowly as the record says: a request id, else a process, else the file.
    static func context(of record: LogRecord) -> String {
        for attribute in record.attributes where RequestKeys.contains(attribute.key.lowercased()) {
            if let id = attribute.value.scalarText, !id.isEmpty { return "r:" + id }
        }
        // pids repeat across the containers of a capture (each has its pid 1)
        if let pid = record.pid {
            let service = record.attributes.first { $0.key == "service" }?.value.scalarText ?? ""
            return "p:\(record.file):\(service):\(pid)"
        }
        return "f:" + record.file
    }

    private static let RequestKeys: Set<String> = [
        "request_id", "requestid", "req_id", "reqid", "x_request_id", "x-request-id", "trace_id", "traceid",
        "correlation_id", "correlationid",
    ]
}

/// What a scan learned about its problem templates.
public struct ProblemSet: Sendable {
    public var templates: [ProblemTemplate]
    public var cooccurrence: Cooccurrence
    /// Per word, how many of the log's templates (problems or not) use it, in their text or their values.
    public var wordSpread: [String: Int] = [:]
    /// From the first record's time to the last's, problems or not; nil when no record had a time.
    public var period: ClosedRange<Timestamp>?

    /// How many of `templates` use each distinctive word.
    static func wordSpread(of templates: [MinedTemplate]) -> [String: Int] {
        var spread: [String: Int] = [:]
        for template in templates {
            var words: Set<String> = []
            for token in template.text.split(separator: " ") where !token.contains("<") {
                IssueGrouper.Features.collectWords(token, into: &words)
            }
            for parameter in template.parameters {
                for value in parameter.top { IssueGrouper.Features.collectWords(Substring(value.value), into: &words) }
            }
            for word in words { spread[word, default: 0] += 1 }
        }
        return spread
    }
}

/// One problem template of a scan.
public struct ProblemTemplate: Sendable {
    public var id: String
    public var text: String
    public var stats: ProblemStats
    public var parameters: [MinedTemplate.Parameter]
    public var symptoms: [Symptom] = []
    /// Messages found right before or after its records, time and again (see ``Neighbour``).
    public var neighbours: [Neighbour] = []

    public var mainLogger: String? {
        stats.loggers.max { $0.value != $1.value ? $0.value < $1.value : $0.key > $1.key }?.key
    }

    /// `server error` or `client error` for a template signed by a failed response's status class, nil otherwise.
    var responseClass: String? { LogRecord.responseClass(ofSignature: text) }

    /// What analysis needs to find the code behind this template.
    public var facts: SignatureFacts {
        SignatureFacts(
            site: stats.site, exceptionTypes: stats.exceptionTypes, frames: stats.frames, uncaught: stats.uncaught ? true : nil,
            neighbours: neighbours.isEmpty ? nil : neighbours)
    }
}

/// Where one occurrence was read.
public struct OccurrenceSite: Sendable, Hashable {
    public var time: Timestamp?
    public var file: String
    public var line: Int
}

/// The bounded facts about one problem template.
public struct ProblemStats: Sendable {
    public var count = 0
    public var firstSeen: Timestamp?
    public var lastSeen: Timestamp?
    public var maxLevel: Level?
    public var exceptions = 0
    /// Records that are problems only by a 4xx status.
    public var clientErrors = 0
    /// Logger → records (at most 16 loggers).
    public var loggers: [String: Int] = [:]
    /// The capture's service (compose service, container) of the first record that named one.
    public var service: String?
    /// The first code location the records state.
    public var site: SourceLocation?
    private var lookedForPanic = false
    /// A record of it was an exception's trace alone, with no log header: an exception nothing caught.
    public var uncaught = false
    /// The first exception's type and innermost frames, the identity of "the same exception at the same frames".
    public var exceptionKey: String?
    public var exceptionTypes: [String] = []
    /// Source files of the first exception's frames (all causes), for linking to the code that logged a cause.
    public var frameFiles: [String] = []
    /// The first exception's frames, root cause first and innermost frame first within each exception (at most
    /// 32; long traces keep both ends): where the code evidence starts.
    public var frames: [StackFrame] = []
    public var samples: [String] = []
    /// Attribute-derived symptom name → values.
    public var attributeValues: [String: ValueSummary] = [:]
    /// Values of the identifier attributes (`plugin_id`, `job`'s `id`) that are no symptom, with their records (at
    /// most ``maxIdentities``): what the records are about, when most name the same one.
    public var identities: [String: Int] = [:]
    static let maxIdentities = 8
    /// Bucket start (ms) → count.
    public var buckets: [Int64: Int] = [:]
    public var first: OccurrenceSite?
    public var last: OccurrenceSite?
    /// The latest-timed occurrence (what regresses a fixed issue).
    public var latest: OccurrenceSite?

    mutating func add(_ record: LogRecord, status: Int?, clientError: Bool, configuration: ProblemCollector.Configuration) {
        count += 1
        if clientError { clientErrors += 1 }
        let site = OccurrenceSite(time: record.time, file: record.file, line: record.lineStart)
        if first == nil { first = site }
        last = site
        if let time = record.time {
            if firstSeen.map({ time < $0 }) ?? true { firstSeen = time }
            if lastSeen.map({ time >= $0 }) ?? true {
                lastSeen = time
                latest = site
            }
            let width = Int64(configuration.bucketSeconds) * 1000
            let start = time.millisecondsSinceEpoch - floorModulo(time.millisecondsSinceEpoch, width)
            buckets[start, default: 0] += 1
        }
        // A failed response weighs as what it is (5xx an error, 4xx a warning), whatever level the access line printed.
        var level = record.level
        if let implied = status.flatMap(HTTPStatus.level(of:)), level.map({ implied > $0 }) ?? true { level = implied }
        if let level, maxLevel.map({ level > $0 }) ?? true { maxLevel = level }
        if let logger = record.logger, loggers[logger] != nil || loggers.count < 16 { loggers[logger, default: 0] += 1 }
        if service == nil, let attribute = record.attributes.first(where: { $0.key == "service" }) {
            service = attribute.value.scalarText
        }
        if self.site == nil {
            if let source = record.source, !source.isEmpty {
                self.site = source
            } else if !lookedForPanic {
                // once per template: its records print the same message
                lookedForPanic = true
                self.site = StackTraceParser.panicLocation(in: record.message)
            }
        }
        if let exception = record.exception {
            exceptions += 1
            if record.level == nil, record.logger == nil, record.format == "plain", !exception.frames.isEmpty || exception.cause != nil {
                uncaught = true
            }
            if exceptionKey == nil {
                exceptionKey = Self.key(of: exception)
                for link in exception.chain {
                    if !exceptionTypes.contains(link.type) { exceptionTypes.append(link.type) }
                    for frame in link.frames {
                        if let file = frame.file, !frameFiles.contains(file), frameFiles.count < 32 { frameFiles.append(file) }
                    }
                }
                for link in exception.chain.reversed() where frames.count < 32 {
                    // Framework frames pile up in the middle; the entry point and where it failed are at the ends.
                    let kept = link.frames.count > 16 ? Array(link.frames.prefix(4) + link.frames.suffix(12)) : link.frames
                    frames += kept.reversed().prefix(32 - frames.count)
                }
            }
        }
        if samples.count < configuration.samplesPerTemplate { samples.append(record.textLine) }
        for attribute in record.attributes {
            guard let name = SymptomExtraction.attributeName(attribute.key), let value = attribute.value.scalarText,
                !value.isEmpty
            else { continue }
            attributeValues[name, default: ValueSummary()].add(SymptomExtraction.normalise(value, name: name))
        }
        for attribute in record.attributes where Self.namesIdentifier(attribute.key) && SymptomExtraction.attributeName(attribute.key) == nil {
            guard let value = attribute.value.scalarText, !value.isEmpty, value.utf8.count <= 128,
                identities[value] != nil || identities.count < Self.maxIdentities
            else { continue }
            identities[value, default: 0] += 1
        }
    }

    /// `id`, `plugin_id`, `job.id`, `deviceId`: an attribute naming one thing by its identifier.
    static func namesIdentifier(_ key: String) -> Bool {
        // from the end, without copying: this runs for every attribute of every problem record
        var bytes = key.utf8.reversed().makeIterator()
        guard let d = bytes.next(), let i = bytes.next(), d | 0x20 == UInt8(ascii: "d"), i | 0x20 == UInt8(ascii: "i") else {
            return false
        }
        let before = bytes.next()
        if d == UInt8(ascii: "d"), i == UInt8(ascii: "I") { return before != nil }  // camel case `pluginId`
        guard let before else { return true }
        return before == UInt8(ascii: "_") || before == UInt8(ascii: ".") || before == UInt8(ascii: "-")
    }

    /// The identifiers most of the records name: per-request ids, one per record, never are.
    public var commonIdentities: [String] {
        identities.filter { $0.value * 2 >= count }.keys.sorted()
    }

    mutating func merge(_ other: ProblemStats, samples limit: Int) {
        let wasFirst = other.first.map { mine in first.map { mine.file == $0.file && mine.line < $0.line } ?? true } ?? false
        count += other.count
        if let time = other.firstSeen, firstSeen.map({ time < $0 }) ?? true { firstSeen = time }
        if let time = other.lastSeen, lastSeen.map({ time >= $0 }) ?? true {
            lastSeen = time
            latest = other.latest
        }
        if let level = other.maxLevel, maxLevel.map({ level > $0 }) ?? true { maxLevel = level }
        exceptions += other.exceptions
        uncaught = uncaught || other.uncaught
        clientErrors += other.clientErrors
        for (logger, n) in other.loggers where loggers[logger] != nil || loggers.count < 16 { loggers[logger, default: 0] += n }
        site = site ?? other.site
        service = service ?? other.service
        if exceptionKey == nil {
            exceptionKey = other.exceptionKey
            exceptionTypes = other.exceptionTypes
            frameFiles = other.frameFiles
            frames = other.frames
        }
        samples = Array((samples + other.samples).prefix(limit))
        for (name, values) in other.attributeValues { attributeValues[name, default: ValueSummary()].merge(values) }
        for (value, n) in other.identities where identities[value] != nil || identities.count < Self.maxIdentities {
            identities[value, default: 0] += n
        }
        for (start, n) in other.buckets { buckets[start, default: 0] += n }
        if wasFirst { first = other.first }
        last = last ?? other.last
    }

    /// Type plus the three innermost frames' file and function: the same exception raised at the same place.
    static func key(of exception: ExceptionInfo) -> String {
        let innermost = exception.chain.last ?? exception
        let frames = innermost.frames.suffix(3).map { "\($0.file ?? "?"):\($0.function ?? "?")" }
        return ([innermost.type] + frames).joined(separator: "|")
    }
}
