import Foundation
import LogTriageCore
import Testing

@testable import LogTriageService

/// Following files as a log shipper sees them: appended to, rotated by rename, truncated, rewritten, compressed.
struct FileFollowerTests {
    let directory: URL

    init() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("logtriage-follow-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    }

    func path(_ name: String) -> String { directory.appendingPathComponent(name).path }

    static func line(_ second: Int, _ message: String, level: String = "ERROR") -> String {
        String(format: "2026-03-10 10:%02d:%02d,000 %@ app.worker: %@\n", second / 60, second % 60, level, message)
    }

    func append(_ name: String, _ text: String) throws {
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path(name)))
        try handle.seekToEnd()
        try handle.write(contentsOf: Data(text.utf8))
        try handle.close()
    }

    func write(_ name: String, _ text: String) throws {
        try Data(text.utf8).write(to: URL(fileURLWithPath: path(name)))
    }

    func messages(_ poll: FileFollower.Poll) -> [String] { poll.batches.flatMap { $0.records.map(\.message) } }

    func follower(_ paths: [String], known: [SourceProgress] = []) -> FileFollower {
        FileFollower(paths: paths.map(path), options: ReaderOptions(), known: known)
    }

    @Test func appendedLinesAreReadOnceWithTheirResumePoint() throws {
        try write("app.log", Self.line(1, "job 1 failed"))
        var follower = follower(["app.log"])
        var poll = follower.poll(at: .now)
        #expect(messages(poll) == ["job 1 failed"])
        #expect(follower.poll(at: .now).batches.isEmpty)
        try append("app.log", Self.line(2, "job 2 failed") + "2026-03-10 10:00:03,000 ERROR app.wo")
        poll = follower.poll(at: .now)
        #expect(messages(poll) == ["job 2 failed"])
        let progress = try #require(poll.batches.first?.progress)
        #expect(progress.lines == 2)
        #expect(progress.offset == Int64((Self.line(1, "job 1 failed") + Self.line(2, "job 2 failed")).utf8.count))
        try append("app.log", "rker: job 3 failed\n")
        poll = follower.poll(at: .now)
        #expect(messages(poll) == ["job 3 failed"])
        #expect(poll.batches.first?.records.first?.lineStart == 3)
        follower.closeAll()
    }

    /// `logrotate` without copytruncate: the old file is read to its end under its new name, the new file from
    /// its first line.
    @Test func aRotatedFileIsFinishedAndTheNewOneReadFromTheStart() throws {
        try write("app.log", Self.line(1, "before rotation"))
        var follower = follower(["."])
        #expect(messages(follower.poll(at: .now)) == ["before rotation"])
        try FileManager.default.moveItem(atPath: path("app.log"), toPath: path("app.log.1"))
        try append("app.log.1", Self.line(2, "written late to the old file"))
        try write("app.log", Self.line(3, "first line of the new file"))
        let poll = follower.poll(at: .now)
        #expect(Set(messages(poll)) == ["written late to the old file", "first line of the new file"])
        #expect(poll.notes.contains { $0.contains("renamed to") })
        let fresh = try #require(poll.batches.first { $0.source.hasSuffix("/app.log") })
        #expect(fresh.records.first?.lineStart == 1)
        #expect(follower.poll(at: .now).batches.isEmpty)
        follower.closeAll()
    }

    @Test func aTruncatedOrRewrittenFileIsReadAgainFromTheStart() throws {
        try write("app.log", Self.line(1, "first run a") + Self.line(2, "first run b"))
        var follower = follower(["app.log"])
        #expect(messages(follower.poll(at: .now)).count == 2)
        try write("app.log", Self.line(3, "after truncation"))
        var poll = follower.poll(at: .now)
        #expect(messages(poll) == ["after truncation"])
        #expect(poll.notes.contains { $0.contains("truncated") })
        // The same size again, other bytes: `> app.log` then a line as long as the old one.
        try write("app.log", Self.line(4, "after truncation"))
        poll = follower.poll(at: .now)
        #expect(messages(poll) == ["after truncation"])
        #expect(poll.batches.first?.records.first?.time?.rfc3339 == "2026-03-10T10:00:04.000Z")
        follower.closeAll()
    }

    @Test func aRestartContinuesFromTheTrackersResumePoint() throws {
        try write("app.log", Self.line(1, "old a") + Self.line(2, "old b"))
        var first = follower(["app.log"])
        let progress = try #require(first.poll(at: .now).batches.first?.progress)
        first.closeAll()
        try append("app.log", Self.line(3, "new c"))
        var second = follower(["app.log"], known: [progress])
        let poll = second.poll(at: .now)
        #expect(messages(poll) == ["new c"])
        #expect(poll.batches.first?.records.first?.lineStart == 3)
        second.closeAll()
    }

    @Test func aCompressedRotationIsReadWholeOnce() throws {
        try write("app.log.2", Self.line(1, "archived a") + Self.line(2, "archived b"))
        let gzip = Process()
        gzip.executableURL = URL(fileURLWithPath: "/bin/sh")
        gzip.arguments = ["-c", "gzip -f '\(path("app.log.2"))'"]
        try gzip.run()
        gzip.waitUntilExit()
        var follower = follower(["."])
        let poll = follower.poll(at: .now)
        #expect(messages(poll) == ["archived a", "archived b"])
        #expect(poll.batches.first?.progress?.lines == 2)
        #expect(follower.poll(at: .now).batches.isEmpty)
        follower.closeAll()
    }

    @Test func aLargeFileIsReadInStepsOfTheBudget() throws {
        var text = ""
        for second in 0..<3000 { text += Self.line(second % 3600, "bulk \(second)", level: "INFO") }
        try write("big.log", text)
        var follower = follower(["big.log"])
        follower.readBudget = 64 << 10
        var total = 0
        var polls = 0
        var poll: FileFollower.Poll
        repeat {
            poll = follower.poll(at: .now)
            total += poll.batches.reduce(0) { $0 + $1.records.count }
            polls += 1
        } while poll.hasMore && polls < 100
        #expect(total == 3000)
        #expect(polls > 2)
        follower.closeAll()
    }

    @Test func aMissingFileIsWaitedFor() throws {
        var follower = follower(["later.log"])
        let poll = follower.poll(at: .now)
        #expect(poll.batches.isEmpty)
        #expect(poll.notes.count == 1)
        #expect(follower.poll(at: .now).notes.isEmpty)  // said once
        try write("later.log", Self.line(1, "it exists now"))
        #expect(messages(follower.poll(at: .now)) == ["it exists now"])
        follower.closeAll()
    }
}
