/// Configuration whose default is a path, found by the path a log line shows: `/data/app/indexers/repos.db/x`
/// ends with `indexers/repos.db/x`, the default of the setting that placed the file there. A service running on
/// a default is running on that setting, whoever reads it.
struct DefaultPathIndex: Sendable {
    struct Entry: Sendable {
        /// The default's path segments, without `./`, `../`, `~/` or a `${…}/` prefix.
        var segments: [Substring]
        var read: ConfigurationRead
    }

    /// Entries by their first segment.
    private var byFirstSegment: [Substring: [Entry]] = [:]

    init(_ reads: [ConfigurationRead]) {
        for read in reads {
            guard let value = read.defaultValue, let segments = Self.segments(ofDefault: value) else { continue }
            byFirstSegment[segments[0], default: []].append(Entry(segments: segments, read: read))
        }
    }

    /// A default with at least two segments, or one segment with a dot (`data/icons`, `repos.bleve`), read
    /// without quotes and leading relative or variable parts; nil for numbers, words and URLs.
    static func segments(ofDefault value: String) -> [Substring]? {
        var text = Substring(value)
        while let first = text.first, "\"'`".contains(first) { text = text.dropFirst() }
        while let last = text.last, "\"'`".contains(last) { text = text.dropLast() }
        guard !text.contains("://"), !text.contains(" ") else { return nil }
        var parts = text.split(separator: "/", omittingEmptySubsequences: true)
        while let first = parts.first, first == "." || first == ".." || first == "~" || first.hasPrefix("$") {
            parts.removeFirst()
        }
        guard let first = parts.first, parts.count >= 2 || first.contains(".") else { return nil }
        guard parts.joined(separator: "/").count >= 6 else { return nil }
        return parts
    }

    /// Reads whose default path appears, whole segments, inside a path of `text`.
    func reads(shownIn text: String, limit: Int = 3) -> [ConfigurationRead] {
        guard !byFirstSegment.isEmpty else { return [] }
        var found: [ConfigurationRead] = []
        for token in text.split(whereSeparator: { $0 == " " || $0 == "\n" || $0 == "'" || $0 == "\"" || $0 == "`" }) {
            guard token.contains("/") || token.contains(".") else { continue }
            let segments = token.split(separator: "/", omittingEmptySubsequences: true)
            for start in segments.indices {
                for entry in byFirstSegment[segments[start]] ?? [] where start + entry.segments.count <= segments.count {
                    let shown = segments[start..<(start + entry.segments.count)]
                    guard shown.elementsEqual(entry.segments), !found.contains(entry.read) else { continue }
                    found.append(entry.read)
                    if found.count >= limit { return found }
                }
            }
        }
        return found
    }
}

extension SourceIndex {
    /// Every configuration read with a default, where it is read.
    var readsWithDefaults: [ConfigurationRead] {
        records.flatMap { record in
            record.reads.compactMap { read in
                read.defaultValue.map {
                    ConfigurationRead(
                        name: read.name, source: read.source, defaultValue: $0, file: record.path, line: Int(read.line),
                        scope: .module)
                }
            }
        }
    }
}
