/// The six normalised levels. Raw values are the OpenTelemetry severity numbers of each range's first step.
public enum Level: Int, Sendable, Hashable, Comparable, CaseIterable, Codable {
    case trace = 1
    case debug = 5
    case info = 9
    case warning = 13
    case error = 17
    case critical = 21

    public var name: String {
        switch self {
        case .trace: "TRACE"
        case .debug: "DEBUG"
        case .info: "INFO"
        case .warning: "WARNING"
        case .error: "ERROR"
        case .critical: "CRITICAL"
        }
    }

    public static func < (lhs: Level, rhs: Level) -> Bool { lhs.rawValue < rhs.rawValue }

    public init?(name: String) {
        guard let severity = Severity(word: name, allowSingleLetter: true) else { return nil }
        self = severity.level
    }
}

/// A level as a log line spelled it, normalised: the level plus the OpenTelemetry severity number
/// (NOTICE is INFO2 = 10, ALERT is FATAL2 = 22, EMERGENCY is FATAL3 = 23 …).
public struct Severity: Sendable, Hashable {
    public var level: Level
    public var number: Int

    public init(_ level: Level, number: Int? = nil) {
        self.level = level
        self.number = number ?? level.rawValue
    }

    /// Recognises a level word, case-insensitively: TRACE, DEBUG, INFO, WARN(ING), ERROR, FATAL, syslog and
    /// java.util.logging names, and (when `allowSingleLetter`) the one-letter forms of klog and Android (V D I W E F).
    public init?(word: String, allowSingleLetter: Bool = false) {
        var word = word
        guard let severity = word.withUTF8({ Severity(bytes: $0, allowSingleLetter: allowSingleLetter) }) else {
            return nil
        }
        self = severity
    }

    /// Byte form of ``init(word:allowSingleLetter:)``.
    public init?(bytes: UnsafeBufferPointer<UInt8>, allowSingleLetter: Bool = false) {
        let count = bytes.count
        guard count >= 1, count <= 13 else { return nil }
        // Pack up to 8 upper-cased bytes into an integer key; longer words are compared below.
        var key: UInt64 = 0
        for index in 0..<min(count, 8) {
            let byte = bytes[index].uppercasedASCII
            guard byte.isASCIIUpper else { return nil }
            key = key << 8 | UInt64(byte)
        }
        if count == 1 {
            guard allowSingleLetter else { return nil }
            switch UInt8(truncatingIfNeeded: key) {
            case UInt8(ascii: "T"), UInt8(ascii: "V"): self.init(.trace)
            case UInt8(ascii: "D"): self.init(.debug)
            case UInt8(ascii: "I"): self.init(.info)
            case UInt8(ascii: "W"): self.init(.warning)
            case UInt8(ascii: "E"): self.init(.error)
            case UInt8(ascii: "F"), UInt8(ascii: "C"), UInt8(ascii: "A"): self.init(.critical)
            default: return nil
            }
            return
        }
        if count > 8 {
            var rest = ""
            for index in 0..<count {
                let byte = bytes[index].uppercasedASCII
                guard byte.isASCIIUpper else { return nil }
                rest.unicodeScalars.append(Unicode.Scalar(byte))
            }
            switch rest {
            case "EMERGENCY": self.init(.critical, number: 23)
            case "INFORMATION": self.init(.info)
            case "INFORMATIONAL": self.init(.info)
            default: return nil
            }
            return
        }
        guard let severity = Self.words[key] else { return nil }
        self = severity
    }

    /// Maps a syslog severity (0 emergency … 7 debug).
    public init?(syslog value: Int) {
        switch value {
        case 0: self.init(.critical, number: 23)
        case 1: self.init(.critical, number: 22)
        case 2: self.init(.critical)
        case 3: self.init(.error)
        case 4: self.init(.warning)
        case 5: self.init(.info, number: 10)
        case 6: self.init(.info)
        case 7: self.init(.debug)
        default: return nil
        }
    }

    /// Maps bunyan/pino numeric levels (10 trace, 20 debug, 30 info, 40 warn, 50 error, 60 fatal).
    public init?(bunyan value: Int) {
        switch value {
        case ..<10: return nil
        case ..<20: self.init(.trace)
        case ..<30: self.init(.debug)
        case ..<40: self.init(.info)
        case ..<50: self.init(.warning)
        case ..<60: self.init(.error)
        default: self.init(.critical)
        }
    }

    /// Level words of up to 8 letters, keyed by their packed upper-case bytes.
    private static let words: [UInt64: Severity] = {
        let table: [(String, Severity)] = [
            ("TRACE", Severity(.trace)), ("FINEST", Severity(.trace)), ("FINER", Severity(.trace)),
            ("VERBOSE", Severity(.trace)), ("TRC", Severity(.trace)),
            ("DEBUG", Severity(.debug)), ("FINE", Severity(.debug)), ("CONFIG", Severity(.debug)),
            ("DBG", Severity(.debug)), ("DEBU", Severity(.debug)),
            ("INFO", Severity(.info)), ("INF", Severity(.info)),
            ("NOTICE", Severity(.info, number: 10)), ("SUCCESS", Severity(.info, number: 11)),
            ("WARN", Severity(.warning)), ("WARNING", Severity(.warning)), ("WRN", Severity(.warning)),
            ("ERROR", Severity(.error)), ("ERR", Severity(.error)), ("SEVERE", Severity(.error)),
            ("EROR", Severity(.error)),
            ("CRITICAL", Severity(.critical)), ("CRIT", Severity(.critical)), ("FATAL", Severity(.critical)),
            ("FTL", Severity(.critical)), ("CRT", Severity(.critical)),
            ("ALERT", Severity(.critical, number: 22)), ("EMERG", Severity(.critical, number: 23)),
            ("PANIC", Severity(.critical, number: 24)),
        ]
        var words: [UInt64: Severity] = [:]
        for (word, severity) in table { words[key(word)] = severity }
        return words
    }()

    private static func key(_ word: String) -> UInt64 {
        var key: UInt64 = 0
        for byte in word.utf8 { key = key << 8 | UInt64(byte) }
        return key
    }
}
