import ArgumentParser
import Dispatch
import LogTriageCore
import LogTriageService
import LogTriageStore

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

extension LogTriage {
    struct Watch: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Follow logs as they grow and keep the tracker current; print a line when an issue opens, grows or regresses.",
            discussion: """
                Files are followed by identity, as 'tail -F' does: a rotated file is read to its end under its new \
                name, the new file from its first line; a truncated file is read again; new files in a named \
                directory are picked up. '-' follows standard input until it closes. What is read is committed \
                with its resume point every poll, so Ctrl-C or a restart neither loses nor repeats lines.
                """)

        @OptionGroup var input: InputOptions
        @OptionGroup var store: StoreOptions
        @OptionGroup var live: LiveOptions

        func validate() throws { try input.validatePaths() }

        func run() async throws {
            let tracker = try store.open(create: true)
            let service = try live.service(store: tracker)
            var output = StandardOutput()
            output.write("Watching \(input.paths.joined(separator: ", ")) into \(store.db) (Ctrl-C to stop).\n")
            output.flush()
            let (paths, include, options, known) = (input.paths, input.include, try input.readerOptions(), try tracker.sources())
            let interval = live.interval
            try await service.serving {
                let follow = Task {
                    let follower = FileFollower(paths: paths, include: include, options: options, known: known)
                    try await FollowLoop.run(follower, into: service, interval: interval) { Diagnostics.warn($0) }
                }
                let signals = StopSignals { follow.cancel() }
                defer { signals.cancel() }
                try await follow.value
            }
            output.write("Stopped: \(await service.committedRecords) record(s) filed.\n")
            output.flush()
        }
    }
}

/// Ctrl-C and SIGTERM stop a live command gracefully instead of killing it.
final class StopSignals {
    private let sources: [any DispatchSourceSignal]

    init(_ stop: @escaping @Sendable () -> Void) {
        sources = [SIGINT, SIGTERM].map { number in
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            source.setEventHandler(handler: stop)
            source.resume()
            return source
        }
    }

    func cancel() {
        for source in sources { source.cancel() }
    }
}
