extension LogRecord {
    /// The HTTP status the record reports: a `status`-like attribute, else a status written with its reason
    /// phrase in the message (`=> 500 Internal Server Error`, `, 404 Not Found in 2ms`). A response line is often
    /// logged at INFO whatever its status; the status is what says a request failed.
    public var httpStatus: Int? {
        for attribute in attributes where HTTPStatus.attributeKeys.contains(attribute.key.lowercased()) {
            if let text = attribute.value.scalarText, let status = Int(text), (100...599).contains(status) {
                return status
            }
        }
        return HTTPStatus.inText(message)
    }
}

enum HTTPStatus {
    static let attributeKeys: Set<String> = [
        "status", "status_code", "statuscode", "http_code", "http_status", "http.status_code",
        "http.response.status_code", "response_status", "res.statuscode",
    ]

    /// The first word of each 4xx and 5xx reason phrase (RFC 9110 and the common registered ones).
    private static let reasonWords: [Int: String] = [
        400: "Bad", 401: "Unauthorized", 402: "Payment", 403: "Forbidden", 404: "Not", 405: "Method", 406: "Not",
        407: "Proxy", 408: "Request", 409: "Conflict", 410: "Gone", 411: "Length", 412: "Precondition",
        413: "Content", 414: "URI", 415: "Unsupported", 416: "Range", 417: "Expectation", 418: "I'm",
        421: "Misdirected", 422: "Unprocessable", 423: "Locked", 424: "Failed", 425: "Too", 426: "Upgrade",
        428: "Precondition", 429: "Too", 431: "Request", 451: "Unavailable", 500: "Internal", 501: "Not",
        502: "Bad", 503: "Service", 504: "Gateway", 505: "HTTP", 507: "Insufficient", 508: "Loop", 511: "Network",
    ]

    /// A 4xx or 5xx status followed by its reason phrase's first word.
    static func inText(_ text: String) -> Int? {
        var utf8 = text.utf8.makeIterator()
        var window: (UInt8, UInt8, UInt8, UInt8) = (0x20, 0x20, 0x20, 0x20)  // the last four bytes
        var index = 0
        // Cheap scan: ` [45]dd ` then check the word; most messages have no such run.
        while let byte = utf8.next() {
            index += 1
            window = (window.1, window.2, window.3, byte)
            guard byte == 0x20, window.0 == 0x34 || window.0 == 0x35, window.1.isASCIIDigit, window.2.isASCIIDigit,
                index >= 5
            else { continue }
            let start = text.utf8.index(text.utf8.startIndex, offsetBy: index - 5)
            guard text.utf8[start] == 0x20 || text.utf8[start] == UInt8(ascii: "\"") || text.utf8[start] == UInt8(ascii: "=")
                || text.utf8[start] == UInt8(ascii: ":")
            else { continue }
            let status = Int(window.0 - 0x30) * 100 + Int(window.1 - 0x30) * 10 + Int(window.2 - 0x30)
            guard let word = reasonWords[status] else { continue }
            let after = text.utf8.index(text.utf8.startIndex, offsetBy: index)
            if text.utf8[after...].starts(with: word.utf8) { return status }
        }
        return nil
    }
}
