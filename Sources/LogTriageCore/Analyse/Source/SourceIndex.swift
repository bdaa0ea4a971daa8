/// A place in the code tied to a signature: the log statement that emits it, or the code at a stack frame
/// or at the record's own location.
public struct CodeMatch: Sendable, Hashable, Codable {
    /// Relative to the index root.
    public var file: String
    /// 1-based: the line of the log call (where its statement starts), or of the site.
    public var line: Int
    /// The enclosing function, qualified with its class (`PaymentClient.charge`); nil at module level.
    public var function: String?
    /// The line number of `snippet[0]`.
    public var snippetStart: Int
    /// About two lines before to two after `line` (the whole call when it spans more), without trailing
    /// whitespace, each at most 160 characters.
    public var snippet: [String]
    /// 0…1: the share of the template's constant text the literal explains; 1 for an exact site.
    public var score: Double
    /// Why this place: "log call explains 94% of the template", "stack frame of the exception"…
    public var reason: String
    public var origin: Origin

    /// What put this place in front of us.
    public enum Origin: String, Sendable, Hashable, Codable {
        /// A statement whose message matches the template (a log call, an exception message).
        case statement
        /// A location the records name (loguru's `module:function:line`).
        case recordLocation
        /// A frame of the exception the records carry.
        case stackFrame
    }

    public init(
        file: String, line: Int, function: String? = nil, snippetStart: Int, snippet: [String], score: Double,
        reason: String, origin: Origin = .statement
    ) {
        self.file = file
        self.line = line
        self.function = function
        self.snippetStart = snippetStart
        self.snippet = snippet
        self.score = score
        self.reason = reason
        self.origin = origin
    }
}

/// One configuration value the code reads: an environment variable or a setting.
public struct ConfigurationRead: Sendable, Hashable, Codable {
    public enum Source: String, Sendable, Codable { case environment, setting }
    /// Read in the match's own function, or elsewhere in its module; or set in the deployment's own files
    /// (a Compose file, an `.env` template), whoever reads it.
    public enum Scope: String, Sendable, Codable { case function, module, deployment }

    /// As accessed: `SMTP_PASSWORD`, `settings.payment_timeout`, `config["DATABASE_URL"]`.
    public var name: String
    public var source: Source
    /// As written in the source: `30`, `None`, `""`; nil when the read has no default.
    public var defaultValue: String?
    public var file: String
    public var line: Int
    public var scope: Scope
    /// The environment variable that also sets a configuration file's setting (`APP_MAIL__HOST` for
    /// `mail.host`), when the deployment files show the project's convention.
    public var alias: String?

    public init(name: String, source: Source, defaultValue: String?, file: String, line: Int, scope: Scope) {
        self.name = name
        self.source = source
        self.defaultValue = defaultValue
        self.file = file
        self.line = line
        self.scope = scope
    }
}

/// The code evidence of a source tree: every statement that can emit a log message, the functions around
/// them, the configuration they read, and a map from the paths logs mention to the tree's files.
///
/// Building reads each source file once (Python, JS/TS, Go, Java, Kotlin, Swift, Ruby, Elixir, Rust, PHP), with a hand-written
/// lexer per language family; nothing is parsed beyond what finding calls and functions needs. Queries
/// re-read at most a few files, for snippets.
public struct SourceIndex: Sendable {
    /// As given, without a trailing slash.
    public let root: String

    struct FileRecord: Sendable {
        var path: String
        var functions: [FunctionSpan]
        var reads: [ReadRecord]
    }

    struct ReadRecord: Sendable {
        var name: String
        var source: ConfigurationRead.Source
        var defaultValue: String?
        var line: Int32
    }

    struct Statement: Sendable {
        var file: Int32
        var line: Int32
        var endLine: Int32
        var kind: EmitterKind
        var elements: [Int32]
    }

    private(set) var records: [FileRecord] = []
    private(set) var statements: [Statement] = []
    private var vocabulary = MessageVocabulary()
    /// Word id → statements containing it.
    private var postings: [[Int32]] = []
    private var paths: SourcePathMapper
    /// Settings-class fields with their defaults (`payment_timeout` → `30`).
    private var settingDefaults: [String: String] = [:]
    /// Settings assigned from an environment variable in a settings module, with where (`CONSUMPTION_DIR` →
    /// `APP_CONSUMPTION_DIR` read at `app/settings.py:294`).
    private var settingEnvironment: [String: ConfigurationRead] = [:]
    /// What the deployment files of the tree set, as reads in the ``ConfigurationRead/Scope/deployment`` scope, and
    /// the settings its configuration structs declare (``ConfigStructScanner``).
    private(set) var deploymentSettings: [ConfigurationRead] = []
    /// Go struct declarations, resolved into settings once the whole tree is read.
    private var structs: [ConfigStructScanner.Declaration] = []
    private var fileIndex: [String: Int] = [:]

    /// Indexed files, relative to the root, sorted.
    public var files: [String] { records.map(\.path) }

    /// Logging calls, raised messages and other message statements found.
    public var statementCount: Int { statements.count }

    private init(root: String) {
        self.root = root
        self.paths = SourcePathMapper(files: [])
    }

    // MARK: - Building

    /// Walks and indexes `root`. Throws when it does not exist, cannot be read, or is a file.
    public static func build(root: String) throws(SourceIndexError) -> SourceIndex {
        var trimmed = Substring(root)
        while trimmed.count > 1, trimmed.hasSuffix("/") { trimmed = trimmed.dropLast() }
        var index = SourceIndex(root: String(trimmed))
        let entries: [SourceTreeWalker.Entry]
        do {
            entries = try SourceTreeWalker.files(under: index.root)
        } catch {
            throw SourceIndexError(error.kind, path: root, detail: error.detail)  // the path as the user wrote it
        }
        let base = index.root == "/" ? "" : index.root
        var tokens: [SourceToken] = []
        tokens.reserveCapacity(1 << 16)
        for entry in entries {
            guard let bytes = SourceTreeWalker.read(base + "/" + entry.path) else { continue }
            index.add(entry, bytes: bytes, tokens: &tokens)
        }
        index.deploymentSettings += ConfigStructScanner.settings(index.structs)
        index.structs = []
        index.deploymentSettings = SettingVocabulary.addingEnvironmentNames(to: index.deploymentSettings)
        index.paths = SourcePathMapper(files: index.records.map(\.path))
        for (i, record) in index.records.enumerated() { index.fileIndex[record.path] = i }
        index.buildPostings()
        return index
    }

    private mutating func add(_ entry: SourceTreeWalker.Entry, bytes: [UInt8], tokens: inout [SourceToken]) {
        guard let language = entry.language else {
            let name = entry.path.split(separator: "/").last ?? ""
            guard let layout = DeploymentSettingsScanner.layout(ofFileNamed: name) else { return }
            for setting in bytes.withUnsafeBufferPointer({ DeploymentSettingsScanner.scan($0, layout: layout) }) {
                let environment = ConfigurationScanner.isEnvironmentName(setting.name)
                deploymentSettings.append(ConfigurationRead(
                    name: setting.name, source: environment ? .environment : .setting, defaultValue: setting.value,
                    file: entry.path, line: Int(setting.line), scope: setting.isDefault ? .module : .deployment))
            }
            return
        }
        let file = Int32(records.count)
        var record = FileRecord(path: entry.path, functions: [], reads: [])
        if language == .go {
            structs += bytes.withUnsafeBufferPointer { ConfigStructScanner.structs($0, file: entry.path) }
        }
        bytes.withUnsafeBufferPointer { buffer in
            SourceLexer.tokenize(buffer, language: language, into: &tokens)
            let stream = TokenStream(bytes: buffer, language: language, tokens: tokens)
            record.functions = ScopeScanner.functions(in: stream)
            for found in LogCallScanner.statements(in: stream) {
                let elements = vocabulary.intern(found.text)
                statements.append(Statement(
                    file: file, line: found.line, endLine: found.endLine, kind: found.kind, elements: elements))
                // A message of several lines reaches a log without multi-line records as several records: each of its
                // lines is a message of the statement too.
                let lines = found.text.split(separator: 0x0A)
                guard lines.count > 1 else { continue }
                for line in lines {
                    let elements = vocabulary.intern(Array(line))
                    guard elements.count >= 4 else { continue }
                    statements.append(Statement(
                        file: file, line: found.line, endLine: found.endLine, kind: found.kind, elements: elements))
                }
            }
            let configuration = ConfigurationScanner.scan(stream)
            record.reads = configuration.reads.map {
                ReadRecord(name: $0.name, source: $0.source, defaultValue: $0.defaultValue, line: $0.line)
            }
            settingDefaults.merge(configuration.declarations) { first, _ in first }
            for (setting, read) in configuration.environmentOf where settingEnvironment[setting] == nil {
                settingEnvironment[setting] = ConfigurationRead(
                    name: read.name, source: .environment, defaultValue: read.defaultValue, file: entry.path,
                    line: Int(read.line), scope: .module)
            }
        }
        records.append(record)
    }

    private mutating func buildPostings() {
        postings = [[Int32]](repeating: [], count: vocabulary.words.count)
        for (s, statement) in statements.enumerated() {
            for id in statement.elements where id >= 0 && vocabulary.isIndexable(id) {
                // elements repeat rarely; a repeated word only needs one posting
                if postings[Int(id)].last != Int32(s) { postings[Int(id)].append(Int32(s)) }
            }
        }
    }

    // MARK: - Emitters

    /// Log statements that can emit `template`, best first: the score is the share of the template's constant
    /// text the statement's literal explains, less a charge for literal text the template lacks; only
    /// statements scoring 0.5 or more are returned. `logger` (a dotted logger name such as
    /// `shop.payments.client`, a module, or a file path) breaks near-ties toward the files it names.
    public func emitters(of template: String, logger: String? = nil, limit: Int = 3) -> [CodeMatch] {
        let tokens = MessageMatcher.templateTokens(template, vocabulary: vocabulary)
        let total = tokens.reduce(0) { $0 + ($1.id == TemplateToken.placeholder ? 0 : $1.length) }
        guard total >= 3, limit > 0 else { return [] }
        let hint = LoggerHint(logger, index: self)
        var scored: [(statement: Int, score: Double, rank: Double)] = []
        // Candidates come best bound first (the share of the template their words could explain): once the
        // bound, with the largest bonus, cannot beat the `limit`-th rank found, none after it can either.
        var ranks: [Double] = []
        for (s, bound) in candidates(tokens, total: total) {
            if ranks.count >= limit, bound + Self.maxBonus < ranks[limit - 1] { break }
            let statement = statements[s]
            let score = MessageMatcher.align(tokens, statement.elements, vocabulary: vocabulary).score
            guard score >= 0.5 else { continue }
            // the hint and the kind of statement only order near-equal scores
            let kindBonus = 0.004 * Double(3 - Int(statement.kind.rawValue)) / 3
            let rank = score + hint.bonus(for: records[Int(statement.file)].path) + kindBonus
            scored.append((s, score, rank))
            ranks.insert(rank, at: ranks.firstIndex { $0 < rank } ?? ranks.count)
            if ranks.count > limit { ranks.removeLast() }
        }
        scored.sort {
            if $0.rank != $1.rank { return $0.rank > $1.rank }
            let a = statements[$0.statement]
            let b = statements[$1.statement]
            if a.file != b.file { return a.file < b.file }
            return a.line != b.line ? a.line < b.line : $0.statement < $1.statement
        }
        // matches often share a file: read and split it once
        var fileLines: [Int32: [ArraySlice<UInt8>]] = [:]
        var result: [CodeMatch] = []
        // a statement of several lines is indexed whole and line by line: its best score stands for it
        var places: Set<[Int32]> = []
        for item in scored where places.insert([statements[item.statement].file, statements[item.statement].line]).inserted {
            guard result.count < limit else { break }
            let statement = statements[item.statement]
            let record = records[Int(statement.file)]
            if fileLines[statement.file] == nil { fileLines[statement.file] = lines(of: record) }
            let percent = Int((item.score * 100).rounded())
            if let found = match(
                record, lines: fileLines[statement.file] ?? [], line: statement.line, through: statement.endLine,
                score: item.score, reason: "\(statement.kind.noun) explains \(percent)% of the template", origin: .statement)
            {
                result.append(found)
            }
        }
        return result
    }

    /// Statements that share enough words with the template to possibly reach a score of 0.5 (prefix
    /// filtering): the most common words are left out of the search while the text they and the punctuation
    /// carry could not reach half the template on its own, so a qualifying statement must contain one of the
    /// rarer words. Each statement found that way is then checked against all the template's words.
    private func candidates(_ tokens: [TemplateToken], total: Int) -> [(statement: Int, bound: Double)] {
        var weights: [Int32: Int32] = [:]
        var free = 0
        for token in tokens where token.id != TemplateToken.placeholder {
            if token.id >= 0, vocabulary.isIndexable(token.id), !postings[Int(token.id)].isEmpty {
                weights[token.id, default: 0] += Int32(token.length)
            } else {
                // punctuation and words no statement has: any statement may explain them (in part)
                free += token.length
            }
        }
        // most common first; equal counts by id, not by the dictionary's per-process order
        let words = weights.sorted {
            let (a, b) = (postings[Int($0.key)].count, postings[Int($1.key)].count)
            return a != b ? a > b : $0.key < $1.key
        }
        var dropped = free
        var split = 0
        while split < words.count, 2 * (dropped + Int(words[split].value)) < total {
            dropped += Int(words[split].value)
            split += 1
        }
        // Shared weight per statement, summed along the posting lists (sequential reads): first the rare words,
        // which decide who is a candidate, then the common ones, for those candidates only.
        var shared = [Int32](repeating: 0, count: statements.count)
        var touched: [Int32] = []
        for (id, weight) in words[split...].reversed() {
            for s in postings[Int(id)] {
                if shared[Int(s)] == 0 { touched.append(s) }
                shared[Int(s)] += weight
            }
        }
        for (id, weight) in words[..<split] {
            for s in postings[Int(id)] where shared[Int(s)] > 0 { shared[Int(s)] += weight }
        }
        var result: [(statement: Int, bound: Double)] = []
        for s in touched where 2 * (Int(shared[Int(s)]) + free) >= total {
            result.append((Int(s), Double(Int(shared[Int(s)]) + free) / Double(total)))
        }
        // best bound first, ties in file order, so the cut below keeps the same statements on every run
        result.sort { $0.bound != $1.bound ? $0.bound > $1.bound : $0.statement < $1.statement }
        // A template this generic (`Cannot <*> <*>: <*>`) fits thousands of statements; aligning them all
        // would cost more than it tells.
        return Array(result.prefix(Self.maxCandidates))
    }

    static let maxCandidates = 2000
    /// The most a logger hint and the kind of statement add to a score when ranking.
    static let maxBonus = 0.035

    /// Ordering help from a logger name or file hint.
    struct LoggerHint {
        var file: String?
        var parts: Set<String> = []

        init(_ logger: String?, index: SourceIndex) {
            guard let logger, !logger.isEmpty else { return }
            file = index.map(path: logger)
            let module = logger.split(separator: ":").first ?? Substring(logger)
            parts = Set(module.split { $0 == "." || $0 == "/" || $0 == "\\" }.map { $0.lowercased() }.filter { $0.count >= 3 })
        }

        func bonus(for path: String) -> Double {
            if let file, file == path { return 0.03 }
            guard !parts.isEmpty else { return 0 }
            var matched = 0
            for component in path.split(separator: "/") {
                let name = component.split(separator: ".").first.map { $0.lowercased() } ?? ""
                if parts.contains(name) { matched += 1 }
            }
            return 0.01 * Double(min(matched, 2))
        }
    }

    // MARK: - Paths and sites

    /// The tree file a path from a record or stack frame denotes, relative to the root; nil for dependency
    /// code (site-packages, node_modules, .venv, vendor) and when two files fit equally well.
    public func map(path: String) -> String? {
        if fileIndex[path] != nil { return path }
        return paths.map(path).map { records[$0].path }
    }

    /// The code at a mapped location: `file` (relative, or any path ``map(path:)`` accepts) at `line`, or at
    /// the start of `function` when there is no line. Nil when the file is not in the tree or the line is past
    /// its end.
    public func site(file: String, line: Int?, function: String?) -> CodeMatch? {
        guard let path = map(path: file), let f = fileIndex[path] else { return nil }
        let record = records[f]
        var target: Int32
        if let line {
            target = Int32(clamping: line)
        } else if let function, let span = Self.span(named: function, in: record.functions) {
            target = span.start
        } else {
            return nil
        }
        guard target >= 1 else { return nil }
        let reason = line != nil ? "the code at \(path):\(target)" : "the definition of \(function ?? "")"
        return match(
            record, lines: lines(of: record), line: target, through: target, score: 1, reason: reason, origin: .recordLocation)
    }

    /// A function by a name as frames write it: `charge`, `PaymentClient.charge`, `shop.PaymentClient.charge`.
    static func span(named name: String, in functions: [FunctionSpan]) -> FunctionSpan? {
        if let exact = functions.first(where: { $0.name == name }) { return exact }
        let leaf = name.split(whereSeparator: { $0 == "." || $0 == ":" || $0 == "#" }).last.map(String.init) ?? name
        return functions.first { $0.name == leaf || $0.name.hasSuffix("." + leaf) }
    }

    /// A match at `line` of `record`, with the enclosing function and a snippet from its `lines`. Nil when the
    /// file is shorter than `line` (or could no longer be read).
    private func match(
        _ record: FileRecord, lines: [ArraySlice<UInt8>], line: Int32, through endLine: Int32, score: Double, reason: String,
        origin: CodeMatch.Origin
    ) -> CodeMatch? {
        guard Int(line) <= lines.count else { return nil }
        let first = max(1, Int(line) - 2)
        let last = min(lines.count, max(Int(line) + 2, min(Int(endLine), Int(line) + 8)))
        let snippet = lines[(first - 1)..<last].map { Self.snippetLine($0) }
        let function = ScopeScanner.innermost(record.functions, at: line).map { record.functions[$0].name }
        return CodeMatch(
            file: record.path, line: Int(line), function: function, snippetStart: first, snippet: snippet,
            score: score, reason: reason, origin: origin)
    }

    /// The lines of `record`'s file as it is on disk now; none when it cannot be read.
    private func lines(of record: FileRecord) -> [ArraySlice<UInt8>] {
        let base = root == "/" ? "" : root
        guard let bytes = SourceTreeWalker.read(base + "/" + record.path) else { return [] }
        var result = bytes.split(separator: 0x0A, omittingEmptySubsequences: false)
        if result.last?.isEmpty == true { result.removeLast() }
        return result
    }

    /// A line without trailing whitespace, cut to 160 characters.
    private static func snippetLine(_ bytes: ArraySlice<UInt8>) -> String {
        var end = bytes.endIndex
        while end > bytes.startIndex, [0x20, 0x09, 0x0D].contains(bytes[end - 1]) { end -= 1 }
        let text = String(decoding: bytes[bytes.startIndex..<end], as: UTF8.self)
        return text.count > 160 ? String(text.prefix(159)) + "…" : text
    }

    // MARK: - Configuration

    /// Environment variables and settings read in the match's enclosing function (and the functions around
    /// it, when it is nested), then in its module: at the top level, in its class outside methods, and in the
    /// class's other methods (its constructor, usually). Deduplicated by name, the function's reads first,
    /// each with its default as written; a setting without one takes its settings class's default.
    public func configuration(for match: CodeMatch) -> [ConfigurationRead] {
        guard let f = fileIndex[match.file] else { return [] }
        let record = records[f]
        let line = Int32(clamping: match.line)
        let functions = record.functions
        // the outermost function around the line: a nested closure shares its parent's configuration
        let outer = functions.indices.filter { functions[$0].contains(line) }.min { functions[$0].start < functions[$1].start }
        let owner = ScopeScanner.innermost(functions, at: line).flatMap { functions[$0].owner }
        var result: [ConfigurationRead] = []
        var seen: Set<String> = []
        func add(_ read: ReadRecord, _ scope: ConfigurationRead.Scope) {
            guard seen.insert(read.name).inserted else { return }
            var value = read.defaultValue
            if value == nil, read.source == .setting, let field = read.name.split(separator: ".").last {
                value = settingDefaults[String(field)]
            }
            result.append(ConfigurationRead(
                name: read.name, source: read.source, defaultValue: value, file: record.path, line: Int(read.line), scope: scope))
        }
        if let outer {
            for read in record.reads where functions[outer].contains(read.line) { add(read, .function) }
        }
        // `settings.CONSUMPTION_DIR` is set by the variable its settings module reads
        for read in result where read.source == .setting {
            guard let field = read.name.split(separator: ".").last, let variable = settingEnvironment[String(field)],
                seen.insert(variable.name).inserted
            else { continue }
            result.append(variable)
        }
        for read in record.reads {
            if let outer, functions[outer].contains(read.line) { continue }
            guard let enclosing = ScopeScanner.innermost(functions, at: read.line) else {
                add(read, .module)
                continue
            }
            if let owner, functions[enclosing].owner == owner { add(read, .module) }
        }
        return result
    }
}
