/// Feeds the co-occurrence tracker in time order rather than file order: a capture often prints one container's
/// lines after another's (`kubectl logs --prefix` over several containers, files concatenated), and failures of
/// two streams at the same moment are then thousands of lines apart. Problem events are held (16 bytes each)
/// and replayed sorted by time; beyond `capacity` the held ones are replayed first, so memory stays bounded.
struct TimeOrderedCooccurrence {
    typealias Ref = TemplateMiner.TemplateRef

    static let capacity = 1 << 22

    private struct Event {
        /// The record's time, or the last time seen before it in its file (its place in time).
        var key: Int64
        var time: Int64?
        var ref: Int32
        var context: Int32
    }

    private var tracker = CooccurrenceTracker()
    private var held: [Event] = []
    private var contexts: [String] = []
    private var contextIndex: [String: Int32] = [:]
    private var lastTime: [String: Int64] = [:]

    mutating func add(_ ref: Ref, time: Timestamp?, context: String, file: String) {
        let context = intern(context)
        let millis = time?.millisecondsSinceEpoch
        if let millis { lastTime[file] = millis }
        held.append(Event(key: millis ?? lastTime[file] ?? 0, time: millis, ref: ref.index, context: context))
        if held.count >= Self.capacity { replay() }
    }

    /// The counts keyed by template id, with every held event replayed.
    func resolved(_ id: (Ref) -> String?) -> Cooccurrence {
        var copy = self
        copy.replay()
        return copy.tracker.resolved(id)
    }

    private mutating func replay() {
        // stable: events of one moment keep their file order
        let order = held.indices.sorted { held[$0].key != held[$1].key ? held[$0].key < held[$1].key : $0 < $1 }
        for index in order {
            let event = held[index]
            tracker.add(
                Ref(index: event.ref), time: event.time.map { Timestamp(millisecondsSinceEpoch: $0) },
                context: contexts[Int(event.context)])
        }
        held.removeAll(keepingCapacity: true)
    }

    private mutating func intern(_ context: String) -> Int32 {
        if let index = contextIndex[context] { return index }
        let index = Int32(contexts.count)
        contexts.append(context)
        contextIndex[context] = index
        return index
    }
}
