#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A one-line progress report on standard error for long scans, only when standard error is a terminal
/// (never in pipes, files or CI logs), redrawn at most ten times a second.
struct ProgressLine {
    private let enabled = isatty(STDERR_FILENO) == 1
    private var lastDraw: Int64 = 0
    private var drawn = false
    private let started = ProgressLine.monotonicMilliseconds()

    mutating func update(file: String, records: Int) {
        guard enabled, records & 0x3FFF == 0 else { return }
        let now = Self.monotonicMilliseconds()
        guard now - lastDraw >= 100, now - started >= 500 else { return }
        lastDraw = now
        drawn = true
        let seconds = max(Double(now - started) / 1000, 0.001)
        let rate = Int(Double(records) / seconds)
        let name = file.count > 40 ? "…" + file.suffix(39) : file
        Diagnostics.raw("\r\u{1B}[2Kscanning \(name): \(records) records (\(rate)/s)")
    }

    mutating func clear() {
        guard drawn else { return }
        Diagnostics.raw("\r\u{1B}[2K")
        drawn = false
    }

    private static func monotonicMilliseconds() -> Int64 {
        var spec = timespec()
        clock_gettime(CLOCK_MONOTONIC, &spec)
        return Int64(spec.tv_sec) * 1000 + Int64(spec.tv_nsec) / 1_000_000
    }
}
