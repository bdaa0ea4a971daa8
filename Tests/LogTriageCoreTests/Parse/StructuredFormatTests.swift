import Testing

@testable import LogTriageCore

/// Behaviour of the JSON, journald and logfmt formats that the one-line examples do not show: exception fields,
/// which members stay attributes and in what order, template rendering.
struct StructuredFormatTests {
    let json = JSONLinesFormat()
    let journald = JournaldFormat()
    let logfmt = LogfmtFormat()

    private func keys(_ line: ParsedLine) -> [String] { line.attributes.map(\.key) }

    private func resolved(_ line: ParsedLine) -> String? {
        var resolver = TimeResolver(referenceDate: CivilDate(year: 2024, month: 1, day: 1))
        return line.time.map { resolver.resolve($0).rfc3339 }
    }

    // MARK: JSON lines

    @Test func attributesKeepLineOrderAndNestedObjects() throws {
        let line = try #require(
            json.parse(#"{"z":1,"msg":"hi","a":{"b":[1,2]},"level":"info","m":null,"k":"v"}"#))
        #expect(keys(line) == ["z", "a", "m", "k"])
        #expect(line.attributes[1].value == .object([Attribute("b", .array([.number("1"), .number("2")]))]))
        #expect(line.attributes[2].value == .null)
    }

    /// Google Cloud Logging's export: the program's entry under `jsonPayload` (or `textPayload`), the level and time
    /// beside it, the monitored resource's name the service.
    @Test func aPlatformsExportIsReadAsTheEntryItWraps() throws {
        let line = try #require(json.parse(#"{"insertId":"a1","jsonPayload":{"message":"Payment failed","error":"card declined","orderId":17},"severity":"ERROR","timestamp":"2026-03-10T09:00:01.100Z","resource":{"type":"cloud_run_revision","labels":{"service_name":"checkout"}}}"#))
        #expect(line.message == "Payment failed")
        #expect(line.severity?.level == .error)
        #expect(line.exceptionMessage == "card declined")
        #expect(resolved(line) == "2026-03-10T09:00:01.100Z")
        #expect(line.attributes.contains(Attribute("service", .string("checkout"))))
        #expect(!keys(line).contains("resource") && !keys(line).contains("jsonPayload"))
        let text = try #require(json.parse(#"{"textPayload":"worker started","severity":"INFO","resource":{"labels":{"container_name":"worker"}}}"#))
        #expect(text.message == "worker started")
        #expect(text.attributes.contains(Attribute("service", .string("worker"))))
    }

    @Test func pinoErrorObject() throws {
        let line = try #require(
            json.parse(
                #"{"level":50,"msg":"charge failed","err":{"type":"CardError","message":"card declined","stack":"CardError: card declined\n    at charge (/app/billing.js:42:11)","code":"E42"}}"#
            ))
        #expect(line.exceptionType == "CardError")
        #expect(line.exceptionMessage == "card declined")
        #expect(line.exceptionText == "CardError: card declined\n    at charge (/app/billing.js:42:11)")
        // What the exception fields did not use stays, nested as written.
        #expect(line.attributes == [Attribute("err", .object([Attribute("code", .string("E42"))]))])
    }

    /// Exceptions logged as objects (a type, a value and frames) are spelled as the traceback they describe, so
    /// their frames point at the code like a printed traceback's.
    @Test func exceptionObjectsWithFramesBecomeATraceback() throws {
        let line = try #require(
            json.parse(
                #"{"event":"Task failed","exception":[{"exc_type":"MailError","exc_value":"login refused","frames":[{"filename":"/srv/lib/runner.py","lineno":453,"name":"run"},{"filename":"/srv/app/mail/tasks.py","lineno":115,"name":"send_mail"}]}],"level":"error"}"#
            ))
        #expect(
            line.exceptionText == """
                Traceback (most recent call last):
                  File "/srv/lib/runner.py", line 453, in run
                  File "/srv/app/mail/tasks.py", line 115, in send_mail
                MailError: login refused
                """)
        let info = try #require(StackTraceParser.parse(text: line.exceptionText ?? ""))
        #expect(info.frames.last?.file == "/srv/app/mail/tasks.py" && info.frames.last?.line == 115)
        #expect(info.type == "MailError")
        // A lone error object without frames is still read by its own fields.
        let plain = try #require(json.parse(#"{"msg":"failed","exception":{"type":"KeyError","message":"id"}}"#))
        #expect(plain.exceptionType == "KeyError")
    }

    /// An audit event that recorded an exception keeps the traceback under a key of the application's own: the
    /// trace is the record's by its lines, not its key; prose with line breaks is not a trace.
    @Test func aTraceNestedUnderAnyKeyIsTheRecordsException() throws {
        let line = try #require(
            json.parse(
                #"{"action":"system_exception","context":{"message":"Traceback (most recent call last):\n  File \"/srv/app/flows/views.py\", line 339, in post\n    parse(body)\nParseError: JSON parse error"},"event":"Created Event","level":"info"}"#
            ))
        #expect(line.message == "Created Event")
        let info = try #require(StackTraceParser.parse(text: line.exceptionText ?? ""))
        #expect(info.type == "ParseError" && info.frames.last?.line == 339)
        let prose = try #require(json.parse(#"{"event":"Note","context":{"body":"first paragraph of the note\nsecond paragraph, still prose"},"level":"info"}"#))
        #expect(prose.exceptionText == nil)
    }

    @Test func errorStringBecomesExceptionMessage() throws {
        let line = try #require(
            json.parse(#"{"level":"error","msg":"request failed","error":"dial tcp: i/o timeout","stacktrace":"main.handle\n\t/app/h.go:87"}"#))
        #expect(line.message == "request failed")
        #expect(line.exceptionMessage == "dial tcp: i/o timeout")
        #expect(line.exceptionText == "main.handle\n\t/app/h.go:87")
        #expect(line.attributes.isEmpty)
    }

    @Test func errorObjectMessageWinsOverErrorString() throws {
        let line = try #require(
            json.parse(#"{"msg":"x","err":"short","error":{"type":"IOError","message":"disk full"}}"#))
        #expect(line.exceptionType == "IOError")
        #expect(line.exceptionMessage == "disk full")
        #expect(keys(line) == ["err"])
    }

    @Test func ecsErrorFieldsAndEmptiedObjectsAreDropped() throws {
        let line = try #require(
            json.parse(
                #"{"@timestamp":"2024-05-04T12:43:47.913Z","log.level":"error","message":"boom","error":{"type":"java.lang.IllegalStateException","message":"bad state","stack_trace":"java.lang.IllegalStateException: bad state\n\tat a.B.c(B.java:3)"},"log":{"logger":"a.B","origin":{"file":{"name":"B.java","line":3}}},"trace.id":"abc"}"#
            ))
        #expect(line.severity?.level == .error)
        #expect(line.logger == "a.B")
        #expect(line.source == SourceLocation(file: "B.java", line: 3))
        #expect(line.exceptionType == "java.lang.IllegalStateException")
        #expect(line.exceptionMessage == "bad state")
        #expect(line.exceptionText?.hasPrefix("java.lang.IllegalStateException: bad state") == true)
        #expect(keys(line) == ["trace.id"])
    }

    @Test func partlyUsedNestedObjectsKeepTheirOtherMembers() throws {
        let line = try #require(
            json.parse(#"{"message":"m","log":{"level":"warn","syslog":{"facility":1}},"process":{"pid":7,"name":"api"}}"#))
        #expect(line.severity?.level == .warning)
        #expect(line.pid == 7)
        #expect(
            line.attributes == [
                Attribute("log", .object([Attribute("syslog", .object([Attribute("facility", .number("1"))]))])),
                Attribute("process", .object([Attribute("name", .string("api"))])),
            ])
    }

    @Test func unusableValuesStayAttributes() throws {
        // A duration under `time`, a non-string `msg`, a `filename` without a line: not fields.
        let line = try #require(
            json.parse(#"{"time":150,"ts":"2024-05-04T12:43:47Z","msg":42,"message":"real","filename":"report.csv"}"#))
        #expect(resolved(line) == "2024-05-04T12:43:47.000Z")
        #expect(line.message == "real")
        #expect(line.source == nil)
        #expect(keys(line) == ["time", "msg", "filename"])
    }

    @Test func nameIsNotALoggerWhenItRepeatsTheMessage() throws {
        let line = try #require(json.parse(#"{"event":"startup","name":"startup"}"#))
        #expect(line.logger == nil)
        #expect(keys(line) == ["name"])
        #expect(json.parse(#"{"msg":"x","name":"svc","logger":"svc.db"}"#)?.logger == "svc.db")
    }

    @Test func timesInEveryShape() throws {
        let cases: [(String, String)] = [
            (#"{"time":1714826627913}"#, "2024-05-04T12:43:47.913Z"),
            (#"{"ts":1714826627.913}"#, "2024-05-04T12:43:47.913Z"),
            (#"{"ts":"1714826627"}"#, "2024-05-04T12:43:47.000Z"),
            (#"{"timestamp":1714826627913456789}"#, "2024-05-04T12:43:47.913Z"),
            (#"{"timeMillis":1714826627913}"#, "2024-05-04T12:43:47.913Z"),
            (#"{"instant":{"epochSecond":1714826627,"nanoOfSecond":913000000}}"#, "2024-05-04T12:43:47.913Z"),
            (#"{"datetime":"2024-05-04 14:43:47.913+02:00"}"#, "2024-05-04T12:43:47.913Z"),
            (#"{"@t":"2024-05-04T12:43:47.9130000+00:00"}"#, "2024-05-04T12:43:47.913Z"),
        ]
        for (text, expected) in cases {
            let line = try #require(json.parse(text), "\(text)")
            #expect(resolved(line) == expected, "\(text)")
            #expect(line.attributes.isEmpty, "\(text)")
        }
    }

    @Test func levelsInEveryShape() {
        let cases: [(String, Level?)] = [
            (#"{"level":30}"#, .info), (#"{"level":"30"}"#, .info), (#"{"level":60}"#, .critical),
            (#"{"severity":"NOTICE"}"#, .info), (#"{"levelname":"WARNING"}"#, .warning),
            (#"{"lvl":"eror"}"#, .error), (#"{"@l":"Fatal"}"#, .critical), (#"{"loglevel":"dbug"}"#, .debug),
            (#"{"@t":"2024-05-04T12:43:47Z","@m":"x"}"#, .info), (#"{"level":"chatty"}"#, nil),
        ]
        for (text, level) in cases {
            #expect(json.parse(text)?.severity?.level == level, "\(text)")
        }
    }

    @Test func serilogTemplates() {
        let members = [
            Attribute("User", .string("ann")), Attribute("Cart", .object([Attribute("items", .number("3"))])),
            Attribute("Elapsed", .number("12.5")),
        ]
        #expect(
            JSONLinesFormat.render(template: "{User} has {@Cart} after {Elapsed:0.0} ms", members: members)
                == #"ann has {"items":3} after 12.5 ms"#)
        #expect(JSONLinesFormat.render(template: "{{literal}} {Missing} {$User,10}", members: members) == "{literal} {Missing} ann")
        #expect(JSONLinesFormat.render(template: "unclosed {User", members: members) == "unclosed {User")
        #expect(JSONLinesFormat.render(template: "ünï {User}}}", members: members) == "ünï ann}")
    }

    @Test func dockerLogLineKeepsInnerText() throws {
        let line = try #require(
            json.parse(#"{"log":"  File \"/app/x.py\", line 3, in run\r\n","stream":"stderr","time":"2024-05-04T12:43:47.913456789Z"}"#))
        #expect(line.message == #"  File "/app/x.py", line 3, in run"#)
        #expect(keys(line) == ["stream"])
    }

    @Test func byteOrderMarkAndSurroundingSpaceAreAccepted() throws {
        var bytes: [UInt8] = [0xEF, 0xBB, 0xBF]
        bytes.append(contentsOf: #"  {"msg":"first line"}  "#.utf8)
        bytes.append(0x0D)
        let line = bytes.withUnsafeBufferPointer { json.parse($0) }
        #expect(line?.message == "first line")
    }

    @Test func nonObjectsAreRejected() {
        for text in ["", "{", "{}x", #"["a"]"#, #""{}""#, "null", #"{"a":1}}"#, "{\"a\":\"\u{1}\"}"] {
            #expect(json.parse(text) == nil, "\(text)")
        }
        #expect(json.parse("{}")?.message == "")
    }

    // MARK: journald

    @Test func journaldDropsNoiseAndKeepsTheRest() throws {
        let line = try #require(
            journald.parse(
                #"{"__CURSOR":"s=1","__REALTIME_TIMESTAMP":"1714826627913456","__MONOTONIC_TIMESTAMP":"1","__SEQNUM":"5","__SEQNUM_ID":"ab","_BOOT_ID":"b","_MACHINE_ID":"m","_TRANSPORT":"journal","_CAP_EFFECTIVE":"0","_SOURCE_MONOTONIC_TIMESTAMP":"2","_HOSTNAME":"web-1","PRIORITY":"2","_COMM":"python3","_PID":"77","_UID":"1000","MESSAGE":"Job failed\nTraceback (most recent call last):\nValueError: bad"}"#
            ))
        #expect(keys(line) == ["_HOSTNAME", "_UID"])
        #expect(line.severity == Severity(.critical))
        #expect(line.logger == "python3")
        #expect(line.message == "Job failed")
        #expect(line.exceptionText == "Traceback (most recent call last):\nValueError: bad")
    }

    @Test func journaldPrefersSourceTimeAndDropsReceiveTime() throws {
        let line = try #require(
            journald.parse(#"{"__REALTIME_TIMESTAMP":"1714826699000000","_SOURCE_REALTIME_TIMESTAMP":"1714826627913999","MESSAGE":"x"}"#))
        #expect(resolved(line) == "2024-05-04T12:43:47.913Z")
        #expect(line.attributes.isEmpty)
    }

    @Test func journaldLeavesOtherJSONToTheJSONFormat() {
        #expect(journald.parse(#"{"msg":"x","level":"info","priority":"3"}"#) == nil)
        #expect(journald.parse(#"{"PRIORITY":"3","note":"no message, no timestamp"}"#) == nil)
    }

    // MARK: logfmt

    @Test func logfmtEscapesAndExceptions() throws {
        let line = try #require(
            logfmt.parse(#"level=error msg="quote \" backslash \\ tab\t" err="EOF" stack="a\nb" emoji="\u00e9" raw=\q"#))
        #expect(line.message == "quote \" backslash \\ tab\t")
        #expect(line.exceptionMessage == "EOF")
        #expect(line.exceptionText == "a\nb")
        #expect(line.attributes == [Attribute("emoji", .string("é")), Attribute("raw", .string(#"\q"#))])
    }

    @Test func logfmtValuesAreStringsAndOrderIsKept() throws {
        let line = try #require(logfmt.parse("lvl=info msg=ok b=2 a= c=x=y d=\"\"\r\n"))
        #expect(
            line.attributes == [
                Attribute("b", .string("2")), Attribute("a", .string("")), Attribute("c", .string("x=y")),
                Attribute("d", .string("")),
            ])
    }

    @Test func logfmtRejectsTextThatMerelyContainsPairs() {
        for text in [
            "GET /api/x?level=1&msg=2 200", "level=error msg", "level=error msg=\"x\"y", "=x level=info",
            "level=error \"quoted\"=x", "127.0.0.1 - - level=info msg=x",
        ] {
            #expect(logfmt.parse(text) == nil, "\(text)")
        }
    }
}
