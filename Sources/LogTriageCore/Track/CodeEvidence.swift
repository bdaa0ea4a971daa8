/// One place in the code an issue points at: a file, and within it a function, a line range or a remark.
///
/// An issue's "Evidence in code" field is written by people as nested Markdown bullets (see the seed tracker):
///
///     - `backend/services/intelligence/txtai_service.py`:
///       - Line 57: `self.fail_fast = …`
///       - Lines 234-235: `index_content` raises RuntimeError if …
///       - `ClerkAuthMiddleware.verify_token`
///
/// ``extract(from:)`` reads that shape into values that reports and tools can use, and ``bullets(_:)`` writes
/// generated evidence back in a shape `extract` reads to the same values.
public struct CodeEvidence: Sendable, Hashable, Codable {
    public var file: String?
    /// A function, method or other symbol, as written.
    public var function: String?
    public var line: Int?
    /// The last line of a range (`Lines 234-235`), nil for a single line.
    public var endLine: Int?
    /// What the code there does, as written (Markdown).
    public var detail: String?

    public init(file: String? = nil, function: String? = nil, line: Int? = nil, endLine: Int? = nil, detail: String? = nil) {
        self.file = file
        self.function = function
        self.line = line
        self.endLine = endLine
        self.detail = detail
    }

    /// Source extensions that make a bare word (`start_alwrity_backend.py:`) or a slash-less code span a file name.
    static let sourceExtensions: Set<String> = [
        "py", "js", "jsx", "mjs", "cjs", "ts", "tsx", "go", "java", "kt", "kts", "scala", "swift", "rb", "rs", "cs",
        "php", "c", "h", "cc", "cpp", "hpp", "ex", "exs", "erl", "sh", "sql",
    ]
}

// MARK: - Reading

extension CodeEvidence {
    /// The code locations an issue's evidence bullets name. A bullet naming a file (a code span holding a path, or a
    /// bare `name.py:`) starts a file; its children add functions, lines or remarks there. Bullets that name no
    /// file ("Relevant logic:") yield nothing themselves, but file bullets nested under them are still read.
    public static func extract(from bullets: [Bullet]) -> [CodeEvidence] {
        var result: [CodeEvidence] = []
        collect(bullets, file: nil, function: nil, into: &result)
        return result
    }

    private static func collect(_ bullets: [Bullet], file: String?, function: String?, into result: inout [CodeEvidence]) {
        for bullet in bullets {
            let text = trimmed(bullet.text[...])
            if let (location, detail) = fileForm(text) {
                let entry = CodeEvidence(
                    file: location.file, function: location.function, line: location.line, endLine: location.endLine,
                    detail: detail)
                // A bare file heading with children is only a heading; its children are the evidence.
                if entry.function != nil || entry.line != nil || entry.detail != nil || bullet.children.isEmpty {
                    result.append(entry)
                }
                collect(bullet.children, file: location.file, function: location.function, into: &result)
                continue
            }
            guard let file else {
                collect(bullet.children, file: nil, function: nil, into: &result)
                continue
            }
            if let symbol = symbolForm(text) {
                result.append(CodeEvidence(
                    file: file, function: symbol.function, line: symbol.lines?.line, endLine: symbol.lines?.end,
                    detail: symbol.detail))
                collect(bullet.children, file: file, function: symbol.function, into: &result)
            } else if let (ranges, detail) = lineForm(text) {
                for range in ranges {
                    result.append(CodeEvidence(file: file, function: function, line: range.line, endLine: range.end, detail: detail))
                }
                collect(bullet.children, file: file, function: function, into: &result)
            } else {
                result.append(CodeEvidence(file: file, function: function, detail: nonEmpty(text)))
                collect(bullet.children, file: file, function: function, into: &result)
            }
        }
    }

    struct Location {
        var file: String
        var line: Int?
        var endLine: Int?
        var function: String?
    }

    typealias LineRange = (line: Int, end: Int?)

    /// `` `path` ``, `` `path:123 in func` `` or a bare `name.py:`, with any text after it as the detail.
    static func fileForm(_ text: Substring) -> (Location, String?)? {
        if let (code, rest) = leadingCodeSpan(text), let location = location(code, bare: false) {
            return (location, detail(after: rest))
        }
        // A bare word: only a file with a known extension, and only when it is the whole text, ends in a colon or
        // carries a line number, so prose that merely mentions `x.py` is not taken for a heading.
        let word = text.prefix { !$0.isWhitespace }
        let hasColon = word.hasSuffix(":")
        let name = hasColon ? word.dropLast() : word
        guard let location = location(name, bare: true),
            hasColon || location.line != nil || word.count == text.count
        else { return nil }
        return (location, detail(after: text[word.endIndex...]))
    }

    /// `` `func` ``, `` `func` (line 57) ``, `` `func` (lines 3-9): detail ``; anything else after the span is not
    /// this form (`` `_ensure_initialized` is non-blocking `` is a remark).
    static func symbolForm(_ text: Substring) -> (function: String, lines: LineRange?, detail: String?)? {
        guard let (code, after) = leadingCodeSpan(text), isSymbol(code) else { return nil }
        var rest = trimmed(after)
        var lines: LineRange?
        if rest.hasPrefix("("), let close = rest.firstIndex(of: ")") {
            let inside = rest[rest.index(after: rest.startIndex)..<close]
            guard let (ranges, detail) = lineForm(inside), ranges.count == 1, detail == nil else { return nil }
            lines = ranges[0]
            rest = trimmed(rest[rest.index(after: close)...])
        }
        if rest.isEmpty { return (String(code), lines, nil) }
        guard rest.hasPrefix(":") else { return nil }
        return (String(code), lines, nonEmpty(trimmed(rest.dropFirst())))
    }

    /// `Line 57: detail`, `Lines 234-235: detail`, `Lines 234-235, 284-285: detail` (one range each).
    static func lineForm(_ text: Substring) -> ([LineRange], String?)? {
        let word = text.prefix { !$0.isWhitespace }
        guard ["line", "lines"].contains(word.lowercased()) else { return nil }
        let afterWord = text[word.endIndex...]
        let numbers = afterWord.prefix { ("0"..."9").contains($0) || $0 == "-" || $0 == "–" || $0 == "," || $0 == " " }
        var ranges: [LineRange] = []
        let spec = numbers.reversed().drop { $0 == " " || $0 == "-" || $0 == "–" }
        for part in String(spec.reversed()).split(separator: ",") {
            guard let range = lineRange(trimmed(part)) else { return nil }
            ranges.append(range)
        }
        guard !ranges.isEmpty else { return nil }
        return (ranges, detail(after: afterWord[numbers.endIndex...]))
    }

    /// `57` or `57-60`.
    static func lineRange(_ text: Substring) -> LineRange? {
        let parts = text.split(omittingEmptySubsequences: false) { $0 == "-" || $0 == "–" }
        guard (1...2).contains(parts.count), let line = Int(trimmed(parts[0])), line >= 0 else { return nil }
        guard parts.count == 2 else { return (line, nil) }
        guard let end = Int(trimmed(parts[1])) else { return nil }
        return (line, end > line ? end : nil)
    }

    /// A path, optionally with `:line`, `:line-end` and ` in function`. `bare` (text outside a code span) needs a
    /// known source extension; inside a code span a slash is enough.
    static func location(_ text: Substring, bare: Bool) -> Location? {
        var pathPart = trimmed(text)
        var function: String?
        if let range = pathPart.firstRange(of: " in ") {
            let name = trimmed(pathPart[range.upperBound...])
            guard isSymbol(name) else { return nil }
            function = String(name)
            pathPart = trimmed(pathPart[..<range.lowerBound])
        }
        var lines: LineRange?
        if let colon = pathPart.lastIndex(of: ":"), let range = lineRange(pathPart[pathPart.index(after: colon)...]) {
            lines = range
            pathPart = pathPart[..<colon]
        }
        guard isPath(pathPart, needsExtension: bare) else { return nil }
        return Location(file: String(pathPart), line: lines?.line, endLine: lines?.end, function: function)
    }

    static func isPath(_ text: Substring, needsExtension: Bool) -> Bool {
        guard !text.isEmpty, !text.contains(where: { $0.isWhitespace || "()=\"',;<>{}*`".contains($0) }),
            text.firstRange(of: "://") == nil
        else { return false }
        let name = text.split(whereSeparator: { $0 == "/" || $0 == "\\" }).last ?? text
        let hasExtension = name.lastIndex(of: ".").map {
            sourceExtensions.contains(name[name.index(after: $0)...].lowercased())
        } ?? false
        if hasExtension { return true }
        return !needsExtension && (text.contains("/") || text.contains("\\"))
    }

    /// An identifier path such as `ClerkAuthMiddleware.verify_token`, `Foo::bar`, `snapshot_download()`.
    static func isSymbol(_ text: Substring) -> Bool {
        let body = text.hasSuffix("()") ? text.dropLast(2) : text
        guard let first = body.first, !first.isNumber else { return false }
        return body.allSatisfy { $0.isLetter || $0.isNumber || "_.:$#~<>!?@".contains($0) }
    }

    /// "`code` rest" → ("code", " rest").
    static func leadingCodeSpan(_ text: Substring) -> (Substring, Substring)? {
        guard text.first == "`" else { return nil }
        let inner = text.dropFirst()
        guard let close = inner.firstIndex(of: "`") else { return nil }
        return (inner[..<close], inner[inner.index(after: close)...])
    }

    /// The remark after a location, without its one separator (`:`, `—`, `-`); nil when nothing is left.
    static func detail(after text: Substring) -> String? {
        var rest = trimmed(text)
        if let first = rest.first, ":—–-".contains(first) { rest = trimmed(rest.dropFirst()) }
        return nonEmpty(rest)
    }

    static func trimmed(_ text: Substring) -> Substring {
        let start = text.drop { $0.isWhitespace }
        return start[..<(start.lastIndex { !$0.isWhitespace }.map { start.index(after: $0) } ?? start.startIndex)]
    }

    static func nonEmpty(_ text: Substring) -> String? { text.isEmpty ? nil : String(text) }
}

// MARK: - Writing

extension CodeEvidence {
    /// Evidence as bullets, one per file in first-seen order with its places as children:
    /// `` `function` (line 57): detail ``, `Lines 3-9: detail`, or the detail alone. Evidence without a file is
    /// written at the top level; `extract` does not read it back (it names no file).
    public static func bullets(_ evidence: [CodeEvidence]) -> [Bullet] {
        var files: [String?] = []
        var groups: [String?: [CodeEvidence]] = [:]
        for item in evidence {
            if groups[item.file] == nil { files.append(item.file) }
            groups[item.file, default: []].append(item)
        }
        var result: [Bullet] = []
        for file in files {
            let places = (groups[file] ?? []).filter { $0.function != nil || $0.line != nil || $0.detail != nil }
            guard let file else {
                result += places.map { Bullet(placeText($0)) }
                continue
            }
            result.append(Bullet("`\(file)`", children: places.map { Bullet(placeText($0)) }))
        }
        return result
    }

    /// One child bullet of a file, in the forms ``extract(from:)`` reads.
    static func placeText(_ item: CodeEvidence) -> String {
        let detail = item.detail.map { ": " + $0 } ?? ""
        guard let function = item.function else {
            guard let line = item.line else { return item.detail ?? "" }
            return (item.endLine.map { "Lines \(line)-\($0)" } ?? "Line \(line)") + detail
        }
        let lines = item.line.map { line in item.endLine.map { " (lines \(line)-\($0))" } ?? " (line \(line))" } ?? ""
        return "`\(function)`" + lines + detail
    }
}
