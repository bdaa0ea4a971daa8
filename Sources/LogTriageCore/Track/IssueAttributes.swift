/// Where an issue stands. Fixed issues become verified when later logs show the traffic without the failure,
/// or regressed when a signature comes back after the fix.
public enum IssueStatus: String, Sendable, Hashable, Codable, CaseIterable {
    case open
    case investigating
    case rootCauseConfirmed = "root-cause-confirmed"
    case fixed
    case verified
    case regressed
    /// Expected behaviour, no action (a dev reloader, a health check).
    case observed
    case wontfix

    /// As written in the document: `Open`, `Root cause confirmed`.
    public var title: String {
        switch self {
        case .rootCauseConfirmed: "Root cause confirmed"
        case .wontfix: "Won't fix"
        default: rawValue.prefix(1).uppercased() + rawValue.dropFirst()
        }
    }

    /// Whether the issue still needs work.
    public var isActive: Bool {
        switch self {
        case .open, .investigating, .rootCauseConfirmed, .regressed: true
        case .fixed, .verified, .observed, .wontfix: false
        }
    }

    /// Reads `Open`, `root-cause-confirmed`, `Root cause confirmed`, `Won't fix`, `Fixed (in 1.4.2)`…
    public init?(text: String) {
        let key = DocumentWords.key(text)
        for status in Self.allCases where key.hasPrefix(DocumentWords.key(status.rawValue)) {
            self = status
            return
        }
        if key.hasPrefix("confirmed") { self = .rootCauseConfirmed; return }
        return nil
    }
}

public enum IssueSeverity: String, Sendable, Hashable, Codable, CaseIterable, Comparable {
    case low, medium, high, critical

    public var title: String { rawValue.prefix(1).uppercased() + rawValue.dropFirst() }

    public init?(text: String) {
        let key = DocumentWords.key(text)
        guard let match = Self.allCases.first(where: { key.hasPrefix($0.rawValue) }) else { return nil }
        self = match
    }

    var rank: Int { Self.allCases.firstIndex(of: self) ?? 0 }
    public static func < (lhs: Self, rhs: Self) -> Bool { lhs.rank < rhs.rank }
}

/// The triage rule "separate configuration problems from code defects", as a field.
public enum IssueKind: String, Sendable, Hashable, Codable, CaseIterable {
    case configuration
    case codeDefect = "code-defect"
    /// A dependency outside the service failed: an upstream API, DNS, the network.
    case external
    /// Expected behaviour that looks like a problem: reloaders, health checks, client disconnects.
    case expectedNoise = "expected-noise"

    public var title: String {
        switch self {
        case .configuration: "Configuration"
        case .codeDefect: "Code defect"
        case .external: "External"
        case .expectedNoise: "Expected noise"
        }
    }

    public init?(text: String) {
        let key = DocumentWords.key(text)
        if key.hasPrefix("config") { self = .configuration }
        else if key.hasPrefix("code") || key.hasPrefix("bug") || key.hasPrefix("defect") { self = .codeDefect }
        else if key.hasPrefix("external") || key.hasPrefix("upstream") { self = .external }
        else if key.hasPrefix("expected") || key.hasPrefix("noise") { self = .expectedNoise }
        else { return nil }
    }
}

public enum Confidence: String, Sendable, Hashable, Codable, CaseIterable, Comparable {
    case low, medium, high

    public var title: String { rawValue.prefix(1).uppercased() + rawValue.dropFirst() }

    public init?(text: String) {
        let key = DocumentWords.key(text)
        guard let match = Self.allCases.first(where: { key.hasPrefix($0.rawValue) }) else { return nil }
        self = match
    }

    var rank: Int { Self.allCases.firstIndex(of: self) ?? 0 }
    public static func < (lhs: Self, rhs: Self) -> Bool { lhs.rank < rhs.rank }
}

/// Normalises words written by people (`Root cause confirmed`, `root-cause-confirmed`, `Won't fix`) for comparison.
enum DocumentWords {
    /// Lowercase letters and digits only.
    static func key(_ text: String) -> String {
        String(String.UnicodeScalarView(text.lowercased().unicodeScalars.filter { scalar in
            (scalar >= "a" && scalar <= "z") || (scalar >= "0" && scalar <= "9")
        }))
    }
}
