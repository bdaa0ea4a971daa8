extension LogRecord {
    /// The text a record's signature is mined from: its message, and the cause a structured logger put in a field
    /// beside it (`error`, `err`, `reason`, `cause`…). Many loggers keep the message constant ("request failed") and
    /// the cause in the field, so one message with two causes is two signatures, and two messages with one cause
    /// share its words.
    public var signatureText: String {
        if let cause = causeAttribute {
            return message.contains(cause.value) ? message : message + Self.causeSeparator + cause.key + ": " + cause.value
        }
        // A response's status class: a request that failed on the server and one the client got wrong are two
        // problems, whatever the miner makes of the number.
        if let status = httpStatus, status >= 400 {
            let outcome = status >= 500 ? Self.serverErrorSuffix : Self.clientErrorSuffix
            // the phrase once: `=> 502 Bad Gateway` already says it
            guard let phrase = HTTPStatus.reasonPhrase(status), !message.contains(phrase) else { return message + outcome }
            return message + outcome + ": " + phrase
        }
        guard let root = exception else {
            // An audit logger's constant message (`Created Event`) whose event type says what failed (`login_failed`):
            // the type alone after it, so that it reads as one more word of the message, not as a field.
            guard let outcome = failedOutcome, !message.contains(outcome.value) else { return message }
            return message + Self.causeSeparator + outcome.value
        }
        // A cause field the format read into the exception (a JSON `error` string, with no trace of its own or with
        // a `stacktrace` field beside it: a type named only by its field, `error`, names no exception).
        if root.cause == nil, root.frames.isEmpty || !root.type.contains(where: { $0.isUppercase || $0 == "." }), !root.message.isEmpty {
            guard let cause = Self.causeLine(root.message), !message.contains(cause) else { return message }
            return message + Self.causeSeparator + (root.type.isEmpty ? "error" : root.type) + ": " + cause
        }
        // A record below WARNING is a problem only by the trace it carries (an audit event that recorded an
        // exception): that exception's type is its cause, so one such message over two exceptions is two signatures.
        guard let level, level < .warning else { return message }
        let short = ExceptionInfo.shortName(of: root.type)
        guard short.count >= 3, !message.contains(short) else { return message }
        return message + Self.causeSeparator + "exception: " + root.type
    }

    /// Whether this is an access line that reports a failed response (`status`, its ``httpStatus``) and nothing
    /// else: no cause beside it, logged below WARNING (as access logs are); the application's own error that
    /// carries a status is not one.
    func reportsFailedResponse(status: Int?) -> Bool {
        if let level, level >= .warning { return false }
        guard exception == nil, let status, status >= 400 else { return false }
        return causeAttribute == nil
    }

    /// `server error` or `client error` when a signature ends with a failed response's status class (and phrase).
    public static func responseClass(ofSignature text: String) -> String? {
        guard let separator = text.ranges(of: causeSeparator).last else { return nil }
        let outcome = text[separator.lowerBound...]
        for suffix in [serverErrorSuffix, clientErrorSuffix] where outcome == suffix || outcome.hasPrefix(suffix + ": ") {
            return String(suffix.dropFirst(causeSeparator.count))
        }
        return nil
    }

    /// A signature without its status class (`GET <path> HTTP/1.1 <num> — client error: Not Found` → `GET <path>
    /// HTTP/1.1 <num>`); other signatures as they are.
    static func withoutResponseClass(_ signature: String) -> Substring {
        guard responseClass(ofSignature: signature) != nil, let separator = signature.ranges(of: causeSeparator).last
        else { return signature[...] }
        return signature[..<separator.lowerBound]
    }

    /// Words of two letters or more a message's head writes itself, placeholders (`<num>`) left out: whether a
    /// context before a `: ` says enough to tell one statement from another.
    static func ownWordCount(_ head: Substring) -> Int {
        var count = 0
        var word = 0
        var inPlaceholder = false
        for character in head {
            if inPlaceholder {
                if character == ">" { inPlaceholder = false }
                continue
            }
            if character == "<" {
                inPlaceholder = true
            } else if character.isLetter {
                word += 1
                continue
            }
            if word >= 2 { count += 1 }
            word = 0
        }
        return word >= 2 ? count + 1 : count
    }

    /// Between the message and its cause in a signature.
    public static let causeSeparator = " — "
    /// What a failed response without a cause of its own is signed with.
    static let serverErrorSuffix = causeSeparator + serverErrorClass
    /// What ``responseClass(ofSignature:)`` says of a 5xx.
    static let serverErrorClass = "server error"
    static let clientErrorSuffix = causeSeparator + clientErrorClass
    /// What ``responseClass(ofSignature:)`` says of a 4xx.
    static let clientErrorClass = "client error"

    /// The first attribute that names the failure's cause, with its text's first line (at most 300 bytes).
    public var causeAttribute: (key: String, value: String)? {
        for attribute in attributes {
            guard Self.causeKeys.containsLowercased(attribute.key) else { continue }
            let text: String?
            switch attribute.value {
            case .object:
                text = (attribute.value["message"] ?? attribute.value["msg"] ?? attribute.value["error"])?.scalarText
            default:
                text = attribute.value.scalarText
            }
            guard let value = text.flatMap(Self.causeLine), value != "null", value != "<nil>" else { continue }
            return (attribute.key, value)
        }
        // A status told in words (`"status": "subscription was cancelled by the store"`) is the outcome's cause.
        for attribute in attributes where attribute.key.lowercased() == "status" {
            guard case .string(let text) = attribute.value, Int(text) == nil, text.contains(" "),
                let value = Self.causeLine(text)
            else { continue }
            return (attribute.key, value)
        }
        return nil
    }

    /// The event type or outcome field of a record that names a failure (`"action": "login_failed"`, ECS's
    /// `"event.outcome": "failure"`): an audit event that reports one, whatever level it was logged at.
    public var failedOutcome: (key: String, value: String)? {
        for attribute in attributes where Self.outcomeKeys.containsLowercased(attribute.key) {
            guard case .string(let value) = attribute.value, value.utf8.count <= 64, !value.contains(" ") else { continue }
            var copy = value
            if copy.withUTF8({ FailureStatement.inText($0) }) { return (attribute.key, value) }
        }
        return nil
    }

    /// Fields an event's type or outcome goes in (audit logs, ECS).
    static let outcomeKeys: Set<String> = ["action", "event.action", "event_type", "eventtype", "event.outcome", "outcome", "result"]

    /// A cause's first line, at most 300 characters; nil when empty.
    private static func causeLine(_ text: String) -> String? {
        guard let line = text.split(separator: "\n", maxSplits: 1).first, !line.isEmpty else { return nil }
        return String(line.prefix(300))
    }

    /// Field names structured loggers give a failure's cause (slog, zap, zerolog, logrus, pino, winston, bunyan,
    /// Serilog, mlog, structlog), and the detail lines a text logger printed under an error.
    static let causeKeys: Set<String> = [
        "error", "err", "error_message", "errormessage", "error.message", "err.message", "reason", "cause",
        "exception", "exc", "failure", "details",
    ]
}
