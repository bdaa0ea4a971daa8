/// Who and what a problem touched, named the way an engineer writes it down: endpoints, users, models,
/// statuses. Values come from record attributes (`path`, `user_id`…) and from template parameters whose
/// neighbouring text names them (`for user <*>`, `(user=<*>)`, `GET <path>`).
enum SymptomExtraction {
    static let maxValues = 10

    private static let names: [String: String] = {
        var map: [String: String] = [:]
        for key in ["path", "endpoint", "route", "url", "uri", "request_path", "request_uri", "http.target", "http.route", "url.path", "http.url", "http_path"] {
            map[key] = "endpoint"
        }
        for key in ["user", "user_id", "userid", "uid", "username", "user.id", "enduser.id", "customer", "customer_id", "account_id", "account"] {
            map[key] = "user"
        }
        for key in ["model", "model_id", "model_name", "llm_model"] { map[key] = "model" }
        for key in ["status", "status_code", "http.status_code", "http_status", "response_status"] { map[key] = "status" }
        for key in ["provider"] { map[key] = "provider" }
        for key in ["tenant", "tenant_id", "org", "org_id", "organization_id"] { map[key] = "tenant" }
        for key in ["client", "client_ip", "clientip", "remote_addr", "remote_ip", "ip", "ip_addr", "source_ip", "client.address"] {
            map[key] = "client"
        }
        return map
    }()

    private static let methods: Set<String> = ["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"]

    /// The symptom an attribute or a parameter's key names, if any.
    static func attributeName(_ key: String) -> String? {
        names[key.lowercased()]
    }

    /// Endpoints lose their query string and per-entity segments (`/api/orders/1842` → `/api/orders/{id}`),
    /// so one endpoint reads as one value whoever called it.
    static func normalise(_ value: String, name: String) -> String {
        guard name == "endpoint" else { return value }
        var path = Substring(value)
        if let scheme = path.firstRange(of: "://") {
            path = path[scheme.upperBound...]
            path = path.firstIndex(of: "/").map { path[$0...] } ?? "/"
        }
        if let query = path.firstIndex(where: { $0 == "?" || $0 == "#" }) { path = path[..<query] }
        let segments = path.split(separator: "/", omittingEmptySubsequences: false).map { segment -> Substring in
            isIdentifier(segment) ? "{id}" : segment
        }
        return segments.joined(separator: "/")
    }

    /// A path segment that names one entity: a number, a UUID, a long hex string, or a word with digits
    /// mixed in (`user_2abcDEF91`, `ord-77a1`).
    static func isIdentifier(_ segment: Substring) -> Bool {
        guard !segment.isEmpty else { return false }
        let digits = segment.utf8.filter { $0 >= 48 && $0 <= 57 }.count
        if digits == segment.utf8.count { return true }
        let kind = Array(segment.utf8).withUnsafeBufferPointer { TypedMasker.kind(of: $0) }
        if kind == .uuid || kind == .hex { return true }
        return digits >= 2 && segment.utf8.count >= 6
    }

    static func symptoms(of template: ProblemTemplate) -> [Symptom] {
        var counts: [String: [String: Int]] = [:]
        var distinct: [String: Int] = [:]
        for (name, summary) in template.stats.attributeValues {
            for entry in summary.top { counts[name, default: [:]][entry.value, default: 0] += entry.count }
            distinct[name] = max(distinct[name] ?? 0, summary.distinct)
        }
        let tokens = template.text.split(separator: " ", omittingEmptySubsequences: false)
        for parameter in template.parameters {
            guard let name = name(of: parameter, tokens: tokens) else { continue }
            for entry in parameter.top {
                counts[name, default: [:]][normalise(entry.value, name: name), default: 0] += entry.count
            }
            distinct[name] = max(distinct[name] ?? 0, parameter.distinct)
        }
        return counts.keys.sorted().map { name in
            let values = counts[name, default: [:]].map { Symptom.Value($0.key, count: $0.value) }
                .sorted { ($0.count ?? 0) != ($1.count ?? 0) ? ($0.count ?? 0) > ($1.count ?? 0) : $0.value < $1.value }
            return Symptom(name: name, values: Array(values.prefix(maxValues)), distinct: distinct[name])
        }
    }

    private static func name(of parameter: MinedTemplate.Parameter, tokens: [Substring]) -> String? {
        // `user=<*>`, `(model:<*>)`: the key inside the token
        if parameter.position < tokens.count {
            let token = tokens[parameter.position]
            if let open = token.firstIndex(of: "<"), open > token.startIndex {
                let before = token[..<open]
                if let last = before.last, last == "=" || last == ":" {
                    let key = before.dropLast().reversed().prefix { $0.isLetter || $0.isNumber || $0 == "_" || $0 == "." }.reversed()
                    if let name = attributeName(String(key)) { return name }
                }
            }
        }
        if parameter.position > 0, parameter.position - 1 < tokens.count {
            let previous = tokens[parameter.position - 1]
            if methods.contains(String(previous)) { return "endpoint" }
            let word = previous.trimmingSuffix { $0 == ":" || $0 == "=" || $0 == "," }.drop { $0 == "[" || $0 == "(" }
            if let name = attributeName(String(word)) { return name }
        }
        switch parameter.name {
        case "<path>": return parameter.top.first.map { $0.value.hasPrefix("/") } == true ? "endpoint" : nil
        case "<url>": return "endpoint"
        case "<email>": return "user"
        default: return nil
        }
    }
}

extension Substring {
    fileprivate func trimmingSuffix(while predicate: (Character) -> Bool) -> Substring {
        var end = endIndex
        while end > startIndex, predicate(self[index(before: end)]) { end = index(before: end) }
        return self[startIndex..<end]
    }
}
