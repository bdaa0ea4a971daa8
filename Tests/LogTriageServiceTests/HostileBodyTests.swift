import Foundation
import SwiftProtobuf
import Testing

@testable import LogTriageServer

/// Intake bodies are attacker-controlled: random bytes, and valid messages cut or corrupted anywhere, are refused
/// with an error or read as far as they go — never a crash, never an unbounded allocation.
struct HostileBodyTests {
    struct Generator: RandomNumberGenerator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
    }

    /// Valid bodies to mutate: an OTLP request, a Loki push (snappy protobuf) and the OTLP JSON of the server tests.
    static func seeds() throws -> [[UInt8]] {
        let otlp: [UInt8] = try IntakeServerTests.otlpRequest().serializedBytes()
        var stream = LokiStream()
        stream.labels = #"{app="api", pod="api-1"}"#
        var entry = LokiEntry()
        entry.seconds = 1_773_140_400
        entry.line = "level=error msg=boom"
        stream.entries = [entry, entry]
        var push = LokiPushRequest()
        push.streams = [stream]
        let loki = IntakeServerTests.snappyLiterals(try push.serializedBytes())
        let json = Array(#"{"resourceLogs":[{"scopeLogs":[{"logRecords":[{"severityNumber":17,"body":{"kvlistValue":{"values":[{"key":"message","value":{"stringValue":"x"}}]}}}]}]}]}"#.utf8)
        return [otlp, loki, json]
    }

    static func mutate(_ bytes: [UInt8], _ generator: inout Generator) -> [UInt8] {
        var bytes = bytes
        switch Int.random(in: 0..<4, using: &generator) {
        case 0: bytes = Array(bytes.prefix(Int.random(in: 0...bytes.count, using: &generator)))
        case 1:
            for _ in 0..<Int.random(in: 1...8, using: &generator) where !bytes.isEmpty {
                bytes[Int.random(in: 0..<bytes.count, using: &generator)] = UInt8.random(in: 0...255, using: &generator)
            }
        case 2:
            let at = Int.random(in: 0...bytes.count, using: &generator)
            bytes.insert(contentsOf: (0..<Int.random(in: 1...16, using: &generator)).map { _ in UInt8.random(in: 0...255, using: &generator) }, at: at)
        default: bytes = (0..<Int.random(in: 0...256, using: &generator)).map { _ in UInt8.random(in: 0...255, using: &generator) }
        }
        return bytes
    }

    @Test func randomAndCorruptedBodiesAreRefusedOrRead() throws {
        var generator = Generator(state: 20_261_207)
        let seeds = try Self.seeds()
        var refused = 0
        for round in 0..<6000 {
            let body = Self.mutate(seeds[round % seeds.count], &generator)
            do {
                _ = OTLPLogs.decode(try OTLPLogs.request(protobuf: body))
            } catch { refused += 1 }
            do {
                _ = try LokiPush.streams(protobuf: body, limit: 1 << 20)
            } catch { refused += 1 }
            do {
                _ = OTLPLogs.decode(try OTLPLogs.request(json: body))
            } catch { refused += 1 }
            if let output = try? Snappy.decompress(body, limit: 1 << 16) { #expect(output.count <= 1 << 16) }
        }
        #expect(refused > 6000)  // most of them are not valid messages, and say so
    }

    /// A snappy body that claims a huge size, or copies from before its start, is refused before any allocation.
    @Test func snappyLengthsAndOffsetsAreChecked() throws {
        #expect(throws: IntakeError.self) { try Snappy.decompress([0xFF, 0xFF, 0xFF, 0xFF, 0x0F], limit: 1 << 20) }
        #expect(throws: (any Error).self) { try Snappy.decompress([0x04, 0x01 | (0 << 2), 0x10], limit: 64) }  // copy with nothing before it
        #expect(throws: (any Error).self) { try Snappy.decompress([0x08, 0x0C, 0x61], limit: 64) }  // literal runs past the end
        #expect(try Snappy.decompress(IntakeServerTests.snappyLiterals(Array("hello".utf8)), limit: 64) == Array("hello".utf8))
        // "abcd" then a copy of 4 bytes from 4 back, twice: overlapping runs expand correctly
        #expect(try Snappy.decompress([12, 0x0C, 0x61, 0x62, 0x63, 0x64, 0x01 | (4 << 2) | (0 << 5), 4], limit: 64) == Array("abcdabcdabcd".utf8))
    }
}
