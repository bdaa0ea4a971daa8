import Foundation
import LogTriageCore
import LogTriageStore
import SwiftProtobuf
import Testing

@testable import LogTriageServer
@testable import LogTriageService

#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// The HTTP intake as clients use it: real requests on a loopback port, answered once the records are stored.
struct IntakeServerTests {
    struct Running: Sendable {
        var base: URL
        var store: SQLiteTrackerStore
        var live: LiveScan

        func request(
            _ path: String, method: String = "POST", body: [UInt8] = [], headers: [String: String] = [:]
        ) async throws -> (status: Int, headers: [String: String], body: String) {
            var request = URLRequest(url: URL(string: base.absoluteString + "/" + path)!)
            request.httpMethod = method
            if method == "POST" { request.httpBody = Data(body) }
            for (name, value) in headers { request.setValue(value, forHTTPHeaderField: name) }
            let (data, response) = try await URLSession.shared.data(for: request)
            let http = try #require(response as? HTTPURLResponse)
            var fields: [String: String] = [:]
            for (name, value) in http.allHeaderFields { fields["\(name)".lowercased()] = "\(value)" }
            return (http.statusCode, fields, String(decoding: data, as: UTF8.self))
        }

        func issues() async throws -> [[String: Any]] {
            let response = try await request("api/issues", method: "GET")
            #expect(response.status == 200)
            return try #require(try JSONSerialization.jsonObject(with: Data(response.body.utf8)) as? [[String: Any]])
        }
    }

    func withServer(
        runCommitter: Bool = true, configure: (inout IntakeServer.Configuration, inout LiveScan.Configuration) -> Void = { _, _ in },
        _ body: (Running) async throws -> Void
    ) async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("logtriage-serve-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let store = try SQLiteTrackerStore(path: directory.appendingPathComponent("tracker.sqlite").path)
        var server = IntakeServer.Configuration()
        server.port = 0
        var liveConfiguration = LiveScan.Configuration()
        configure(&server, &liveConfiguration)
        let live = LiveScan(scan: try ScanService(store: store), analyser: nil, configuration: liveConfiguration)
        let intake = try IntakeServer(live: live, store: store, reader: ReaderOptions(), configuration: server)
        let (ports, continuation) = AsyncStream.makeStream(of: Int.self)
        let application = Task { try await intake.run(handlingSignals: false) { continuation.yield($0) } }
        let committer = runCommitter ? Task { await live.run() } : nil
        var iterator = ports.makeAsyncIterator()
        let port = try #require(await iterator.next())
        defer {
            application.cancel()
            committer?.cancel()
        }
        try await body(Running(base: URL(string: "http://127.0.0.1:\(port)")!, store: store, live: live))
    }

    /// Three records of one failure as the OpenTelemetry SDK exports them from a Python service.
    static func otlpRequest() -> OTLPExportLogsRequest {
        var resource = OTLPResource()
        resource.attributes = [OTLPKeyValue("service.name", OTLPAnyValue(.string("billing")))]
        var scope = OTLPScope()
        scope.name = "billing.invoices"
        var scopeLogs = OTLPScopeLogs()
        scopeLogs.scope = scope
        for index in 0..<3 {
            var record = OTLPLogRecord()
            record.timeUnixNano = UInt64(1_773_140_400 + index) * 1_000_000_000
            record.severityNumber = 17
            record.severityText = "ERROR"
            record.body = OTLPAnyValue(.string("Invoice \(1000 + index) could not be rendered"))
            record.traceID = Data((0..<16).map { UInt8($0 + index) })
            record.attributes = [
                OTLPKeyValue("code.filepath", OTLPAnyValue(.string("/srv/billing/render.py"))),
                OTLPKeyValue("code.function", OTLPAnyValue(.string("render"))),
                OTLPKeyValue("code.lineno", OTLPAnyValue(.int(88))),
                OTLPKeyValue("exception.type", OTLPAnyValue(.string("KeyError"))),
                OTLPKeyValue("exception.message", OTLPAnyValue(.string("'total'"))),
                OTLPKeyValue(
                    "exception.stacktrace",
                    OTLPAnyValue(
                        .string(
                            "Traceback (most recent call last):\n  File \"/srv/billing/render.py\", line 88, in render\n    total = data['total']\nKeyError: 'total'\n"
                        ))),
            ]
            scopeLogs.logRecords.append(record)
        }
        var resourceLogs = OTLPResourceLogs()
        resourceLogs.resource = resource
        resourceLogs.scopeLogs = [scopeLogs]
        var request = OTLPExportLogsRequest()
        request.resourceLogs = [resourceLogs]
        return request
    }

    @Test func otlpProtobufFilesStructuredRecords() async throws {
        try await withServer { server in
            let body: [UInt8] = try Self.otlpRequest().serializedBytes()
            let response = try await server.request("v1/logs", body: body, headers: ["Content-Type": "application/x-protobuf"])
            #expect(response.status == 200)
            #expect(response.headers["content-type"] == "application/x-protobuf")
            let issues = try await server.issues()
            #expect(issues.count == 1)
            let issue = try #require(issues.first)
            #expect((issue["occurrences"] as? [String: Any])?["count"] as? Int == 3)
            #expect(issue["subsystem"] as? String == "billing.invoices")
            let signature = try #require((issue["signatures"] as? [[String: Any]])?.first)
            #expect((signature["template"] as? String)?.contains("KeyError") == true || (signature["template"] as? String)?.contains("could not be rendered") == true)
            let document = try server.store.document()
            #expect(document.issues.first?.samples.first?.contains("Invoice") == true)
        }
    }

    @Test func otlpJSONGivesTheSameIssuesAsProtobuf() async throws {
        let json = """
            {"resourceLogs":[{"resource":{"attributes":[{"key":"service.name","value":{"stringValue":"billing"}}]},
            "scopeLogs":[{"scope":{"name":"billing.invoices"},"logRecords":[
            \((0..<3).map { index in
                """
                {"timeUnixNano":"\(1_773_140_400 + index)000000000","severityNumber":17,"severityText":"ERROR",
                "body":{"stringValue":"Invoice \(1000 + index) could not be rendered"},"traceId":"000102030405060708090a0b0c0d0e0f",
                "attributes":[{"key":"code.filepath","value":{"stringValue":"/srv/billing/render.py"}},
                {"key":"code.function","value":{"stringValue":"render"}},{"key":"code.lineno","value":{"intValue":"88"}},
                {"key":"exception.type","value":{"stringValue":"KeyError"}},{"key":"exception.message","value":{"stringValue":"'total'"}},
                {"key":"exception.stacktrace","value":{"stringValue":"Traceback (most recent call last):\\n  File \\"/srv/billing/render.py\\", line 88, in render\\n    total = data['total']\\nKeyError: 'total'\\n"}}]}
                """
            }.joined(separator: ","))]}]}]}
            """
        var fromJSON: [String] = []
        var fromProtobuf: [String] = []
        try await withServer { server in
            let response = try await server.request("v1/logs", body: Array(json.utf8), headers: ["Content-Type": "application/json"])
            #expect(response.status == 200)
            #expect(response.body.trimmingCharacters(in: .whitespacesAndNewlines) == "{}")
            fromJSON = try server.store.document().issues.map { "\($0.title) \($0.occurrences.count) \($0.signatures.map(\.template))" }
        }
        try await withServer { server in
            _ = try await server.request("v1/logs", body: try Self.otlpRequest().serializedBytes(), headers: ["Content-Type": "application/x-protobuf"])
            fromProtobuf = try server.store.document().issues.map { "\($0.title) \($0.occurrences.count) \($0.signatures.map(\.template))" }
        }
        #expect(!fromJSON.isEmpty)
        #expect(fromJSON == fromProtobuf)
    }

    /// Snappy's literal-only encoding: valid input for any decoder.
    static func snappyLiterals(_ bytes: [UInt8]) -> [UInt8] {
        var output: [UInt8] = []
        var length = bytes.count
        repeat {
            output.append(UInt8(length & 0x7F) | (length >= 0x80 ? 0x80 : 0))
            length >>= 7
        } while length > 0
        var start = 0
        while start < bytes.count {
            let count = min(60, bytes.count - start)
            output.append(UInt8((count - 1) << 2))
            output.append(contentsOf: bytes[start..<(start + count)])
            start += count
        }
        return output
    }

    @Test func lokiPushAsJSONAndAsSnappyProtobuf() async throws {
        try await withServer { server in
            let json = """
                {"streams":[{"stream":{"app":"worker","env":"prod"},"values":[
                ["1773140400000000000","level=error msg=\\"export failed\\" job=7"],
                ["1773140401000000000","level=error msg=\\"export failed\\" job=8"]]}]}
                """
            var response = try await server.request("loki/api/v1/push", body: Array(json.utf8), headers: ["Content-Type": "application/json"])
            #expect(response.status == 204)
            var stream = LokiStream()
            stream.labels = #"{app="worker", env="prod"}"#
            var entry = LokiEntry()
            entry.seconds = 1_773_140_402
            entry.line = #"level=error msg="export failed" job=9"#
            stream.entries = [entry]
            var push = LokiPushRequest()
            push.streams = [stream]
            let body = Self.snappyLiterals(try push.serializedBytes())
            response = try await server.request("loki/api/v1/push", body: body, headers: ["Content-Type": "application/x-protobuf"])
            #expect(response.status == 204)
            let document = try server.store.document()
            #expect(document.issues.count == 1)
            #expect(document.issues.first?.occurrences.count == 3)
            #expect(document.issues.first?.occurrences.lastSeen?.rfc3339 == "2026-03-10T11:00:02.000Z")
            // Each label set is a stream of its own, named by its labels.
            #expect(document.issues.first?.samples.first?.contains("app=worker") == true, "\(document.issues.first?.samples ?? [])")
        }
    }

    @Test func linesOfAnyFormatPerStream() async throws {
        try await withServer { server in
            let text = """
                2026-03-10 11:00:00,000 ERROR app.db: Lost connection to the primary
                Traceback (most recent call last):
                  File "/app/db.py", line 3, in query
                ConnectionError: reset

                """
            var response = try await server.request("ingest?stream=api", body: Array(text.utf8))
            #expect(response.status == 200)
            #expect(response.body.contains("\"records\": 1"))
            let ndjson = #"{"level":"error","msg":"queue full","queue":"mail","time":"2026-03-10T11:00:01Z"}"# + "\n"
            response = try await server.request("ingest?stream=mailer", body: Array(ndjson.utf8))
            #expect(response.status == 200)
            let issues = try await server.issues()
            #expect(issues.count == 2)
            let binary = (0..<2048).map { UInt8(truncatingIfNeeded: $0 &* 7919) }
            response = try await server.request("ingest?stream=junk", body: binary)
            #expect(response.status == 400)
            #expect(response.body.contains("not text"))
        }
    }

    @Test func gzipBodiesAndTheirLimit() async throws {
        try await withServer(configure: { server, _ in server.maxBodyBytes = 64 << 10 }) { server in
            let line = "2026-03-10 11:00:00,000 ERROR app.cache: eviction storm\n"
            var response = try await server.request(
                "ingest", body: try Self.gzip(Array(line.utf8)), headers: ["Content-Encoding": "gzip"])
            #expect(response.status == 200)
            // A megabyte of zeros compresses to a kilobyte: refused once inflated past the limit.
            let bomb = try Self.gzip([UInt8](repeating: 0x41, count: 1 << 20))
            #expect(bomb.count < 64 << 10)
            response = try await server.request("ingest", body: bomb, headers: ["Content-Encoding": "gzip"])
            #expect(response.status == 413)
            response = try await server.request("ingest", body: [UInt8](repeating: 0x41, count: 100 << 10))
            #expect(response.status == 413)
            response = try await server.request("ingest", body: Array("not gzip".utf8), headers: ["Content-Encoding": "gzip"])
            #expect(response.status == 400)
            response = try await server.request("ingest", body: Array(line.utf8), headers: ["Content-Encoding": "br"])
            #expect(response.status == 415)
            response = try await server.request("v1/logs", body: Array("{}".utf8), headers: ["Content-Type": "text/plain"])
            #expect(response.status == 415)
            response = try await server.request("v1/logs", body: Array("{\"resourceLogs\": [".utf8), headers: ["Content-Type": "application/json"])
            #expect(response.status == 400)
            response = try await server.request("v1/logs", body: [0xFF, 0xFF, 0xFF], headers: ["Content-Type": "application/x-protobuf"])
            #expect(response.status == 400)
            response = try await server.request("loki/api/v1/push", body: [0x05, 0x01], headers: ["Content-Type": "application/x-protobuf"])
            #expect(response.status == 400)
        }
    }

    static func gzip(_ bytes: [UInt8]) throws -> [UInt8] {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", "gzip -c"]
        let input = Pipe()
        let output = Pipe()
        process.standardInput = input
        process.standardOutput = output
        try process.run()
        let writer = Thread {
            input.fileHandleForWriting.write(Data(bytes))
            try? input.fileHandleForWriting.close()
        }
        writer.start()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Array(data)
    }

    @Test func aTokenIsRequiredWhenSetAndOffLoopback() async throws {
        try await withServer(configure: { server, _ in server.token = "s3cret-token" }) { server in
            let line = Array("2026-03-10 11:00:00,000 ERROR app.x: failed\n".utf8)
            var response = try await server.request("ingest", body: line)
            #expect(response.status == 401)
            #expect(response.headers["www-authenticate"] == "Bearer")
            response = try await server.request("api/issues", method: "GET", headers: ["Authorization": "Bearer wrong-token!"])
            #expect(response.status == 401)
            response = try await server.request("ingest", body: line, headers: ["Authorization": "Bearer s3cret-token"])
            #expect(response.status == 200)
            // A browser opens the dashboard once with the token, then carries it as a cookie.
            response = try await server.request("api/issues", method: "GET", headers: ["Cookie": "theme=dark; logtriage_token=s3cret-token"])
            #expect(response.status == 200)
            response = try await server.request("api/issues", method: "GET", headers: ["Cookie": "logtriage_token=guess"])
            #expect(response.status == 401)
        }
        var open = IntakeServer.Configuration()
        open.host = "0.0.0.0"
        let store = try SQLiteTrackerStore(path: FileManager.default.temporaryDirectory.appendingPathComponent("lt-\(UUID().uuidString).sqlite").path)
        let live = LiveScan(scan: try ScanService(store: store), analyser: nil)
        #expect(throws: ServerSetupError.self) { try IntakeServer(live: live, store: store, reader: ReaderOptions(), configuration: open) }
    }

    /// While commits cannot keep up, a request past the waiting limit gets 429 and a `Retry-After`.
    @Test func aServiceThatIsBehindAnswers429() async throws {
        try await withServer(runCommitter: false, configure: { _, live in live.maxPendingRecords = 3 }) { server in
            let lines = (0..<3).map { "2026-03-10 11:00:0\($0),000 ERROR app.x: failed \($0)\n" }.joined()
            let first = Task { try await server.request("ingest?stream=a", body: Array(lines.utf8)) }
            while await server.live.pendingRecords == 0 { try await Task.sleep(for: .milliseconds(10)) }
            let response = try await server.request("ingest?stream=b", body: Array(lines.utf8))
            #expect(response.status == 429)
            #expect(response.headers["retry-after"] == "1")
            let runner = Task { await server.live.run() }
            #expect(try await first.value.status == 200)
            runner.cancel()
            await runner.value
            #expect(try server.store.document().issues.first?.occurrences.count == 3)
        }
    }

    @Test func theReadAPI() async throws {
        try await withServer { server in
            _ = try await server.request("ingest", body: Array("2026-03-10 11:00:00,000 ERROR app.x: failed hard\n".utf8))
            var response = try await server.request("api/issues/1", method: "GET")
            #expect(response.status == 200)
            let issue = try #require(try JSONSerialization.jsonObject(with: Data(response.body.utf8)) as? [String: Any])
            #expect(issue["id"] as? Int == 1)
            response = try await server.request("api/issues/2", method: "GET")
            #expect(response.status == 404)
            response = try await server.request("api/investigation-order", method: "GET")
            #expect(response.status == 200)
            response = try await server.request("api/tracker", method: "GET")
            #expect(response.body.contains("\"issues\""))
            response = try await server.request("healthz", method: "GET")
            #expect(response.body.contains("\"committed_records\":1"))
        }
    }
}
