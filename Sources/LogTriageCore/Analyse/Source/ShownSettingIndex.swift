/// Configuration found by a value the log lines show. A path `/data/app/indexers/repos.db/x` ends with
/// `indexers/repos.db/x`, the default of the setting that placed the file there; an endpoint `broker:6379` or a
/// host `db` a failure could not reach is the value a deployment file gives a setting (`REDIS_URL:
/// redis://broker:6379`, `DB_HOST=db`). A service running on such a value is running on that setting, whoever
/// reads it.
struct ShownSettingIndex: Sendable {
    struct Entry: Sendable {
        /// The value's path segments, without `./`, `../`, `~/` or a `${…}/` prefix.
        var segments: [Substring]
        var read: ConfigurationRead
    }

    /// Path entries by their first segment.
    private var byFirstSegment: [Substring: [Entry]] = [:]
    /// Settings naming an endpoint (`host:port`, from a URL too), by endpoint.
    private var byEndpoint: [String: [ConfigurationRead]] = [:]
    /// Settings whose name says they hold a host and whose value is a bare host name, by host.
    private var byHost: [String: [ConfigurationRead]] = [:]

    init(_ reads: [ConfigurationRead]) {
        for read in reads {
            guard let value = read.defaultValue else { continue }
            if let segments = Self.segments(ofDefault: value) {
                byFirstSegment[segments[0], default: []].append(Entry(segments: segments, read: read))
            }
            for endpoint in IssueGrouper.Features.endpoints(in: Self.unquoted(value)) { byEndpoint[endpoint, default: []].append(read) }
            if let host = Self.host(read.name, value) { byHost[host, default: []].append(read) }
        }
    }

    private static func unquoted(_ value: String) -> String {
        var text = Substring(value)
        while let first = text.first, "\"'`".contains(first) { text = text.dropFirst() }
        while let last = text.last, "\"'`".contains(last) { text = text.dropLast() }
        return String(text)
    }

    /// A value with at least two segments, or one segment with a dot (`data/icons`, `repos.bleve`), read
    /// without quotes and leading relative or variable parts; nil for numbers, words and URLs.
    static func segments(ofDefault value: String) -> [Substring]? {
        let text = unquoted(value)
        guard !text.contains("://"), !text.contains(" ") else { return nil }
        var parts = text.split(separator: "/", omittingEmptySubsequences: true)
        while let first = parts.first, first == "." || first == ".." || first == "~" || first.hasPrefix("$") {
            parts.removeFirst()
        }
        guard let first = parts.first, parts.count >= 2 || first.contains(".") else { return nil }
        guard parts.joined(separator: "/").count >= 6 else { return nil }
        return parts
    }

    /// The host a setting named for one (`DB_HOST`, `redis.hostname`, `SMTP_SERVER`) holds as a bare name.
    static func host(_ name: String, _ value: String) -> String? {
        let key = name.uppercased()
        guard key.hasSuffix("HOST") || key.hasSuffix("HOSTNAME") || key.hasSuffix("SERVER") || key.hasSuffix("ADDR") else {
            return nil
        }
        // Host names are written in lower case; `Server`, `true` and `on` are words and flags, not hosts.
        let host = unquoted(value)
        guard host.count >= 2, host.count <= 63, host.first?.isLetter == true, host == host.lowercased(),
            !["true", "false", "yes", "no", "on", "off", "none", "null"].contains(host),
            host.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" || $0 == "." }),
            host != "localhost", !host.hasPrefix("127.")
        else { return nil }
        return host
    }

    /// Settings whose value `text` shows: an endpoint it names, a host it names as a word, or a path inside one of
    /// its paths (whole segments); the most specific first (an endpoint, then longer paths), at most `limit`.
    func reads(shownIn text: String, limit: Int = 3) -> [ConfigurationRead] {
        guard !byFirstSegment.isEmpty || !byEndpoint.isEmpty || !byHost.isEmpty else { return [] }
        var scored: [(read: ConfigurationRead, score: Int)] = []
        func add(_ read: ConfigurationRead, _ score: Int) {
            // several deployment files (one per variant) often set the same name: the first says it
            if let index = scored.firstIndex(where: { $0.read.name == read.name }) {
                scored[index].score = max(scored[index].score, score)
            } else if scored.count < 64 {
                scored.append((read, score))
            }
        }
        for endpoint in IssueGrouper.Features.endpoints(in: text).sorted() {
            for read in byEndpoint[endpoint] ?? [] { add(read, 100) }
            if let host = endpoint.split(separator: ":").first { for read in byHost[String(host)] ?? [] { add(read, 50) } }
        }
        for token in text.split(whereSeparator: { $0 == " " || $0 == "\n" || $0 == "'" || $0 == "\"" || $0 == "`" }) {
            if !byHost.isEmpty {
                let word = token.drop { !$0.isLetter }.prefix { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" || $0 == "." }
                var host = String(word)
                while host.last == "." { host.removeLast() }
                for read in byHost[host] ?? [] { add(read, 50) }
            }
            guard token.contains("/") || token.contains(".") else { continue }
            let segments = token.split(separator: "/", omittingEmptySubsequences: true)
            for start in segments.indices {
                for entry in byFirstSegment[segments[start]] ?? [] where start + entry.segments.count <= segments.count {
                    let shown = segments[start..<(start + entry.segments.count)]
                    if shown.elementsEqual(entry.segments) { add(entry.read, entry.segments.count) }
                }
            }
        }
        return scored.enumerated().sorted { ($0.element.score, -$0.offset) > ($1.element.score, -$1.offset) }
            .prefix(limit).map(\.element.read)
    }
}

extension SourceIndex {
    /// Every configuration read with a default, where it is read, and every setting the deployment files set.
    var readsWithValues: [ConfigurationRead] {
        records.flatMap { record in
            record.reads.compactMap { read in
                read.defaultValue.map {
                    ConfigurationRead(
                        name: read.name, source: read.source, defaultValue: $0, file: record.path, line: Int(read.line),
                        scope: .module)
                }
            }
        } + deploymentSettings
    }
}
