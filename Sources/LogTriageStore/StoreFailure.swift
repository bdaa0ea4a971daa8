import GRDB

/// What a failed write to the tracker means for the user. SQLite rolls the transaction back, so the tracker keeps
/// what it held before that write; the message says so and says why.
public enum StoreFailure {
    /// A sentence for `error` when it is the database's, nil otherwise.
    public static func explanation(of error: any Error) -> String? {
        guard let error = error as? DatabaseError else { return nil }
        let reason: String
        switch error.resultCode {
        case .SQLITE_FULL, .SQLITE_IOERR:
            reason = "the disk is full, a file size limit was reached or the disk failed"
        case .SQLITE_READONLY, .SQLITE_PERM, .SQLITE_CANTOPEN:
            reason = "the tracker file or its directory cannot be written"
        case .SQLITE_BUSY, .SQLITE_LOCKED:
            reason = "another process held the tracker's write lock too long"
        case .SQLITE_CORRUPT, .SQLITE_NOTADB:
            return "The tracker file is damaged or is not a tracker (SQLite: \(error.message ?? "\(error.resultCode)")). Restore it, or move it away and scan again."
        default:
            reason = "the database refused the write"
        }
        return "The tracker could not be written: \(reason) (SQLite: \(error.message ?? "\(error.resultCode)")). The write was rolled back: the tracker holds what it held before it, and the same command can be run again once there is room."
    }
}
