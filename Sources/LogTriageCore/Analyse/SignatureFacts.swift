/// What the records said about where a signature comes from: the code location they name and the first
/// exception's types and frames. Kept with the signature so analysis can run again without the logs.
public struct SignatureFacts: Sendable, Hashable, Codable {
    public var site: SourceLocation?
    public var exceptionTypes: [String]
    /// Root cause first, innermost frame first within each exception (see ``ProblemStats/frames``).
    public var frames: [StackFrame]
    /// The exception's trace was printed on its own, with no log line around it: nothing caught it, and the
    /// program (or its thread) died of it. Nil in trackers written before it was recorded.
    public var uncaught: Bool?

    public init(site: SourceLocation? = nil, exceptionTypes: [String] = [], frames: [StackFrame] = [], uncaught: Bool? = nil) {
        self.site = site
        self.exceptionTypes = exceptionTypes
        self.frames = frames
        self.uncaught = uncaught
    }

    /// Facts of a template seen again: the first ones known stay.
    public func filling(from newer: SignatureFacts) -> SignatureFacts {
        SignatureFacts(
            site: site ?? newer.site, exceptionTypes: exceptionTypes.isEmpty ? newer.exceptionTypes : exceptionTypes,
            frames: frames.isEmpty ? newer.frames : frames, uncaught: uncaught ?? newer.uncaught)
    }
}
