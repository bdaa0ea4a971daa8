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
    /// Messages found right before or after its records, time and again. Nil in trackers written before they were.
    public var neighbours: [Neighbour]?

    public init(
        site: SourceLocation? = nil, exceptionTypes: [String] = [], frames: [StackFrame] = [], uncaught: Bool? = nil,
        neighbours: [Neighbour]? = nil
    ) {
        self.site = site
        self.exceptionTypes = exceptionTypes
        self.frames = frames
        self.uncaught = uncaught
        self.neighbours = neighbours
    }

    /// Facts of a template seen again: the first ones known stay; neighbours add up.
    public func filling(from newer: SignatureFacts) -> SignatureFacts {
        SignatureFacts(
            site: site ?? newer.site, exceptionTypes: exceptionTypes.isEmpty ? newer.exceptionTypes : exceptionTypes,
            frames: frames.isEmpty ? newer.frames : frames, uncaught: uncaught ?? newer.uncaught,
            neighbours: Self.combined(neighbours, newer.neighbours))
    }

    private static func combined(_ old: [Neighbour]?, _ new: [Neighbour]?) -> [Neighbour]? {
        guard let new, !new.isEmpty else { return old }
        guard var merged = old, !merged.isEmpty else { return new }
        for neighbour in new {
            if let index = merged.firstIndex(where: { $0.id == neighbour.id && $0.side == neighbour.side }) {
                merged[index].together += neighbour.together
                merged[index].count += neighbour.count
            } else {
                merged.append(neighbour)
            }
        }
        merged.sort { $0.together != $1.together ? $0.together > $1.together : $0.id < $1.id }
        return Array(merged.prefix(NeighbourTracker.kept))
    }
}
