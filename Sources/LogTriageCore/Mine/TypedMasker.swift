/// Recognises one kind of value in a token's core (the token without wrapping brackets, quotes and
/// trailing punctuation). The maskers are tried in ``all`` order; each carries examples that the
/// tests check: `examples` must be recognised whole, `nonExamples` must not.
public struct TypedMasker: Sendable {
    public let kind: ParameterKind
    public let examples: [String]
    public let nonExamples: [String]
    let matches: @Sendable (UnsafeBufferPointer<UInt8>) -> Bool

    /// The kind of the first masker that recognises all of `bytes`.
    static func kind(of bytes: UnsafeBufferPointer<UInt8>) -> ParameterKind? {
        for masker in all where masker.matches(bytes) { return masker.kind }
        return nil
    }

    /// Whether `text` is recognised whole by this masker (for tests and docs).
    public func recognises(_ text: String) -> Bool {
        var text = text
        return text.withUTF8 { matches($0) }
    }

    /// In the order they are tried: more specific shapes first (a UUID is also hex, a time also a number run).
    public static let all: [TypedMasker] = [
        TypedMasker(
            kind: .token,
            examples: ["[REDACTED:jwt]", "[REDACTED:api-key]", "AKIAZ3Q8XW2LMN4PQ7RB9TUV", "dGhpcyBpcyBhIHNlY3JldDEyMw=="],
            nonExamples: ["[REDACTED", "NullPointerException", "AbstractSingletonProxyFactoryBean", "abcdefghijklmnopqrstu"],
            matches: ByteShapes.isOpaqueToken),
        TypedMasker(
            kind: .uuid,
            examples: ["550e8400-e29b-41d4-a716-446655440000", "F47AC10B-58CC-4372-A567-0E02B2C3D479"],
            nonExamples: ["550e8400-e29b-41d4-a716", "550e8400e29b41d4a716446655440000x"],
            matches: ByteShapes.isUUID),
        TypedMasker(
            kind: .date,
            examples: ["2024-03-01", "2024-03-01T12:30:45Z", "2024-03-01T12:30:45.123+02:00", "2024/3/1", "10/Oct/2000:13:55:36", "03/01/2024"],
            nonExamples: ["2024-03", "12:30:45", "1.2.3"],
            matches: ByteShapes.isDate),
        TypedMasker(
            kind: .time,
            examples: ["12:30:45", "7:05", "12:30:45.123", "00:00:00,001"],
            nonExamples: ["12:3", "123:45:67", "12:30:45:12"],
            matches: ByteShapes.isTime),
        TypedMasker(
            kind: .ip,
            examples: ["10.0.0.1", "/10.250.19.102:54106", "192.168.1.1:8080", "fe80::1", "::1", "2001:db8:0:0:0:0:2:1"],
            nonExamples: ["1.2.3", "10.0.0.1.5", "256.1", "abc::def::"],
            matches: ByteShapes.isIPAddress),
        TypedMasker(
            kind: .num,
            examples: ["42", "-7", "+3", "3.14", "1,234", "1e-9", "99%", ".5"],
            nonExamples: ["1.2.3.4", "12ab", "-", "1e"],
            matches: ByteShapes.isNumber),
        TypedMasker(
            kind: .duration,
            examples: ["15ms", "1.5s", "3m20s", "250us", "2h", "10sec", "1h2m3.5s"],
            nonExamples: ["ms", "15", "15xs", "s3"],
            matches: ByteShapes.isDuration),
        TypedMasker(
            kind: .size,
            examples: ["512MB", "1.5GiB", "64KB", "10B", "2kB"],
            nonExamples: ["MB", "12MBps", "x64KB"],
            matches: ByteShapes.isSize),
        TypedMasker(
            kind: .hex,
            examples: ["0x7f", "0xDEADBEEF", "deadbeef01", "8a2a501f", "00:11:43:e3:ba:c3", "a1b2c3d4e5f6a7b8c9d0"],
            nonExamples: ["0x", "deadbeef", "facade", "0xZZ"],
            matches: ByteShapes.isHex),
        TypedMasker(
            kind: .url,
            examples: ["https://example.com/a?b=1", "akka.tcp://sparkDriver@10.0.0.1:4040", "s3://bucket/key", "postgres://db:5432/app"],
            nonExamples: ["https:/x", "://x", "example.com"],
            matches: ByteShapes.isURL),
        TypedMasker(
            kind: .email,
            examples: ["ops@example.com", "first.last+tag@mail.example.org"],
            nonExamples: ["user@host", "@example.com", "a@b.c"],
            matches: ByteShapes.isEmail),
        TypedMasker(
            kind: .path,
            examples: ["/var/log/app.log", "/api/users/42", "./src/main.py", "~/data/x", "C:\\Users\\dev\\app.py", "/tmp/1"],
            nonExamples: ["/", "/health", "a/b/c", "//"],
            matches: ByteShapes.isPath),
        TypedMasker(
            kind: .bool,
            examples: ["true", "False", "TRUE"],
            nonExamples: ["truth", "falsey"],
            matches: { ByteShapes.equalsIgnoringCase($0, "true") || ByteShapes.equalsIgnoringCase($0, "false") }),
        TypedMasker(
            kind: .null,
            examples: ["null", "None", "nil", "NULL"],
            nonExamples: ["nullable", "nonexistent"],
            matches: {
                ByteShapes.equalsIgnoringCase($0, "null") || ByteShapes.equalsIgnoringCase($0, "none")
                    || ByteShapes.equalsIgnoringCase($0, "nil")
            }),
    ]
}
