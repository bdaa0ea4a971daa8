import Testing

@testable import LogTriageCore

struct RecordReaderTests {
    func read(_ fixture: String, options: ReaderOptions = ReaderOptions()) throws -> ([LogRecord], InputSummary) {
        var records: [LogRecord] = []
        let summary = try RecordReader(options: options).read(LogInput(path: Fixtures.path(fixture))) { records.append($0) }
        return (records, summary)
    }

    @Test func detectsThePrimaryFormatAndReadsOthersPerLine() throws {
        let (records, summary) = try read("detect/loguru-with-uvicorn.log")
        #expect(summary.format == "uvicorn")  // five uvicorn lines to four loguru lines
        #expect(summary.linesByFormat["loguru"] == 4)
        #expect(summary.linesByFormat["uvicorn"] == 5)
        #expect(records.count == 9)
        let reload = try #require(records.last)
        #expect(reload.format == "uvicorn")
        #expect(reload.level == .warning)
        #expect(reload.message.hasPrefix("StatReload detected changes"))
        let rejected = records[5]
        #expect(rejected.source == SourceLocation(file: "middleware.auth_middleware", function: "verify_token", line: 163))
        #expect(rejected.time?.rfc3339 == "2026-03-10T14:02:15.119Z")
        // A uvicorn line without a time takes the previous record's.
        #expect(records[6].time?.rfc3339 == "2026-03-10T14:02:15.119Z")
    }

    @Test func timeOnlyHeadersTakeTheFileDateAndCrossMidnight() throws {
        let text = "23:59:58 | INFO | worker:loop:10 - tick\n00:00:01 | WARNING | worker:loop:14 - next day\n"
        let records = RecordReader().records(in: text, referenceDate: CivilDate(year: 2025, month: 7, day: 1))
        #expect(records.map { $0.time?.rfc3339 } == ["2025-07-01T23:59:58.000Z", "2025-07-02T00:00:01.000Z"])
    }

    @Test func theFileModificationDateIsTheReferenceForTimeOnlyLogs() throws {
        let (records, _) = try read("detect/time-only-loguru.log")
        #expect(records.count == 3)
        let first = try #require(records.first?.time)
        let last = try #require(records.last?.time)
        #expect(last.millisecondsSinceEpoch - first.millisecondsSinceEpoch == 3000)
    }

    @Test func aDefaultOffsetShiftsNaiveTimes() {
        let text = "2024-05-04 12:00:00,000 - app - INFO - hello\n2024-05-04T12:00:00Z INFO app: explicit\n"
        let records = RecordReader(options: ReaderOptions(defaultUTCOffset: -5 * 3600)).records(in: text)
        #expect(records.first?.time?.rfc3339 == "2024-05-04T17:00:00.000Z")
    }

    @Test func jsonLinesWithAStrayTextLine() throws {
        let (records, summary) = try read("detect/json-mixed-with-text.log")
        #expect(summary.format == "json")
        #expect(records.count == 4)
        #expect(records[1].level == .error)
        #expect(records[1].attributes.contains(Attribute("status", .number("500"))))
        #expect(records[2].format == "plain")
        #expect(records[2].time?.rfc3339 == "2026-03-10T14:02:12.000Z")
    }

    @Test func aForcedFormatIsTheOnlyOneTried() throws {
        let (records, summary) = try read(
            "detect/loguru-with-uvicorn.log", options: ReaderOptions(format: LoguruFormat()))
        #expect(summary.format == "loguru")
        #expect(summary.linesByFormat["uvicorn"] == nil)
        #expect(records.filter { $0.format == "plain" }.count == 5)
    }

    @Test func plainTextHasNoFormat() {
        let records = RecordReader().records(in: "hello world\nsecond line\n")
        #expect(records.map(\.format) == ["plain", "plain"])
        #expect(records.map(\.message) == ["hello world", "second line"])
    }

    @Test func secretsNeverLeaveTheReader() {
        let text = """
            2024-05-04 12:00:00,000 - payments - DEBUG - POST /charge Authorization: Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2lnbmF0dXJlLXZhbHVl
            {"time":"2024-05-04T12:00:01Z","level":"info","msg":"login","password":"hunter2hunter2","user":"bob"}
            """
        let records = RecordReader().records(in: text)
        let everything = records.map { "\($0)" }.joined()
        #expect(!everything.contains("eyJzdWIiOiIxIn0"))
        #expect(!everything.contains("hunter2hunter2"))
        #expect(everything.contains("bob"))
    }
}
