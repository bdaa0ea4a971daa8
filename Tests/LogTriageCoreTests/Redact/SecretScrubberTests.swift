import Testing

@testable import LogTriageCore

struct SecretScrubberTests {
    let scrubber = SecretScrubber()

    static let secrets: [(line: String, secret: String)] = [
        ("Authorization: Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U", "eyJhbGciOiJIUzI1NiJ9"),
        ("token=eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.abcDEF123456ghiJKL done", "eyJzdWIiOiIxIn0"),
        ("calling hub with hf_AbCdEfGhIjKlMnOpQrStUvWx12345", "hf_AbCdEfGhIjKlMnOpQrStUvWx12345"),
        ("OPENAI key sk-proj-9aB8cD7eF6gH5iJ4kL3mN2oP1qR0sT loaded", "sk-proj-9aB8cD7eF6gH5iJ4kL3mN2oP1qR0sT"),
        ("aws AKIAIOSFODNN7EXAMPLE3 used", "AKIAIOSFODNN7EXAMPLE3"),
        ("push with ghp_1234567890abcdefghijABCDEFGHIJ123456", "ghp_1234567890abcdefghijABCDEFGHIJ123456"),
        ("slack xoxb-123456789012-abcdefABCDEF ok", "xoxb-123456789012-abcdefABCDEF"),
        ("connect postgres://shop:s3cr3tP4ss@db.internal:5432/shop", "s3cr3tP4ss"),
        ("login failed password=hunter22 user=bob", "hunter22"),
        ("{\"user\": \"bob\", \"api_key\": \"live-28f9c0d1\"}", "live-28f9c0d1"),
        ("GET /callback?code=abc&access_token=ya29.a0AfH6SMB&state=1", "ya29.a0AfH6SMB"),
        ("client_secret: 9f8e7d6c5b4a retrying", "9f8e7d6c5b4a"),
        ("charged card 4111 1111 1111 1111 ok", "4111 1111 1111 1111"),
        ("charged card 5555555555554444 ok", "5555555555554444"),
        ("Authorization: Basic dXNlcjpwYXNzd29yZA==", "dXNlcjpwYXNzd29yZA=="),
        ("{\"user\": \"bob\", \"password\" : \"hunter22\"}", "hunter22"),
        ("login password = hunter22 ok", "hunter22"),
        ("cache at redis://:s3cretPw@cache:6379/0", "s3cretPw"),
        ("Authorization: Token 9f8e7d6c5b4a3f2e", "9f8e7d6c5b4a3f2e"),
        ("retry with password=[hunter22]", "hunter22"),
        ("header X-Api-Key: abc123def456", "abc123def456"),
        ("session refresh_token=r1.abcDEF", "r1.abcDEF"),
        ("session_token_id=a8f3k2m9q1 issued", "a8f3k2m9q1"),
    ]

    @Test(arguments: secrets)
    func secretsAreRemoved(_ line: String, _ secret: String) {
        let scrubbed = scrubber.scrub(line)
        #expect(!scrubbed.contains(secret), "\(scrubbed)")
        #expect(scrubbed.contains("[REDACTED:"))
    }

    @Test(arguments: [
        "Token verification failed for endpoint: GET /api/subscription/status/42",
        "Unverified token rejected (production).",
        "shop.middleware.auth: request handled in 12ms",
        "block blk_-6952295868487656571 terminating",
        "order 1234567890123 shipped",
        "token=None because the session expired",
        "sk-learn model loaded",
        "author=jane wrote 3 posts",
        "password: missing",
        "completion max_tokens=4096 prompt_tokens=12 done",
        "banner cookie_consent=yes shown",
        "refresh token: connection refused",
        "using basic authentication for the admin UI",
        "order id 412345678901234561 created",
    ])
    func ordinaryTextIsLeftAlone(_ line: String) {
        #expect(scrubber.scrub(line) == line)
    }

    @Test func secretKeysRedactWholeAttributeValues() {
        let attribute = scrubber.scrub(Attribute("db_password", .string("correct horse")))
        #expect(attribute.value == .string("[REDACTED:secret]"))
        let nested = scrubber.scrub(Attribute("request", .object([Attribute("headers", .object([Attribute("Authorization", .string("Bearer abcdefgh12345678"))]))])))
        #expect(!"\(nested)".contains("abcdefgh12345678"))
        // a count under a key that merely contains `token` stays; a credential under it goes
        #expect(scrubber.scrub(Attribute("max_tokens", .number("4096"))).value == .number("4096"))
        #expect(scrubber.scrub(Attribute("token_value", .string("a8f3k2m9q1"))).value == .string("[REDACTED:secret]"))
    }

    @Test func everyTextFieldOfARecordIsScrubbed() {
        let jwt = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.abcDEF123456ghiJKL"
        let frame = StackFrame(file: "/srv/app/api.py", line: 3, function: "call?token=\(jwt)")
        var record = LogRecord(
            file: "a.log", lineStart: 1, lineEnd: 1, message: "failed", format: "test")
        record.logger = "client[\(jwt)]"
        record.thread = "worker \(jwt)"
        record.source = SourceLocation(file: "/srv/\(jwt)/x.py", function: "f", line: 1)
        record.exception = ExceptionInfo(type: "AuthError", message: "bad \(jwt)", frames: [frame],
            cause: ExceptionInfo(type: "Bearer \(jwt)", message: "x"))
        scrubber.scrub(&record)
        #expect(!"\(record)".contains("eyJzdWIiOiIxIn0"), "\(record)")
    }

    @Test func extraPrefixesAreConfigurable() {
        let custom = SecretScrubber(configuration: .init(extraTokenPrefixes: ["acme_"]))
        #expect(custom.scrub("using acme_live_0042 now") == "using [REDACTED:api-key] now")
    }
}

struct UnlistedCredentialTests {
    let scrubber = SecretScrubber()

    @Test func randomLookingWordsAreRedactedAndIdentifiersAreNot() {
        let out = scrubber.scrub("GET /api/v1/cron/Hb7Rk2QmZ9wLx4Tn6Pc1Vs8Jd3Gf5Ye0 200")
        #expect(!out.contains("Hb7Rk2QmZ9wLx4Tn6Pc1Vs8Jd3Gf5Ye0"))
        for kept in [
            "ConnectionRefusedErrorHandler failed", "commit 3f9a1c0e7b52d48e96a0c1f7d2b84e65a93c07d1",
            "user 6t9whwf3wq3uu1md3nzx6ym4u6 logged in", "request 15e6b4e5-8f56-481a-84a8-a24e3def61fb",
            "UserNotificationPreferencesEndpoint2 ready", "next day:steps0mLastReport7214",
            "Accepted publickey for git ssh2: ED25519 SHA256:q3Vx0m9C2bK8e1fJ5yT7uW4rZ6aN0pLdHsGiEkXoYcM",
        ] {
            #expect(scrubber.scrub(kept) == kept)
        }
    }

    @Test func keysEndingInKeyPassOrSignature() {
        let out = scrubber.scrub("Near \"PUSH_INSTALLATION_KEY='Kd7rP3nX9wQz2MbT5vLc\\nSMTP_PASSWORD=Zt4nB8qW2xRm6Jp3\"")
        #expect(!out.contains("Kd7rP3nX9wQz2MbT5vLc"))
        #expect(!out.contains("Zt4nB8qW2xRm6Jp3"))
        #expect(scrubber.scrub("cache_key=12 sort_key=yes") == "cache_key=12 sort_key=yes")
    }

    /// Longer than a commit id or an MD5, a lower-case hex word is a token (an OAuth token id, a session id);
    /// one of a SHA-256's length is a content id.
    @Test func longHexWordsAreTokens() {
        let token = "5e1c9a0f3b7d2e4a8c6f1b3d5a7e9c0b2d4f6a8e1c3b5d7f9a0e2c4b6d8f1a3c5e7b9d0f2a4c6e8b1d"
        #expect(!scrubber.scrub("select * from tokens where id = \(token) limit 1").contains(token))
        for kept in [
            "commit 3f9a1c0e7b52d48e96a0c1f7d2b84e65a93c07d1", "etag 9b2c4e6a8d0f1e3c5a7b9d2f4e6a8c0b",
            "image sha256:0a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8f9",
            "object 9c8b7a6f5e4d3c2b1a0f9e8d7c6b5a4f3e2d1c0b9a8f7e6d5c4b3a2f1e0d9c8b stored",
        ] {
            #expect(scrubber.scrub(kept) == kept)
        }
    }

    /// `key` alone names a credential in URLs and JSON; a count or a flag under it stays.
    @Test func aKeyNamedKey() {
        let url = scrubber.scrub("GET /api/content/posts/?key=2d8e4a1c9f7b3e5d0a6c8b2f4e&limit=12 500")
        #expect(!url.contains("2d8e4a1c9f7b3e5d0a6c8b2f4e") && url.contains("limit=12"))
        let json = scrubber.scrub(#"{"uuid":"u-1","key":"9e7c5a3b1d2f4e6a8c0b9d7f5e3a1c2b4d6f8e0a9c7b5d3f1e2a4c6b8d0f9e7c"}"#)
        #expect(!json.contains("9e7c5a3b1d2f4e6a8c0b9d7f5e3a1c2b"))
        #expect(scrubber.scrub("key=3 retries") == "key=3 retries")
    }

    /// A comparison, or a route's arrow, after a credential word is no assignment: the route and status stay
    /// readable; a hash dump's arrow is one.
    @Test func arrowsAndComparisonsAreNotAssignments() {
        let routed = "(signin) POST /auth/token => 400 Bad Request"
        #expect(scrubber.scrub(routed) == routed)
        // a hash dump's arrow does assign
        #expect(!scrubber.scrub(#"{"password" => "Vq8mRt7wQ2zPb5nX"}"#).contains("Vq8mRt7wQ2zPb5nX"))
        #expect(!scrubber.scrub("[api_key] => Xk29vLq8mRt7wQ2zPb5n").contains("Xk29vLq8mRt7wQ2zPb5n"))
        #expect(scrubber.scrub("if token == expected") == "if token == expected")
        #expect(scrubber.scrub("retries: password!=nil") == "retries: password!=nil")
        #expect(!scrubber.scrub("token=Xk29vLq8mRt7wQ2zPb5n").contains("Xk29vLq8mRt7wQ2zPb5n"))
    }

    /// A password typed into the user name field shows as the user name of a failed login.
    @Test func aPasswordShapedUserNameIsRedacted() {
        let out = scrubber.scrub("Username or password is incorrect. IP: 203.0.113.9. Username: Gl4cier!Moss#77.")
        #expect(!out.contains("Gl4cier!Moss#77"))
        #expect(out.hasSuffix("[REDACTED:secret]."))
        let json = scrubber.scrub(#"{"event":"login_failed","username":"Gl4cier!Moss#77","ip":"203.0.113.9"}"#)
        #expect(!json.contains("Gl4cier!Moss#77") && json.contains("203.0.113.9"), "\(json)")
        for kept in [
            "login failed for username: maria.lopez", "user=ops-bot-2 denied", "Username: jdoe+test@example.com",
            "user_name: build_agent_07",
        ] {
            #expect(scrubber.scrub(kept) == kept)
        }
    }

    @Test func escapedJSONPairsAndQuotedValuesAfterACredentialWord() {
        let escaped = scrubber.scrub(#"{"post":"{\"_token\":\"gH3tY7kPzN1wQ5rM8bV2\",\"date\":\"2025-02-14\"}"}"#)
        #expect(!escaped.contains("gH3tY7kPzN1wQ5rM8bV2"))
        #expect(escaped.contains("2025-02-14"))
        let prose = scrubber.scrub("No account matches the access token \"4be09a7c1d3f58e26a0b9c7d4e1f3a85\"")
        #expect(!prose.contains("4be09a7c1d3f58e26a0b9c7d4e1f3a85"))
        #expect(scrubber.scrub("invalid token \"expired\"") == "invalid token \"expired\"")
    }
}
