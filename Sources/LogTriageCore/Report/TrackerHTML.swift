/// The tracker as one self-contained HTML page: inline CSS, inline SVG charts, no scripts and no external assets,
/// so it can be attached to a ticket or opened offline. Every value from logs or documents is escaped — log text
/// is attacker-controlled. The same document always renders to the same bytes.
public enum TrackerHTML {
    public static func render(_ document: TrackerDocument) -> String {
        var out = """
            <!DOCTYPE html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <meta name="color-scheme" content="light dark">
            <title>\(escape(document.title))</title>
            <style>\(style)</style>
            </head>
            <body>
            <h1>\(escape(document.title))</h1>

            """
        if !document.purpose.isEmpty || !document.triageRules.isEmpty {
            out += "<details class=\"about\"><summary>Purpose and triage rules</summary>\n"
            out += markdownLines(document.purpose)
            if !document.triageRules.isEmpty { out += "<h3>Triage rules</h3>\n" + list(document.triageRules) }
            out += "</details>\n"
        }
        out += summary(document.issues)
        let numbers = Set(document.issues.map(\.number))
        for issue in document.issues { out += section(issue, known: numbers) }

        if !document.crossIssueNotes.isEmpty {
            out += "<section id=\"cross-issue-notes\">\n<h2>Cross-issue notes</h2>\n" + list(document.crossIssueNotes)
            out += "</section>\n"
        }
        if !document.investigationOrder.isEmpty {
            out += "<section id=\"investigation-order\">\n<h2>Candidate investigation order</h2>\n<ol>\n"
            for step in document.investigationOrder {
                out += "<li>" + inline(step.text)
                if let issue = step.issue { out += " (" + issueLink(issue, known: numbers) + ")" }
                out += "</li>\n"
            }
            out += "</ol>\n</section>\n"
        }
        if !document.evidenceSources.isEmpty {
            out += "<section id=\"evidence-sources\">\n<h2>Evidence sources</h2>\n" + list(document.evidenceSources)
            out += "</section>\n"
        }
        for section in document.extraSections {
            out += "<section class=\"extra\">\n<h2>\(escape(section.title))</h2>\n"
            out += "<pre>\(escape(section.lines.joined(separator: "\n")))</pre>\n</section>\n"
        }
        if !document.updateLog.isEmpty {
            out += "<section id=\"update-log\">\n<h2>Session update log</h2>\n"
            var date: String?
            for entry in document.updateLog {
                if entry.date != date {
                    if date != nil { out += "</ul>\n" }
                    date = entry.date
                    out += "<h3>\(escape(entry.date))</h3>\n<ul>\n"
                }
                out += "<li>\(inline(entry.text))</li>\n"
            }
            out += "</ul>\n</section>\n"
        }
        out += "</body>\n</html>\n"
        return out
    }

    // MARK: Issues

    private static func summary(_ issues: [TrackerIssue]) -> String {
        var out = "<section id=\"summary\">\n<h2>Issues</h2>\n"
        guard !issues.isEmpty else { return out + "<p class=\"muted\">No issues.</p>\n</section>\n" }
        out += "<table class=\"summary\">\n<thead><tr><th>#</th><th>Title</th><th>Status</th><th>Severity</th>"
        out += "<th>Kind</th><th>Subsystem</th><th>Count</th><th>First seen</th><th>Last seen</th></tr></thead>\n<tbody>\n"
        for issue in issues {
            let anchor = "#issue-\(issue.number)"
            out += "<tr><td class=\"num\"><a href=\"\(anchor)\">\(issue.number)</a></td>"
            out += "<td><a href=\"\(anchor)\">\(escape(issue.title))</a></td>"
            out += "<td>\(statusBadge(issue.status))</td><td>\(severityBadge(issue.severity))</td>"
            out += "<td>\(escape(issue.kind?.title ?? "—"))</td><td>\(escape(issue.subsystem ?? "—"))</td>"
            out += "<td class=\"num\">\(issue.occurrences.count)</td>"
            out += "<td>\(time(issue.occurrences.firstSeen))</td><td>\(time(issue.occurrences.lastSeen))</td></tr>\n"
        }
        return out + "</tbody>\n</table>\n</section>\n"
    }

    /// One issue's section; `href` links another issue (an anchor in the report, a page in the dashboard).
    static func section(_ issue: TrackerIssue, known: Set<Int>, href: (Int) -> String = { "#issue-\($0)" }) -> String {
        var out = "<section class=\"issue\" id=\"issue-\(issue.number)\">\n"
        out += "<h2><a href=\"#issue-\(issue.number)\">Issue \(issue.number)</a>: \(escape(issue.title))</h2>\n"
        out += "<p class=\"badges\">\(statusBadge(issue.status)) \(severityBadge(issue.severity))"
        if let kind = issue.kind { out += " <span class=\"badge kind\">\(escape(kind.title))</span>" }
        if let confidence = issue.confidence {
            out += " <span class=\"badge confidence\">Confidence: \(escape(confidence.title))</span>"
        }
        out += "</p>\n"
        if issue.subsystem != nil || issue.fix != nil {
            out += "<dl>\n"
            if let subsystem = issue.subsystem { out += "<dt>Subsystem</dt><dd>\(escape(subsystem))</dd>\n" }
            if let fix = issue.fix {
                out += "<dt>Fixed</dt><dd>\(time(fix.time))"
                if let version = fix.version { out += " in <code>\(escape(version))</code>" }
                out += "</dd>\n"
            }
            out += "</dl>\n"
        }
        out += field("Why this kind", issue.kindReasons)
        out += field("Why this confidence", issue.confidenceReasons)
        out += signatures(issue.signatures)
        out += symptoms(issue.symptoms)
        out += field("Observed behavior", issue.behavior)
        out += occurrences(issue.occurrences)
        if !issue.samples.isEmpty {
            out += "<h3>Samples</h3>\n"
            for sample in issue.samples { out += "<pre class=\"sample\">\(escape(sample))</pre>\n" }
        }
        out += field("Primary RCA hypothesis", issue.primaryHypotheses)
        out += field("Secondary RCA hypotheses", issue.secondaryHypotheses)
        out += field("Evidence in code", issue.evidence)
        out += field("Files to inspect", issue.files)
        out += field("Root-cause questions", issue.questions)
        out += field("Downstream impact", issue.downstream)
        out += field("Fix options", issue.fixOptions)
        out += field("Validation after fix", issue.validation)
        if !issue.related.isEmpty {
            out += "<h3>Related</h3>\n<ul>\n"
            for relation in issue.related {
                out += "<li>\(escape(relation.relation)) \(issueLink(relation.issue, known: known, href: href))</li>\n"
            }
            out += "</ul>\n"
        }
        out += field("Notes", issue.notes)
        for extra in issue.extraFields {
            out += "<h3>\(escape(extra.label))</h3>\n"
            if let value = extra.value, !value.isEmpty { out += "<p>\(inline(value))</p>\n" }
            if !extra.items.isEmpty { out += list(extra.items) }
        }
        return out + "</section>\n"
    }

    private static func field(_ title: String, _ bullets: [Bullet]) -> String {
        bullets.isEmpty ? "" : "<h3>\(escape(title))</h3>\n" + list(bullets)
    }

    static func signatures(_ signatures: [Signature]) -> String {
        guard !signatures.isEmpty else { return "" }
        var out = "<h3>Error signatures</h3>\n<table class=\"signatures\">\n<thead><tr><th>ID</th><th>Template</th>"
        out += "<th>Count</th><th>Level</th><th>First seen</th><th>Last seen</th><th>Why here</th></tr></thead>\n<tbody>\n"
        for signature in signatures {
            out += "<tr><td><code>\(escape(signature.id))</code></td><td><code>\(escape(signature.template))</code></td>"
            out += "<td class=\"num\">\(signature.count)</td><td>\(escape(signature.level?.name ?? "—"))</td>"
            out += "<td>\(time(signature.firstSeen))</td><td>\(time(signature.lastSeen))</td>"
            out += "<td>\(escape(signature.reason ?? ""))</td></tr>\n"
        }
        return out + "</tbody>\n</table>\n"
    }

    private static func symptoms(_ symptoms: [Symptom]) -> String {
        guard !symptoms.isEmpty else { return "" }
        var out = "<h3>Observed symptoms</h3>\n"
        for symptom in symptoms {
            out += "<h4>\(escape(symptom.name)) <span class=\"muted\">(\(symptom.distinct) distinct)</span></h4>\n<ul>\n"
            for value in symptom.values {
                out += "<li><code>\(escape(value.value))</code>"
                if let count = value.count { out += " <span class=\"muted\">×\(count)</span>" }
                out += "</li>\n"
            }
            if symptom.distinct > symptom.values.count {
                out += "<li class=\"muted\">… \(symptom.distinct - symptom.values.count) more</li>\n"
            }
            out += "</ul>\n"
        }
        return out
    }

    private static func occurrences(_ occurrences: Occurrences) -> String {
        var out = "<h3>Occurrences</h3>\n<p>\(occurrences.count) occurrence\(occurrences.count == 1 ? "" : "s")"
        if occurrences.firstSeen != nil || occurrences.lastSeen != nil {
            out += ", first \(time(occurrences.firstSeen)), last \(time(occurrences.lastSeen))"
        }
        out += "</p>\n"
        return out + timeline(occurrences)
    }

    // MARK: Timeline chart

    private static let chartWidth: Int64 = 600
    private static let plotTop: Int64 = 14
    private static let plotBottom: Int64 = 110

    /// Bars per histogram bucket, placed by time so gaps between buckets show as gaps.
    static func timeline(_ occurrences: Occurrences) -> String {
        let buckets = occurrences.histogram
        guard let first = buckets.first, let last = buckets.last else {
            return "<p class=\"muted\">no timed occurrences</p>\n"
        }
        let bucketMs = Int64(max(1, occurrences.bucketSeconds)) * 1000
        let starts = buckets.map(\.start.millisecondsSinceEpoch)
        let origin = starts.min() ?? 0
        let end = (starts.max() ?? 0) + bucketMs
        let span = max(1, end - origin)
        let maxCount = Int64(max(1, buckets.map(\.count).max() ?? 1))
        let plotHeight = plotBottom - plotTop
        let slot = bucketMs * chartWidth / span
        let width = max(1, slot > 3 ? slot - 1 : slot)

        var out = "<svg class=\"chart\" viewBox=\"0 0 \(chartWidth) 132\" role=\"img\" "
        out += "aria-label=\"Occurrences per \(duration(occurrences.bucketSeconds))\">\n"
        out += "<text x=\"0\" y=\"10\">max \(maxCount) per \(duration(occurrences.bucketSeconds))</text>\n"
        for bucket in buckets {
            let x = (bucket.start.millisecondsSinceEpoch - origin) * chartWidth / span
            let count = Int64(max(0, bucket.count))
            let height = count == 0 ? 0 : max(1, count * plotHeight / maxCount)
            out += "<rect x=\"\(x)\" y=\"\(plotBottom - height)\" width=\"\(width)\" height=\"\(height)\">"
            out += "<title>\(bucket.start.rfc3339): \(bucket.count)</title></rect>\n"
        }
        out += "<line x1=\"0\" y1=\"\(plotBottom)\" x2=\"\(chartWidth)\" y2=\"\(plotBottom)\"/>\n"
        out += "<text x=\"0\" y=\"126\">\(first.start.rfc3339)</text>\n"
        if buckets.count > 1 {
            out += "<text x=\"\(chartWidth)\" y=\"126\" text-anchor=\"end\">\(last.start.rfc3339)</text>\n"
        }
        return out + "</svg>\n"
    }

    /// `3600` → `1h`: the bucket size in the chart's caption.
    static func duration(_ seconds: Int) -> String {
        for (unit, size) in [("d", 86_400), ("h", 3600), ("min", 60)] where seconds >= size && seconds % size == 0 {
            return "\(seconds / size)\(unit)"
        }
        return "\(seconds)s"
    }

    // MARK: Pieces

    static func statusBadge(_ status: IssueStatus) -> String {
        "<span class=\"badge status-\(status.rawValue)\">\(escape(status.title))</span>"
    }

    static func severityBadge(_ severity: IssueSeverity) -> String {
        "<span class=\"badge severity-\(severity.rawValue)\">\(escape(severity.title))</span>"
    }

    /// A link to an issue in this page, or plain text when the document has no such issue.
    static func issueLink(_ number: Int, known: Set<Int>, href: (Int) -> String = { "#issue-\($0)" }) -> String {
        known.contains(number) ? "<a href=\"\(href(number))\">Issue \(number)</a>" : "Issue \(number)"
    }

    static func time(_ timestamp: Timestamp?) -> String {
        timestamp.map { "<time>\($0.rfc3339)</time>" } ?? "—"
    }

    static func list(_ bullets: [Bullet]) -> String {
        var out = "<ul>\n"
        for bullet in bullets {
            out += "<li>" + inline(bullet.text)
            if !bullet.children.isEmpty { out += "\n" + list(bullet.children) }
            out += "</li>\n"
        }
        return out + "</ul>\n"
    }

    /// Purpose lines as written: `- item` lines become a list, other non-blank lines paragraphs.
    private static func markdownLines(_ lines: [String]) -> String {
        var out = ""
        var inList = false
        for line in lines {
            let isItem = line.hasPrefix("- ") || line.hasPrefix("* ")
            if isItem != inList {
                out += isItem ? "<ul>\n" : "</ul>\n"
                inList = isItem
            }
            if isItem {
                out += "<li>\(inline(String(line.dropFirst(2))))</li>\n"
            } else if !line.allSatisfy(\.isWhitespace) {
                out += "<p>\(inline(line))</p>\n"
            }
        }
        return out + (inList ? "</ul>\n" : "")
    }

    /// Document text: escaped, with Markdown code spans and `**bold**` kept as `<code>` and `<strong>`
    /// (the tracker's bullets are Markdown). An unmatched marker stays as literal text.
    static func inline(_ text: String) -> String {
        alternate(text[...], marker: "`", tag: "code", inner: { escape(String($0)) }) { part in
            alternate(part, marker: "**", tag: "strong", inner: { escape(String($0)) }, outer: { escape(String($0)) })
        }
    }

    /// Splits `text` on `marker`; odd pieces (between a pair of markers) are wrapped in `tag`.
    private static func alternate(
        _ text: Substring, marker: String, tag: String, inner: (Substring) -> String, outer: (Substring) -> String
    ) -> String {
        var pieces: [Substring] = []
        var rest = text
        while let range = rest.firstRange(of: marker) {
            pieces.append(rest[..<range.lowerBound])
            rest = rest[range.upperBound...]
        }
        pieces.append(rest)
        var out = ""
        for (index, piece) in pieces.enumerated() {
            let isInner = index % 2 == 1
            if isInner && index < pieces.count - 1 {
                out += "<\(tag)>" + inner(piece) + "</\(tag)>"
            } else {
                if isInner { out += escape(marker) }
                out += outer(piece)
            }
        }
        return out
    }

    /// Escapes the five characters that matter in text and attribute values.
    public static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for character in text.unicodeScalars {
            switch character {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.unicodeScalars.append(character)
            }
        }
        return out
    }

    static let style = """

        :root{--bg:#fff;--fg:#1f2328;--muted:#59636e;--border:#d1d9e0;--code:#f6f8fa;--link:#0969da;--bar:#0969da}
        @media (prefers-color-scheme:dark){:root{--bg:#0d1117;--fg:#e6edf3;--muted:#9198a1;--border:#3d444d;\
        --code:#161b22;--link:#4493f8;--bar:#4493f8}}
        body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;background:var(--bg);color:var(--fg);\
        max-width:75rem;margin:0 auto;padding:1rem 1.5rem;line-height:1.5}
        a{color:var(--link)}
        code,pre{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;font-size:.9em;background:var(--code)}
        code{padding:.1em .3em;border-radius:4px}
        td code{white-space:pre-wrap;overflow-wrap:anywhere}
        pre{padding:.6em .8em;border:1px solid var(--border);border-radius:6px;white-space:pre-wrap;overflow-wrap:anywhere}
        table{border-collapse:collapse;width:100%;margin:.5em 0}
        th,td{border:1px solid var(--border);padding:.3em .5em;text-align:left;vertical-align:top}
        th{background:var(--code)}
        td.num{text-align:right;font-variant-numeric:tabular-nums}
        section.issue{border-top:2px solid var(--border);margin-top:2rem}
        dt{font-weight:600;float:left;clear:left;margin-right:.5em}
        dd{margin:0 0 .2em 0}
        .muted{color:var(--muted)}
        .badge{display:inline-block;padding:0 .55em;border-radius:1em;font-size:.8em;font-weight:600;white-space:nowrap;\
        color:#fff;background:#6e7781}
        .badge.kind,.badge.confidence{color:var(--fg);background:transparent;border:1px solid var(--border)}
        .status-open{background:#cf222e}.status-investigating{background:#d4a72c;color:#1f2328}
        .status-root-cause-confirmed{background:#8250df}.status-fixed{background:#1a7f37}
        .status-verified{background:#116329}.status-regressed{background:#a40e26}
        .status-observed,.status-wontfix{background:#6e7781}
        .severity-critical{background:#82071e}.severity-high{background:#cf222e}
        .severity-medium{background:#d4a72c;color:#1f2328}.severity-low{background:#6e7781}
        .chart{display:block;width:100%;max-width:40rem;height:auto;margin:.5em 0}
        .chart rect{fill:var(--bar)}
        .chart line{stroke:var(--border)}
        .chart text{fill:var(--muted);font-size:11px;font-family:ui-monospace,monospace}

        """
}
