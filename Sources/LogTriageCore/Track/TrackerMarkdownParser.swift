/// Why a Markdown tracker could not be imported, and where.
public struct TrackerImportError: Error, CustomStringConvertible, Hashable {
    /// 1-based line in the document.
    public var line: Int
    public var message: String

    public init(line: Int, message: String) {
        self.line = line
        self.message = message
    }

    public var description: String { "line \(line): \(message)" }
}

extension TrackerMarkdown {
    /// Reads a tracker written by ``render(_:)`` or by hand (see `RCA_TRACKER_EXAMPLE.md`).
    ///
    /// Lenient about layout (`-`/`*`/`+`/`1.` items, 2- or 4-space nesting, label synonyms such as `RCA` or
    /// `Files involved`, issues anywhere, `### For Issue N` fix paths), strict about what decides an issue's
    /// place in the tracker: a missing issue number, a duplicate number, or a status, severity, kind or
    /// confidence word it does not know is an error, because guessing would silently misfile the issue.
    /// Fields and sections the model has no place for are kept as ``ExtraField``s and ``ExtraSection``s.
    public static func parse(_ text: String) throws(TrackerImportError) -> TrackerDocument {
        var importer = TrackerImporter(lines: MarkdownOutline.lines(text))
        return try importer.run()
    }
}

private struct TrackerImporter {
    typealias Token = MarkdownOutline.Token
    typealias Node = MarkdownOutline.Node

    /// A top-level section kept as written, or a Minimal Fix Paths section whose `### For Issue N` parts
    /// can only be resolved once every issue is known (issues may come after their fix paths).
    enum Extra {
        case section(ExtraSection)
        case fixPaths(title: String, parts: [(issue: Int?, lines: ArraySlice<String>, options: [Bullet])])
    }

    let lines: [String]
    let tokens: [Token]
    var document = TrackerDocument(purpose: [], triageRules: [])
    /// Each issue's heading line, for the duplicate-number error.
    var issueLines: [Int: Int] = [:]
    var extras: [Extra] = []

    init(lines: [String]) {
        self.lines = lines
        self.tokens = MarkdownOutline.tokens(lines)
    }

    mutating func run() throws(TrackerImportError) -> TrackerDocument {
        // Sections start at `##` headings; the first `#` heading before any section is the title.
        var titleLine: Int?
        var starts: [Int] = []
        for (index, token) in tokens.enumerated() {
            guard case .heading(let level, let text) = token.kind else { continue }
            if level == 2 {
                starts.append(index)
            } else if level == 1, titleLine == nil, starts.isEmpty {
                document.title = text
                titleLine = token.line
            }
        }
        guard titleLine != nil || !starts.isEmpty else {
            throw TrackerImportError(
                line: 1, message: "this is not a tracker document: it has no '# ' title and no '## ' sections")
        }
        for (position, start) in starts.enumerated() {
            let end = position + 1 < starts.count ? starts[position + 1] : tokens.count
            let heading = tokens[start]
            guard case .heading(_, let title) = heading.kind else { continue }
            let bodyEnd = end < tokens.count ? tokens[end].line - 1 : lines.count
            try addSection(title, line: heading.line, tokens: tokens[(start + 1)..<end], lines: lines[heading.line..<bodyEnd])
        }
        // Text between the title and the first section is the document's opening: it belongs with Purpose.
        var preamble = Array(lines[0..<(starts.first.map { tokens[$0].line - 1 } ?? lines.count)])
        if let titleLine { preamble.remove(at: titleLine - 1) }
        preamble = Self.trimmingBlankLines(preamble[...])
        if !preamble.isEmpty {
            document.purpose = preamble + (document.purpose.isEmpty ? [] : [""] + document.purpose)
        }
        finish()
        return document
    }

    private mutating func addSection(
        _ title: String, line: Int, tokens: ArraySlice<Token>, lines: ArraySlice<String>
    ) throws(TrackerImportError) {
        let nodes = MarkdownOutline.outline(tokens)
        if let (number, issueTitle) = try Self.issueHeading(title, line: line) {
            if let first = issueLines[number] {
                throw TrackerImportError(
                    line: line,
                    message: "Issue \(number) appears twice (first at line \(first)); each issue needs its own number")
            }
            issueLines[number] = line
            document.issues.append(try Self.issue(number: number, title: issueTitle, nodes: nodes))
            return
        }
        switch DocumentWords.key(title) {
        case "purpose":
            document.purpose += Self.trimmingBlankLines(lines)
        case "triagerules":
            document.triageRules += Self.bullets(nodes)
        case "crossissuenotes":
            document.crossIssueNotes += Self.bullets(nodes)
        case "candidateinvestigationorder", "investigationorder":
            for node in Self.flattened(nodes) where node.kind.isText {
                document.investigationOrder.append(
                    InvestigationStep(text: node.text, issue: Self.issueReference(node.text)?.number))
            }
        case "currentevidencesources", "evidencesources":
            document.evidenceSources += Self.bullets(nodes)
        case "sessionupdatelog", "updatelog":
            var day = ""
            for node in Self.flattened(nodes) {
                if case .heading = node.kind {
                    day = node.text
                } else if node.kind.isText {
                    document.updateLog.append(UpdateEntry(date: day, text: node.text))
                }
            }
        case let key where key.hasPrefix("minimalfixpath") || key.hasPrefix("fixpath"):
            extras.append(.fixPaths(title: title, parts: Self.fixPathParts(tokens: tokens, lines: lines)))
        default:
            extras.append(.section(ExtraSection(title: title, lines: Self.trimmingBlankLines(lines))))
        }
    }

    /// Applies fix paths in document order (a later `REVISED` part replaces an earlier one, and both replace
    /// the issue's own Fix options) and keeps whatever names no known issue as an extra section.
    private mutating func finish() {
        document.issues.sort { $0.number < $1.number }
        for extra in extras {
            switch extra {
            case .section(let section):
                document.extraSections.append(section)
            case .fixPaths(let title, let parts):
                var kept: [String] = []
                for part in parts {
                    if let number = part.issue, let index = document.issues.firstIndex(where: { $0.number == number }) {
                        document.issues[index].fixOptions = part.options
                    } else {
                        kept += part.lines
                    }
                }
                let lines = Self.trimmingBlankLines(kept[...])
                if !lines.isEmpty { document.extraSections.append(ExtraSection(title: title, lines: lines)) }
            }
        }
    }

    /// Splits a Minimal Fix Paths section at its `###` headings; a heading that names `Issue N` makes a part
    /// whose list is that issue's fix options.
    private static func fixPathParts(
        tokens: ArraySlice<Token>, lines: ArraySlice<String>
    ) -> [(issue: Int?, lines: ArraySlice<String>, options: [Bullet])] {
        var bounds = tokens.indices.filter {
            if case .heading(3, _) = tokens[$0].kind { true } else { false }
        }
        if bounds.first != tokens.startIndex { bounds.insert(tokens.startIndex, at: 0) }
        return bounds.enumerated().map { position, begin in
            let end = position + 1 < bounds.count ? bounds[position + 1] : tokens.endIndex
            let lineBegin = begin == tokens.startIndex ? lines.startIndex : tokens[begin].line - 1
            let lineEnd = end == tokens.endIndex ? lines.endIndex : tokens[end].line - 1
            guard begin < tokens.endIndex, case .heading(3, let text) = tokens[begin].kind,
                let number = mentionedIssue(text)
            else { return (nil, lines[lineBegin..<lineEnd], []) }
            return (number, lines[lineBegin..<lineEnd], bullets(MarkdownOutline.outline(tokens[(begin + 1)..<end])))
        }
    }

    // MARK: Issue sections

    /// Maps each `- **Label**: value` item to its field; items without a label are notes, a fenced block
    /// outside any field is a sample, an unknown label is an ``ExtraField``.
    private static func issue(number: Int, title: String, nodes: [Node]) throws(TrackerImportError) -> TrackerIssue {
        var issue = TrackerIssue(number: number, title: title)
        /// A word from a fixed set (`High`, `Code defect`); nil when an optional field is empty, an error when it is
        /// unknown.
        func word<Word>(
            _ what: String, _ value: String, _ parse: (String) -> Word?, accepted: [String], line: Int, required: Bool = false
        ) throws(TrackerImportError) -> Word? {
            guard required || !value.isEmpty else { return nil }
            guard let word = parse(value) else {
                throw TrackerImportError(
                    line: line,
                    message: "Issue \(number) has an unknown \(what) '\(value)'; use one of " + accepted.joined(separator: ", "))
            }
            return word
        }
        for node in nodes {
            guard node.kind.isText, let (label, value) = fieldLabel(node.text) else {
                if case .code(let body) = node.kind {
                    issue.samples.append(body.joined(separator: "\n"))
                } else {
                    issue.notes += bullets([node])
                }
                continue
            }
            let children = bullets(node.children)
            let items = (value.isEmpty ? [] : [Bullet(value)]) + children
            guard let field = IssueField(label: label) else {
                issue.extraFields.append(ExtraField(label: label, value: value.isEmpty ? nil : value, items: children))
                continue
            }
            switch field {
            case .status:
                if let status = try word(
                    "status", value, IssueStatus.init(text:), accepted: IssueStatus.allCases.map(\.title), line: node.line,
                    required: true)
                {
                    issue.status = status
                }
                issue.notes += children
            case .fixed:
                if !value.isEmpty {
                    let split = value.firstRange(of: " in ")
                    let timeText = MarkdownOutline.trimmed(split.map { value[..<$0.lowerBound] } ?? value[...])
                    guard let time = time(timeText) else {
                        throw TrackerImportError(
                            line: node.line,
                            message: "Issue \(number) has a Fixed time '\(timeText)' that is not an RFC 3339 time "
                                + "such as 2026-03-12T10:00:00.000Z")
                    }
                    let version = split.map { codeOrText(String(value[$0.upperBound...])) }
                    issue.fix = FixRecord(time: time, version: version)
                }
                issue.notes += children
            case .severity:
                if let severity = try word("severity", value, IssueSeverity.init(text:), accepted: IssueSeverity.allCases.map(\.title), line: node.line) {
                    issue.severity = severity
                }
                issue.notes += children
            case .subsystem:
                issue.subsystem = value.isEmpty ? nil : value
                issue.notes += children
            case .kind:
                if let kind = try word("kind", value, IssueKind.init(text:), accepted: IssueKind.allCases.map(\.title), line: node.line) {
                    issue.kind = kind
                }
                issue.kindReasons += children
            case .confidence:
                if let confidence = try word("confidence", value, Confidence.init(text:), accepted: Confidence.allCases.map(\.title), line: node.line) {
                    issue.confidence = confidence
                }
                issue.confidenceReasons += children
            case .signatures:
                for item in items {
                    if let signature = signature(item) { issue.signatures.append(signature) } else { issue.notes.append(item) }
                }
            case .symptom(let name):
                issue.symptoms.append(symptom(name: name, items: items))
            case .occurrences:
                if let occurrences = occurrences(value: value, children: node.children) {
                    issue.occurrences = occurrences
                } else {
                    // A count written in words ("~40 per hour") is kept as written.
                    issue.extraFields.append(ExtraField(label: label, value: value.isEmpty ? nil : value, items: children))
                }
            case .samples:
                if !value.isEmpty { issue.samples.append(value) }
                for child in node.children {
                    if case .code(let body) = child.kind { issue.samples.append(body.joined(separator: "\n")) } else {
                        issue.samples.append(child.text)
                    }
                }
            case .related:
                for item in items {
                    if let (other, relation) = issueReference(item.text) {
                        issue.related.append(Relation(issue: other, relation: relation))
                    } else {
                        issue.notes.append(item)
                    }
                }
            case .behavior: issue.behavior += items
            case .primary: issue.primaryHypotheses += items
            case .secondary: issue.secondaryHypotheses += items
            case .evidence: issue.evidence += items
            case .files: issue.files += items
            case .questions: issue.questions += items
            case .downstream: issue.downstream += items
            case .fixOptions: issue.fixOptions += items
            case .validation: issue.validation += items
            case .notes: issue.notes += items
            }
        }
        return issue
    }

    /// `**Label**: value` (the report's form, read first, so a label ending in `:` survives) or `**Label:** value`.
    private static func fieldLabel(_ text: String) -> (label: String, value: String)? {
        guard text.hasPrefix("**") else { return nil }
        let body = text.dropFirst(2)
        // the first `**:` ends a label of the report's form, whatever stars the label holds (`***:` is `*`)
        guard let close = body.firstRange(of: "**:").map({ $0.lowerBound..<body.index($0.lowerBound, offsetBy: 2) })
            ?? body.firstRange(of: "**")
        else { return nil }
        var label = body[..<close.lowerBound]
        var rest = body[close.upperBound...]
        if rest.first == ":" {
            rest = rest.dropFirst()
        } else if label.hasSuffix(":") {
            label = label.dropLast()
        } else {
            return nil
        }
        return (MarkdownOutline.trimmed(label), MarkdownOutline.trimmed(rest))
    }

    /// `` `template` — id …; 12×; ERROR; first …; last … `` with a `Grouped: reason` child; nil without a code span
    /// (a sentence such as "No direct log signature yet", which the caller keeps as a note).
    private static func signature(_ item: Bullet) -> Signature? {
        guard let span = firstCodeSpan(in: item.text) else { return nil }
        var signature = Signature(id: TemplateID.of(span.content), template: span.content)
        let rest = MarkdownOutline.trimmed(item.text[span.end...])
        if let dash = rest.first, "—–-".contains(dash) {
            for part in rest.dropFirst().split(separator: ";").map(MarkdownOutline.trimmed) {
                if part.hasPrefix("id ") {
                    signature.id = MarkdownOutline.trimmed(part.dropFirst(3))
                } else if part.hasPrefix("first ") {
                    signature.firstSeen = time(String(part.dropFirst(6)))
                } else if part.hasPrefix("last ") {
                    signature.lastSeen = time(String(part.dropFirst(5)))
                } else if part.hasSuffix("×") || part.hasSuffix("x"), let count = Int(part.dropLast()) {
                    signature.count = count
                } else if let level = Level(name: part) {
                    signature.level = level
                }
            }
        }
        for child in item.children where child.text.lowercased().hasPrefix("grouped:") {
            signature.reason = MarkdownOutline.trimmed(child.text.dropFirst(8))
        }
        return signature
    }

    /// `` `value` (12) `` items and a last `… and N more`; an item without a leading code span is its plain text.
    private static func symptom(name: String, items: [Bullet]) -> Symptom {
        var values: [Symptom.Value] = []
        var more = 0
        // An empty item names no value, and Markdown has no empty code span to write one back.
        for item in items where !item.text.isEmpty {
            if let count = moreCount(item.text) {
                more += count
            } else if item.text.hasPrefix("`"), let span = firstCodeSpan(in: item.text) {
                let rest = MarkdownOutline.trimmed(item.text[span.end...])
                let count = rest.hasPrefix("(") && rest.hasSuffix(")") ? Int(rest.dropFirst().dropLast()) : nil
                values.append(Symptom.Value(span.content, count: count))
            } else {
                values.append(Symptom.Value(item.text))
            }
        }
        return Symptom(name: name, values: values, distinct: values.count + more)
    }

    private static func moreCount(_ text: String) -> Int? {
        guard text.hasPrefix("…") || text.hasPrefix("...") else { return nil }
        let words = text.drop { $0 == "…" || $0 == "." }.split(separator: " ")
        guard words.count == 3, words[0] == "and", words[2] == "more" else { return nil }
        return Int(words[1])
    }

    /// `12 (first …, last …)` with an optional histogram child; nil when it does not read as that.
    private static func occurrences(value: String, children: [Node]) -> Occurrences? {
        var occurrences = Occurrences()
        var head = Substring(value)
        if let open = head.firstIndex(of: "(") {
            guard head.hasSuffix(")") else { return nil }
            for part in head[head.index(after: open)...].dropLast().split(separator: ",").map(MarkdownOutline.trimmed) {
                if part.hasPrefix("first "), let first = time(String(part.dropFirst(6))) {
                    occurrences.firstSeen = first
                } else if part.hasPrefix("last "), let last = time(String(part.dropFirst(5))) {
                    occurrences.lastSeen = last
                } else {
                    return nil
                }
            }
            head = head[..<open]
        }
        guard let count = Int(MarkdownOutline.trimmed(head)) else { return nil }
        occurrences.count = count
        for child in children {
            guard case .item = child.kind, child.children.isEmpty, let (seconds, buckets) = histogram(child.text) else {
                return nil
            }
            occurrences.bucketSeconds = seconds
            occurrences.histogram = buckets
        }
        return occurrences
    }

    /// `Histogram (3600 s buckets from T): 5 0 3` (dense, zeros skipped) or `Histogram (3600 s buckets): T=5, T=3`.
    private static func histogram(_ text: String) -> (Int, [Occurrences.Bucket])? {
        guard text.lowercased().hasPrefix("histogram ("), let close = text.firstRange(of: "):") else { return nil }
        let header = text[text.index(text.startIndex, offsetBy: 11)..<close.lowerBound].split(separator: " ")
        let body = text[close.upperBound...]
        guard header.count >= 3, let seconds = Int(header[0]), header[1] == "s", header[2] == "buckets" else { return nil }
        var buckets: [Occurrences.Bucket] = []
        if header.count == 5, header[3] == "from", let first = time(String(header[4])) {
            for (offset, word) in body.split(separator: " ").enumerated() {
                guard let count = Int(word) else { return nil }
                let start = first.millisecondsSinceEpoch + Int64(offset) * Int64(seconds) * 1000
                if count != 0 {
                    buckets.append(Occurrences.Bucket(start: Timestamp(millisecondsSinceEpoch: start), count: count))
                }
            }
        } else if header.count == 3 {
            for pair in body.split(separator: ",").map(MarkdownOutline.trimmed) {
                guard let equals = pair.lastIndex(of: "="), let start = time(String(pair[..<equals])),
                    let count = Int(pair[pair.index(after: equals)...])
                else { return nil }
                buckets.append(Occurrences.Bucket(start: start, count: count))
            }
        } else {
            return nil
        }
        return (seconds, buckets)
    }

    // MARK: Shared readers

    /// Lists as bullets; a fenced block inside a list becomes one code-span bullet per line, the closest a
    /// one-line bullet comes to keeping it.
    static func bullets(_ nodes: [Node]) -> [Bullet] {
        nodes.flatMap { node -> [Bullet] in
            if case .code(let body) = node.kind {
                return body.filter { $0.contains { $0 != " " } }.map { Bullet(TrackerMarkdown.codeSpan($0)) }
            }
            return [Bullet(node.text, children: bullets(node.children))]
        }
    }

    /// Every node, depth first, for sections whose model is a flat list (investigation order, update log).
    static func flattened(_ nodes: [Node]) -> [Node] {
        nodes.flatMap { [$0] + flattened($0.children) }
    }

    /// `Issue 3: Title` → (3, "Title"); nil when the heading does not start with the word `Issue`.
    static func issueHeading(_ text: String, line: Int) throws(TrackerImportError) -> (Int, String)? {
        let lower = text.lowercased()
        guard lower.hasPrefix("issue"), !(lower.dropFirst(5).first?.isLetter ?? false) else { return nil }
        guard let reference = issueReference(text) else {
            throw TrackerImportError(
                line: line,
                message: "the heading '## \(text)' names an issue without a number; write it as '## Issue 7: Title'")
        }
        return reference
    }

    /// A leading `Issue N` (`Issue 3: …`, `Issue #3 — …`, `**Issue 3**: …`): the number and the text after it.
    static func issueReference(_ text: String) -> (number: Int, rest: String)? {
        var rest = Substring(text).drop { $0 == "*" }
        guard rest.lowercased().hasPrefix("issue") else { return nil }
        rest = rest.dropFirst(5).drop { $0 == " " || $0 == "#" }
        let digits = rest.prefix { ("0"..."9").contains($0) }
        guard (1...9).contains(digits.count), let number = Int(digits) else { return nil }
        rest = rest.dropFirst(digits.count).drop { $0 == "*" || $0 == " " }
        if let separator = rest.first, ":—–-.".contains(separator) { rest = rest.dropFirst() }
        return (number, MarkdownOutline.trimmed(rest))
    }

    /// The first `Issue N` anywhere in a heading such as `For Issue 3 (txtai init race) - REVISED:`.
    static func mentionedIssue(_ text: String) -> Int? {
        let words = text.split(separator: " ")
        for (word, next) in zip(words, words.dropFirst()) where word.filter(\.isLetter).lowercased() == "issue" {
            if let number = Int(next.drop { $0 == "#" }.prefix { ("0"..."9").contains($0) }) { return number }
        }
        return nil
    }

    /// The first code span: its content (one space stripped from each side when both are spaces, as CommonMark
    /// does and ``TrackerMarkdown/codeSpan(_:)`` expects) and where it ends.
    static func firstCodeSpan(in text: String) -> (content: String, end: String.Index)? {
        var index = text.startIndex
        while let open = text[index...].firstIndex(of: "`") {
            let run = text[open...].prefix { $0 == "`" }
            var search = run.endIndex
            while let close = text[search...].firstIndex(of: "`") {
                let closing = text[close...].prefix { $0 == "`" }
                if closing.count == run.count {
                    var content = text[run.endIndex..<close]
                    if content.count >= 2, content.first == " ", content.last == " ", content.contains(where: { $0 != " " }) {
                        content = content.dropFirst().dropLast()
                    }
                    return (String(content), closing.endIndex)
                }
                search = closing.endIndex
            }
            index = run.endIndex
        }
        return nil
    }

    /// A code span's content when the text is one (`` `1.4.2` ``), else the text.
    static func codeOrText(_ text: String) -> String {
        let text = MarkdownOutline.trimmed(text[...])
        if text.hasPrefix("`"), let span = firstCodeSpan(in: text), span.end == text.endIndex { return span.content }
        return text
    }

    static func time(_ text: String) -> Timestamp? { Timestamp(rfc3339: text) }

    static func trimmingBlankLines(_ lines: ArraySlice<String>) -> [String] {
        let isBlank = { (line: String) in line.allSatisfy { $0 == " " || $0 == "\t" } }
        guard let first = lines.firstIndex(where: { !isBlank($0) }), let last = lines.lastIndex(where: { !isBlank($0) })
        else { return [] }
        return Array(lines[first...last])
    }
}

/// An issue field by its label, matched case- and punctuation-insensitively, with the synonyms hand-written
/// trackers use (`RCA`, `Files involved`, `Log signature`, `Validation`…).
private enum IssueField {
    case status, fixed, severity, subsystem, kind, confidence, signatures, behavior, occurrences, samples
    case primary, secondary, evidence, files, questions, downstream, fixOptions, validation, related, notes
    /// `Observed endpoints in logs` → `endpoint`.
    case symptom(String)

    init?(label: String) {
        let lower = label.lowercased()
        if lower.hasPrefix("observed "), lower.hasSuffix(" in logs"), lower.count > 17 {
            self = .symptom(TrackerMarkdown.singular(String(label.dropFirst(9).dropLast(8))))
            return
        }
        switch DocumentWords.key(label) {
        case "status": self = .status
        case "fixed": self = .fixed
        case "severity": self = .severity
        case "subsystem": self = .subsystem
        case "kind": self = .kind
        case "confidence": self = .confidence
        case "errorsignatures", "errorsignature", "logsignatures", "logsignature", "signatures": self = .signatures
        case "observedbehavior", "observedbehaviour", "behavior", "behaviour": self = .behavior
        case "occurrences": self = .occurrences
        case "samplerecords", "samples": self = .samples
        case "primaryrcahypothesis", "primaryrcahypotheses", "rca": self = .primary
        case "secondaryrcahypothesis", "secondaryrcahypotheses": self = .secondary
        case "evidenceincode", "evidence": self = .evidence
        case "likelyfilestoinspecteditlater", "filesinvolved", "files": self = .files
        case "rootcausequestionstoanswer", "rootcausequestions": self = .questions
        case "potentialdownstreamimpact", "downstreamimpact": self = .downstream
        case "fixoptions": self = .fixOptions
        case "validationafterfix", "validation": self = .validation
        case "relatedissues": self = .related
        case "notes": self = .notes
        default: return nil
        }
    }
}

extension MarkdownOutline.Node.Kind {
    /// A list item or paragraph: something with text that can carry a field.
    fileprivate var isText: Bool {
        switch self {
        case .item, .paragraph: true
        case .heading, .code: false
        }
    }
}
