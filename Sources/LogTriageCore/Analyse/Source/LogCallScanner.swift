/// What kind of code produced a message: a logging call is the best evidence, an exception message next
/// (exceptions are logged with their text), then a print, then a message built and kept in a variable.
enum EmitterKind: UInt8, Sendable {
    case log, error, print, message

    var noun: String {
        switch self {
        case .log: "log call"
        case .error: "exception message"
        case .print: "print call"
        case .message: "message literal"
        }
    }
}

/// A place in a file that can emit a message, with the message's text: its literal parts, and a hole
/// (byte 0) for every value.
struct FoundStatement {
    var line: Int32
    var endLine: Int32
    var kind: EmitterKind
    var text: [UInt8]
}

/// Finds the statements that emit messages: logging calls (`logger.error(…)`, `console.warn(…)`,
/// `log.Printf(…)`, `slog.Error(…)`, zerolog's `.Msg(…)`, `Rails.logger.warn "…"`, Rust's `error!(…)`, PHP's
/// `Log::error(…)` and `$this->logger->warning(…)`), exceptions raised with a message (and Rust's `panic!`,
/// `.expect("…")`, `#[error("…")]`), prints, and messages assigned to a `msg`/`message` variable. The message
/// is the call's first string argument (after a keyword label such as `detail=`), with concatenation
/// (PHP's `.` too) and implicit concatenation joined; `"…" % args`, `"…".format(args)` and
/// `String.format("…", args)` keep only the format string.
struct LogCallScanner {
    let stream: TokenStream
    let decoder: LiteralDecoder
    /// String tokens already part of a statement: `logger.error(String.format("…"))` is one statement.
    private var consumed: [Bool]
    private(set) var found: [FoundStatement] = []

    static func statements(in stream: TokenStream) -> [FoundStatement] {
        var scanner = LogCallScanner(stream: stream)
        scanner.run()
        return scanner.found
    }

    private init(stream: TokenStream) {
        self.stream = stream
        self.decoder = LiteralDecoder(stream: stream)
        self.consumed = [Bool](repeating: false, count: stream.count)
    }

    // MARK: - Name tables

    /// Logging method names, each with whether any receiver will do (`Errorf`, zerolog's `Msg`); otherwise the
    /// receiver chain must name a logger.
    private static let methods: [NameKey: Bool] = {
        var table: [NameKey: Bool] = [:]
        let names = [
            "debug", "trace", "verbose", "fine", "finer", "finest", "info", "notice", "success", "warn", "warning",
            "error", "exception", "err", "critical", "fatal", "crit", "alert", "emerg", "emergency", "panic", "severe", "log",
            "print",
        ]
        for name in names {
            table[NameKey(name)] = false
            let capital = name.prefix(1).uppercased() + name.dropFirst()
            table[NameKey(capital)] = false
            // Go's printf and structured variants: `Errorf`, `Infow`, `Println`; any receiver (zap's sugar, `t`)
            for suffix in ["f", "w", "ln"] where name.count > 3 || name == "log" {
                table[NameKey(capital + suffix)] = suffix != "ln"
            }
        }
        // Monolog's API before PSR-3: `$log->addError(…)`
        for name in ["Debug", "Info", "Notice", "Warning", "Error", "Critical", "Alert", "Emergency"] {
            table[NameKey("add" + name)] = false
        }
        table[NameKey("DPanic")] = false
        table[NameKey("Msg")] = true
        table[NameKey("Msgf")] = true
        return table
    }()

    private static let goFmt: [NameKey: EmitterKind] = [
        NameKey("Printf"): .print, NameKey("Println"): .print, NameKey("Print"): .print, NameKey("Fprintf"): .print,
        NameKey("Fprintln"): .print, NameKey("Fprint"): .print, NameKey("Errorf"): .error, NameKey("Sprintf"): .message,
        NameKey("Sprint"): .message, NameKey("Sprintln"): .message,
    ]

    private static let goErrors: Set<NameKey> = [
        NameKey("New"), NameKey("Errorf"), NameKey("Wrap"), NameKey("Wrapf"), NameKey("WithMessage"),
        NameKey("WithMessagef"),
    ]

    private static let bare: [NameKey: EmitterKind] = [
        NameKey("print"): .print, NameKey("println"): .print, NameKey("puts"): .print, NameKey("debugPrint"): .print,
        NameKey("NSLog"): .log, NameKey("os_log"): .log, NameKey("fatalError"): .error,
        NameKey("preconditionFailure"): .error, NameKey("assertionFailure"): .error, NameKey("panic"): .error,
        NameKey("sprintf"): .message, NameKey("Sprintf"): .message, NameKey("error_log"): .log,
        NameKey("trigger_error"): .error, NameKey("user_error"): .error,
    ]

    /// Rust macros that emit a message (`error!(…)`), with how many arguments come before it
    /// (`assert!(cond, "…")`, `assert_eq!(a, b, "…")`).
    private static let rustMacros: [NameKey: (kind: EmitterKind, skip: Int)] = [
        NameKey("error"): (.log, 0), NameKey("warn"): (.log, 0), NameKey("info"): (.log, 0), NameKey("debug"): (.log, 0),
        NameKey("trace"): (.log, 0), NameKey("event"): (.log, 0), NameKey("panic"): (.error, 0),
        NameKey("unreachable"): (.error, 0), NameKey("todo"): (.error, 0), NameKey("unimplemented"): (.error, 0),
        NameKey("anyhow"): (.error, 0), NameKey("bail"): (.error, 0),
        NameKey("ensure"): (.error, 1), NameKey("assert"): (.error, 1), NameKey("debug_assert"): (.error, 1),
        NameKey("assert_eq"): (.error, 2), NameKey("assert_ne"): (.error, 2), NameKey("debug_assert_eq"): (.error, 2),
        NameKey("debug_assert_ne"): (.error, 2), NameKey("println"): (.print, 0), NameKey("eprintln"): (.print, 0),
        NameKey("print"): (.print, 0), NameKey("eprint"): (.print, 0), NameKey("format"): (.message, 0),
        NameKey("format_args"): (.message, 0), NameKey("write"): (.message, 0), NameKey("writeln"): (.message, 0),
    ]

    /// Functions that format a message for someone else: an argument built by them is the message.
    private static let formatters: Set<NameKey> = [
        NameKey("format"), NameKey("Sprintf"), NameKey("sprintf"), NameKey("String"), NameKey("formatted"),
        NameKey("gettext"), NameKey("_"), NameKey("format_args"), NameKey("__"), NameKey("trans"),
    ]

    private static let levelWords: Set<String> = [
        "error", "warn", "warning", "info", "debug", "trace", "fatal", "critical", "verbose", "silly", "http",
    ]

    // MARK: - Scanning

    private mutating func run() {
        let tokens = stream.tokens
        var i = 0
        while i < tokens.count {
            let token = tokens[i]
            if token.kind == .identifier {
                scanIdentifier(i)
            } else if token.kind == .string, !consumed[i] {
                // `"…".format(x)` or `"…" % x` on its own: a message built here and used elsewhere
                let formatted =
                    (stream.isPunct(i + 1, 0x2E) && !stream.language.dotConcatenates
                        && (stream.isIdentifier(i + 2, "format") || stream.isIdentifier(i + 2, "formatted")))
                    || (stream.isPunct(i + 1, 0x25) && (stream.language == .python || stream.language == .ruby))
                if formatted { record(i, i + 1, line: token.line, endLine: token.endLine, kind: .message) }
            }
            i += 1
        }
    }

    private mutating func scanIdentifier(_ i: Int) {
        let tokens = stream.tokens
        let token = tokens[i]
        let language = stream.language
        // a declaration of a function named like a level (`def error(self, msg)`) emits nothing itself
        switch stream.keyword(i - 1) {
        case .def, .func, .fun, .function, .fn: return
        default: break
        }
        if language == .rust, stream.isPunct(i + 1, 0x21), isOpener(i + 2) {
            rustMacro(i)
            return
        }
        if language == .ruby, token.keyword == .raise || token.keyword == .fail {
            if let (open, close) = arguments(after: i), let (a, e) = messageArgument(open, close) {
                let last = stream.isPunct(close, 0x29) ? close : close - 1
                record(a, e, line: token.line, endLine: endLine(last), kind: .error)
            }
            return
        }
        guard token.keyword == .none || token.keyword == .initializer else { return }
        let hasReceiver = stream.isMemberAccess(i - 1)
        // names longer than 16 bytes have no key: they are in no table, but may name an exception class
        let key = stream.key(i) ?? NameKey("")

        // `msg = f"…"`, `message := fmt.Sprintf(…)`
        if !hasReceiver || stream.keyword(i - 2) == .selfKeyword || stream.keyword(i - 2) == .this,
            stream.isPunct(i + 1, 0x3D) || stream.isPunct(i + 1, 0x3A, 0x3D), isMessageName(i)
        {
            let end = statementEnd(from: i + 2)
            if let (a, e) = expression(i + 2, end) {
                record(a, e, line: token.line, endLine: endLine(e - 1), kind: .message)
            }
            return
        }

        guard let (open, close) = arguments(after: i) else { return }
        let chain = receiverChain(before: i)
        let start = chain.first ?? i
        let line = tokens[start].line
        var kind: EmitterKind?
        var skipLevelWord = false

        if hasReceiver {
            let root = chain.first.map { stream.text($0) }
            if language == .go, root == "fmt", chain.count == 1 {
                kind = Self.goFmt[key]
            } else if language == .rust,
                stream.isIdentifier(i, "expect") || stream.isIdentifier(i, "context") || stream.isIdentifier(i, "ok_or")
            {
                kind = .error  // the message of the error or panic it makes
            } else if language == .rust || language == .php, stream.isPunct(i - 1, 0x3A, 0x3A), let receiver = chain.last,
                isErrorClassName(receiver)
            {
                kind = .error  // `ApiError::NotFound("…")`, `PaymentException::forOrder("…")`
            } else if language == .go, root == "errors" || root == "xerrors" || root == "pkgerrors", Self.goErrors.contains(key) {
                kind = .error
            } else if let anyReceiver = Self.methods[key],
                anyReceiver || chain.contains(where: isLoggerName) || (root == "warnings" && stream.isIdentifier(i, "warn"))
            {
                kind = .log
                skipLevelWord = stream.isIdentifier(i, "log")
            } else if stream.isIdentifier(i, "new"), let receiver = chain.last, isErrorClassName(receiver) {
                kind = .error
            } else if Self.formatters.contains(key), let root = chain.first, stream.isIdentifier(root, "String") {
                kind = .message
            } else if isErrorClassName(i) || isRaised(start) {
                kind = .error
            } else if isSentence(open + 1) {
                // `.map_err_msg("Error saving the order")`, `.context("Failed to open the store")`: a sentence handed to
                // a method is a message someone will read
                kind = .message
            }
        } else if language == .rust, stream.isPunct(i - 1, 0x5B), stream.isPunct(i - 2, 0x23),
            stream.isIdentifier(i, "error")
        {
            kind = .error  // thiserror's `#[error("…")]` is the error's message
        } else if language == .rust, stream.isIdentifier(i, "Err") {
            kind = .error
        } else if language == .php, stream.isIdentifier(i, "abort") {
            kind = .error
        } else if let bareKind = Self.bare[key], !(language == .python && stream.isIdentifier(i, "sprintf")) {
            kind = bareKind
        } else if language == .kotlin, stream.isIdentifier(i, "error") || stream.isIdentifier(i, "TODO") {
            kind = .error
        } else if language == .ruby, stream.isIdentifier(i, "warn") || stream.isIdentifier(i, "abort") {
            kind = .log
        } else if isErrorClassName(i) || isRaised(i) {
            kind = .error
        } else if isLogHelperName(i) {
            kind = .log
        }
        guard let kind else { return }
        guard let (a, e) = messageArgument(open, close, skipLevelWord: skipLevelWord) else { return }
        // without brackets `close` is the first token after the arguments
        let last = stream.isPunct(close, 0x29) || stream.isPunct(close, 0x7D) ? close : close - 1
        record(a, e, line: line, endLine: endLine(last), kind: kind)
    }

    private func endLine(_ index: Int) -> Int32 {
        stream.tokens[max(0, min(index, stream.count - 1))].endLine
    }

    /// Appends the statement whose message is the expression `a..<e`, unless its text is already taken or
    /// holds no words.
    private mutating func record(_ a: Int, _ e: Int, line: Int32, endLine: Int32, kind: EmitterKind) {
        guard let (text, strings) = message(a, e) else { return }
        record(text, strings, line: line, endLine: endLine, kind: kind)
    }

    /// Appends the statement whose message is the expressions `parts` joined, a hole between each two.
    private mutating func record(_ parts: [(Int, Int)], line: Int32, endLine: Int32, kind: EmitterKind) {
        var text: [UInt8] = []
        var strings: [Int] = []
        for (a, e) in parts {
            guard let (partText, partStrings) = message(a, e) else { continue }
            if !text.isEmpty, text.last != LiteralDecoder.hole { text.append(LiteralDecoder.hole) }
            text += partText
            strings += partStrings
        }
        record(text, strings, line: line, endLine: endLine, kind: kind)
    }

    private mutating func record(_ text: [UInt8], _ strings: [Int], line: Int32, endLine: Int32, kind: EmitterKind) {
        guard let first = strings.first, !consumed[first] else { return }
        for s in strings { consumed[s] = true }
        var letters = 0
        for b in text where (b | 0x20) >= 0x61 && (b | 0x20) <= 0x7A || b >= 0x80 { letters += 1 }
        guard letters >= 3 else { return }
        found.append(FoundStatement(line: line, endLine: max(line, endLine), kind: kind, text: text))
    }

    // MARK: - Names

    private func isLoggerName(_ i: Int) -> Bool {
        stream.mentionsLog(i) || stream.isIdentifier(i, "console") || stream.isIdentifier(i, "zap")
            || stream.isIdentifier(i, "sugar") || stream.isIdentifier(i, "Timber") || isLoggerLookup(i)
    }

    /// A logger fetched by its name from a container: `app('log')`, `get("logger")`.
    private func isLoggerLookup(_ i: Int) -> Bool {
        guard stream.isPunct(i + 1, 0x28), stream.isString(i + 2), stream.isPunct(i + 3, 0x29) else { return false }
        return stream.plainString(i + 2)?.lowercased().contains("log") == true
    }

    /// `ValueError`, `IllegalStateException`, `PaymentFailure`: a type whose instances carry a message.
    private func isErrorClassName(_ i: Int) -> Bool {
        guard stream.isIdentifier(i) else { return false }
        let token = stream.tokens[i]
        let first = stream.bytes[Int(token.start)]
        guard first >= 0x41, first <= 0x5A else { return false }
        let text = stream.text(i)
        return text.hasSuffix("Error") || text.hasSuffix("Exception") || text.hasSuffix("Failure")
            || text.hasSuffix("Fault")
    }

    /// The call starting at `start` follows `raise`, `throw` or `throw new`.
    private func isRaised(_ start: Int) -> Bool {
        var k = start - 1
        if stream.keyword(k) == .new { k -= 1 }
        return stream.keyword(k) == .raise || stream.keyword(k) == .throw
    }

    /// A string literal reading as a sentence: three words or more, starting with a letter, its first word not
    /// all capitals (`SELECT id FROM …` is a query, not a message).
    private func isSentence(_ i: Int) -> Bool {
        guard stream.isString(i), let text = stream.plainString(i), let first = text.unicodeScalars.first,
            first.properties.isAlphabetic
        else { return false }
        let words = text.split(separator: " ")
        guard words.count >= 3, let head = words.first else { return false }
        return head.count == 1 || head.contains { $0.isLowercase }
    }

    /// `msg`, `message`, `error_message`, `errMsg`: variables that hold a message about to be logged.
    private func isMessageName(_ i: Int) -> Bool {
        let text = stream.text(i).lowercased()
        return text.contains("msg") || text.contains("message")
    }

    /// A helper named for logging: `log`, `log_error`, `logWarning` (not `login`, `logout`, `logo`).
    private func isLogHelperName(_ i: Int) -> Bool {
        let token = stream.tokens[i]
        let start = Int(token.start)
        guard token.length >= 3, stream.bytes[start] | 0x20 == 0x6C, stream.bytes[start + 1] == 0x6F,
            stream.bytes[start + 2] == 0x67
        else { return false }
        guard token.length > 3 else { return true }
        let next = stream.bytes[start + 3]
        return next == 0x5F || (next >= 0x41 && next <= 0x5A)
    }

    /// The identifiers of the receiver chain before the call name at `i`, outermost first:
    /// `self.logger.error` → [self, logger]; `log.Error().Err(err).Msg` → [log, Error, Err].
    private func receiverChain(before i: Int) -> [Int] {
        var chain: [Int] = []
        var k = i - 1
        var steps = 0
        while steps < 12, stream.isMemberAccess(k) || stream.isPunct(k, 0x3A, 0x3A) {
            k -= 1
            if stream.isPunct(k, 0x29), stream.partner[k] >= 0 {
                k = Int(stream.partner[k]) - 1
            }
            guard stream.isIdentifier(k) else { break }
            chain.append(k)
            k -= 1
            steps += 1
        }
        return chain.reversed()
    }

    // MARK: - Rust macros

    private func isOpener(_ k: Int) -> Bool {
        stream.isPunct(k, 0x28) || stream.isPunct(k, 0x5B) || stream.isPunct(k, 0x7B)
    }

    /// `error!(…)`, `log::warn!(target: "…", "…")`, `panic!(…)`, `assert!(cond, "…")`, `println!(…)`, and user
    /// macros named like a level (`critical!`, `log_failure!`) or an error (`err!`, `err_json!`).
    private mutating func rustMacro(_ i: Int) {
        guard let key = stream.key(i) else { return }
        var kind: EmitterKind
        var skip = 0
        let known = Self.rustMacros[key]
        let name = stream.text(i)
        if let known {
            (kind, skip) = known
        } else if name == "err" || name.hasPrefix("err_") || name.hasPrefix("error_") {
            kind = .error
        } else if Self.methods[key] != nil || isLogHelperName(i) {
            kind = .log
        } else {
            return
        }
        let open = i + 2
        let close = stream.after(open) - 1
        // A project's own macro may print all the texts it is given (`err!("Denied", format!("user {}", id))`);
        // after a known macro's format string come its values.
        let parts = macroMessage(open, close, skipping: skip, all: known == nil)
        guard !parts.isEmpty else { return }
        let start = receiverChain(before: i).first ?? i
        record(parts, line: stream.tokens[start].line, endLine: endLine(close), kind: kind)
    }

    /// The message of a macro call: its first argument that is a string (or a `format!`) after `skip` others,
    /// or with `all` every such argument. Named arguments are not it: `target: "…"`, tracing's fields
    /// `user = %id, "…"`.
    private func macroMessage(_ open: Int, _ close: Int, skipping skip: Int, all: Bool) -> [(Int, Int)] {
        var parts: [(Int, Int)] = []
        var k = open + 1
        var n = 0
        while k < close {
            var e = k
            while e < close, !stream.isPunct(e, 0x2C) { e = isOpener(e) ? stream.after(e) : e + 1 }
            e = min(e, close)
            defer { k = e + 1 }
            n += 1
            if n <= skip { continue }
            if stream.isIdentifier(k), stream.isPunct(k + 1, 0x3A) || stream.isPunct(k + 1, 0x3D) { continue }
            if stream.isString(k) {
                parts.append((k, e))
            } else if let inner = formatterCall(k, e) {
                parts.append(inner)
            }
            if !all, !parts.isEmpty { break }
        }
        return parts
    }

    // MARK: - Arguments

    /// The bracket range of the call's arguments: `(…)`, a trailing block `{ "…" }` (Kotlin, Ruby, Swift), or
    /// (Ruby) arguments without parentheses up to the end of the statement, as (open, close) with the
    /// arguments strictly between.
    private func arguments(after i: Int) -> (Int, Int)? {
        let language = stream.language
        if stream.isPunct(i + 1, 0x28) {
            let close = stream.after(i + 1) - 1
            // a trailing lambda holding the message: `logger.info() { "…" }` is rare; `(…)` decides
            return (i + 1, close)
        }
        if language == .kotlin || language == .ruby || language == .swift, stream.isPunct(i + 1, 0x7B), stream.isString(i + 2) {
            return (i + 1, stream.after(i + 1) - 1)
        }
        if language == .ruby, i + 1 < stream.count, !stream.tokens[i + 1].firstOnLine,
            stream.isString(i + 1) || stream.isIdentifier(i + 1) || stream.isPunct(i + 1, 0x3A, 0x3A)
        {
            return (i, statementEnd(from: i + 1))
        }
        return nil
    }

    /// The end (exclusive) of the statement that continues at `start`: a `;`, a new line outside brackets,
    /// a closing bracket, or a Ruby modifier (`… if cond`).
    private func statementEnd(from start: Int) -> Int {
        var k = start
        while k < stream.count {
            let token = stream.tokens[k]
            if k > start, token.firstOnLine {
                let previous = stream.tokens[k - 1]
                let continues = previous.kind == .punctuation
                    && (previous.isPunct(0x2C) || previous.isPunct(0x2B) || previous.isPunct(0x3D) || previous.isPunct(0x2E))
                if !continues && !token.isPunct(0x2E) && !token.isPunct(0x2B) { return k }
            }
            if token.kind == .punctuation {
                switch token.op {
                case 0x28, 0x5B, 0x7B:
                    k = stream.after(k)
                    continue
                case 0x29, 0x5D, 0x7D, 0x3B:
                    return k
                default: break
                }
            }
            if k > start, stream.language == .ruby {
                switch token.keyword {
                case .if, .unless, .while, .until, .do, .end, .then, .rescue: return k
                default: break
                }
            }
            k += 1
        }
        return stream.count
    }

    /// The first argument in `open..<close` that is a message: a string expression, maybe behind a keyword
    /// label (`detail=`, `message:`), in parentheses, or built by a formatter (`String.format("…", x)`).
    /// `nesting` counts the formatter calls around it; past ``SourceLexer/maxNesting`` the search stops, so
    /// generated code cannot exhaust the stack.
    private func messageArgument(_ open: Int, _ close: Int, skipLevelWord: Bool = false, nesting: Int = 0) -> (Int, Int)? {
        guard nesting <= SourceLexer.maxNesting else { return nil }
        var k = open + 1
        var skippedLevel = false
        while k < close {
            var e = k
            while e < close, !stream.isPunct(e, 0x2C) {
                e = stream.isPunct(e, 0x28) || stream.isPunct(e, 0x5B) || stream.isPunct(e, 0x7B) ? stream.after(e) : e + 1
            }
            e = min(e, close)
            var a = k
            if stream.isIdentifier(a), stream.isPunct(a + 1, 0x3D) || stream.isPunct(a + 1, 0x3A), a + 2 < e {
                a += 2
            }
            if stream.isString(a) {
                if skipLevelWord, !skippedLevel, a + 1 == e, let word = stream.plainString(a), Self.levelWords.contains(word.lowercased()) {
                    skippedLevel = true
                } else {
                    return (a, e)
                }
            } else if stream.isPunct(a, 0x28), stream.isString(a + 1) {
                return (a + 1, min(e, stream.after(a) - 1))
            } else if let inner = formatterCall(a, e, nesting: nesting) {
                return inner
            }
            k = e + 1
        }
        return nil
    }

    /// `String.format("…", x)`, `fmt.Sprintf("…")`, `String(format: "…")`, `_("…")` as an argument: its own
    /// message argument.
    private func formatterCall(_ a: Int, _ e: Int, nesting: Int = 0) -> (Int, Int)? {
        var k = a
        while stream.isIdentifier(k), stream.isMemberAccess(k + 1), k + 2 < e { k += 2 }
        guard stream.isIdentifier(k), let key = stream.key(k), Self.formatters.contains(key) else { return nil }
        var open = k + 1
        if stream.language == .rust, stream.isPunct(open, 0x21) { open += 1 }  // format!(…)
        guard stream.isPunct(open, 0x28) else { return nil }
        let close = stream.after(open) - 1
        return messageArgument(open, close, nesting: nesting + 1)
    }

    /// `a..<e` when it begins as a message expression (a string, or a parenthesised one).
    private func expression(_ a: Int, _ e: Int) -> (Int, Int)? {
        if stream.isString(a) { return (a, e) }
        if stream.isPunct(a, 0x28), stream.isString(a + 1) { return (a + 1, min(e, stream.after(a) - 1)) }
        return formatterCall(a, e)
    }

    /// The text of the expression `a..<e`: literals joined, every other operand a hole. Format arguments
    /// after `%` or `.format(` are not part of it.
    private func message(_ a: Int, _ e: Int) -> ([UInt8], [Int])? {
        var text: [UInt8] = []
        var strings: [Int] = []
        func hole() { if text.last != LiteralDecoder.hole { text.append(LiteralDecoder.hole) } }
        var k = a
        let python = stream.language == .python || stream.language == .ruby
        scan: while k < e, k < stream.count, text.count < 4000 {
            let token = stream.tokens[k]
            switch token.kind {
            case .string:
                decoder.append(k, to: &text, formatVerbs: true)
                strings.append(k)
                k += 1
            case .punctuation:
                switch token.op {
                case 0x2B:  // +
                    k += 1
                case 0x2E where stream.language.dotConcatenates:
                    k += 1
                case 0x25 where python && stream.isString(k - 1):
                    break scan
                case 0x2E where stream.isString(k - 1):
                    break scan  // `"…".format(x)`
                case 0x2C, 0x3B:
                    break scan
                case 0x28, 0x5B, 0x7B:
                    hole()
                    k = stream.after(k)
                default:
                    hole()
                    k += 1
                }
            default:
                hole()
                k += 1
            }
        }
        return strings.isEmpty ? nil : (text, strings)
    }
}
