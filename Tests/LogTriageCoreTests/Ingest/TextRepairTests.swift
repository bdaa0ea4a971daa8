import Testing

@testable import LogTriageCore

struct TextRepairTests {
    func repaired(_ bytes: [UInt8]) -> (String, TextRepair.Outcome) {
        var repair = TextRepair()
        return bytes.withUnsafeBufferPointer { line in
            repair.withRepaired(line) { (String(decoding: $0, as: UTF8.self), $1) }
        }
    }

    @Test func cleanTextPassesThrough() {
        let (text, outcome) = repaired(Array("plain ascii and ünïcode ✓ 🚀".utf8))
        #expect(text == "plain ascii and ünïcode ✓ 🚀")
        #expect(outcome.invalidSequences == 0 && outcome.nulBytes == 0)
    }

    @Test func invalidSequencesAreReplacedAndCounted() {
        // A lone continuation byte, a truncated 3-byte sequence, an overlong '/', a surrogate.
        let bytes: [UInt8] = [0x61, 0x80, 0x62, 0xE2, 0x82, 0x63, 0xC0, 0xAF, 0xED, 0xA0, 0x80, 0x64]
        let (text, outcome) = repaired(bytes)
        #expect(outcome.invalidSequences > 0)
        #expect(text.hasPrefix("a\u{FFFD}b"))
        #expect(text.hasSuffix("d"))
        #expect(String(validating: Array(text.utf8), as: UTF8.self) != nil)
    }

    @Test func nulBytesAreReplaced() {
        let (text, outcome) = repaired([0x61, 0x00, 0x00, 0x62])
        #expect(text == "a\u{FFFD}\u{FFFD}b")
        #expect(outcome.nulBytes == 2)
    }

    @Test func colourCodesAreRemoved() {
        let line = "\u{1B}[32m2024-05-04 12:43:47.913\u{1B}[0m | \u{1B}[1;31mERROR   \u{1B}[0m | app:run:3 - boom"
        let (text, outcome) = repaired(Array(line.utf8))
        #expect(text == "2024-05-04 12:43:47.913 | ERROR    | app:run:3 - boom")
        #expect(outcome.escapeSequences == 4)
    }

    @Test func randomBytesAlwaysComeOutValid() {
        var generator = SeededGenerator(seed: 42)
        for _ in 0..<2000 {
            let length = Int(generator.next() % 64)
            let bytes = (0..<length).map { _ in UInt8(truncatingIfNeeded: generator.next()) }
            let (text, _) = repaired(bytes)
            #expect(!text.utf8.contains(0))
        }
    }
}
