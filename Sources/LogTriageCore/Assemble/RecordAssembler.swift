/// Joins physical lines into records for one stream (one assembler per file: all state is per stream).
///
/// The reader hands it each line either as a parsed header (a format claimed the line) or as an other line
/// (no format did). An other line continues the record in progress when it belongs to it, and otherwise becomes a
/// record of its own (format `plain`, a `print()` line) that inherits the previous record's time.
///
/// An other line continues the record when:
/// - it is indented (frames, source lines, wrapped text, Node `at` lines, .NET `--->` lines);
/// - it is trace grammar the record is in: a Python traceback's unindented exception line and its chain lines
///   (`During handling…`, `The above exception…`), a Go dump's unindented call lines and goroutine headers, a JVM
///   trace's `Caused by:`, Node's closing `}`;
/// - it starts a trace that joins the record: `Traceback (most recent call last):` (a logger's `exc_info`), or a
///   qualified exception line such as `java.lang.IllegalStateException: boom` right after the record, unless the
///   record is an access line (a finished request carries no trace: one after it is a record of its own);
/// - it is one of two or more unindented lines after a warning or error that a format read, in a stream whose
///   lines mostly have a header: the error's details, kept beside its message (one such line alone is a record of
///   its own).
///
/// Blank lines are held: they join only when the trace goes on after them (chained Python tracebacks, goroutines,
/// loguru's spaced-out frames), and are dropped otherwise. `panic:`, `fatal error:`, `goroutine N [`,
/// `Exception in thread "…"` and a `Traceback` that cannot join start a plain record that is itself a trace.
///
/// When a record completes, its trace lines are parsed once by ``StackTraceParser`` into ``LogRecord/exception``
/// and removed from the message; a trace that does not parse stays in the message.
struct RecordAssembler: Sendable {
    /// Continuation kept per record; lines past these are counted into `lineEnd` and a marker, not kept.
    static let maxContinuationLines = 2_000
    static let maxContinuationBytes = 1 << 20

    let file: String
    private var current: Pending?
    private var lastTime: Timestamp?
    private var tentative: Tentative?
    /// Lines a format read, and lines that became records of their own: detail lines are exceptions in a stream
    /// of headers; in a script's output, where most lines have none, every line speaks for itself.
    private var headerLines = 0
    private var plainRecords = 0

    init(file: String) {
        self.file = file
    }

    /// A line whose header a format read; the records it completes are appended to `records`.
    mutating func start(
        _ parsed: consuming ParsedLine, time: Timestamp?, format: String, line: Int, into records: inout [LogRecord]
    ) {
        // A header that said only when and where (`java.util.logging`'s first line) takes the level and the message
        // of the line that continues it.
        if parsed.continuesRecord, current?.takesLevelLine == true {
            current?.record.severity = parsed.severity
            current?.record.message = parsed.message
            current?.record.lineEnd = line
            return
        }
        if parsed.continuesRecord, current != nil {
            joinTentative()  // a `DETAIL:`-style header settles it: the held line is the record's
            // The header's own text (`DETAIL: …`) joins the record; its time and level are the record's.
            let text = Array("  ".utf8) + Array(parsed.message.utf8)  // indented, as a continuation line
            let grammar = current?.grammar ?? .none
            text.withUnsafeBufferPointer { current?.join($0, number: line, Join(grammar: grammar)) }
            return
        }
        finish(into: &records)
        if let time { lastTime = time }
        headerLines += 1
        var pending = Pending(
            record: LogRecord(
                file: file, lineStart: line, lineEnd: line, time: time ?? lastTime, severity: parsed.severity,
                logger: parsed.logger, pid: parsed.pid, thread: parsed.thread, source: parsed.source,
                message: parsed.message, attributes: parsed.attributes, format: format))
        pending.exceptionText = parsed.exceptionText
        pending.exceptionType = parsed.exceptionType
        pending.exceptionMessage = parsed.exceptionMessage
        current = pending
    }

    /// The first line of the record in progress.
    var openLine: Int? { current?.record.lineStart }

    /// A line no format claimed, with the time a capture tool stamped on it; the records it completes are
    /// appended to `records`.
    mutating func other(_ line: UnsafeBufferPointer<UInt8>, number: Int, time: Timestamp? = nil, into records: inout [LogRecord]) {
        let indent = TraceSyntax.indentation(line)
        if current != nil {
            if indent == line.count {
                current?.heldBlanks += 1
                return
            }
            // Decided on the bytes; the line becomes a String only once it is kept.
            if tentative == nil, let join = current?.continuation(line, indent: indent) {
                current?.join(line, number: number, join)
                return
            }
            // Rails prints the exception's line, a blank line, then the backtrace: the held line was the exception's.
            if tentative != nil, let join = current?.continuation(line, indent: indent), join.grammar == .ruby || join.grammar == .elixir {
                joinTentative()
                current?.join(line, number: number, join)
                return
            }
            if current?.takesDetails == true, headerLines > plainRecords, Pending.traceStarted(by: line, indent: indent) == nil {
                var join = Join(grammar: .none)
                if tentative != nil {
                    // A second line: the record's details begin, and the trace grammar may take this one.
                    joinTentative()
                    current?.hasDetails = true
                    join = current?.continuation(line, indent: indent) ?? join
                } else if current?.hasDetails == false {
                    tentative = Tentative(line: Array(line), number: number, blanksBefore: current?.heldBlanks ?? 0)
                    current?.heldBlanks = 0
                    return
                }
                current?.join(line, number: number, join)
                return
            }
        }
        finish(into: &records)
        if let time { lastTime = time }
        if indent < line.count {
            current = Self.plain(line, number: number, time: lastTime, file: file)
            plainRecords += 1
        }
    }

    /// Completes the record in progress (blank lines still held are dropped) and appends it to `records`, with
    /// a held line that turned out to stand alone after it.
    mutating func finish(into records: inout [LogRecord]) {
        // `take()` moves the record out instead of copying every field (this runs once per record).
        guard let pending = current.take() else { return }
        records.append(pending.complete())
        if let held = tentative.take() {
            let alone = held.line.withUnsafeBufferPointer { Self.plain($0, number: held.number, time: lastTime, file: file) }
            records.append(alone.complete())
            plainRecords += 1
        }
    }

    /// A line no format read, as a record of its own (a `print()` line), or the start of a trace.
    private static func plain(_ line: UnsafeBufferPointer<UInt8>, number: Int, time: Timestamp?, file: String) -> Pending {
        var pending = Pending(
            record: LogRecord(
                file: file, lineStart: number, lineEnd: number, time: time,
                message: String(decoding: line, as: UTF8.self), format: "plain"))
        pending.baseIndent = TraceSyntax.indentation(line)
        // ` ⨯ TypeError: …`, ` ⚠ Unsupported …`: the glyph a command-line tool prints for the line's status.
        if let (level, rest) = TextFormatSupport.statusGlyph(pending.record.message.dropFirst(pending.baseIndent)) {
            pending.record.severity = Severity(level)
            pending.record.message = String(rest)
        }
        if let grammar = Pending.traceStarted(by: line, indent: pending.baseIndent) {
            pending.grammar = grammar
            pending.traceStart = 0
        }
        return pending
    }

    /// The held line joins the record in progress, with the blank lines that were before it.
    private mutating func joinTentative() {
        guard let held = tentative.take() else { return }
        let blanks = current?.heldBlanks ?? 0
        current?.heldBlanks = held.blanksBefore
        held.line.withUnsafeBufferPointer { current?.join($0, number: held.number, Join(grammar: .none)) }
        current?.heldBlanks = blanks
    }

    /// An unheadered line after a warning or an error, held until the next line says whether the record's
    /// details begin (another unheadered line follows) or it stands alone (a header follows).
    fileprivate struct Tentative: Sendable {
        var line: [UInt8]
        var number: Int
        var blanksBefore: Int
    }
}

// MARK: - The record in progress

extension RecordAssembler {
    /// The trace grammar a record is in, which decides what unindented and post-blank lines may join.
    fileprivate enum Grammar: Sendable {
        case none
        /// After `Traceback (most recent call last):`, before the exception line.
        case pythonFrames
        /// After a Python exception line (or an exception group).
        case pythonMessage
        /// After `During handling…` / `The above exception…`, before the next traceback.
        case pythonChain
        /// JVM, Node or .NET `at` frames.
        case atFrames
        /// A Go panic or goroutine dump.
        case go
        /// A Rust backtrace's numbered frames.
        case rust
        /// A PHP trace's `#N` frames.
        case php
        /// A Ruby backtrace (`app/x.rb:42:in `show'`, `from …` lines).
        case ruby
        /// An Elixir stacktrace's `(app 1.0) lib/x.ex:42: Mod.fun/1` lines.
        case elixir
    }

    fileprivate struct Join {
        enum Anchor { case line, previous, whole }
        var grammar: Grammar
        /// Where the trace begins when this line starts one.
        var anchor: Anchor?
    }

    fileprivate struct Pending: Sendable {
        var record: LogRecord
        /// Joined lines after the header line, held blank lines that were kept included (as empty strings).
        var continuation: [String] = []
        var storedBytes = 0
        /// Lines joined past the cap.
        var omitted = 0
        var heldBlanks = 0
        /// Unheadered lines after the header joined as the record's details.
        var hasDetails = false
        var grammar = Grammar.none
        /// The line where the trace begins: 0 is the header line's message, k is `continuation[k - 1]`.
        var traceStart: Int?
        var exceptionText: String?
        var exceptionType: String?
        var exceptionMessage: String?
        /// How far a plain record's first line is indented: a line indented no further is read as an unindented one
        /// (a tool that prints every line one space in starts a record with it), one indented further continues.
        var baseIndent = 0

        init(record: LogRecord) { self.record = record }

        /// A header that said only when and where, nothing joined yet: the line that continues it gives its level
        /// and message.
        var takesLevelLine: Bool { record.message.isEmpty && record.severity == nil && continuation.isEmpty }

        /// A warning or error read from a header is often followed by its details on unindented lines of their own
        /// (the error's name, context, an id, then the trace) up to the next header: two or more such lines are
        /// the record's; a single one stands alone (a `print()` between records).
        var takesDetails: Bool {
            guard record.format != "plain", let level = record.level else { return false }
            return level >= .warning
        }

        /// The grammar a plain record's first line opens, if it starts a trace.
        static func traceStarted(by line: UnsafeBufferPointer<UInt8>, indent: Int) -> Grammar? {
            if TraceSyntax.isTracebackHeader(line, at: indent) { return .pythonFrames }
            if TraceSyntax.isGroupHeader(line, at: indent) { return .pythonMessage }
            if indent == 0, TraceSyntax.isGoStart(line) { return .go }
            if TraceSyntax.starts(line, at: indent, with: "Exception in thread \"") { return .atFrames }
            if indent == 0, TraceSyntax.startsRustBacktrace(line, at: 0) { return .rust }
            if TraceSyntax.rubyFrame(line, at: indent) != nil { return .ruby }
            return nil
        }

        // MARK: Deciding

        /// How `line` (not blank) continues this record, or nil when it starts a record of its own.
        func continuation(_ line: UnsafeBufferPointer<UInt8>, indent: Int) -> Join? {
            let canStartTrace = traceStart == nil && exceptionText == nil && omitted == 0
            // A record printed one space in reads as if that space were not there.
            if baseIndent > 0, indent <= baseIndent, heldBlanks == 0 {
                return unindented(UnsafeBufferPointer(rebasing: line[indent...]), canStartTrace: canStartTrace)
            }
            if heldBlanks > 0 { return afterBlank(line, indent: indent, canStartTrace: canStartTrace) }
            if indent > 0 { return indented(line, indent: indent, canStartTrace: canStartTrace) }
            return unindented(line, canStartTrace: canStartTrace)
        }

        private func indented(_ line: UnsafeBufferPointer<UInt8>, indent: Int, canStartTrace: Bool) -> Join {
            switch grammar {
            case .none:
                guard canStartTrace else { return Join(grammar: .none) }
                if TraceSyntax.isTracebackHeader(line, at: indent) {
                    return Join(grammar: .pythonFrames, anchor: .line)
                }
                if TraceSyntax.isGroupHeader(line, at: indent) { return Join(grammar: .pythonMessage, anchor: .line) }
                if TraceSyntax.startsRustBacktrace(line, at: indent) { return Join(grammar: .rust, anchor: .line) }
                if let body = TraceSyntax.atBody(line, at: indent), TraceSyntax.atFrame(line, from: body) != nil {
                    // The exception line is usually the line above; otherwise let the parser look for it.
                    return Join(grammar: .atFrames, anchor: lastLineIsExceptionLine ? .previous : .whole)
                }
                if TraceSyntax.rubyFrame(line, at: indent) != nil { return Join(grammar: .ruby, anchor: .whole) }
                if TraceSyntax.elixirFrame(line, at: indent) != nil { return Join(grammar: .elixir, anchor: .whole) }
                return Join(grammar: .none)
            case .pythonChain:
                if TraceSyntax.isTracebackHeader(line, at: indent) { return Join(grammar: .pythonFrames) }
                if TraceSyntax.isGroupHeader(line, at: indent) { return Join(grammar: .pythonMessage) }
                return Join(grammar: .pythonChain)
            default:
                return Join(grammar: grammar)
            }
        }

        private func unindented(_ line: UnsafeBufferPointer<UInt8>, canStartTrace: Bool) -> Join? {
            switch grammar {
            case .none:
                guard canStartTrace, !isAccessLine else { return nil }
                if TraceSyntax.isTracebackHeader(line, at: 0) { return Join(grammar: .pythonFrames, anchor: .line) }
                if TraceSyntax.startsRustBacktrace(line, at: 0) { return Join(grammar: .rust, anchor: .line) }
                if TraceSyntax.startsPHPTrace(line, at: 0) { return Join(grammar: .php, anchor: .line) }
                if let (_, rest) = TraceSyntax.rubyFrame(line, at: 0) {
                    // `file:line:in `m': message (Type)` is the runtime printing what nothing rescued: its own record
                    return TraceSyntax.rubyUncaught(rest) == nil ? Join(grammar: .ruby, anchor: .whole) : nil
                }
                if TraceSyntax.isChainSeparator(line, at: 0) {
                    // A cause printed without a traceback, then the chain line.
                    return Join(grammar: .pythonChain, anchor: lastLineIsExceptionLine ? .previous : .line)
                }
                if let span = TraceSyntax.headerSpan(line, from: 0), span.qualified, span.exceptionNamed {
                    // logback / log4j / Serilog print the exception on the line after the message.
                    return Join(grammar: .atFrames, anchor: .line)
                }
                return nil
            case .pythonFrames:
                if TraceSyntax.isTracebackHeader(line, at: 0) { return nil }
                if TraceSyntax.starts(line, at: 0, with: "> File \"") { return Join(grammar: .pythonFrames) }
                // The exception line: `ValueError: bad`, `KeyboardInterrupt` (a type first: `END RequestId: …` is not one).
                if TraceSyntax.headerSpan(line, from: 0) != nil { return Join(grammar: .pythonMessage) }
                return nil
            case .pythonMessage:
                if TraceSyntax.isChainSeparator(line, at: 0) { return Join(grammar: .pythonChain) }
                return Self.continuesPythonMessage(line) ? Join(grammar: .pythonMessage) : nil
            case .pythonChain:
                return TraceSyntax.isTracebackHeader(line, at: 0) ? Join(grammar: .pythonFrames) : nil
            case .atFrames:
                if TraceSyntax.starts(line, at: 0, with: "Caused by: ")
                    || TraceSyntax.starts(line, at: 0, with: "Wrapped by: ")
                    || TraceSyntax.starts(line, at: 0, with: "}")
                    || TraceSyntax.starts(line, at: 0, with: "--- End of ")
                {
                    return Join(grammar: .atFrames)
                }
                return nil
            case .go:
                return TraceSyntax.isGoBodyLine(line) ? Join(grammar: .go) : nil
            case .rust:
                // `note: Some details are omitted, run with `RUST_BACKTRACE=full` for a verbose backtrace.`
                return TraceSyntax.starts(line, at: 0, with: "note: ") ? Join(grammar: .rust) : nil
            case .php:
                // frames, Monolog's chained `[previous exception] …` and the `"}` closing its context
                if TraceSyntax.phpFrame(line, at: 0) != nil || TraceSyntax.starts(line, at: 0, with: "[previous exception]")
                    || TraceSyntax.starts(line, at: 0, with: "[stacktrace]") || TraceSyntax.starts(line, at: 0, with: "\"}")
                {
                    return Join(grammar: .php)
                }
                return nil
            case .ruby:
                return TraceSyntax.rubyFrame(line, at: 0) != nil ? Join(grammar: .ruby) : nil
            case .elixir:
                return nil
            }
        }

        /// After held blank lines only the trace going on joins (and brings the blanks with it).
        private func afterBlank(_ line: UnsafeBufferPointer<UInt8>, indent: Int, canStartTrace: Bool) -> Join? {
            switch grammar {
            case .none:
                if canStartTrace, indent == 0, TraceSyntax.isChainSeparator(line, at: 0) {
                    return Join(grammar: .pythonChain, anchor: lastLineIsExceptionLine ? .previous : .line)
                }
                if canStartTrace, let (_, rest) = TraceSyntax.rubyFrame(line, at: indent), TraceSyntax.rubyUncaught(rest) == nil {
                    return Join(grammar: .ruby, anchor: .whole)
                }
                return nil
            case .pythonFrames:
                // loguru's diagnose output spaces frames and the exception line out with blank lines.
                if indent > 0 || TraceSyntax.starts(line, at: 0, with: "> File \"") {
                    return Join(grammar: .pythonFrames)
                }
                if TraceSyntax.isTracebackHeader(line, at: 0) { return nil }
                if line[0].isASCIILetter || line[0] == UInt8(ascii: "_") { return Join(grammar: .pythonMessage) }
                return nil
            case .pythonMessage:
                if indent == 0, TraceSyntax.isChainSeparator(line, at: 0) { return Join(grammar: .pythonChain) }
                // SQLAlchemy puts a blank line before the statement it ran.
                if indent == 0,
                    TraceSyntax.starts(line, at: 0, with: "[SQL: ")
                        || TraceSyntax.starts(line, at: 0, with: "(Background on this error at: ")
                {
                    return Join(grammar: .pythonMessage)
                }
                return nil
            case .pythonChain:
                if TraceSyntax.isTracebackHeader(line, at: indent) { return Join(grammar: .pythonFrames) }
                if TraceSyntax.isGroupHeader(line, at: indent) { return Join(grammar: .pythonMessage) }
                return nil
            case .go:
                if indent == 0,
                    TraceSyntax.isGoroutineHeader(line, at: 0)
                        || TraceSyntax.starts(line, at: 0, with: "runtime stack:")
                {
                    return Join(grammar: .go)
                }
                return nil
            case .ruby:
                return TraceSyntax.rubyFrame(line, at: indent) != nil ? Join(grammar: .ruby) : nil
            case .atFrames, .rust, .php, .elixir:
                return nil
            }
        }

        /// An access line below WARNING reports a request that finished: a trace after it was printed by someone
        /// else (a worker crashing in the same stream) and starts a record of its own.
        private var isAccessLine: Bool {
            if let level = record.level, level >= .warning { return false }
            return record.httpStatus != nil
        }

        /// Unindented lines that still belong to a multi-line Python exception message: pydantic's field names
        /// (`body.email`), SQLAlchemy's `[SQL: …]`, `[parameters: …]`, `(Background on this error at: …)` and
        /// PostgreSQL's `DETAIL:` / `HINT:`.
        private static func continuesPythonMessage(_ line: UnsafeBufferPointer<UInt8>) -> Bool {
            if TraceSyntax.starts(line, at: 0, with: "[SQL: ") || TraceSyntax.starts(line, at: 0, with: "[parameters: ")
                || TraceSyntax.starts(line, at: 0, with: "(Background on this error at: ")
                || TraceSyntax.starts(line, at: 0, with: "DETAIL: ") || TraceSyntax.starts(line, at: 0, with: "HINT: ")
            {
                return true
            }
            guard line.count <= 120, line[0].isIdentifierByte else { return false }
            return !line.contains(0x20) && !line.contains(0x09)
        }

        /// Whether the last kept line reads as an exception line (`TypeError: x`, `java.lang.Error`).
        private var lastLineIsExceptionLine: Bool {
            guard heldBlanks == 0 || grammar == .none else { return false }
            let last = continuation.last ?? record.message
            return TraceSyntax.withBytes(last) { bytes in
                let start = TraceSyntax.atHeaderStart(bytes, from: TraceSyntax.indentation(bytes))
                guard let span = TraceSyntax.headerSpan(bytes, from: start) else { return false }
                return span.message != nil || span.isStrong
            }
        }

        // MARK: Joining

        mutating func join(_ line: UnsafeBufferPointer<UInt8>, number: Int, _ join: Join) {
            if traceStart == nil, let anchor = join.anchor {
                switch anchor {
                case .whole: traceStart = 0
                case .previous: traceStart = continuation.count
                case .line: traceStart = continuation.count + heldBlanks + 1
                }
            }
            for _ in 0..<heldBlanks { store("") }
            heldBlanks = 0
            store(String(decoding: line, as: UTF8.self))
            record.lineEnd = number
            grammar = join.grammar
        }

        private mutating func store(_ text: String) {
            let size = text.utf8.count
            guard omitted == 0, continuation.count < RecordAssembler.maxContinuationLines,
                storedBytes + size <= RecordAssembler.maxContinuationBytes
            else {
                omitted += 1
                return
            }
            continuation.append(text)
            storedBytes += size
        }

        // MARK: Completing

        /// The record, with its trace parsed out of the message.
        consuming func complete() -> LogRecord {
            let embedded = Self.containsNewline(record.message)
            if continuation.isEmpty, traceStart == nil, exceptionText == nil, exceptionType == nil,
                exceptionMessage == nil, omitted == 0, !embedded
            {
                return record  // the common case: one line, nothing to parse
            }
            var record = self.record
            var continuation = self.continuation
            // A tagged logger repeats the record's tag on every line (Rails' `[request-id]`): the message keeps it,
            // the lines below are read without it.
            var untagged = false
            var emptiedTag: String?  // a header that was only the tag gets it back in front of what the lines say
            if let tag = Self.repeatedTag(record.message, continuation) {
                continuation = continuation.map { Self.dropping(tag, from: $0) }
                untagged = true
                if Self.dropping(tag, from: record.message).isEmpty {
                    record.message = ""
                    emptiedTag = tag
                }
            }
            // A message logged with embedded newlines is read line by line like continuation lines.
            let headerLines = embedded ? StackTraceParser.splitLines(record.message) : [record.message]
            var lines = headerLines
            lines.append(contentsOf: continuation)
            var messageEnd = lines.count
            var exception: ExceptionInfo?
            var extra: String?

            // A trace in a field is the record's own; one in the lines comes next; bare type/message fields last.
            if let exceptionText {
                exception = StackTraceParser.parse(
                    fieldText: exceptionText, type: exceptionType, message: exceptionMessage)
                if exception == nil { extra = exceptionText }  // unreadable field text is kept, in the message
            }
            if exception == nil {
                let from: Int? = traceStart.map { $0 == 0 ? 0 : $0 + headerLines.count - 1 } ?? (embedded || untagged ? 0 : nil)
                if let from, from < lines.count, let found = StackTraceParser.locate(lines[from...]) {
                    exception = found.exception
                    messageEnd = found.start
                }
            }
            if exception == nil, exceptionText == nil {
                exception = StackTraceParser.parse(fieldText: nil, type: exceptionType, message: exceptionMessage)
            }
            // A trace that does not name its exception (PHP's frames, a traceback cut before its exception line)
            // takes it from the message: Monolog writes `[object] (TypeError(code: 0): message at /app/x.php:94)`,
            // AWS Lambda `[ERROR] KeyError: 'price'` above the traceback.
            if var found = exception, found.type.isEmpty {
                let named = StackTraceParser.monologException(in: lines[..<messageEnd].joined(separator: "\n"))
                    ?? StackTraceParser.namedException(lines.first ?? "")
                found.type = named?.type ?? "exception"
                found.message = named?.message ?? ""
                exception = found
            }

            var kept = lines[..<messageEnd]
            while let last = kept.last, TraceSyntax.withBytes(last, { TraceSyntax.isBlank($0) }) { kept.removeLast() }
            // Detail lines stay beside the message, so the message is still the one the code wrote.
            if hasDetails, kept.count > headerLines.count {
                let details = kept.dropFirst(headerLines.count).filter { line in
                    !TraceSyntax.withBytes(line, { TraceSyntax.isBlank($0) })
                }
                kept = kept.prefix(headerLines.count)
                if !details.isEmpty { record.attributes.append(Attribute("details", .string(details.joined(separator: "\n")))) }
            }
            // A header that carries no message (ASP.NET Core's `fail: Category[13]`) has it on the lines below.
            if record.message.isEmpty, headerLines.count == 1, kept.count > 1 {
                kept = kept.dropFirst().map { $0.drop { $0 == " " || $0 == "\t" } }.map(String.init)[...]
            }
            var message = kept.joined(separator: "\n")
            if let extra { message += message.isEmpty ? extra : "\n" + extra }
            if message.isEmpty, let exception {
                // The whole record was the trace (a plain `Traceback`, `panic:` line): say what it was.
                message = exception.message.isEmpty ? exception.type : exception.type + ": " + exception.message
            }
            if let emptiedTag { message = message.isEmpty ? emptiedTag : emptiedTag + " " + message }
            if omitted > 0 { message += "\n… [\(omitted) more lines]" }
            record.message = message
            record.exception = exception
            return record
        }

        /// The bracketed tag (`[4f1c-9a]`) the message starts with when every line joined to it starts with it too.
        private static func repeatedTag(_ message: String, _ lines: [String]) -> String? {
            guard message.hasPrefix("["), let close = message.firstIndex(of: "]"),
                message.distance(from: message.startIndex, to: close) <= 64
            else { return nil }
            let tag = String(message[...close])
            var tagged = 0
            for line in lines where !line.isEmpty {
                guard line.hasPrefix(tag) else { return nil }
                tagged += 1
            }
            return tagged > 0 ? tag : nil
        }

        /// `line` without the leading `tag` and the one space after it; a line left blank becomes empty.
        private static func dropping(_ tag: String, from line: String) -> String {
            guard line.hasPrefix(tag) else { return line }
            var rest = line.dropFirst(tag.count)
            if rest.first == " " { rest = rest.dropFirst() }
            return rest.allSatisfy { $0 == " " || $0 == "\t" } ? "" : String(rest)
        }

        private static func containsNewline(_ text: String) -> Bool {
            text.utf8.withContiguousStorageIfAvailable { $0.contains(0x0A) } ?? text.utf8.contains(0x0A)
        }
    }
}
