/// Recognises one kind of value in a token's core (the token without wrapping brackets, quotes and
/// trailing punctuation). The maskers are tried in ``all`` order; each carries examples that the
/// tests check: `examples` must be recognised whole, `nonExamples` must not.
public struct TypedMasker: Sendable {
    public let kind: ParameterKind
    public let examples: [String]
    public let nonExamples: [String]

    /// The kind of the first masker (in ``all`` order) that recognises all of `bytes`.
    static func kind(of bytes: UnsafeBufferPointer<UInt8>) -> ParameterKind? {
        guard let first = bytes.first else { return nil }
        // Only the token, path, bool and null shapes can start with something other than a digit,
        // a letter, `/`, `+`, `-`, `.`, `:`, `~` or `[`; check the cheap shapes by first byte.
        if first.isASCIIDigit || first == UInt8(ascii: "-") || first == UInt8(ascii: "+") || first == UInt8(ascii: ".")
            || first == UInt8(ascii: ":")
        {
            if ByteShapes.isUUID(bytes) { return .uuid }
            if ByteShapes.isDate(bytes) { return .date }
            if ByteShapes.isTime(bytes) { return .time }
            if ByteShapes.isIPAddress(bytes) { return .ip }
            if ByteShapes.isNumber(bytes) { return .num }
            if ByteShapes.isDuration(bytes) { return .duration }
            if ByteShapes.isSize(bytes) { return .size }
            if ByteShapes.isHex(bytes) { return .hex }
            if ByteShapes.isOpaqueToken(bytes) { return .token }
            if ByteShapes.isPath(bytes) { return .path }
            return nil
        }
        if ByteShapes.isUUID(bytes) { return .uuid }
        if ByteShapes.isOpaqueToken(bytes) { return .token }
        if ByteShapes.isIPAddress(bytes) { return .ip }
        if ByteShapes.isHex(bytes) { return .hex }
        if ByteShapes.isURL(bytes) { return .url }
        if ByteShapes.isEmail(bytes) { return .email }
        if ByteShapes.isPath(bytes) { return .path }
        if ByteShapes.isHostName(bytes) { return .host }
        if bytes.count >= 3, bytes.count <= 5 { return MessageMasker.literalValueKind(bytes) }
        return nil
    }

    /// Whether `text` is recognised whole by this masker (for tests and docs).
    public func recognises(_ text: String) -> Bool {
        var text = text
        return text.withUTF8 { Self.kind(of: $0) == kind }
    }

    /// The maskers and their examples; ``kind(of:)`` tries them most specific first (a UUID is also hex,
    /// a time also a run of numbers).
    public static let all: [TypedMasker] = [
        TypedMasker(
            kind: .token,
            examples: ["[REDACTED:jwt]", "[REDACTED:api-key]", "AKIAZ3Q8XW2LMN4PQ7RB9TUV", "Zm9vYmFyMTIzNDU2Nzg5MA=="],
            nonExamples: ["[REDACTED", "NullPointerException", "AbstractSingletonProxyFactoryBean", "abcdefghijklmnopqrstu"]),
        TypedMasker(
            kind: .uuid,
            examples: ["550e8400-e29b-41d4-a716-446655440000", "F47AC10B-58CC-4372-A567-0E02B2C3D479"],
            nonExamples: ["550e8400-e29b-41d4-a716", "550e8400e29b41d4a716446655440000x"]),
        TypedMasker(
            kind: .date,
            examples: ["2024-03-01", "2024-03-01T12:30:45Z", "2024-03-01T12:30:45.123+02:00", "2024/3/1", "10/Oct/2000:13:55:36", "03/01/2024"],
            nonExamples: ["2024-03", "12:30:45", "1.2.3"]),
        TypedMasker(
            kind: .time,
            examples: ["12:30:45", "7:05", "12:30:45.123", "00:00:00,001"],
            nonExamples: ["12:3", "123:45:67", "12:30:45:12"]),
        TypedMasker(
            kind: .ip,
            examples: ["10.0.0.1", "/10.250.19.102:54106", "192.168.1.1:8080", "fe80::1", "::1", "2001:db8:0:0:0:0:2:1"],
            nonExamples: ["1.2.3", "10.0.0.1.5", "256.1", "abc::def::"]),
        TypedMasker(
            kind: .host,
            examples: ["proxy.cse.example.edu", "api.example.com:443", "db.internal:5432", "mail.example.co.uk"],
            nonExamples: ["org.apache.zookeeper", "app.core.views", "example.com", "Api.Example.com", "a..b.com"]),
        TypedMasker(
            kind: .num,
            examples: ["42", "-7", "+3", "3.14", "1,234", "1e-9", "99%", ".5"],
            nonExamples: ["1.2.3.4", "12ab", "-", "1e"]),
        TypedMasker(
            kind: .duration,
            examples: ["15ms", "1.5s", "3m20s", "250us", "2h", "10sec", "1h2m3.5s"],
            nonExamples: ["ms", "15", "15xs", "s3"]),
        TypedMasker(
            kind: .size,
            examples: ["512MB", "1.5GiB", "64KB", "10B", "2kB"],
            nonExamples: ["MB", "12MBps", "x64KB"]),
        TypedMasker(
            kind: .hex,
            examples: ["0x7f", "0xDEADBEEF", "deadbeef01", "8a2a501f", "00:11:43:e3:ba:c3", "a1b2c3d4e5f6a7b8c9d0"],
            nonExamples: ["0x", "deadbeef", "facade", "0xZZ"]),
        TypedMasker(
            kind: .url,
            examples: ["https://example.com/a?b=1", "akka.tcp://sparkDriver@10.0.0.1:4040", "s3://bucket/key", "postgres://db:5432/app"],
            nonExamples: ["https:/x", "://x", "example.com"]),
        TypedMasker(
            kind: .email,
            examples: ["ops@example.com", "first.last+tag@mail.example.org"],
            nonExamples: ["user@host", "@example.com", "a@b.c"]),
        TypedMasker(
            kind: .path,
            examples: ["/var/log/app.log", "/api/users/42", "./src/main.py", "~/data/x", "C:\\Users\\dev\\app.py", "/tmp/1"],
            nonExamples: ["/", "/health", "a/b/c", "//"]),
        TypedMasker(
            kind: .bool,
            examples: ["true", "False", "TRUE"],
            nonExamples: ["truth", "falsey"]),
        TypedMasker(
            kind: .null,
            examples: ["null", "None", "nil", "NULL"],
            nonExamples: ["nullable", "nonexistent"]),
    ]
}
