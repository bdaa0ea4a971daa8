import Testing

@testable import LogTriageCore

/// Cross-claims between formats: the detector compares formats on a sample of lines, so a format that reads
/// another format's lines competes with it. Every registered format is run over every other format's own
/// (non-reject) examples; a claim fails the test unless the pair is listed below with its reason.
struct TextFormatTests {
    /// `claimer` may read some of `owner`'s example lines. The owner must come earlier in
    /// ``LogFormats/builtIn`` so that it wins the detector's tie.
    struct Overlap: Sendable, CustomStringConvertible {
        var claimer: String
        var owner: String
        var reason: String

        init(_ claimer: String, reads owner: String, _ reason: String) {
            self.claimer = claimer
            self.owner = owner
            self.reason = reason
        }

        var description: String { "\(claimer) reads \(owner)" }
    }

    static let allowedOverlaps: [Overlap] = [
        Overlap(
            "java-util-logging", reads: "go-log",
            "java.util.logging's second line `LEVEL: message` is the shape of Go's `log` with a level prefix; go-log comes first"),
        Overlap(
            "json", reads: "journald",
            "`journalctl -o json` entries are JSON objects; the generic JSON format reads them with fewer fields"),
        Overlap(
            "json", reads: "mongodb",
            "MongoDB's log lines are JSON objects; the generic JSON format reads them without its one-letter keys"),
        Overlap(
            "python-logging", reads: "loguru",
            "loguru's `time | LEVEL | name:function:line - msg` is a valid `|`-separated Python asctime header"),
        Overlap(
            "python-logging", reads: "gunicorn",
            "gunicorn's `[time] [pid] [LEVEL] msg` is one of the bracketed-field headers Python's asctime layouts write"),
        Overlap(
            "python-logging", reads: "java",
            "logback/log4j `time [thread] LEVEL logger - msg` and Spring headers are valid `%(asctime)s …` field soups"),
        Overlap(
            "python-logging", reads: "nginx-error",
            "`2024/05/04 12:43:47 [error] …` is a time followed by a bracketed level, which Python layouts also write"),
        Overlap(
            "python-logging", reads: "go-log",
            "a Go `log` line whose message starts with a level word reads as a Python time + level header"),
        Overlap(
            "python-logging", reads: "structlog-console",
            "structlog's `time [level    ] event` is a time and a bracketed level, as Python's asctime layouts write"),
        Overlap(
            "python-logging", reads: "zerolog-console",
            "zerolog's `time INF message` with an RFC 3339 time is a time followed by a level word, as `%(asctime)s %(levelname)s` writes"),
        Overlap(
            "python-logging", reads: "apache-error",
            "Apache 2.2's `[ctime] [level] msg` is a bracketed time and level, as Flask-style Python layouts write"),
    ]

    /// A console renderer's fields are the `key=value` words that end the line, quoted values with their spaces;
    /// a pair-like word before other words is the message's.
    @Test func fieldsEndTheLine() {
        func split(_ text: String) -> String {
            let (message, fields) = KeyValueTail.split(text[...])
            return "[\(message)] " + fields.map { "\($0.key)=\($0.value.scalarText ?? "")" }.joined(separator: " ")
        }
        #expect(split("payment failed order_id=7 error='gateway timeout after 30s'") == "[payment failed] order_id=7 error=gateway timeout after 30s")
        #expect(split(#"retry=3 exhausted for job=sync reason="no broker""#) == "[retry=3 exhausted for] job=sync reason=no broker")
        #expect(split("nothing but words") == "[nothing but words] ")
        #expect(split("a=1 b=2") == "[] a=1 b=2")
    }

    static let formatNames = LogFormats.builtIn.map(\.name)

    @Test(arguments: formatNames)
    func formatClaimsNoForeignExample(_ claimerName: String) throws {
        let claimer = try #require(LogFormats.named(claimerName))
        // A generic format reads the shape the specific ones share by design; detection keeps each owner first
        // (`genericFormatNeverWinsOverTheOwner`).
        guard !claimer.isGeneric else { return }
        for owner in LogFormats.builtIn where owner.name != claimerName && !owner.isGeneric {
            let allowed = Self.allowedOverlaps.contains { $0.claimer == claimerName && $0.owner == owner.name }
            guard !allowed else { continue }
            for example in owner.examples where !example.rejects && claimer.parse(example.line) != nil {
                Issue.record("\(claimerName) claims a \(owner.name) example: \(example.line)")
            }
        }
    }

    /// A stream of any specific format's examples is detected as that format, not the generic one.
    @Test(arguments: formatNames)
    func genericFormatNeverWinsOverTheOwner(_ ownerName: String) throws {
        let owner = try #require(LogFormats.named(ownerName))
        guard !owner.isGeneric else { return }
        let sample = owner.examples.filter { !$0.rejects && !$0.line.hasPrefix(" ") }.map { Array($0.line.utf8) }
        guard !sample.isEmpty else { return }
        let detected = FormatDetector().detect(sample: sample).primary
        #expect(detected?.isGeneric == false, "\(ownerName)'s examples are detected as \(detected?.name ?? "nothing")")
    }

    @Test(arguments: allowedOverlaps.map(\.description))
    func allowedOverlapIsRealAndOwnerWins(_ overlap: String) throws {
        let entry = try #require(Self.allowedOverlaps.first { $0.description == overlap })
        let claimerIndex = try #require(Self.formatNames.firstIndex(of: entry.claimer), "unknown \(entry.claimer)")
        let ownerIndex = try #require(Self.formatNames.firstIndex(of: entry.owner), "unknown \(entry.owner)")
        #expect(ownerIndex < claimerIndex, "\(entry.owner) must be registered before \(entry.claimer)")
        // A listed overlap that no longer happens should be removed, keeping the list honest.
        let claimer = LogFormats.builtIn[claimerIndex]
        let owner = LogFormats.builtIn[ownerIndex]
        let claimed = owner.examples.contains { !$0.rejects && claimer.parse($0.line) != nil }
        #expect(claimed, "\(overlap) is listed but never happens")
    }

    // MARK: Distinctions the matrix relies on

    @Test func uvicornPaddingSeparatesItFromPythonBasicConfig() throws {
        let uvicorn = UvicornFormat()
        let python = PythonLoggingFormat()
        #expect(uvicorn.parse("ERROR:root:Database connection lost") == nil)
        #expect(python.parse("ERROR:    Exception in ASGI application") == nil)
        let line = try #require(uvicorn.parse("ERROR:    Exception in ASGI application"))
        #expect(line.logger == "uvicorn.error")
    }

    @Test func nginxErrorIsRegisteredBeforeGoLog() throws {
        let nginx = try #require(Self.formatNames.firstIndex(of: "nginx-error"))
        let goLog = try #require(Self.formatNames.firstIndex(of: "go-log"))
        #expect(nginx < goLog)
        let line = "2024/05/04 12:43:47 [error] 1234#1234: *5 connect() failed (111: Connection refused)"
        #expect(GoLogFormat().parse(line) == nil)
        #expect(NginxErrorFormat().parse(line)?.pid == 1234)
    }

    /// An access line keeps the level it printed (none in the common log format); its status is what says the
    /// request failed.
    @Test func accessLinesKeepThePrintedLevel() throws {
        let uvicorn = UvicornFormat()
        let critical = try #require(uvicorn.parse("CRITICAL: 10.0.0.1:5 - \"GET / HTTP/1.1\" 503 Service Unavailable"))
        #expect(critical.severity?.level == .critical)
        let info = try #require(uvicorn.parse("INFO:     10.0.0.1:5 - \"GET / HTTP/1.1\" 429 Too Many Requests"))
        #expect(info.severity?.level == .info)
        let combined = try #require(AccessLogFormat().parse(
            "172.18.0.1 - - [04/May/2024:12:43:47 +0000] \"POST /api/chat HTTP/1.1\" 502 157 \"-\" \"curl/8.5.0\""))
        #expect(combined.severity == nil)
    }

    @Test func accessLogWithoutRequestLineKeepsStatus() throws {
        let line = try #require(AccessLogFormat().parse("10.0.0.1 - - [04/May/2024:12:43:47 +0000] \"-\" 408 0 \"-\" \"-\""))
        #expect(line.attributes.contains { $0.key == "status" && $0.value.scalarText == "408" })
        #expect(line.message == "- 408")
        #expect(!line.attributes.contains { $0.key == "method" })
    }

    @Test func syslogPriorityGivesSeverityAndFacility() throws {
        let line = try #require(SyslogFormat().parse("<86>May  4 12:43:47 web-1 sudo[77]: pam_unix(sudo:session): session opened"))
        #expect(line.severity?.level == .info)  // 86 = authpriv (10) × 8 + info (6)
        #expect(line.attributes.first { $0.key == "facility" }?.value.scalarText == "10")
    }

    @Test func truncatedLinesAreRejectedWithoutCrashing() {
        let lines = [
            "INFO:     10.0.0.1:5 - \"GET / HTTP/1.1", "[2024-05-04 12:43:47 +0000] [12", "2024/05/04 12:43:47 [error] 1#",
            "[Sun Dec 04 04:47:44 2005] [err", "127.0.0.1 - - [04/May/2024:12:43:47 +0000] \"GET / HTTP/1.1\" 20",
            "<165>1 2003-10-11T22:14:15.003Z host app - - [id a=\"1", "<34>Oct 11 22:14:15 host su[12",
            "I0504 12:43:47.913123   12345 controller.go", "2024-05-04 12:43:47.913 ERROR 12345 --- [ main",
            "2024/05/04", "", "[", "<", "I", "0",
        ]
        for format in LogFormats.builtIn {
            for line in lines {
                _ = format.parse(line)
            }
        }
        #expect(UvicornFormat().parse(lines[0])?.logger == "uvicorn.error")  // no closing quote: not an access line
        #expect(GunicornFormat().parse(lines[1]) == nil)
        #expect(NginxErrorFormat().parse(lines[2]) == nil)
        #expect(AccessLogFormat().parse(lines[4]) == nil)
        #expect(Syslog5424Format().parse(lines[5]) == nil)
        #expect(KlogFormat().parse(lines[7]) == nil)
        #expect(JavaLogFormat().parse(lines[8]) == nil)
    }
}
