import LogTriageCore

/// Polls a ``FileFollower`` and files what it reads through a ``LiveScan`` until the task is cancelled (Ctrl-C,
/// SIGTERM) or standard input, the only input, ends. Every batch is committed before the next poll, with its
/// resume point, so a restart neither loses nor repeats lines.
public enum FollowLoop {
    public static func run(
        _ follower: FileFollower, into live: LiveScan, interval: Duration = .seconds(1),
        note: @escaping @Sendable (String) -> Void
    ) async throws {
        var follower = follower
        defer { follower.closeAll() }
        while true {
            let stopping = Task.isCancelled
            let poll = follower.poll(at: .now)
            for text in poll.notes { note(text) }
            for batch in poll.batches {
                try await submit(batch, to: live)
            }
            if stopping || poll.finished { return }
            if !poll.hasMore { try? await Task.sleep(for: interval) }
        }
    }

    private static func submit(_ batch: FileFollower.Batch, to live: LiveScan) async throws {
        while true {
            do {
                return try await live.submit(batch.records, source: batch.source, progress: batch.progress, input: batch.input)
            } catch LiveScanError.busy(let seconds) {
                // Files wait; nothing is dropped.
                try? await Task.sleep(for: .seconds(seconds))
            }
        }
    }
}
