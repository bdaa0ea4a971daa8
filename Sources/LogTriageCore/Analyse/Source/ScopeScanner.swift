/// A function or method and the lines it spans.
struct FunctionSpan: Sendable, Hashable {
    /// Qualified with its enclosing types and functions: `PaymentClient.charge`, `Server.handle`.
    var name: String
    /// The innermost enclosing type, qualified; nil for free functions.
    var owner: String?
    var start: Int32
    var end: Int32

    func contains(_ line: Int32) -> Bool { start <= line && line <= end }
}

/// Finds the functions of a file and their line ranges, by the cheapest rule that holds per family: Python's
/// indentation, Ruby's `end`, and braces for the rest. It reads declarations only (`def`, `func`, `fun`,
/// `function`, `fn`, a method head `name(…) {` in JS and Java, `const name = (…) => {`, Rust's `impl Type {`),
/// never expressions.
enum ScopeScanner {
    static func functions(in stream: TokenStream) -> [FunctionSpan] {
        var spans: [FunctionSpan]
        switch stream.language {
        case .python: spans = python(stream)
        case .ruby: spans = ruby(stream)
        default: spans = braces(stream)
        }
        spans.sort { $0.start != $1.start ? $0.start < $1.start : $0.end > $1.end }
        return spans
    }

    /// The innermost function of `spans` (sorted by start) containing `line`.
    static func innermost(_ spans: [FunctionSpan], at line: Int32) -> Int? {
        // The last span starting at or before the line that has not ended is the innermost.
        var low = 0
        var high = spans.count
        while low < high {
            let mid = (low + high) / 2
            if spans[mid].start <= line { low = mid + 1 } else { high = mid }
        }
        var i = low - 1
        while i >= 0 {
            if spans[i].end >= line { return i }
            i -= 1
        }
        return nil
    }

    private struct Scope {
        var name: String
        var isType: Bool
        var indent: Int32 = 0
        var span: Int?
        /// Brace languages: the bracket depth outside this block, restored when it closes (depth counts
        /// within one block, so a callback's body starts again at 0).
        var outerDepth = 0
    }

    private static func qualified(_ stack: [Scope], _ name: String) -> String {
        var parts = stack.compactMap { $0.name.isEmpty ? nil : $0.name }
        parts.append(name)
        return parts.joined(separator: ".")
    }

    private static func owner(_ stack: [Scope]) -> String? {
        guard let last = stack.lastIndex(where: \.isType) else { return nil }
        let names = stack[...last].compactMap { $0.name.isEmpty ? nil : $0.name }
        return names.isEmpty ? nil : names.joined(separator: ".")
    }

    // MARK: - Python

    private static func python(_ stream: TokenStream) -> [FunctionSpan] {
        var spans: [FunctionSpan] = []
        var stack: [Scope] = []
        var depth = 0
        var lastLine: Int32 = 0
        let tokens = stream.tokens
        for i in tokens.indices {
            let token = tokens[i]
            if token.firstOnLine, depth == 0 {
                while let top = stack.last, token.column <= top.indent {
                    if let span = top.span { spans[span].end = lastLine }
                    stack.removeLast()
                }
                var k = i
                if token.keyword == .async { k += 1 }
                let keyword = stream.keyword(k)
                if keyword == .def || keyword == .class, stream.isIdentifier(k + 1) {
                    let name = stream.text(k + 1)
                    var scope = Scope(name: name, isType: keyword == .class, indent: token.column)
                    if keyword == .def {
                        spans.append(FunctionSpan(name: qualified(stack, name), owner: owner(stack), start: token.line, end: token.line))
                        scope.span = spans.count - 1
                    }
                    stack.append(scope)
                }
            }
            if token.kind == .punctuation {
                switch token.op {
                case 0x28, 0x5B, 0x7B: depth += 1
                case 0x29, 0x5D, 0x7D: depth = max(0, depth - 1)
                default: break
                }
            }
            lastLine = max(lastLine, token.endLine)
        }
        for scope in stack { if let span = scope.span { spans[span].end = lastLine } }
        return spans
    }

    // MARK: - Ruby

    /// Whether `->` comes before the line ends (an Elixir `fn` clause).
    private static func arrowFollows(_ stream: TokenStream, from index: Int, line: Int32) -> Bool {
        var k = index
        while k < stream.tokens.count, stream.tokens[k].line == line, k - index < 32 {
            if stream.isPunct(k, 0x2D), stream.isPunct(k + 1, 0x3E) { return true }
            if stream.isPunct(k, 0x2D, 0x3E) { return true }
            k += 1
        }
        return false
    }

    private static func ruby(_ stream: TokenStream) -> [FunctionSpan] {
        var spans: [FunctionSpan] = []
        var stack: [Scope] = []
        var lastLine: Int32 = 0
        /// The line of the last block opened by a keyword (`while x do`, and Elixir's `def f(x) do`, `case x do`),
        /// whose `do` on the same line opens nothing more.
        var loopLine: Int32 = -1
        let tokens = stream.tokens
        var i = 0
        while i < tokens.count {
            let token = tokens[i]
            defer { lastLine = max(lastLine, token.endLine) }
            i += 1
            // Elixir's anonymous function `fn x -> … end` opens a block its `end` closes.
            if token.kind == .identifier, token.keyword == .none, stream.text(i - 1) == "fn", Self.arrowFollows(stream, from: i, line: token.line) {
                stack.append(Scope(name: "", isType: false))
                continue
            }
            guard token.kind == .identifier, token.keyword != .none, !stream.isPunct(i - 2, 0x2E) else { continue }
            // `x.end`, `:if` (a symbol) and `if:` (a keyword argument) are not keywords
            if stream.isPunct(i - 2, 0x3A), tokens[i - 2].end == token.start { continue }
            if stream.isPunct(i, 0x3A), tokens[i].start == token.end, !stream.isPunct(i, 0x3A, 0x3A) { continue }
            switch token.keyword {
            case .def:
                var k = i
                if stream.keyword(k) == .selfKeyword, stream.isPunct(k + 1, 0x2E) { k += 2 }
                guard k < tokens.count else { continue }
                let name = stream.text(k)
                // `def name = expr` (Ruby 3 endless method) has no `end`
                var j = k + 1
                if stream.isPunct(j, 0x28) { j = stream.after(j) }
                if stream.isPunct(j, 0x3D), tokens[min(j, tokens.count - 1)].line == token.line { continue }
                spans.append(FunctionSpan(name: qualified(stack, name), owner: owner(stack), start: token.line, end: token.line))
                stack.append(Scope(name: name, isType: false, span: spans.count - 1))
                loopLine = token.line
                i = k + 1
            case .class, .module:
                if stream.isPunct(i, 0x3C, 0x3C) {  // class << self
                    stack.append(Scope(name: "", isType: false))
                    continue
                }
                guard stream.isIdentifier(i) else { continue }
                var name = stream.text(i)
                var k = i + 1
                while stream.isPunct(k, 0x3A, 0x3A), stream.isIdentifier(k + 1) {
                    name += "::" + stream.text(k + 1)
                    k += 2
                }
                stack.append(Scope(name: name, isType: true))
                i = k
            case .if, .unless, .while, .until, .case, .for, .begin:
                // modifier forms (`return x if y`) close nothing
                let opensBlock =
                    token.firstOnLine
                    || (i >= 2 && tokens[i - 2].kind == .punctuation && !tokens[i - 2].isPunct(0x29)
                        && !tokens[i - 2].isPunct(0x5D) && !tokens[i - 2].isPunct(0x7D))
                    || stream.keyword(i - 2) == .return
                if opensBlock {
                    stack.append(Scope(name: "", isType: false))
                    if token.keyword != .begin { loopLine = token.line }
                }
            case .do:
                if token.line == loopLine {
                    loopLine = -1
                } else {
                    stack.append(Scope(name: "", isType: false))
                }
            case .end:
                if let top = stack.popLast(), let span = top.span { spans[span].end = token.line }
            default:
                break
            }
        }
        for scope in stack { if let span = scope.span { spans[span].end = lastLine } }
        return spans
    }

    // MARK: - Brace languages

    private struct Pending {
        var name: String
        var isType: Bool
        var line: Int32
        /// Bracket depth and block nesting where the head was seen: only its own `{` opens its body, and only
        /// a `;` or `=` at that level ends it (not one inside `({ a = 1 })` or `(o: { a: T; b: U })`).
        var depth: Int
        var level: Int
        var owner: String?
    }

    private static func braces(_ stream: TokenStream) -> [FunctionSpan] {
        let tokens = stream.tokens
        let language = stream.language
        var spans: [FunctionSpan] = []
        var stack: [Scope] = []
        var pending: Pending?
        var parenDepth = 0
        /// `name =` / `name:` just seen (JS): an arrow or `function` right after it is that name's body.
        var assigned: (name: String, index: Int)?
        var i = 0
        while i < tokens.count {
            let token = tokens[i]
            let afterDot = stream.isPunct(i - 1, 0x2E) || stream.isPunct(i - 1, 0x3F, 0x2E)
                || (language == .php && (stream.isPunct(i - 1, 0x3A, 0x3A) || stream.isPunct(i - 1, 0x2D, 0x3E)))
            switch token.kind {
            case .identifier:
                let keyword = token.keyword
                if afterDot {
                    break
                }
                if let typeName = typeDeclaration(stream, i) {
                    pending = Pending(name: typeName.name, isType: true, line: token.line, depth: parenDepth, level: stack.count)
                    i = typeName.next
                    continue
                }
                if let function = functionDeclaration(stream, i, inTypeBody: stack.last?.isType == true) {
                    var name = function.name
                    if name.isEmpty, let assigned, i - assigned.index <= 3 { name = assigned.name }
                    if !name.isEmpty {
                        pending = Pending(
                            name: name, isType: false, line: token.line, depth: parenDepth, level: stack.count,
                            owner: function.receiver)
                    }
                    i = function.next
                    continue
                }
                // `name =`, `name:` (not the type in `x: Handler =`, nor a parameter or its default)
                if language == .javascript, parenDepth == 0, keyword == .none || keyword == .type, !stream.isPunct(i - 1, 0x3A),
                    stream.isPunct(i + 1, 0x3D) || stream.isPunct(i + 1, 0x3A)
                {
                    assigned = (stream.text(i), i)
                }
            case .punctuation:
                switch token.op {
                case 0x5B where language == .javascript && stack.last?.isType == true && stream.partner[i] > i:
                    // a computed method name: `[kSymbol] (args) {`
                    let close = Int(stream.partner[i])
                    if stream.isPunct(close + 1, 0x28), isMethodBody(stream, stream.after(close + 1)) {
                        pending = Pending(
                            name: stream.source(i, through: close), isType: false, line: token.line, depth: parenDepth,
                            level: stack.count)
                        i = close + 1
                        continue
                    }
                    parenDepth += 1
                case 0x28, 0x5B:
                    parenDepth += 1
                case 0x29, 0x5D:
                    parenDepth = max(0, parenDepth - 1)
                case 0x3E3D:  // =>
                    if language == .javascript, stream.isPunct(i + 1, 0x7B), let assigned, pending == nil,
                        i - assigned.index <= 40
                    {
                        pending = Pending(
                            name: assigned.name, isType: false, line: tokens[assigned.index].line, depth: parenDepth,
                            level: stack.count)
                    }
                case 0x7B:
                    let isTypeLiteral = stream.isIdentifier(i - 1, "interface") || stream.isIdentifier(i - 1, "struct")
                    if let p = pending, p.depth == parenDepth, p.level == stack.count, !isTypeLiteral {
                        var scope = Scope(name: p.name, isType: p.isType, outerDepth: parenDepth)
                        if !p.isType {
                            // a Go method's receiver type is its owner, though no brace of it encloses the method
                            let owner = p.owner ?? owner(stack)
                            let name = p.owner.map { $0 + "." + p.name } ?? qualified(stack, p.name)
                            spans.append(FunctionSpan(name: name, owner: owner, start: p.line, end: token.line))
                            scope.span = spans.count - 1
                            scope.name = p.owner.map { $0 + "." + p.name } ?? p.name
                        }
                        stack.append(scope)
                        pending = nil
                    } else {
                        stack.append(Scope(name: "", isType: false, outerDepth: parenDepth))
                    }
                    parenDepth = 0
                    assigned = nil
                case 0x7D:
                    if let top = stack.popLast() {
                        if let span = top.span { spans[span].end = token.line }
                        parenDepth = top.outerDepth
                    }
                    // a brace closing inside a signature (`x interface{}`, `opts: { a: T }`) ends nothing pending
                    if let p = pending, stack.count < p.level { pending = nil }
                    assigned = nil
                case 0x3B:  // ; (not the one in Rust's `-> [u8; 32]`)
                    if let p = pending, p.level == stack.count, p.depth == parenDepth { pending = nil }
                    assigned = nil
                case 0x3D where language != .rust:
                    // `fun f() = expr` has no braces; default values inside the parameters are deeper (a Rust
                    // function always has a body, and `-> impl Iterator<Item = T>` is part of its head)
                    if let p = pending, !p.isType, p.depth == parenDepth, p.level == stack.count { pending = nil }
                default:
                    break
                }
            default:
                break
            }
            i += 1
        }
        let lastLine = tokens.last?.endLine ?? 0
        for scope in stack { if let span = scope.span { spans[span].end = lastLine } }
        return spans
    }

    /// `class Name`, `struct Name`, `extension A.B`, `object Name`, `interface Name`…: the name and the index
    /// after it.
    private static func typeDeclaration(_ stream: TokenStream, _ i: Int) -> (name: String, next: Int)? {
        let keyword = stream.keyword(i)
        switch keyword {
        case .impl:
            return rustImplementation(stream, i)
        case .class, .struct, .interface, .enum, .object, .extension, .protocol, .actor, .trait:
            break
        case .record where stream.language == .java:
            break
        default:
            return nil
        }
        // `enum class Color` (Kotlin), `enum Foo` / `enum class` in Swift
        var k = i + 1
        if keyword == .enum, stream.keyword(k) == .class { k += 1 }
        guard stream.isIdentifier(k) else { return nil }
        var name = stream.text(k)
        k += 1
        while keyword == .extension, stream.isPunct(k, 0x2E), stream.isIdentifier(k + 1) {
            name += "." + stream.text(k + 1)
            k += 2
        }
        return (name, k)
    }

    /// Rust's `impl Type {`, `impl<T> Trait<U> for path::Type<T> where … {`: the type whose methods follow (the
    /// last name outside angle brackets), and the index of the `{`. Nil for `impl Trait` in a signature
    /// (`-> impl Iterator<Item = u8>`), which is a type, not an item.
    private static func rustImplementation(_ stream: TokenStream, _ i: Int) -> (name: String, next: Int)? {
        let previous = i - 1
        let startsItem = previous < 0 || stream.isPunct(previous, 0x7D) || stream.isPunct(previous, 0x3B)
            || stream.isPunct(previous, 0x7B) || stream.isPunct(previous, 0x5D) || stream.isIdentifier(previous, "unsafe")
        guard startsItem else { return nil }
        var depth = 0
        var name: Int?
        var k = i + 1
        while k < stream.count, k < i + 64, !stream.isPunct(k, 0x7B), !stream.isPunct(k, 0x3B) {
            let token = stream.tokens[k]
            if token.isPunct(0x3C) {
                depth += 1
            } else if token.isPunct(0x3E) {
                depth -= 1
            } else if token.isPunct(0x3E, 0x3E) {
                depth -= 2
            } else if depth == 0, token.kind == .identifier {
                if stream.isIdentifier(k, "where") { break }
                if token.keyword == .none, !stream.isIdentifier(k, "dyn") { name = k }
            }
            k += 1
        }
        guard let name else { return nil }
        return (stream.text(name), k)
    }

    /// A function head at `i`: `function name(`, `func name(`, `fn name`, `func (r *Recv) Name(`, `fun Type.name(`,
    /// `init(`, or (JS, Java) `name(…) {` / `name(…): Type {` / `name(…) throws X {`. An empty name is an
    /// anonymous `function` that may take the name it is assigned to.
    private static func functionDeclaration(_ stream: TokenStream, _ i: Int, inTypeBody: Bool)
        -> (name: String, receiver: String?, next: Int)?
    {
        let language = stream.language
        switch stream.keyword(i) {
        case .function where language == .javascript:
            var k = i + 1
            if stream.isPunct(k, 0x2A) { k += 1 }  // function*
            if stream.isIdentifier(k), stream.keyword(k) == .none { return (stream.text(k), nil, k + 1) }
            return stream.isPunct(k, 0x28) ? ("", nil, k) : nil
        case .func where language == .go:
            if stream.isPunct(i + 1, 0x28) {
                // `func (s *Server) Handle(`: a method; `func(x int) {`: a literal, not a declaration
                let close = stream.after(i + 1)
                guard stream.isIdentifier(close), stream.isPunct(close + 1, 0x28) else { return nil }
                var receiver: String?
                var k = close - 2
                while k > i + 1 {
                    if stream.isIdentifier(k) {
                        receiver = stream.text(k)
                        if !stream.isPunct(k - 1, 0x5B) && !stream.isPunct(k - 1, 0x2C) { break }
                    }
                    k -= 1
                }
                // generic receivers `(l *List[T])`: the type is the identifier before `[`
                if let bracket = (i + 2..<close).first(where: { stream.isPunct($0, 0x5B) }), stream.isIdentifier(bracket - 1) {
                    receiver = stream.text(bracket - 1)
                }
                return (stream.text(close), receiver, close + 1)
            }
            return stream.isIdentifier(i + 1) ? (stream.text(i + 1), nil, i + 2) : nil
        case .func where language == .swift, .fn:
            // `fn(u32) -> u32` is a function pointer type, not a declaration
            return stream.isIdentifier(i + 1) ? (stream.text(i + 1), nil, i + 2) : nil
        case .function where language == .php:
            // `function (…) use (…) {` is a closure, part of the function around it
            var k = i + 1
            if stream.isPunct(k, 0x26) { k += 1 }  // function &byReference()
            return stream.isIdentifier(k) && stream.isPunct(k + 1, 0x28) ? (stream.text(k), nil, k + 1) : nil
        case .initializer where language == .swift && (stream.isPunct(i + 1, 0x28) || stream.isPunct(i + 1, 0x3F)):
            return ("init", nil, i + 1)
        case .deinitializer where language == .swift && stream.isPunct(i + 1, 0x7B):
            return ("deinit", nil, i + 1)
        case .fun where language == .kotlin:
            // `fun <T> Foo.bar(`: the name is the identifier right before the parameter list
            var k = i + 1
            if stream.isPunct(k, 0x3C) {
                // type parameters nest, and the lexer reads `>>` as one token: `fun <T : Comparable<T>> max(`
                var depth = 0
                repeat {
                    if stream.isPunct(k, 0x3C) {
                        depth += 1
                    } else if stream.isPunct(k, 0x3E) {
                        depth -= 1
                    } else if stream.isPunct(k, 0x3E, 0x3E) {
                        depth -= 2
                    }
                    k += 1
                } while depth > 0 && k < i + 40
                guard depth <= 0 else { return nil }
            }
            let head = k
            var name: String?
            while k < stream.count, k < head + 12 {
                if stream.isPunct(k, 0x28) { break }
                if stream.isIdentifier(k) { name = stream.text(k) }
                k += 1
            }
            return name.map { ($0, nil, k) }
        case .none where language == .javascript || language == .java:
            guard stream.isPunct(i + 1, 0x28), !stream.isPunct(i - 1, 0x40), stream.keyword(i - 1) != .new else { return nil }
            guard isMethodBody(stream, stream.after(i + 1)) else { return nil }
            return (stream.text(i), nil, i + 1)
        default:
            return nil
        }
    }

    /// Whether a method body follows a parameter list ending at `k`: `{`, `: ReturnType {` (TS) or
    /// `throws A, B {` (Java).
    private static func isMethodBody(_ stream: TokenStream, _ start: Int) -> Bool {
        var k = start
        if stream.isPunct(k, 0x7B) { return true }
        if stream.isPunct(k, 0x3A) || stream.keyword(k) == .throws {
            k += 1
            var steps = 0
            while k < stream.count, steps < 40 {
                let token = stream.tokens[k]
                if token.isPunct(0x7B) { return true }
                switch token.kind {
                case .identifier:
                    break
                case .punctuation:
                    guard [0x2E, 0x3C, 0x3E, 0x3E3E, 0x5B, 0x5D, 0x7C, 0x26, 0x2C, 0x3F].contains(token.op) else { return false }
                default:
                    return false
                }
                k += 1
                steps += 1
            }
        }
        return false
    }
}
