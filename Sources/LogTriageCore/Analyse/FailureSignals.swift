/// What an issue's own words say about where a failure lies, when no rule knows the failure.
///
/// The vocabularies are the ones every stack shares because they come from below it: the operating system's
/// error strings (`Connection refused`, `No space left on device`, `Permission denied`), HTTP reason phrases
/// (`Forbidden`, `Service Unavailable`) and the words runtimes use when a program crashes (`panic`, `null pointer`,
/// `unwrap`). Application messages are never listed.
struct FailureSignals {
    /// The program stopped itself on an error it could have handled: a panic, a crash, a broken invariant.
    var crash: String?
    /// A peer refused the service's credentials, or the system refused it access.
    var refusedAccess: String?
    /// A dependency could not be reached, answered with an outage, or a resource ran out.
    var unavailable: String?
    /// The message is about a setting, the environment or a configuration file.
    var setting: String?
    /// The runtime announces a future change (deprecation), which needs no action today.
    var deprecation: String?

    init() {}

    /// Failures are read in the messages and whole records (causes, tracebacks); settings and deprecations in the
    /// messages only, since file paths in a traceback (`config/…`) say nothing about the failure.
    init(message: String, records: String = "", vocabulary: Vocabulary) {
        let text = records.isEmpty ? message : message + "\n" + records
        crash = Self.first(vocabulary.crash, in: text)
        refusedAccess = Self.first(vocabulary.access, in: text)
        unavailable = Self.first(vocabulary.unavailable, in: text)
        setting = Self.first(vocabulary.setting, in: message)
        deprecation = Self.first(vocabulary.deprecation, in: message)
    }

    /// The patterns, compiled once per analysis: a compiled `Regex` is not shared between threads.
    struct Vocabulary {
        let crash = FailureSignals.compile(FailureSignals.crashPatterns)
        let access = FailureSignals.compile(FailureSignals.accessPatterns)
        let unavailable = FailureSignals.compile(FailureSignals.unavailablePatterns)
        let setting = FailureSignals.compile(FailureSignals.settingPatterns)
        let deprecation = FailureSignals.compile(FailureSignals.deprecationPatterns)
    }

    static func first(_ patterns: [Regex<AnyRegexOutput>], in text: String) -> String? {
        for pattern in patterns {
            if let match = try? pattern.firstMatch(in: text) { return String(text[match.range].prefix(80)) }
        }
        return nil
    }

    static func compile(_ sources: [String]) -> [Regex<AnyRegexOutput>] {
        sources.compactMap { try? Regex($0).ignoresCase().wordBoundaryKind(.simple) }
    }

    static let crashPatterns = [
        #"\bpanic(ked)?\b"#, #"\bsegmentation fault\b|\bSIGSEGV\b|\bSIGABRT\b"#, #"\b(nil|null) pointer"#,
        #"\bunwrap\(\)|\bexpect\(\) on"#, #"assertion (failed|error)"#, #"index out of (range|bounds)"#,
        #"\bstack overflow\b"#, #"\bunreachable code\b|\binternal error: entered unreachable"#,
    ]

    static let accessPatterns = [
        #"authenticat\w* (failed|failure|error|rejected)"#, #"\b(login|auth\w*) (failed|error)\b"#,
        #"\bnot accepted\b"#, #"\binvalid (credentials|password|username|api[ _-]?key|token|client)"#,
        #"\bunauthori[sz]ed\b"#, #"\bforbidden\b"#, #"\baccess denied\b|\bpermission denied\b|\bEACCES\b|\bEPERM\b"#,
        #"\bnot permitted\b"#, #"\bcertificate\b|\bx509\b|\bhandshake fail"#,
    ]

    static let unavailablePatterns = [
        #"connection( to [\w.:/\-]+)? (was |has been )?(refused|reset|closed|aborted|lost|timed out)"#,
        #"\b\w*(Connection|Timeout|Socket|Network)\w*(Error|Exception)\b"#,
        #"\bE(CONNREFUSED|CONNRESET|CONNABORTED|TIMEDOUT|HOSTUNREACH|NETUNREACH|PIPE|AI_AGAIN|NOTFOUND)\b"#,
        #"\btimed? ?out\b|\btimeout\b|deadline exceeded"#, #"(host|network) (is )?unreachable|no route to host"#,
        #"name or service not known|no such host|could not resolve|name resolution|getaddrinfo"#,
        #"\bbroken pipe\b|unexpected EOF|\bend of file\b"#,
        #"(server|peer|remote( host)?|upstream) (has )?(closed|prematurely closed|terminated|hung up)"#,
        #"(fail\w*|unable|could not|cannot|can't|error) (to )?(connect|connecting|reach)"#,
        #"no space left|disk (is )?full|\bstorage ?full\b|\bENOSPC\b|out of memory|cannot allocate memory|too many open files"#,
        #"service unavailable|bad gateway|gateway time-?out|\b(server|service) (is )?(unavailable|down|shutting down|starting up)"#,
    ]

    static let settingPatterns = [
        // Nouns only: a message opening with `Setting …` or `Configuring …` narrates, it does not complain.
        #"\b(settings|config|configuration|configured|environment|env file|\.env)\b"#, #"\S\s+setting\b"#,
        #"\bnot (set|configured|defined)\b|\bmissing (required )?(setting|variable|key|option|value)"#,
    ]

    static let deprecationPatterns = [
        #"deprecat\w*"#,  // inside a name too: `PendingDeprecationWarning` #"will be removed in (a )?(future|later|next)"#, #"\bno longer (be )?supported\b"#,
    ]
}
