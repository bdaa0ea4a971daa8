/// The small part of Markdown a tracker document uses, read line by line: headings, list items with their
/// indentation, fenced code blocks and plain text. Not a CommonMark parser: it reads what people write in an RCA
/// tracker (and what ``TrackerMarkdown/render(_:)`` writes) and keeps line numbers for error messages.
enum MarkdownOutline {
    /// One classified line; a fenced code block is one token covering all its lines.
    struct Token {
        enum Kind {
            case blank
            case heading(level: Int, text: String)
            /// A `-`, `*`, `+` or `1.` list item, marker removed.
            case item(String)
            case text(String)
            /// The lines inside the fences, with the fence's indentation removed.
            case code([String])
        }

        /// 1-based line of the token's first line.
        var line: Int
        var indent: Int
        var kind: Kind
    }

    /// A list item, paragraph, heading or code block, with what is indented under it.
    struct Node {
        enum Kind { case item, paragraph, heading, code([String]) }

        var line: Int
        var indent: Int
        var kind: Kind
        var text: String
        var children: [Node] = []
    }

    /// Splits on `\n`, `\r\n` (a single `Character` in Swift, so it needs its own test) and a lone `\r` (old Mac
    /// files): the same three the report turns into spaces inside a line, so no text holds one.
    static func lines(_ text: String) -> [String] {
        var lines = text.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" || $0 == "\r" })
            .map(String.init)
        if lines.last == "" { lines.removeLast() }
        return lines
    }

    static func tokens(_ lines: [String]) -> [Token] {
        var tokens: [Token] = []
        var index = 0
        while index < lines.count {
            let (indent, content) = indentation(lines[index])
            let line = index + 1
            index += 1
            if content.isEmpty {
                tokens.append(Token(line: line, indent: indent, kind: .blank))
            } else if let fence = openingFence(content) {
                // Everything up to a closing fence of the same character, at least as long, is code.
                var body: [String] = []
                while index < lines.count {
                    let bodyLine = lines[index]
                    index += 1
                    let candidate = trimmed(indentation(bodyLine).1)
                    if candidate.count >= fence.count, candidate.allSatisfy({ $0 == fence.first }) { break }
                    body.append(String(dropIndent(bodyLine, upTo: indent)))
                }
                tokens.append(Token(line: line, indent: indent, kind: .code(body)))
            } else if indent <= 3, let (level, text) = heading(content) {
                tokens.append(Token(line: line, indent: indent, kind: .heading(level: level, text: text)))
            } else if let text = listItem(content) {
                tokens.append(Token(line: line, indent: indent, kind: .item(trimmed(text))))
            } else {
                tokens.append(Token(line: line, indent: indent, kind: .text(trimmed(content))))
            }
        }
        return tokens
    }

    /// Nests tokens by indentation: whatever is indented more than an item belongs to it, so 2- and 4-space
    /// lists read the same. Text right under an item (or indented under it after a blank line) continues it.
    static func outline(_ tokens: ArraySlice<Token>) -> [Node] {
        var flat: [Node] = []
        var afterBlank = true
        for token in tokens {
            switch token.kind {
            case .blank:
                afterBlank = true
                continue
            case .heading(_, let text):
                flat.append(Node(line: token.line, indent: 0, kind: .heading, text: text))
            case .item(let text):
                flat.append(Node(line: token.line, indent: token.indent, kind: .item, text: text))
            case .code(let body):
                flat.append(Node(line: token.line, indent: token.indent, kind: .code(body), text: ""))
            case .text(let text):
                if let target = continuationTarget(in: flat, indent: token.indent, afterBlank: afterBlank) {
                    flat[target].text += flat[target].text.isEmpty ? text : " " + text
                } else {
                    flat.append(Node(line: token.line, indent: token.indent, kind: .paragraph, text: text))
                }
            }
            afterBlank = false
        }
        return nest(flat[...])
    }

    private static func continuationTarget(in flat: [Node], indent: Int, afterBlank: Bool) -> Int? {
        guard let last = flat.indices.last else { return nil }
        if !afterBlank {
            switch flat[last].kind {
            case .item, .paragraph: return last
            case .heading, .code: return nil
            }
        }
        guard indent > 0 else { return nil }
        return flat.indices.last { index in
            guard case .item = flat[index].kind else { return false }
            return flat[index].indent < indent
        }
    }

    private static func nest(_ flat: ArraySlice<Node>) -> [Node] {
        var result: [Node] = []
        var index = flat.startIndex
        while index < flat.endIndex {
            var node = flat[index]
            var end = index + 1
            switch node.kind {
            case .item, .paragraph:
                while end < flat.endIndex, flat[end].indent > node.indent { end += 1 }
                node.children = nest(flat[(index + 1)..<end])
            case .heading, .code:
                break
            }
            result.append(node)
            index = end
        }
        return result
    }

    // MARK: Line shapes

    /// Leading spaces (a tab counts to the next multiple of 4) and the rest of the line.
    static func indentation(_ line: String) -> (Int, Substring) {
        var width = 0
        var index = line.startIndex
        while index < line.endIndex {
            if line[index] == " " { width += 1 } else if line[index] == "\t" { width += 4 - width % 4 } else { break }
            index = line.index(after: index)
        }
        return (width, line[index...])
    }

    private static func dropIndent(_ line: String, upTo width: Int) -> Substring {
        let leading = line.prefix { $0 == " " }.count
        return line.dropFirst(min(leading, width))
    }

    /// A run of three or more backticks or tildes (the fence), when the line opens a code block.
    /// `lines` with a closing fence added when they leave a code fence open, so that text written into one
    /// section cannot swallow the sections after it.
    static func closingOpenFence(_ lines: [String]) -> [String] {
        var open: Substring?
        for line in lines {
            let content = indentation(line).1
            if let fence = open {
                let candidate = trimmed(content)
                if candidate.count >= fence.count, candidate.allSatisfy({ $0 == fence.first }) { open = nil }
            } else if let fence = openingFence(content) {
                open = fence
            }
        }
        guard let fence = open else { return lines }
        return lines + [String(fence)]
    }

    private static func openingFence(_ content: Substring) -> Substring? {
        guard let first = content.first, first == "`" || first == "~" else { return nil }
        let fence = content.prefix { $0 == first }
        guard fence.count >= 3 else { return nil }
        if first == "`", content.dropFirst(fence.count).contains("`") { return nil }
        return fence
    }

    private static func heading(_ content: Substring) -> (Int, String)? {
        let hashes = content.prefix { $0 == "#" }.count
        guard (1...6).contains(hashes) else { return nil }
        let rest = content.dropFirst(hashes)
        // by scalar: a combining mark after the space makes one `Character` of both
        guard rest.isEmpty || rest.unicodeScalars.first == " " || rest.unicodeScalars.first == "\t" else { return nil }
        return (hashes, trimmed(rest))
    }

    private static func listItem(_ content: Substring) -> Substring? {
        guard let first = content.first else { return nil }
        var rest: Substring
        if first == "-" || first == "*" || first == "+" {
            rest = content.dropFirst()
        } else {
            let digits = content.prefix { ("0"..."9").contains($0) }
            guard (1...9).contains(digits.count) else { return nil }
            rest = content.dropFirst(digits.count)
            guard rest.first == "." || rest.first == ")" else { return nil }
            rest = rest.dropFirst()
        }
        // by scalar: a combining mark after the space makes one `Character` of both
        guard rest.isEmpty || rest.unicodeScalars.first == " " || rest.unicodeScalars.first == "\t" else { return nil }
        return rest
    }

    /// Without edge spaces and tabs, by scalar (`" \u{361}"` is one `Character`; its space goes, its mark stays).
    static func trimmed(_ text: Substring) -> String {
        var scalars = text.unicodeScalars[...]
        while let first = scalars.first, first == " " || first == "\t" { scalars.removeFirst() }
        while let last = scalars.last, last == " " || last == "\t" { scalars.removeLast() }
        return String(String.UnicodeScalarView(scalars))
    }
}
