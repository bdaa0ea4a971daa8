import Foundation
import Testing

#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// `watch` and `serve` run as a user runs them: a process that follows files or takes HTTP while lines arrive, then
/// stops on a signal with everything it accepted stored.
@Suite(.serialized)
struct LiveCommandTests {
    let directory: URL

    init() throws {
        directory = try CLI.scratchDirectory("live")
    }

    func path(_ name: String) -> String { directory.appendingPathComponent(name).path }

    func append(_ name: String, _ text: String) throws {
        if !FileManager.default.fileExists(atPath: path(name)) { FileManager.default.createFile(atPath: path(name), contents: nil) }
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path(name)))
        try handle.seekToEnd()
        try handle.write(contentsOf: Data(text.utf8))
        try handle.close()
    }

    static func lines(_ range: Range<Int>, _ message: String) -> String {
        range.map { String(format: "2026-03-10 12:%02d:%02d,000 ERROR app.jobs: %@ %d\n", $0 / 60 % 60, $0 % 60, message, $0) }.joined()
    }

    /// A running command whose standard output is read as it comes.
    final class Running: @unchecked Sendable {
        let process = Process()
        private let lock = NSLock()
        private var output = ""

        init(_ arguments: [String], in directory: URL, environment: [String: String] = [:]) throws {
            process.executableURL = CLI.binary
            process.arguments = arguments
            process.currentDirectoryURL = directory
            process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
            let pipe = Pipe()
            process.standardOutput = pipe
            process.standardError = FileHandle.nullDevice
            pipe.fileHandleForReading.readabilityHandler = { [weak self] handle in
                let data = handle.availableData
                guard let self, !data.isEmpty else { return }
                self.lock.lock()
                self.output += String(decoding: data, as: UTF8.self)
                self.lock.unlock()
            }
            try process.run()
        }

        var text: String {
            lock.lock()
            defer { lock.unlock() }
            return output
        }

        /// Waits until the output holds `needle` (up to 20 s).
        @discardableResult
        func wait(for needle: String) -> Bool {
            for _ in 0..<400 {
                if text.contains(needle) { return true }
                usleep(50_000)
            }
            return false
        }

        func stop() -> Int32 {
            kill(process.processIdentifier, SIGTERM)
            process.waitUntilExit()
            usleep(100_000)
            return process.terminationStatus
        }
    }

    func totals(_ db: String, detailed: Bool = false) throws -> [String: Int] {
        let result = try CLI.run(["report", "--format", "json", "--db", db])
        #expect(result.status == 0, "\(result.stderr)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        var totals: [String: Int] = [:]
        for issue in try #require(object["issues"] as? [[String: Any]]) {
            var key = issue["title"] as? String ?? ""
            if detailed { key += " | \(issue["subsystem"] as? String ?? "-") | \(issue["kind"] as? String ?? "-")" }
            totals[key, default: 0] += (issue["occurrences"] as? [String: Any])?["count"] as? Int ?? 0
        }
        return totals
    }

    /// Lines appended, a rotation by rename, a truncation and a restart in the middle: the tracker ends with every
    /// line counted once, as one scan of all the lines would count them.
    @Test func watchFollowsRotationTruncationAndRestarts() throws {
        let db = path("live.sqlite")
        try append("app.log", Self.lines(0..<5, "export failed for batch"))
        var watch = try Running(["watch", directory.path, "--db", db, "--poll-seconds", "0.1"], in: directory)
        #expect(watch.wait(for: "NEW      Issue 1"), "\(watch.text)")
        try append("app.log", Self.lines(5..<20, "export failed for batch"))
        #expect(watch.wait(for: "GROWING  Issue 1"), "\(watch.text)")
        try FileManager.default.moveItem(atPath: path("app.log"), toPath: path("app.log.1"))
        try append("app.log.1", Self.lines(20..<22, "export failed for batch"))
        try append("app.log", Self.lines(22..<25, "export failed for batch"))
        usleep(600_000)
        #expect(watch.stop() == 0)
        #expect(watch.text.contains("Stopped: 25 record(s) filed."), "\(watch.text)")

        // Lines written while nothing watched are read on the restart, none twice.
        try append("app.log", Self.lines(25..<30, "export failed for batch"))
        watch = try Running(["watch", directory.path, "--db", db, "--poll-seconds", "0.1"], in: directory)
        #expect(watch.wait(for: "Watching"))
        usleep(800_000)
        // `copytruncate`: the file is emptied in place and written again.
        try Data().write(to: URL(fileURLWithPath: path("app.log")))
        try append("app.log", Self.lines(30..<32, "export failed for batch"))
        usleep(800_000)
        #expect(watch.stop() == 0)
        #expect(watch.text.contains("Stopped: 7 record(s) filed."), "\(watch.text)")
        #expect(try totals(db) == ["export failed for batch …": 32])
    }

    @Test func watchReadsAPipeUntilItCloses() throws {
        let result = try CLI.run(
            ["watch", "-", "--db", path("pipe.sqlite"), "--poll-seconds", "0.05"], stdin: Data(Self.lines(0..<4, "queue stalled").utf8),
            in: directory)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("NEW      Issue 1: queue stalled … (4 records)"), "\(result.stdout)")
        #expect(result.stdout.contains("Stopped: 4 record(s) filed."))
    }

    /// The OpenTelemetry Python SDK exporting over OTLP/HTTP protobuf, and the same records written by a file
    /// handler: serving one and scanning the other give the same issues.
    @Test func anOpenTelemetryExporterGivesTheIssuesOfTheSameLinesInAFile() async throws {
        let db = path("served.sqlite")
        let server = try Running(["serve", "--port", "0", "--db", db], in: directory)
        #expect(server.wait(for: "Listening on http://127.0.0.1:"), "\(server.text)")
        let port = try #require(server.text.split(separator: ":").compactMap { Int($0.prefix { $0.isNumber }) }.first { $0 > 0 })
        let script = """
            import logging, sys
            from opentelemetry.sdk._logs import LoggerProvider, LoggingHandler
            from opentelemetry.sdk._logs.export import SimpleLogRecordProcessor
            from opentelemetry.exporter.otlp.proto.http._log_exporter import OTLPLogExporter
            from opentelemetry.sdk.resources import Resource

            provider = LoggerProvider(resource=Resource.create({"service.name": "orders"}))
            provider.add_log_record_processor(SimpleLogRecordProcessor(OTLPLogExporter(endpoint=sys.argv[1])))
            root = logging.getLogger()
            root.setLevel(logging.INFO)
            root.addHandler(LoggingHandler(level=logging.INFO, logger_provider=provider))
            to_file = logging.FileHandler(sys.argv[2])
            to_file.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
            root.addHandler(to_file)

            # Spreads the records over a quarter of an hour, as a service's traffic would be.
            class Clock(logging.Filter):
                def __init__(self):
                    self.now = 1773140400.0
                def filter(self, record):
                    self.now += 41.0
                    record.created = self.now
                    record.msecs = 0
                    return True

            clock = Clock()
            for handler in root.handlers:
                handler.addFilter(clock)

            payments = logging.getLogger("orders.payments")
            stock = logging.getLogger("orders.stock")
            for order in range(12):
                logging.getLogger("orders.http").info("GET /orders/%d 200", order)
                if order % 3 == 0:
                    payments.error("Card declined for order %d by the provider", order)
                if order % 4 == 1:
                    try:
                        {"sku": order}["quantity"]
                    except KeyError:
                        stock.exception("Reservation failed for order %d", order)
                if order % 5 == 2:
                    stock.warning("Stock level low for warehouse %d", order % 2)
            provider.shutdown()
            """
        try Data(script.utf8).write(to: URL(fileURLWithPath: path("emit.py")))
        let run = try CLI.python([path("emit.py"), "http://127.0.0.1:\(port)/v1/logs", path("orders.log")], environment: ["TZ": "UTC"])
        #expect(run.status == 0, "the OpenTelemetry SDK (pip install opentelemetry-sdk opentelemetry-exporter-otlp-proto-http): \(run.stderr)")

        // A Loki push as Promtail's JSON, then the issues read back through the API while the server runs.
        let push = #"{"streams":[{"stream":{"app":"mailer"},"values":[["1773141000000000000","level=error msg=\"SMTP relay refused\" code=554"]]}]}"#
        #expect(try await Self.http("POST", "http://127.0.0.1:\(port)/loki/api/v1/push", body: push, type: "application/json").status == 204)
        let (status, body) = try await Self.http("GET", "http://127.0.0.1:\(port)/api/issues")
        #expect(status == 200)
        let listed = try #require(try JSONSerialization.jsonObject(with: Data(body.utf8)) as? [[String: Any]])
        #expect(listed.count == 4)
        #expect(listed.contains { $0["title"] as? String == "SMTP relay refused" })
        #expect(server.stop() == 0)

        let scanned = path("scanned.sqlite")
        #expect(try CLI.run(["scan", path("orders.log"), "--db", scanned]).status == 0)
        let expected = try totals(scanned, detailed: true)
        #expect(expected.count == 3, "\(expected)")
        let served = try totals(db, detailed: true)
        #expect(served.filter { $0.key.hasPrefix("SMTP relay refused |") }.values.first == 1, "\(served)")
        #expect(served.filter { !$0.key.hasPrefix("SMTP relay refused |") } == expected)
    }

    /// One HTTP request: the status and the body.
    static func http(_ method: String, _ url: String, body: String? = nil, type: String? = nil) async throws -> (status: Int, body: String) {
        var request = URLRequest(url: URL(string: url)!)
        request.httpMethod = method
        if let body { request.httpBody = Data(body.utf8) }
        if let type { request.setValue(type, forHTTPHeaderField: "Content-Type") }
        let (data, response) = try await URLSession.shared.data(for: request)
        return ((response as? HTTPURLResponse)?.statusCode ?? 0, String(decoding: data, as: UTF8.self))
    }
}
