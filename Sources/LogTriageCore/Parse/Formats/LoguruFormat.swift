/// loguru's default layout and its common variants:
///
///     2024-05-04 12:43:47.913 | ERROR    | app.services.llm:generate:42 - Provider failed
///     12:43:47 | INFO | __main__:main:10 - Started
///
/// The `name:function:line` field is the source location; the module name is also the logger.
public struct LoguruFormat: LogFormat {
    public init() {}
    public var name: String { "loguru" }

    public func parse(_ line: UnsafeBufferPointer<UInt8>) -> ParsedLine? {
        var cursor = ByteCursor(line)
        guard let time = TimestampScanner.scan(&cursor) else { return nil }
        guard consumeBar(&cursor) else { return nil }
        let levelRange = cursor.read(while: { $0.isASCIILetter })
        guard let severity = Severity(bytes: UnsafeBufferPointer(rebasing: line[levelRange])),
            consumeBar(&cursor)
        else { return nil }
        // name:function:line
        let locationEnd = cursor.firstIndex(of: 0x20) ?? line.count
        let location = cursor.position..<locationEnd
        let parts = line[location].split(separator: UInt8(ascii: ":"), omittingEmptySubsequences: false)
        var logger: String?
        var source: SourceLocation?
        if parts.count == 3, let lineNumber = Int(String(decoding: parts[2], as: UTF8.self)) {
            let module = String(decoding: parts[0], as: UTF8.self)
            logger = module
            source = SourceLocation(
                file: module, function: String(decoding: parts[1], as: UTF8.self), line: lineNumber)
            cursor.position = locationEnd
            cursor.skipSpaces()
            guard cursor.consume(UInt8(ascii: "-")) || cursor.consume(UInt8(ascii: "|")) else { return nil }
            cursor.skipSpaces()
        }
        return ParsedLine(time: time, severity: severity, logger: logger, source: source, message: cursor.rest)
    }

    private func consumeBar(_ cursor: inout ByteCursor) -> Bool {
        cursor.skipSpaces()
        guard cursor.consume(UInt8(ascii: "|")) else { return false }
        cursor.skipSpaces()
        return true
    }

    public var examples: [FormatExample] {
        [
            FormatExample(
                "2024-05-04 12:43:47.913 | ERROR    | services.llm_providers.huggingface_provider:huggingface_structured_json_response:214 - Hugging Face API call failed: Not Found",
                time: "2024-05-04T12:43:47.913Z", level: .error, logger: "services.llm_providers.huggingface_provider",
                source: SourceLocation(
                    file: "services.llm_providers.huggingface_provider", function: "huggingface_structured_json_response",
                    line: 214),
                message: "Hugging Face API call failed: Not Found"),
            FormatExample(
                "12:43:47 | INFO | __main__:main:10 - Started", time: "2024-01-01T12:43:47.000Z", level: .info,
                logger: "__main__", message: "Started"),
            FormatExample(
                "2024-05-04 12:43:47.913 | SUCCESS  | app:run:3 - done", level: nil, message: "done"),
            FormatExample(
                "2024-05-04 12:43:47.913 | WARNING  | middleware.auth_middleware:verify_token:120 - Unverified token rejected (production).",
                level: .warning, message: "Unverified token rejected (production)."),
            .rejects("2024-05-04 12:43:47,913 - app.auth - ERROR - failed"),
        ]
    }
}
