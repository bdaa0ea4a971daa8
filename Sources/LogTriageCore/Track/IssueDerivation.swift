/// The defaults a scan gives an issue before anyone edits it: title, severity and subsystem from its signatures.
public enum IssueDerivation {
    /// The main signature's text with placeholders as `…`: `Payment gateway request failed: ReadTimeout after …`.
    /// A leading tag that is only a placeholder (`[<*>]`, a request id a tagged logger prints) says nothing and is left
    /// out.
    public static func title(fromTemplate template: String) -> String {
        var words: [Substring] = []
        var tokens = template.split(separator: " ")[...]
        while tokens.count > 1, let first = tokens.first, isPlaceholderTag(first) { tokens = tokens.dropFirst() }
        for token in tokens {
            if let open = token.firstIndex(of: "<"), token[open...].contains(">") {
                let head = token[..<open]
                let tail = token[(token.lastIndex(of: ">").map { token.index(after: $0) } ?? token.endIndex)...]
                let word = head + "…" + tail
                if word == "…", words.last == "…" { continue }
                words.append(Substring(word))
            } else {
                words.append(token)
            }
        }
        var title = words.joined(separator: " ")
        if title.count > 100 { title = String(title.prefix(99)) + "…" }
        return title.isEmpty ? "Untitled issue" : title
    }

    /// `[<*>]`, `[<uuid>]`: brackets around one placeholder.
    private static func isPlaceholderTag(_ token: Substring) -> Bool {
        guard token.hasPrefix("[<"), token.hasSuffix(">]") else { return false }
        return !token.dropFirst(2).dropLast(2).contains { $0 == "<" || $0 == ">" }
    }

    /// Critical for critical records, high for errors and exceptions, medium for warnings; one step up when a
    /// warning keeps coming back (a hundred times or more).
    public static func severity(level: Level?, exceptions: Bool, count: Int) -> IssueSeverity {
        switch level {
        case .critical?: return .critical
        case .error?: return .high
        case _ where exceptions: return .high
        case .warning?: return count >= 100 ? .high : .medium
        default: return .low
        }
    }

    /// A logger name as a subsystem: the module path without the application's leading package
    /// (`shop.payments.client` → `payments.client`), kept whole when it has one or two parts. Abbreviated
    /// packages (Spring/logback's `c.s.orders.OrderService`) are dropped first, and so are the brackets of a
    /// container's path (Tomcat's `o.a.c.c.C.[.[.[/].[dispatcherServlet]` → `dispatcherServlet`).
    public static func subsystem(fromLogger logger: String) -> String {
        var parts = logger.split(separator: ".").map { $0.filter { $0 != "[" && $0 != "]" && $0 != "/" } }.filter { !$0.isEmpty }
        guard !parts.isEmpty else { return logger }
        while parts.count > 1, parts[0].count == 1 { parts.removeFirst() }
        guard parts.count > 2 else { return parts.joined(separator: ".") }
        return parts.dropFirst().joined(separator: ".")
    }
}
