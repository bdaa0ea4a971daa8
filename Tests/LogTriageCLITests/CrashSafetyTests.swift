import Foundation
import LogTriageStore
import Testing

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// What a killed scan, a full disk and concurrent scans leave behind: a sound tracker holding exactly what
/// completed scans wrote.
struct CrashSafetyTests {
    let directory: URL

    init() throws {
        directory = try CLI.scratchDirectory("crash")
    }

    func path(_ name: String) -> String { directory.appendingPathComponent(name).path }

    /// A log of a few failures among traffic, big enough that a scan takes a while.
    func writeLog(_ name: String, lines: Int, seed: Int) throws {
        var text = ""
        text.reserveCapacity(lines * 90)
        let failures = [
            "app.db - ERROR - Database connection lost (pool=main)", "app.pay - ERROR - Payment gateway timeout after 30s",
            "app.mail - WARNING - SMTP relay refused the message", "app.auth - ERROR - Token verification failed for user",
        ]
        for i in 0..<lines {
            let time = String(format: "2026-03-10 %02d:%02d:%02d,%03d", (i / 3600) % 24, (i / 60) % 60, i % 60, (i * 7) % 1000)
            if (i * 31 + seed) % 17 == 0 {
                text += "\(time) - \(failures[(i + seed) % failures.count]) \(i % 50)\n"
            } else {
                text += "\(time) - app.web - INFO - GET /api/items/\(i % 997) 200 in \(i % 90) ms\n"
            }
        }
        try Data(text.utf8).write(to: directory.appendingPathComponent(name))
    }

    /// Each issue's title and count, as the JSON report has them.
    func totals(_ db: String) throws -> [String: Int] {
        let result = try CLI.run(["report", "--format", "json", "--db", db])
        #expect(result.status == 0, "\(result.stderr)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        var totals: [String: Int] = [:]
        for issue in try #require(object["issues"] as? [[String: Any]]) {
            let title = issue["title"] as? String ?? ""
            totals[title, default: 0] += (issue["occurrences"] as? [String: Any])?["count"] as? Int ?? 0
        }
        return totals
    }

    func start(_ arguments: [String]) throws -> Process {
        let process = Process()
        process.executableURL = CLI.binary
        process.arguments = arguments
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        return process
    }

    @Test func scansKilledAtAnyPointLoseNothingAndCountNothingTwice() throws {
        try writeLog("big.log", lines: 60_000, seed: 3)
        let clean = path("clean.sqlite")
        #expect(try CLI.run(["scan", path("big.log"), "--db", clean]).status == 0)
        let expected = try totals(clean)
        #expect(expected.values.reduce(0, +) > 3000)

        let killed = path("killed.sqlite")
        // kill -9 early (opening, reading) and late (writing); some kills may land after the scan finished
        for delay in [150_000, 600_000, 1_200_000, 2_500_000] as [useconds_t] {
            let process = try start(["scan", path("big.log"), "--db", killed])
            usleep(delay)
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
            let store = try SQLiteTrackerStore(path: killed)
            #expect(try store.integrityCheck() == ["ok"])
        }
        #expect(try CLI.run(["scan", path("big.log"), "--db", killed]).status == 0)
        #expect(try totals(killed) == expected)
    }

    @Test func aFullDiskIsReportedAndLeavesTheTrackerAsItWas() throws {
        try writeLog("small.log", lines: 200, seed: 1)
        try writeLog("big.log", lines: 40_000, seed: 2)
        let db = path("tracker.sqlite")
        #expect(try CLI.run(["scan", path("small.log"), "--db", db]).status == 0)
        let before = try totals(db)
        // a file size limit (KiB) that lets the tracker open (its shared-memory index is 32 KiB) but not take the
        // scan's write-ahead log: the scan's writes fail as on a full disk
        let limit = 48
        let shell = Process()
        shell.executableURL = URL(fileURLWithPath: "/bin/bash")  // bash counts `ulimit -f` in KiB (dash in 512-byte blocks)
        shell.arguments = ["-c", "ulimit -f \(limit); exec \"$0\" scan \"$1\" --db \"$2\"", CLI.binary.path, path("big.log"), db]
        let errors = Pipe()
        shell.standardError = errors
        shell.standardOutput = FileHandle.nullDevice
        try shell.run()
        let stderr = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        shell.waitUntilExit()
        #expect(shell.terminationStatus == 1, "\(stderr)")
        #expect(stderr.contains("The tracker could not be written"), "\(stderr)")
        #expect(stderr.contains("The write was rolled back"))

        #expect(try SQLiteTrackerStore(path: db).integrityCheck() == ["ok"])
        #expect(try totals(db) == before)
        // with room again, the same scan goes through
        #expect(try CLI.run(["scan", path("big.log"), "--db", db]).status == 0)
        #expect(try totals(db).values.reduce(0, +) > before.values.reduce(0, +))
    }
}
