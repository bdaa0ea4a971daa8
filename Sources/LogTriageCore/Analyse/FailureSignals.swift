/// What an issue's own words say about where a failure lies, when no rule knows the failure.
///
/// The vocabularies are the ones every stack shares because they come from below it: the operating system's
/// error strings (`Connection refused`, `No space left on device`, `Permission denied`), HTTP reason phrases
/// (`Forbidden`, `Service Unavailable`) and the words runtimes use when a program crashes (`panic`, `null pointer`,
/// `unwrap`). Application messages are never listed. Phrases are matched at the start of a word, ignoring case,
/// in one pass over the text (this runs for every issue on every scan).
struct FailureSignals {
    /// The program stopped itself on an error it could have handled: a panic, a crash, a broken invariant.
    var crash: String?
    /// The runtime says the code used something wrongly (`Call to undefined method`, `is not a function`,
    /// `has no attribute`): a programming error, whatever the input was.
    var defect: String?
    /// A peer refused the service's credentials, or the system refused it access.
    var refusedAccess: String?
    /// A dependency could not be reached, answered with an outage, or a resource ran out.
    var unavailable: String?
    /// The message is about a setting, the environment or a configuration file.
    var setting: String?
    /// The runtime announces a future change (deprecation), which needs no action today.
    var deprecation: String?
    /// The message says the error it reports (or names) is expected: it may be ignored, it is normal.
    var excuse: String?
    /// The message says of itself that nothing failed: it may be ignored, it is normal, it advises (an insecure
    /// default, a practice not recommended), or the process was asked to stop (`SIGTERM`).
    var notice: String?

    /// A deprecation or a notice: the program itself says nothing failed.
    var isNotice: Bool { deprecation != nil || notice != nil }
    /// The HTTP status a remote answered one of the service's own requests with (`Status(403)` beside the URL it
    /// asked): the remote's refusal or failure, not the service's.
    var remoteStatus: String?
    /// The process stopped without shutting down: it was killed, or it finds on starting that it crashed before.
    var uncleanStop: String?
    /// A version requirement (`>=2.20.0`, `^4.1`, `~> 3.2`) the message says is not met: what was deployed together
    /// does not fit.
    var requirement: String?

    init() {}

    /// Failures are read in the messages, exception types and whole records (causes, tracebacks); settings and
    /// deprecations in the messages only, since file paths in a traceback (`config/…`) say nothing about the failure.
    init(message: String, exceptionTypes: [String] = [], records: [String] = []) {
        var found: [Signal: String] = [:]
        Self.scan(message, into: &found, signals: Signal.allCases)
        let failures: [Signal] = [.crash, .defect, .access, .unavailable, .stop]
        for text in exceptionTypes + records.map({ String(decoding: $0.utf8.prefix(Self.recordBytes), as: UTF8.self) }) {
            Self.scan(text, into: &found, signals: failures)
        }
        // `Connection to db:5432 refused`: the peer named between the words of the failure.
        if found[.unavailable] == nil, let named = ([message] + records).lazy.compactMap(Self.connectionToPeerFailed).first {
            found[.unavailable] = named
        }
        // `ConnectionRefusedError`, `SocketTimeoutException`: a network failure, named as a type.
        if found[.unavailable] == nil,
            let type = exceptionTypes.first(where: { name in Self.networkTypeWords.contains { name.lowercased().contains($0) } })
        {
            found[.unavailable] = type
        }
        crash = found[.crash]
        defect = found[.defect]
        refusedAccess = found[.access]
        unavailable = found[.unavailable]
        setting = found[.setting]
        deprecation = found[.deprecation]
        excuse = found[.excuse]
        uncleanStop = found[.stop]
        notice = found[.excuse] ?? found[.notice] ?? found[.advice]
        // the templates mask versions (`>=<id>`): the records show them
        requirement = Self.versionRequirement(in: message) ?? records.lazy.compactMap(Self.versionRequirement).first
        remoteStatus = ([message] + records).lazy.compactMap(Self.remoteStatus).first
    }

    /// `connection to <peer> refused` (also `timed out`, `reset`, `lost`, `closed`, `failed`, with `was`/`has been`
    /// between), as the text spells it; nil when no connection to a named peer failed.
    static func connectionToPeerFailed(_ text: String) -> String? {
        var rest = text[...]
        while let range = rest.firstRange(of: "onnection to ") {
            defer { rest = rest[range.upperBound...] }
            guard range.lowerBound > rest.startIndex, "cC".contains(rest[rest.index(before: range.lowerBound)]) else { continue }
            let after = rest[range.upperBound...]
            let peer = after.prefix { $0 != " " && $0 != "\n" }
            guard !peer.isEmpty, peer.count <= 120 else { continue }
            var tail = after.dropFirst(peer.count).drop { $0 == " " }.prefix(24).lowercased()[...]
            for filler in ["was ", "has been ", "is "] where tail.hasPrefix(filler) { tail = tail.dropFirst(filler.count) }
            for outcome in ["refused", "timed out", "reset", "lost", "closed", "failed"] where tail.hasPrefix(outcome) {
                return String(text[rest.index(before: range.lowerBound)..<range.upperBound]) + peer + " " + outcome
            }
        }
        return nil
    }

    /// Whether `message` says a process stopped without shutting down (see ``uncleanStop``), in its first line.
    static func saysUncleanStop(_ message: String) -> Bool {
        var found: [Signal: String] = [:]
        scan(String(message.prefix { $0 != "\n" }.prefix(512)), into: &found, signals: [.stop])
        return !found.isEmpty
    }

    /// Whether `message` warns although nothing failed: it announces a deprecation or advises against what the
    /// service runs with (`insecure`, `not recommended`). A NOTICE that says so is a warning in all but its level.
    static func advises(_ message: String) -> Bool {
        var found: [Signal: String] = [:]
        scan(message, into: &found, signals: [.deprecation, .advice])
        return !found.isEmpty
    }

    /// `status 503`, `Status(403)`, `status code: 404`, `returned 502` in a text that names a URL it requested
    /// (`https://…`): the first such status, 400 to 599, as `<word> <status>`.
    static func remoteStatus(in text: String) -> String? {
        let bytes = Array(text.utf8.prefix(4096))
        guard text.utf8.prefix(4096).count >= 12, text.contains("://") else { return nil }
        let words = ["status", "returned", "code"].map { Array($0.utf8) }
        func lower(_ byte: UInt8) -> UInt8 { byte >= 0x41 && byte <= 0x5A ? byte | 0x20 : byte }
        var index = 0
        while index < bytes.count {
            defer { index += 1 }
            guard index == 0 || !bytes[index - 1].isASCIILetter else { continue }
            for word in words where index + word.count < bytes.count {
                guard word.indices.allSatisfy({ lower(bytes[index + $0]) == word[$0] }) else { continue }
                // up to four bytes of punctuation or spaces, then three digits alone
                var digits = index + word.count
                var gap = 0
                while digits < bytes.count, gap < 4, bytes[digits] == 0x20 || bytes[digits] == UInt8(ascii: ":")
                    || bytes[digits] == UInt8(ascii: "(") || bytes[digits] == UInt8(ascii: "=") || bytes[digits] == 0x0A
                {
                    digits += 1
                    gap += 1
                }
                // a multi-line debug print puts the number on its own line (`Status(\n    403,`)
                while digits < bytes.count, bytes[digits] == 0x20 { digits += 1 }
                guard digits + 3 <= bytes.count, (bytes[digits] == UInt8(ascii: "4") || bytes[digits] == UInt8(ascii: "5")),
                    bytes[digits + 1].isASCIIDigit, bytes[digits + 2].isASCIIDigit,
                    digits + 3 == bytes.count || !bytes[digits + 3].isASCIIDigit
                else { continue }
                return String(decoding: bytes[index..<(index + word.count)] + [0x20] + bytes[digits..<(digits + 3)], as: UTF8.self)
            }
        }
        return nil
    }

    /// The phrases that say a login was refused (a requester's credentials, not the service's own).
    static let loginPhrases: Set<String> = [
        "login failed", "login error", "invalid credentials", "invalid password", "invalid username",
        "password is incorrect", "incorrect password", "wrong password", "bad credentials", "invalid login",
    ]

    /// The first comparator written against a dotted version (`>=2.20.0`, `< 3.0`, `^4.1`, `~> 3.2`) in `text`.
    static func versionRequirement(in text: String) -> String? {
        let bytes = Array(text.utf8.prefix(4096))
        var index = 0
        while index < bytes.count {
            let start = index
            var end = index
            if bytes[end] == UInt8(ascii: ">") || bytes[end] == UInt8(ascii: "<") || bytes[end] == UInt8(ascii: "^")
                || (bytes[end] == UInt8(ascii: "~") && end + 1 < bytes.count && bytes[end + 1] == UInt8(ascii: ">"))
            {
                end += 1
                while end < bytes.count, bytes[end] == UInt8(ascii: "=") || bytes[end] == UInt8(ascii: ">") { end += 1 }
                while end < bytes.count, bytes[end] == 0x20, end - start < 4 { end += 1 }
                // a version: digits, a dot, digits (`2.20`, `2.20.0`)
                var digits = end
                while digits < bytes.count, bytes[digits].isASCIIDigit { digits += 1 }
                if digits > end, digits + 1 < bytes.count, bytes[digits] == UInt8(ascii: "."), bytes[digits + 1].isASCIIDigit {
                    var close = digits + 1
                    while close < bytes.count, bytes[close].isASCIIDigit || bytes[close] == UInt8(ascii: ".") { close += 1 }
                    return String(decoding: bytes[start..<close], as: UTF8.self)
                }
            }
            index += 1
        }
        return nil
    }

    /// The kind of failure the words name, coarse enough that two wordings of one failure agree (`i/o timeout`,
    /// `context deadline exceeded`) and fine enough that two failures of one statement differ (a host that cannot
    /// be reached, a disk that is full).
    enum CauseClass: Sendable, Hashable { case crash, access, network, resource }

    var causeClass: CauseClass? {
        if crash != nil { return .crash }
        if refusedAccess != nil { return .access }
        guard let unavailable else { return nil }
        return Self.resourcePhrases.contains(unavailable.lowercased()) ? .resource : .network
    }

    /// The unavailable phrases that name a resource running out rather than a peer out of reach.
    static let resourcePhrases: Set<String> = [
        "no space left", "disk full", "disk is full", "storagefull", "storage full", "enospc", "out of memory",
        "cannot allocate memory", "too many open files",
    ]

    /// A sample beyond this many bytes is a long trace: its head says what failed.
    static let recordBytes = 4096

    enum Signal: CaseIterable { case crash, defect, access, unavailable, setting, deprecation, excuse, notice, advice, stop }

    /// A phrase, and whether it must end a word too (`config` is not `configure`).
    struct Phrase {
        var bytes: [UInt8]
        var signal: Signal
        var wholeWord: Bool
        /// Found inside a word as well (`PendingDeprecationWarning`).
        var anywhere = false
    }

    static let settingVerb = Array("setting".utf8)
    static let connectionTo = Array("connection to ".utf8)
    static let connectionAuxiliaries = ["was ", "has been "].map { Array($0.utf8) }
    static let connectionStates = ["refused", "reset", "closed", "aborted", "lost", "timed out"].map { Array($0.utf8) }

    static let networkTypeWords = ["connection", "timeout", "socket", "network"]

    static let phrases: [Phrase] = {
        var list: [Phrase] = []
        func add(_ signal: Signal, _ texts: [String], wholeWord: Bool = false, anywhere: Bool = false) {
            for text in texts {
                list.append(Phrase(bytes: Array(text.lowercased().utf8), signal: signal, wholeWord: wholeWord, anywhere: anywhere))
            }
        }
        add(.crash, [
            "panic", "panicked", "segmentation fault", "sigsegv", "sigabrt", "nil pointer", "null pointer", "unwrap()",
            "expect() on", "assertion failed", "assertion error", "index out of range", "index out of bounds",
            "stack overflow", "unreachable code", "entered unreachable",
        ])
        // What runtimes say when code uses a value wrongly (PHP, JavaScript, Python, Ruby, Java, .NET).
        add(.defect, [
            "call to undefined", "call to a member function", "undefined method", "undefined local variable",
            "undefined variable", "undefined array key", "undefined index", "undefined offset", "undefined property",
            "is not a function", "cannot read properties of", "cannot read property", "has no attribute",
            "object is not callable", "object is not subscriptable", "object is not iterable", "unsupported operand type",
            "referenced before assignment", "cannot be cast to", "object reference not set to an instance",
        ])
        add(.access, [
            "authentication failed", "authentication failure", "authentication error", "authentication rejected",
            "login failed", "login error", "auth failed", "auth error", "authorization failed", "authorization error",
            "not accepted", "invalid credentials", "invalid password", "invalid username", "invalid api key",
            "invalid api-key", "invalid apikey", "invalid token", "invalid client", "unauthorized", "unauthorised",
            "forbidden", "access denied", "permission denied", "eacces", "eperm", "not permitted", "certificate",
            "x509", "handshake failed", "handshake failure", "password is incorrect", "incorrect password",
            "wrong password", "bad credentials", "invalid login",
        ])
        add(.unavailable, [
            "connection refused", "connection reset", "connection closed", "connection aborted", "connection lost",
            "connection timed out", "connection was refused", "connection was reset", "connection was closed",
            "connection has been closed", "econnrefused", "econnreset", "econnaborted", "etimedout", "ehostunreach",
            "enetunreach", "epipe", "eai_again", "enotfound", "timed out", "timeout", "time out", "deadline exceeded",
            "host unreachable", "host is unreachable", "network unreachable", "network is unreachable",
            "no route to host", "name or service not known", "no such host", "could not resolve", "name resolution",
            "getaddrinfo", "broken pipe", "unexpected eof", "end of file", "server closed", "server has closed",
            "peer closed", "remote host closed", "upstream prematurely closed", "prematurely closed",
            "server terminated", "hung up", "failed to connect", "fails to connect", "failure to connect",
            "failed connecting", "unable to connect", "could not connect", "cannot connect", "can't connect",
            "error connecting", "failed to reach", "unable to reach", "could not reach", "cannot reach",
            "no space left", "disk full", "disk is full", "storagefull", "storage full", "enospc", "out of memory",
            "cannot allocate memory", "too many open files", "service unavailable", "bad gateway", "gateway timeout",
            "no server available", "no servers available", "no healthy upstream",
            "gateway time-out", "server unavailable", "service is unavailable", "server is unavailable",
            "server is down", "service is down", "shutting down", "starting up", "not responding",
        ])
        add(.setting, ["settings", "setting", "config", "configuration", "configured", "environment", "env file", ".env"], wholeWord: true)
        add(.deprecation, ["deprecat"], anywhere: true)
        // A removal or a new default announced for a later release (`in a future release`, `in v2.0`), whatever the
        // release is called.
        add(.deprecation, ["will be removed in ", "will default to ", "no longer supported", "no longer be supported"])
        add(.excuse, ["safely ignore", "can be ignored", "may be ignored", "this is normal", "this is expected"])
        add(.notice, ["received sigterm", "received sigint"])
        // The program tells the reader what to change: it went on, and says how to make the warning go away.
        add(.advice, [
            "insecure", "not recommended", "is recommended", "we recommend", "to fix this", "you may want to",
            "you might want to",
        ])
        // A process that did not shut down: killed (SIGKILL is exit status 137), or found so when it starts again.
        add(.stop, [
            "crash recovery", "recovering after a crash", "recovery after a crash", "not properly shut down",
            "not shut down cleanly", "unclean shutdown", "was interrupted; last known up", "exited with code 137",
            "exit code 137", "exit status 137", "oomkilled", "signal: killed", "out of memory: killed process",
            "status=9/kill", "result 'oom-kill'",
        ])
        return list
    }()

    /// Phrases by their first byte.
    static let phrasesByFirstByte: [[Int]] = {
        var table = [[Int]](repeating: [], count: 256)
        for (index, phrase) in phrases.enumerated() { table[Int(phrase.bytes[0])].append(index) }
        return table
    }()

    /// The first phrase of each wanted signal found in `text`, as the text spells it.
    static func scan(_ text: String, into found: inout [Signal: String], signals: [Signal]) {
        let wanted = signals.filter { found[$0] == nil }
        guard !wanted.isEmpty else { return }
        let bytes = Array(text.utf8)
        func lower(_ byte: UInt8) -> UInt8 { byte >= 0x41 && byte <= 0x5A ? byte | 0x20 : byte }
        func isWordByte(_ byte: UInt8) -> Bool { byte.isASCIILetter || byte.isASCIIDigit || byte == UInt8(ascii: "_") }
        // `login_failed`, an identifier's words joined by underscores, says what `login failed` says
        func matches(_ literal: [UInt8], at start: Int) -> Bool {
            guard start + literal.count <= bytes.count else { return false }
            for offset in literal.indices where lower(bytes[start + offset]) != literal[offset] {
                guard literal[offset] == 0x20, bytes[start + offset] == UInt8(ascii: "_") else { return false }
            }
            return true
        }
        for start in bytes.indices {
            let wordStart = start == 0 || !isWordByte(bytes[start - 1])
            // `Connection to db:5432 refused`: the peer's name between the words.
            if wordStart, found[.unavailable] == nil, wanted.contains(.unavailable), matches(connectionTo, at: start) {
                var end = start + connectionTo.count
                while end < bytes.count, bytes[end] != 0x20 { end += 1 }
                end += 1
                for auxiliary in connectionAuxiliaries where matches(auxiliary, at: end) { end += auxiliary.count }
                for state in connectionStates where matches(state, at: end) {
                    found[.unavailable] = String(decoding: bytes[start..<(end + state.count)], as: UTF8.self)
                    break
                }
            }
            for index in phrasesByFirstByte[Int(lower(bytes[start]))] {
                let phrase = phrases[index]
                guard wordStart || phrase.anywhere, wanted.contains(phrase.signal), found[phrase.signal] == nil,
                    start + phrase.bytes.count <= bytes.count
                else { continue }
                let end = start + phrase.bytes.count
                guard matches(phrase.bytes, at: start), !phrase.wholeWord || end == bytes.count || !isWordByte(bytes[end]) else { continue }
                // A message opening with `Setting …` narrates; the noun is what complains.
                if phrase.bytes == Self.settingVerb, start == 0 || bytes[start - 1] == 0x0A { continue }
                found[phrase.signal] = String(decoding: bytes[start..<end], as: UTF8.self)
            }
        }
    }
}
