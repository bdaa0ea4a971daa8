/// Chooses a stream's format from a sample of its first lines: every format reads the sample and the one
/// that reads most lines wins (ties go to the earlier, more specific format in ``LogFormats/builtIn``).
/// The others that read some sample lines are kept, ranked, for lines the winner does not read
/// (uvicorn lines between loguru lines, a JSON line in a text log).
public struct FormatDetector: Sendable {
    public var candidates: [any LogFormat]

    public init(candidates: [any LogFormat] = LogFormats.builtIn) {
        self.candidates = candidates
    }

    public struct Detection: Sendable {
        /// The format most sample lines are in; nil when no format reads any.
        public var primary: (any LogFormat)?
        /// Formats to try, in order, on a line the primary does not read: those that read sample lines first,
        /// by count, then the rest in built-in order.
        public var fallbacks: [any LogFormat]
        /// Sample lines read, per format name.
        public var sampleCounts: [String: Int]
        public var sampleSize: Int
    }

    /// `sample` holds repaired header candidates: non-empty lines that do not start with white space.
    public func detect(sample: [[UInt8]]) -> Detection {
        var counts = [Int](repeating: 0, count: candidates.count)
        for line in sample {
            line.withUnsafeBufferPointer { bytes in
                for (index, format) in candidates.enumerated() where format.parse(bytes) != nil {
                    counts[index] += 1
                }
            }
        }
        // A generic format counts as reading half its lines against specific ones: a specific format that reads
        // most of what it reads parses those lines better, and stays first. Among the fallbacks, every specific
        // format that read sample lines comes before a generic one, so each line goes to its own format.
        var order = Array(candidates.indices)
        func score(_ index: Int) -> Int { candidates[index].isGeneric ? counts[index] : 2 * counts[index] }
        order.sort { score($0) != score($1) ? score($0) > score($1) : $0 < $1 }
        if let first = order.first {
            var rest = Array(order.dropFirst())
            func rank(_ index: Int) -> Int { counts[index] == 0 ? 2 : (candidates[index].isGeneric ? 1 : 0) }
            rest.sort { rank($0) != rank($1) ? rank($0) < rank($1) : (counts[$0] != counts[$1] ? counts[$0] > counts[$1] : $0 < $1) }
            order = [first] + rest
        }
        var sampleCounts: [String: Int] = [:]
        for (index, format) in candidates.enumerated() where counts[index] > 0 {
            sampleCounts[format.name] = counts[index]
        }
        guard let best = order.first, counts[best] > 0 else {
            return Detection(primary: nil, fallbacks: candidates, sampleCounts: [:], sampleSize: sample.count)
        }
        return Detection(
            primary: candidates[best], fallbacks: order.dropFirst().map { candidates[$0] },
            sampleCounts: sampleCounts, sampleSize: sample.count)
    }
}
