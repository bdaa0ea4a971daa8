/// klog / glog headers (Kubernetes components, many Go services):
///
///     I0504 12:43:47.913123   12345 controller.go:42] message
///     E0504 12:43:48.000001       1 reflector.go:138] "Failed to watch" err="connection refused" resource="pods"
///
/// `Lmmdd hh:mm:ss.uuuuuu threadid file:line] msg`: the level letter (I W E F), a date without a year, the
/// thread id (klog's pid field), and the source. A structured message (klog's `InfoS`/`ErrorS`: a quoted
/// message then `key=value` pairs) is unquoted and its pairs become attributes.
public struct KlogFormat: LogFormat {
    public init() {}
    public var name: String { "klog" }

    public func parse(_ line: UnsafeBufferPointer<UInt8>) -> ParsedLine? {
        guard line.count > 20, line[5] == 0x20 else { return nil }
        let severity: Severity
        switch line[0] {
        case UInt8(ascii: "I"): severity = Severity(.info)
        case UInt8(ascii: "W"): severity = Severity(.warning)
        case UInt8(ascii: "E"): severity = Severity(.error)
        case UInt8(ascii: "F"): severity = Severity(.critical)
        default: return nil
        }
        var cursor = ByteCursor(line, position: 1)
        guard let month = cursor.readDigits(2), let day = cursor.readDigits(2), cursor.consume(0x20),
            var time = TimestampScanner.scanClock(&cursor, allowDotSeparators: false)
        else { return nil }
        time.month = month
        time.day = day
        guard time.isValid, cursor.skipSpaces() > 0, let pid = cursor.readNumber(maxCount: 10), cursor.consume(0x20)
        else { return nil }
        let location = cursor.read(while: { $0 > 0x20 && $0 != UInt8(ascii: "]") })
        guard cursor.consume(UInt8(ascii: "]")), let colon = lastColon(line, location),
            let lineNumber = TextFormatSupport.number(line, (colon + 1)..<location.upperBound), colon > location.lowerBound
        else { return nil }
        _ = cursor.consume(0x20)
        var parsed = ParsedLine(
            time: .civil(time), severity: severity, pid: pid,
            source: SourceLocation(file: cursor.string(location.lowerBound..<colon), line: lineNumber), message: "")
        if !readStructured(&cursor, into: &parsed) { parsed.message = cursor.rest }
        return parsed
    }

    private func lastColon(_ line: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> Int? {
        var index = range.upperBound - 1
        while index >= range.lowerBound {
            if line[index] == UInt8(ascii: ":") { return index }
            index -= 1
        }
        return nil
    }

    /// `"message" key="value" key=value …`; false (nothing changed) when the text is not in that shape.
    private func readStructured(_ cursor: inout ByteCursor, into parsed: inout ParsedLine) -> Bool {
        let line = cursor.bytes
        guard cursor.peek() == UInt8(ascii: "\""),
            let close = TextFormatSupport.closingQuote(in: line, from: cursor.position + 1)
        else { return false }
        var probe = cursor
        probe.position = close + 1
        guard probe.isAtEnd || probe.peek() == 0x20 else { return false }
        var attributes: [Attribute] = []
        while probe.consume(0x20) {
            let key = probe.read(while: { $0 > 0x20 && $0 != UInt8(ascii: "=") })
            guard !key.isEmpty, probe.consume(UInt8(ascii: "=")) else { return false }
            let value: JSONValue
            if probe.consume(UInt8(ascii: "\"")) {
                guard let end = TextFormatSupport.closingQuote(in: line, from: probe.position) else { return false }
                value = .string(TextFormatSupport.unescaped(line, probe.position..<end))
                probe.position = end + 1
            } else {
                let text = probe.read(while: { $0 > 0x20 })
                value = TextFormatSupport.isDigits(line, text) ? .number(probe.string(text)) : .string(probe.string(text))
            }
            attributes.append(Attribute(probe.string(key), value))
        }
        // Anything left over (a multi-line `key=<` value, stray text) means this was not a structured message.
        guard probe.isAtEnd else { return false }
        parsed.message = TextFormatSupport.unescaped(line, (cursor.position + 1)..<close)
        parsed.attributes = attributes
        cursor = probe
        return true
    }

    public var examples: [FormatExample] {
        [
            FormatExample(
                "I0504 12:43:47.913123   12345 controller.go:42] Starting controller", time: "2024-05-04T12:43:47.913Z",
                level: .info, pid: 12345, source: SourceLocation(file: "controller.go", line: 42),
                message: "Starting controller"),
            FormatExample(
                "E0504 12:43:48.000001       1 reflector.go:138] \"Failed to watch\" err=\"failed to list *v1.Pod: connection refused\" resource=\"pods\"",
                level: .error, pid: 1, source: SourceLocation(file: "reflector.go", line: 138), message: "Failed to watch",
                attributes: ["err": "failed to list *v1.Pod: connection refused", "resource": "pods"]),
            FormatExample(
                "W0504 12:43:49.500000    7 k8s.io/client-go/tools/cache/reflector.go:539] watch of *v1.Secret ended with: too old resource version: 1 (2)",
                level: .warning, pid: 7,
                source: SourceLocation(file: "k8s.io/client-go/tools/cache/reflector.go", line: 539),
                message: "watch of *v1.Secret ended with: too old resource version: 1 (2)"),
            FormatExample(
                "F0504 12:43:50.000000   12345 main.go:77] failed to start: listen tcp :8443: bind: address already in use",
                level: .critical, message: "failed to start: listen tcp :8443: bind: address already in use"),
            FormatExample(
                "I1231 23:59:59.999999       1 leaderelection.go:250] \"Attempting to acquire leader lease\" lease=\"kube-system/kube-scheduler\" attempt=3",
                time: "2024-12-31T23:59:59.999Z", message: "Attempting to acquire leader lease",
                attributes: ["lease": "kube-system/kube-scheduler", "attempt": "3"]),
            FormatExample(
                "I0504 12:43:51.000000   12345 server.go:9] \"quoted\" start of a plain message", level: .info,
                message: "\"quoted\" start of a plain message"),
            .rejects("INFO:     Started server process [22056]"),
            .rejects("ERROR:root:Database connection lost"),
            .rejects("2024/05/04 12:43:47 main.go:12: listening on :8080"),
            .rejects("May  4 12:43:47 web-1 sshd[24200]: Invalid user admin from 10.0.0.5"),
            .rejects("I0504 12:43:47 plain words here"),
        ]
    }
}
