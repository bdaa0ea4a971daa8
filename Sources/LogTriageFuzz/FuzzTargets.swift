import LogTriageCore
import Yams

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// libFuzzer entry points over the parsers that read attacker-controlled text. One binary; the target is chosen
/// by `LOGTRIAGE_FUZZ_TARGET` (see `Scripts/fuzz.sh`). A target traps (and libFuzzer records the input) when the
/// code crashes, or when a property it checks fails.
enum FuzzTarget: String, CaseIterable {
    case reader, miner, json, markdown, rules, scrubber

    static let selected: FuzzTarget = {
        guard let name = getenv("LOGTRIAGE_FUZZ_TARGET").map({ String(cString: $0) }), let target = FuzzTarget(rawValue: name) else {
            let message = "set LOGTRIAGE_FUZZ_TARGET to one of: \(FuzzTarget.allCases.map(\.rawValue).joined(separator: ", "))\n"
            _ = message.withCString { write(2, $0, strlen($0)) }
            exit(2)
        }
        return target
    }()

    func run(_ bytes: [UInt8]) {
        switch self {
        case .reader:
            // format detection, envelopes, multi-line assembly, time resolution, scrubbing
            _ = try? RecordReader().read(source: MemorySource(bytes), name: "fuzz", referenceDate: CivilDate(year: 2024, month: 1, day: 1)) { _ in }
        case .miner:
            let miner = TemplateMiner()
            for line in bytes.split(separator: 0x0A, omittingEmptySubsequences: false).prefix(2000) {
                miner.add(String(decoding: line, as: UTF8.self))
            }
            for template in miner.templates {
                // every template's id is derived from its text, also after merges
                precondition(template.id == TemplateID.of(template.text))
            }
        case .json:
            if let value = bytes.withUnsafeBufferPointer({ JSONParser.parse($0) }) {
                // what the parser accepted, written out and parsed again, is the same value
                var writer = JSONWriter(capacity: 256)
                writer.value(value)
                let again = writer.bytes.withUnsafeBufferPointer { JSONParser.parse($0) }
                precondition(again == value, "JSON round trip changed the value")
            }
        case .markdown:
            if let document = try? TrackerMarkdown.parse(String(decoding: bytes, as: UTF8.self)) {
                // what was imported renders, the rendering imports again, and renders the same: a fixpoint
                let rendered = TrackerMarkdown.render(document)
                guard let again = try? TrackerMarkdown.parse(rendered) else { preconditionFailure("a rendered tracker does not import") }
                precondition(TrackerMarkdown.render(again) == rendered, "report -> import -> report changed the tracker")
            }
        case .rules:
            if let pack = try? YAMLDecoder().decode(RulePack.self, from: String(decoding: bytes, as: UTF8.self)) {
                _ = try? pack.compiled()
            }
        case .scrubber:
            let scrubber = SecretScrubber()
            let text = String(decoding: bytes, as: UTF8.self)
            let once = scrubber.scrub(text)
            precondition(scrubber.scrub(once) == once, "scrubbing is not idempotent")
        }
    }
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzTestOneInput(_ data: UnsafePointer<UInt8>?, _ count: Int) -> CInt {
    let bytes = data.map { Array(UnsafeBufferPointer(start: $0, count: count)) } ?? []
    FuzzTarget.selected.run(bytes)
    return 0
}

@_silgen_name("LLVMFuzzerRunDriver")
func runFuzzerDriver(
    _ argc: UnsafeMutablePointer<CInt>, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>,
    _ callback: @convention(c) (UnsafePointer<UInt8>?, Int) -> CInt
) -> CInt

/// The package manager gives an executable target an entry point of its own name; it hands over to libFuzzer.
@_cdecl("LogTriageFuzz_main")
public func fuzzMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    var count = argc
    var arguments = argv
    return withUnsafeMutablePointer(to: &count) { countPointer in
        withUnsafeMutablePointer(to: &arguments) { argumentsPointer in
            runFuzzerDriver(countPointer, UnsafeMutablePointer(OpaquePointer(argumentsPointer)), fuzzTestOneInput)
        }
    }
}
