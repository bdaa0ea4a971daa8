import Testing

@testable import LogTriageCore

struct TimestampTests {
    /// Resolves `text` as a whole field against 2024-03-15 and UTC.
    func resolve(_ text: String, reference: CivilDate = CivilDate(year: 2024, month: 3, day: 15), offset: Int = 0) -> String? {
        var resolver = TimeResolver(referenceDate: reference, defaultUTCOffset: offset)
        return TimestampScanner.parse(field: text).map { resolver.resolve($0).rfc3339 }
    }

    @Test(arguments: [
        ("2024-05-04T12:43:47.913Z", "2024-05-04T12:43:47.913Z"),
        ("2024-05-04T12:43:47.913456789+02:00", "2024-05-04T10:43:47.913Z"),
        ("2024-05-04 12:43:47,913", "2024-05-04T12:43:47.913Z"),
        ("2024-05-04 12:43:47.913 -0500", "2024-05-04T17:43:47.913Z"),
        ("2024/05/04 12:43:47", "2024-05-04T12:43:47.000Z"),
        ("2024-05-04 12:43", "2024-05-04T12:43:00.000Z"),
        ("04/05/2024 12:43:47", "2024-04-05T12:43:47.000Z"),
        ("25/12/2024 08:00:00", "2024-12-25T08:00:00.000Z"),
        ("17/06/09 20:10:40", "2017-06-09T20:10:40.000Z"),
        ("May  4 12:43:47", "2024-05-04T12:43:47.000Z"),
        ("Sat May  4 12:43:47 2024", "2024-05-04T12:43:47.000Z"),
        ("Sun Dec 04 04:47:44 2005", "2005-12-04T04:47:44.000Z"),
        ("Mon Jan 15 10:00:00.250 UTC 2024", "2024-01-15T10:00:00.250Z"),
        ("04/May/2024:12:43:47 +0200", "2024-05-04T10:43:47.000Z"),
        ("03-17 16:13:38.811", "2024-03-17T16:13:38.811Z"),
        ("12:43:47", "2024-03-15T12:43:47.000Z"),
        ("12:43:47.5", "2024-03-15T12:43:47.500Z"),
        ("081109 203615", "2008-11-09T20:36:15.000Z"),
        ("20171223-22:15:29:606", "2017-12-23T22:15:29.606Z"),
        ("2005-06-03-15.42.50.675872", "2005-06-03T15:42:50.675Z"),
        ("[2024-05-04 12:43:47 +0000]", "2024-05-04T12:43:47.000Z"),
        ("2024-05-04  2:43:47", "2024-05-04T02:43:47.000Z"),
        ("27-Feb-2024 12:00:01.456", "2024-02-27T12:00:01.456Z"),
    ])
    func readsTimestampShapes(_ text: String, _ expected: String) {
        #expect(resolve(text) == expected)
    }

    @Test(arguments: ["", "hello", "2024-13-04 12:00:00", "12:61:00", "99:00:00", "2024-05-04T", "May 44 12:00:00", "1234"])
    func rejectsNonTimes(_ text: String) {
        #expect(resolve(text) == nil)
    }

    @Test func naiveTimesUseTheDefaultOffset() {
        #expect(resolve("2024-05-04 12:00:00", offset: 2 * 3600) == "2024-05-04T10:00:00.000Z")
        // An explicit offset wins over the default.
        #expect(resolve("2024-05-04 12:00:00Z", offset: 2 * 3600) == "2024-05-04T12:00:00.000Z")
    }

    /// A stream that writes `+0100` on its access lines writes its other lines in the same local time; a `Z`
    /// teaches nothing, and an offset the user gave is not second-guessed.
    @Test func aStreamsWrittenOffsetIsItsLocalTime() throws {
        let access = try #require(TimestampScanner.parse(field: "14/Feb/2025:07:38:41 +0100"))
        let naive = try #require(TimestampScanner.parse(field: "2025-02-14 07:38:41"))
        let utc = try #require(TimestampScanner.parse(field: "2025-02-14T07:38:40Z"))
        var learning = TimeResolver(referenceDate: CivilDate(year: 2025, month: 1, day: 1), learnsLocalOffset: true)
        #expect(learning.resolve(naive).rfc3339 == "2025-02-14T07:38:41.000Z", "nothing learnt yet")
        #expect(learning.resolve(access).rfc3339 == "2025-02-14T06:38:41.000Z")
        #expect(learning.resolve(utc).rfc3339 == "2025-02-14T07:38:40.000Z")
        #expect(learning.resolve(naive).rfc3339 == "2025-02-14T06:38:41.000Z")
        var told = TimeResolver(referenceDate: CivilDate(year: 2025, month: 1, day: 1), defaultUTCOffset: 0)
        _ = told.resolve(access)
        #expect(told.resolve(naive).rfc3339 == "2025-02-14T07:38:41.000Z")
    }

    @Test func timeOnlyTakesTheDateFromContextAndCrossesMidnight() throws {
        var resolver = TimeResolver(referenceDate: CivilDate(year: 2024, month: 3, day: 15))
        let full = try #require(TimestampScanner.parse(field: "2024-06-01 23:59:58"))
        let late = try #require(TimestampScanner.parse(field: "23:59:59"))
        let early = try #require(TimestampScanner.parse(field: "00:00:01"))
        #expect(resolver.resolve(full).rfc3339 == "2024-06-01T23:59:58.000Z")
        #expect(resolver.resolve(late).rfc3339 == "2024-06-01T23:59:59.000Z")
        #expect(resolver.resolve(early).rfc3339 == "2024-06-02T00:00:01.000Z")
    }

    @Test func yearlessDatesTakeTheYearFromContext() throws {
        var resolver = TimeResolver(referenceDate: CivilDate(year: 2021, month: 1, day: 1))
        let syslog = try #require(TimestampScanner.parse(field: "Dec 31 23:00:00"))
        #expect(resolver.resolve(syslog).rfc3339 == "2021-12-31T23:00:00.000Z")
    }

    @Test(arguments: [1_714_826_627.0, 1_714_826_627_913.0, 1_714_826_627_913_000.0, 1_714_826_627_913_000_000.0])
    func epochNumbersOfAnyUnit(_ value: Double) {
        #expect(Timestamp(epochValue: value)?.rfc3339.hasPrefix("2024-05-04T12:43:47") == true)
    }

    @Test(arguments: [Double.nan, .infinity, -.infinity, 1e300, 999_999_999_999_999_999_999.0])
    func impossibleEpochNumbersAreNotTimes(_ value: Double) {
        #expect(Timestamp(epochValue: value) == nil)
    }

    @Test func civilDateRoundTrips() {
        for days in stride(from: -800_000, through: 800_000, by: 997) {
            let date = CivilDate(daysSinceEpoch: days)
            #expect(date.daysSinceEpoch == days)
        }
        #expect(CivilDate(year: 2024, month: 2, day: 29).daysSinceEpoch == 19_782)
        #expect(Timestamp(millisecondsSinceEpoch: -1).rfc3339 == "1969-12-31T23:59:59.999Z")
    }
}
