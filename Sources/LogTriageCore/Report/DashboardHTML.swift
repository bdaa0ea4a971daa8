/// The pages of `logtriage serve`'s dashboard, rendered on the server so they read with JavaScript off: the issue
/// list, one issue with its edit forms, the cause → effect graph, the investigation order and the update log.
/// Every value from logs is escaped; the pages load one stylesheet and one script from the server itself, so a
/// Content-Security-Policy can forbid everything inline.
public enum DashboardHTML {
    /// What the issue list shows, from the query string: `?status=open&kind=external&q=timeout`.
    public struct Filter: Sendable, Hashable {
        public var status: IssueStatus?
        public var kind: IssueKind?
        public var severity: IssueSeverity?
        public var subsystem: String?
        public var query: String?

        public init(status: IssueStatus? = nil, kind: IssueKind? = nil, severity: IssueSeverity? = nil, subsystem: String? = nil, query: String? = nil) {
            self.status = status
            self.kind = kind
            self.severity = severity
            self.subsystem = subsystem
            self.query = query
        }

        /// From query parameters; unknown values are ignored (a hand-edited URL still shows a list).
        public init(parameters: [String: String]) {
            func value(_ key: String) -> String? { parameters[key].flatMap { $0.isEmpty ? nil : $0 } }
            status = value("status").flatMap(IssueStatus.init(rawValue:))
            kind = value("kind").flatMap(IssueKind.init(rawValue:))
            severity = value("severity").flatMap(IssueSeverity.init(rawValue:))
            subsystem = value("subsystem")
            query = value("q")
        }

        public func matches(_ issue: TrackerIssue) -> Bool {
            if let status, issue.status != status { return false }
            if let kind, issue.kind != kind { return false }
            if let severity, issue.severity != severity { return false }
            if let subsystem, issue.subsystem != subsystem { return false }
            if let query {
                let words = query.lowercased().split(separator: " ")
                let text = ([issue.title, issue.subsystem ?? "", "\(issue.number)"] + issue.signatures.map(\.template)).joined(separator: " ")
                    .lowercased()
                return words.allSatisfy { text.contains($0) }
            }
            return true
        }
    }

    // MARK: Pages

    /// `csrf` signs the form that scans a log on this machine; `notice` and `error` report the last scan.
    public static func issueList(_ document: TrackerDocument, filter: Filter, csrf: String, notice: String? = nil, error: String? = nil) -> String {
        let shown = document.issues.filter(filter.matches)
        var out = "<h1>Issues</h1>\n"
        if let notice { out += "<p class=\"notice\" role=\"status\">\(escape(notice))</p>\n" }
        if let error { out += "<p class=\"error\" role=\"alert\">\(escape(error))</p>\n" }
        out += "<details class=\"scan\"\(document.issues.isEmpty ? " open" : "")><summary>Scan a log on this machine</summary>\n"
        out += form("/scan", csrf: csrf, submit: "Scan") {
            "<input name=\"path\" size=\"60\" placeholder=\"/var/log/app/api.log or a directory\" aria-label=\"Log file or directory\">\n"
        }
        out += "</details>\n"
        out += "<form class=\"filters\" method=\"get\" action=\"/\" role=\"search\">\n"
        out += "<input id=\"q\" name=\"q\" type=\"search\" placeholder=\"Search titles and signatures (/)\" value=\"\(escape(filter.query ?? ""))\">\n"
        out += select("status", IssueStatus.allCases.map { ($0.rawValue, $0.title) }, selected: filter.status?.rawValue, any: "Any status")
        out += select("kind", IssueKind.allCases.map { ($0.rawValue, $0.title) }, selected: filter.kind?.rawValue, any: "Any kind")
        out += select("severity", IssueSeverity.allCases.reversed().map { ($0.rawValue, $0.title) }, selected: filter.severity?.rawValue, any: "Any severity")
        let subsystems = Set(document.issues.compactMap(\.subsystem)).sorted()
        out += select("subsystem", subsystems.map { ($0, $0) }, selected: filter.subsystem, any: "Any subsystem")
        out += "<button type=\"submit\">Filter</button>\n</form>\n"
        var counts: [IssueStatus: Int] = [:]
        for issue in document.issues { counts[issue.status, default: 0] += 1 }
        out += "<p class=\"counts\">\(shown.count) of \(document.issues.count) issue\(document.issues.count == 1 ? "" : "s")"
        for status in IssueStatus.allCases where counts[status] != nil {
            out += " · <a href=\"/?status=\(status.rawValue)\">\(counts[status]!) \(escape(status.title.lowercased()))</a>"
        }
        out += "</p>\n"
        guard !shown.isEmpty else { return out + "<p class=\"muted\">No issue matches.</p>\n" }
        // A page stays quick on a tracker of thousands: the most urgent first, the rest one filter away.
        let limit = 500
        let ranked = TrackerSummary.ranked(shown)
        let rows = ranked.prefix(limit)
        out += "<table class=\"issues\">\n<thead><tr><th>#</th><th>Title</th><th>Status</th><th>Severity</th><th>Kind</th>"
        out += "<th>Subsystem</th><th>Count</th><th>Occurrences</th><th>Last seen</th></tr></thead>\n<tbody>\n"
        for issue in rows {
            let href = "/issues/\(issue.number)"
            out += "<tr data-row data-href=\"\(href)\"><td class=\"num\">\(issue.number)</td>"
            out += "<td><a href=\"\(href)\">\(escape(issue.title))</a></td>"
            out += "<td>\(TrackerHTML.statusBadge(issue.status))</td><td>\(TrackerHTML.severityBadge(issue.severity))</td>"
            out += "<td>\(escape(issue.kind?.title ?? "—"))</td><td>\(escape(issue.subsystem ?? "—"))</td>"
            out += "<td class=\"num\">\(issue.occurrences.count)</td><td>\(sparkline(issue.occurrences))</td>"
            out += "<td>\(shortTime(issue.occurrences.lastSeen))</td></tr>\n"
        }
        out += "</tbody>\n</table>\n"
        if ranked.count > limit {
            out += "<p class=\"muted\">The \(limit) most urgent of \(ranked.count) are shown; filter or search for the others.</p>\n"
        }
        return out
    }

    /// One issue: every field, then the forms that change it. `notice` and `error` report the last edit.
    public static func issuePage(_ issue: TrackerIssue, document: TrackerDocument, csrf: String, notice: String? = nil, error: String? = nil) -> String {
        var out = ""
        if let notice { out += "<p class=\"notice\" role=\"status\">\(escape(notice))</p>\n" }
        if let error { out += "<p class=\"error\" role=\"alert\">\(escape(error))</p>\n" }
        let known = Set(document.issues.map(\.number))
        out += TrackerHTML.section(issue, known: known) { "/issues/\($0)" }
        out += "<section class=\"edit\" id=\"edit\">\n<h2>Change</h2>\n"
        let path = "/issues/\(issue.number)"
        out += form(path + "/status", csrf: csrf, submit: "Set status") {
            var fields = select("status", IssueStatus.allCases.map { ($0.rawValue, $0.title) }, selected: issue.status.rawValue, any: nil)
            fields += "<input name=\"version\" placeholder=\"fix version (for Fixed)\">\n"
            fields += "<label><input type=\"checkbox\" name=\"force\" value=\"1\"> skip the lifecycle's checks</label>\n"
            return fields
        }
        out += form(path + "/edit", csrf: csrf, submit: "Save") {
            var fields = "<input name=\"title\" value=\"\(escape(issue.title))\" aria-label=\"Title\" size=\"60\">\n"
            fields += select("kind", IssueKind.allCases.map { ($0.rawValue, $0.title) }, selected: issue.kind?.rawValue, any: "Kind: unset")
            fields += select("severity", IssueSeverity.allCases.map { ($0.rawValue, $0.title) }, selected: issue.severity.rawValue, any: nil)
            return fields
        }
        out += form(path + "/note", csrf: csrf, submit: "Add note") {
            "<textarea name=\"note\" rows=\"2\" cols=\"60\" aria-label=\"Note\" placeholder=\"A note\"></textarea>\n"
        }
        if document.issues.count > 1 {
            out += form(path + "/merge", csrf: csrf, submit: "Merge that issue into this one") {
                "<input name=\"other\" type=\"number\" min=\"1\" placeholder=\"issue number\" aria-label=\"Issue to merge into this one\">\n"
            }
        }
        if issue.signatures.count > 1 {
            out += form(path + "/split", csrf: csrf, submit: "Split into a new issue") {
                issue.signatures.map { signature in
                    "<label class=\"block\"><input type=\"checkbox\" name=\"signature\" value=\"\(escape(signature.id))\"> <code>\(escape(signature.template))</code></label>\n"
                }.joined()
            }
        }
        return out + "</section>\n"
    }

    public static func investigationOrder(_ document: TrackerDocument) -> String {
        var out = "<h1>Investigation order</h1>\n"
        guard !document.investigationOrder.isEmpty else { return out + "<p class=\"muted\">No order yet: it follows the analysis of a scan.</p>\n" }
        let known = Set(document.issues.map(\.number))
        out += "<ol class=\"order\">\n"
        for step in document.investigationOrder {
            out += "<li>" + TrackerHTML.inline(step.text)
            if let issue = step.issue { out += " (" + TrackerHTML.issueLink(issue, known: known) { "/issues/\($0)" } + ")" }
            out += "</li>\n"
        }
        out += "</ol>\n"
        if !document.crossIssueNotes.isEmpty { out += "<h2>Cross-issue notes</h2>\n" + TrackerHTML.list(document.crossIssueNotes) }
        return out
    }

    public static func updateLog(_ document: TrackerDocument) -> String {
        var out = "<h1>Update log</h1>\n"
        guard !document.updateLog.isEmpty else { return out + "<p class=\"muted\">Nothing yet.</p>\n" }
        out += "<ul class=\"log\">\n"
        for entry in document.updateLog.reversed() {
            out += "<li><span class=\"muted\">\(escape(entry.date))</span> \(TrackerHTML.inline(entry.text))</li>\n"
        }
        return out + "</ul>\n"
    }

    /// The page around a body: navigation, the stylesheet and the script. `live` asks the script to follow changes.
    public static func page(title: String, body: String, current: String, live: Bool) -> String {
        var out = """
            <!DOCTYPE html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <meta name="color-scheme" content="light dark">
            <title>\(escape(title)) · logtriage</title>
            <link rel="icon" href="data:,">
            <link rel="stylesheet" href="/assets/app.css">
            <script src="/assets/app.js" defer></script>
            </head>

            """
        out += "<body\(live ? " data-live=\"1\"" : "")>\n<nav>\n<strong>logtriage</strong>\n"
        for (href, name) in [("/", "Issues"), ("/graph", "Cause → effect"), ("/order", "Investigation order"), ("/log", "Update log")] {
            out += "<a href=\"\(href)\"\(href == current ? " aria-current=\"page\"" : "")>\(name)</a>\n"
        }
        out += "<span class=\"live\" hidden>live</span>\n</nav>\n<main>\n" + body + "</main>\n</body>\n</html>\n"
        return out
    }

    // MARK: Graph

    /// Issues linked by their relations, causes to the left of their effects; each box links to its issue.
    public static func graph(_ document: TrackerDocument) -> String {
        var out = "<h1>Cause → effect</h1>\n"
        let byNumber = Dictionary(document.issues.map { ($0.number, $0) }, uniquingKeysWith: { a, _ in a })
        var edges: [(cause: Int, effect: Int, label: String)] = []
        for issue in document.issues {
            for relation in issue.related where byNumber[relation.issue] != nil {
                let text = relation.relation.lowercased()
                if text.hasSuffix(" of") || text.hasPrefix("caused by") {
                    edges.append((relation.issue, issue.number, relation.relation))
                } else {
                    edges.append((issue.number, relation.issue, relation.relation))
                }
            }
        }
        // Each link once, whichever side wrote it.
        var seen: Set<[Int]> = []
        edges = edges.filter { seen.insert([$0.cause, $0.effect]).inserted && $0.cause != $0.effect }
        guard !edges.isEmpty else {
            return out + "<p class=\"muted\">No issue is linked to another yet: links come from the analysis (what fails after what, with a shared cause) or from relations set by hand.</p>\n"
        }
        let nodes = Array(Set(edges.flatMap { [$0.cause, $0.effect] })).sorted()
        // Column: the longest chain of causes before a node (a cycle stops at the number of nodes).
        var column: [Int: Int] = Dictionary(uniqueKeysWithValues: nodes.map { ($0, 0) })
        for _ in 0..<nodes.count {
            var changed = false
            for edge in edges where column[edge.effect]! < column[edge.cause]! + 1 && column[edge.cause]! + 1 < nodes.count {
                column[edge.effect] = column[edge.cause]! + 1
                changed = true
            }
            if !changed { break }
        }
        var rowsPerColumn: [Int: Int] = [:]
        var position: [Int: (x: Int, y: Int)] = [:]
        let boxWidth = 230
        let boxHeight = 52
        for node in nodes {
            let columnIndex = column[node]!
            let row = rowsPerColumn[columnIndex, default: 0]
            rowsPerColumn[columnIndex] = row + 1
            position[node] = (20 + columnIndex * (boxWidth + 70), 20 + row * (boxHeight + 26))
        }
        let width = 40 + ((column.values.max() ?? 0) + 1) * (boxWidth + 70)
        let height = 40 + (rowsPerColumn.values.max() ?? 1) * (boxHeight + 26)
        out += "<svg class=\"graph\" viewBox=\"0 0 \(width) \(height)\" width=\"\(width)\" role=\"img\" aria-label=\"Issues and what they set off\">\n"
        out += "<defs><marker id=\"arrow\" viewBox=\"0 0 10 10\" refX=\"10\" refY=\"5\" markerWidth=\"7\" markerHeight=\"7\" orient=\"auto-start-reverse\"><path d=\"M 0 0 L 10 5 L 0 10 z\"/></marker></defs>\n"
        for edge in edges {
            let from = position[edge.cause]!
            let to = position[edge.effect]!
            let forward = to.x > from.x
            let x1 = forward ? from.x + boxWidth : from.x + boxWidth / 2
            let y1 = forward ? from.y + boxHeight / 2 : from.y + boxHeight
            let x2 = forward ? to.x : to.x + boxWidth / 2
            let y2 = forward ? to.y + boxHeight / 2 : to.y
            out += "<line x1=\"\(x1)\" y1=\"\(y1)\" x2=\"\(x2)\" y2=\"\(y2)\" marker-end=\"url(#arrow)\"><title>Issue \(edge.cause) → Issue \(edge.effect): \(escape(edge.label))</title></line>\n"
        }
        for node in nodes {
            guard let issue = byNumber[node], let at = position[node] else { continue }
            let title = issue.title.count > 30 ? String(issue.title.prefix(29)) + "…" : issue.title
            out += "<a href=\"/issues/\(node)\"><g class=\"node severity-\(issue.severity.rawValue)\">"
            out += "<rect x=\"\(at.x)\" y=\"\(at.y)\" width=\"\(boxWidth)\" height=\"\(boxHeight)\" rx=\"6\"/>"
            out += "<text x=\"\(at.x + 10)\" y=\"\(at.y + 20)\" class=\"head\">Issue \(node) · \(escape(issue.status.title))</text>"
            out += "<text x=\"\(at.x + 10)\" y=\"\(at.y + 40)\">\(escape(title))</text>"
            out += "<title>Issue \(node): \(escape(issue.title))</title></g></a>\n"
        }
        return out + "</svg>\n"
    }

    // MARK: Pieces

    /// Occurrences per bucket as a small line: the shape of a burst at a glance.
    static func sparkline(_ occurrences: Occurrences) -> String {
        let buckets = occurrences.histogram
        guard buckets.count > 1, let first = buckets.first?.start.millisecondsSinceEpoch,
            let last = buckets.last?.start.millisecondsSinceEpoch, last > first
        else { return "<span class=\"muted\">—</span>" }
        let peak = max(1, buckets.map(\.count).max() ?? 1)
        let points = buckets.map { bucket in
            let x = Double(bucket.start.millisecondsSinceEpoch - first) / Double(last - first) * 96 + 2
            let y = 18 - Double(bucket.count) / Double(peak) * 16
            return "\(Int(x)),\(Int(y))"
        }
        return "<svg class=\"spark\" viewBox=\"0 0 100 20\" width=\"100\" height=\"20\" aria-hidden=\"true\"><polyline points=\"\(points.joined(separator: " "))\"/></svg>"
    }

    /// `2026-03-10 09:17:41`, the exact time on hover.
    static func shortTime(_ time: Timestamp?) -> String {
        guard let time else { return "—" }
        let text = time.rfc3339
        let short = String(text.prefix(19).map { $0 == "T" ? " " : $0 })
        return "<time datetime=\"\(text)\" title=\"\(text)\">\(short)</time>"
    }

    private static func select(_ name: String, _ options: [(value: String, title: String)], selected: String?, any: String?) -> String {
        var out = "<select name=\"\(name)\" aria-label=\"\(name)\">"
        if let any { out += "<option value=\"\">\(escape(any))</option>" }
        for option in options {
            out += "<option value=\"\(escape(option.value))\"\(option.value == selected ? " selected" : "")>\(escape(option.title))</option>"
        }
        return out + "</select>\n"
    }

    private static func form(_ action: String, csrf: String, submit: String, fields: () -> String) -> String {
        "<form method=\"post\" action=\"\(action)\">\n<input type=\"hidden\" name=\"csrf\" value=\"\(escape(csrf))\">\n"
            + fields() + "<button type=\"submit\">\(escape(submit))</button>\n</form>\n"
    }

    static func escape(_ text: String) -> String { TrackerHTML.escape(text) }

    // MARK: Assets

    public static let stylesheet = TrackerHTML.style + """
        body{max-width:90rem}
        nav{display:flex;gap:1.2rem;align-items:baseline;border-bottom:1px solid var(--border);padding:.4rem 0;margin-bottom:1rem}
        nav a[aria-current]{font-weight:600;text-decoration:none;color:var(--fg)}
        nav .live{margin-left:auto;color:#1a7f37;font-size:.8em}
        form.filters{display:flex;flex-wrap:wrap;gap:.5rem;align-items:center}
        form.filters input[type=search]{flex:1;min-width:16rem}
        input,select,textarea,button{font:inherit;padding:.2em .4em;background:var(--bg);color:var(--fg);border:1px solid var(--border);border-radius:4px}
        button{cursor:pointer;background:var(--code)}
        table.issues tr.selected td{background:var(--code);outline:2px solid var(--link)}
        .spark polyline{fill:none;stroke:var(--bar);stroke-width:1.5}
        section.edit form{margin:.6rem 0;padding:.6rem;border:1px solid var(--border);border-radius:6px;display:flex;flex-wrap:wrap;gap:.5rem;align-items:center}
        label.block{display:block;width:100%}
        .notice{border-left:4px solid #1a7f37;padding:.3em .6em;background:var(--code)}
        .error{border-left:4px solid #cf222e;padding:.3em .6em;background:var(--code)}
        svg.graph{max-width:100%;height:auto}
        svg.graph rect{fill:var(--code);stroke:var(--border);stroke-width:1.5}
        svg.graph .severity-critical rect,svg.graph .severity-high rect{stroke:#cf222e}
        svg.graph .severity-medium rect{stroke:#d4a72c}
        svg.graph text{fill:var(--fg);font-size:13px}
        svg.graph text.head{fill:var(--muted);font-size:11px}
        svg.graph line{stroke:var(--muted);stroke-width:1.5}
        svg.graph marker path{fill:var(--muted)}
        svg.graph a:hover rect{stroke:var(--link);stroke-width:2.5}
        ul.log li{margin:.2em 0}
        td time{white-space:nowrap}

        """

    /// Keyboard navigation (j/k, /, Enter, Escape) and live updates over server-sent events. The server's HTML
    /// replaces the page's main part; nothing from the events is itself inserted.
    public static let script = """
        (() => {
          let selected = -1;
          const rows = () => [...document.querySelectorAll('tr[data-row]')];
          const select = (index) => {
            const all = rows();
            if (all.length === 0) return;
            selected = Math.max(0, Math.min(all.length - 1, index));
            all.forEach((row, i) => row.classList.toggle('selected', i === selected));
            all[selected].scrollIntoView({block: 'nearest'});
          };
          document.addEventListener('keydown', (event) => {
            const field = event.target.closest('input, textarea, select');
            if (field) { if (event.key === 'Escape') field.blur(); return; }
            if (event.metaKey || event.ctrlKey || event.altKey) return;
            if (event.key === 'j') select(selected + 1);
            else if (event.key === 'k') select(selected - 1);
            else if (event.key === '/') { const search = document.getElementById('q'); if (search) { event.preventDefault(); search.focus(); } }
            else if (event.key === 'Enter' && selected >= 0) { const row = rows()[selected]; if (row) location.href = row.dataset.href; }
          });
          if (!document.body.dataset.live || !window.EventSource) return;
          const badge = document.querySelector('nav .live');
          let pending = false;
          const refresh = async () => {
            pending = false;
            if (document.activeElement && document.activeElement.closest('main form')) { pending = true; return; }
            const response = await fetch(location.href, {headers: {'Accept': 'text/html'}});
            if (!response.ok) return;
            const fresh = new DOMParser().parseFromString(await response.text(), 'text/html').querySelector('main');
            const main = document.querySelector('main');
            if (fresh && main) { main.replaceWith(fresh); if (selected >= 0) select(selected); }
          };
          const events = new EventSource('/events');
          events.onopen = () => { if (badge) badge.hidden = false; };
          events.onerror = () => { if (badge) badge.hidden = true; };
          events.onmessage = () => { if (!pending) { pending = true; setTimeout(refresh, 300); } };
          document.addEventListener('focusout', () => { if (pending) setTimeout(refresh, 300); });
        })();

        """
}
