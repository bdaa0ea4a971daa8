import Foundation

@testable import LogTriageCore

/// Fixture files under `Fixtures/multiline`, found from this source file (no `Bundle.module`).
enum MultilineFixture {
    static let directory = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent()
        .deletingLastPathComponent()
        .appendingPathComponent("Fixtures/multiline")

    static func text(_ name: String) throws -> String {
        try String(contentsOf: directory.appendingPathComponent(name), encoding: .utf8)
    }

    /// The file's lines, without the empty string after the final newline.
    static func lines(_ name: String) throws -> [String] {
        var lines = try text(name).split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        if lines.last == "" { lines.removeLast() }
        return lines
    }
}

/// Drives a ``RecordAssembler`` the way the reader does: each line either read by one of `formats` (a header; by
/// default loguru, then `PythonLoggingFormat`) or handed over as an other line.
func assembleMultiline(
    _ lines: [String], file: String = "test.log", formats: [any LogFormat] = [LoguruFormat(), PythonLoggingFormat()]
) -> [LogRecord] {
    var resolver = TimeResolver(referenceDate: CivilDate(year: 2024, month: 1, day: 1))
    var assembler = RecordAssembler(file: file)
    var records: [LogRecord] = []
    for (offset, line) in lines.enumerated() {
        let number = offset + 1
        let indented = line.utf8.first == 0x20 || line.utf8.first == 0x09
        var header: (ParsedLine, String)?
        if !indented {
            for format in formats {
                if let parsed = format.parse(line) {
                    header = (parsed, format.name)
                    break
                }
            }
        }
        if let (parsed, name) = header {
            let time = parsed.time.map { resolver.resolve($0) }
            assembler.start(parsed, time: time, format: name, line: number, into: &records)
        } else {
            var copy = line
            copy.withUTF8 { assembler.other($0, number: number, into: &records) }
        }
    }
    assembler.finish(into: &records)
    return records
}

func assembleFixture(_ name: String) throws -> [LogRecord] {
    assembleMultiline(try MultilineFixture.lines(name), file: name)
}

/// A one-line summary of an exception chain for failure messages.
func describeChain(_ exception: ExceptionInfo?) -> String {
    guard let exception else { return "nil" }
    return exception.chain.map { "\($0.type): \($0.message) [\($0.frames.count) frames]" }.joined(separator: " <- ")
}


/// A line of words, numbers and punctuation, sometimes indented, sometimes blank.
func randomTraceFuzzLine(_ random: inout SeededGenerator) -> String {
    let words = [
        "at", "in", "the", "error", "Error:", "failed", "user", "id=42", "(x)", "[ok]", "->", "File", "line", "panic",
        "java", "ok:", "x.y", "a/b.js:1", "{", "}", "|", "+", "...", "Caused", "by:", "\"q\"", "Traceback", "main()",
    ]
    let indent = ["", "", "", "  ", "    ", "\t"][Int(random.next() % 6)]
    let count = Int(random.next() % 9)
    return indent + (0..<count).map { _ in words[Int(random.next() % UInt64(words.count))] }.joined(separator: " ")
}
