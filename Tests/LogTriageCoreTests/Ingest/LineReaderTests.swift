import Testing

@testable import LogTriageCore

struct LineReaderTests {
    /// Lines and dropped-byte counts, as strings, from reading `bytes` with the given sizes.
    func lines(_ bytes: [UInt8], chunk: Int = 1 << 20, maxLine: Int = 1 << 20) throws -> [(String, Int)] {
        var reader = LineReader(MemorySource(bytes), chunkSize: chunk, maxLineBytes: maxLine)
        var result: [(String, Int)] = []
        try reader.forEachLine { line, dropped in result.append((String(decoding: line, as: UTF8.self), dropped)) }
        return result
    }

    /// The reference: split the bytes on "\n" (a `Character` split would keep "\r\n" whole), strip one
    /// trailing "\r", no line after a final newline.
    func reference(_ text: String) -> [String] {
        var parts = text.utf8.split(separator: 0x0A, omittingEmptySubsequences: false).map { part -> String in
            String(decoding: part.last == 0x0D ? part.dropLast() : part, as: UTF8.self)
        }
        if text.utf8.last == 0x0A || text.isEmpty { parts.removeLast() }
        return parts
    }

    @Test(arguments: [
        "", "\n", "one", "one\n", "one\ntwo", "one\r\ntwo\r\n", "\n\n\n", "a\rb\n", "ünïcødé\nline",
    ])
    func splitsLikeTheReference(_ text: String) throws {
        let read = try lines(Array(text.utf8)).map(\.0)
        #expect(read == reference(text))
    }

    @Test func chunkBoundariesDoNotChangeLines() throws {
        var generator = SeededGenerator(seed: 7)
        var text = ""
        for index in 0..<500 {
            let length = Int(generator.next() % 90)
            text += String(repeating: "x", count: length) + "\(index)" + (index % 7 == 0 ? "\r\n" : "\n")
        }
        let expected = reference(text)
        for chunk in [16, 17, 64, 1000, 1 << 16] {
            #expect(try lines(Array(text.utf8), chunk: chunk).map(\.0) == expected, "chunk \(chunk)")
        }
    }

    @Test func longLinesAreCutAndCounted() throws {
        let long = String(repeating: "a", count: 10_000)
        let text = "short\n" + long + "\r\nafter\n" + long
        for chunk in [16, 100, 4096, 1 << 20] {
            let read = try lines(Array(text.utf8), chunk: chunk, maxLine: 256)
            #expect(read.count == 4)
            #expect(read[0] == ("short", 0))
            #expect(read[1].0 == String(repeating: "a", count: 256))
            #expect(read[1].1 == 10_000 - 256)
            #expect(read[2] == ("after", 0))
            #expect(read[3].1 == 10_000 - 256)
        }
    }

    @Test func aTenMegabyteLineStaysBounded() throws {
        var bytes = [UInt8](repeating: UInt8(ascii: "z"), count: 10 << 20)
        bytes.append(0x0A)
        bytes.append(contentsOf: Array("next".utf8))
        let read = try lines(bytes, chunk: 1 << 16, maxLine: 1 << 20)
        #expect(read.count == 2)
        #expect(read[0].0.utf8.count == 1 << 20)
        #expect(read[0].1 == (10 << 20) - (1 << 20))
        #expect(read[1] == ("next", 0))
    }
}
