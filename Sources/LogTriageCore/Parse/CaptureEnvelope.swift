/// The prefix a capture tool writes before every line of the programs it collects, read before the lines' own
/// formats so that each program's output can be read on its own:
///
///     web-1     | 2024-04-12 09:23:56,253 ERROR app: boom       docker compose logs (service, padded, `|`)
///     0|api     | 2024-04-12T09:23:56: ERROR boom               pm2 logs (process id, name, padded, `|`)
///     web.1.k2j3h4g5f6d7@node-1    | ERROR boom               docker service logs (swarm task, node)
///     [pod/api-7d9f/api] 2024-04-12T09:23:56.253Z {"level":…}  kubectl logs --prefix
///     2024-04-12T09:23:56.253812345Z panic: boom               docker logs --timestamps, kubectl --timestamps
///     2024-04-12T09:23:56.253812345Z stderr F panic: boom      a container runtime's file (CRI)
///     2024-04-12T09:23:56.253812+00:00 app[web.1]: E, [...]    heroku logs (logplex: time, source[dyno])
///     2024-04-12T09:23:56Z app[148e2f3c9d0e87] ams [info]ERROR…  fly logs (time, source[instance], region)
///     Apr 12 09:23:56 web-01 shop-api[812]: 2024-04-12 …        journalctl, syslog files (time, host, program)
///     api-7d9f8b6c5d-x2k4q api {"level":"error",…}              stern (pod, container)
///
/// A stream prefix and a capture timestamp can come together (`compose logs -t`, `kubectl --prefix --timestamps`:
/// the prefix first). Detection looks at a sample of an input's first lines and only accepts an envelope most of
/// them carry, so a program's own `a | b` text or leading time is not taken for one.
public struct CaptureEnvelope: Sendable, Hashable {
    public enum StreamPrefix: Sendable, Hashable {
        case none
        /// `name  | ` (docker compose): the service name, padded, then a bar.
        case compose
        /// `[pod/name/container] ` (kubectl --prefix).
        case kubectl
        /// `2024-04-12T09:23:56.253812+00:00 app[web.1]: ` (heroku logs, logplex): the time, then the source and
        /// the dyno or platform part that wrote the line.
        case logplex
        /// `Apr 12 09:23:56 host program[pid]: ` (journalctl's default output, a syslog daemon's files): each
        /// program a stream.
        case syslog
        /// `api-7d9f8b6c5d-x2k4q api ` (stern): a deployment's pod, by the shape Kubernetes names them, then the
        /// container.
        case stern
    }

    public var prefix: StreamPrefix
    /// Whether each line (after the stream prefix) starts with the capture tool's RFC 3339 time.
    public var timestamps: Bool

    public init(prefix: StreamPrefix = .none, timestamps: Bool = false) {
        self.prefix = prefix
        self.timestamps = timestamps
    }

    public var isEmpty: Bool { prefix == .none && !timestamps }

    /// A name for `logtriage formats`.
    public var name: String {
        switch (prefix, timestamps) {
        case (.none, false): ""
        case (.none, true): "capture timestamps"
        case (.compose, false): "docker compose"
        case (.compose, true): "docker compose, timestamps"
        case (.kubectl, false): "kubectl --prefix"
        case (.kubectl, true): "kubectl --prefix, timestamps"
        case (.logplex, _): "heroku or fly logs"
        case (.syslog, _): "syslog (journalctl)"
        case (.stern, false): "stern"
        case (.stern, true): "stern, timestamps"
        }
    }

    /// One line split into its envelope and its body.
    public struct Split: Sendable {
        /// The stream's name as the prefix spells it (`web-1`, `pod/api-7d9f/api`); nil without a prefix.
        public var stream: Range<Int>?
        public var time: ParsedTime?
        /// The program's own line.
        public var body: Range<Int>
    }

    /// Splits `line`; a line without the envelope (a capture tool's own message) is all body.
    public func split(_ line: UnsafeBufferPointer<UInt8>) -> Split {
        var split = Split(stream: nil, time: nil, body: 0..<line.count)
        var start = 0
        let found: (time: ParsedTime?, name: Range<Int>, body: Int)?
        switch prefix {
        case .none: found = nil
        case .compose: found = Self.composePrefix(line).map { (nil, $0.name, $0.body) }
        case .kubectl: found = Self.kubectlPrefix(line).map { (nil, $0.name, $0.body) }
        case .stern: found = Self.sternPrefix(line).map { (nil, $0.name, $0.body) }
        case .logplex: found = Self.logplexPrefix(line)
        case .syslog: found = SyslogFormat.fileHeader(line).map { ($0.time, $0.program, $0.body) }
        }
        if let found {
            split.time = found.time
            split.stream = found.name
            start = found.body
        }
        if timestamps, let (time, body) = Self.captureTime(line, from: start) {
            split.time = time
            start = body
        }
        split.body = start..<line.count
        return split
    }

    // MARK: Detection

    /// The envelope most of `sample` (raw lines, blank ones included) carries.
    public static func detect(sample: [[UInt8]]) -> CaptureEnvelope {
        var lines = 0
        var compose = 0
        var kubectl = 0
        var logplex = 0
        var syslog = 0
        var stern = 0
        for line in sample where !line.isEmpty {
            lines += 1
            line.withUnsafeBufferPointer { bytes in
                if composePrefix(bytes) != nil { compose += 1 }
                if kubectlPrefix(bytes) != nil { kubectl += 1 }
                if logplexPrefix(bytes) != nil { logplex += 1 }
                if SyslogFormat.fileHeader(bytes) != nil { syslog += 1 }
                if sternPrefix(bytes) != nil { stern += 1 }
            }
        }
        guard lines >= 2 else { return CaptureEnvelope() }
        var envelope = CaptureEnvelope()
        // The time is part of these prefixes: no capture timestamps to look for after it.
        if logplex * 10 >= lines * 6 { return CaptureEnvelope(prefix: .logplex) }
        if syslog * 10 >= lines * 6 { return CaptureEnvelope(prefix: .syslog) }
        // Most lines: a capture tool's own lines (`db-1 exited with code 0`) may be mixed in.
        if kubectl * 10 >= lines * 6 {
            envelope.prefix = .kubectl
        } else if compose * 10 >= lines * 6 {
            envelope.prefix = .compose
        } else if stern * 10 >= lines * 6 {
            envelope.prefix = .stern
        }
        // Capture timestamps are RFC 3339 in UTC with up to nanoseconds, trailing zeros dropped; a program that
        // writes its own such time loses nothing when it is read as the envelope's.
        var stamped = 0
        var nanoseconds = false
        for line in sample where !line.isEmpty {
            line.withUnsafeBufferPointer { bytes in
                let start = envelope.split(bytes).body.lowerBound
                if let (_, body) = captureTime(bytes, from: start) {
                    stamped += 1
                    if body - start > 30 { nanoseconds = true }  // more than 6 fractional digits
                }
            }
        }
        envelope.timestamps = nanoseconds && stamped * 10 >= lines * 8
        return envelope
    }

    // MARK: Prefixes

    /// `name  | body`: a name of letters, digits, `-`, `_`, `.` and `@` (with a letter, no `:`; a pm2 process id and
    /// `|` may come first; `docker service logs` writes `web.1.taskid@node`), one or more spaces, then `|` and a
    /// space or the line's end.
    static func composePrefix(_ line: UnsafeBufferPointer<UInt8>) -> (name: Range<Int>, body: Int)? {
        var index = 0
        // `pm2 logs` writes the process id before the name: `0|api      | …`
        while index < line.count, index < 6, line[index].isASCIIDigit { index += 1 }
        if index > 0, index < line.count, line[index] == UInt8(ascii: "|") { index += 1 } else { index = 0 }
        var letter = false
        while index < line.count, index < 96 {
            let byte = line[index]
            guard byte.isIdentifierByte || byte == UInt8(ascii: "-") || byte == UInt8(ascii: ".") || byte == UInt8(ascii: "@")
            else { break }
            if byte.isASCIILetter { letter = true }
            index += 1
        }
        let nameEnd = index
        guard nameEnd > 0, letter, index < line.count, line[index] == 0x20 else { return nil }
        while index < line.count, line[index] == 0x20 { index += 1 }
        guard index < line.count, line[index] == UInt8(ascii: "|") else { return nil }
        index += 1
        if index == line.count { return (0..<nameEnd, index) }
        guard line[index] == 0x20 else { return nil }
        return (0..<nameEnd, index + 1)
    }

    /// `pod container body`: a pod named the way a Deployment's pods are (`name-<pod template hash>-<5 characters>`,
    /// the hash and the suffix drawn from Kubernetes' alphabet without vowels), then a container name, each followed
    /// by a space.
    static func sternPrefix(_ line: UnsafeBufferPointer<UInt8>) -> (name: Range<Int>, body: Int)? {
        var index = 0
        var dashes: [Int] = []
        while index < line.count, index < 253, line[index] != 0x20 {
            let byte = line[index]
            if byte == UInt8(ascii: "-") { dashes.append(index) }
            guard byte.isIdentifierByte || byte == UInt8(ascii: "-") || byte == UInt8(ascii: ".") else { return nil }
            index += 1
        }
        guard index < line.count, dashes.count >= 2 else { return nil }
        let hash = (dashes[dashes.count - 2] + 1)..<dashes[dashes.count - 1]
        let suffix = (dashes[dashes.count - 1] + 1)..<index
        guard (6...10).contains(hash.count), suffix.count == 5,
            hash.allSatisfy({ Self.podAlphabet.contains(line[$0]) }), suffix.allSatisfy({ Self.podAlphabet.contains(line[$0]) })
        else { return nil }
        index += 1
        let container = index
        while index < line.count, index - container < 64, line[index] != 0x20 {
            let byte = line[index]
            guard byte.isIdentifierByte || byte == UInt8(ascii: "-") else { return nil }
            index += 1
        }
        guard index > container, index < line.count, line[index] == 0x20 else { return nil }
        return (0..<index, index + 1)
    }

    /// The characters Kubernetes draws generated name parts from: no vowels, so that no word is spelt by chance.
    static let podAlphabet = Set("bcdfghjklmnpqrstvwxz2456789".utf8)

    /// `[kind/name/container] body`, no spaces inside the brackets.
    static func kubectlPrefix(_ line: UnsafeBufferPointer<UInt8>) -> (name: Range<Int>, body: Int)? {
        guard line.count > 4, line[0] == UInt8(ascii: "[") else { return nil }
        var index = 1
        var slashes = 0
        while index < line.count, index < 256 {
            let byte = line[index]
            if byte == UInt8(ascii: "]") { break }
            guard byte > 0x20 else { return nil }
            if byte == UInt8(ascii: "/") { slashes += 1 }
            index += 1
        }
        guard slashes >= 1, index < line.count, line[index] == UInt8(ascii: "]"), index > 3,
            line[1].isASCIILetter
        else { return nil }
        let close = index
        if close + 1 == line.count { return (1..<close, close + 1) }
        guard line[close + 1] == 0x20 else { return nil }
        return (1..<close, close + 2)
    }

    /// `2024-04-12T09:23:56.253812+00:00 app[web.1]: body`: an RFC 3339 time with its offset, a source word, the
    /// dyno or platform part in brackets (no spaces), a colon, and a space or the line's end; or fly.io's
    /// `2024-04-12T09:23:56Z app[148e2f3c9d0e87] ams [info]body` (the instance, its region and the stream's level).
    static func logplexPrefix(_ line: UnsafeBufferPointer<UInt8>) -> (time: ParsedTime, name: Range<Int>, body: Int)? {
        guard line.count >= 24, line[0].isASCIIDigit, line[4] == UInt8(ascii: "-"), line[10] == UInt8(ascii: "T") else { return nil }
        var cursor = ByteCursor(line, position: 0)
        guard let time = TimestampScanner.scan(&cursor), cursor.peek() == 0x20 else { return nil }
        let nameStart = cursor.position + 1
        var index = nameStart
        while index < line.count, index - nameStart < 32, line[index].isASCIILetter || line[index] == UInt8(ascii: "-") { index += 1 }
        guard index > nameStart, index < line.count, line[index] == UInt8(ascii: "[") else { return nil }
        index += 1
        let partStart = index
        while index < line.count, index - partStart < 64, line[index] > 0x20, line[index] != UInt8(ascii: "]") { index += 1 }
        guard index > partStart, index + 1 < line.count, line[index] == UInt8(ascii: "]") else { return nil }
        let nameEnd = index + 1
        if line[index + 1] == UInt8(ascii: " ") {
            // fly.io: ` region [level]` after the instance, the program's line right after the bracket
            var cursor = index + 2
            let region = cursor
            while cursor < line.count, cursor - region < 16, line[cursor].isASCIILetter || line[cursor].isASCIIDigit { cursor += 1 }
            guard cursor > region, cursor + 2 < line.count, line[cursor] == 0x20, line[cursor + 1] == UInt8(ascii: "[") else { return nil }
            cursor += 2
            let level = cursor
            while cursor < line.count, cursor - level < 16, line[cursor].isASCIILetter { cursor += 1 }
            guard cursor > level, cursor < line.count, line[cursor] == UInt8(ascii: "]") else { return nil }
            return (time, nameStart..<nameEnd, cursor + 1)
        }
        guard line[index + 1] == UInt8(ascii: ":") else { return nil }
        let after = index + 2
        if after == line.count { return (time, nameStart..<nameEnd, after) }
        guard line[after] == 0x20 else { return nil }
        return (time, nameStart..<nameEnd, after + 1)
    }

    /// `2024-04-12T09:23:56.253812345Z ` at `start`: the capture time and where the body starts.
    static func captureTime(_ line: UnsafeBufferPointer<UInt8>, from start: Int) -> (ParsedTime, Int)? {
        guard line.count - start >= 20, line[start].isASCIIDigit, line[start + 4] == UInt8(ascii: "-"),
            line[start + 10] == UInt8(ascii: "T")
        else { return nil }
        var cursor = ByteCursor(line, position: start)
        guard let time = TimestampScanner.scan(&cursor), cursor.position > start,
            line[cursor.position - 1] == UInt8(ascii: "Z")
        else { return nil }
        if cursor.isAtEnd { return (time, cursor.position) }
        guard cursor.peek() == 0x20 else { return nil }
        return (time, criTags(line, from: cursor.position + 1))
    }

    /// After the time of a container runtime's log file (CRI, as kubelet keeps them under `/var/log/containers`):
    /// `stdout F ` or `stderr P ` (the stream, and whether the line is full or a part of a longer one). Where the
    /// body starts; `start` when the tags are not there.
    static func criTags(_ line: UnsafeBufferPointer<UInt8>, from start: Int) -> Int {
        guard line.count - start >= 9, line[start + 6] == 0x20, line[start + 8] == 0x20,
            line[start + 7] == UInt8(ascii: "F") || line[start + 7] == UInt8(ascii: "P")
        else { return start }
        let stream = UnsafeBufferPointer(rebasing: line[start..<(start + 6)])
        guard stream.elementsEqual("stdout".utf8) || stream.elementsEqual("stderr".utf8) else { return start }
        return start + 9
    }

    /// The service a stream name stands for: a compose container without its replica number (`web-1` → `web`),
    /// a kubectl prefix's container (`pod/api-7d9f/api` → `api`), a pm2 process's name (`0|api` → `api`), a
    /// logplex dyno's process type (`app[web.1]` and `heroku[web.1]` → `web`, `heroku[router]` → `router`), a
    /// swarm task's service (`shop_web.1.k2j3h4g5f6d7@node-1` → `shop_web`), stern's container
    /// (`api-7d9f8b6c5d-x2k4q api` → `api`).
    public static func service(ofStream name: String) -> String {
        // stern's `pod container`: the container
        if let space = name.lastIndex(of: " ") { return String(name[name.index(after: space)...]) }
        // a swarm task, `shop_web.1.k2j3h4g5f6d7@node-1`: the service before its slot
        if let at = name.firstIndex(of: "@") {
            let parts = name[..<at].split(separator: ".")
            if parts.count >= 2, parts[1].allSatisfy(\.isNumber) { return String(parts[0]) }
        }
        if name.hasSuffix("]"), let open = name.firstIndex(of: "[") {
            let part = name[name.index(after: open)..<name.index(before: name.endIndex)]
            let type = part.split(separator: ".").first.map(String.init) ?? String(part)
            // an instance id names no service: the source does (`app[148e2f3c9d0e87]` → `app`)
            if type.count >= 8, type.allSatisfy(\.isHexDigit) { return String(name[..<open]) }
            return type.isEmpty ? String(part) : type
        }
        if let slash = name.lastIndex(where: { $0 == "/" || $0 == "|" }) {
            return String(name[name.index(after: slash)...])
        }
        var scalars = Substring(name)
        let digits = scalars.reversed().prefix(while: { $0.isASCII && $0.isNumber }).count
        if digits > 0, digits < scalars.count {
            let separator = scalars.index(scalars.endIndex, offsetBy: -digits - 1)
            if scalars[separator] == "-" || scalars[separator] == "_" {
                scalars = scalars[..<separator]
            }
        }
        return String(scalars)
    }
}
