/// ASP.NET Core's console logger (`Microsoft.Extensions.Logging.Console`, simple formatter, the default):
///
///     fail: Microsoft.AspNetCore.Server.Kestrel[13]
///           Connection id "0HMVFE1F", Request id "0HMVFE1F:00000001": An unhandled exception was thrown …
///           System.InvalidOperationException: Sequence contains no elements
///              at Shop.Api.OrdersController.Get(Int32 id) in /src/Shop.Api/OrdersController.cs:line 42
///
/// The header names the level (`trce`, `dbug`, `info`, `warn`, `fail`, `crit`), the category (the logger) and the
/// event id; the message and the exception follow on indented lines, which the record joins (the first becomes
/// its message). With `TimestampFormat` set, a time comes first (other formats may read those lines first).
public struct DotnetConsoleFormat: LogFormat {
    public init() {}
    public var name: String { "dotnet-console" }

    public func parse(_ line: UnsafeBufferPointer<UInt8>) -> ParsedLine? {
        guard line.count >= 8 else { return nil }
        var cursor = ByteCursor(line)
        var time: ParsedTime?
        if line[0].isASCIIDigit || line[0] == UInt8(ascii: "[") {
            let bracketed = cursor.consume(UInt8(ascii: "["))
            time = TimestampScanner.scan(&cursor)
            guard time != nil, !bracketed || cursor.consume(UInt8(ascii: "]")) else { return nil }
            cursor.skipSpaces()
        }
        let word = cursor.read(while: { $0 >= UInt8(ascii: "a") && $0 <= UInt8(ascii: "z") })
        guard word.count == 4, let level = Self.levels[TraceSyntax.string(line, word)], cursor.consume(UInt8(ascii: ":")),
            cursor.consume(0x20)
        else { return nil }
        // `Category[EventId]`, the category a dotted name
        let category = cursor.position
        guard let open = cursor.firstIndex(of: "["), open > category, line.last == UInt8(ascii: "]"),
            (open + 1..<(line.count - 1)).allSatisfy({ line[$0].isASCIIDigit }), line.count - 1 > open + 1,
            !(category..<open).contains(where: { line[$0] == 0x20 })
        else { return nil }
        return ParsedLine(
            time: time, severity: Severity(level), logger: TraceSyntax.string(line, category..<open), message: "",
            attributes: [Attribute("event_id", .string(TraceSyntax.string(line, (open + 1)..<(line.count - 1))))])
    }

    private static let levels: [String: Level] = [
        "trce": .trace, "dbug": .debug, "info": .info, "warn": .warning, "fail": .error, "crit": .critical,
    ]

    public var examples: [FormatExample] {
        [
            FormatExample("fail: Microsoft.AspNetCore.Server.Kestrel[13]", level: .error, logger: "Microsoft.AspNetCore.Server.Kestrel", message: ""),
            FormatExample("info: Microsoft.Hosting.Lifetime[14]", level: .info, logger: "Microsoft.Hosting.Lifetime", message: ""),
            .rejects("info: starting the server"),
            .rejects("warn: disk almost full [90]"),
        ]
    }
}
