import Testing

@testable import LogTriageCore

struct JSONParserTests {
    /// Parses bytes (not a `String`), so invalid UTF-8 and NUL bytes reach the parser as written.
    private func parse(bytes: [UInt8]) -> JSONValue? {
        bytes.withUnsafeBufferPointer { JSONParser.parse($0) }
    }

    @Test func scalars() {
        #expect(JSONParser.parse("null") == .null)
        #expect(JSONParser.parse("true") == .bool(true))
        #expect(JSONParser.parse(" false\n") == .bool(false))
        #expect(JSONParser.parse(#""hi""#) == .string("hi"))
        #expect(JSONParser.parse("0") == .number("0"))
        #expect(JSONParser.parse("-12.50e+3") == .number("-12.50e+3"))
    }

    @Test func objectsKeepMemberOrderAndDuplicates() throws {
        let value = try #require(JSONParser.parse(#"{"b": 1, "a": [true, null, {}], "b": "x", "c": {"d": []}}"#))
        guard case .object(let members) = value else {
            Issue.record("not an object")
            return
        }
        #expect(members.map(\.key) == ["b", "a", "b", "c"])
        #expect(members[1].value == .array([.bool(true), .null, .object([])]))
        #expect(members[2].value == .string("x"))
        #expect(value["c"] == .object([Attribute("d", .array([]))]))
    }

    @Test func numbersKeepTheirLiteralText() {
        #expect(JSONParser.parse("18446744073709551616123") == .number("18446744073709551616123"))
        #expect(JSONParser.parse("1714826627913456789") == .number("1714826627913456789"))
        #expect(JSONParser.parse("3.141592653589793238462643383279") == .number("3.141592653589793238462643383279"))
        #expect(JSONParser.parse("1E400") == .number("1E400"))
        #expect(JSONParser.parse(#"{"id": 9007199254740993}"#)?["id"] == .number("9007199254740993"))
    }

    @Test(arguments: [
        "01", "-", "+1", "1.", ".5", "1e", "1e+", "--1", "0x10", "NaN", "Infinity", "1.5.2", "-01",
    ])
    func invalidNumbers(_ text: String) {
        #expect(JSONParser.parse(text) == nil)
    }

    @Test func escapes() {
        #expect(JSONParser.parse(#""a\"b\\c\/d\be\ff\ng\rh\ti""#) == .string("a\"b\\c/d\u{8}e\u{C}f\ng\rh\ti"))
        #expect(JSONParser.parse(#""\u0041\u00e9\u4e2d""#) == .string("Aé中"))
        #expect(JSONParser.parse(#""\u0000""#) == .string("\u{0}"))
        #expect(JSONParser.parse(#""caf\u00E9 ok""#) == .string("café ok"))
        // Unescaped UTF-8 passes through; escapes after it still decode.
        #expect(JSONParser.parse(#""ünï \"cödé\"""#) == .string("ünï \"cödé\""))
    }

    @Test func surrogatePairs() {
        #expect(JSONParser.parse(#""\ud83d\ude00""#) == .string("😀"))
        #expect(JSONParser.parse(#""x\uD834\uDD1Ey""#) == .string("x𝄞y"))
        // Lone or reversed surrogates cannot live in a String: each becomes U+FFFD.
        #expect(JSONParser.parse(#""\ud83d""#) == .string("\u{FFFD}"))
        #expect(JSONParser.parse(#""\ude00\ud83d""#) == .string("\u{FFFD}\u{FFFD}"))
        #expect(JSONParser.parse(#""\ud83dx""#) == .string("\u{FFFD}x"))
        #expect(JSONParser.parse(#""\ud83d\u0041""#) == .string("\u{FFFD}A"))
        #expect(JSONParser.parse(#""\ud83d\n""#) == .string("\u{FFFD}\n"))
        #expect(JSONParser.parse(#""\ud83d\uZZZZ""#) == nil)
    }

    @Test(arguments: [
        "", " ", "{", "}", "[", "]", "[1,]", "[,1]", "{,}", #"{"a"}"#, #"{"a":}"#, #"{"a":1,}"#, #"{"a" 1}"#,
        #"{a:1}"#, "{'a':1}", #"{"a":1"#, #""abc"#, #""\x41""#, #""\u12""#, #""\u12G4""#, #""\"#, "tru", "nul",
        "True", "[1 2]", #"{"a":1}{"b":2}"#, #"{"a":1} x"#, "[1]]", "1 2", #"{"a":1,"b":2"#, "/* c */ 1",
    ])
    func invalidInputs(_ text: String) {
        #expect(JSONParser.parse(text) == nil, "\(text)")
    }

    @Test func rawControlCharactersInStringsAreInvalid() {
        #expect(parse(bytes: Array(#""a"#.utf8) + [0x0A] + Array(#"b""#.utf8)) == nil)
        #expect(parse(bytes: [0x22, 0x00, 0x22]) == nil)
        #expect(parse(bytes: [0x22, 0x09, 0x22]) == nil)
    }

    @Test func invalidUTF8IsRepairedNotRejected() {
        #expect(parse(bytes: [0x22, 0x61, 0xFF, 0x62, 0x22]) == .string("a\u{FFFD}b"))
        #expect(parse(bytes: [0x22, 0xE4, 0xB8, 0x22]) == .string("\u{FFFD}"))
    }

    @Test func whitespaceAroundTheValue() {
        #expect(JSONParser.parse(" \t\r\n{ \"a\" : [ 1 , 2 ] }\r\n ") == .object([Attribute("a", .array([.number("1"), .number("2")]))]))
    }

    @Test func depthLimit() {
        let limit = JSONParser.maximumDepth
        let deepestArrays = String(repeating: "[", count: limit) + String(repeating: "]", count: limit)
        #expect(JSONParser.parse(deepestArrays) != nil)
        let tooDeepArrays = String(repeating: "[", count: limit + 1) + String(repeating: "]", count: limit + 1)
        #expect(JSONParser.parse(tooDeepArrays) == nil)

        let deepestObjects = String(repeating: #"{"a":"#, count: limit) + "1" + String(repeating: "}", count: limit)
        #expect(JSONParser.parse(deepestObjects) != nil)
        let tooDeepObjects = String(repeating: #"{"a":"#, count: limit + 1) + "1" + String(repeating: "}", count: limit + 1)
        #expect(JSONParser.parse(tooDeepObjects) == nil)

        // Far past the limit (and unbalanced) fails fast without exhausting the stack.
        #expect(JSONParser.parse(String(repeating: "[", count: 100_000)) == nil)
    }

    @Test func longStringsAndManyMembers() throws {
        let long = String(repeating: "x", count: 100_000)
        #expect(JSONParser.parse("\"\(long)\"") == .string(long))
        let members = (0..<1000).map { "\"k\($0)\": \($0)" }.joined(separator: ",")
        guard case .object(let parsed) = try #require(JSONParser.parse("{\(members)}")) else {
            Issue.record("not an object")
            return
        }
        #expect(parsed.count == 1000)
        #expect(parsed.last == Attribute("k999", .number("999")))
    }

    @Test func bufferSlicesAreParsedWithoutReadingPastTheirEnd() {
        let bytes = Array(#"{"a":1}{"b":2}"#.utf8)
        let value = bytes.withUnsafeBufferPointer { JSONParser.parse(UnsafeBufferPointer(rebasing: $0[0..<7])) }
        #expect(value == .object([Attribute("a", .number("1"))]))
        let cut = bytes.withUnsafeBufferPointer { JSONParser.parse(UnsafeBufferPointer(rebasing: $0[0..<6])) }
        #expect(cut == nil)
    }

    /// Random bytes, random JSON-ish tokens and mutations of valid JSON must never crash, and anything accepted
    /// must survive a round trip through the writer.
    @Test func randomInputNeverCrashes() {
        var random = SeededGenerator(seed: 0x5EED_1065_7A1A_6E00)
        let alphabet = Array(#"{}[],:"\ u0123456789abcdefABCDEF.eE+-truefalsenull/"#.utf8) + [0x00, 0x0A, 0xFF, 0xC3, 0xA9]
        let valid = Array(
            #"{"level":"error","msg":"caf\u00e9 \ud83d\ude00","n":[1,-2.5e3,true,null,{"x":{}}],"s":"a\"b"}"#.utf8)
        var accepted = 0
        for round in 0..<30_000 {
            var bytes: [UInt8]
            switch round % 3 {
            case 0:
                bytes = (0..<Int(random.next() % 48)).map { _ in UInt8(truncatingIfNeeded: random.next()) }
            case 1:
                bytes = (0..<Int(random.next() % 48)).map { _ in alphabet[Int(random.next() % UInt64(alphabet.count))] }
            default:
                bytes = valid
                for _ in 0..<(1 + random.next() % 4) {
                    let index = Int(random.next() % UInt64(bytes.count))
                    switch random.next() % 3 {
                    case 0: bytes[index] = UInt8(truncatingIfNeeded: random.next())
                    case 1: bytes.remove(at: index)
                    default: bytes.insert(alphabet[Int(random.next() % UInt64(alphabet.count))], at: index)
                    }
                    if bytes.isEmpty { break }
                }
            }
            if let value = parse(bytes: bytes) {
                accepted += 1
                var writer = JSONWriter(capacity: 64)
                writer.value(value)
                #expect(parse(bytes: writer.bytes) == value, "round trip of \(bytes)")
            }
        }
        #expect(accepted > 0)
    }
}

