/// Reads the text of a stack trace into ``ExceptionInfo``: frames innermost last, and the `cause` chain from the
/// exception that was reported down to the one that started it.
///
/// Understood layouts (detected from the lines, first marker wins):
/// - Python tracebacks, chained (`During handling of the above exception…`, `The above exception was the direct
///   cause…`; the last one printed is the outermost) and exception groups (the group's first sub-exception becomes
///   its `cause`, the others are left out), including loguru's annotated variant (`> File …`, blank lines).
/// - JVM stack traces (Java, Kotlin, Scala): `Exception in thread "…"`, `\tat`, `Caused by:`, `... N more`.
///   `Suppressed:` blocks are skipped: they are side failures (a close() that also failed), not causes.
/// - Go panics and fatal errors: the first goroutine's stack; `[recovered]` panics chain like Python's.
/// - Node.js / V8 stacks, with `[cause]:` blocks as printed by `util.inspect`.
/// - .NET `Exception.ToString()`: `   at … in file:line N`, `--->` inner exceptions and their end markers.
/// - Rust backtraces (`stack backtrace:`, `   0: symbol`, optional `at file:line:col` lines), as a `panic`
///   without message (the panic's text is the log line above the frames).
/// - PHP traces (`Exception::getTraceAsString()`: `#0 /app/Repo.php(403): Factory->setUser()`, after Monolog's
///   `[stacktrace]` or PHP's `Stack trace:`), the frames of the first exception; its type is in the log line.
///
/// Any input is safe: text that is not a trace gives nil. Work is linear in the input (one pass per trace, bounded
/// look-behind); cause chains keep at most ``maxChain`` links so deep chains cannot exhaust the stack.
public enum StackTraceParser {
    /// Links kept in one cause chain (the outermost ones and the root cause).
    static let maxChain = 32
    /// Nested exception groups followed.
    static let maxGroupDepth = 8
    /// Lines searched above the first `at` frame for the exception line that heads it.
    static let headerSearchLimit = 50

    /// The exception in `lines`, or nil when they hold no trace this parser knows.
    public static func parse(lines: [String]) -> ExceptionInfo? {
        locate(lines[...])?.exception
    }

    /// The exception in `text` (lines separated by `\n`, optional `\r`).
    public static func parse(text: String) -> ExceptionInfo? {
        parse(lines: splitLines(text))
    }

    /// Reads the trace held in a record's own field (a JSON `stack`, `exc_info`, `error.stack_trace`), where the
    /// text is known to be about an exception: also accepts a lone exception line and frames without a header
    /// (zap's `stacktrace`), and falls back to `type` / `message` given as separate fields.
    public static func parse(fieldText text: String?, type: String?, message: String?) -> ExceptionInfo? {
        if let text {
            // The same cap as joined continuation lines: a field's trace is parsed within bounded work.
            let lines = Array(splitLines(text).prefix(2000))
            if let found = locate(lines[...]) { return found.exception }
            let frames = looseFrames(lines)
            if let first = lines.first(where: { line in TraceSyntax.withBytes(line) { !TraceSyntax.isBlank($0) } }),
                let header = TraceSyntax.withBytes(first, { looseHeader($0) })
            {
                return ExceptionInfo(type: header.type, message: header.message, frames: frames)
            }
            if type != nil || message != nil || !frames.isEmpty {
                return ExceptionInfo(type: type ?? "error", message: message ?? "", frames: frames)
            }
            return nil
        }
        guard type != nil || message != nil else { return nil }
        return ExceptionInfo(type: type ?? "error", message: message ?? "")
    }

    /// Where a Rust panic happened, as its message says: `thread 'main' panicked at src/api.rs:57:9:` (Rust
    /// 1.73+) or `panicked at 'boom', src/api.rs:57:9` (before). Nil when the text names no panic location.
    public static func panicLocation(in text: String) -> SourceLocation? {
        guard let marker = text.firstRange(of: "panicked at ") else { return nil }
        // the location is the first `path.ext:line:column` (`path.ext:line` before Rust 1.42) after the marker,
        // within the next few hundred bytes
        for word in text[marker.upperBound...].prefix(600).split(whereSeparator: { $0 == " " || $0 == "\n" }) {
            var token = word
            while let last = token.last, last == ":" || last == "," || last == "'" || last == ")" { token = token.dropLast() }
            let parts = token.split(separator: ":", omittingEmptySubsequences: false)
            guard parts.count == 2 || parts.count == 3, let line = Int(parts[1]), line > 0,
                parts.count == 2 || Int(parts[2]) != nil
            else { continue }
            let path = parts[0].drop { $0 == "'" || $0 == "\"" || $0 == "(" }
            guard let dot = path.lastIndex(of: "."), path[path.index(after: dot)...].allSatisfy(\.isLetter),
                path.index(after: dot) != path.endIndex
            else { continue }
            return SourceLocation(file: String(path), line: line)
        }
        return nil
    }

    /// The exception Monolog's normalizer wrote into a record's context: `[object] (TypeError(code: 0): message at
    /// /app/x.php:94)` → `TypeError`, `message`.
    /// `KeyError: 'price'` as a line names it: a strong type (qualified, or named like an exception) and its
    /// message; nil for other text.
    static func namedException(_ line: String) -> (type: String, message: String)? {
        TraceSyntax.withBytes(line) { bytes in
            let start = TraceSyntax.indentation(bytes)
            guard let span = TraceSyntax.headerSpan(bytes, from: start), span.isStrong else { return nil }
            let found = TraceSyntax.exception(bytes, span, frames: [])
            return (found.type, found.message)
        }
    }

    static func monologException(in text: String) -> (type: String, message: String)? {
        guard let object = text.firstRange(of: "[object] (") else { return nil }
        let rest = text[object.upperBound...].prefix(2000)
        guard let code = rest.firstRange(of: "(code: ") else { return nil }
        let type = rest[..<code.lowerBound]
        guard !type.isEmpty, type.count <= 200, !type.contains(" ") else { return nil }
        var message = Substring("")
        if let colon = rest[code.upperBound...].firstRange(of: "): ") {
            message = rest[colon.upperBound...]
            if let at = message.ranges(of: " at /").last { message = message[..<at.lowerBound] }
        }
        return (String(type).replacing("\\\\", with: "\\"), String(message.prefix(500)))
    }

    /// Finds the first trace in `lines`: where it starts (an index of `lines`) and what it reads to.
    /// Everything from the start to the end of `lines` belongs to the trace.
    static func locate(_ lines: ArraySlice<String>) -> (start: Int, exception: ExceptionInfo)? {
        var index = lines.startIndex
        var searchedFrom = lines.startIndex
        while index < lines.endIndex {
            switch TraceSyntax.withBytes(lines[index], { TraceSyntax.marker($0) }) {
            case nil:
                break
            case .python:
                let start = pythonStart(lines, traceback: index)
                guard let info = parsePython(lines[start...], depth: 0) else { return nil }
                return (start, info)
            case .go:
                guard let info = parseGo(lines[index...]) else { return nil }
                return (index, info)
            case .jvmThread:
                guard let info = parseAtStyle(lines[index...]) else { return nil }
                return (index, info)
            case .rust:
                var parser = RustTraceParser()
                for line in lines[index...] { TraceSyntax.withBytes(line) { parser.feed($0) } }
                if let info = parser.finish() { return (index, info) }
            case .php:
                var frames: [StackFrame] = []
                for line in lines[index...] {
                    let frame = TraceSyntax.withBytes(line) { bytes -> (frame: StackFrame?, ends: Bool) in
                        let indent = TraceSyntax.indentation(bytes)
                        if TraceSyntax.starts(bytes, at: indent, with: "[previous exception]") { return (nil, true) }
                        return (TraceSyntax.phpFrame(bytes, at: indent), false)
                    }
                    if frame.ends { break }  // the causes' own traces follow; the first exception's frames are its
                    if let found = frame.frame, found.file != nil || found.function != nil, frames.count < 256 { frames.append(found) }
                }
                if frames.count >= 1 { return (index, ExceptionInfo(type: "", message: "", frames: frames.reversed())) }
            case .ruby:
                if let found = parseRuby(lines, from: index) { return found }
            case .elixir:
                if let found = parseElixir(lines, from: index) { return found }
            case .atFrame:
                // The frame's exception line sits above it, possibly over a multi-line message.
                if let header = atHeader(lines, above: index, notBefore: searchedFrom),
                    let info = parseAtStyle(lines[header...])
                {
                    return (header, info)
                }
                searchedFrom = index
            }
            index += 1
        }
        return nil
    }

    // MARK: Elixir

    /// The frames from `index` on (innermost first, as Elixir prints them), named by the nearest `** (Type)` line
    /// above them, which starts the trace.
    private static func parseElixir(_ lines: ArraySlice<String>, from index: Int) -> (start: Int, exception: ExceptionInfo)? {
        var frames: [StackFrame] = []
        for line in lines[index...] {
            guard let frame = TraceSyntax.withBytes(line, { TraceSyntax.elixirFrame($0, at: TraceSyntax.indentation($0)) }) else { break }
            if frames.count < 256 { frames.append(frame) }
        }
        guard !frames.isEmpty else { return nil }
        var probe = index - 1
        while probe >= lines.startIndex {
            if let named = TraceSyntax.elixirException(lines[probe]) {
                return (probe, ExceptionInfo(type: named.type, message: named.message, frames: frames.reversed()))
            }
            probe -= 1
        }
        return (index, ExceptionInfo(type: "", message: "", frames: frames.reversed()))
    }

    // MARK: Ruby

    /// The frames from `index` on (innermost first, as Ruby prints them), named by the first frame's own
    /// `: message (Type)` or by the exception line above them (blank lines between allowed).
    private static func parseRuby(_ lines: ArraySlice<String>, from index: Int) -> (start: Int, exception: ExceptionInfo)? {
        var frames: [StackFrame] = []
        var named: (type: String, message: String)?
        for line in lines[index...] {
            let found = TraceSyntax.withBytes(line) { bytes -> (StackFrame, String)? in
                TraceSyntax.rubyFrame(bytes, at: TraceSyntax.indentation(bytes))
            }
            guard let (frame, rest) = found else {
                if TraceSyntax.withBytes(line, { TraceSyntax.isBlank($0) }) { continue }
                break
            }
            if frames.isEmpty { named = TraceSyntax.rubyUncaught(rest) }
            if frames.count < 256 { frames.append(frame) }
        }
        guard !frames.isEmpty else { return nil }
        var start = index
        if named == nil {
            var probe = index - 1
            while probe >= lines.startIndex, TraceSyntax.withBytes(lines[probe], { TraceSyntax.isBlank($0) }) { probe -= 1 }
            if probe >= lines.startIndex, let line = TraceSyntax.rubyExceptionLine(lines[probe]) {
                named = line
                start = probe
            }
        }
        return (start, ExceptionInfo(type: named?.type ?? "", message: named?.message ?? "", frames: frames.reversed()))
    }

    // MARK: Python

    private static func parsePython(_ lines: ArraySlice<String>, depth: Int) -> ExceptionInfo? {
        var parser = PythonTraceParser(depth: depth)
        for line in lines { parser.feed(line) }
        return parser.finish()
    }

    /// Moves the start above exception-only blocks (a cause that was never raised prints without a traceback)
    /// that chain into the traceback at `index`.
    private static func pythonStart(_ lines: ArraySlice<String>, traceback index: Int) -> Int {
        var start = index
        var probe = index - 1
        func skipBlanks() {
            while probe >= lines.startIndex, TraceSyntax.withBytes(lines[probe], { TraceSyntax.isBlank($0) }) {
                probe -= 1
            }
        }
        while true {
            skipBlanks()
            guard probe >= lines.startIndex,
                TraceSyntax.withBytes(
                    lines[probe], { TraceSyntax.isChainSeparator($0, at: TraceSyntax.indentation($0)) })
            else { break }
            probe -= 1
            skipBlanks()
            guard probe >= lines.startIndex,
                TraceSyntax.withBytes(lines[probe], { TraceSyntax.headerSpan($0, from: 0) != nil })
            else { break }
            start = probe
            probe -= 1
        }
        return start
    }

    /// An exception group printed with its `| ` / `+-+` margins at column `margin`: the group's own traceback,
    /// with its first sub-exception as the cause.
    fileprivate static func parseGroup(_ lines: [String], margin: Int, depth: Int) -> ExceptionInfo? {
        var own: [String] = []
        var sub: [String] = []
        var state = 0  // 0: the group's own lines, 1: the first sub-exception, 2: past it
        for (offset, line) in lines.enumerated() where state < 2 {
            TraceSyntax.withBytes(line) { bytes in
                let column = TraceSyntax.indentation(bytes)
                guard column < bytes.count else { return }
                let mark = bytes[column]
                if state == 0 {
                    if column == margin, mark == UInt8(ascii: "|") || (offset == 0 && mark == UInt8(ascii: "+")) {
                        own.append(TraceSyntax.suffix(bytes, from: margin + 2))
                    } else if column == margin, mark == UInt8(ascii: "+") {
                        state = 1
                    }
                } else if column == margin + 2, mark == UInt8(ascii: "+"),
                    !TraceSyntax.starts(bytes, at: column, with: "+-+")
                {
                    // `+---- 2 ----` or the closing rule; a nested group's own `+-+` stays in the sub-exception.
                    state = 2
                } else if column >= margin + 2 {
                    sub.append(TraceSyntax.suffix(bytes, from: margin + 2))
                }
            }
        }
        guard var info = parsePython(own[...], depth: depth) else { return nil }
        if info.cause == nil, !sub.isEmpty, depth < maxGroupDepth,
            let first = parseGroup(sub, margin: 0, depth: depth + 1)
        {
            info.cause = first
        }
        return info
    }

    // MARK: Go

    private static func parseGo(_ lines: ArraySlice<String>) -> ExceptionInfo? {
        var parser = GoTraceParser()
        for line in lines { TraceSyntax.withBytes(line) { parser.feed($0) } }
        return parser.finish()
    }

    // MARK: JVM, Node, .NET

    private static func parseAtStyle(_ lines: ArraySlice<String>) -> ExceptionInfo? {
        var parser = AtTraceParser()
        for line in lines { TraceSyntax.withBytes(line) { parser.feed($0) } }
        return parser.finish()
    }

    /// The line heading the `at` frame at `index`: the nearest line above that names a likely exception type,
    /// else the line right above when it is `Name: message`.
    private static func atHeader(_ lines: ArraySlice<String>, above index: Int, notBefore lowest: Int) -> Int? {
        var probe = index - 1
        var weak: Int?
        let floor = max(lowest, lines.startIndex, index - headerSearchLimit)
        while probe >= floor {
            let strength = TraceSyntax.withBytes(lines[probe]) { bytes -> Int in
                let start = TraceSyntax.atHeaderStart(bytes, from: TraceSyntax.indentation(bytes))
                guard let span = TraceSyntax.headerSpan(bytes, from: start) else { return 0 }
                return span.isStrong ? 2 : (span.message != nil ? 1 : 0)
            }
            if strength == 2 { return probe }
            if strength == 1, probe == index - 1 { weak = probe }
            probe -= 1
        }
        return weak
    }

    // MARK: Loose field text

    /// Frames in text without a recognised header: `at` lines, or Go's function / `\tfile:line` pairs.
    private static func looseFrames(_ lines: [String]) -> [StackFrame] {
        var atFrames: [StackFrame] = []
        var goFrames: [StackFrame] = []
        var function: String?
        for line in lines {
            TraceSyntax.withBytes(line) { bytes in
                let indent = TraceSyntax.indentation(bytes)
                guard indent < bytes.count else { return }
                if let body = TraceSyntax.atBody(bytes, at: indent), let frame = TraceSyntax.atFrame(bytes, from: body)
                {
                    atFrames.append(frame)
                } else if indent == 0 {
                    let name = TraceSyntax.goFunction(bytes, from: 0) ?? (0..<TraceSyntax.trimmedEnd(bytes, from: 0))
                    function = TraceSyntax.string(bytes, name)
                } else if let location = TraceSyntax.goFileLine(bytes, from: indent) {
                    goFrames.append(StackFrame(file: location.file, line: location.line, function: function))
                    function = nil
                }
            }
        }
        return atFrames.isEmpty ? goFrames.reversed() : atFrames.reversed()
    }

    /// A lone exception line: `Type: message` or a bare type named like an exception (a bare dotted name may be
    /// a Go function line).
    private static func looseHeader(_ bytes: UnsafeBufferPointer<UInt8>) -> (type: String, message: String)? {
        let start = TraceSyntax.atHeaderStart(bytes, from: TraceSyntax.indentation(bytes))
        guard let span = TraceSyntax.headerSpan(bytes, from: start), span.message != nil || span.exceptionNamed else {
            return nil
        }
        return (TraceSyntax.string(bytes, span.type), span.message.map { TraceSyntax.suffix(bytes, from: $0) } ?? "")
    }

    // MARK: Chains

    /// Links exceptions given outermost first; over ``maxChain``, the middle of the chain is dropped.
    fileprivate static func chain(outermostFirst items: [ExceptionInfo]) -> ExceptionInfo? {
        var kept = items
        if kept.count > maxChain, let root = kept.last {
            kept = Array(kept.prefix(maxChain - 1)) + [root]
        }
        var result: ExceptionInfo?
        for var item in kept.reversed() {
            // An exception group already carries its sub-exception as cause; that is the more telling link.
            if item.cause == nil { item.cause = result }
            result = item
        }
        return result
    }

    static func splitLines(_ text: String) -> [String] {
        text.utf8.split(separator: 0x0A, omittingEmptySubsequences: false).map { line in
            String(decoding: line.last == 0x0D ? line.dropLast() : line, as: UTF8.self)
        }
    }
}

// MARK: - Python

private struct PythonTraceParser {
    private enum Phase { case seeking, frames, message, done }
    private var phase = Phase.seeking
    /// Completed exceptions, in printed order (innermost cause first).
    private var blocks: [ExceptionInfo] = []
    private var current: ExceptionInfo?
    private var frames: [StackFrame] = []
    private var baseIndent = 0
    private var blankRun = 0
    private var group: [String] = []
    private var groupMargin = 0
    private let depth: Int

    init(depth: Int) { self.depth = depth }

    mutating func feed(_ line: String) {
        if !group.isEmpty {
            let margin = groupMargin
            let continues = TraceSyntax.withBytes(line) { bytes -> Bool in
                let column = TraceSyntax.indentation(bytes)
                return column < bytes.count && column >= margin
                    && (bytes[column] == UInt8(ascii: "|") || bytes[column] == UInt8(ascii: "+"))
            }
            if continues {
                group.append(line)
                return
            }
            flushGroup()
        }
        TraceSyntax.withBytes(line) { process($0, line) }
    }

    private mutating func process(_ bytes: UnsafeBufferPointer<UInt8>, _ line: String) {
        let indent = TraceSyntax.indentation(bytes)
        if indent == bytes.count {
            if phase == .message { blankRun += 1 }
            return
        }
        switch phase {
        case .done:
            return
        case .seeking:
            if TraceSyntax.isTracebackHeader(bytes, at: indent) {
                beginTraceback(indent: indent)
            } else if TraceSyntax.isGroupHeader(bytes, at: indent) {
                group = [line]
                groupMargin = indent
                baseIndent = indent
            } else if !TraceSyntax.isChainSeparator(bytes, at: indent),
                let span = TraceSyntax.headerSpan(bytes, from: indent)
            {
                // An exception printed without a traceback (a cause that was never raised).
                current = TraceSyntax.exception(bytes, span, frames: [])
                baseIndent = indent
                phase = .message
            }
        case .frames:
            if TraceSyntax.starts(bytes, at: indent, with: "File \"") {
                if let frame = TraceSyntax.pythonFrame(bytes, from: indent) { frames.append(frame) }
            } else if TraceSyntax.starts(bytes, at: indent, with: "> File \"") {
                // loguru marks the frame where the exception was caught.
                if let frame = TraceSyntax.pythonFrame(bytes, from: indent + 2) { frames.append(frame) }
            } else if indent > baseIndent {
                return  // source lines, `^^^^` markers, `[Previous line repeated N more times]`, loguru's `└` notes
            } else if TraceSyntax.isTracebackHeader(bytes, at: indent) {
                beginTraceback(indent: indent)  // the previous one was cut off before its exception line
            } else if let span = TraceSyntax.headerSpan(bytes, from: indent) {
                current = TraceSyntax.exception(bytes, span, frames: frames)
                frames = []
                phase = .message
            } else {
                phase = .done
            }
        case .message:
            if indent <= baseIndent, TraceSyntax.isChainSeparator(bytes, at: indent) {
                close()
                phase = .seeking
            } else if indent <= baseIndent,
                TraceSyntax.isTracebackHeader(bytes, at: indent) || TraceSyntax.isGroupHeader(bytes, at: indent)
            {
                close()
                phase = .done  // an unrelated traceback follows without a chain line
            } else if current != nil {
                // Multi-line messages (pydantic, SQLAlchemy), exception notes.
                current?.message += String(repeating: "\n", count: blankRun + 1) + line
                blankRun = 0
            }
        }
    }

    private mutating func beginTraceback(indent: Int) {
        current = nil
        frames = []
        baseIndent = indent
        phase = .frames
    }

    private mutating func close() {
        if let current { blocks.append(current) }
        current = nil
        blankRun = 0
    }

    private mutating func flushGroup() {
        let lines = group
        group = []
        close()
        if depth < StackTraceParser.maxGroupDepth,
            let info = StackTraceParser.parseGroup(lines, margin: groupMargin, depth: depth + 1)
        {
            blocks.append(info)
        }
        phase = .message  // chain lines may follow the group
    }

    mutating func finish() -> ExceptionInfo? {
        if !group.isEmpty { flushGroup() }
        if phase == .message { close() }
        // A traceback cut off before its exception line still says where it failed.
        if blocks.isEmpty, current == nil, !frames.isEmpty { return ExceptionInfo(type: "", message: "", frames: frames) }
        return StackTraceParser.chain(outermostFirst: blocks.reversed())
    }
}

// MARK: - Go

private struct GoTraceParser {
    private var panics: [(type: String, message: String)] = []
    private var goroutines = 0
    private var firstGoroutine: String?
    /// Frames of the stack being kept, innermost first as printed.
    private var frames: [StackFrame] = []
    private var collecting = false
    private var fromRuntimeStack = false
    private var function: String?

    mutating func feed(_ bytes: UnsafeBufferPointer<UInt8>) {
        let indent = TraceSyntax.indentation(bytes)
        guard indent < bytes.count else { return }
        if indent > 0 {
            if TraceSyntax.starts(bytes, at: indent, with: "panic: ") {
                addPanic(bytes, from: indent + 7, type: "panic")  // an earlier panic that was recovered
            } else if collecting, let name = function, let location = TraceSyntax.goFileLine(bytes, from: indent) {
                frames.append(StackFrame(file: location.file, line: location.line, function: name))
                function = nil
            }
            return
        }
        if TraceSyntax.starts(bytes, at: 0, with: "panic: ") {
            addPanic(bytes, from: 7, type: "panic")
        } else if TraceSyntax.starts(bytes, at: 0, with: "fatal error: ") {
            addPanic(bytes, from: 13, type: "fatal error")
        } else if TraceSyntax.isGoroutineHeader(bytes, at: 0) {
            flushFunction()
            goroutines += 1
            if goroutines == 1 {
                var end = TraceSyntax.trimmedEnd(bytes, from: 10)
                if end > 10, bytes[end - 1] == UInt8(ascii: ":") { end -= 1 }
                firstGoroutine = TraceSyntax.string(bytes, 10..<end)
                // The panicking goroutine is printed first; it wins over a `runtime stack:` seen before it.
                if fromRuntimeStack { frames = [] }
                collecting = true
                fromRuntimeStack = false
            } else {
                collecting = false
            }
        } else if TraceSyntax.starts(bytes, at: 0, with: "runtime stack:") {
            flushFunction()
            collecting = goroutines == 0 && frames.isEmpty
            fromRuntimeStack = collecting
        } else if TraceSyntax.starts(bytes, at: 0, with: "created by ") {
            flushFunction()
            if collecting {
                var end = TraceSyntax.trimmedEnd(bytes, from: 11)
                if let suffix = ByteCursor(bytes, position: 11).firstIndex(of: " in goroutine "), suffix < end {
                    end = suffix
                }
                function = TraceSyntax.string(bytes, 11..<end)
            }
        } else if let name = TraceSyntax.goFunction(bytes, from: 0) {
            flushFunction()
            if collecting { function = TraceSyntax.string(bytes, name) }
        }
    }

    /// A function line whose location line never came.
    private mutating func flushFunction() {
        if let name = function { frames.append(StackFrame(function: name)) }
        function = nil
    }

    private mutating func addPanic(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int, type: String) {
        var end = TraceSyntax.trimmedEnd(bytes, from: start)
        // `panic: boom [recovered]` (Go 1.23+: `[recovered, repanicked]`) marks a panic that a deferred call recovered.
        if end > start, bytes[end - 1] == UInt8(ascii: "]"),
            let mark = ByteCursor(bytes, position: start).firstIndex(of: " [recovered"), mark < end
        {
            end = mark
        }
        var messageStart = start
        var kind = type
        if type == "panic", TraceSyntax.starts(bytes, at: start, with: "runtime error: ") {
            kind = "runtime error"
            messageStart = start + 15
        }
        let message = TraceSyntax.string(bytes, messageStart..<max(messageStart, end))
        // A re-panic with the same value prints the same line twice; one link says it.
        if let last = panics.last, last.type == kind, last.message == message { return }
        panics.append((kind, message))
    }

    mutating func finish() -> ExceptionInfo? {
        flushFunction()
        guard goroutines > 0 || !frames.isEmpty else { return nil }
        let stack = Array(frames.reversed())
        guard let outermost = panics.last else {
            // A goroutine dump without a panic (SIGQUIT, debug.PrintStack).
            return ExceptionInfo(type: "goroutine", message: firstGoroutine ?? "", frames: stack)
        }
        var items = [ExceptionInfo(type: outermost.type, message: outermost.message, frames: stack)]
        for earlier in panics.dropLast().reversed() {
            items.append(ExceptionInfo(type: earlier.type, message: earlier.message))
        }
        return StackTraceParser.chain(outermostFirst: items)
    }
}

// MARK: - Rust

/// A Rust backtrace: frames innermost first as printed, each maybe followed by its `at file:line:col` line.
private struct RustTraceParser {
    private var frames: [StackFrame] = []

    mutating func feed(_ bytes: UnsafeBufferPointer<UInt8>) {
        let indent = TraceSyntax.indentation(bytes)
        guard indent < bytes.count, frames.count < 256 else { return }
        if let frame = TraceSyntax.rustFrame(bytes, at: indent) {
            let symbol = TraceSyntax.string(bytes, frame.symbol..<TraceSyntax.trimmedEnd(bytes, from: frame.symbol))
            frames.append(StackFrame(function: Self.function(symbol)))
        } else if let body = TraceSyntax.atBody(bytes, at: indent), let last = frames.indices.last, frames[last].file == nil {
            let end = TraceSyntax.trimmedEnd(bytes, from: body)
            var location = TraceSyntax.trailingNumber(bytes, body..<end)  // `:col`, or `:line` alone
            if let column = location, let line = TraceSyntax.trailingNumber(bytes, column.rest) { location = line }
            if let location, !location.rest.isEmpty {
                var file = TraceSyntax.string(bytes, location.rest)
                if file.hasPrefix("./") { file.removeFirst(2) }
                frames[last].file = file
                frames[last].line = location.number
            }
        }
    }

    /// `app::api::save::{{closure}}` → `app::api::save`; `app::main::h3f2a…` (a symbol's hash) → `app::main`.
    static func function(_ symbol: String) -> String {
        var name = Substring(symbol)
        while true {
            let hash = name.suffix(19)
            if name.hasSuffix("::{{closure}}") {
                name = name.dropLast(13)
            } else if hash.count == 19, hash.hasPrefix("::h"), hash.dropFirst(3).allSatisfy(\.isHexDigit) {
                name = name.dropLast(19)
            } else {
                return String(name)
            }
        }
    }

    /// The runtime's own frames: the panic machinery, the standard library, the unwinder.
    static func isRuntime(_ frame: StackFrame) -> Bool {
        guard let function = frame.function else { return true }
        var name = function[...]
        while name.first == "<" { name = name.dropFirst() }
        let crate = name.prefix { $0 != ":" && $0 != " " }
        return ["std", "core", "alloc", "__rustc", "rust_begin_unwind", "rust_panic", "__libc_start_main", "_start"]
            .contains(crate)
    }

    func finish() -> ExceptionInfo? {
        guard frames.count >= 2 else { return nil }
        // Frames above the panic machinery are the panic hook that printed the trace, not the failing code.
        var kept = frames[...]
        if let machinery = kept.firstIndex(where: Self.isRuntime) {
            var end = machinery
            while end < kept.endIndex, Self.isRuntime(kept[end]) { end += 1 }
            if end < kept.endIndex { kept = kept[end...] }
        }
        return ExceptionInfo(type: "panic", message: "", frames: kept.reversed())
    }
}

// MARK: - JVM, Node, .NET

private struct AtTraceParser {
    private struct Entry {
        var type: String
        var message: String
        var frames: [StackFrame] = []
    }

    /// Outermost first.
    private var entries: [Entry] = []
    /// The entry that frames belong to (.NET prints inner exceptions' frames first).
    private var current = 0
    /// Lines at or beyond this indentation are skipped (`Suppressed:` blocks, Node's `[errors]` arrays).
    private var skipIndent: Int?
    private var threadHeader = false
    private var started = false

    mutating func feed(_ bytes: UnsafeBufferPointer<UInt8>) {
        let indent = TraceSyntax.indentation(bytes)
        guard indent < bytes.count else { return }
        if !started {
            started = true
            if TraceSyntax.starts(bytes, at: indent, with: "Exception in thread \"") { threadHeader = true }
            push(bytes, from: TraceSyntax.atHeaderStart(bytes, from: indent))
            return
        }
        guard !entries.isEmpty else { return }
        if let skip = skipIndent {
            if indent >= skip { return }
            skipIndent = nil
        }
        if let body = TraceSyntax.atBody(bytes, at: indent), let frame = TraceSyntax.atFrame(bytes, from: body) {
            entries[current].frames.append(frame)
        } else if TraceSyntax.starts(bytes, at: indent, with: "...") {
            return  // `... 12 more`, `... 12 common frames omitted`
        } else if TraceSyntax.starts(bytes, at: indent, with: "Caused by: ") {
            push(bytes, from: indent + 11)
        } else if TraceSyntax.starts(bytes, at: indent, with: "[cause]: ") {
            push(bytes, from: indent + 9)
        } else if TraceSyntax.starts(bytes, at: indent, with: "---> ") {
            push(bytes, from: indent + 5)
        } else if TraceSyntax.starts(bytes, at: indent, with: "--- End of inner exception stack trace ---") {
            if current > 0 { current -= 1 }
        } else if TraceSyntax.starts(bytes, at: indent, with: "--- ") {
            return  // `--- End of stack trace from previous location ---`
        } else if TraceSyntax.starts(bytes, at: indent, with: "Suppressed: ")
            || TraceSyntax.starts(bytes, at: indent, with: "[errors]: ")
        {
            skipIndent = indent
        } else if entries[current].frames.isEmpty, current == entries.count - 1 {
            entries[current].message += "\n" + TraceSyntax.suffix(bytes, from: 0)
        }
        // Otherwise: Node's own properties (`code: 'ECONNREFUSED'`), closing braces, `Wrapped by:`.
    }

    /// An exception line at `start`; .NET may chain inner exceptions on it with ` ---> `.
    private mutating func push(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int) {
        var position = start
        while let span = TraceSyntax.headerSpan(bytes, from: position) {
            var messageEnd = bytes.count
            var next: Int?
            if let messageStart = span.message,
                let arrow = ByteCursor(bytes, position: messageStart).firstIndex(of: " ---> ")
            {
                messageEnd = arrow
                next = arrow + 6
            }
            let message = span.message.map { TraceSyntax.string(bytes, $0..<max($0, messageEnd)) } ?? ""
            let entry = Entry(type: TraceSyntax.string(bytes, span.type), message: message)
            if entries.count < StackTraceParser.maxChain {
                entries.append(entry)
            } else {
                entries[entries.count - 1] = entry  // past the cap, the newest cause stands in as the root
            }
            current = entries.count - 1
            guard let next else { break }
            position = next
        }
    }

    func finish() -> ExceptionInfo? {
        guard !entries.isEmpty, threadHeader || entries.contains(where: { !$0.frames.isEmpty }) else { return nil }
        return StackTraceParser.chain(
            outermostFirst: entries.map {
                ExceptionInfo(type: $0.type, message: $0.message, frames: $0.frames.reversed())
            })
    }
}

// MARK: - Line syntax

/// Byte-level recognisers for trace lines, shared by the parsers and ``RecordAssembler`` (which must decide on a
/// line from its first bytes, without allocating).
enum TraceSyntax {
    enum Marker { case python, go, jvmThread, atFrame, rust, php, ruby, elixir }

    static func withBytes<R>(_ string: String, _ body: (UnsafeBufferPointer<UInt8>) -> R) -> R {
        var copy = string
        return copy.withUTF8(body)
    }

    static func indentation(_ bytes: UnsafeBufferPointer<UInt8>) -> Int {
        var index = 0
        while index < bytes.count, bytes[index] == 0x20 || bytes[index] == 0x09 { index += 1 }
        return index
    }

    static func isBlank(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool { indentation(bytes) == bytes.count }

    static func starts(_ bytes: UnsafeBufferPointer<UInt8>, at index: Int, with literal: StaticString) -> Bool {
        guard index >= 0, index <= bytes.count else { return false }
        return ByteCursor(bytes, position: index).hasPrefix(literal)
    }

    static func string(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> String {
        let lower = min(max(range.lowerBound, 0), bytes.count)
        let upper = min(max(range.upperBound, lower), bytes.count)
        return String(decoding: UnsafeBufferPointer(rebasing: bytes[lower..<upper]), as: UTF8.self)
    }

    static func suffix(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int) -> String {
        start < bytes.count ? string(bytes, start..<bytes.count) : ""
    }

    /// The end of the line without trailing spaces, not before `start`.
    static func trimmedEnd(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int) -> Int {
        var end = bytes.count
        while end > start, bytes[end - 1] == 0x20 || bytes[end - 1] == 0x09 { end -= 1 }
        return max(end, min(start, bytes.count))
    }

    /// What kind of trace a line starts, if any (for ``StackTraceParser/locate(_:)``).
    static func marker(_ bytes: UnsafeBufferPointer<UInt8>) -> Marker? {
        let indent = indentation(bytes)
        guard indent < bytes.count else { return nil }
        if let marker = leadingMarker(bytes, at: indent) { return marker }
        if bytes[indent] == UInt8(ascii: "("), elixirFrame(bytes, at: indent) != nil { return .elixir }
        return rubyFrame(bytes, at: indent) != nil ? .ruby : nil
    }

    /// The traces a line's first character announces.
    private static func leadingMarker(_ bytes: UnsafeBufferPointer<UInt8>, at indent: Int) -> Marker? {
        switch bytes[indent] {
        case UInt8(ascii: "T"), UInt8(ascii: "+"):
            return isTracebackHeader(bytes, at: indent) || isGroupHeader(bytes, at: indent) ? .python : nil
        case UInt8(ascii: "E"):
            if isTracebackHeader(bytes, at: indent) { return .python }
            return starts(bytes, at: indent, with: "Exception in thread \"") ? .jvmThread : nil
        case UInt8(ascii: "p"), UInt8(ascii: "f"), UInt8(ascii: "g"):
            return indent == 0 && isGoStart(bytes) ? .go : nil
        case UInt8(ascii: "a"):
            guard let body = atBody(bytes, at: indent), atFrame(bytes, from: body) != nil else { return nil }
            return .atFrame
        case UInt8(ascii: "s"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            return startsRustBacktrace(bytes, at: indent) ? .rust : nil
        case UInt8(ascii: "["), UInt8(ascii: "#"), UInt8(ascii: "S"):
            return startsPHPTrace(bytes, at: indent) ? .php : nil
        default:
            return nil
        }
    }

    // MARK: Ruby

    /// A Ruby backtrace line from `indent`: `app/models/order.rb:42:in `total'`, `	from /app/x.rb:7:in 'Job#run'`
    /// (Ruby 3.4 quotes), with what follows the frame on the line (`: message (Type)` on an uncaught exception's
    /// first line); nil for other lines.
    static func rubyFrame(_ bytes: UnsafeBufferPointer<UInt8>, at indent: Int) -> (frame: StackFrame, rest: String)? {
        var start = indent
        if starts(bytes, at: start, with: "from ") { start += 5 }
        guard start < bytes.count, bytes[start] != 0x20, let marker = ByteCursor(bytes, position: start).firstIndex(of: ":in ")
        else { return nil }
        // `path:line` before the marker, the path without spaces
        var digits = marker
        while digits > start, bytes[digits - 1].isASCIIDigit { digits -= 1 }
        guard digits < marker, digits - 1 > start, bytes[digits - 1] == UInt8(ascii: ":") else { return nil }
        let pathEnd = digits - 1
        guard !bytes[start..<pathEnd].contains(0x20) else { return nil }
        let open = marker + 4
        guard open < bytes.count, bytes[open] == UInt8(ascii: "`") || bytes[open] == UInt8(ascii: "'") else { return nil }
        var close = open + 1
        while close < bytes.count, bytes[close] != UInt8(ascii: "'") { close += 1 }
        guard close < bytes.count, close > open + 1 else { return nil }
        let frame = StackFrame(
            file: string(bytes, start..<pathEnd), line: Int(string(bytes, digits..<marker)),
            function: string(bytes, (open + 1)..<close))
        return (frame, suffix(bytes, from: close + 1))
    }

    // MARK: Elixir

    /// An Elixir stacktrace entry from `indent`: `(shop 0.1.0) lib/shop/orders.ex:42: Shop.Orders.get!/1`, the
    /// application (and its version) in parentheses, then file, line and function; nil for other lines.
    static func elixirFrame(_ bytes: UnsafeBufferPointer<UInt8>, at indent: Int) -> StackFrame? {
        guard indent < bytes.count, bytes[indent] == UInt8(ascii: "(") else { return nil }
        var index = indent + 1
        let app = index
        while index < bytes.count, (bytes[index] >= 0x61 && bytes[index] <= 0x7A) || bytes[index].isASCIIDigit || bytes[index] == UInt8(ascii: "_") {
            index += 1
        }
        guard index > app, index < bytes.count else { return nil }
        if bytes[index] == 0x20 {  // the version
            index += 1
            while index < bytes.count, bytes[index] != UInt8(ascii: ")"), bytes[index] != 0x20 { index += 1 }
        }
        guard index + 1 < bytes.count, bytes[index] == UInt8(ascii: ")"), bytes[index + 1] == 0x20 else { return nil }
        let path = index + 2
        guard let marker = ByteCursor(bytes, position: path).firstIndex(of: ": ") else { return nil }
        var digits = marker
        while digits > path, bytes[digits - 1].isASCIIDigit { digits -= 1 }
        guard digits < marker, digits - 1 > path, bytes[digits - 1] == UInt8(ascii: ":"),
            !bytes[path..<(digits - 1)].contains(0x20)
        else { return nil }
        return StackFrame(
            file: string(bytes, path..<(digits - 1)), line: Int(string(bytes, digits..<marker)),
            function: string(bytes, (marker + 2)..<trimmedEnd(bytes, from: marker + 2)))
    }

    /// The exception an Elixir line reports: `** (DBConnection.ConnectionError) tcp connect …`, also after other
    /// text (`failed to connect: ** (…) …`); nil when the line names none.
    static func elixirException(_ text: String) -> (type: String, message: String)? {
        guard let mark = text.firstRange(of: "** (") else { return nil }
        let rest = text[mark.upperBound...]
        guard let close = rest.firstIndex(of: ")") else { return nil }
        let type = rest[..<close]
        guard let first = type.first, first.isUppercase || first == ":",
            type.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "." || $0 == "_" || $0 == ":" })
        else { return nil }
        return (String(type), String(rest[rest.index(after: close)...].drop { $0 == " " }))
    }

    /// A Ruby exception named on its own line: Rails' `NoMethodError (undefined method …):`, or `Type: message`
    /// (`Redis::CannotConnectError: Error connecting…`); nil unless the type is a constant path.
    static func rubyExceptionLine(_ text: String) -> (type: String, message: String)? {
        let line = text.drop { $0 == " " || $0 == "\t" }
        var name = line.prefix { $0.isLetter || $0.isNumber || $0 == "_" || $0 == ":" }
        while name.hasSuffix(":") { name = name.dropLast() }
        guard !name.isEmpty, name.split(separator: ":", omittingEmptySubsequences: true).allSatisfy({ $0.first?.isUppercase == true })
        else { return nil }
        var rest = line.dropFirst(name.count)
        if rest.hasPrefix(" ("), rest.hasSuffix("):") {
            rest = rest.dropFirst(2).dropLast(2)
            return (String(name), String(rest))
        }
        if rest.hasPrefix(": ") { return (String(name), String(rest.dropFirst(2))) }
        return nil
    }

    /// `: message (Type)` after an uncaught exception's first frame.
    static func rubyUncaught(_ rest: String) -> (type: String, message: String)? {
        guard rest.hasPrefix(": "), rest.hasSuffix(")"), let open = rest.lastIndex(of: "(") else { return nil }
        let type = rest[rest.index(after: open)..<rest.index(before: rest.endIndex)]
        guard let first = type.first, first.isUppercase, type.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" || $0 == ":" })
        else { return nil }
        var message = rest[rest.index(rest.startIndex, offsetBy: 2)..<open]
        while message.last == " " { message = message.dropLast() }
        return (String(type), String(message))
    }

    // MARK: PHP

    /// Monolog's `[stacktrace]`, PHP's `Stack trace:`, or frame `#0` of a PHP trace.
    static func startsPHPTrace(_ bytes: UnsafeBufferPointer<UInt8>, at indent: Int) -> Bool {
        if starts(bytes, at: indent, with: "[stacktrace]") || starts(bytes, at: indent, with: "Stack trace:") { return true }
        return starts(bytes, at: indent, with: "#0 ") && phpFrame(bytes, at: indent) != nil
    }

    /// `#3 /app/Repo.php(403): Factory->setUser()` (a frame with its file), `#4 [internal function]: …` and
    /// `#9 {main}` (frames without one) from `indent`; nil for other lines.
    static func phpFrame(_ bytes: UnsafeBufferPointer<UInt8>, at indent: Int) -> StackFrame? {
        guard indent < bytes.count, bytes[indent] == UInt8(ascii: "#") else { return nil }
        var index = indent + 1
        while index < bytes.count, index - indent <= 5, bytes[index].isASCIIDigit { index += 1 }
        guard index > indent + 1, index + 1 < bytes.count, bytes[index] == 0x20 else { return nil }
        let start = index + 1
        let end = trimmedEnd(bytes, from: start)
        if bytes[start] == UInt8(ascii: "{") || bytes[start] == UInt8(ascii: "[") {
            guard let colon = ByteCursor(bytes, position: start).firstIndex(of: "]: ") else { return StackFrame() }
            return StackFrame(function: string(bytes, (colon + 3)..<max(colon + 3, end)))
        }
        // `path(line): function`
        guard let close = ByteCursor(bytes, position: start).firstIndex(of: "): ") else { return nil }
        var open = close
        while open > start, bytes[open] != UInt8(ascii: "(") { open -= 1 }
        guard open > start, open + 1 < close, (open + 1..<close).allSatisfy({ bytes[$0].isASCIIDigit }) else { return nil }
        let line = Int(string(bytes, (open + 1)..<close))
        var function = string(bytes, (close + 3)..<max(close + 3, end))
        if let paren = function.firstIndex(of: "(") { function = String(function[..<paren]) }
        return StackFrame(file: string(bytes, start..<open), line: line, function: function.replacing("\\\\", with: "\\"))
    }

    // MARK: Rust

    /// A Rust backtrace frame line from `indent`: `7: app::api::save::{{closure}}`, or with `RUST_BACKTRACE=full`
    /// `7:     0x55d1c3a3b8c1 - app::api::save`. The frame number and where the symbol starts.
    static func rustFrame(_ bytes: UnsafeBufferPointer<UInt8>, at indent: Int) -> (number: Int, symbol: Int)? {
        var index = indent
        var number = 0
        while index < bytes.count, index - indent < 5, bytes[index].isASCIIDigit {
            number = number * 10 + Int(bytes[index] &- 0x30)
            index += 1
        }
        guard index > indent, index + 2 < bytes.count, bytes[index] == UInt8(ascii: ":"), bytes[index + 1] == 0x20 else {
            return nil
        }
        var symbol = index + 2
        while symbol < bytes.count, bytes[symbol] == 0x20 { symbol += 1 }
        if starts(bytes, at: symbol, with: "0x"), let dash = ByteCursor(bytes, position: symbol).firstIndex(of: " - ") {
            symbol = dash + 3
        }
        guard symbol < bytes.count, bytes[symbol] != 0x20 else { return nil }
        return (number, symbol)
    }

    /// `stack backtrace:`, or frame 0 naming a symbol path (`0: std::panicking::begin_panic`, `0: rust_begin_unwind`)
    /// rather than an item of a numbered list.
    static func startsRustBacktrace(_ bytes: UnsafeBufferPointer<UInt8>, at indent: Int) -> Bool {
        if indent == 0, starts(bytes, at: 0, with: "stack backtrace:") { return true }
        guard let frame = rustFrame(bytes, at: indent), frame.number == 0 else { return false }
        var index = frame.symbol
        var path = false
        while index < bytes.count, bytes[index] != 0x20 {
            if bytes[index] == UInt8(ascii: ":") || bytes[index] == UInt8(ascii: "_") || bytes[index] == UInt8(ascii: "<") {
                path = true
            }
            index += 1
        }
        return path
    }

    // MARK: Python

    static func isTracebackHeader(_ bytes: UnsafeBufferPointer<UInt8>, at index: Int) -> Bool {
        starts(bytes, at: index, with: "Traceback (most recent call last):")
            || starts(bytes, at: index, with: "Exception Group Traceback (most recent call last):")
    }

    static func isGroupHeader(_ bytes: UnsafeBufferPointer<UInt8>, at index: Int) -> Bool {
        starts(bytes, at: index, with: "+ Exception Group Traceback (most recent call last):")
    }

    static func isChainSeparator(_ bytes: UnsafeBufferPointer<UInt8>, at index: Int) -> Bool {
        starts(bytes, at: index, with: "During handling of the above exception, another exception occurred:")
            || starts(bytes, at: index, with: "The above exception was the direct cause of the following exception:")
    }

    /// `File "path", line N, in function` from `start` (at `File`).
    static func pythonFrame(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int) -> StackFrame? {
        var cursor = ByteCursor(bytes, position: start)
        guard cursor.consume("File \"") else { return nil }
        let fileStart = cursor.position
        guard let quote = cursor.firstIndex(of: "\", line ") else { return nil }
        cursor.position = quote + 8
        guard let line = cursor.readNumber(maxCount: 9) else { return nil }
        var function: String?
        if cursor.consume(", in ") {
            function = string(bytes, cursor.position..<trimmedEnd(bytes, from: cursor.position))
        }
        return StackFrame(file: string(bytes, fileStart..<quote), line: line, function: function)
    }

    // MARK: Go

    static func isGoroutineHeader(_ bytes: UnsafeBufferPointer<UInt8>, at index: Int) -> Bool {
        starts(bytes, at: index, with: "goroutine ") && index + 10 < bytes.count && bytes[index + 10].isASCIIDigit
    }

    /// `panic: `, `fatal error: ` or a goroutine header at column 0.
    static func isGoStart(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        starts(bytes, at: 0, with: "panic: ") || starts(bytes, at: 0, with: "fatal error: ")
            || isGoroutineHeader(bytes, at: 0)
    }

    /// An unindented line of a goroutine dump other than a location line.
    static func isGoBodyLine(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        isGoroutineHeader(bytes, at: 0) || starts(bytes, at: 0, with: "created by ")
            || starts(bytes, at: 0, with: "[signal ") || starts(bytes, at: 0, with: "runtime stack:")
            || starts(bytes, at: 0, with: "...") || goFunction(bytes, from: 0) != nil
    }

    /// The function name of a call line, `main.(*Server).handle(0xc0000a2000, {0x6d7c38, 0x1})`: an identifier
    /// start, no space before the first `(`, and a closing `)` at the end; the name stops at the last `(`.
    static func goFunction(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int) -> Range<Int>? {
        guard start < bytes.count, bytes[start].isASCIILetter || bytes[start] == UInt8(ascii: "_") else { return nil }
        let end = trimmedEnd(bytes, from: start)
        guard end > start + 2, bytes[end - 1] == UInt8(ascii: ")") else { return nil }
        var index = start
        while index < end, bytes[index] != UInt8(ascii: "(") {
            if bytes[index] == 0x20 || bytes[index] == 0x09 { return nil }
            index += 1
        }
        var open = end - 1
        while open > start, bytes[open] != UInt8(ascii: "(") { open -= 1 }
        guard open > start, index < end else { return nil }
        return start..<open
    }

    /// `/app/main.go:42 +0x1d` from `start`.
    static func goFileLine(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int) -> (file: String, line: Int)? {
        var end = trimmedEnd(bytes, from: start)
        if let offset = ByteCursor(bytes, position: start).firstIndex(of: " +0x"), offset < end { end = offset }
        guard let split = trailingNumber(bytes, start..<end), !split.rest.isEmpty,
            bytes[split.rest.lowerBound] != 0x20
        else { return nil }
        return (string(bytes, split.rest), split.number)
    }

    // MARK: `at` frames (JVM, Node, .NET)

    /// The index after `at ` when the line, from `indent`, starts with it.
    static func atBody(_ bytes: UnsafeBufferPointer<UInt8>, at indent: Int) -> Int? {
        starts(bytes, at: indent, with: "at ") ? indent + 3 : nil
    }

    /// One frame after `at `:
    /// `com.x.Foo.bar(Foo.java:42)`, `fn (/app/x.js:10:5)`, `/app/x.js:10:5`, `async Promise.all (index 0)`,
    /// `Ns.Type.Method(Int32 id) in C:\src\File.cs:line 42`. Nil when the text is not frame-shaped.
    static func atFrame(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int) -> StackFrame? {
        var end = trimmedEnd(bytes, from: start)
        guard end > start, bytes[start] != UInt8(ascii: "["), bytes[start] != UInt8(ascii: "(") else { return nil }
        // Node prints ` {` after the last frame of an error that has own properties.
        if end - start > 2, bytes[end - 1] == UInt8(ascii: "{"), bytes[end - 2] == 0x20 {
            end -= 2
            while end > start, bytes[end - 1] == 0x20 { end -= 1 }
        }
        if let frame = dotnetFrame(bytes, start..<end) { return frame }
        // logback / log4j append the jar: `(Foo.java:42) ~[app.jar:1.0]`.
        if bytes[end - 1] == UInt8(ascii: "]") {
            var index = end - 1
            while index > start, bytes[index] != UInt8(ascii: ")") { index -= 1 }
            if index > start, index + 2 < end, bytes[index + 1] == 0x20,
                bytes[index + 2] == UInt8(ascii: "[") || bytes[index + 2] == UInt8(ascii: "~")
            {
                end = index + 1
            }
        }
        guard bytes[end - 1] == UInt8(ascii: ")") else {
            // Node's anonymous frame: a bare `file:line:column`.
            guard let location = jsLocation(bytes, start..<end), location.line != nil, location.hasColumn,
                ByteCursor(bytes, position: start).firstIndex(of: 0x20).map({ $0 >= end }) ?? true
            else { return nil }
            return StackFrame(file: location.file, line: location.line)
        }
        // The `(` that matches the final `)`.
        var depth = 0
        var open = end - 1
        while open >= start {
            if bytes[open] == UInt8(ascii: ")") {
                depth += 1
            } else if bytes[open] == UInt8(ascii: "(") {
                depth -= 1
                if depth == 0 { break }
            }
            open -= 1
        }
        guard open > start else { return nil }
        let inside = (open + 1)..<(end - 1)
        if bytes[open - 1] == 0x20 {
            // Node / V8: `function (location)`.
            var nameStart = start
            if starts(bytes, at: nameStart, with: "async ") { nameStart += 6 }
            let nameEnd = trimmedEnd(UnsafeBufferPointer(rebasing: bytes[..<(open - 1)]), from: nameStart)
            guard nameEnd > nameStart else { return nil }
            let function = string(bytes, nameStart..<nameEnd)
            if let location = jsLocation(bytes, inside), location.line != nil {
                return StackFrame(file: location.file, line: location.line, function: function)
            }
            let text = string(bytes, inside)
            guard text == "<anonymous>" || text == "native" || text.hasPrefix("index ") else { return nil }
            return StackFrame(function: function)
        }
        // JVM (and .NET without a file): `pkg.Class.method(File.java:42)`.
        let name = stripJavaModule(bytes, start..<open)..<open
        guard !name.isEmpty, bytes[name].contains(UInt8(ascii: ".")), !bytes[name].contains(0x20) else { return nil }
        let function = string(bytes, name)
        if inside.isEmpty || starts(bytes, at: inside.lowerBound, with: "Native Method")
            || starts(bytes, at: inside.lowerBound, with: "Unknown Source")
        {
            return StackFrame(function: function)
        }
        if let split = trailingNumber(bytes, inside), !split.rest.isEmpty, !bytes[split.rest].contains(0x20) {
            return StackFrame(file: string(bytes, split.rest), line: split.number, function: function)
        }
        if bytes[inside].contains(0x20) {
            return StackFrame(function: function)  // .NET parameters: `(Int32 id, String name)`
        }
        return bytes[inside].contains(UInt8(ascii: "."))
            ? StackFrame(file: string(bytes, inside), function: function) : nil
    }

    /// Drops `java.base/` and `app//` (module and class loader) before the class name; a lambda's hidden class
    /// (`Foo$$Lambda$12/0x0000000800c0`) keeps its slash.
    private static func stripJavaModule(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> Int {
        var start = range.lowerBound
        for _ in 0..<2 {
            var index = start
            while index < range.upperBound, bytes[index] != UInt8(ascii: "/"), bytes[index] != UInt8(ascii: "$") {
                index += 1
            }
            guard index < range.upperBound, bytes[index] == UInt8(ascii: "/") else { break }
            while index < range.upperBound, bytes[index] == UInt8(ascii: "/") { index += 1 }
            start = index
        }
        return start
    }

    /// `Method(args) in path:line N`.
    private static func dotnetFrame(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> StackFrame? {
        guard let split = trailingNumber(bytes, range, separator: UInt8(ascii: " ")),
            split.rest.count > 5, starts(bytes, at: split.rest.upperBound - 5, with: ":line"),
            let marker = ByteCursor(
                UnsafeBufferPointer(rebasing: bytes[..<split.rest.upperBound]), position: range.lowerBound
            )
            .firstIndex(of: ") in ")
        else { return nil }
        var open = range.lowerBound
        while open < marker, bytes[open] != UInt8(ascii: "(") { open += 1 }
        guard open > range.lowerBound else { return nil }
        return StackFrame(
            file: string(bytes, (marker + 5)..<(split.rest.upperBound - 5)), line: split.number,
            function: string(bytes, range.lowerBound..<open))
    }

    /// `file:line:column` or `file:line`.
    private static func jsLocation(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>)
        -> (file: String, line: Int?, hasColumn: Bool)?
    {
        guard let last = trailingNumber(bytes, range), !last.rest.isEmpty else { return nil }
        if let previous = trailingNumber(bytes, last.rest), !previous.rest.isEmpty {
            return (string(bytes, previous.rest), previous.number, true)
        }
        return (string(bytes, last.rest), last.number, false)
    }

    /// Splits `…:123` at the end of `range` into the text before the separator and the number.
    static func trailingNumber(
        _ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>, separator: UInt8 = UInt8(ascii: ":")
    ) -> (rest: Range<Int>, number: Int)? {
        var index = range.upperBound
        while index > range.lowerBound, bytes[index - 1].isASCIIDigit { index -= 1 }
        let digits = range.upperBound - index
        guard digits > 0, digits <= 9, index > range.lowerBound, bytes[index - 1] == separator else { return nil }
        var number = 0
        for position in index..<range.upperBound { number = number * 10 + Int(bytes[position] &- 0x30) }
        return (range.lowerBound..<(index - 1), number)
    }

    // MARK: Exception lines

    /// Where the exception proper starts after `Exception in thread "main" ` or `Uncaught `.
    static func atHeaderStart(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int) -> Int {
        if starts(bytes, at: start, with: "Exception in thread \"") {
            var cursor = ByteCursor(bytes, position: start + 21)
            if let quote = cursor.firstIndex(of: "\" ") {
                cursor.position = quote + 2
                return cursor.position
            }
        }
        if starts(bytes, at: start, with: "Uncaught ") { return start + 9 }
        return start
    }

    struct HeaderSpan {
        var type: Range<Int>
        /// Where the message starts; nil for a bare type.
        var message: Int?
        var qualified: Bool
        /// The last name ends like an exception class (`…Error`, `…Exception`).
        var exceptionNamed: Bool
        var isStrong: Bool { qualified || exceptionNamed }
    }

    /// `Type: message` or a bare `Type`, from `start`. Types are dotted identifiers (`$` and Python's `<locals>`
    /// allowed), optionally followed by Node's ` [ERR_CODE]` (kept in the type) or .NET's ` (0x80131904)`.
    static func headerSpan(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int) -> HeaderSpan? {
        guard start < bytes.count else { return nil }
        let first = bytes[start]
        guard first.isASCIILetter || first == UInt8(ascii: "_") || first == UInt8(ascii: "$") else { return nil }
        var index = start
        var segment = start
        var qualified = false
        let count = bytes.count
        while index < count {
            let byte = bytes[index]
            if byte.isIdentifierByte || byte == UInt8(ascii: "$") {
                index += 1
            } else if byte == UInt8(ascii: "."), index + 1 < count,
                bytes[index + 1].isIdentifierByte || bytes[index + 1] == UInt8(ascii: "$")
                    || bytes[index + 1] == UInt8(ascii: "<")
            {
                qualified = true
                index += 1
                segment = index
            } else if byte == UInt8(ascii: "<"), index == segment {
                // `<locals>`, `<lambda>`
                var close = index + 1
                while close < count, bytes[close].isIdentifierByte { close += 1 }
                guard close < count, bytes[close] == UInt8(ascii: ">") else { return nil }
                index = close + 1
            } else {
                break
            }
        }
        var typeEnd = index
        let named = endsWithExceptionName(bytes, segment..<index)
        if index + 2 < count, bytes[index] == 0x20, bytes[index + 1] == UInt8(ascii: "[") {
            var close = index + 2
            while close < count,
                bytes[close].isASCIIUpper || bytes[close].isASCIIDigit || bytes[close] == UInt8(ascii: "_")
            {
                close += 1
            }
            if close > index + 2, close < count, bytes[close] == UInt8(ascii: "]") {
                index = close + 1
                typeEnd = index
            }
        }
        if index + 2 < count, bytes[index] == 0x20, bytes[index + 1] == UInt8(ascii: "(") {
            var close = index + 2
            while close < count, bytes[close].isASCIIDigit || bytes[close].isASCIILetter { close += 1 }
            if close > index + 2, close < count, bytes[close] == UInt8(ascii: ")") { index = close + 1 }
        }
        let span = HeaderSpan(type: start..<typeEnd, message: nil, qualified: qualified, exceptionNamed: named)
        if index == count { return span }
        guard bytes[index] == UInt8(ascii: ":") else { return nil }
        index += 1
        if index < count {
            guard bytes[index] == 0x20 || bytes[index] == 0x09 else { return nil }
            index += 1
        }
        var result = span
        result.message = index
        return result
    }

    private static func endsWithExceptionName(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> Bool {
        func ends(_ literal: StaticString) -> Bool {
            let length = literal.utf8CodeUnitCount
            return range.count >= length && starts(bytes, at: range.upperBound - length, with: literal)
        }
        return ends("Error") || ends("Exception") || ends("Throwable") || ends("Interrupt") || ends("Exit")
            || ends("Warning") || ends("Failure") || ends("Fault")
    }

    static func exception(_ bytes: UnsafeBufferPointer<UInt8>, _ span: HeaderSpan, frames: [StackFrame])
        -> ExceptionInfo
    {
        ExceptionInfo(
            type: string(bytes, span.type), message: span.message.map { suffix(bytes, from: $0) } ?? "", frames: frames)
    }
}
