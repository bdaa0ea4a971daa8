/// The language families the source index reads. Each family shares one lexer configuration: comment syntax,
/// string syntax and how interpolation is written.
enum SourceLanguage: UInt8, Sendable, Hashable {
    case python, javascript, go, java, kotlin, swift, ruby, rust, php

    /// The family of a file name's extension; nil for files the index ignores.
    init?(fileName: Substring) {
        guard let dot = fileName.lastIndex(of: "."), dot != fileName.startIndex else { return nil }
        switch fileName[fileName.index(after: dot)...] {
        case "py": self = .python
        case "js", "jsx", "mjs", "cjs", "ts", "tsx", "mts", "cts": self = .javascript
        case "go": self = .go
        case "java": self = .java
        case "kt", "kts": self = .kotlin
        case "swift": self = .swift
        // Elixir writes comments, strings and `do … end` blocks as Ruby does
        case "rb", "ex", "exs": self = .ruby
        case "rs": self = .rust
        case "php": self = .php
        default: return nil
        }
    }

    /// `#` starts a comment and `//` does not (PHP has both: the lexer reads its `#` itself).
    var hashComments: Bool { self == .python || self == .ruby }

    /// Blocks are closed by braces; Python uses indentation and Ruby `end`.
    var usesBraces: Bool { self != .python && self != .ruby }

    /// A `/` can start a regular-expression literal, whose quotes must not be read as strings.
    var hasRegexLiterals: Bool { self == .javascript || self == .ruby }

    /// `.` joins strings (PHP) rather than reaching a member: `"a" . $x . "b"` is one message.
    var dotConcatenates: Bool { self == .php }
}
