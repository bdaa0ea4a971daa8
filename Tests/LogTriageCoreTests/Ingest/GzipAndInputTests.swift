#if canImport(Glibc)
import Glibc
#endif
import Testing

@testable import LogTriageCore

struct GzipAndInputTests {
    let reader = RecordReader()

    func records(_ path: String) throws -> ([LogRecord], InputSummary) {
        var records: [LogRecord] = []
        let summary = try reader.read(LogInput(path: path)) { records.append($0) }
        return (records, summary)
    }

    @Test func gzipFilesAreDecompressed() throws {
        let (plain, _) = try records(Fixtures.path("ingest/api-rotated.log"))
        let (compressed, summary) = try records(Fixtures.path("ingest/api-rotated.log.1.gz"))
        #expect(summary.compressed)
        #expect(summary.error == nil)
        #expect(compressed.map(\.message) == plain.map(\.message))
        #expect(compressed.count == 4)
    }

    @Test func concatenatedGzipMembersAreAllRead() throws {
        let (records, summary) = try records(Fixtures.path("ingest/multi-member.log.gz"))
        #expect(summary.error == nil)
        #expect(records.count == 5)
        #expect(records.last?.message == "second member line")
    }

    @Test func aTruncatedGzipKeepsWhatWasReadAndSaysSo() throws {
        let full = Fixtures.read(Fixtures.path("ingest/api-rotated.log.1.gz"))
        let directory = Fixtures.temporaryDirectory()
        let path = directory + "/cut.log.gz"
        Fixtures.write(Array(full.prefix(full.count - 12)), to: path)
        let (records, summary) = try records(path)
        #expect(summary.error?.kind == .truncatedGzip)
        #expect(records.count >= 3)
        #expect(records.first?.message == "GET /api/health 200 3ms")
    }

    @Test func corruptGzipIsReportedNotCrashing() throws {
        let directory = Fixtures.temporaryDirectory()
        let path = directory + "/junk.gz"
        Fixtures.write([0x1F, 0x8B, 0x08, 0x00] + [UInt8](repeating: 0xFF, count: 200), to: path)
        let (records, summary) = try records(path)
        #expect(records.isEmpty)
        #expect(summary.error != nil)
    }

    @Test func missingFilesAreNamedInTheError() {
        let error = #expect(throws: IngestError.self) {
            _ = try reader.read(LogInput(path: "/nonexistent/app.log")) { _ in }
        }
        #expect(error?.kind == .notFound)
        #expect(error?.description.contains("/nonexistent/app.log") == true)
    }

    @Test func binaryFilesAreRefused() throws {
        let directory = Fixtures.temporaryDirectory()
        let path = directory + "/image.log"
        var generator = SeededGenerator(seed: 1)
        Fixtures.write((0..<4096).map { _ in UInt8(truncatingIfNeeded: generator.next()) }, to: path)
        let (records, summary) = try records(path)
        #expect(records.isEmpty)
        #expect(summary.error?.kind == .binary)
    }

    @Test func emptyFilesHaveNoRecords() throws {
        let directory = Fixtures.temporaryDirectory()
        Fixtures.write("", to: directory + "/empty.log")
        let (records, summary) = try records(directory + "/empty.log")
        #expect(records.isEmpty)
        #expect(summary.error == nil)
        #expect(summary.lines == 0)
    }

    @Test func directoriesAreWalkedWithIncludes() {
        let directory = Fixtures.temporaryDirectory()
        Fixtures.write("a\n", to: directory + "/app.log")
        Fixtures.write("b\n", to: directory + "/notes.md")
        Fixtures.write("c\n", to: directory + "/.hidden.log")
        Fixtures.makeDirectory(directory + "/nested")
        Fixtures.write("d\n", to: directory + "/nested/worker.log.2")
        let (inputs, errors) = InputExpander.expand([directory])
        #expect(errors.isEmpty)
        #expect(inputs.map(\.path) == [directory + "/app.log", directory + "/nested/worker.log.2"])
        #expect(inputs.allSatisfy { !$0.isExplicit })
        let (markdown, _) = InputExpander.expand([directory], include: ["*.md"])
        #expect(markdown.map(\.path) == [directory + "/notes.md"])
        let (_, missing) = InputExpander.expand([directory + "/nope"])
        #expect(missing.first?.kind == .notFound)
    }

    @Test func invalidUTF8AndLongLinesAreCountedAndKept() throws {
        var bytes = Array("2024-05-04 10:00:00,000 - app - ERROR - bad byte ".utf8) + [0xFF] + Array("here\n".utf8)
        let longLine = "2024-05-04 10:00:01,000 - app - INFO - " + String(repeating: "x", count: 5000)
        bytes += Array((longLine + "\n").utf8)
        var records: [LogRecord] = []
        let reader = RecordReader(options: ReaderOptions(maxLineBytes: 1024))
        let summary = try reader.read(source: MemorySource(bytes), name: "t", referenceDate: CivilDate(year: 2024, month: 1, day: 1)) {
            records.append($0)
        }
        #expect(records.count == 2)
        #expect(summary.invalidUTF8Lines == 1)
        #expect(records[0].message.contains("\u{FFFD}"))
        #expect(summary.truncatedLines == 1)
        #expect(records[1].message.hasSuffix("…[truncated \(longLine.utf8.count - 1024) bytes]"))
    }
}
