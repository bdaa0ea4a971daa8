extension TrackerMarkdown {
    /// One issue's section, as it appears in the document (for `logtriage show`, or pasting into a ticket).
    public static func render(_ issue: TrackerIssue) -> String {
        let title = oneLine(issue.title)
        return (["## Issue \(issue.number)" + (title.isEmpty ? "" : ": " + title), ""] + issueLines(issue)).joined(separator: "\n") + "\n"
    }
}
