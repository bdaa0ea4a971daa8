/// Byte-level recognisers for the value shapes the maskers look for. Each takes the whole candidate
/// and answers for all of it; none allocates.
enum ByteShapes {
    typealias Bytes = UnsafeBufferPointer<UInt8>

    static func equalsIgnoringCase(_ bytes: Bytes, _ word: StaticString) -> Bool {
        guard bytes.count == word.utf8CodeUnitCount else { return false }
        let w = word.utf8Start
        for i in 0..<bytes.count where bytes[i] | 0x20 != w[i] | 0x20 { return false }
        return true
    }

    static func isHexDigit(_ b: UInt8) -> Bool { b.isASCIIDigit || (b | 0x20) &- UInt8(ascii: "a") < 6 }

    /// Digits from `i`; returns the index after them.
    static func digits(_ b: Bytes, from i: Int) -> Int {
        var j = i
        while j < b.count, b[j].isASCIIDigit { j += 1 }
        return j
    }

    static func isNumber(_ b: Bytes) -> Bool {
        var i = 0
        let n = b.count
        if i < n, b[i] == UInt8(ascii: "-") || b[i] == UInt8(ascii: "+") { i += 1 }
        var sawDigit = false
        var j = digits(b, from: i)
        sawDigit = j > i
        i = j
        // 1,234,567 and 3.14 (one decimal part after groups)
        while i < n, b[i] == UInt8(ascii: ","), sawDigit {
            j = digits(b, from: i + 1)
            guard j - i - 1 == 3 else { return false }
            i = j
        }
        if i < n, b[i] == UInt8(ascii: ".") {
            j = digits(b, from: i + 1)
            if j == i + 1 { return false }
            sawDigit = true
            i = j
        }
        guard sawDigit else { return false }
        if i < n, b[i] | 0x20 == UInt8(ascii: "e") {
            var k = i + 1
            if k < n, b[k] == UInt8(ascii: "-") || b[k] == UInt8(ascii: "+") { k += 1 }
            j = digits(b, from: k)
            if j == k { return false }
            i = j
        }
        if i < n, b[i] == UInt8(ascii: "%") { i += 1 }
        return i == n
    }

    static func isTime(_ b: Bytes) -> Bool {
        var i = digits(b, from: 0)
        guard i == 1 || i == 2 else { return false }
        var groups = 1
        while i < b.count, b[i] == UInt8(ascii: ":") {
            let j = digits(b, from: i + 1)
            guard j - i - 1 == 2 else { return false }
            groups += 1
            i = j
        }
        guard groups == 2 || groups == 3 else { return false }
        if i < b.count, b[i] == UInt8(ascii: ".") || b[i] == UInt8(ascii: ",") {
            let j = digits(b, from: i + 1)
            guard j > i + 1 else { return false }
            i = j
        }
        if i < b.count, b[i] == UInt8(ascii: "Z") { i += 1 }
        return i == b.count
    }

    static func isDate(_ b: Bytes) -> Bool {
        let n = b.count
        // 2024-03-01, 2024/3/1, then optional T/space/_ time and zone
        var i = digits(b, from: 0)
        if i == 4, i < n, b[i] == UInt8(ascii: "-") || b[i] == UInt8(ascii: "/") {
            let sep = b[i]
            var j = digits(b, from: i + 1)
            guard (1...2).contains(j - i - 1), j < n, b[j] == sep else { return false }
            i = j
            j = digits(b, from: i + 1)
            guard (1...2).contains(j - i - 1) else { return false }
            i = j
            if i == n { return true }
            guard b[i] == UInt8(ascii: "T") || b[i] == UInt8(ascii: "_") || b[i] == UInt8(ascii: ":") else { return false }
            return isTimeWithZone(Bytes(rebasing: b[(i + 1)...]))
        }
        // 03/01/2024 and 10/Oct/2000:13:55:36
        if i == 1 || i == 2, i < n, b[i] == UInt8(ascii: "/") {
            var j = i + 1
            let monthStart = j
            while j < n, b[j].isASCIILetter { j += 1 }
            if j == monthStart { j = digits(b, from: monthStart) }
            guard (1...3).contains(j - monthStart), j < n, b[j] == UInt8(ascii: "/") else { return false }
            i = j
            j = digits(b, from: i + 1)
            guard j - i - 1 == 4 else { return false }
            if j == n { return true }
            guard b[j] == UInt8(ascii: ":") else { return false }
            return isTimeWithZone(Bytes(rebasing: b[(j + 1)...]))
        }
        return false
    }

    /// A time followed by an optional zone (`Z`, `+02:00`, `-0500`).
    static func isTimeWithZone(_ b: Bytes) -> Bool {
        var end = b.count
        var k = end
        while k > 0, b[k - 1].isASCIIDigit || b[k - 1] == UInt8(ascii: ":") { k -= 1 }
        if k > 0, b[k - 1] == UInt8(ascii: "+") || b[k - 1] == UInt8(ascii: "-"), end - k >= 2, end - k <= 5 {
            end = k - 1
        }
        return isTime(Bytes(rebasing: b[..<end]))
    }

    /// A unit written as a word after a count: `3 sec`, `1190 bytes`, `2 hours`.
    static func isUnitWord(_ u: Bytes) -> Bool {
        // every unit word starts with one of these and has 2–12 letters: most words stop here
        guard u.count >= 2, u.count <= 12 else { return false }
        switch u[0] {
        case UInt8(ascii: "m"), UInt8(ascii: "u"), UInt8(ascii: "n"), UInt8(ascii: "s"), UInt8(ascii: "h"), UInt8(ascii: "d"),
            UInt8(ascii: "b"):
            break
        default: return false
        }
        for unit: StaticString in [
            "ms", "us", "ns", "sec", "secs", "second", "seconds", "msec", "msecs", "millis", "milliseconds", "min", "mins",
            "minute", "minutes", "hr", "hrs", "hour", "hours", "day", "days", "byte", "bytes",
        ] where equalsExact(u, unit) { return true }
        return false
    }

    /// A DNS name: three or more lower-case labels ending in a top-level domain (`proxy.cse.example.edu`,
    /// `api.example.com`), or two or more with a port (`db.internal:5432`). Dotted code names end in a
    /// class or a module word (`org.apache.Foo`, `app.core.views`) and are not hosts.
    static func isHostName(_ b: Bytes) -> Bool {
        var end = b.count
        var hasPort = false
        if let colon = b.lastIndex(of: UInt8(ascii: ":")) {
            let port = colon + 1
            guard port < b.count, b.count - port <= 5, digits(b, from: port) == b.count else { return false }
            end = colon
            hasPort = true
        }
        var labels = 0
        var labelStart = 0
        var i = 0
        while i <= end {
            if i == end || b[i] == UInt8(ascii: ".") {
                let length = i - labelStart
                guard length > 0, length <= 63, b[labelStart] != UInt8(ascii: "-"), b[i - 1] != UInt8(ascii: "-") else {
                    return false
                }
                labels += 1
                labelStart = i + 1
            } else if !(b[i].isASCIILower || b[i].isASCIIDigit || b[i] == UInt8(ascii: "-")) {
                return false
            }
            i += 1
        }
        guard labels >= (hasPort ? 2 : 3) else { return false }
        guard let dot = b[..<end].lastIndex(of: UInt8(ascii: ".")) else { return false }
        let tld = Bytes(rebasing: b[(dot + 1)..<end])
        guard tld.allSatisfy(\.isASCIILower) else { return false }
        if hasPort { return true }
        if tld.count == 2 {
            // a country domain under a generic second level (`cuhk.edu.hk`, `example.co.uk`); a bare
            // two-letter ending is as often a field or a file type (`task.id`, `app.main.py`)
            guard let previousDot = b[..<dot].lastIndex(of: UInt8(ascii: ".")) else { return false }
            let second = Bytes(rebasing: b[(previousDot + 1)..<dot])
            for name: StaticString in ["co", "ac", "com", "net", "org", "edu", "gov"] where equalsExact(second, name) {
                return true
            }
            return false
        }
        for name: StaticString in [
            "com", "net", "org", "edu", "gov", "mil", "int", "info", "biz", "io", "ai", "app", "dev", "cloud", "local",
            "internal", "lan", "arpa", "localdomain",
        ] where equalsExact(tld, name) { return true }
        return false
    }

    static func isIPAddress(_ b: Bytes) -> Bool {
        var start = 0
        if b.count > 0, b[0] == UInt8(ascii: "/") { start = 1 }
        var i = start
        var parts = 0
        while parts < 4 {
            let j = digits(b, from: i)
            guard (1...3).contains(j - i) else { break }
            parts += 1
            i = j
            if parts < 4 {
                guard i < b.count, b[i] == UInt8(ascii: ".") else { break }
                i += 1
            }
        }
        if parts == 4 {
            if i == b.count { return true }
            if b[i] == UInt8(ascii: ":") {
                let j = digits(b, from: i + 1)
                return j == b.count && (1...5).contains(j - i - 1)
            }
            return false
        }
        return start == 0 && isIPv6(b)
    }

    private static func isIPv6(_ b: Bytes) -> Bool {
        guard b.count >= 2, b.count <= 45 else { return false }
        var colons = 0
        var doubleColon = false
        var groupLength = 0
        var previousColon = false
        for byte in b {
            if byte == UInt8(ascii: ":") {
                colons += 1
                if previousColon {
                    if doubleColon { return false }
                    doubleColon = true
                }
                previousColon = true
                groupLength = 0
            } else if isHexDigit(byte) {
                groupLength += 1
                if groupLength > 4 { return false }
                previousColon = false
            } else {
                return false
            }
        }
        guard b.contains(where: isHexDigit) else { return false }
        return doubleColon ? colons >= 2 : colons == 7
    }

    static func isUUID(_ b: Bytes) -> Bool {
        guard b.count == 36 else { return false }
        for i in 0..<36 {
            if i == 8 || i == 13 || i == 18 || i == 23 {
                if b[i] != UInt8(ascii: "-") { return false }
            } else if !isHexDigit(b[i]) {
                return false
            }
        }
        return true
    }

    /// A number followed by one or more (number unit) pairs: `15ms`, `1h2m3.5s`.
    static func isDuration(_ b: Bytes) -> Bool {
        var i = 0
        var pairs = 0
        while i < b.count {
            var j = digits(b, from: i)
            guard j > i else { return false }
            if j < b.count, b[j] == UInt8(ascii: ".") {
                let k = digits(b, from: j + 1)
                guard k > j + 1 else { return false }
                j = k
            }
            let unitStart = j
            while j < b.count, b[j].isASCIILetter || b[j] == 0xC2 || b[j] == 0xB5 { j += 1 }
            guard isDurationUnit(Bytes(rebasing: b[unitStart..<j])) else { return false }
            pairs += 1
            i = j
        }
        return pairs > 0
    }

    private static func isDurationUnit(_ u: Bytes) -> Bool {
        for unit: StaticString in ["ns", "us", "µs", "ms", "s", "sec", "secs", "m", "min", "mins", "h", "hr", "hrs", "d"]
        where equalsExact(u, unit) { return true }
        return false
    }

    static func equalsExact(_ bytes: Bytes, _ word: StaticString) -> Bool {
        guard bytes.count == word.utf8CodeUnitCount else { return false }
        let w = word.utf8Start
        for i in 0..<bytes.count where bytes[i] != w[i] { return false }
        return true
    }

    static func isSizeUnit(_ u: Bytes) -> Bool {
        for unit: StaticString in ["B", "KB", "kB", "MB", "GB", "TB", "PB", "KiB", "MiB", "GiB", "TiB"]
        where equalsExact(u, unit) { return true }
        return false
    }

    static func isSize(_ b: Bytes) -> Bool {
        var j = digits(b, from: 0)
        guard j > 0 else { return false }
        if j < b.count, b[j] == UInt8(ascii: ".") {
            let k = digits(b, from: j + 1)
            guard k > j + 1 else { return false }
            j = k
        }
        return isSizeUnit(Bytes(rebasing: b[j...]))
    }

    /// `0x…`, MAC addresses, and runs of 8+ hex digits that mix digits and letters.
    static func isHex(_ b: Bytes) -> Bool {
        let n = b.count
        if n > 2, b[0] == UInt8(ascii: "0"), b[1] | 0x20 == UInt8(ascii: "x") {
            for i in 2..<n where !isHexDigit(b[i]) { return false }
            return true
        }
        if n == 17, b[2] == UInt8(ascii: ":") || b[2] == UInt8(ascii: "-") {
            for i in 0..<17 {
                if i % 3 == 2 {
                    if b[i] != b[2] { return false }
                } else if !isHexDigit(b[i]) {
                    return false
                }
            }
            return true
        }
        guard n >= 8 else { return false }
        var digit = false
        var letter = false
        for byte in b {
            guard isHexDigit(byte) else { return false }
            if byte.isASCIIDigit { digit = true } else { letter = true }
        }
        return digit && letter
    }

    static func isURL(_ b: Bytes) -> Bool {
        guard let first = b.first, first.isASCIILetter else { return false }
        var i = 1
        while i < b.count, b[i].isASCIILetter || b[i].isASCIIDigit || b[i] == UInt8(ascii: "+")
            || b[i] == UInt8(ascii: ".") || b[i] == UInt8(ascii: "-")
        {
            i += 1
        }
        return i + 3 < b.count && b[i] == UInt8(ascii: ":") && b[i + 1] == UInt8(ascii: "/")
            && b[i + 2] == UInt8(ascii: "/")
    }

    static func isEmail(_ b: Bytes) -> Bool {
        guard let at = b.firstIndex(of: UInt8(ascii: "@")), at > 0 else { return false }
        for i in 0..<at {
            let c = b[i]
            guard c.isIdentifierByte || c == UInt8(ascii: ".") || c == UInt8(ascii: "%") || c == UInt8(ascii: "+")
                || c == UInt8(ascii: "-")
            else { return false }
        }
        var lastDot = -1
        for i in (at + 1)..<b.count {
            let c = b[i]
            if c == UInt8(ascii: ".") {
                lastDot = i
            } else if !(c.isASCIILetter || c.isASCIIDigit || c == UInt8(ascii: "-")) {
                return false
            }
        }
        guard lastDot > at + 1, b.count - lastDot - 1 >= 2 else { return false }
        for i in (lastDot + 1)..<b.count where !b[i].isASCIILetter { return false }
        return true
    }

    /// Absolute, home-relative, dot-relative and Windows drive paths with at least two levels or a digit.
    static func isPath(_ b: Bytes) -> Bool {
        let n = b.count
        guard n >= 2 else { return false }
        if n >= 3, b[0].isASCIILetter, b[1] == UInt8(ascii: ":"), b[2] == UInt8(ascii: "\\") { return true }
        var start = 0
        if b[0] == UInt8(ascii: "~") {
            start = 1
        } else if b[0] == UInt8(ascii: ".") {
            start = 1
            if n > 1, b[1] == UInt8(ascii: ".") { start = 2 }
        }
        guard start < n, b[start] == UInt8(ascii: "/"), start + 1 < n, b[start + 1] != UInt8(ascii: "/") else {
            return false
        }
        var slashes = 0
        var digit = false
        for i in start..<n {
            let c = b[i]
            if c == UInt8(ascii: "/") { slashes += 1 } else if c.isASCIIDigit { digit = true }
        }
        return slashes >= 2 || digit || start > 0
    }

    /// Redaction markers and long opaque strings (API keys, session tokens): 20+ characters of
    /// base64/url-safe alphabet mixing upper case, lower case and digits.
    static func isOpaqueToken(_ b: Bytes) -> Bool {
        // the scrubber's marker, with or without its brackets (token cores lose them)
        if b.count > 9, equalsExact(Bytes(rebasing: b[0..<9]), "REDACTED:") { return true }
        if b.count > 11, b[0] == UInt8(ascii: "["), b[b.count - 1] == UInt8(ascii: "]"),
            equalsExact(Bytes(rebasing: b[0..<10]), "[REDACTED:")
        {
            return true
        }
        guard b.count >= 20 else { return false }
        var upper = false
        var lower = false
        var digitRuns = 0
        var previousDigit = false
        var end = b.count
        while end > 0, b[end - 1] == UInt8(ascii: "=") { end -= 1 }  // base64 padding
        for i in 0..<end {
            let c = b[i]
            let isDigit = c.isASCIIDigit
            if isDigit {
                if !previousDigit { digitRuns += 1 }
            } else if c.isASCIIUpper {
                upper = true
            } else if c.isASCIILetter {
                lower = true
            } else if !(c == UInt8(ascii: "-") || c == UInt8(ascii: "_") || c == UInt8(ascii: "+")
                || c == UInt8(ascii: "/"))
            {
                return false
            }
            previousDigit = isDigit
        }
        // random strings interleave digits and letters; `totalCalories126775` does not
        let digit = digitRuns >= 2
        guard digit, upper else { return false }
        // All-hex runs are hex values, not tokens.
        return lower || !b.allSatisfy(isHexDigit)
    }
}
