import Testing

@testable import LogTriageCore

struct MaskingTests {
    @Test(arguments: TypedMasker.all.map(\.kind))
    func eachMaskerRecognisesItsExamplesAndNothingElse(_ kind: ParameterKind) throws {
        let masker = try #require(TypedMasker.all.first { $0.kind == kind })
        #expect(!masker.examples.isEmpty && !masker.nonExamples.isEmpty)
        for example in masker.examples {
            #expect(masker.recognises(example), "\(kind) should recognise \(example)")
        }
        for other in masker.nonExamples {
            #expect(!masker.recognises(other), "\(kind) should not recognise \(other)")
        }
    }

    static let messages: [(String, String)] = [
        ("Failed password for root from 10.0.0.7 port 22 ssh2", "Failed password for root from <ip> port <num> ssh2"),
        ("connection from 1.2.3.4 () at Sat Jun 18 02:08:10 2005", "connection from <ip> () at <date>"),
        ("Block rdd_2_3 stored as bytes in memory (estimated size 16.0 B, free 317.5 KB)",
         "Block <id> stored as bytes in memory (estimated size <size>, free <size>)"),
        ("generating core.12345", "generating core.<num>"),
        ("NIFF: node node-17 detected on network 10.0.0.0", "NIFF: node node-<num> detected on network <ip>"),
        ("setLightsOn(true) isOverlap:false", "setLightsOn(<bool>) isOverlap:<bool>"),
        ("authentication failure; logname= uid=0 euid=0 tty=NODEVssh", "authentication failure; logname= uid=<num> euid=<num> tty=NODEVssh"),
        ("Token verification failed for endpoint: GET /api/subscription/status/42",
         "Token verification failed for endpoint: GET <path>"),
        ("request took 15ms with [REDACTED:jwt]", "request took <duration> with [<token>]"),
        ("job 550e8400-e29b-41d4-a716-446655440000 for ops@example.com via https://x.io/a?b=1",
         "job <uuid> for <email> via <url>"),
        ("jk2_init() Found child 1234 in scoreboard slot 7", "jk2_init() Found child <num> in scoreboard slot <num>"),
        ("program interrupt: illegal instruction......0x0b", "program interrupt: illegal instruction......<hex>"),
        ("Receiving block blk_-1608999687919862906 src: /10.250.19.102:54106", "Receiving block <id> src: <ip>"),
        ("getTodayTotalDetailSteps = 1514038440000##6993##548365", "getTodayTotalDetailSteps = <num>##<num>##<num>"),
        ("value is null, retry at 2024-03-01T12:00:00Z", "value is <null>, retry at <date>"),
        ("plain words stay as they are", "plain words stay as they are"),
        ("GET /api/orders/7 HTTP/1.1 401 over TLSv1.3", "GET <path> HTTP/1.1 <num> over TLSv1.3"),
        ("  spaces\tand\ttabs  collapse  ", "spaces and tabs collapse"),
        ("lifetime <1 sec, waited >250ms", "lifetime <num> sec, waited <duration>"),
        ("relay.mail.example.com:25 refused, retry via mx2.example.co.uk", "<host> refused, retry via <host>"),
        ("module app.core.views loaded, key task.id unset", "module app.core.views loaded, key task.id unset"),
        ("Failed none for invalid user x; value None", "Failed none for invalid user x; value <null>"),
    ]

    @Test func aCountItsUnitWordAndARestatementAreOneToken() {
        var masker = MessageMasker()
        let masked = masker.mask("sent 1190 bytes (1.16 KB), received 0 bytes in 3 seconds")
        #expect(masked.tokens == ["sent", "<num> bytes (<num> KB),", "received", "<num> bytes", "in", "<num> seconds"])
        let raw = Array("sent 1190 bytes (1.16 KB), received 0 bytes in 3 seconds".utf8)
        #expect(String(decoding: raw[masked.rawRange(1)], as: UTF8.self) == "1190 bytes (1.16 KB),")
    }

    @Test(arguments: messages)
    func masksValuesInMessages(_ message: String, _ expected: String) {
        var masker = MessageMasker()
        #expect(masker.mask(message).text == expected)
    }

    @Test func rawSpansFollowTokens() {
        var masker = MessageMasker()
        let masked = masker.mask("at Sat Jun 18 02:08:10 2005, user bob")
        #expect(masked.tokens == ["at", "<date>,", "user", "bob"])
        let raw = Array("at Sat Jun 18 02:08:10 2005, user bob".utf8)
        #expect(String(decoding: raw[masked.rawRange(1)], as: UTF8.self) == "Sat Jun 18 02:08:10 2005,")
    }

    @Test func emptyAndBinaryMessagesDoNotTrap() {
        var masker = MessageMasker()
        #expect(masker.mask("").tokenCount == 0)
        #expect(masker.mask("\u{FFFD}\u{FFFD} <<<>>> ::: ... [[[").tokenCount == 5)
    }
}
