import Foundation
import Testing

/// Runs `.build/<config>/logtriage` the way a user does.
struct CLI {
    static let root: URL = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    static var binary: URL {
        // The test bundle sits next to the executable in the build products directory.
        let products = Bundle.main.bundleURL
        let beside = products.appendingPathComponent("logtriage")
        if FileManager.default.isExecutableFile(atPath: beside.path) { return beside }
        return root.appendingPathComponent(".build/debug/logtriage")
    }

    struct Result {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    static func run(_ arguments: [String], stdin: Data? = nil, in directory: URL? = nil) throws -> Result {
        let process = Process()
        process.executableURL = binary
        process.arguments = arguments
        process.currentDirectoryURL = directory ?? root
        let out = Pipe()
        let err = Pipe()
        let input = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = input
        try process.run()
        if let stdin { input.fileHandleForWriting.write(stdin) }
        try input.fileHandleForWriting.close()
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        let errData = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Result(
            status: process.terminationStatus, stdout: String(decoding: outData, as: UTF8.self),
            stderr: String(decoding: errData, as: UTF8.self))
    }
}

extension CLI {
    /// Runs a Python script (a real client of the binary): exit status, standard output, standard error.
    static func python(_ arguments: [String], environment: [String: String] = [:]) throws -> (status: Int32, stdout: Data, stderr: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3"] + arguments
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        let output = Pipe()
        let errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        try process.run()
        let stdout = output.fileHandleForReading.readDataToEndOfFile()
        let stderr = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        return (process.terminationStatus, stdout, stderr)
    }

    /// A new empty directory for one test's files.
    static func scratchDirectory(_ name: String) throws -> URL {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("logtriage-\(name)-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        return directory
    }

    static func fixture(_ name: String) -> String {
        root.appendingPathComponent("Tests/LogTriageCLITests/Fixtures/\(name)").path
    }
}

struct CLITests {
    @Test func recordsJSONHasTheDocumentedFields() throws {
        let result = try CLI.run(["records", "--json", "Examples/backend.log"])
        #expect(result.status == 0)
        let lines = result.stdout.split(separator: "\n")
        #expect(lines.count > 20)
        let first = try #require(try JSONSerialization.jsonObject(with: Data(lines[5].utf8)) as? [String: Any])
        for key in [
            "file", "line_start", "line_end", "time", "level", "severity_number", "logger", "pid", "thread", "source",
            "message", "exception", "attributes",
        ] {
            #expect(first.keys.contains(key), "missing \(key)")
        }
        #expect(!result.stdout.contains("eyJzdWIiOiJzaG9wLWJhY2tlbmQi"), "a JWT leaked")
    }

    @Test func missingFilesFailAfterTheOthersAreRead() throws {
        let result = try CLI.run(["records", "Examples/backend.log", "no/such/file.log"])
        #expect(result.status == 1)
        #expect(result.stderr.contains("no/such/file.log: no such file or directory"))
        #expect(result.stdout.contains("Checkout failed for cart 7731"))
    }

    @Test func redactPrintsTheFileAsKeptAndCountsTheLines() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("logtriage-redact-\(UUID().uuidString)")
        try FileManager.default.createDirectory(
            at: directory.appendingPathComponent(".logtriage"), withIntermediateDirectories: true)
        try Data("secrets:\n  values: [staging-Pa55]\n".utf8).write(to: directory.appendingPathComponent(".logtriage/config.yaml"))
        let log = """
            2026-03-10 09:14:05,001 INFO app: started
            2026-03-10 09:14:06,001 ERROR app: login as admin with staging-Pa55 failed
            2026-03-10 09:14:07,001 DEBUG app: + deploy --api-token Zq8xW2mLk9RzT4wYb8NcJ1sHf6GdUe3A
            """
        try Data(log.utf8).write(to: directory.appendingPathComponent("app.log"))
        let result = try CLI.run(["redact", "app.log"], in: directory)
        #expect(result.status == 0, "\(result.stderr)")
        let lines = result.stdout.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines.count == 4 && lines[0] == "2026-03-10 09:14:05,001 INFO app: started")
        #expect(!result.stdout.contains("staging-Pa55") && !result.stdout.contains("Zq8xW2mLk9RzT4wYb8NcJ1sHf6GdUe3A"))
        #expect(result.stdout.contains("--api-token [REDACTED:secret]"))
        #expect(result.stderr.contains("app.log: 2 of 3 line(s) redacted"))
        let missing = try CLI.run(["redact", "nope.log"], in: directory)
        #expect(missing.status == 1 && missing.stderr.contains("nope.log"))
    }

    @Test func standardInputIsRead() throws {
        let result = try CLI.run(
            ["records", "--json", "-"], stdin: Data("2024-05-04 12:00:00,000 - app - ERROR - boom\n".utf8))
        #expect(result.status == 0)
        #expect(result.stdout.contains("\"message\":\"boom\""))
        #expect(result.stdout.contains("\"file\":\"<stdin>\""))
    }

    @Test func unknownFormatsAreRefusedWithTheChoices() throws {
        let result = try CLI.run(["records", "--format", "xml", "Examples/backend.log"])
        #expect(result.status == 64)
        #expect(result.stderr.contains("Unknown format 'xml'"))
        #expect(result.stderr.contains("python-logging"))
    }

    @Test func binaryInputIsRefused() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("logtriage-binary-\(UUID().uuidString).log")
        var bytes = [UInt8]()
        for index in 0..<8192 { bytes.append(UInt8(truncatingIfNeeded: index &* 7919 &+ 13)) }
        try Data(bytes).write(to: path)
        defer { try? FileManager.default.removeItem(at: path) }
        let result = try CLI.run(["records", path.path])
        #expect(result.status == 1)
        #expect(result.stderr.contains("binary"))
        #expect(result.stdout.isEmpty)
    }

    @Test func formatsNamesTheDetectedFormat() throws {
        let result = try CLI.run(["formats", "--json", "Examples/backend.log"])
        #expect(result.status == 0)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        #expect(object["format"] as? String == "python-logging")
        let byFormat = try #require(object["lines_by_format"] as? [String: Int])
        #expect((byFormat["uvicorn"] ?? 0) > 10)
    }

    /// `formats --list` needs no log; the commands that read logs still ask for one.
    @Test func formatsListNeedsNoLog() throws {
        let list = try CLI.run(["formats", "--list"])
        #expect(list.status == 0, "\(list.stderr)")
        let names = list.stdout.split(separator: "\n").map(String.init)
        #expect(names.contains("redis") && names.contains("mongodb") && names.contains("leveled-text"))
        for command in ["records", "scan", "formats", "match"] {
            let missing = try CLI.run([command])
            #expect(missing.status != 0, "\(command)")
            #expect(missing.stderr.contains("at least one log file"), "\(command): \(missing.stderr)")
        }
    }

    @Test func aCustomPatternIsAccepted() throws {
        let result = try CLI.run(
            ["records", "--json", "--format", "<Date> <Time> <Level> <Component>: <Content>", "-"],
            stdin: Data("17/06/09 20:10:40 INFO spark.SecurityManager: Changing view acls to: yarn\n".utf8))
        #expect(result.status == 0)
        #expect(result.stdout.contains("\"logger\":\"spark.SecurityManager\""))
        #expect(result.stdout.contains("\"time\":\"2017-06-09T20:10:40.000Z\""))
    }
}
