/// Gathers what rules match against and fill their texts with: an issue's messages, loggers, exceptions,
/// HTTP statuses, code files and the values it was seen with.
enum IssueFactsBuilder {
    static func facts(
        _ issue: TrackerIssue, signatureFacts: [String: SignatureFacts], code: [CodeMatch], configuration: [ConfigurationRead],
        named: [ConfigurationRead]
    ) -> IssueFacts {
        var exceptionTypes: [String] = []
        var roots: [String] = []
        for signature in issue.signatures {
            let chain = signatureFacts[signature.id]?.exceptionTypes ?? []
            for type in chain where !exceptionTypes.contains(type) { exceptionTypes.append(type) }
            if let root = chain.last, !roots.contains(root) { roots.append(root) }
        }
        var values: [String: [String]] = [:]
        func add(_ name: String, _ value: String) {
            guard !value.isEmpty, !(values[name]?.contains(value) ?? false) else { return }
            values[name, default: []].append(value)
        }
        for symptom in issue.symptoms {
            for value in symptom.values { add(symptom.name, value.value) }
        }
        var statuses = Set(values["status"]?.compactMap { Int($0) } ?? [])
        for text in issue.signatures.map(\.template) + issue.samples {
            statuses.formUnion(httpStatuses(in: text))
            for host in hosts(in: text) { add("host", host) }
        }
        for status in statuses.sorted() { add("status", String(status)) }
        // The names the messages mention speak for the issue; the others only when none is mentioned.
        for read in named.isEmpty ? configuration : named { add(read.source == .environment ? "env" : "setting", read.name) }
        for type in exceptionTypes { add("exception", type) }
        for logger in issue.signatures.compactMap(\.logger) { add("logger", logger) }
        for match in code {
            add("file", match.file)
            if let function = match.function { add("function", function) }
        }
        var facts = IssueFacts(
            templates: issue.signatures.map(\.template), samples: issue.samples,
            loggers: values["logger"] ?? [], exceptionTypes: exceptionTypes, statuses: statuses.sorted(),
            level: issue.signatures.compactMap(\.level).max(), codeFiles: values["file"] ?? [], values: values)
        facts.rootExceptionTypes = roots
        return facts
    }

    /// Statuses in access-log form (`"GET /x HTTP/1.1" 401`) or named (`status=503`, `status code 404`, `HTTP 429`).
    static func httpStatuses(in text: String) -> [Int] {
        var result: [Int] = []
        let words = text.split(whereSeparator: { $0 == " " || $0 == "," || $0 == "(" || $0 == ")" || $0 == "[" || $0 == "]" })
        for (index, word) in words.enumerated() {
            var token = word
            var named = false
            for key in ["status=", "status_code=", "status:", "code="] where token.lowercased().hasPrefix(key) {
                token = token.dropFirst(key.count)
                named = true
            }
            guard token.count == 3, let value = Int(token), (100...599).contains(value) else { continue }
            let previous = index > 0 ? words[index - 1].lowercased() : ""
            // `429 Too Many Requests`: a status followed by its registered reason phrase says what it is anywhere
            let phrase = HTTPStatus.reasonPhrase(value).map { $0.split(separator: " ") }
            let followedByPhrase = phrase.map { words.dropFirst(index + 1).prefix($0.count).elementsEqual($0) } ?? false
            if named || followedByPhrase || previous.hasSuffix("\"") || previous.hasPrefix("http/")
                || ["http", "status", "code", "returned", "error"].contains(previous)
            {
                result.append(value)
            }
        }
        return result
    }

    /// Hosts of the URLs in `text`: `https://api-inference.huggingface.co/models/x` → `api-inference.huggingface.co`.
    static func hosts(in text: String) -> [String] {
        var result: [String] = []
        var rest = text[...]
        while let range = rest.firstRange(of: "://") {
            let after = rest[range.upperBound...]
            let host = after.prefix { $0.isLetter || $0.isNumber || $0 == "." || $0 == "-" || $0 == ":" }
            let name = host.split(separator: ":").first.map(String.init) ?? ""
            if name.contains("."), !result.contains(name) { result.append(name) }
            rest = after
        }
        return result
    }
}
