/// One issue's whole analysis as plain text for a terminal (`logtriage explain N`): what it is and why, where it
/// sits in its chain, the hypotheses, the code with snippets and the configuration that code reads, then what to
/// ask, change and check.
public enum IssueExplanation {
    /// `issue` as stored (hand edits included); `analysis` as just computed, for the code, chain and reasons.
    public static func render(_ issue: TrackerIssue, analysis: IssueAnalysis?, graph: CausalGraph?) -> String {
        var out: [String] = []
        out.append("Issue \(issue.number): \(issue.title)")
        var facts = [issue.status.title, issue.severity.title]
        if let kind = issue.kind { facts.append(kind.title) }
        if let subsystem = issue.subsystem { facts.append(subsystem) }
        if let confidence = issue.confidence { facts.append("confidence \(confidence.title.lowercased())") }
        out.append(facts.joined(separator: " · "))
        var seen = "\(issue.occurrences.count) record(s)"
        if let first = issue.occurrences.firstSeen, let last = issue.occurrences.lastSeen {
            seen += ", \(first.rfc3339) → \(last.rfc3339)"
        }
        if let role = analysis?.role, role != .independent { seen += "; \(role.rawValue)" }
        out.append(seen)

        section("Why \(issue.kind?.title.lowercased() ?? "this kind")", issue.kindReasons, into: &out)
        section("Why confidence \(issue.confidence?.title.lowercased() ?? "")", issue.confidenceReasons, into: &out)
        if let reasons = analysis?.severityReasons, !reasons.isEmpty {
            out.append("")
            out.append("Severity \(issue.severity.title.lowercased()): " + reasons.joined(separator: "; "))
        }
        section("Signatures", issue.signatures.map { signature in
            Bullet("`\(signature.template)` — \(signature.count)×" + (signature.level.map { " " + $0.name } ?? ""))
        }, into: &out)
        section("Symptoms", issue.symptoms.map { symptom in
            let values = symptom.values.prefix(5).map { $0.value + ($0.count.map { " (\($0))" } ?? "") }
            let more = symptom.distinct > 5 ? ", … \(symptom.distinct - 5) more" : ""
            return Bullet("\(symptom.name): " + values.joined(separator: ", ") + more)
        }, into: &out)
        if let graph {
            var chain: [Bullet] = []
            for link in graph.causes(of: issue.number) {
                chain.append(Bullet("Follows Issue \(link.cause) (`\(link.causeSignature)`): \(link.evidence)"))
            }
            for link in graph.effects(of: issue.number) {
                chain.append(Bullet("Issue \(link.effect) (`\(link.effectSignature)`) follows it: \(link.evidence)"))
            }
            section("Chain", chain, into: &out)
        }
        section("Primary hypotheses", issue.primaryHypotheses, into: &out)
        section("Secondary hypotheses", issue.secondaryHypotheses, into: &out)
        if let code = analysis?.code, !code.isEmpty {
            out.append("")
            out.append("Code")
            for match in code {
                out.append("  \(match.file):\(match.line)" + (match.function.map { " in \($0)" } ?? "") + " — \(match.reason)")
                let width = String(match.snippetStart + max(match.snippet.count - 1, 0)).count
                for (offset, line) in match.snippet.enumerated() {
                    let number = match.snippetStart + offset
                    let label = String(repeating: " ", count: width - String(number).count) + String(number)
                    out.append((number == match.line ? "    > " : "      ") + label + " | " + line)
                }
            }
        } else {
            section("Evidence in code", issue.evidence, into: &out)
        }
        if let reads = analysis?.configuration, !reads.isEmpty {
            out.append("")
            out.append("Configuration read there")
            for read in reads {
                let fallback = read.defaultValue.map { "default \($0)" } ?? "no default"
                out.append("  \(read.name) (\(read.source.rawValue), \(fallback)) — \(read.file):\(read.line), \(read.scope.rawValue)")
            }
        }
        section("Root-cause questions", issue.questions, into: &out)
        section("Potential downstream impact", issue.downstream, into: &out)
        section("Fix options", issue.fixOptions, into: &out)
        section("Validation after fix", issue.validation, into: &out)
        section(
            "Related issues", issue.related.map { Bullet("Issue \($0.issue): \($0.relation)") }, into: &out)
        section("Notes", issue.notes, into: &out)
        return out.joined(separator: "\n") + "\n"
    }

    private static func section(_ title: String, _ bullets: [Bullet], into out: inout [String]) {
        guard !bullets.isEmpty else { return }
        out.append("")
        out.append(title)
        func add(_ bullets: [Bullet], depth: Int) {
            for bullet in bullets {
                out.append(String(repeating: "  ", count: depth + 1) + "- " + bullet.text)
                add(bullet.children, depth: depth + 1)
            }
        }
        add(bullets, depth: 0)
    }
}
