import Testing

@testable import LogTriageCore

/// Every built-in format's own examples (SwiftLint-style: examples live with the format).
struct FormatExampleTests {
    static let cases: [(format: String, example: FormatExample)] = LogFormats.builtIn.flatMap { format in
        format.examples.map { (format.name, $0) }
    }

    @Test(arguments: cases)
    func formatReadsItsExample(_ formatName: String, _ example: FormatExample) throws {
        let format = try #require(LogFormats.named(formatName))
        let parsed = format.parse(example.line)
        if example.rejects {
            #expect(parsed == nil, "\(formatName) must reject: \(example.line)")
            return
        }
        let line = try #require(parsed, "\(formatName) must read: \(example.line)")
        if let time = example.time {
            var resolver = TimeResolver(referenceDate: CivilDate(year: 2024, month: 1, day: 1))
            #expect(line.time.map { resolver.resolve($0).rfc3339 } == time)
        }
        if let level = example.level { #expect(line.severity?.level == level) }
        if let logger = example.logger { #expect(line.logger == logger) }
        if let pid = example.pid { #expect(line.pid == pid) }
        if let thread = example.thread { #expect(line.thread == thread) }
        if let source = example.source { #expect(line.source == source) }
        if let message = example.message { #expect(line.message == message) }
        for (key, value) in example.attributes {
            let found = line.attributes.first(where: { $0.key == key })?.value
            #expect(found?.scalarText == value, "attribute \(key)")
        }
    }

    @Test func formatNamesAreUnique() {
        let names = LogFormats.builtIn.map(\.name)
        #expect(Set(names).count == names.count)
    }

    @Test func everyFormatHasExamples() {
        for format in LogFormats.builtIn {
            #expect(format.examples.count >= 3, "\(format.name) needs examples")
        }
    }
}
