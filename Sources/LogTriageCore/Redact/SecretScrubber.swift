/// Removes secrets from text before anything is stored, printed or exported.
///
/// One pass over the bytes finds: JWTs; `Bearer`/`Basic` credentials; API keys by their well-known prefixes
/// (`hf_`, `sk-`, `sk_live_`, `AKIA`, `ghp_`, `github_pat_`, `xox?-`, `glpat-`, `AIza`, `npm_` …); passwords in
/// URLs (`scheme://user:secret@host`); values of `key=value`, `key: value` and `"key": "value"` pairs whose key
/// names a secret (password, passwd, secret, api_key, apikey, auth, credentials, token, bearer, private_key …);
/// and card numbers (Luhn-valid 13–19 digits with a card-network prefix). Each becomes `[REDACTED:kind]`.
/// Text with nothing to redact is returned without copying.
public struct SecretScrubber: Sendable {
    public struct Configuration: Sendable {
        /// Lower-case fragments that mark a key as secret.
        public var secretKeyFragments: [String]
        /// Extra literal prefixes of secret tokens (a team's own key format), redacted with what follows.
        public var extraTokenPrefixes: [String]
        public var redactCardNumbers: Bool
        /// Exact values to redact wherever they appear (a known leaked password, a tenant's key).
        public var literalValues: [String]

        public init(
            secretKeyFragments: [String] = Configuration.defaultSecretKeyFragments,
            extraTokenPrefixes: [String] = [], redactCardNumbers: Bool = true, literalValues: [String] = []
        ) {
            self.secretKeyFragments = secretKeyFragments
            self.extraTokenPrefixes = extraTokenPrefixes
            self.redactCardNumbers = redactCardNumbers
            self.literalValues = literalValues
        }

        public static let defaultSecretKeyFragments = [
            "password", "passwd", "pwd", "secret", "api_key", "apikey", "api-key", "auth", "credential", "token",
            "bearer", "private_key", "privatekey", "access_key", "accesskey", "cookie", "x-api-key", "authorization",
            "_key", "-key", "_pass", "signature", "_sig",
        ]

        /// Fragments that are weaker inside a key than at its end: `refresh_token` holds a secret, but
        /// `max_tokens=4096` and `cookie_consent=yes` hold a count and a flag. Inside a key they only mark
        /// values that could be credentials (not small numbers, not yes/no words).
        static let suffixOnlyFragments: Set<String> = [
            "token", "auth", "cookie", "pwd", "bearer", "_key", "-key", "_pass", "signature", "_sig",
        ]
    }

    public let configuration: Configuration
    private let keyFragments: [[UInt8]]
    private let suffixOnly: [Bool]
    /// Token prefixes (built-in and configured) by first byte, with the minimum length of a real token.
    private let prefixesByFirstByte: [[TokenPrefix]]
    /// Bytes a token worth a closer look can start with; every other word start is skipped at once.
    private let startsToken: [Bool]
    /// Configured literal values (4 bytes or more: shorter ones would match inside ordinary words).
    private let literals: [[UInt8]]

    struct TokenPrefix: Sendable {
        var bytes: [UInt8]
        var minimumLength: Int
        /// Built-in prefixes need a random-looking body; a team's own prefixes are trusted as they are.
        var needsRandomBody: Bool
        /// Bytes the body may hold besides letters, digits, `_` and `-` (`.` in `SG.x.y`, `+/=` in base64).
        var extraBodyBytes: [UInt8] = []
    }

    public init(configuration: Configuration = Configuration()) {
        self.configuration = configuration
        self.keyFragments = configuration.secretKeyFragments.map { Array($0.lowercased().utf8) }
        self.suffixOnly = configuration.secretKeyFragments.map { Configuration.suffixOnlyFragments.contains($0.lowercased()) }
        var table = [[TokenPrefix]](repeating: [], count: 256)
        for (prefix, minimum, extra) in Self.keyPrefixes {
            let bytes = Array(prefix.utf8)
            table[Int(bytes[0])].append(
                TokenPrefix(bytes: bytes, minimumLength: minimum, needsRandomBody: true, extraBodyBytes: Array(extra.utf8)))
        }
        for prefix in configuration.extraTokenPrefixes where !prefix.isEmpty {
            let bytes = Array(prefix.utf8)
            table[Int(bytes[0])].append(TokenPrefix(bytes: bytes, minimumLength: bytes.count + 1, needsRandomBody: false))
        }
        self.prefixesByFirstByte = table
        var starts = table.map { !$0.isEmpty }
        for byte in "eBb".utf8 { starts[Int(byte)] = true }  // JWT, Bearer, Basic, a bot token in a URL
        for byte in "0123456789".utf8 { starts[Int(byte)] = true }  // a bot token, a card number
        if configuration.redactCardNumbers {
            for byte in "23456".utf8 { starts[Int(byte)] = true }
        }
        self.startsToken = starts
        self.literals = configuration.literalValues.map { Array($0.utf8) }.filter { $0.count >= 4 }
    }

    /// `text` with its secrets replaced.
    public func scrub(_ text: String) -> String {
        var text = text
        let result: [UInt8]? = text.withUTF8 { scrub(bytes: $0) }
        guard let result else { return text }
        return String(decoding: result, as: UTF8.self)
    }

    /// Whether a key (a JSON member, a logfmt key) names a secret: its whole value should be redacted.
    public func isSecretKey(_ key: String) -> Bool { keyMatch(key) != .none }

    /// Whether a key ends with a secret's name (`API_TOKEN`), rather than only containing one (`TOKEN_TTL`,
    /// `AUTHORITY_HOST`), where the value must say whether it is a secret.
    func namesSecretStrongly(_ key: String) -> Bool { keyMatch(key) == .strong }

    private func keyMatch(_ key: String) -> KeyMatch {
        var key = key
        return key.withUTF8 { bytes in
            let key = UnsafeBufferPointer(rebasing: bytes[...])
            let match = Self.containsFragment(key, keyFragments, suffixOnly)
            return match == .none ? Self.bareSecretKey(key) : match
        }
    }

    /// Keys that are a secret's whole name though too short to be fragments: `pass`, `sig` (a signed URL's
    /// signature) name a secret; `key` (`?key=…`, `"key": …`) is an API key more often than not.
    static func bareSecretKey(_ key: UnsafeBufferPointer<UInt8>) -> KeyMatch {
        func equals(_ word: StaticString) -> Bool {
            key.count == word.utf8CodeUnitCount && key.enumerated().allSatisfy { ($0.element | 0x20) == word.utf8Start[$0.offset] }
        }
        if equals("pass") || equals("sig") { return .strong }
        return equals("key") ? .weak : .none
    }

    enum KeyMatch { case none, weak, strong }

    /// A scrubbed copy of `value`: strings scrubbed, members with secret keys redacted whole.
    public func scrub(_ value: JSONValue) -> JSONValue {
        switch value {
        case .string(let text): return .string(scrub(text))
        case .array(let items): return .array(items.map(scrub))
        case .object(let members): return .object(members.map(scrub))
        default: return value
        }
    }

    public func scrub(_ attribute: Attribute) -> Attribute {
        let match = keyMatch(attribute.key)
        if match == .strong || (match == .weak && Self.mayBeCredential(attribute.value)), attribute.value != .null,
            !Self.isMasked(attribute.value)
        {
            return Attribute(attribute.key, .string("[REDACTED:\(Kind.secretValue.rawValue)]"))
        }
        return Attribute(attribute.key, scrub(attribute.value))
    }

    /// Scrubs every text field of a record: message, attributes, logger, thread, source location and the
    /// exception chain (types, messages, frames); a secret can sit in any of them.
    public func scrub(_ record: inout LogRecord) {
        var block = KeyBlock()
        scrub(&record, block: &block)
    }

    /// Scrubs a record whose message may continue a private key block of an earlier record.
    public func scrub(_ record: inout LogRecord, block: inout KeyBlock) {
        record.message = scrub(record.message, block: &block)
        if !record.attributes.isEmpty { record.attributes = record.attributes.map(scrub) }
        if let logger = record.logger { record.logger = scrub(logger) }
        if let thread = record.thread { record.thread = scrub(thread) }
        if var source = record.source {
            var (file, function) = (source.file, source.function)
            scrub(&file, &function)
            (source.file, source.function) = (file, function)
            record.source = source
        }
        if var exception = record.exception {
            scrub(&exception)
            record.exception = exception
        }
    }

    private func scrub(_ file: inout String?, _ function: inout String?) {
        if let text = file { file = scrub(text) }
        if let text = function { function = scrub(text) }
    }

    private func scrub(_ exception: inout ExceptionInfo) {
        exception.type = scrub(exception.type)
        exception.message = scrub(exception.message)
        for i in exception.frames.indices {
            var frame = exception.frames[i]
            scrub(&frame.file, &frame.function)
            exception.frames[i] = frame
        }
        if var cause = exception.cause {
            scrub(&cause)
            exception.cause = cause
        }
    }

    enum Kind: String {
        case jwt, bearer, apiKey = "api-key", urlPassword = "password", secretValue = "secret", card
        case randomToken = "token", privateKey = "private-key"
    }

    /// Whether a private key block (`-----BEGIN … PRIVATE KEY-----`) is open at the end of the text scrubbed
    /// last: a key logged one line per record continues in the next records until its END line.
    public struct KeyBlock: Sendable {
        public var isOpen = false
        public init() {}
    }

    /// `text` with its secrets replaced, continuing a private key block opened by earlier text.
    public func scrub(_ text: String, block: inout KeyBlock) -> String {
        var text = text
        let result: [UInt8]? = text.withUTF8 { scrub(bytes: $0, block: &block) }
        guard let result else { return text }
        return String(decoding: result, as: UTF8.self)
    }

    /// The scrubbed bytes, or nil when nothing needed redacting.
    func scrub(bytes: UnsafeBufferPointer<UInt8>) -> [UInt8]? {
        var block = KeyBlock()
        return scrub(bytes: bytes, block: &block)
    }

    func scrub(bytes: UnsafeBufferPointer<UInt8>, block: inout KeyBlock) -> [UInt8]? {
        if !literals.isEmpty, let replaced = replacingLiterals(bytes) {
            return replaced.withUnsafeBufferPointer { scrubPatterns(bytes: $0, block: &block) } ?? replaced
        }
        return scrubPatterns(bytes: bytes, block: &block)
    }

    /// The configured literal values replaced, or nil when none occurs.
    private func replacingLiterals(_ bytes: UnsafeBufferPointer<UInt8>) -> [UInt8]? {
        var output: [UInt8]? = nil
        var copied = 0
        var index = 0
        scan: while index < bytes.count {
            for literal in literals where bytes[index] == literal[0] && matches(bytes, index, literal) {
                if output == nil { output = [] }
                output?.append(contentsOf: bytes[copied..<index])
                output?.append(contentsOf: Array("[REDACTED:\(Kind.secretValue.rawValue)]".utf8))
                index += literal.count
                copied = index
                continue scan
            }
            index += 1
        }
        guard var result = output else { return nil }
        result.append(contentsOf: bytes[copied...])
        return result
    }

    private func scrubPatterns(bytes: UnsafeBufferPointer<UInt8>, block: inout KeyBlock) -> [UInt8]? {
        var output: [UInt8]? = nil
        var copied = 0  // bytes of the input already copied to `output`
        var index = 0
        let count = bytes.count

        func redact(_ range: Range<Int>, _ kind: Kind) {
            if output == nil {
                output = []
                output?.reserveCapacity(count + 32)
            }
            output?.append(contentsOf: bytes[copied..<range.lowerBound])
            output?.append(contentsOf: Array("[REDACTED:\(kind.rawValue)]".utf8))
            copied = range.upperBound
        }

        if block.isOpen {
            // the body of a key opened earlier: up to its END line; text that is no key material ends it
            if let end = Self.find(Self.pemEnd, in: bytes, from: 0) {
                block.isOpen = false
                if end > 0 { redact(0..<end, .privateKey) }
                index = end
            } else if Self.isKeyMaterial(bytes) {
                return bytes.isEmpty ? nil : Array("[REDACTED:\(Kind.privateKey.rawValue)]".utf8)
            } else {
                block.isOpen = false
            }
        }
        var previousIsToken = false
        while index < count {
            let byte = bytes[index]
            let isToken = Self.isTokenByte(byte)
            defer { previousIsToken = isToken }
            if isToken, !previousIsToken {
                if startsToken[Int(byte)], let (range, kind) = tokenAt(bytes, index) {
                    redact(range, kind)
                    index = range.upperBound
                    continue
                }
                let run = Self.alphanumericRun(bytes, index)
                if run.random, !Self.isNamedDigest(bytes, index), !Self.isShardedContentPath(bytes, index) {
                    redact(index..<run.end, .randomToken)
                    index = run.end
                    continue
                }
                // `using secret wJalr…`, `with token 8f3a…`: a credential-shaped value right after a word naming one.
                if run.end + 1 < count, bytes[run.end] == 0x20, Self.isCredentialNoun(bytes[index..<run.end]),
                    let value = Self.credentialShapedToken(bytes, from: run.end + 1)
                {
                    redact(value, .secretValue)
                    index = value.upperBound
                    continue
                }
                // The rest of the run is letters and digits: no separator, no word start to look at.
                if run.end > index + 1 {
                    index = run.end
                    continue
                }
            }
            switch byte {
            case UInt8(ascii: "-"):
                if let value = flagValue(bytes, index) {
                    redact(value, .secretValue)
                    index = value.upperBound
                    continue
                }
                if let body = privateKeyBody(bytes, index) {
                    if body.end == nil { block.isOpen = true }
                    let end = body.end ?? count
                    if end > body.start { redact(body.start..<end, .privateKey) }
                    index = max(end, index + 1)
                    continue
                }
            case UInt8(ascii: "\""), UInt8(ascii: "'"):
                if let range = quotedAfterSecretWord(bytes, quote: index), range.lowerBound >= copied {
                    redact(range, .secretValue)
                    index = range.upperBound
                    continue
                }
            case UInt8(ascii: "="), UInt8(ascii: ":"):
                if byte == UInt8(ascii: ":"), index + 2 < count, bytes[index + 1] == UInt8(ascii: "/"),
                    bytes[index + 2] == UInt8(ascii: "/"), let range = urlPassword(bytes, schemeEnd: index)
                {
                    redact(range, .urlPassword)
                    // the same URL may be a webhook's too
                    let schemeEnd = index
                    index = range.upperBound
                    if let token = Self.webhookToken(bytes, schemeEnd: schemeEnd), token.lowerBound >= range.upperBound {
                        redact(token, .apiKey)
                        index = token.upperBound
                    }
                    continue
                }
                if byte == UInt8(ascii: ":"), index + 2 < count, bytes[index + 1] == UInt8(ascii: "/"),
                    bytes[index + 2] == UInt8(ascii: "/")
                {
                    if let range = Self.webhookToken(bytes, schemeEnd: index), range.lowerBound >= copied {
                        redact(range, .apiKey)
                        index = range.upperBound
                        continue
                    }
                    // `scheme://…` is a URL, not `key: value` (scrubbing it twice must change nothing more)
                    index += 1
                    continue
                }
                if let range = secretValue(bytes, separator: index), range.lowerBound >= copied {
                    redact(range, .secretValue)
                    index = range.upperBound
                    continue
                }
            default:
                break
            }
            index += 1
        }
        guard var result = output else { return nil }
        result.append(contentsOf: bytes[copied..<count])
        return result
    }

    /// A token starting at a word boundary: JWT, Bearer/Basic credential, API key, card number.
    private func tokenAt(_ bytes: UnsafeBufferPointer<UInt8>, _ start: Int) -> (Range<Int>, Kind)? {
        let first = bytes[start]
        if first.isASCIIDigit, let end = Self.chatBotToken(bytes, start) { return (start..<end, .apiKey) }
        if first == UInt8(ascii: "b"), matches(bytes, start, Self.botPath), start + 3 < bytes.count,
            let end = Self.chatBotToken(bytes, start + 3)
        {
            return ((start + 3)..<end, .apiKey)  // `/bot<token>/sendMessage` in a bot API URL
        }
        if first.isASCIIDigit {
            guard configuration.redactCardNumbers, first >= UInt8(ascii: "2"), first <= UInt8(ascii: "6"),
                let range = cardNumber(bytes, start)
            else { return nil }
            return (range, .card)
        }
        // JWT: three base64url segments, the first starting with `eyJ` (`{"`).
        if matches(bytes, start, Self.jwtStart) {
            // Scan at most three dot-separated segments: a long dotted run must not be rescanned from every dot.
            var end = start
            var dots = 0
            while end < bytes.count {
                let byte = bytes[end]
                if byte == UInt8(ascii: ".") {
                    dots += 1
                    if dots > 2 { break }
                } else if !(byte.isIdentifierByte || byte == UInt8(ascii: "-")) {
                    break
                }
                end += 1
            }
            if dots == 2, end - start >= 20, end == bytes.count || bytes[end] != UInt8(ascii: ".") {
                return (start..<end, .jwt)
            }
        }
        if matchesFolded(bytes, start, "bearer ") || matchesFolded(bytes, start, "basic ") {
            var valueStart = start + (bytes[start] | 0x20 == UInt8(ascii: "b") && bytes[start + 1] | 0x20 == UInt8(ascii: "e") ? 7 : 6)
            while valueStart < bytes.count, bytes[valueStart] == 0x20 { valueStart += 1 }
            let end = tokenEnd(bytes, valueStart, allowDots: true, allowBase64: true)
            // a credential, not prose (`basic authentication`): a digit, mixed case or a symbol
            if end - valueStart >= 8, Self.looksLikeCredential(bytes[valueStart..<end]) { return (valueStart..<end, .bearer) }
            return nil
        }
        for prefix in prefixesByFirstByte[Int(first)] where matches(bytes, start, prefix.bytes) {
            var end = start + prefix.bytes.count
            while end < bytes.count, Self.isTokenByte(bytes[end]) || prefix.extraBodyBytes.contains(bytes[end]) { end += 1 }
            // a sentence's full stop or a closing quote is not part of the key
            while end > start + prefix.bytes.count, bytes[end - 1] == UInt8(ascii: ".") { end -= 1 }
            if end - start >= prefix.minimumLength,
                !prefix.needsRandomBody || Self.looksRandom(bytes[(start + prefix.bytes.count)..<end])
            {
                return (start..<end, .apiKey)
            }
        }
        return nil
    }

    /// The run of letters and digits at `start`, and whether it is a word of 20 or more that switches between
    /// upper case, lower case and digits as often as random text does (`Hb7Rk2QmZ9wLx4Tn6Pc1Vs8J`; random base-62
    /// text switches class at about 6 of 10 characters, so at least 4 of 10 allows for chance): a key or token of a format
    /// nobody listed. Identifiers switch once per word (`ConnectionRefusedError`, `steps0mLastReport7214`), hex ids
    /// and hashes have no upper case.
    static func alphanumericRun(_ bytes: UnsafeBufferPointer<UInt8>, _ start: Int) -> (end: Int, random: Bool) {
        var end = start
        var upper = 0
        var lower = 0
        var digits = 0
        var switches = 0
        var hexLetters = 0
        var previousClass = 0
        while end < bytes.count {
            let byte = bytes[end]
            let byteClass: Int
            if byte.isASCIIUpper {
                byteClass = 1
                upper += 1
            } else if byte.isASCIIDigit {
                byteClass = 2
                digits += 1
            } else if byte.isASCIILetter {
                byteClass = 3
                lower += 1
                if byte <= UInt8(ascii: "f") { hexLetters += 1 }
            } else {
                break
            }
            if previousClass != 0, byteClass != previousClass { switches += 1 }
            previousClass = byteClass
            end += 1
        }
        let length = end - start
        // A long lower-case hex word (48+ digits: longer than a commit id or an MD5) is a token, unless it has a
        // digest's length (SHA-256, SHA-512: content ids such as an LFS object or an image layer).
        if length >= 48, length <= 512, length != 64, length != 128, upper == 0, digits >= 2, lower >= 2, hexLetters == lower,
            end == bytes.count || !isTokenByte(bytes[end])
        {
            return (end, true)
        }
        // a random base-62 key may hold a single digit; then its case must switch as often
        guard length >= 20, length <= 512, upper >= 2, lower >= 2, digits >= 2 || (digits == 1 && upper >= 4 && lower >= 4),
            switches * 5 >= length * 2,
            // Part of a longer token (`a-b`, `x_y`): only a whole word counts.
            end == bytes.count || !isTokenByte(bytes[end])
        else { return (end, false) }
        return (end, true)
    }

    /// `objects/38/74/c315b9e7…`: the rest of a content hash after its shard directories (two-character hex
    /// segments) names stored content, not a credential.
    static func isShardedContentPath(_ bytes: UnsafeBufferPointer<UInt8>, _ start: Int) -> Bool {
        guard start >= 3, bytes[start - 1] == UInt8(ascii: "/") else { return false }
        return ByteShapes.isHexDigit(bytes[start - 2]) && ByteShapes.isHexDigit(bytes[start - 3])
            && (start == 3 || bytes[start - 4] == UInt8(ascii: "/") || bytes[start - 4] == 0x20)
    }

    /// `SHA256:q3Vx…`, `sha512-…`, `md5:…`: a digest written after its algorithm (an SSH key fingerprint, a
    /// package integrity hash) identifies content and is no secret.
    static func isNamedDigest(_ bytes: UnsafeBufferPointer<UInt8>, _ start: Int) -> Bool {
        guard start >= 4, bytes[start - 1] == UInt8(ascii: ":") || bytes[start - 1] == UInt8(ascii: "-") else {
            return false
        }
        var labelStart = start - 1
        while labelStart > 0, bytes[labelStart - 1].isASCIILetter || bytes[labelStart - 1].isASCIIDigit { labelStart -= 1 }
        let label = bytes[labelStart..<(start - 1)].map { $0 | 0x20 }
        return label.starts(with: "sha".utf8) || label.starts(with: "md5".utf8) || label.starts(with: "blake".utf8)
    }

    /// `access token "c81f…"`, `password 'hunter22'`: a quoted credential after a word that names one.
    private func quotedAfterSecretWord(_ bytes: UnsafeBufferPointer<UInt8>, quote: Int) -> Range<Int>? {
        guard quote >= 5, bytes[quote - 1] == 0x20 else { return nil }
        var wordStart = quote - 1
        while wordStart > 0, bytes[wordStart - 1].isASCIILetter { wordStart -= 1 }
        let word = UnsafeBufferPointer(rebasing: bytes[wordStart..<(quote - 1)])
        guard word.count >= 3, Self.containsFragment(word, keyFragments, suffixOnly) == .strong else { return nil }
        var end = quote + 1
        while end < bytes.count, bytes[end] != bytes[quote], bytes[end] > 0x20 { end += 1 }
        guard end < bytes.count, bytes[end] == bytes[quote], end - quote > 8,
            Self.looksLikeCredential(bytes[(quote + 1)..<end])
        else { return nil }
        return (quote + 1)..<end
    }

    /// Well-known key formats, as their providers document them: the prefix, the minimum total length of a real
    /// key, and what its body may hold besides letters, digits, `_` and `-`.
    static let keyPrefixes: [(String, Int, String)] = [
        // cloud
        ("AKIA", 20, ""), ("ASIA", 20, ""), ("FwoGZXIvYXdzE", 40, "+/="), ("AIza", 35, ""), ("ya29.", 30, "."),
        ("GOCSPX-", 30, ""), ("LTAI", 20, ""), ("dop_v1_", 40, ""), ("doo_v1_", 40, ""), ("hvs.", 24, ""), ("hvb.", 24, ""),
        // payment
        ("sk_live_", 20, ""), ("sk_test_", 20, ""), ("rk_live_", 20, ""), ("rk_test_", 20, ""), ("pk_live_", 20, ""),
        ("whsec_", 20, ""), ("sq0atp-", 20, ""), ("sq0csp-", 30, ""), ("access_token$production$", 40, "$"),
        ("shpat_", 30, ""), ("shpss_", 30, ""), ("shpca_", 30, ""), ("shppa_", 30, ""),
        // chat, mail
        ("xoxb-", 20, ""), ("xoxp-", 20, ""), ("xoxa-", 20, ""), ("xoxs-", 20, ""), ("xoxr-", 20, ""), ("xapp-", 20, ""),
        ("SG.", 40, "."), ("key-", 36, ""),
        // VCS, CI, registries
        ("ghp_", 30, ""), ("gho_", 30, ""), ("ghu_", 30, ""), ("ghs_", 30, ""), ("ghr_", 30, ""), ("github_pat_", 30, ""),
        ("glpat-", 20, ""), ("glrt-", 20, ""), ("gldt-", 20, ""), ("glptt-", 20, ""), ("ATBB", 28, ""), ("ATATT3", 60, "="),
        ("npm_", 30, ""), ("pypi-AgEI", 50, ""), ("dckr_pat_", 20, ""), ("rubygems_", 40, ""), ("oy2", 46, ""),
        ("PMAK-", 30, ""), ("glsa_", 30, ""), ("glc_", 30, ""),
        // LLM and SaaS APIs
        ("sk-", 20, ""), ("hf_", 23, ""), ("gsk_", 30, ""), ("xai-", 30, ""), ("NRAK-", 25, ""), ("ntn_", 30, ""),
        ("lin_api_", 30, ""), ("sk.eyJ", 40, "."), ("AGE-SECRET-KEY-1", 40, ""),
    ]

    private static func looksLikeCredential(_ value: Slice<UnsafeBufferPointer<UInt8>>) -> Bool {
        var upper = false
        var lower = false
        for byte in value {
            if byte.isASCIIDigit || !byte.isASCIILetter { return true }
            if byte.isASCIIUpper { upper = true } else { lower = true }
        }
        return upper && lower
    }

    private static let markerStart = Array("[REDACTED".utf8)
    private static let pemBegin = Array("-----BEGIN ".utf8)
    static let pemEnd = Array("-----END".utf8)

    /// After `-----BEGIN … PRIVATE KEY-----` (RSA, EC, OpenSSH, encrypted, PGP `PRIVATE KEY BLOCK`): where the key's
    /// body starts, and where its END marker starts (nil when the text ends first).
    private func privateKeyBody(_ bytes: UnsafeBufferPointer<UInt8>, _ start: Int) -> (start: Int, end: Int?)? {
        guard matches(bytes, start, Self.pemBegin) else { return nil }
        var labelEnd = start + Self.pemBegin.count
        while labelEnd < bytes.count, bytes[labelEnd] != UInt8(ascii: "-"), labelEnd - start < 64 { labelEnd += 1 }
        let label = bytes[(start + Self.pemBegin.count)..<labelEnd]
        guard Self.find(Array("PRIVATE KEY".utf8), in: UnsafeBufferPointer(rebasing: label), from: 0) != nil else { return nil }
        var bodyStart = labelEnd
        while bodyStart < bytes.count, bytes[bodyStart] == UInt8(ascii: "-") { bodyStart += 1 }
        return (bodyStart, Self.find(Self.pemEnd, in: bytes, from: bodyStart))
    }

    /// Base64 lines and the headers key files carry (`Proc-Type: 4,ENCRYPTED`, `DEK-Info: …`, `Comment: …`).
    static func isKeyMaterial(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        var base64 = 0
        for byte in bytes {
            if byte.isASCIILetter || byte.isASCIIDigit || byte == UInt8(ascii: "+") || byte == UInt8(ascii: "/")
                || byte == UInt8(ascii: "=")
            {
                base64 += 1
            } else if byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D {
                continue
            } else if byte == UInt8(ascii: ":") || byte == UInt8(ascii: "-") || byte == UInt8(ascii: ",") {
                continue  // a header line
            } else {
                return false
            }
        }
        return base64 >= 16
    }

    static func find(_ needle: [UInt8], in bytes: UnsafeBufferPointer<UInt8>, from start: Int) -> Int? {
        guard let first = needle.first, bytes.count >= needle.count else { return nil }
        var index = start
        while index + needle.count <= bytes.count {
            if bytes[index] == first, zip(needle.indices, needle).allSatisfy({ bytes[index + $0] == $1 }) { return index }
            index += 1
        }
        return nil
    }

    /// A key's body mixes letters and digits (so `sk-learn-tutorial` or `AKIAS` in prose are left alone).
    private static func looksRandom(_ body: Slice<UnsafeBufferPointer<UInt8>>) -> Bool {
        let classes = CharacterClasses(body)
        // a random body may hold one digit or none; then its case switches as randomly
        return (classes.digits >= 2 && classes.letters >= 2)
            || (body.count >= 12 && classes.upper >= 3 && classes.lower >= 3 && classes.switches * 4 >= body.count)
    }

    /// `scheme://user:password@host` → the password's range.
    private func urlPassword(_ bytes: UnsafeBufferPointer<UInt8>, schemeEnd: Int) -> Range<Int>? {
        var index = schemeEnd + 3
        while index < bytes.count, bytes[index] != UInt8(ascii: ":"), bytes[index] != UInt8(ascii: "@"),
            bytes[index] != UInt8(ascii: "/"), bytes[index] > 0x20
        {
            index += 1
        }
        // `https://<key>@o1.ingest.example.io/2`: a user that is a random key (a DSN's key) is the secret
        if index < bytes.count, bytes[index] == UInt8(ascii: "@"), index - (schemeEnd + 3) >= 16,
            Self.isRandomOrHexKey(bytes[(schemeEnd + 3)..<index])
        {
            return (schemeEnd + 3)..<index
        }
        // `redis://:secret@host` has no user
        guard index < bytes.count, bytes[index] == UInt8(ascii: ":") else { return nil }
        let passwordStart = index + 1
        var end = passwordStart
        while end < bytes.count, bytes[end] != UInt8(ascii: "@"), bytes[end] != UInt8(ascii: "/"), bytes[end] > 0x20 {
            end += 1
        }
        // the whole user info, not only the password: a marker from an earlier pass can hold the colon
        guard end < bytes.count, bytes[end] == UInt8(ascii: "@"), end > passwordStart,
            Self.find(Self.markerStart, in: UnsafeBufferPointer(rebasing: bytes[(schemeEnd + 3)..<end]), from: 0) == nil
        else { return nil }
        // a user that is itself a key goes with the password (it is passed over once the password is redacted)
        let user = bytes[(schemeEnd + 3)..<index]
        if user.count >= 16 && Self.isRandomOrHexKey(user) { return (schemeEnd + 3)..<end }
        // A user the scan would redact on its own (a provider key, a random run) goes with the password: once the
        // password is a marker this rule passes the URL over, and a second pass must find nothing more to do.
        let userText = String(decoding: UnsafeBufferPointer(rebasing: user), as: UTF8.self)
        if scrub(userText) != userText { return (schemeEnd + 3)..<end }
        return passwordStart..<end
    }

    /// For `key=value`, `key: value`, `"key": "value"`: the value's range when the key names a secret.
    private func secretValue(_ bytes: UnsafeBufferPointer<UInt8>, separator: Int) -> Range<Int>? {
        // `==`, `!=`, `<=`, `>=` compare, they do not assign. `=>` assigns in a hash dump (`"password" => "x"`) but
        // is a route's outcome after a path (`POST /auth/token => 400`).
        var arrow = false
        if bytes[separator] == UInt8(ascii: "=") {
            if separator + 1 < bytes.count, bytes[separator + 1] == UInt8(ascii: "=") { return nil }
            if separator > 0, [UInt8(ascii: "="), UInt8(ascii: "!"), UInt8(ascii: "<"), UInt8(ascii: ">")].contains(bytes[separator - 1]) {
                return nil
            }
            arrow = separator + 1 < bytes.count && bytes[separator + 1] == UInt8(ascii: ">")
        }
        // The key: letters, digits, `_`, `-`, `.` before the separator, perhaps inside quotes.
        var keyEnd = separator
        // `password = x`, `"password" : "x"`
        while keyEnd > 0, separator - keyEnd < 2, bytes[keyEnd - 1] == 0x20 { keyEnd -= 1 }
        if keyEnd > 0, bytes[keyEnd - 1] == UInt8(ascii: "\"") || bytes[keyEnd - 1] == UInt8(ascii: "'") { keyEnd -= 1 }
        // JSON inside a JSON string: `{\"_token\":\"…\"}`
        if keyEnd > 0, bytes[keyEnd - 1] == UInt8(ascii: "\\") { keyEnd -= 1 }
        var keyStart = keyEnd
        while keyStart > 0, Self.isKeyByte(bytes[keyStart - 1]) { keyStart -= 1 }
        if arrow, keyStart > 0, bytes[keyStart - 1] == UInt8(ascii: "/") { return nil }
        // After a colon only a plain key counts (`password: x`), not a dotted logger or module name.
        if bytes[separator] == UInt8(ascii: ":"), bytes[keyStart..<keyEnd].contains(UInt8(ascii: ".")) { return nil }
        guard keyEnd - keyStart >= 3, keyEnd - keyStart <= 64 else { return nil }
        let key = UnsafeBufferPointer(rebasing: bytes[keyStart..<keyEnd])
        var match = Self.containsFragment(key, keyFragments, suffixOnly)
        if match == .none { match = Self.bareSecretKey(key) }
        guard match != .none else {
            // A password typed into the user name field is logged as the user name of a failed login.
            guard Self.namesAUser(key) else { return nil }
            return passwordShapedValue(bytes, from: separator + 1)
        }
        // `key: value` needs a space after the colon only in prose; `key:value` is common too.
        var valueStart = separator + (arrow ? 2 : 1)
        while valueStart < bytes.count, bytes[valueStart] == 0x20 { valueStart += 1 }
        guard valueStart < bytes.count else { return nil }
        if bytes[valueStart] == UInt8(ascii: "\\"), valueStart + 1 < bytes.count, bytes[valueStart + 1] == UInt8(ascii: "\"") {
            // An escaped string ends at the next escaped quote.
            var end = valueStart + 2
            while end + 1 < bytes.count, !(bytes[end] == UInt8(ascii: "\\") && bytes[end + 1] == UInt8(ascii: "\"")) { end += 1 }
            let inner = (valueStart + 2)..<min(end, bytes.count)
            return inner.isEmpty || !Self.mayHoldSecret(bytes[inner], match) ? nil : inner
        }
        let quote = bytes[valueStart]
        if quote == UInt8(ascii: "\"") || quote == UInt8(ascii: "'") {
            var end = valueStart + 1
            while end < bytes.count, bytes[end] != quote {
                if bytes[end] == UInt8(ascii: "\\") { end += 1 }
                end += 1
            }
            let inner = (valueStart + 1)..<min(end, bytes.count)
            return inner.isEmpty || !Self.mayHoldSecret(bytes[inner], match) ? nil : inner
        }
        // `Cookie: theme=dark; sessionid=…`: every cookie of the header can be a session, so the whole value goes
        if bytes[separator] == UInt8(ascii: ":"), Self.isCookieHeader(key) {
            var end = valueStart
            while end < bytes.count, bytes[end] != 0x0A, bytes[end] != 0x0D, bytes[end] != UInt8(ascii: "\""),
                bytes[end] != UInt8(ascii: "'")
            {
                end += 1
            }
            while end > valueStart, bytes[end - 1] == 0x20 { end -= 1 }
            let value = bytes[valueStart..<end]
            return end > valueStart && Self.mayHoldSecret(value, match) ? valueStart..<end : nil
        }
        // `Authorization: Bearer x`: the scheme word is kept, the credential goes (Bearer and Basic are
        // found on their own; `Token x` and `Digest x` here).
        if matchesFolded(bytes, valueStart, "bearer ") { return nil }
        if matchesFolded(bytes, valueStart, "basic ") { return nil }
        let spaceAfterSeparator = valueStart > separator + 1
        if matchesFolded(bytes, valueStart, "token ") || matchesFolded(bytes, valueStart, "digest ")
            || Self.namesAuthorization(key)
        {
            // `Authorization: SSWS 00a…`, `Token x`, `Digest x`: past the scheme word to the credential
            var word = valueStart
            while word < bytes.count, bytes[word].isASCIILetter || bytes[word] == UInt8(ascii: "-") { word += 1 }
            if word > valueStart, word - valueStart <= 16, word + 1 < bytes.count, bytes[word] == 0x20, bytes[word + 1] > 0x20 {
                valueStart = word + 1
            }
        }
        // `password=[x]`: the value inside the brackets (but not our own marker)
        if valueStart < bytes.count, bytes[valueStart] == UInt8(ascii: "["), !matches(bytes, valueStart, Self.markerStart) {
            valueStart += 1
        }
        var end = valueStart
        while end < bytes.count, bytes[end] > 0x20, bytes[end] != UInt8(ascii: "&"), bytes[end] != UInt8(ascii: ","),
            bytes[end] != UInt8(ascii: "{"), bytes[end] != UInt8(ascii: "("),
            bytes[end] != UInt8(ascii: ";"), bytes[end] != UInt8(ascii: "\""), bytes[end] != UInt8(ascii: "'"),
            bytes[end] != UInt8(ascii: ")"), bytes[end] != UInt8(ascii: "}"), bytes[end] != UInt8(ascii: "]")
        {
            end += 1
        }
        guard end > valueStart else { return nil }
        // `token=Token{…}` or `auth=Handler(…)` is an object's printed form, not a secret.
        if end < bytes.count, bytes[end] == UInt8(ascii: "(") || bytes[end] == UInt8(ascii: "{") { return nil }
        // Words that say a secret is absent are not secrets.
        let value = bytes[valueStart..<end]
        for word in ["null", "none", "nil", "true", "false", "yes", "no", "missing", "expired", "invalid", "set", "unset", "required"]
        where value.count == word.utf8.count && zip(value, word.utf8).allSatisfy({ $0 | 0x20 == $1 }) {
            return nil
        }
        if value.first == UInt8(ascii: "[") { return nil }  // already redacted
        if !Self.mayHoldSecret(value, match) { return nil }
        // In prose (`refresh token: connection refused`) a plain lower-case word is not a credential.
        if bytes[separator] == UInt8(ascii: ":"), spaceAfterSeparator, value.allSatisfy({ $0 &- UInt8(ascii: "a") < 26 }) {
            return nil
        }
        // In prose (`activity token: android.os.BinderProxy@2bd79ce`) a qualified name or host is not a secret.
        if bytes[separator] == UInt8(ascii: ":"), Self.hasQualifiedName(value) { return nil }
        return valueStart..<end
    }

    /// `Authorization`, `Proxy-Authorization`, `authorization_header`: a value of the form `scheme credential`.
    static func namesAuthorization(_ key: UnsafeBufferPointer<UInt8>) -> Bool {
        let lower = key.map { $0.isASCIIUpper ? $0 | 0x20 : $0 }
        let word = Array("authorization".utf8)
        guard lower.count >= word.count else { return false }
        return (0...(lower.count - word.count)).contains { lower[$0..<($0 + word.count)].elementsEqual(word) }
    }

    /// `Cookie`, `Set-Cookie` (any case): a header whose whole value is cookies.
    static func isCookieHeader(_ key: UnsafeBufferPointer<UInt8>) -> Bool {
        let lower = key.map { $0.isASCIIUpper ? $0 | 0x20 : $0 }
        return lower.elementsEqual("cookie".utf8) || lower.elementsEqual("set-cookie".utf8)
    }

    /// `user`, `username`, `user_name`, `login`: keys whose values are names, which people sometimes fill with
    /// their password.
    static func namesAUser(_ key: UnsafeBufferPointer<UInt8>) -> Bool {
        for name in userKeys where key.count >= name.count {
            let offset = key.count - name.count
            guard zip(key[offset...], name).allSatisfy({ ($0.isASCIIUpper ? $0 | 0x20 : $0) == $1 }) else { continue }
            if offset == 0 || key[offset - 1] == UInt8(ascii: "_") || key[offset - 1] == UInt8(ascii: "-") { return true }
        }
        return false
    }

    private static let userKeys = ["user", "username", "user_name", "login"].map { Array($0.utf8) }

    /// A user name value with a password's shape: 8 or more characters with letters, digits and a symbol no
    /// name or address uses (`!`, `#`, `$`, `%`, `*`, `?`…), and no `@`.
    private func passwordShapedValue(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int) -> Range<Int>? {
        var valueStart = start
        while valueStart < bytes.count, bytes[valueStart] == 0x20 { valueStart += 1 }
        // `"username": "…"`: the value inside its quotes (an escaped quote inside JSON text too).
        if valueStart < bytes.count, bytes[valueStart] == UInt8(ascii: "\\") { valueStart += 1 }
        if valueStart < bytes.count, bytes[valueStart] == UInt8(ascii: "\"") || bytes[valueStart] == UInt8(ascii: "'") {
            valueStart += 1
        }
        var end = valueStart
        var letters = 0
        var digits = 0
        var symbols = 0
        while end < bytes.count, bytes[end] > 0x20, bytes[end] < 0x7F, bytes[end] != UInt8(ascii: "\""),
            bytes[end] != UInt8(ascii: "'"), bytes[end] != UInt8(ascii: ","), bytes[end] != UInt8(ascii: ";"),
            bytes[end] != UInt8(ascii: "\\")
        {
            let byte = bytes[end]
            if byte == UInt8(ascii: "@") { return nil }
            if byte.isASCIILetter { letters += 1 } else if byte.isASCIIDigit { digits += 1 } else if !Self.nameSymbols.contains(byte) {
                symbols += 1
            }
            end += 1
        }
        // A sentence's full stop is not part of the value.
        if end > valueStart, bytes[end - 1] == UInt8(ascii: ".") { end -= 1 }
        guard end - valueStart >= 8, end - valueStart <= 128, letters > 0, digits > 0, symbols > 0,
            // already scrubbed: a marker inside is what an earlier pass left
            Self.find(Self.markerStart, in: UnsafeBufferPointer(rebasing: bytes[valueStart..<end]), from: 0) == nil
        else { return nil }
        return valueStart..<end
    }

    /// Characters that names, addresses and ids contain.
    private static let nameSymbols: Set<UInt8> = Set("._-+()[]{}/:".utf8)

    /// A Luhn-valid card number of 13–19 digits (spaces or dashes between groups allowed) with a network prefix.
    private func cardNumber(_ bytes: UnsafeBufferPointer<UInt8>, _ start: Int) -> Range<Int>? {
        var digits: [UInt8] = []
        var index = start
        var end = start
        while index < bytes.count, digits.count <= 19 {
            let byte = bytes[index]
            if byte.isASCIIDigit {
                digits.append(byte - UInt8(ascii: "0"))
                index += 1
                end = index
            } else if (byte == 0x20 || byte == UInt8(ascii: "-")), index + 1 < bytes.count, bytes[index + 1].isASCIIDigit,
                digits.count % 4 == 0 || digits.count == 6 || digits.count == 10
            {
                index += 1
            } else {
                break
            }
        }
        // the lengths cards have (Amex 15, most 16, some 19); other long ids are not cards
        guard digits.count == 15 || digits.count == 16 || digits.count == 19, end == bytes.count || !Self.isTokenByte(bytes[end]) else { return nil }
        let prefix2 = Int(digits[0]) * 10 + Int(digits[1])
        let network =
            digits[0] == 4 || (51...55).contains(prefix2) || (22...27).contains(prefix2) || prefix2 == 34 || prefix2 == 37
            || prefix2 == 60 || prefix2 == 65 || prefix2 == 35 || prefix2 == 36 || prefix2 == 62
        guard network else { return nil }
        var sum = 0
        for (offset, digit) in digits.reversed().enumerated() {
            var value = Int(digit)
            if offset % 2 == 1 {
                value *= 2
                if value > 9 { value -= 9 }
            }
            sum += value
        }
        return sum % 10 == 0 ? start..<end : nil
    }

    // MARK: Helpers

    private static let jwtStart = Array("eyJ".utf8)
    private static let botPath = Array("bot".utf8)

    /// A chat bot token: 8–10 digits, `:AA`, 33 URL-safe characters (Telegram's documented form).
    static func chatBotToken(_ bytes: UnsafeBufferPointer<UInt8>, _ start: Int) -> Int? {
        let digitsEnd = ByteShapes.digits(bytes, from: start)
        guard (8...10).contains(digitsEnd - start), digitsEnd + 3 < bytes.count, bytes[digitsEnd] == UInt8(ascii: ":"),
            bytes[digitsEnd + 1] == UInt8(ascii: "A"), bytes[digitsEnd + 2] == UInt8(ascii: "A")
        else { return nil }
        var end = digitsEnd + 1
        while end < bytes.count, bytes[end].isIdentifierByte || bytes[end] == UInt8(ascii: "-") { end += 1 }
        return end - digitsEnd - 1 >= 30 ? end : nil
    }

    private func matches(_ bytes: UnsafeBufferPointer<UInt8>, _ start: Int, _ literal: [UInt8]) -> Bool {
        guard bytes.count - start >= literal.count else { return false }
        for offset in 0..<literal.count where bytes[start + offset] != literal[offset] { return false }
        return true
    }

    /// Case-insensitive match of a lower-case ASCII literal.
    private func matchesFolded(_ bytes: UnsafeBufferPointer<UInt8>, _ start: Int, _ literal: StaticString) -> Bool {
        let count = literal.utf8CodeUnitCount
        guard bytes.count - start >= count else { return false }
        let utf8 = literal.utf8Start
        for offset in 0..<count {
            let byte = bytes[start + offset]
            if (byte.isASCIILetter ? byte | 0x20 : byte) != utf8[offset] { return false }
        }
        return true
    }

    private func tokenEnd(_ bytes: UnsafeBufferPointer<UInt8>, _ start: Int, allowDots: Bool, allowBase64: Bool = false) -> Int {
        var end = start
        while end < bytes.count {
            let byte = bytes[end]
            if byte.isIdentifierByte || byte == UInt8(ascii: "-") || (allowDots && byte == UInt8(ascii: "."))
                || (allowBase64 && (byte == UInt8(ascii: "+") || byte == UInt8(ascii: "/") || byte == UInt8(ascii: "=")))
            {
                end += 1
            } else {
                break
            }
        }
        return end
    }

    /// A letter, a dot, then a letter: `os.Binder`, `db.internal`.
    private static func hasQualifiedName(_ value: Slice<UnsafeBufferPointer<UInt8>>) -> Bool {
        var previous: UInt8 = 0
        var index = value.startIndex
        while index < value.endIndex {
            let byte = value[index]
            if byte == UInt8(ascii: "."), previous.isASCIILetter, index + 1 < value.endIndex, value[index + 1].isASCIILetter {
                return true
            }
            previous = byte
            index += 1
        }
        return false
    }

    private static func isTokenByte(_ byte: UInt8) -> Bool {
        byte.isIdentifierByte || byte == UInt8(ascii: "-")
    }

    private static func isKeyByte(_ byte: UInt8) -> Bool {
        byte.isIdentifierByte || byte == UInt8(ascii: "-") || byte == UInt8(ascii: ".")
    }

    /// Whether `key` contains one of the lower-case `fragments`, ignoring case; no allocation.
    private static func containsFragment(
        _ key: UnsafeBufferPointer<UInt8>, _ fragments: [[UInt8]], _ suffixOnly: [Bool]
    ) -> KeyMatch {
        guard key.count >= 3 else { return .none }
        var result = KeyMatch.none
        @inline(__always) func lower(_ byte: UInt8) -> UInt8 { byte.isASCIIUpper ? byte | 0x20 : byte }
        // Which letters the key has: a fragment needing a letter the key lacks is skipped without a scan.
        var letters: UInt32 = 0
        for byte in key where byte.isASCIILetter { letters |= 1 << UInt32((byte | 0x20) &- 97) }
        func matches(_ fragment: [UInt8], at index: Int) -> Bool {
            guard index + fragment.count <= key.count else { return false }
            for offset in 0..<fragment.count where lower(key[index + offset]) != fragment[offset] { return false }
            return true
        }
        for (number, fragment) in fragments.enumerated()
        where fragment.count <= key.count && Self.letterMask(fragment) & ~letters == 0 {
            for index in 0...(key.count - fragment.count) where lower(key[index]) == fragment[0] && matches(fragment, at: index) {
                // `author` is not `auth`, but `authorization` is.
                if fragment == authFragment, matches(authorFragment, at: index), !matches(authorizationFragment, at: index) {
                    continue
                }
                if !suffixOnly[number] || (index + fragment.count == key.count && !weakAtEnd(fragment)) { return .strong }
                result = .weak
            }
        }
        return result
    }

    /// Whether the value of a secret-named key can be the secret: not `********` (masked by the application), and
    /// for a key that only contains a secret's name (`auth_via`, `cache_key`) a credential's shape (`session`,
    /// `user:42`, `com.example.App` are not).
    static func mayHoldSecret(_ value: Slice<UnsafeBufferPointer<UInt8>>, _ match: KeyMatch) -> Bool {
        if value.allSatisfy({ $0 == UInt8(ascii: "*") }) { return false }
        // already scrubbed (`https://u:[REDACTED:password]@h`): scrubbing again changes nothing
        if find(markerStart, in: UnsafeBufferPointer(rebasing: value), from: 0) != nil { return false }
        return match != .weak || (!isCountOrFlag(value) && isCredentialShaped(value))
    }

    /// A value a weakly secret-named key (`auth_via`, `cache_key`) holds when it is a credential.
    static func mayBeCredential(_ value: JSONValue) -> Bool {
        switch value {
        case .string(var text):
            return text.withUTF8 { bytes in
                let all = UnsafeBufferPointer(rebasing: bytes[...])[...]
                return !isCountOrFlag(all) && isCredentialShaped(all)
            }
        case .number(let text): return !isCountOrFlag(value) && text.count >= 8
        case .bool, .null: return false
        default: return true
        }
    }

    static func isMasked(_ value: JSONValue) -> Bool {
        guard case .string(let text) = value else { return false }
        return !text.isEmpty && text.utf8.allSatisfy { $0 == UInt8(ascii: "*") }
    }

    /// Eight or more characters with a digit, a symbol or mixed case, and no dotted name: `k9$Tq2…`, not
    /// `session`, `user:42` or `com.example.App`.
    static func isCredentialShaped(_ value: Slice<UnsafeBufferPointer<UInt8>>) -> Bool {
        value.count >= 8 && looksLikeCredential(value) && !hasQualifiedName(value)
    }

    /// Letters, digits and a few symbols, switching class as often as random text does (a quarter of the
    /// characters at least): `wJalrXUtnFEMI/K7MDENG`, `8f3a9c02e1…`; words and names switch once per word.
    static func isRandomLooking(_ value: Slice<UnsafeBufferPointer<UInt8>>) -> Bool {
        let classes = CharacterClasses(value)
        // a random base-62 string may hold a single digit; then its case must switch as randomly
        let mixed = classes.digits >= 2 ? classes.letters >= 2 : value.count >= 24 && classes.upper >= 4 && classes.lower >= 4
        return mixed && classes.switches * 4 >= value.count
    }

    /// How many upper-case letters, lower-case letters and digits a value has, and how often it switches between
    /// them (and other bytes): random text switches at about 6 of 10 characters, words once per word.
    struct CharacterClasses {
        var upper = 0
        var lower = 0
        var digits = 0
        var switches = 0
        var letters: Int { upper + lower }

        init(_ value: Slice<UnsafeBufferPointer<UInt8>>) {
            var previous = 0
            for byte in value {
                let kind = byte.isASCIIDigit ? 1 : byte.isASCIIUpper ? 2 : byte.isASCIILetter ? 3 : 4
                if kind == 1 { digits += 1 } else if kind == 2 { upper += 1 } else if kind == 3 { lower += 1 }
                if previous != 0, kind != previous { switches += 1 }
                previous = kind
            }
        }
    }

    /// `https://hooks.example.com/services/T0/B0/<token>`, `…/api/webhooks/<id>/<token>`: a webhook URL is its own
    /// credential, carried by its last long path segment (16+ letters, digits, `_`, `-`).
    static func webhookToken(_ bytes: UnsafeBufferPointer<UInt8>, schemeEnd: Int) -> Range<Int>? {
        var end = schemeEnd + 3
        while end < bytes.count, bytes[end] > 0x20, bytes[end] != UInt8(ascii: "?"), bytes[end] != UInt8(ascii: "#"),
            bytes[end] != UInt8(ascii: "\""), bytes[end] != UInt8(ascii: "'"), bytes[end] != UInt8(ascii: ")")
        {
            end += 1
        }
        // past the user info: what a first pass redacts there must not change what a second pass sees
        var hostStart = schemeEnd + 3
        if let at = bytes[hostStart..<end].firstIndex(of: UInt8(ascii: "@")),
            !bytes[hostStart..<at].contains(UInt8(ascii: "/"))
        {
            hostStart = at + 1
        }
        let url = UnsafeBufferPointer(rebasing: bytes[hostStart..<end])
        guard find(Array("hook".utf8), in: url, from: 0) != nil else { return nil }
        var segmentEnd = end
        while segmentEnd > schemeEnd + 3, bytes[segmentEnd - 1] == UInt8(ascii: "/") || bytes[segmentEnd - 1] == UInt8(ascii: ".") {
            segmentEnd -= 1
        }
        var segmentStart = segmentEnd
        while segmentStart > schemeEnd + 3, bytes[segmentStart - 1].isIdentifierByte || bytes[segmentStart - 1] == UInt8(ascii: "-") {
            segmentStart -= 1
        }
        // a token, not a page's name (`/hooks/pre-commit-config-validation`)
        guard segmentEnd - segmentStart >= 16, bytes[segmentStart - 1] == UInt8(ascii: "/"),
            looksRandom(bytes[segmentStart..<segmentEnd])
        else { return nil }
        return segmentStart..<segmentEnd
    }

    private static let nounInitials: Set<UInt8> = Set("tspkac".utf8)

    /// Random-looking, or 16+ hex digits with letters and digits (a hex key: its digits come in runs).
    static func isRandomOrHexKey(_ value: Slice<UnsafeBufferPointer<UInt8>>) -> Bool {
        if isRandomLooking(value) { return true }
        var digits = 0
        var letters = 0
        for byte in value {
            if byte.isASCIIDigit { digits += 1 } else if ByteShapes.isHexDigit(byte) { letters += 1 } else { return false }
        }
        return value.count >= 16 && digits >= 2 && letters >= 2
    }

    /// `token`, `secret`, `password`, `key`, `credentials`…: a word after which a credential is often written.
    static func isCredentialNoun(_ word: Slice<UnsafeBufferPointer<UInt8>>) -> Bool {
        // most words fail on their length or first letter, before any comparison
        guard word.count >= 3, word.count <= 11, let first = word.first, Self.nounInitials.contains(first | 0x20) else {
            return false
        }
        for noun: StaticString in [
            "token", "secret", "password", "passwd", "pwd", "passphrase", "key", "apikey", "credential", "credentials",
        ] where noun.utf8CodeUnitCount == word.count {
            let start = noun.utf8Start
            if word.enumerated().allSatisfy({ ($0.element | 0x20) == start[$0.offset] }) { return true }
        }
        return false
    }

    /// The token at `start` when it has a credential's shape: 16 or more characters of a key's alphabet
    /// (letters, digits, `+/=_-.$`), random-looking, not a path or a URL.
    static func credentialShapedToken(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int) -> Range<Int>? {
        guard start < bytes.count, bytes[start] != UInt8(ascii: "/"), bytes[start] != UInt8(ascii: "-") else { return nil }
        var end = start
        while end < bytes.count {
            let byte = bytes[end]
            guard byte.isIdentifierByte || "+/=-.$".utf8.contains(byte) else { break }
            end += 1
        }
        while end > start, bytes[end - 1] == UInt8(ascii: ".") { end -= 1 }
        guard end - start >= 16, end - start <= 512, end == bytes.count || !bytes[end].isASCIILetter,
            // a token that runs into a marker was read whole by an earlier pass
            end == bytes.count || bytes[end] != UInt8(ascii: "["),
            isRandomOrHexKey(bytes[start..<end])
        else { return nil }
        return start..<end
    }

    /// `--password hunter2`, `--api-key abc…`: the value after a command-line flag that names a secret
    /// (`--flag=value` is read as a key and value).
    private func flagValue(_ bytes: UnsafeBufferPointer<UInt8>, _ start: Int) -> Range<Int>? {
        guard start + 3 < bytes.count, bytes[start + 1] == UInt8(ascii: "-"), start == 0 || bytes[start - 1] == 0x20 else {
            return nil
        }
        var nameEnd = start + 2
        while nameEnd < bytes.count, bytes[nameEnd].isIdentifierByte || bytes[nameEnd] == UInt8(ascii: "-") { nameEnd += 1 }
        guard nameEnd < bytes.count, bytes[nameEnd] == 0x20, nameEnd - start >= 5 else { return nil }
        let name = UnsafeBufferPointer(rebasing: bytes[(start + 2)..<nameEnd])
        let named = Self.containsFragment(name, keyFragments, suffixOnly) == .strong
            || (name.count == 4 && zip(name, "pass".utf8).allSatisfy { $0 | 0x20 == $1 })
        guard named else { return nil }
        var valueStart = nameEnd
        while valueStart < bytes.count, bytes[valueStart] == 0x20 { valueStart += 1 }
        guard valueStart < bytes.count, bytes[valueStart] != UInt8(ascii: "-") else { return nil }
        var end = valueStart
        while end < bytes.count, bytes[end] > 0x20 { end += 1 }
        let value = bytes[valueStart..<end]
        if value.first == UInt8(ascii: "[") || value.first == UInt8(ascii: "$") { return nil }  // redacted, or a variable
        return valueStart..<end
    }

    /// `4096`, `yes`, `true`: what a key like `max_tokens` or `cookie_consent` holds when it is no secret.
    static func isCountOrFlag(_ value: Slice<UnsafeBufferPointer<UInt8>>) -> Bool {
        if !value.isEmpty, value.count <= 6, value.allSatisfy(\.isASCIIDigit) { return true }
        for word in ["yes", "no", "on", "off", "true", "false", "enabled", "disabled", "ok"]
        where value.count == word.utf8.count && zip(value, word.utf8).allSatisfy({ $0 | 0x20 == $1 }) {
            return true
        }
        return false
    }

    static func isCountOrFlag(_ value: JSONValue) -> Bool {
        switch value {
        case .bool, .null: return true
        case .number(let text), .string(let text):
            var text = text
            return text.withUTF8 { isCountOrFlag(UnsafeBufferPointer(rebasing: $0[...])[...]) }
        default: return false
        }
    }

    private static func letterMask(_ fragment: [UInt8]) -> UInt32 {
        var mask: UInt32 = 0
        for byte in fragment where byte.isASCIILetter { mask |= 1 << UInt32((byte | 0x20) &- 97) }
        return mask
    }

    /// `_key`, `-key` and `_sig` end many keys that hold no secret (`cache_key=12`, `sort_key=name`): even at the
    /// end they only mark values that could be credentials.
    private static func weakAtEnd(_ fragment: [UInt8]) -> Bool {
        fragment.first == UInt8(ascii: "_") || fragment.first == UInt8(ascii: "-")
    }

    private static let authFragment = Array("auth".utf8)
    private static let authorFragment = Array("author".utf8)
    private static let authorizationFragment = Array("authorization".utf8)
}
