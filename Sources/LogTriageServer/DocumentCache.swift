import LogTriageCore
import LogTriageService
import LogTriageStore

/// The tracker as the pages and the API read it, loaded again only when it changed: after a commit, an analysis or
/// an edit through this server (``LiveScan``'s change count), and at least every few seconds for changes made by
/// another process (a `scan` or `status` from the CLI). Reading a large tracker takes a while; a page should not.
actor DocumentCache {
    private let store: any TrackerStore
    private let live: LiveScan
    private let maxAge: Duration
    private let clock = ContinuousClock()
    private var cached: (document: TrackerDocument, generation: Int, loaded: ContinuousClock.Instant)?

    init(store: any TrackerStore, live: LiveScan, maxAge: Duration = .seconds(5)) {
        self.store = store
        self.live = live
        self.maxAge = maxAge
    }

    func document() async throws -> TrackerDocument {
        let generation = await live.generation
        if let cached, cached.generation == generation, clock.now - cached.loaded < maxAge { return cached.document }
        let document = try store.document()
        cached = (document, generation, clock.now)
        return document
    }
}
