/// Settings a failure speaks of in other words. `Failed to obtain JDBC Connection … Connection refused` is about
/// where the service looks for its JDBC database, `spring.jdbc.url`; `SMTPAuthenticationError … authentication
/// failed` logged by a task of `mail` is about `mail.username` and `mail.password`.
///
/// A setting is spoken of when every specific word of its name is either in the messages or the role the
/// failure gives it (a peer out of reach: its address; refused credentials: the credentials), and at least two of
/// them are in the messages, or one that is not a role word next to a role the failure gives; three words said may
/// leave one unsaid. Words most of the
/// tree's setting names carry (a prefix every variable shares) are no setting's own, nor need messages say the
/// namespace a deep path starts with (`spring` in `spring.jdbc.url`).
struct SettingVocabulary: Sendable {
    /// What a failure says about which part of a setting was wrong.
    enum Role: Sendable { case address, credentials }

    static let roleWords: [Role: Set<String>] = [
        .address: ["url", "uri", "urls", "host", "hostname", "hosts", "server", "servers", "addr", "address", "endpoint", "port", "dsn"],
        .credentials: ["user", "username", "password", "passwd", "pass", "token", "key", "secret", "login", "credentials", "apikey"],
    ]

    private struct Entry: Sendable {
        var read: ConfigurationRead
        var words: [String]
        /// The words of the first part of a path three parts deep or more (`spring` in `spring.jdbc.url`): the
        /// framework's or the application's namespace, which messages need not say.
        var namespace: Set<String>
    }

    private var entries: [Entry] = []
    private var byWord: [String: [Int]] = [:]

    init(_ settings: [ConfigurationRead]) {
        var seen: Set<String> = []
        var named: [(ConfigurationRead, [String])] = []
        var frequency: [String: Int] = [:]
        // Where several files set one name, the project's main file says it: not a test's, not a profile's.
        let preferred = settings.enumerated().sorted { a, b in
            let (x, y) = (Self.rank(a.element.file), Self.rank(b.element.file))
            return x != y ? x < y : a.offset < b.offset
        }.map(\.element)
        // A variable that is another name of a file's setting is that setting.
        let aliases = Set(settings.compactMap(\.alias))
        // `redis.host` in a YAML file and `Redis.Host` in the struct that loads it are one setting.
        for read in preferred where !aliases.contains(read.name) && seen.insert(read.name.lowercased()).inserted {
            let words = Array(Set(Self.words(ofName: read.name)))
            named.append((read, words))
            for word in words { frequency[word, default: 0] += 1 }
        }
        let common = max(4, named.count / 5)
        for (read, words) in named {
            let own = words.filter { frequency[$0, default: 0] <= common }
            guard !own.isEmpty, own.count <= 4 else { continue }
            let parts = read.name.split(separator: ".")
            let namespace = parts.count >= 3 ? Set(Self.words(parts[0], wholes: false)) : []
            for word in own { byWord[word, default: []].append(entries.count) }
            entries.append(Entry(read: read, words: own, namespace: namespace))
        }
    }

    /// Files under a test folder last, then longer file names (`application-dev.yaml` after `application.yaml`).
    private static func rank(_ path: String) -> (Int, Int) {
        let folders = path.split(separator: "/").dropLast()
        let test = folders.contains { ["test", "tests", "testdata", "spec", "fixtures"].contains($0.lowercased()) }
        return (test ? 1 : 0, path.split(separator: "/").last?.count ?? 0)
    }

    /// The settings the issue's `text` speaks of, best first: most words in the text, then fewest left to a role.
    func reads(spokenOfIn text: String, roles: Set<Role>, limit: Int = 3) -> [ConfigurationRead] {
        guard !entries.isEmpty else { return [] }
        let said = Self.words(inText: text)
        let allowed = roles.reduce(into: Set<String>()) { $0.formUnion(Self.roleWords[$1] ?? []) }
        let anyRole = Self.roleWords.values.reduce(into: Set<String>()) { $0.formUnion($1) }
        var candidates: Set<Int> = []
        for word in said { candidates.formUnion(byWord[word] ?? []) }
        var scored: [(read: ConfigurationRead, said: Int, left: Int)] = []
        for index in candidates.sorted() {
            let entry = entries[index]
            let inText = entry.words.filter(said.contains)
            let left = entry.words.filter { !said.contains($0) && !entry.namespace.contains($0) }
            // three words said leave one unsaid (`Storage.S3BucketName` for a failure about the `S3 bucket` of the
            // `storage`); otherwise every unsaid word is the part the failure points at
            let covered = left.allSatisfy(allowed.contains) || (inText.count >= 3 && left.count <= 1)
            guard covered, inText.contains(where: { !anyRole.contains($0) }), inText.count >= 2 || !left.isEmpty
            else { continue }
            scored.append((entry.read, inText.count, left.count))
        }
        scored.sort { ($0.said, -$0.left) > ($1.said, -$1.left) }
        return scored.prefix(limit).map(\.read)
    }

    // MARK: Words

    /// `spring.jdbc.url` → spring, jdbc, url; `S3BucketName` → s3, bucket, name; `MAIL__HOST` → mail, host.
    static func words(ofName name: String) -> [String] {
        words(name[...], wholes: false)
    }

    /// The words of messages, placeholders (`<num>`) left out.
    static func words(inText text: String) -> Set<String> {
        var result: Set<String> = []
        var rest = text[...]
        while let open = rest.firstIndex(of: "<") {
            result.formUnion(words(rest[..<open], wholes: true))
            guard let close = rest[open...].firstIndex(of: ">") else { return result }
            rest = rest[rest.index(after: close)...]
        }
        result.formUnion(words(rest, wholes: true))
        return result
    }

    /// Letters and digits, split where the case turns (`SMTPAuthentication` → smtp, authentication), lower-cased;
    /// with `wholes`, a word so split counts whole too (a message's `DataSource` says `datasource`); words of one
    /// letter are dropped.
    private static func words(_ text: Substring, wholes: Bool) -> [String] {
        var result: [String] = []
        var current: [Character] = []
        var whole: [Character] = []
        var parts = 0
        func flush(endingWord: Bool) {
            if current.count >= 2 { result.append(String(current).lowercased()) }
            if !current.isEmpty { parts += 1 }
            current.removeAll(keepingCapacity: true)
            guard endingWord else { return }
            if wholes, parts > 1 { result.append(String(whole).lowercased()) }
            whole.removeAll(keepingCapacity: true)
            parts = 0
        }
        let characters = Array(text)
        for (i, character) in characters.enumerated() {
            guard character.isASCII, character.isLetter || character.isNumber else {
                flush(endingWord: true)
                continue
            }
            if character.isUppercase, let previous = current.last {
                let nextIsLower = i + 1 < characters.count && characters[i + 1].isLowercase
                if previous.isLowercase || ((previous.isUppercase || previous.isNumber) && nextIsLower) { flush(endingWord: false) }
            }
            current.append(character)
            whole.append(character)
        }
        flush(endingWord: true)
        return result
    }

    // MARK: Environment names

    /// The environment variable each dotted setting of a configuration file is also set by, when the deployment
    /// files show how the project names them: two or more variables that are a prefix and a setting's path in
    /// upper case (`APP_REDIS__HOST` for `redis.host`, `SPRING_JDBC_URL` for `spring.jdbc.url`) make every
    /// setting of that file reachable the same way.
    static func addingEnvironmentNames(to settings: [ConfigurationRead]) -> [ConfigurationRead] {
        var dotted: [String: String] = [:]  // letters and digits of a dotted name → the name
        for read in settings where read.name.contains(".") && read.source == .setting {
            dotted[compact(read.name), default: read.name] = read.name
        }
        guard !dotted.isEmpty else { return settings }
        struct Convention: Hashable { var prefix: String; var separator: String }
        var votes: [Convention: Set<String>] = [:]
        for read in settings where read.source == .environment {
            let parts = read.name.split(separator: "_", omittingEmptySubsequences: false)
            for drop in 0...min(2, parts.count - 1) {
                guard drop == 0 || !parts[drop - 1].isEmpty else { continue }
                let rest = parts[drop...].joined(separator: "_")
                guard let key = dotted[compact(rest)] else { continue }
                let prefix = drop == 0 ? "" : parts[..<drop].joined(separator: "_") + "_"
                for separator in ["__", "_"] where environmentName(of: key, prefix: prefix, separator: separator) == read.name {
                    votes[Convention(prefix: prefix, separator: separator), default: []].insert(read.name)
                }
            }
        }
        guard let best = votes.filter({ $0.value.count >= 2 }).max(by: { ($0.value.count, $1.key.prefix) < ($1.value.count, $0.key.prefix) })?.key
        else { return settings }
        return settings.map { read in
            guard read.source == .setting, read.name.contains("."), read.alias == nil else { return read }
            var read = read
            read.alias = environmentName(of: read.name, prefix: best.prefix, separator: best.separator)
            return read
        }
    }

    private static func compact(_ name: some StringProtocol) -> String {
        String(name.lowercased().filter { $0.isLetter || $0.isNumber })
    }

    private static func environmentName(of key: String, prefix: String, separator: String) -> String {
        prefix + key.split(separator: ".").map { $0.uppercased().replacing("-", with: "_") }.joined(separator: separator)
    }
}
