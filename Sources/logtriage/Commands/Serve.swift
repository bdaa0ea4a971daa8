import ArgumentParser
import LogTriageCore
import LogTriageServer
import LogTriageService
import LogTriageStore

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

extension LogTriage {
    struct Serve: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Take logs over HTTP (OTLP, Loki push, lines) and keep the tracker current; serve it as JSON.",
            discussion: """
                Intake: POST /v1/logs (OTLP/HTTP, protobuf or JSON), POST /loki/api/v1/push (JSON or snappy \
                protobuf), POST /ingest?stream=NAME (lines of any format logtriage reads). Each request is answered \
                once its records are stored; a client that gets 429 or 503 retries after 'Retry-After'. Read: \
                GET /api/issues, /api/issues/N, /api/investigation-order, /api/tracker, /healthz. \
                With '--watch PATHS' the same process also follows files. Ctrl-C or SIGTERM stops after storing \
                everything accepted.
                """)

        @OptionGroup var store: StoreOptions
        @OptionGroup var live: LiveOptions

        @Option(help: "The address to listen on. Anything but loopback requires a token.")
        var host = "127.0.0.1"

        @Option(help: "The port (4318 is OTLP/HTTP's; 0 picks a free one).")
        var port = 4318

        @Option(help: ArgumentHelp("A token clients must send as 'Authorization: Bearer <token>' (default: $LOGTRIAGE_TOKEN).", valueName: "token"))
        var token: String?

        @Option(help: ArgumentHelp("The largest request body, in MiB, before and after decompression.", valueName: "MiB"))
        var maxBodyMib = 16

        @Option(
            parsing: .upToNextOption,
            help: ArgumentHelp("Also follow these files or directories ('-' for standard input), as 'watch' does.", valueName: "paths"))
        var watch: [String] = []

        @Option(help: ArgumentHelp("When following files, read only names matching this glob (repeatable).", valueName: "glob"))
        var include: [String] = []

        @Option(help: ArgumentHelp("UTC offset for times written without one, e.g. '+02:00' or 'local'. Default: UTC.", valueName: "offset"))
        var tz: String?

        func validate() throws {
            guard (0...65_535).contains(port) else { throw ValidationError("Please give a '--port' between 0 and 65535.") }
            guard (1...1024).contains(maxBodyMib) else { throw ValidationError("Please give a '--max-body-mib' between 1 and 1024.") }
            do {
                try serverConfiguration.check()
            } catch let error as ServerSetupError {
                throw ValidationError(error.description)
            }
        }

        private var serverConfiguration: IntakeServer.Configuration {
            var configuration = IntakeServer.Configuration()
            configuration.host = host
            configuration.port = port
            configuration.token = token ?? environment("LOGTRIAGE_TOKEN")
            configuration.maxBodyBytes = maxBodyMib << 20
            return configuration
        }

        func run() async throws {
            let reader = try InputOptions.readerOptions(tz: tz)
            let tracker = try store.open(create: true)
            let service = try live.service(store: tracker)
            let server = try IntakeServer(live: service, store: tracker, reader: reader, configuration: serverConfiguration)
            let (paths, include, known) = (watch, include, try tracker.sources())
            let (host, db, interval) = (host, store.db, live.interval)
            try await service.serving {
                let follow = paths.isEmpty ? nil : Task {
                    let follower = FileFollower(paths: paths, include: include, options: reader, known: known)
                    try await FollowLoop.run(follower, into: service, interval: interval) { Diagnostics.warn($0) }
                }
                // Stops gracefully on SIGINT and SIGTERM: requests in flight finish, then everything accepted is stored.
                defer { follow?.cancel() }
                try await server.run { port in
                    var output = StandardOutput()
                    output.write("Listening on http://\(host):\(port) into \(db) (Ctrl-C to stop).\n")
                    output.flush()
                }
                follow?.cancel()
                try await follow?.value
            }
            var output = StandardOutput()
            output.write("Stopped: \(await service.committedRecords) record(s) filed.\n")
            output.flush()
        }

        private func environment(_ name: String) -> String? {
            getenv(name).map { String(cString: $0) }
        }
    }
}
