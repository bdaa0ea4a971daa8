/// Apache httpd's error log, 2.2 and 2.4 forms:
///
///     [Sun Dec 04 04:47:44 2005] [error] mod_jk child workerEnv in error state 6
///     [Wed Oct 11 14:32:52.123456 2000] [core:error] [pid 35708:tid 4328636416] [client 72.15.99.187] File does not exist: …
///
/// The 2.4 module becomes the logger, `pid`/`tid` the pid and thread, `[client …]` and `[remote …]` attributes,
/// and a leading `AH01234:` message code the `code` attribute (kept in the message).
public struct ApacheErrorFormat: LogFormat {
    public init() {}
    public var name: String { "apache-error" }

    public func parse(_ line: UnsafeBufferPointer<UInt8>) -> ParsedLine? {
        var cursor = ByteCursor(line)
        guard cursor.consume(UInt8(ascii: "[")), cursor.peek()?.isASCIIUpper == true,
            let time = TimestampScanner.scan(&cursor), cursor.consume("] [")
        else { return nil }
        // `level` (2.2) or `module:level` (2.4).
        var module: Range<Int>?
        var word = cursor.read(while: { $0.isIdentifierByte })
        if cursor.consume(UInt8(ascii: ":")) {
            module = word
            word = cursor.read(while: { $0.isIdentifierByte })
        }
        guard cursor.consume(UInt8(ascii: "]")), let severity = level(line, word) else { return nil }
        var pid: Int?
        var thread: String?
        var attributes: [Attribute] = []
        if let module { attributes.append(Attribute("module", .string(cursor.string(module)))) }
        while cursor.consume(" [") {
            if cursor.consume("pid ") {
                pid = cursor.readNumber(maxCount: 9)
                if cursor.consume(":tid ") {
                    let tid = cursor.read(while: { $0.isASCIIDigit })
                    if !tid.isEmpty { thread = cursor.string(tid) }
                }
            } else if let key = addressKey(&cursor) {
                guard let close = cursor.firstIndex(of: UInt8(ascii: "]")) else { return nil }
                attributes.append(Attribute(key, .string(cursor.string(cursor.position..<close))))
                cursor.position = close
            } else {
                cursor.position -= 2  // a bracket that is part of the message
                break
            }
            guard let close = cursor.firstIndex(of: UInt8(ascii: "]")) else { return nil }
            cursor.position = close + 1
        }
        cursor.skipSpaces()
        // 2.4's default ErrorLogFormat goes on with `%7F: ` (file and line, at debug and trace levels),
        // `%E: ` (an APR error, kept in the message), `[client %a] ` and the message, then `, referer: …`.
        let source = readSource(&cursor)
        var aprError: Range<Int>?
        if cursor.peek() == UInt8(ascii: "("), cursor.peek(1)?.isASCIIDigit == true,
            let colon = cursor.firstIndex(of: ": ")
        {
            aprError = cursor.position..<(colon + 1)
            cursor.position = colon + 2
        }
        if cursor.hasPrefix("[client "), let close = cursor.firstIndex(of: UInt8(ascii: "]")) {
            attributes.append(Attribute("client", .string(cursor.string((cursor.position + 8)..<close))))
            cursor.position = close + 1
            cursor.skipSpaces()
        } else if let start = aprError?.lowerBound {
            cursor.position = start  // without a client, the error and message read as they are
            aprError = nil
        }
        if cursor.remaining >= 8, cursor.hasPrefix("AH"), line[cursor.position + 7] == UInt8(ascii: ":"),
            TextFormatSupport.isDigits(line, (cursor.position + 2)..<(cursor.position + 7))
        {
            attributes.append(Attribute("code", .string(cursor.string(cursor.position..<(cursor.position + 7)))))
        }
        var messageEnd = line.count
        if let referer = cursor.firstIndex(of: ", referer: ") {
            messageEnd = referer
            attributes.append(Attribute("referer", .string(cursor.string((referer + 11)..<line.count))))
        }
        let rest = cursor.position..<messageEnd
        let message = aprError.map { TextFormatSupport.joined(line, $0, rest) } ?? cursor.string(rest)
        return ParsedLine(
            time: time, severity: severity, logger: module.map { cursor.string($0) }, pid: pid, thread: thread,
            source: source, message: message, attributes: attributes)
    }

    /// `mod_authz_core.c(306): ` at the cursor (left-padded to 7 by `%7F`).
    private func readSource(_ cursor: inout ByteCursor) -> SourceLocation? {
        var probe = cursor
        let file = probe.read(while: { $0.isIdentifierByte || $0 == UInt8(ascii: ".") || $0 == UInt8(ascii: "/") })
        guard file.count >= 3, cursor.bytes[file.upperBound - 1].isASCIILetter, probe.consume(UInt8(ascii: "(")),
            let number = probe.readNumber(maxCount: 7), probe.consume("): ")
        else { return nil }
        var dot = false
        for index in file where cursor.bytes[index] == UInt8(ascii: ".") { dot = true }
        guard dot else { return nil }
        cursor = probe
        cursor.skipSpaces()
        return SourceLocation(file: cursor.string(file), line: number)
    }

    /// `client ` or `remote ` at the cursor (2.4 writes both for proxied requests).
    private func addressKey(_ cursor: inout ByteCursor) -> String? {
        if cursor.consume("client ") { return "client" }
        if cursor.consume("remote ") { return "remote" }
        return nil
    }

    /// Apache's level names, including `trace1` … `trace8`.
    private func level(_ line: UnsafeBufferPointer<UInt8>, _ word: Range<Int>) -> Severity? {
        if word.count == 6, line[word.upperBound - 1].isASCIIDigit {
            let probe = ByteCursor(line, position: word.lowerBound)
            return probe.hasPrefix("trace") ? Severity(.trace) : nil
        }
        return Severity(bytes: UnsafeBufferPointer(rebasing: line[word]))
    }

    public var examples: [FormatExample] {
        [
            FormatExample(
                "[Sun Dec 04 04:47:44 2005] [error] mod_jk child workerEnv in error state 6",
                time: "2005-12-04T04:47:44.000Z", level: .error, message: "mod_jk child workerEnv in error state 6"),
            FormatExample(
                "[Wed Oct 11 14:32:52.123456 2000] [core:error] [pid 35708:tid 4328636416] [client 72.15.99.187] File does not exist: /usr/local/apache2/htdocs/favicon.ico",
                time: "2000-10-11T14:32:52.123Z", level: .error, logger: "core", pid: 35708, thread: "4328636416",
                message: "File does not exist: /usr/local/apache2/htdocs/favicon.ico",
                attributes: ["module": "core", "client": "72.15.99.187"]),
            FormatExample(
                "[Sat May 04 12:43:47.913456 2024] [proxy:error] [pid 1234:tid 140] (111)Connection refused: AH00957: http: attempt to connect to 127.0.0.1:8000 (127.0.0.1:8000) failed",
                level: .error, logger: "proxy", pid: 1234,
                message: "(111)Connection refused: AH00957: http: attempt to connect to 127.0.0.1:8000 (127.0.0.1:8000) failed"),
            FormatExample(
                "[Sat May 04 12:43:48.000001 2024] [proxy_fcgi:error] [pid 77:tid 139] [client 10.0.0.3:51234] AH01071: Got error 'PHP message: PHP Fatal error:  Uncaught Error'",
                level: .error, logger: "proxy_fcgi", pid: 77,
                message: "AH01071: Got error 'PHP message: PHP Fatal error:  Uncaught Error'",
                attributes: ["client": "10.0.0.3:51234", "code": "AH01071"]),
            FormatExample(
                "[Sat May 04 12:43:49.100000 2024] [mpm_event:notice] [pid 1:tid 1] AH00489: Apache/2.4.58 (Unix) configured -- resuming normal operations",
                level: .info, logger: "mpm_event", pid: 1, attributes: ["code": "AH00489"]),
            FormatExample(
                "[Sat May 04 12:43:50.000000 2024] [ssl:warn] [pid 1] AH01909: www.example.com:443:0 server certificate does NOT include an ID which matches the server name",
                level: .warning, logger: "ssl", pid: 1),
            FormatExample(
                "[Sat May 04 12:43:51.000000 2024] [authz_core:trace3] [pid 9:tid 10] mod_authz_core.c(306): [client 1.2.3.4:5] request authorized",
                level: .trace, logger: "authz_core", source: SourceLocation(file: "mod_authz_core.c", line: 306),
                message: "request authorized", attributes: ["client": "1.2.3.4:5"]),
            FormatExample(
                "[Sat May 04 12:43:52.500000 2024] [proxy_http:error] [pid 12:tid 14] (104)Connection reset by peer: [client 10.0.0.8:5123] AH01102: error reading status line from remote server 127.0.0.1:8000, referer: https://example.com/app",
                time: "2024-05-04T12:43:52.500Z", level: .error, logger: "proxy_http",
                message: "(104)Connection reset by peer: AH01102: error reading status line from remote server 127.0.0.1:8000",
                attributes: ["client": "10.0.0.8:5123", "code": "AH01102", "referer": "https://example.com/app"]),
            .rejects("[2024-05-04 12:43:47 +0000] [123] [INFO] Starting gunicorn 21.2.0"),
            .rejects("[2024-05-04 12:43:47,913] ERROR in app: Exception on /login [POST]"),
            .rejects("127.0.0.1 - frank [10/Oct/2000:13:55:36 -0700] \"GET /apache_pb.gif HTTP/1.0\" 200 2326"),
            .rejects("May  4 12:43:47 web-1 sshd[24200]: Invalid user admin from 10.0.0.5"),
        ]
    }
}
