import Testing

@testable import LogTriageCore

struct CaptureEnvelopeTests {
    func read(_ fixture: String) throws -> ([LogRecord], InputSummary) {
        var records: [LogRecord] = []
        let summary = try RecordReader().read(LogInput(path: Fixtures.path(fixture))) { records.append($0) }
        return (records, summary)
    }

    func service(_ record: LogRecord) -> String? {
        record.attributes.first { $0.key == "service" }?.value.scalarText
    }

    @Test func composeStreamsAreReadEachInItsOwnFormat() throws {
        let (records, summary) = try read("envelope/compose.log")
        #expect(summary.envelope == "docker compose")
        let formats = Dictionary(uniqueKeysWithValues: summary.streams.map { ($0.name, $0.format ?? "-") })
        #expect(formats["db-1"] == "leveled-text")
        #expect(formats["api-1"] == "python-logging")
        #expect(formats["worker-1"] == "leveled-text")
        // In input order, whatever stream completed first.
        #expect(records.map(\.lineStart) == records.map(\.lineStart).sorted())

        let fatal = try #require(records.first { $0.message.hasPrefix("password authentication failed") })
        #expect(fatal.level == .critical)
        #expect(fatal.pid == 63)
        #expect(service(fatal) == "db")
        // PostgreSQL's DETAIL line, two lines further down and between another stream's lines, joins its statement.
        #expect(fatal.message.contains("DETAIL:  Connection matched pg_hba.conf line 99"))

        // The traceback is interleaved with another service's line and still joins its own record.
        let failure = try #require(records.first { $0.message.hasPrefix("cannot open a connection") })
        #expect(failure.exception?.type == "ConnectionError")
        #expect(failure.lineEnd == 12)

        let celery = try #require(records.first { service($0) == "worker" })
        #expect(celery.level == .error)
        #expect(celery.thread == "MainProcess")
        #expect(celery.time?.rfc3339 == "2024-04-12T09:23:56.400Z")

        // The capture tool's own line is a record without a service.
        let exited = try #require(records.first { $0.message == "api-1 exited with code 1" })
        #expect(service(exited) == nil)
    }

    /// `heroku logs`: the time, then the source and dyno; each dyno's output read in its own format, the router's
    /// logfmt too, and the dyno's process type the service.
    @Test func logplexLinesAreAnEnvelope() throws {
        let (records, summary) = try read("envelope/logplex.log")
        #expect(summary.envelope == "heroku or fly logs")
        #expect(records.count == 6)
        let formats = Dictionary(uniqueKeysWithValues: summary.streams.map { ($0.name, $0.format ?? "-") })
        #expect(formats["app[web.1]"] == "ruby-logger")
        #expect(formats["heroku[router]"] == "logfmt")
        #expect(formats["app[worker.1]"] == "json")
        let refused = try #require(records.first { $0.message.hasPrefix("PG::ConnectionBad") })
        #expect(refused.level == .error)
        #expect(service(refused) == "web")
        #expect(refused.time?.rfc3339 == "2026-03-10T09:00:01.223Z")
        // A logfmt line without `msg` is described by its `desc`.
        let timeout = try #require(records.first { service($0) == "router" })
        #expect(timeout.level == .error)
        #expect(timeout.message == "Request timeout")
        let job = try #require(records.first { $0.message == "job failed" })
        #expect(service(job) == "worker")
        // the platform's line about a dyno is that dyno's
        #expect(service(try #require(records.first { $0.message.hasPrefix("State changed") })) == "web")
        #expect(CaptureEnvelope.service(ofStream: "heroku[router]") == "router")
    }

    /// `journalctl` and syslog files: each program is a stream read in its own format, with its own multi-line
    /// records (a traceback interleaved with another program's line), the program its service.
    @Test func syslogProgramsAreStreams() throws {
        let (records, summary) = try read("envelope/journal.log")
        #expect(summary.envelope == "syslog (journalctl)")
        let formats = Dictionary(uniqueKeysWithValues: summary.streams.map { ($0.name, $0.format ?? "-") })
        #expect(formats["shop-api"] == "python-logging")
        #expect(formats["billing"] == "json")
        let refused = try #require(records.first { $0.message.hasPrefix("could not connect") })
        #expect(refused.level == .error)
        #expect(refused.logger == "shop.db")
        #expect(service(refused) == "shop-api")
        #expect(refused.time?.rfc3339.hasSuffix("09:00:01.100Z") == true)
        let crash = try #require(records.first { $0.exception?.type == "RuntimeError" })
        #expect(crash.lineStart == 3 && crash.lineEnd == 7)
        #expect(service(crash) == "shop-worker")
        #expect(records.first { $0.message.hasPrefix("retrying invoice export") }?.level == .warning)
    }

    /// `fly logs`: the instance and region before the program's line; the source is the service.
    @Test func flyLinesAreAnEnvelope() throws {
        let text = [
            "2026-03-10T09:00:01Z app[148e2f3c9d0e87] ams [info]2026-03-10 09:00:01,100 INFO shop.web: request served",
            "2026-03-10T09:00:01Z app[148e2f3c9d0e87] ams [info]2026-03-10 09:00:01,200 ERROR shop.db: connection refused",
            "2026-03-10T09:00:02Z proxy[148e2f3c9d0e87] ams [error]could not find a good candidate within 90 attempts",
        ].joined(separator: "\n")
        let records = RecordReader().records(in: text, name: "fly.log")
        #expect(records.map { service($0) } == ["app", "app", "proxy"])
        #expect(records[1].level == .error && records[1].message == "connection refused" && records[1].logger == "shop.db")
        #expect(records[2].message.hasPrefix("could not find"))
    }

    @Test func kubectlPrefixAndCaptureTimestamps() throws {
        let (records, summary) = try read("envelope/kubectl.log")
        #expect(summary.envelope == "kubectl --prefix, timestamps")
        #expect(records.count == 4)
        let first = records[0]
        #expect(first.format == "json")
        #expect(first.level == .error)
        #expect(service(first) == "api")
        // The cause field is part of the signature: one message, two causes, two signatures.
        #expect(first.signatureText.hasSuffix("dial tcp 10.0.0.5:5432: connect: connection refused"))
        #expect(records[1].signatureText.hasSuffix("context deadline exceeded"))
        // A line without a time of its own takes the capture tool's.
        let waiting = try #require(records.first { service($0) == "wait-for-db" })
        #expect(waiting.time?.rfc3339 == "2024-04-12T09:23:50.500Z")
        let panic = try #require(records.last)
        #expect(panic.lineEnd == 8)
        #expect(panic.message.hasPrefix("runtime error") || panic.exception != nil)
    }

    /// A container runtime's own file (kubelet's `/var/log/containers`): the time, the stream and the full/partial
    /// tag come before the program's line, which is read in its own format, traceback and all.
    @Test func containerRuntimeFilesAreAnEnvelope() throws {
        let (records, summary) = try read("envelope/containerd.log")
        #expect(summary.envelope == "capture timestamps")
        #expect(records.map(\.format) == ["python-logging", "python-logging", "python-logging"])
        #expect(records.map(\.level) == [.info, .error, .warning])
        #expect(records[1].message.hasPrefix("Gateway timeout"))
        #expect(records[1].exception?.type == "TimeoutError")
        #expect(records[1].lineEnd == 5)
    }

    /// The capture tool's own line has no time of its own: the capture's previous record says when it came.
    @Test func aCaptureToolsOwnLineTakesTheCapturesTime() throws {
        let text = [
            "web-1  | 2024-04-12 09:23:56,253 ERROR app: Connection lost: the server closed the connection",
            "db-1 exited with code 137",
            "db-1   | 2024-04-12 09:24:10.000 UTC [1] LOG:  database system was interrupted; last known up at 09:20:00",
        ].joined(separator: "\n")
        let records = RecordReader().records(in: text, name: "capture.log")
        let exit = try #require(records.first { $0.message.hasPrefix("db-1 exited") })
        #expect(exit.time?.rfc3339 == "2024-04-12T09:23:56.253Z")
        #expect(!exit.attributes.contains { $0.key == "service" })
    }

    /// `pm2 logs` prints each process's lines behind its id and name: a compose-like prefix.
    @Test func pm2ProcessesAreStreams() throws {
        let text = [
            "0|api      | 2024-04-12 09:23:56,253 ERROR payments: charge failed: connection refused",
            "1|worker   | 2024-04-12 09:23:57,000 INFO jobs: job done",
            "0|api      | 2024-04-12 09:23:58,000 WARNING http: slow request",
        ].joined(separator: "\n")
        let records = RecordReader().records(in: text, name: "pm2.log")
        #expect(records.map { service($0) } == ["api", "worker", "api"])
        #expect(records.map(\.level) == [.error, .info, .warning])
        #expect(records.first?.message == "charge failed: connection refused")
    }

    /// `docker service logs`: each task (`service.slot.task@node`) is a stream, its service the swarm service.
    @Test func swarmTasksAreStreams() throws {
        let text = [
            "shop_web.1.k2j3h4g5f6d7@node-1    | 2024-04-12 09:23:56,253 ERROR payments: charge failed: connection refused",
            #"shop_worker.1.a8s7d6f5g4h3@node-2    | {"level":"error","msg":"job failed","error":"smtp: 535 authentication failed"}"#,
            "shop_web.2.z9x8c7v6b5n4@node-2    | 2024-04-12 09:23:58,000 WARNING http: slow request",
        ].joined(separator: "\n")
        let records = RecordReader().records(in: text, name: "swarm.log")
        #expect(records.map { service($0) } == ["shop_web", "shop_worker", "shop_web"])
        #expect(records.map(\.level) == [.error, .error, .warning])
    }

    /// A stream that prints no times (a shell script's `gzip: …`) happened when the capture's previous record did.
    @Test func aTimelessStreamTakesTheCapturesTime() throws {
        let text = [
            "web-1     | 2024-04-12 09:23:56,253 INFO http: request served",
            "backup-1  | gzip: stdout: No space left on device",
            "web-1     | 2024-04-12 09:24:10,000 INFO http: request served",
            "backup-1  | backup FAILED (exit 1)",
        ].joined(separator: "\n")
        let records = RecordReader().records(in: text, name: "compose.log")
        let backup = records.filter { service($0) == "backup" }
        #expect(backup.map { $0.time?.rfc3339 } == ["2024-04-12T09:23:56.253Z", "2024-04-12T09:24:10.000Z"])
    }

    /// stern: each pod's container a stream in its own format (a traceback interleaved with another pod's lines
    /// still joins its record), the container the service; names without the generated parts are no pods.
    @Test func sternPodsAreStreams() throws {
        let text = [
            #"api-7d9f8b6c5d-x2k4q api {"level":"error","msg":"request failed","error":"connection refused"}"#,
            "worker-5c6d7f8b9-qwrtz worker 2026-03-10 09:00:01,100 ERROR jobs: mail delivery failed",
            "worker-5c6d7f8b9-qwrtz worker Traceback (most recent call last):",
            #"api-7d9f8b6c5d-p9m2n api {"level":"info","msg":"request served"}"#,
            "worker-5c6d7f8b9-qwrtz worker   File \"/app/jobs.py\", line 3, in run",
            "worker-5c6d7f8b9-qwrtz worker TimeoutError: mail delivery timed out",
        ].joined(separator: "\n")
        let records = RecordReader().records(in: text, name: "stern.log")
        #expect(records.map { service($0) } == ["api", "worker", "api"])
        #expect(records[1].exception?.type == "TimeoutError" && records[1].lineEnd == 6)
        for line in ["order-service-started ok now", "web-frontend-main-reads web hello", "api-7d9f8b6c5d-x2k4q"] {
            #expect(Array(line.utf8).withUnsafeBufferPointer { CaptureEnvelope.sternPrefix($0) == nil }, "\(line)")
        }
    }

    @Test func detectionNeedsMostLines() {
        func detect(_ lines: [String]) -> CaptureEnvelope { CaptureEnvelope.detect(sample: lines.map { Array($0.utf8) }) }
        // A table a program prints is not a compose capture.
        #expect(detect(["name | value", "plain line", "another plain line", "x"]).prefix == .none)
        #expect(detect(["web-1  | a", "web-1  | b", "db-1   | c"]).prefix == .compose)
        // A program's own RFC 3339 time with milliseconds is its header, not a capture timestamp.
        #expect(detect(["2024-04-12T09:23:56.253Z INFO a", "2024-04-12T09:23:57.001Z INFO b"]).timestamps == false)
        #expect(detect(["2024-04-12T09:23:56.253812345Z a", "2024-04-12T09:23:57.1Z b"]).timestamps == true)
        #expect(CaptureEnvelope.service(ofStream: "web-1") == "web")
        #expect(CaptureEnvelope.service(ofStream: "shop_worker_2") == "shop_worker")
        #expect(CaptureEnvelope.service(ofStream: "pod/api-7d9f/api") == "api")
    }

    @Test func signatureTextCarriesTheCauseField() {
        let constant = LogRecord(
            file: "x", lineStart: 1, lineEnd: 1, message: "request failed",
            attributes: [Attribute("error", .string("context deadline exceeded\nmore"))], format: "json")
        #expect(constant.signatureText == "request failed — error: context deadline exceeded")
        // zap's `error` beside its `stacktrace`: the error string is still the cause; a typed exception's is not.
        let traced = RecordReader().records(
            in: #"{"level":"error","ts":1741082465.2,"msg":"failed to load order","error":"dial tcp 10.0.0.12:9090: connect: connection refused","stacktrace":"example.com/shop/store.(*Orders).Load\n\t/src/store/orders.go:57"}"#,
            name: "app.log")
        #expect(traced.first?.exception?.frames.isEmpty == false)
        #expect(traced.first?.signatureText == "failed to load order — error: dial tcp 10.0.0.12:9090: connect: connection refused")
        var typed = constant
        typed.attributes = []
        typed.severity = Severity(.error)
        typed.exception = ExceptionInfo(type: "ValueError", message: "bad id 7", frames: [StackFrame(file: "app.py", line: 3)])
        #expect(typed.signatureText == "request failed")
        // A message that already says its cause is left as it is.
        let said = LogRecord(
            file: "x", lineStart: 1, lineEnd: 1, message: "request failed: context deadline exceeded",
            attributes: [Attribute("err", .string("context deadline exceeded"))], format: "json")
        #expect(said.signatureText == said.message)
        // A status told in words is the cause; a numeric one says only whether the server or the client failed.
        let worded = LogRecord(
            file: "x", lineStart: 1, lineEnd: 1, message: "Push failed",
            attributes: [Attribute("status", .string("device was unregistered"))], format: "json")
        #expect(worded.signatureText == "Push failed — status: device was unregistered")
        func access(_ status: Int) -> LogRecord {
            LogRecord(
                file: "x", lineStart: 1, lineEnd: 1, message: #"10.0.0.7 - - "GET /health HTTP/1.1" \#(status) 51"#,
                format: "plain")
        }
        #expect(access(503).signatureText.hasSuffix("— server error: Service Unavailable"))
        #expect(access(502).signatureText.hasSuffix("— server error: Bad Gateway"))
        #expect(access(404).signatureText.hasSuffix("— client error: Not Found"))
        #expect(access(599).signatureText.hasSuffix("— server error"))
        let phrased = LogRecord(file: "x", lineStart: 1, lineEnd: 1, message: "(sync) PUT /api/items => 502 Bad Gateway", format: "plain")
        #expect(phrased.signatureText == "(sync) PUT /api/items => 502 Bad Gateway — server error", "the phrase once")
        #expect(access(200).signatureText == access(200).message)
    }

    @Test func httpStatusFromAttributesAndReasonPhrases() {
        func record(_ message: String, _ attributes: [Attribute] = []) -> LogRecord {
            LogRecord(file: "x", lineStart: 1, lineEnd: 1, message: message, attributes: attributes, format: "plain")
        }
        #expect(record("(update_note) PUT /api/notes/x => 400 Bad Request").httpStatus == 400)
        #expect(record("http: finished PUT /a for 10.0.0.1:0, 500 Internal Server Error in 2ms").httpStatus == 500)
        // An access line carried by another logger: the status after the quoted request line.
        #expect(record(#"10.0.0.7 - - [17/Oct/2024:14:20:05 +0800] "GET /health HTTP/1.1" 503 51 5"#).httpStatus == 503)
        #expect(record(#"172.18.0.1 - "POST /api/upload/ HTTP/1.1" 500 186.442"#).httpStatus == 500)
        #expect(record(#""GET /a HTTP/2" 200 12"#).httpStatus == 200)
        #expect(record(#"quoted "HTTP/1.1" 5000 bytes"#).httpStatus == nil)
        // A quoted request without its protocol, as some frameworks' request logs write it.
        #expect(record(#""GET /admin/api/site/" 403 6ms"#).httpStatus == 403)
        #expect(record(#"Saved "DRAFT /notes" 404 times"#).httpStatus == nil, "a method, a space and a path")
        #expect(record("Unable to write", [Attribute("http_code", .number("503"))]).httpStatus == 503)
        // HAProxy's timers, then the status and the bytes sent; a ratio of timings alone is no status.
        #expect(record(#"10.0.0.2:51235 [04/Mar/2025:10:00:01.123] http-in api/<NOSRV> 0/-1/-1/-1/0 503 217 - - SC-- 1/1/0/0/0 0/0 "GET /api HTTP/1.1""#).httpStatus == 503)
        #expect(record("timings 1/2/3/4/5 404 entries").httpStatus == nil)
        // A number that is not followed by its reason phrase is not a status.
        #expect(record("processed 404 items in 500 ms").httpStatus == nil)
        #expect(record("retry 3 of 5").httpStatus == nil)
    }
}
