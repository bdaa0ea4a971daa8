/// What the records said about where a signature comes from: the code location they name and the first
/// exception's types and frames. Kept with the signature so analysis can run again without the logs.
public struct SignatureFacts: Sendable, Hashable, Codable {
    public var site: SourceLocation?
    public var exceptionTypes: [String]
    /// Root cause first, innermost frame first within each exception (see ``ProblemStats/frames``).
    public var frames: [StackFrame]

    public init(site: SourceLocation? = nil, exceptionTypes: [String] = [], frames: [StackFrame] = []) {
        self.site = site
        self.exceptionTypes = exceptionTypes
        self.frames = frames
    }

    /// Facts of a template seen again: the first ones known stay.
    public func filling(from newer: SignatureFacts) -> SignatureFacts {
        SignatureFacts(
            site: site ?? newer.site, exceptionTypes: exceptionTypes.isEmpty ? newer.exceptionTypes : exceptionTypes,
            frames: frames.isEmpty ? newer.frames : frames)
    }
}
