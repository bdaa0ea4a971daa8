extension LogRecord {
    /// The HTTP status the record reports: a `status`-like attribute, else a status written with its reason
    /// phrase in the message (`=> 500 Internal Server Error`, `, 404 Not Found in 2ms`). A response line is often
    /// logged at INFO whatever its status; the status is what says a request failed.
    public var httpStatus: Int? {
        for attribute in attributes {
            if let status = HTTPStatus.status(attribute.key, attribute.value, depth: 0) { return status }
        }
        return HTTPStatus.inText(message)
    }
}

enum HTTPStatus {
    static let attributeKeys: Set<String> = [
        "status", "status_code", "statuscode", "http_code", "http_status", "http.status_code",
        "http.response.status_code", "response_status", "res.statuscode",
    ]

    /// The objects a status key's path goes through (`res`, `http`, `http.response`).
    static let nestedPrefixes: Set<String> = Set(attributeKeys.flatMap { key -> [String] in
        let parts = key.split(separator: ".")
        return (1..<max(parts.count, 1)).map { parts.prefix($0).joined(separator: ".") }
    })

    /// The status a member holds by its path: `status`, or nested as pino's `res: {statusCode}` and ECS's
    /// `http: {response: {status_code}}`.
    static func status(_ key: String, _ value: JSONValue, depth: Int) -> Int? {
        if case .object(let members) = value {
            guard depth < 2, nestedPrefixes.containsLowercased(key) else { return nil }
            for member in members {
                if let status = status(key + "." + member.key, member.value, depth: depth + 1) { return status }
            }
            return nil
        }
        guard attributeKeys.containsLowercased(key), let text = value.scalarText, let status = Int(text),
            (100...599).contains(status)
        else { return nil }
        return status
    }

    /// The reason phrases of the 4xx and 5xx statuses (RFC 9110 and the common registered ones).
    private static let reasonPhrases: [Int: String] = [
        400: "Bad Request", 401: "Unauthorized", 402: "Payment Required", 403: "Forbidden", 404: "Not Found",
        405: "Method Not Allowed", 406: "Not Acceptable", 407: "Proxy Authentication Required", 408: "Request Timeout",
        409: "Conflict", 410: "Gone", 411: "Length Required", 412: "Precondition Failed", 413: "Content Too Large",
        414: "URI Too Long", 415: "Unsupported Media Type", 416: "Range Not Satisfiable", 417: "Expectation Failed",
        418: "I'm a teapot", 421: "Misdirected Request", 422: "Unprocessable Content", 423: "Locked",
        424: "Failed Dependency", 425: "Too Early", 426: "Upgrade Required", 428: "Precondition Required",
        429: "Too Many Requests", 431: "Request Header Fields Too Large", 451: "Unavailable For Legal Reasons",
        500: "Internal Server Error", 501: "Not Implemented", 502: "Bad Gateway", 503: "Service Unavailable",
        504: "Gateway Timeout", 505: "HTTP Version Not Supported", 507: "Insufficient Storage", 508: "Loop Detected",
        511: "Network Authentication Required",
    ]

    /// Each phrase's first word: what follows the number when a message writes a status (`404 Not Found`,
    /// `413 Request Entity Too Large` by the older name).
    private static let reasonWords: [Int: String] = reasonPhrases.mapValues { String($0.prefix { $0 != " " }) }

    /// The reason phrase of a failed status: in a signature it keeps failures that differ in kind apart (a proxy's
    /// `Bad Gateway` from the application's `Internal Server Error`), where the number alone would be masked.
    static func reasonPhrase(_ status: Int) -> String? { reasonPhrases[status] }

    /// What a failed response weighs as: a 5xx an error, a 4xx a warning.
    static func level(of status: Int) -> Level? {
        status >= 500 ? .error : status >= 400 ? .warning : nil
    }

    /// A 4xx or 5xx status, after a space, quote, `=` or `:`, followed by its reason phrase's first word, or right
    /// after a quoted request (`"GET /x" 404`).
    static func inText(_ text: String) -> Int? {
        if let found = text.utf8.withContiguousStorageIfAvailable({ inText($0) }) { return found }
        var copy = text
        return copy.withUTF8 { inText($0) }
    }

    static func inText(_ bytes: UnsafeBufferPointer<UInt8>) -> Int? {
        guard bytes.count >= 6 else { return nil }
        if let status = afterRequestLine(bytes) { return status }
        // Most messages hold no `[45]dd ` run: one pass over the bytes, the reason phrase checked only on one.
        for index in 1..<(bytes.count - 4) {
            let first = bytes[index]
            guard first == UInt8(ascii: "4") || first == UInt8(ascii: "5"), bytes[index + 3] == 0x20,
                bytes[index + 1].isASCIIDigit, bytes[index + 2].isASCIIDigit
            else { continue }
            let before = bytes[index - 1]
            guard before == 0x20 || before == UInt8(ascii: "\"") || before == UInt8(ascii: "=") || before == UInt8(ascii: ":")
            else { continue }
            let status = Int(first - 0x30) * 100 + Int(bytes[index + 1] - 0x30) * 10 + Int(bytes[index + 2] - 0x30)
            // `"GET /admin/api/site/" 403 6ms`: a quoted request without its protocol, then the status
            if before == 0x20, index >= 2, bytes[index - 2] == UInt8(ascii: "\""), quotedRequest(endingAt: index - 2, in: bytes) {
                return status
            }
            // HAProxy's `0/-1/-1/-1/0 503 217`: the request's timers, then the status and the bytes sent
            if before == 0x20, index + 4 < bytes.count, bytes[index + 4].isASCIIDigit, afterTimers(endingAt: index - 2, in: bytes) {
                return status
            }
            guard let word = reasonWords[status] else { continue }
            let after = UnsafeBufferPointer(rebasing: bytes[(index + 4)...])
            if after.starts(with: word.utf8) { return status }
        }
        return nil
    }

    /// Whether the word ending at `end` is a group of timers (`0/-1/-1/-1/0`, `0/0/1/12/13`): numbers, four slashes.
    static func afterTimers(endingAt end: Int, in bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        var index = end
        var slashes = 0
        while index >= 0, bytes[index] != 0x20 {
            let byte = bytes[index]
            if byte == UInt8(ascii: "/") { slashes += 1 } else if !byte.isASCIIDigit && byte != UInt8(ascii: "-") && byte != UInt8(ascii: "+") {
                return false
            }
            index -= 1
        }
        return slashes == 4 && end - index >= 9
    }

    /// Whether the quote at `close` ends a request: an HTTP method and a path (`"POST /api/orders"`).
    static func quotedRequest(endingAt close: Int, in bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        var open = close - 1
        while open >= 0, close - open < 2048, bytes[open] != UInt8(ascii: "\"") { open -= 1 }
        guard open >= 0, bytes[open] == UInt8(ascii: "\"") else { return false }
        var index = open + 1
        while index < close, bytes[index].isASCIIUpper { index += 1 }
        guard index + 1 < close, bytes[index] == 0x20, bytes[index + 1] == UInt8(ascii: "/") else { return false }
        return methods.contains(String(decoding: UnsafeBufferPointer(rebasing: bytes[(open + 1)..<index]), as: UTF8.self))
    }

    /// The request methods of HTTP.
    static let methods: Set<String> = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "CONNECT", "TRACE"]

    /// The status after a quoted request line, as access logs write it whatever logger carries them:
    /// `"GET /health HTTP/1.1" 503 51`.
    static func afterRequestLine(_ bytes: UnsafeBufferPointer<UInt8>) -> Int? {
        let marker = Array("HTTP/".utf8)
        var index = 0
        while index + marker.count + 6 < bytes.count {
            guard bytes[index] == UInt8(ascii: "H"), UnsafeBufferPointer(rebasing: bytes[index...]).starts(with: marker) else {
                index += 1
                continue
            }
            var end = index + marker.count
            while end < bytes.count, bytes[end].isASCIIDigit || bytes[end] == UInt8(ascii: ".") { end += 1 }
            if end + 5 <= bytes.count, bytes[end] == UInt8(ascii: "\""), bytes[end + 1] == 0x20,
                bytes[end + 2] >= UInt8(ascii: "1"), bytes[end + 2] <= UInt8(ascii: "5"),
                bytes[end + 3].isASCIIDigit, bytes[end + 4].isASCIIDigit,
                end + 5 == bytes.count || !bytes[end + 5].isASCIIDigit
            {
                return Int(bytes[end + 2] - 0x30) * 100 + Int(bytes[end + 3] - 0x30) * 10 + Int(bytes[end + 4] - 0x30)
            }
            index = end
        }
        return nil
    }
}
