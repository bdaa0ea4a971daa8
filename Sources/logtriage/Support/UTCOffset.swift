#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

enum UTCOffset {
    /// Seconds east of UTC for `+02:00`, `-0500`, `+2`, `UTC`, `Z` or `local` (this machine's current offset).
    static func parse(_ text: String) -> Int? {
        switch text.lowercased() {
        case "utc", "z", "gmt": return 0
        case "local":
            var now = time(nil)
            var parts = tm()
            localtime_r(&now, &parts)
            return Int(parts.tm_gmtoff)
        default: break
        }
        guard let sign = text.first, sign == "+" || sign == "-" else { return nil }
        let digits = text.dropFirst().filter { $0 != ":" }
        guard !digits.isEmpty, digits.count <= 4, digits.allSatisfy(\.isNumber), let value = Int(digits) else { return nil }
        let (hours, minutes) = digits.count <= 2 ? (value, 0) : (value / 100, value % 100)
        guard hours <= 14, minutes < 60 else { return nil }
        let seconds = hours * 3600 + minutes * 60
        return sign == "-" ? -seconds : seconds
    }
}
