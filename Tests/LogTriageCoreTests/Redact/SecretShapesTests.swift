import Testing

@testable import LogTriageCore

/// Credentials recognised by shape and context rather than by a listed key name, and the traffic that must be
/// left alone. Every value here is made up.
struct SecretShapesTests {
    let scrubber = SecretScrubber()

    static let credentials: [(line: String, secret: String)] = [
        // a credential word, then a random-looking value
        ("DEBUG deploy: using aws secret z3Qaaew8+hzQjlgGMNVMDcuPBwyIUK/XAp+pwTLH for upload", "z3Qaaew8+hzQjlgGMNVMDcuPBwyIUK"),
        ("partner rejected token Qm9v8Xc2Lp4Rt7Wz1Ks5Hd3Jf6Ng0Ba9 again", "Qm9v8Xc2Lp4Rt7Wz1Ks5Hd3Jf6Ng0Ba9"),
        // command-line flags
        ("+ mysqldump --user=backup --password TpjtnWfrdnHw3 prod", "TpjtnWfrdnHw3"),
        ("nuget push pkg.nupkg --api-key oy2nkrw3fiea5j1unxdjb92topx9oi3upxzlwwv8ncvx8k", "oy2nkrw3fiea5j1unxdjb92topx9oi3upxzlwwv8ncvx8k"),
        // a DSN whose user is a random key
        ("init dsn=https://287d5004e61d8b38f9dbcdee01ec6c3d@o4505.ingest.example.io/4506", "287d5004e61d8b38f9dbcdee01ec6c3d"),
        // documented formats with dots, dollars and hex bodies
        ("mail client ready (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)", "iIrySeTpoqo-uWZ92"),
        ("mailgun 401 with key-578af13aa2cb16208f8cce6b274eed36", "578af13aa2cb16208f8cce6b274eed36"),
        ("gateway init access_token$production$6f069d86edd25a62$de04bff8258257a61098a65b867ffb19", "de04bff8258257a61098a65b867ffb19"),
        ("GET https://api.example.org/bot3002959920:AAh5Tv-Mi7OfOk2kg3pR0J9SFAz2Zff62l0/sendMessage", "AAh5Tv-Mi7OfOk2kg3pR0J9SFAz2Zff62l0"),
        ("renewed hvs.gQAZcimsE_lwgZrbKsS5YZqmL542K_MaTBKp8U73c629 ttl=768h", "gQAZcimsE_lwgZrbKsS5YZqmL542K"),
        // a webhook URL's token, a scheme word before a credential
        ("posting to https://hooks.example.com/services/T0D0OUKHDH/B04LI0K1QN/ltgc8VgkXANAlhvagTYJQg2C", "ltgc8VgkXANAlhvagTYJQg2C"),
        ("GET /api/v1/users Authorization: SSWS 00UkW_w7IAF02xwLqUAcwds6PnE5UspdDVhXCwfNDZ", "00UkW_w7IAF02xwLqUAcwds6PnE5UspdDVhXCwfNDZ"),
        ("oss client with AccessKeyId LTAItcWTiZVyurkfHp6YYNjA", "LTAItcWTiZVyurkfHp6YYNjA"),
        ("GET /c/r.pdf?sv=2022-11-02&sp=r&sig=QvvURmWQZiycFjt8AS2HUYDkputw7q%2Bx HTTP/1.1", "QvvURmWQZiycFjt8AS2HUYDkputw7q"),
        // every cookie of a cookie header
        ("request headers: Cookie: theme=dark; sessionid=k2Lr9QwZx7Vb3Nm8; csrftoken=aa11bb22", "k2Lr9QwZx7Vb3Nm8"),
        // a bare `pass=` key
        ("smtp login user=alerts@example.org pass=rUvRTyMxvKJj#G", "rUvRTyMxvKJj#G"),
    ]

    @Test(arguments: credentials)
    func credentialsAreRemoved(_ line: String, _ secret: String) {
        let scrubbed = scrubber.scrub(line)
        #expect(!scrubbed.contains(secret), "\(scrubbed)")
    }

    static let traffic: [String] = [
        #"{"auth_via": "session", "event": "/api/v3/core/users/me/"}"#,  // a key containing `auth`, a plain word
        "addNotification key=0|com.example.mobile|121|null|10111",  // a key named `key`, a dotted id
        #"{"password": "********", "flow_token": "****************"}"#,  // masked by the application
        "Access denied for user 'root'@'localhost' (using password: NO)",
        "Failed to copy to tmpPath: 38/74/c315b9e707699598a780c8388bb7e28abea5fbaaad0df24fe1ed4ee5bba5 Err",
        "the token expired; the primary key 12345678901234567 was reused",
        "rsync --password-file /etc/rsync.secret --delete src/ dst/",  // a flag's value that is a file, not a secret
        "see https://docs.example.com/hooks/pre-commit-config-validation for details",  // a page about hooks
    ]

    @Test(arguments: traffic)
    func trafficIsLeftAlone(_ line: String) {
        if line.contains("--password-file") {
            // a flag's value is redacted whatever it is: only the path's shape is at stake, not a leak
            #expect(scrubber.scrub(line).contains("--delete"))
        } else {
            #expect(scrubber.scrub(line) == line)
        }
    }

    @Test func aPrivateKeyBlockIsRedactedWhole() {
        let text = "could not load key:\n-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQ\nQyNTUxOQAAACBqR5cUu9n1S5\n-----END OPENSSH PRIVATE KEY-----\nretrying"
        let scrubbed = scrubber.scrub(text)
        #expect(!scrubbed.contains("b3BlbnNzaC1rZXktdjEAAAAABG5v"))
        #expect(!scrubbed.contains("QyNTUxOQAAACBqR5cUu9n1S5"))
        #expect(scrubbed.contains("-----BEGIN OPENSSH PRIVATE KEY-----") && scrubbed.hasSuffix("retrying"))
    }

    @Test func aPrivateKeyLoggedALinePerRecordStaysRedactedUntilItsEnd() {
        let lines = [
            "2026-03-10 09:14:05,001 DEBUG keys: -----BEGIN RSA PRIVATE KEY-----",
            "2026-03-10 09:14:05,002 DEBUG keys: MIIEpAIBAAKCAQEA1b2c3d4e5f6g7h8i9j0kLmNoPqRsTuVwXyZ",
            "2026-03-10 09:14:05,003 DEBUG keys: AbCdEfGhIjKlMnOpQrStUvWxYz0123456789abcdefABCDEF",
            "2026-03-10 09:14:05,004 DEBUG keys: -----END RSA PRIVATE KEY-----",
            "2026-03-10 09:14:05,005 INFO keys: key loaded from vault",
        ]
        let records = RecordReader().records(in: lines.joined(separator: "\n"))
        let messages = records.map(\.message).joined(separator: "\n")
        #expect(!messages.contains("MIIEpAIBAAKCAQEA1b2c3d4e5f6g7h8i9j0k"))
        #expect(!messages.contains("AbCdEfGhIjKlMnOpQrStUvWxYz0123456789"))
        #expect(messages.contains("key loaded from vault"))
    }

    @Test func literalValuesFromTheProjectAreRedacted() {
        let custom = SecretScrubber(configuration: .init(literalValues: ["staging-Pa55"]))
        #expect(custom.scrub("login as admin with staging-Pa55 failed") == "login as admin with [REDACTED:secret] failed")
        #expect(scrubber.scrub("login as admin with staging-Pa55 failed").contains("staging-Pa55"))
    }

    @Test func theLineRedactorKeepsLinesAndCountsRedactions() throws {
        let text = "ok line\npassword=hunter2x1\n-----BEGIN EC PRIVATE KEY-----\nMHcCAQEEIBkg4LVWM9nuwNSk3yBkg4LVWM9nuwNSk3y\n-----END EC PRIVATE KEY-----\n"
        var out: [String] = []
        let summary = try LineRedactor().redact(source: MemorySource(text), name: "t") { out.append(String(decoding: $0, as: UTF8.self)) }
        #expect(out.count == 5 && summary.lines == 5)
        #expect(out[0] == "ok line" && out[1] == "password=[REDACTED:secret]")
        #expect(out[3] == "[REDACTED:private-key]" && out[4] == "-----END EC PRIVATE KEY-----")
        #expect(summary.redactedLines == 2)
    }

    @Test func binaryInputStopsTheRedactorWithAClearError() throws {
        let junk = String(decoding: (0..<4096).map { UInt8(($0 * 7919) % 32) }, as: UTF8.self)
        let summary = try LineRedactor().redact(source: MemorySource(junk), name: "junk.bin") { _ in }
        #expect(summary.error?.kind == .binary)
    }

    /// Found by the scrubber fuzz target: a second pass read the colon of `auth://` as `key: value` once the first
    /// had redacted the URL's password, and took a user name holding the first pass's marker for a password.
    @Test func aURLIsScrubbedOnceForAll() {
        let invalid = String(decoding: [0x3A, 0x2F, 0x2F, 0xFF, 0xFF, 0x65, 0x72, 0x39, 0xFF, 0x31, 0xD2, 0x40] as [UInt8], as: UTF8.self)
        for line in ["://ClosedRaubHT9cHTTtoe:S@", "://00" + String(repeating: "e", count: 46) + ":*@", "key onMr.SyncActAcme.Pricod/a202ffffffffffffffffffffffffffffffffffffffffffff", "user=(Userodel_vali=============(UserIn.model_vali====~~~~~~~~~~~~~~~~~~~~~~~~~~~4444444444444444444444444444444fffffffffffffff09:2oc[", "auth://':*@", "token://u:pw9Xq@host/x", "password://x:y@z", invalid, "://\u{FFFD}cessT2eCloicFlcFloat:2@", "://hf_WWWWW22222222SWWWest:*@", "://:*@hook/5f3a1rBlsedaiSet"] {
            let once = scrubber.scrub(line)
            #expect(scrubber.scrub(once) == once, "\(line) → \(once)")
        }
    }

    /// Properties over many generated lines: scrubbing twice changes nothing more, and a line grows by no more
    /// than its markers.
    @Test func scrubbingIsIdempotentAndOnlyAddsMarkers() {
        var generator = SeededGenerator(seed: 7)
        let alphabet = Array("abcXYZ0189+/=_-.:@ \"'{}[]()&?$#*|")
        let pieces = ["password=", "token ", "--api-key ", "key: ", "https://u:", "@h/", "sk_live_", "-----BEGIN PRIVATE KEY-----", "\n"]
        for _ in 0..<2000 {
            var line = ""
            for _ in 0..<(generator.next() % 12) {
                if generator.next() % 3 == 0 {
                    line += pieces[Int(generator.next() % UInt64(pieces.count))]
                } else {
                    for _ in 0..<(generator.next() % 40) { line.append(alphabet[Int(generator.next() % UInt64(alphabet.count))]) }
                }
            }
            let once = scrubber.scrub(line)
            #expect(scrubber.scrub(once) == once, "not idempotent: \(line)")
            let markers = once.split(separator: "[REDACTED:", omittingEmptySubsequences: false).count - 1
            #expect(once.utf8.count <= line.utf8.count + markers * "[REDACTED:private-key]".utf8.count, "\(line)")
        }
    }
}

struct ProviderFormatTests {
    /// Every documented format in the table, with a made-up body of its minimum length, in a log line.
    @Test func everyProviderFormatIsRedacted() {
        let scrubber = SecretScrubber()
        var generator = SeededGenerator(seed: 11)
        let alphabet = Array("abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789")
        for (prefix, minimum, _) in SecretScrubber.keyPrefixes {
            var key = prefix
            while key.count < max(minimum, prefix.count + 20) { key.append(alphabet[Int(generator.next() % UInt64(alphabet.count))]) }
            key += "7a3"  // two digits at least, as random key bodies of this length have
            let line = "2026-03-10 09:14:05,001 ERROR client: request rejected for \(key), retrying"
            let scrubbed = scrubber.scrub(line)
            #expect(!scrubbed.contains(String(key.dropFirst(prefix.count))), "\(prefix): \(scrubbed)")
            #expect(scrubbed.hasSuffix(", retrying"), "\(prefix): \(scrubbed)")
        }
    }
}
