/// What the analyser knows about one issue, as rules see it. Built from the tracker; secrets are already
/// scrubbed from the samples.
public struct IssueFacts: Sendable, Hashable {
    /// Message templates, with `<placeholders>` for the parts that vary.
    public var templates: [String]
    /// Raw lines (whole records, tracebacks included).
    public var samples: [String]
    public var loggers: [String]
    /// `httpx.ReadTimeout`, `KeyError`.
    public var exceptionTypes: [String]
    /// The innermost cause of each signature's exception chain: what failed first, under any wrappers.
    public var rootExceptionTypes: [String] = []
    /// HTTP statuses seen.
    public var statuses: [Int]
    /// The highest level seen.
    public var level: Level?
    /// Files of the code sites found.
    public var codeFiles: [String]
    /// Placeholder values by name: `endpoint`, `user`, `model`, `status`, `env` (variables read near the code),
    /// `setting`, `host`, `exception`, `logger`, `file`, `function`…
    public var values: [String: [String]]

    public init(
        templates: [String] = [], samples: [String] = [], loggers: [String] = [], exceptionTypes: [String] = [],
        statuses: [Int] = [], level: Level? = nil, codeFiles: [String] = [], values: [String: [String]] = [:]
    ) {
        self.templates = templates
        self.samples = samples
        self.loggers = loggers
        self.exceptionTypes = exceptionTypes
        self.statuses = statuses
        self.level = level
        self.codeFiles = codeFiles
        self.values = values
    }

    /// The values a placeholder may name: `values[name]`, plus the facts that have a field of their own
    /// (`exception`, `logger`, `file`, `status`), without repeats.
    public func values(named name: String) -> [String] {
        var result = values[name] ?? []
        switch name {
        case "exception": result += exceptionTypes
        case "logger": result += loggers
        case "file": result += codeFiles
        case "status": result += statuses.map(String.init)
        default: break
        }
        return result.uniqued()
    }
}

extension Array where Element: Hashable {
    /// The elements in order, each once.
    func uniqued() -> [Element] {
        var seen = Set<Element>()
        return filter { seen.insert($0).inserted }
    }
}
