/// The tracker as a terminal table: issues ranked by what needs attention first (active before settled,
/// then severity, then occurrences), with status, kind, subsystem, count and first/last seen.
public enum TrackerSummary {
    public static func ranked(_ issues: [TrackerIssue]) -> [TrackerIssue] {
        issues.sorted { a, b in
            if a.status.isActive != b.status.isActive { return a.status.isActive }
            let noiseA = a.kind == .expectedNoise || a.status == .observed
            let noiseB = b.kind == .expectedNoise || b.status == .observed
            if noiseA != noiseB { return noiseB }
            if a.severity != b.severity { return a.severity > b.severity }
            if a.occurrences.count != b.occurrences.count { return a.occurrences.count > b.occurrences.count }
            return a.number < b.number
        }
    }

    public static func table(_ issues: [TrackerIssue]) -> String {
        guard !issues.isEmpty else { return "No issues.\n" }
        let header = ["#", "STATUS", "SEVERITY", "KIND", "SUBSYSTEM", "COUNT", "FIRST SEEN", "LAST SEEN", "TITLE"]
        var rows = [header]
        for issue in ranked(issues) {
            rows.append([
                String(issue.number), issue.status.title, issue.severity.title, issue.kind?.title ?? "-",
                clip(issue.subsystem ?? "-", 28), String(issue.occurrences.count), time(issue.occurrences.firstSeen),
                time(issue.occurrences.lastSeen), clip(issue.title, 70),
            ])
        }
        var widths = [Int](repeating: 0, count: header.count)
        for row in rows { for (i, cell) in row.enumerated() { widths[i] = max(widths[i], cell.count) } }
        var out = ""
        for row in rows {
            var line = ""
            for (i, cell) in row.enumerated() {
                line += i == row.count - 1 ? cell : cell + String(repeating: " ", count: widths[i] - cell.count + 2)
            }
            out += line + "\n"
        }
        return out
    }

    /// `2026-03-10 09:14:05` (UTC), or `-`.
    static func time(_ time: Timestamp?) -> String {
        guard let time else { return "-" }
        let text = time.rfc3339
        return String(text.prefix(10)) + " " + String(text.dropFirst(11).prefix(8))
    }

    static func clip(_ text: String, _ width: Int) -> String {
        text.count <= width ? text : String(text.prefix(width - 1)) + "…"
    }
}
