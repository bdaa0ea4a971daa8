import Foundation
import HTTPTypes
import Hummingbird
import LogTriageCore
import LogTriageService
import LogTriageStore
import Logging
import SwiftProtobuf

/// The HTTP side of a live tracker: intake endpoints that file records through a ``LiveScan`` and answer once they
/// are stored, and a read-only JSON API with the shapes of `report --format json`.
///
/// - `POST /v1/logs`: OTLP/HTTP logs, protobuf or JSON.
/// - `POST /loki/api/v1/push`: Loki push, JSON or snappy-compressed protobuf.
/// - `POST /ingest[?stream=NAME]`: lines of any format logtriage reads (NDJSON, text), per stream.
/// - `GET /api/issues`, `GET /api/issues/{number}`, `GET /api/investigation-order`, `GET /api/tracker`, `GET /healthz`.
///
/// Bodies may be gzip-compressed (`Content-Encoding: gzip`); the size limit holds after decompression.
public struct IntakeServer: Sendable {
    public struct Configuration: Sendable {
        public var host = "127.0.0.1"
        public var port = 4318
        /// Required on every request when set; required to be set when `host` is not a loopback address.
        public var token: String?
        /// The largest body accepted, before and after decompression.
        public var maxBodyBytes = 16 << 20

        public init() {}

        /// Refuses an address other machines can reach without a token.
        public func check() throws {
            if !isLoopback, token?.isEmpty ?? true {
                throw ServerSetupError(
                    "Listening on \(host) lets other machines send logs: please give a token ('--token' or "
                        + "LOGTRIAGE_TOKEN) that clients send as 'Authorization: Bearer <token>'.")
            }
        }

        /// Whether only this machine can connect.
        public var isLoopback: Bool {
            host == "localhost" || host == "::1" || host.hasPrefix("127.")
        }
    }

    public let configuration: Configuration
    let live: LiveScan
    let store: any TrackerStore
    let lines: LineIntake
    let readerOptions: ReaderOptions
    let scrubber: SecretScrubber?
    /// The anti-forgery token of the dashboard's forms: random per server run.
    let csrf: String
    let documents: DocumentCache

    /// `reader` reads the lines that arrive (formats, time zone, scrubbing), as for files.
    public init(live: LiveScan, store: any TrackerStore, reader: ReaderOptions, configuration: Configuration) throws {
        try configuration.check()
        self.live = live
        self.store = store
        self.configuration = configuration
        self.lines = LineIntake(options: reader)
        self.readerOptions = reader
        self.scrubber = reader.scrubber
        self.documents = DocumentCache(store: store, live: live)
        var generator = SystemRandomNumberGenerator()
        self.csrf = (0..<4).map { _ in String(generator.next() as UInt64, radix: 16) }.joined()
    }

    /// The routes, for ``application(onRunning:)`` and tests.
    public func router() -> Router<BasicRequestContext> {
        let router = Router()
        router.add(middleware: SecurityHeadersMiddleware())
        if let token = configuration.token, !token.isEmpty { router.add(middleware: BearerTokenMiddleware(token: token)) }
        router.post("/v1/logs") { request, context in try await otlp(request, context) }
        router.post("/loki/api/v1/push") { request, context in try await loki(request, context) }
        router.post("/ingest") { request, context in try await ingest(request, context) }
        router.get("/api/issues") { _, _ in try json(TrackerJSON.render(issues: try await documents.document().issues)) }
        router.get("/api/issues/:number") { _, context in
            guard let number = context.parameters.get("number", as: Int.self), let issue = try store.issue(number) else {
                throw IntakeError.notFound("no such issue")
            }
            return json(TrackerJSON.render(issue: issue))
        }
        router.get("/api/investigation-order") { _, _ in
            try json(TrackerJSON.render(investigationOrder: try await documents.document().investigationOrder))
        }
        router.get("/api/tracker") { _, _ in try json(TrackerJSON.render(try await documents.document())) }
        addDashboard(to: router)
        router.get("/healthz") { _, _ in
            var writer = JSONWriter()
            writer.beginObject()
            writer.field("status")
            writer.string("ok")
            writer.field("pending_records")
            writer.number(await live.pendingRecords)
            writer.field("committed_records")
            writer.number(await live.committedRecords)
            writer.endObject()
            return json(String(decoding: writer.bytes, as: UTF8.self) + "\n")
        }
        return router
    }

    /// The server, listening on the configured address; `onRunning` hears the port it is bound to.
    public func application(onRunning: @escaping @Sendable (Int) async -> Void = { _ in }) -> some ApplicationProtocol {
        Application(
            router: router(),
            configuration: .init(address: .hostname(configuration.host, port: configuration.port), serverName: "logtriage"),
            onServerRunning: { channel in await onRunning(channel.localAddress?.port ?? 0) },
            logger: Self.logger)
    }

    /// Serves until SIGINT or SIGTERM (then lets requests in flight finish), or without `handlingSignals` until
    /// the task is cancelled. `onRunning` hears the port it is bound to.
    public func run(handlingSignals: Bool = true, onRunning: @escaping @Sendable (Int) async -> Void = { _ in }) async throws {
        let application = application(onRunning: onRunning)
        if handlingSignals {
            try await application.runService()
        } else {
            try await application.run()
        }
    }

    /// The framework's own messages: warnings and errors only (the command prints where it listens).
    static let logger: Logger = {
        var logger = Logger(label: "logtriage")
        logger.logLevel = .warning
        return logger
    }()

    // MARK: - Intake

    private func otlp(_ request: Request, _ context: BasicRequestContext) async throws -> Response {
        let type = mediaType(request)
        let body = try await self.body(request, context)
        let decoded: OTLPLogs.Decoded
        let isProtobuf: Bool
        switch type {
        case "application/x-protobuf", "application/protobuf":
            decoded = OTLPLogs.decode(try OTLPLogs.request(protobuf: body))
            isProtobuf = true
        case "application/json":
            decoded = OTLPLogs.decode(try OTLPLogs.request(json: body))
            isProtobuf = false
        default:
            throw IntakeError.unsupportedMediaType("OTLP/HTTP logs are sent as application/x-protobuf or application/json")
        }
        for (stream, built) in decoded.records {
            var records = built
            let first = await lines.lineNumbers(records.count, stream: "otlp:" + stream)
            for index in records.indices {
                records[index].lineStart = first + index
                records[index].lineEnd = first + index
                scrubber?.scrub(&records[index])
            }
            try await submit(records, source: stream)
        }
        for (stream, text) in decoded.lines {
            var records = try await read(text, stream: "otlp:" + stream)
            for index in records.indices { label(&records[index], [("service", stream)]) }
            try await submit(records, source: stream)
        }
        if isProtobuf {
            return Response(
                status: .ok, headers: [.contentType: "application/x-protobuf"],
                body: ResponseBody(byteBuffer: ByteBuffer(bytes: try OTLPExportLogsResponse().serializedBytes() as [UInt8])))
        }
        return json("{}\n")
    }

    private func loki(_ request: Request, _ context: BasicRequestContext) async throws -> Response {
        let type = mediaType(request)
        let streams: [LokiPush.Stream]
        switch type {
        case "application/json":
            streams = try LokiPush.streams(json: try await body(request, context))
        case "application/x-protobuf", "application/protobuf", "":
            // Promtail and Alloy send snappy-compressed protobuf; the limit holds once decompressed.
            streams = try LokiPush.streams(protobuf: try await body(request, context), limit: configuration.maxBodyBytes)
        default:
            throw IntakeError.unsupportedMediaType("Loki pushes are sent as application/json or application/x-protobuf")
        }
        for stream in streams where !stream.entries.isEmpty {
            var text: [UInt8] = []
            for entry in stream.entries {
                text.append(contentsOf: entry.line.utf8)
                if entry.line.last != "\n" { text.append(0x0A) }
            }
            let (read, firstLine) = try await lines.records(text, stream: "loki:" + stream.key)
            var records = read
            let service = stream.service
            var labels = stream.labels.map { (name: $0.name, value: scrubber?.scrub($0.value) ?? $0.value) }
            if let service { labels.append(("service", service)) }
            for index in records.indices {
                label(&records[index], labels)
                // A line without its own time happened when Loki's entry says.
                if records[index].time == nil {
                    let entry = min(max(records[index].lineStart - firstLine, 0), stream.entries.count - 1)
                    records[index].time = Timestamp(millisecondsSinceEpoch: stream.entries[entry].nanoseconds / 1_000_000)
                }
            }
            try await submit(records, source: service ?? "loki")
        }
        return Response(status: .noContent)
    }

    private func ingest(_ request: Request, _ context: BasicRequestContext) async throws -> Response {
        let stream = request.uri.queryParameters["stream"].map(String.init) ?? "ingest"
        guard !stream.isEmpty, stream.count <= 200 else { throw IntakeError.badRequest("a stream name is 1 to 200 characters") }
        let records = try await read(try await body(request, context), stream: stream)
        try await submit(records, source: stream)
        return json("{\"records\": \(records.count)}\n")
    }

    private func read(_ text: [UInt8], stream: String) async throws -> [LogRecord] {
        do {
            return try await lines.records(text, stream: stream).records
        } catch let error as IngestError {
            throw IntakeError.badRequest("\(error.kind == .binary ? "the body is not text" : error.description)")
        }
    }

    private func submit(_ records: [LogRecord], source: String) async throws {
        guard !records.isEmpty else { return }
        do {
            try await live.submit(records, source: source)
        } catch let error as LiveScanError {
            throw IntakeError(error)
        }
    }

    /// Adds labels as attributes a record does not already have.
    private func label(_ record: inout LogRecord, _ labels: [(name: String, value: String)]) {
        for label in labels where !record.attributes.contains(where: { $0.key == label.name }) {
            record.attributes.append(Attribute(label.name, .string(label.value)))
        }
    }

    // MARK: - Bodies

    private func mediaType(_ request: Request) -> String {
        let value = request.headers[.contentType] ?? ""
        return value.split(separator: ";").first.map { $0.trimmingCharacters(in: .whitespaces).lowercased() } ?? ""
    }

    /// The body, decompressed when it says it is gzip, at most `maxBodyBytes` either way.
    private func body(_ request: Request, _ context: BasicRequestContext) async throws -> [UInt8] {
        let buffer: ByteBuffer
        do {
            buffer = try await request.body.collect(upTo: configuration.maxBodyBytes)
        } catch let error as any HTTPResponseError where error.status == .contentTooLarge {
            throw IntakeError.tooLarge(configuration.maxBodyBytes)
        }
        let bytes = Array(buffer.readableBytesView)
        switch request.headers[.contentEncoding]?.lowercased() {
        case nil, "identity": return bytes
        case "gzip", "x-gzip": return try Inflate.gunzip(bytes, limit: configuration.maxBodyBytes)
        case let other?: throw IntakeError.unsupportedMediaType("Content-Encoding '\(other)' is not supported; send gzip or none")
        }
    }

    /// JSON with `<`, `>` and `&` written as escapes (they only occur inside strings): log text stays inert even
    /// where a consumer pastes the API's answer into a page.
    private func json(_ text: String) -> Response {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(text.utf8.count)
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "<"): bytes += Array("\\u003c".utf8)
            case UInt8(ascii: ">"): bytes += Array("\\u003e".utf8)
            case UInt8(ascii: "&"): bytes += Array("\\u0026".utf8)
            default: bytes.append(byte)
            }
        }
        return Response(status: .ok, headers: [.contentType: "application/json"], body: ResponseBody(byteBuffer: ByteBuffer(bytes: bytes)))
    }
}

/// gzip bodies, inflated with a limit so a small body cannot expand without bound.
enum Inflate {
    static func gunzip(_ bytes: [UInt8], limit: Int) throws -> [UInt8] {
        do {
            var source = try GzipSource(MemorySource(bytes), path: "request body")
            var output: [UInt8] = []
            var chunk = [UInt8](repeating: 0, count: 64 << 10)
            while true {
                let count = try chunk.withUnsafeMutableBytes { try source.read(into: $0) }
                if count == 0 { return output }
                guard output.count + count <= limit else { throw IntakeError.tooLarge(limit) }
                output.append(contentsOf: chunk[..<count])
            }
        } catch let error as IngestError {
            throw IntakeError.badRequest("the body says gzip but is not (\(error.detail))")
        }
    }
}

/// A server that cannot start as configured.
public struct ServerSetupError: Error, CustomStringConvertible {
    public var description: String
    init(_ description: String) { self.description = description }
}

/// Every request must carry the token: `Authorization: Bearer <token>` from clients, or the cookie a browser gets by
/// opening any page once with `?token=<token>` (HttpOnly, same-site only).
struct BearerTokenMiddleware<Context: RequestContext>: RouterMiddleware {
    static var cookie: String { "logtriage_token" }
    let token: [UInt8]

    init(token: String) { self.token = Array(token.utf8) }

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        if let header = request.headers[.authorization], header.lowercased().hasPrefix("bearer "),
            Self.equal(Array(header.utf8.dropFirst(7)), token)
        {
            return try await next(request, context)
        }
        for cookie in request.headers[values: .cookie].flatMap({ $0.split(separator: ";") }) {
            let pair = cookie.trimmingCharacters(in: .whitespaces)
            if pair.hasPrefix(Self.cookie + "="), Self.equal(Array(pair.utf8.dropFirst(Self.cookie.utf8.count + 1)), token) {
                return try await next(request, context)
            }
        }
        if request.method == .get, let given = request.uri.queryParameters["token"], Self.equal(Array(given.utf8), token) {
            return Response(
                status: .seeOther,
                headers: [
                    .location: request.uri.path,
                    .setCookie: "\(Self.cookie)=\(String(decoding: token, as: UTF8.self)); Path=/; HttpOnly; SameSite=Strict",
                ])
        }
        throw IntakeError.unauthorized
    }

    /// Compares in time that does not depend on where the bytes differ.
    static func equal(_ a: [UInt8], _ b: [UInt8]) -> Bool {
        guard a.count == b.count else { return false }
        var difference: UInt8 = 0
        for index in a.indices { difference |= a[index] ^ b[index] }
        return difference == 0
    }
}
