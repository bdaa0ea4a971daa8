extension LogRecord {
    /// The HTTP status the record reports: a `status`-like attribute, else a status written with its reason
    /// phrase in the message (`=> 500 Internal Server Error`, `, 404 Not Found in 2ms`). A response line is often
    /// logged at INFO whatever its status; the status is what says a request failed.
    public var httpStatus: Int? {
        for attribute in attributes where HTTPStatus.attributeKeys.containsLowercased(attribute.key) {
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

    /// The reason phrase of the failed statuses logs show most (RFC 9110, and 429): in a signature it keeps
    /// failures that differ in kind apart (a proxy's `Bad Gateway` from the application's `Internal Server Error`),
    /// where the number alone would be masked.
    static func reasonPhrase(_ status: Int) -> String? {
        switch status {
        case 400: "Bad Request"
        case 401: "Unauthorized"
        case 403: "Forbidden"
        case 404: "Not Found"
        case 405: "Method Not Allowed"
        case 408: "Request Timeout"
        case 409: "Conflict"
        case 410: "Gone"
        case 413: "Content Too Large"
        case 422: "Unprocessable Content"
        case 429: "Too Many Requests"
        case 500: "Internal Server Error"
        case 501: "Not Implemented"
        case 502: "Bad Gateway"
        case 503: "Service Unavailable"
        case 504: "Gateway Timeout"
        default: nil
        }
    }

    /// A 4xx or 5xx status, after a space, quote, `=` or `:`, followed by its reason phrase's first word.
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
            guard let word = reasonWords[status] else { continue }
            let after = UnsafeBufferPointer(rebasing: bytes[(index + 4)...])
            if after.starts(with: word.utf8) { return status }
        }
        return nil
    }

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
