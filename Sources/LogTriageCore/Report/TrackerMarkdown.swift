/// The tracker as a Markdown document, in the shape of a hand-kept RCA tracker (purpose, triage rules, one
/// `## Issue N: Title` section of `- **Label**: value` fields per issue, notes, investigation order, evidence
/// sources, dated update log).
///
/// ``render(_:)`` is deterministic and ``parse(_:)`` reads it back exactly, so a tracker can be generated,
/// edited by hand, imported and generated again without losing anything the model holds.
public enum TrackerMarkdown {
    public static func render(_ document: TrackerDocument) -> String {
        // Blocks are separated by one blank line.
        var blocks: [[String]] = [["# " + oneLine(document.title)]]
        func section(_ title: String, _ lines: [String], always: Bool = false) {
            guard always || !lines.isEmpty else { return }
            blocks.append(["## " + title])
            if !lines.isEmpty { blocks.append(MarkdownOutline.closingOpenFence(lines)) }
        }
        section("Purpose", document.purpose, always: true)
        section("Triage Rules", bulletLines(document.triageRules), always: true)
        let issues = document.issues.enumerated().sorted { ($0.element.number, $0.offset) < ($1.element.number, $1.offset) }
        for (_, issue) in issues {
            let title = oneLine(issue.title)
            section("Issue \(issue.number)" + (title.isEmpty ? "" : ": " + title), issueLines(issue), always: true)
        }
        section("Cross-Issue Notes", bulletLines(document.crossIssueNotes))
        section(
            "Candidate Investigation Order",
            document.investigationOrder.enumerated().map { "\($0.offset + 1). " + oneLine($0.element.text) }
        )
        section("Current Evidence Sources", bulletLines(document.evidenceSources))
        for extra in document.extraSections {
            section(oneLine(extra.title), extra.lines, always: true)
        }
        if !document.updateLog.isEmpty {
            blocks.append(["## Session Update Log"])
            // Days in order of first appearance; entries without a day go first, under no heading.
            var days: [String] = []
            for entry in document.updateLog where !days.contains(entry.date) { days.append(entry.date) }
            if let undated = days.firstIndex(of: "") { days.insert(days.remove(at: undated), at: 0) }
            for day in days {
                if !day.isEmpty { blocks.append(["### " + oneLine(day)]) }
                blocks.append(document.updateLog.filter { $0.date == day }.map { "- " + oneLine($0.text) })
            }
        }
        return blocks.map { $0.joined(separator: "\n") }.joined(separator: "\n\n") + "\n"
    }

    // MARK: Issue fields

    static func issueLines(_ issue: TrackerIssue) -> [String] {
        var lines: [String] = []
        func field(_ label: String, _ value: String? = nil, _ items: [Bullet] = []) {
            let value = value.map(oneLine) ?? ""
            guard !value.isEmpty || !items.isEmpty else { return }
            lines.append("- **\(label)**:" + (value.isEmpty ? "" : " " + value))
            appendBullets(items, depth: 1, to: &lines)
        }
        field("Status", issue.status.title)
        if let fix = issue.fix {
            field("Fixed", fix.time.rfc3339 + (fix.version.map { " in " + codeSpan($0) } ?? ""))
        }
        field("Severity", issue.severity.title)
        field("Subsystem", issue.subsystem)
        field("Kind", issue.kind?.title, issue.kindReasons)
        field("Confidence", issue.confidence?.title, issue.confidenceReasons)
        field("Error signatures", nil, issue.signatures.map(signatureBullet))
        for symptom in issue.symptoms {
            var items = symptom.values.map { Bullet(codeSpan($0.value) + ($0.count.map { " (\($0))" } ?? "")) }
            if symptom.distinct > symptom.values.count {
                items.append(Bullet("… and \(symptom.distinct - symptom.values.count) more"))
            }
            field("Observed \(plural(symptom.name)) in logs", nil, items)
        }
        field("Observed behavior", nil, issue.behavior)
        field("Occurrences", occurrencesValue(issue.occurrences), histogramBullets(issue.occurrences))
        if !issue.samples.isEmpty {
            lines.append("- **Sample records**:")
            for sample in issue.samples { appendFence(sample, to: &lines) }
        }
        field("Primary RCA hypothesis", nil, issue.primaryHypotheses)
        field("Secondary RCA hypotheses", nil, issue.secondaryHypotheses)
        field("Evidence in code", nil, issue.evidence)
        field("Likely files to inspect/edit later", nil, issue.files)
        field("Root-cause questions to answer", nil, issue.questions)
        field("Potential downstream impact", nil, issue.downstream)
        field("Fix options", nil, issue.fixOptions)
        field("Validation after fix", nil, issue.validation)
        field(
            "Related issues", nil,
            issue.related.map { Bullet("Issue \($0.issue)" + ($0.relation.isEmpty ? "" : ": " + $0.relation)) }
        )
        for extra in issue.extraFields {
            // Written even when empty: the label alone is what the person wrote.
            let value = extra.value.map(oneLine) ?? ""
            lines.append("- **\(oneLine(extra.label))**:" + (value.isEmpty ? "" : " " + value))
            appendBullets(extra.items, depth: 1, to: &lines)
        }
        field("Notes", nil, issue.notes)
        return lines
    }

    /// `` `template` — id 3f2a…; 12×; ERROR; first …; last … `` with the grouping reason under it.
    static func signatureBullet(_ signature: Signature) -> Bullet {
        var parts: [String] = []
        if signature.count > 0 || signature.id != TemplateID.of(signature.template) { parts.append("id " + signature.id) }
        if signature.count > 0 { parts.append("\(signature.count)×") }
        if let level = signature.level { parts.append(level.name) }
        if let first = signature.firstSeen { parts.append("first " + first.rfc3339) }
        if let last = signature.lastSeen { parts.append("last " + last.rfc3339) }
        let text = codeSpan(signature.template) + (parts.isEmpty ? "" : " — " + parts.joined(separator: "; "))
        return Bullet(text, children: signature.reason.map { [Bullet("Grouped: " + $0)] } ?? [])
    }

    static func occurrencesValue(_ occurrences: Occurrences) -> String? {
        guard occurrences.count != 0 || occurrences.firstSeen != nil || occurrences.lastSeen != nil
            || !occurrences.histogram.isEmpty
        else { return nil }
        let times = [occurrences.firstSeen.map { "first " + $0.rfc3339 }, occurrences.lastSeen.map { "last " + $0.rfc3339 }]
            .compactMap { $0 }
        return "\(occurrences.count)" + (times.isEmpty ? "" : " (" + times.joined(separator: ", ") + ")")
    }

    /// Dense counts from the first bucket (`5 0 3`) read well and diff well; buckets that are unordered,
    /// off the grid, zero, or span more than 500 steps are listed one by one instead.
    static func histogramBullets(_ occurrences: Occurrences) -> [Bullet] {
        let buckets = occurrences.histogram
        guard let first = buckets.first?.start.millisecondsSinceEpoch else { return [] }
        let seconds = occurrences.bucketSeconds
        let step = Int64(seconds) * 1000
        // Each bucket's step index from the first, when every bucket sits on the grid, in order, non-zero.
        let steps = buckets.map { bucket -> Int64? in
            let offset = bucket.start.millisecondsSinceEpoch - first
            return step > 0 && offset % step == 0 && bucket.count > 0 ? offset / step : nil
        }
        let ordered = zip(steps, steps.dropFirst()).allSatisfy { previous, next in
            guard let previous, let next else { return false }
            return previous < next
        }
        if ordered, let last = steps.last ?? nil, last < 500 {
            var counts = [Int](repeating: 0, count: Int(last) + 1)
            for (bucket, index) in zip(buckets, steps) { counts[Int(index ?? 0)] = bucket.count }
            let start = Timestamp(millisecondsSinceEpoch: first).rfc3339
            return [Bullet("Histogram (\(seconds) s buckets from \(start)): " + counts.map(String.init).joined(separator: " "))]
        }
        let pairs = buckets.map { "\($0.start.rfc3339)=\($0.count)" }.joined(separator: ", ")
        return [Bullet("Histogram (\(seconds) s buckets): \(pairs)")]
    }

    /// A sample as a fenced block under its field, with a fence longer than any backtick run inside it.
    static func appendFence(_ sample: String, to lines: inout [String]) {
        let fence = String(repeating: "`", count: max(3, longestBacktickRun(sample) + 1))
        lines.append("  " + fence + "text")
        for line in sample.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline) {
            lines.append(line.isEmpty ? "" : "  " + line)
        }
        lines.append("  " + fence)
    }

    // MARK: Inline text

    static func bulletLines(_ bullets: [Bullet]) -> [String] {
        var lines: [String] = []
        appendBullets(bullets, depth: 0, to: &lines)
        return lines
    }

    static func appendBullets(_ bullets: [Bullet], depth: Int, to lines: inout [String]) {
        for bullet in bullets {
            let text = oneLine(bullet.text)
            lines.append(String(repeating: "  ", count: depth) + (text.isEmpty ? "-" : "- " + text))
            appendBullets(bullet.children, depth: depth + 1, to: &lines)
        }
    }

    /// A list item or heading is one line: line breaks become spaces.
    /// The text on one line: the line breaks the import splits at (`\n`, `\r\n`, `\r`) become spaces. Other
    /// characters Unicode calls newlines (`\u{0B}`, `\u{2028}`) stay, as the import keeps them, so that
    /// report → import → report gives the same document.
    static func oneLine(_ text: String) -> String {
        guard text.contains(where: Self.isLineBreak) else { return text }
        return String(text.map { Self.isLineBreak($0) ? " " : $0 })
    }

    private static func isLineBreak(_ character: Character) -> Bool {
        character == "\n" || character == "\r\n" || character == "\r"
    }

    /// A code span whose fence is longer than any backtick run inside, padded with spaces when the content
    /// has backticks or would lose its own edge spaces (the CommonMark rule the parser undoes).
    static func codeSpan(_ text: String) -> String {
        let text = oneLine(text)
        let run = longestBacktickRun(text)
        let fence = String(repeating: "`", count: run + 1)
        let pad = run > 0 || (text.first == " " && text.last == " " && text.contains { $0 != " " })
        return pad ? fence + " " + text + " " + fence : fence + text + fence
    }

    static func longestBacktickRun(_ text: String) -> Int {
        var longest = 0
        var run = 0
        for character in text {
            run = character == "`" ? run + 1 : 0
            longest = max(longest, run)
        }
        return longest
    }

    /// `status` → `statuses`, `query` → `queries`, `endpoint` → `endpoints`; ``singular(_:)`` undoes it.
    static func plural(_ name: String) -> String {
        if ["s", "x", "ch", "sh"].contains(where: { name.hasSuffix($0) }) { return name + "es" }
        if name.hasSuffix("y"), let before = name.dropLast().last, !"aeiou".contains(before) {
            return String(name.dropLast()) + "ies"
        }
        return name + "s"
    }

    /// `statuses` → `status`, `addresses` → `address`, `responses` → `response`, `endpoints` → `endpoint`.
    static func singular(_ word: String) -> String {
        if word.hasSuffix("ies"), word.count > 3 { return String(word.dropLast(3)) + "y" }
        if ["sses", "xes", "ches", "shes"].contains(where: { word.hasSuffix($0) }) { return String(word.dropLast(2)) }
        // `statuses`, `viruses` (consonant before -uses) but `causes`, `houses`.
        if word.hasSuffix("uses"), let before = word.dropLast(4).last, !"aeiou".contains(before) {
            return String(word.dropLast(2))
        }
        if word.hasSuffix("s"), !word.hasSuffix("ss") { return String(word.dropLast()) }
        return word
    }
}
