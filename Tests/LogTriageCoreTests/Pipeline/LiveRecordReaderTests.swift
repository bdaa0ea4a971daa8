import Foundation
import Testing

@testable import LogTriageCore

struct LiveRecordReaderTests {
    static let date = CivilDate(year: 2026, month: 3, day: 10)

    func whole(_ bytes: [UInt8], name: String) throws -> ([LogRecord], InputSummary) {
        var records: [LogRecord] = []
        let summary = try RecordReader().read(source: MemorySource(bytes), name: name, referenceDate: Self.date) {
            records.append($0)
        }
        return (records, summary)
    }

    /// Bytes arrive in pieces of any size, cut anywhere (inside lines, inside UTF-8 sequences, between `\r` and
    /// `\n`): the records are those of reading the whole input at once.
    @Test(arguments: [
        "envelope/compose.log", "envelope/kubectl.log", "envelope/journal.log", "multiline/java_logback_caused_by.log",
        "multiline/python_chained_traceback.log", "multiline/go_panic_goroutines.log", "detect/loguru-with-uvicorn.log",
    ])
    func piecesOfAnySizeGiveTheRecordsOfTheWhole(_ fixture: String) throws {
        let bytes = try Array(Data(contentsOf: URL(fileURLWithPath: Fixtures.path(fixture))))
        let (expected, summary) = try whole(bytes, name: fixture)
        var generator = SeededGenerator(seed: UInt64(bytes.count))
        for _ in 0..<5 {
            var reader = LiveRecordReader(name: fixture, referenceDate: Self.date)
            var records: [LogRecord] = []
            var start = 0
            while start < bytes.count {
                let end = min(bytes.count, start + Int.random(in: 1...700, using: &generator))
                try reader.append(Array(bytes[start..<end])) { records.append($0) }
                start = end
            }
            try reader.endInput { records.append($0) }
            try reader.flush { records.append($0) }
            #expect(records == expected)
            #expect(reader.summary.lines == summary.lines)
            #expect(reader.summary.streams.map(\.name) == summary.streams.map(\.name))
        }
    }

    @Test func aLineWithoutItsNewlineIsHeldUntilItArrives() throws {
        var reader = LiveRecordReader(name: "app.log", referenceDate: Self.date)
        var records: [LogRecord] = []
        try reader.append(Array("2026-03-10 10:00:00,000 ERROR app.db: connection refused\n2026-03-10 10:00:01,000 ERR".utf8)) {
            records.append($0)
        }
        try reader.flush { records.append($0) }
        #expect(records.map(\.message) == ["connection refused"])
        #expect(reader.heldBytes == "2026-03-10 10:00:01,000 ERR".utf8.count)
        #expect(reader.lastLine == 1)
        try reader.append(Array("OR app.db: retry failed\r\n".utf8)) { records.append($0) }
        #expect(reader.heldBytes == 0)
        try reader.flush { records.append($0) }
        #expect(records.map(\.message) == ["connection refused", "retry failed"])
        #expect(records.map(\.lineStart) == [1, 2])
        #expect(records.last?.level == .error)
    }

    /// A pause completes the record being written; the reader keeps its format and line numbers afterwards.
    @Test func flushCompletesTheOpenRecordAndReadingGoesOn() throws {
        var reader = LiveRecordReader(name: "app.log", referenceDate: Self.date, firstLine: 41)
        var records: [LogRecord] = []
        let collect = { (record: LogRecord) in records.append(record) }
        try reader.append(
            Array(
                """
                2026-03-10 10:00:00,000 ERROR app.pay: charge failed
                Traceback (most recent call last):
                  File "/app/pay.py", line 10, in charge
                    raise ValueError("declined")
                ValueError: declined

                """.utf8), collect)
        #expect(records.isEmpty)  // the traceback may go on
        try reader.flush(collect)
        #expect(records.count == 1)
        #expect(records[0].exception?.type == "ValueError")
        #expect(records[0].lineStart == 41)
        try reader.append(Array("2026-03-10 10:00:05,000 WARNING app.cache: slow\n".utf8), collect)
        try reader.flush(collect)
        #expect(records.count == 2)
        #expect(records[1].lineStart == 46)
        #expect(records[1].level == .warning)
        #expect(reader.lastLine == 46)
    }

    @Test func aLineLongerThanTheLimitIsCutWhateverThePieces() throws {
        var options = ReaderOptions(maxLineBytes: 256)
        options.scrubber = nil
        var reader = LiveRecordReader(options: options, name: "app.log", referenceDate: Self.date)
        var records: [LogRecord] = []
        let long = "2026-03-10 10:00:00,000 ERROR app.blob: " + String(repeating: "x", count: 5000)
        for piece in Array(long.utf8).chunked(100) { try reader.append(piece) { records.append($0) } }
        #expect(reader.heldBytes == long.utf8.count)
        try reader.append(Array("\n".utf8)) { records.append($0) }
        try reader.flush { records.append($0) }
        #expect(records.count == 1)
        #expect(records[0].message.hasSuffix("…[truncated \(long.utf8.count - 256) bytes]"))
        #expect(reader.summary.truncatedLines == 1)
    }

    @Test func binaryInputIsRefused() throws {
        var reader = LiveRecordReader(name: "image.png", referenceDate: Self.date)
        var bytes: [UInt8] = []
        var generator = SeededGenerator(seed: 7)
        for _ in 0..<4096 { bytes.append(UInt8.random(in: 0...255, using: &generator)) }
        #expect(throws: IngestError.self) {
            try reader.append(bytes) { _ in }
            try reader.flush { _ in }
        }
    }
}

extension Array {
    func chunked(_ size: Int) -> [[Element]] {
        stride(from: 0, to: count, by: size).map { Array(self[$0..<Swift.min(count, $0 + size)]) }
    }
}
