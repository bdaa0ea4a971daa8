/// One token of a source file, as offsets into its bytes: the scanners after the lexer read identifiers and
/// literals from the bytes only where they need them, so most tokens never become `String`s.
struct SourceToken {
    enum Kind: UInt8 {
        case identifier, string, number, punctuation
        /// A regular-expression literal (JS, Ruby): a value, never a message.
        case regex
    }

    var start: Int32
    var end: Int32
    var line: Int32
    /// The line of the token's last byte (strings can span lines).
    var endLine: Int32
    /// Bytes from the start of its line to the token.
    var column: Int32
    var kind: Kind
    var keyword: SourceKeyword = .none
    /// No token precedes it on its line (a backslash continuation does not start a line).
    var firstOnLine = false
    /// Punctuation: the first byte, and the second for two-byte operators (`=>`, `??`, `==`, `::`…).
    var op: UInt16 = 0
    var style = StringStyle()

    @inline(__always) var length: Int { Int(end - start) }

    @inline(__always) func isPunct(_ byte: UInt8) -> Bool { kind == .punctuation && op == UInt16(byte) }

    @inline(__always) func isPunct(_ first: UInt8, _ second: UInt8) -> Bool {
        kind == .punctuation && op == UInt16(first) | UInt16(second) << 8
    }
}

/// How a string literal's content is delimited and what can interrupt it.
struct StringStyle {
    enum Interpolation: UInt8 {
        case none
        /// Python f-strings: `{expr}`, `{{` for a brace.
        case pythonF
        /// JS template literals: `${expr}`.
        case template
        /// Kotlin: `$name` and `${expr}`.
        case kotlin
        /// Swift: `\(expr)` (`\#(expr)` in raw strings).
        case swift
        /// Ruby double quotes: `#{expr}`.
        case ruby
        /// PHP double quotes and heredocs: `$name`, `$name->field`, `$name[key]`, `{$expr}`, `${expr}`.
        case php
    }

    /// Bytes before the content (prefix letters, `#`s, quotes) and after it.
    var open: UInt8 = 0
    var close: UInt8 = 0
    /// Backslashes are literal (Python `r`, Go backquotes, Swift `#"…"#`, Rust `r"…"`, PHP nowdocs).
    var raw = false
    /// PHP single quotes: a backslash escapes only a quote or a backslash.
    var quoteEscapesOnly = false
    var interpolation = Interpolation.none
    /// Swift raw strings: interpolation is `\#(`, with this many `#`.
    var hashes: UInt8 = 0
}

/// The keywords the scanners act on; every other identifier is `.none`.
enum SourceKeyword: UInt8 {
    case none
    // declarations
    case def, `class`, `struct`, interface, `enum`, record, object, `extension`, `protocol`, actor, trait, module
    case function, `func`, fun, initializer, deinitializer, type, companion
    /// Rust only: elsewhere `fn` and `impl` are ordinary names.
    case fn, impl
    // blocks and control flow
    case end, `if`, unless, `while`, until, `case`, `for`, begin, `do`, `switch`, `catch`, synchronized, `try`, `else`
    case elif, when, `guard`, `repeat`, with, except, then, elsif, `defer`, go, select, rescue, ensure
    // expressions
    case `return`, raise, fail, `throw`, new, typeof, `in`, of, not, and, or, await, yield, delete, void, lambda
    case `throws`, async, `import`, from, selfKeyword, this, `super`, `let`, `var`, val, const, `static`
}

extension SourceKeyword {
    /// Keywords that cannot name a function or method (`if (…) {` is not a declaration).
    var isControl: Bool {
        switch self {
        case .if, .unless, .while, .until, .case, .for, .do, .switch, .catch, .synchronized, .try, .else, .elif,
            .when, .guard, .repeat, .with, .except, .elsif, .return, .raise, .throw, .new, .typeof, .in, .of, .not,
            .and, .or, .await, .yield, .delete, .void, .lambda, .function, .func, .fun, .def, .import, .from, .super,
            .select, .go, .defer, .fn:
            true
        default: false
        }
    }

    /// Keywords after which a `/` starts a regular expression rather than a division.
    var precedesExpression: Bool {
        switch self {
        case .return, .typeof, .case, .do, .else, .in, .of, .new, .delete, .void, .throw, .yield, .await, .if,
            .unless, .while, .until, .when, .and, .or, .not, .then, .elsif:
            true
        default: false
        }
    }

    private static let table: [NameKey: SourceKeyword] = {
        let words: [(String, SourceKeyword)] = [
            ("def", .def), ("class", .class), ("struct", .struct), ("interface", .interface), ("enum", .enum),
            ("record", .record), ("object", .object), ("extension", .extension), ("protocol", .protocol),
            ("actor", .actor), ("trait", .trait), ("module", .module), ("function", .function), ("func", .func),
            ("fun", .fun), ("init", .initializer), ("deinit", .deinitializer), ("type", .type), ("companion", .companion),
            ("end", .end), ("if", .if), ("unless", .unless), ("while", .while), ("until", .until), ("case", .case),
            ("for", .for), ("begin", .begin), ("do", .do), ("switch", .switch), ("catch", .catch),
            ("synchronized", .synchronized), ("try", .try), ("else", .else), ("elif", .elif), ("when", .when),
            ("guard", .guard), ("repeat", .repeat), ("with", .with), ("except", .except), ("then", .then),
            ("elsif", .elsif), ("rescue", .rescue), ("ensure", .ensure), ("defer", .defer), ("go", .go), ("select", .select), ("return", .return),
            ("raise", .raise), ("fail", .fail), ("throw", .throw), ("new", .new), ("typeof", .typeof), ("in", .in),
            ("of", .of), ("not", .not), ("and", .and), ("or", .or), ("await", .await), ("yield", .yield),
            ("delete", .delete), ("void", .void), ("lambda", .lambda), ("throws", .throws), ("async", .async),
            ("import", .import), ("from", .from), ("self", .selfKeyword), ("this", .this), ("super", .super),
            ("let", .let), ("var", .var), ("val", .val), ("const", .const), ("static", .static),
            ("fn", .fn), ("impl", .impl),
        ]
        return Dictionary(uniqueKeysWithValues: words.map { (NameKey($0.0), $0.1) })
    }()

    static func lookup(_ bytes: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int, language: SourceLanguage) -> SourceKeyword {
        // Keywords are 2…12 lowercase letters: most identifiers fail this before any hashing.
        guard end - start >= 2, end - start <= 12, bytes[start] >= 0x61, bytes[start] <= 0x7A,
            let key = NameKey(bytes, start, end), let keyword = table[key]
        else { return .none }
        if keyword == .fn || keyword == .impl { return language == .rust ? keyword : .none }
        return keyword
    }
}

/// An identifier of up to 16 bytes packed into two words: a cheap dictionary key for the name tables the
/// scanners consult on every call, without making a `String` per identifier.
struct NameKey: Hashable {
    var low: UInt64 = 0
    var high: UInt64 = 0

    init?(_ bytes: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) {
        guard end - start <= 16, end > start else { return nil }
        for i in start..<end {
            let shift = UInt64((i - start) & 7) * 8
            if i - start < 8 { low |= UInt64(bytes[i]) << shift } else { high |= UInt64(bytes[i]) << shift }
        }
    }

    init(_ name: String) {
        let bytes = Array(name.utf8.prefix(16))
        self = bytes.withUnsafeBufferPointer { NameKey($0, 0, $0.count) } ?? NameKey()
    }

    private init() {}
}
