import ArgumentParser
import LogTriageCore
import LogTriageStore

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Where the tracker is; shared by every command that reads or writes it.
struct StoreOptions: ParsableArguments {
    static let defaultPath = ".logtriage/tracker.sqlite"

    @Option(help: ArgumentHelp("The tracker database (SQLite).", valueName: "path"))
    var db: String = StoreOptions.defaultPath

    /// Opens the tracker, creating it (and `.logtriage/`) when `create` is true.
    func open(create: Bool) throws -> SQLiteTrackerStore {
        if access(db, F_OK) != 0 {
            guard create else {
                Diagnostics.warn("no tracker at '\(db)'. Run 'logtriage scan LOGS' (or 'logtriage import TRACKER.md') first, or pass '--db PATH'.")
                throw ExitCode.failure
            }
            let directory = db.split(separator: "/", omittingEmptySubsequences: false).dropLast().joined(separator: "/")
            if !directory.isEmpty, access(directory, F_OK) != 0 {
                if mkdir(directory, 0o755) != 0 {
                    Diagnostics.warn("cannot create '\(directory)': \(String(cString: strerror(errno)))")
                    throw ExitCode.failure
                }
            }
        }
        do {
            return try SQLiteTrackerStore(path: db)
        } catch {
            Diagnostics.warn("cannot open the tracker '\(db)': \(error)")
            throw ExitCode.failure
        }
    }
}
