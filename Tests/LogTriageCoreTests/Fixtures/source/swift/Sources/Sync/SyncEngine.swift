import Foundation
import os

struct SyncEngine {
    let logger = Logger(subsystem: "com.shop.sync", category: "engine")
    let baseURL = ProcessInfo.processInfo.environment["SYNC_BASE_URL"] ?? "https://sync.example.com"

    func upload(batch: [Item]) async throws {
        let limit = Int(ProcessInfo.processInfo.environment["SYNC_BATCH_LIMIT"] ?? "100") ?? 100
        guard batch.count <= limit else {
            logger.error("Upload batch of \(batch.count) items exceeds limit \(limit)")
            throw SyncError.tooLarge
        }
        print("Uploading \(batch.count) items to \(baseURL)")
    }
}

extension SyncEngine {
    func reset() {
        fatalError("Sync reset is not supported")
    }
}
