/// Feeds the co-occurrence tracker in time order rather than file order: a capture often prints one container's
/// lines after another's (`kubectl logs --prefix` over several containers, files concatenated), and failures of
/// two streams at the same moment are then thousands of lines apart. Problem events are held (32 bytes each)
/// and replayed sorted by time; beyond `capacity` the held ones are replayed first, so memory stays bounded (a
/// capture with more problem records than that is put in time order one part at a time).
struct TimeOrderedCooccurrence {
    typealias Ref = TemplateMiner.TemplateRef

    static let capacity = 1 << 21

    private struct Event {
        /// The record's time, or the last time seen before it in its file (its place in time).
        var key: Int64
        /// `untimed` when the record has no time of its own; in a file without times, line order is the clock: a
        /// second per line.
        var time: Int64
        var ref: Int32
        var context: Int32
        /// Arrival order: events of one moment keep their file order.
        var order: Int32
    }

    private static let untimed = Int64.min

    private var tracker = CooccurrenceTracker()
    private var held: [Event] = []
    private var contexts: [String] = []
    private var contextIndex: [String: Int32] = [:]
    private var lastTime: [String: Int64] = [:]

    mutating func add(_ ref: Ref, time: Timestamp?, context: String, file: String, line: Int = 0) {
        let context = intern(context)
        let millis = time?.millisecondsSinceEpoch
        if let millis { lastTime[file] = millis }
        let clock = millis ?? (lastTime[file] == nil && line > 0 ? Int64(line) * 1_000 : Self.untimed)
        held.append(Event(
            key: millis ?? lastTime[file] ?? 0, time: clock, ref: ref.index, context: context, order: Int32(held.count)))
        if held.count >= Self.capacity { replay() }
    }

    /// The counts keyed by template id, with every held event replayed.
    func resolved(_ id: (Ref) -> String?) -> Cooccurrence {
        var copy = self
        copy.replay()
        return copy.tracker.resolved(id)
    }

    private mutating func replay() {
        held.sort { $0.key != $1.key ? $0.key < $1.key : $0.order < $1.order }
        for event in held {
            let time = event.time == Self.untimed ? nil : Timestamp(millisecondsSinceEpoch: event.time)
            tracker.add(Ref(index: event.ref), time: time, context: contexts[Int(event.context)])
        }
        held.removeAll(keepingCapacity: true)
        // only held events refer to the names: request ids come and go
        contexts.removeAll(keepingCapacity: true)
        contextIndex.removeAll(keepingCapacity: true)
    }

    private mutating func intern(_ context: String) -> Int32 {
        if let index = contextIndex[context] { return index }
        let index = Int32(contexts.count)
        contexts.append(context)
        contextIndex[context] = index
        return index
    }
}
