import Testing

@testable import LogTriageCore

/// A document with three issues that between them use every field, including hostile text.
private enum Sample {
    static let hostile = #"<script>alert(1)</script> & "double" 'single'"#
    static let trickyTemplate = "user \"<*>\" path C:\\tmp\\<*> {a: [1, \"x\\\\\"]}\nnext line </script> done"

    static func at(_ hour: Int, _ minute: Int = 0) -> Timestamp {
        Timestamp(year: 2026, month: 3, day: 10, hour: hour, minute: minute)
    }

    static let document = TrackerDocument(
        title: "RCA & <Tracker>",
        issues: [
            TrackerIssue(
                number: 1, title: "Clerk token verification failures", status: .rootCauseConfirmed, severity: .high,
                subsystem: "Authentication", kind: .codeDefect, confidence: .high,
                confidenceReasons: [Bullet("code site found")],
                signatures: [
                    Signature(
                        id: "3f2a00000001", template: trickyTemplate, count: 42, firstSeen: at(9), lastSeen: at(12),
                        level: .error, reason: "first signature"),
                    Signature(id: "3f2a00000002", template: "Unverified token rejected (production).", count: 7),
                ],
                symptoms: [Symptom(name: "endpoint", values: [.init("/api/a", count: 30), .init("/api/b", count: 12)], distinct: 5)],
                behavior: [Bullet("Requests reach authenticated endpoints.", children: [Bullet("then fail")])],
                occurrences: Occurrences(
                    count: 49, firstSeen: at(9), lastSeen: at(12),
                    histogram: [.init(start: at(9), count: 10), .init(start: at(10), count: 0), .init(start: at(12), count: 39)]),
                samples: ["2026-03-10 09:00:01 ERROR token rejected"],
                primaryHypotheses: [Bullet("JWKS mismatch")], secondaryHypotheses: [Bullet("Wrong env vars")],
                evidence: [
                    Bullet("`backend/middleware/auth_middleware.py`", children: [Bullet("`ClerkAuthMiddleware.verify_token`")]),
                    Bullet("Relevant logic:", children: [Bullet("falls back to `jwt.decode`")]),
                ],
                files: [Bullet("`backend/middleware/auth_middleware.py`")], questions: [Bullet("Same Clerk instance?")],
                downstream: [Bullet("dashboards empty")], fixOptions: [Bullet("**Option A**: pin the issuer")],
                validation: [Bullet("200 with verified user")], related: [Relation(issue: 2, relation: "causes")],
                notes: [Bullet("seen after deploy")],
                extraFields: [ExtraField(label: "Action", value: "watch", items: [Bullet("re-run tomorrow")])],
                fix: FixRecord(time: at(13), version: "1.4.2")),
            TrackerIssue(
                number: 2, title: hostile, severity: .low,
                signatures: [Signature(id: "aaaa00000003", template: hostile, count: 3)],
                samples: [hostile]),
            TrackerIssue(
                number: 3, title: "txtai indexing race", status: .investigating, severity: .medium, kind: .configuration,
                occurrences: Occurrences(
                    count: 15, histogram: (0..<5).map { .init(start: at(9, $0), count: $0 + 1) }, bucketSeconds: 60)),
        ],
        crossIssueNotes: [Bullet("Auth and indexing are independent.")],
        investigationOrder: [
            InvestigationStep(text: "txtai race", issue: 3), InvestigationStep(text: "Anything downstream"),
            InvestigationStep(text: "Auth mismatch", issue: 1),
        ],
        evidenceSources: [Bullet("Runtime logs from process `22056`")],
        updateLog: [
            UpdateEntry(date: "2026-03-10", text: "Created tracker."), UpdateEntry(date: "2026-03-10", text: "Added issue 3."),
            UpdateEntry(date: "2026-03-11", text: "Fixed issue 1."),
        ],
        extraSections: [ExtraSection(title: "Minimal Fix Paths", lines: ["### For Issue 3", "- **Option A**: <defer>"])]
    )
}

extension JSONValue {
    fileprivate var array: [JSONValue]? {
        if case .array(let items) = self { return items }
        return nil
    }

    fileprivate var int: Int? {
        if case .number(let text) = self { return Int(text) }
        return nil
    }
}

private func occurrences(of needle: String, in text: String) -> Int { text.ranges(of: needle).count }

struct TrackerJSONTests {
    private func parsed() throws -> JSONValue {
        try #require(JSONParser.parse(TrackerJSON.render(Sample.document)))
    }

    @Test func isOneDeterministicDocumentEndingInANewline() throws {
        let text = TrackerJSON.render(Sample.document)
        #expect(text.hasSuffix("}\n"))
        #expect(text == TrackerJSON.render(Sample.document))
        #expect(text.contains("\n  \"issues\": [\n"))
        #expect(text.contains("\"related\": [],\n"))  // empty arrays stay on one line
        _ = try parsed()
    }

    @Test func issuesCarryTheirFields() throws {
        let json = try parsed()
        #expect(json["title"] == .string("RCA & <Tracker>"))
        let issues = try #require(json["issues"]?.array)
        #expect(issues.map { $0["id"]?.int } == [1, 2, 3])
        #expect(issues.map { $0["status"] } == [.string("root-cause-confirmed"), .string("open"), .string("investigating")])
        #expect(issues.map { $0["severity"] } == [.string("high"), .string("low"), .string("medium")])
        #expect(issues.map { $0["kind"] } == [.string("code-defect"), .null, .string("configuration")])
        #expect(issues[1]["confidence"] == .null)
        #expect(issues[1]["subsystem"] == .null)
        #expect(issues[1]["fixed"] == .null)

        let first = issues[0]
        let signatures = try #require(first["signatures"]?.array)
        #expect(signatures.map { $0["count"]?.int } == [42, 7])
        #expect(signatures[0]["first_seen"] == .string("2026-03-10T09:00:00.000Z"))
        #expect(signatures[0]["level"] == .string("error"))
        #expect(signatures[1]["level"] == .null)
        #expect(signatures[1]["last_seen"] == .null)
        #expect(signatures[1]["reason"] == .null)

        let symptom = try #require(first["symptoms"]?.array?.first)
        #expect(symptom["distinct"]?.int == 5)
        #expect(symptom["values"]?.array?.first?["count"]?.int == 30)

        let occurrences = try #require(first["occurrences"])
        #expect(occurrences["count"]?.int == 49)
        #expect(occurrences["bucket_seconds"]?.int == 3600)
        #expect(occurrences["histogram"]?.array?.map { $0["count"]?.int } == [10, 0, 39])
        #expect(occurrences["histogram"]?.array?.last?["start"] == .string("2026-03-10T12:00:00.000Z"))

        #expect(first["behavior"] == .array([.string("Requests reach authenticated endpoints."), .string("  then fail")]))
        #expect(first["hypotheses"]?["primary"] == .array([.string("JWKS mismatch")]))
        #expect(first["hypotheses"]?["secondary"] == .array([.string("Wrong env vars")]))
        #expect(first["related"]?.array?.first?["issue"]?.int == 2)
        #expect(first["related"]?.array?.first?["relation"] == .string("causes"))
        #expect(first["extra_fields"]?.array?.first?["value"] == .string("watch"))
        #expect(first["extra_fields"]?.array?.first?["items"] == .array([.string("re-run tomorrow")]))
        #expect(first["fixed"]?["time"] == .string("2026-03-10T13:00:00.000Z"))
        #expect(first["fixed"]?["version"] == .string("1.4.2"))
        for key in ["confidence_reasons", "samples", "files", "questions", "downstream", "fix_options", "validation", "notes"] {
            #expect(first[key]?.array?.count == 1, "\(key)")
        }

        let evidence = try #require(first["evidence"]?.array)
        #expect(evidence.count == 1)
        #expect(evidence[0]["file"] == .string("backend/middleware/auth_middleware.py"))
        #expect(evidence[0]["function"] == .string("ClerkAuthMiddleware.verify_token"))
        #expect(evidence[0]["line"] == .null)
        #expect(evidence[0]["end_line"] == .null)
        #expect(evidence[0]["detail"] == .null)
        #expect(first["evidence_notes"]?.array?.count == 4)
        #expect(first["evidence_notes"]?.array?[3] == .string("  falls back to `jwt.decode`"))
    }

    @Test func documentSectionsAndOrder() throws {
        let json = try parsed()
        #expect(json["investigation_order"] == .array([.number("3"), .number("1")]))
        let steps = try #require(json["investigation_steps"]?.array)
        #expect(steps.map { $0["issue"] } == [.number("3"), .null, .number("1")])
        #expect(steps[1]["text"] == .string("Anything downstream"))
        #expect(json["cross_issue_notes"]?.array?.count == 1)
        #expect(json["evidence_sources"] == .array([.string("Runtime logs from process `22056`")]))
        #expect(json["update_log"]?.array?.map { $0["date"] } == [.string("2026-03-10"), .string("2026-03-10"), .string("2026-03-11")])
        #expect(json["extra_sections"]?.array?.first?["lines"]?.array?.count == 2)
    }

    @Test func awkwardTextRoundTrips() throws {
        let json = try parsed()
        let issues = try #require(json["issues"]?.array)
        #expect(issues[0]["signatures"]?.array?.first?["template"] == .string(Sample.trickyTemplate))
        #expect(issues[1]["title"] == .string(Sample.hostile))
        #expect(issues[1]["samples"] == .array([.string(Sample.hostile)]))
    }
}

struct TrackerHTMLTests {
    private let page = TrackerHTML.render(Sample.document)

    @Test func everyValueIsEscaped() {
        #expect(!page.lowercased().contains("<script"))
        #expect(page.contains("&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;double&quot; &#39;single&#39;"))
        #expect(page.contains("<title>RCA &amp; &lt;Tracker&gt;</title>"))
        #expect(page.contains("&lt;/script&gt; done"))  // the template's closing tag
        #expect(page.contains("&lt;defer&gt;"))  // extra section lines
        #expect(!page.contains("'single'"))
        #expect(!page.contains("\"double\""))
    }

    @Test func isSelfContained() {
        #expect(page.hasPrefix("<!DOCTYPE html>"))
        #expect(page.contains("<style>"))
        #expect(page.contains("prefers-color-scheme"))
        #expect(!page.contains("http://"))
        #expect(!page.contains("https://"))
        #expect(!page.contains("<link"))
        #expect(page == TrackerHTML.render(Sample.document))
    }

    @Test func everyIssueHasAnAnchorAndASummaryRow() {
        for number in 1...3 {
            #expect(occurrences(of: "<section class=\"issue\" id=\"issue-\(number)\">", in: page) == 1)
            #expect(page.contains("<a href=\"#issue-\(number)\">"))
        }
        #expect(page.contains("<span class=\"badge status-root-cause-confirmed\">Root cause confirmed</span>"))
        #expect(page.contains("<span class=\"badge severity-high\">High</span>"))
        #expect(page.contains("causes <a href=\"#issue-2\">Issue 2</a>"))
    }

    @Test func oneChartPerIssueWithABarPerBucket() throws {
        #expect(occurrences(of: "<svg", in: page) == 2)
        let sections = page.split(separator: "<section class=\"issue\"").dropFirst().map(String.init)
        try #require(sections.count == 3)
        #expect(occurrences(of: "<rect", in: sections[0]) == 3)
        #expect(occurrences(of: "<svg", in: sections[1]) == 0)
        #expect(sections[1].contains("no timed occurrences"))
        #expect(occurrences(of: "<rect", in: sections[2]) == 5)
        #expect(occurrences(of: "no timed occurrences", in: page) == 1)
        #expect(sections[0].contains("<title>2026-03-10T12:00:00.000Z: 39</title>"))
        #expect(sections[0].contains(">2026-03-10T09:00:00.000Z</text>"))
        #expect(sections[0].contains(">2026-03-10T12:00:00.000Z</text>"))
        // the tallest bar fills the plot; the empty bucket has no height
        #expect(sections[0].contains("height=\"96\""))
        #expect(sections[0].contains("height=\"0\""))
    }

    @Test func bulletMarkdownKeepsCodeAndBold() {
        #expect(page.contains("<li><strong>Option A</strong>: pin the issuer</li>"))
        #expect(TrackerHTML.inline("`a<b>` & **c** `open") == "<code>a&lt;b&gt;</code> &amp; <strong>c</strong> `open")
    }
}

struct CodeEvidenceTests {
    /// Issue 1 of the seed tracker.
    let issue1 = [
        Bullet("`backend/middleware/auth_middleware.py`", children: [
            Bullet("`ClerkAuthMiddleware.__init__`"), Bullet("`ClerkAuthMiddleware.verify_token`"), Bullet("`get_current_user`"),
        ]),
        Bullet("Relevant logic:", children: [
            Bullet("derives JWKS URL from token issuer or cached publishable key instance"),
            Bullet("falls back to `jwt.decode(..., verify_signature=False)`"),
            Bullet("rejects unverified tokens when `ALLOW_UNVERIFIED_JWT_DEV` is false"),
        ]),
    ]

    /// Issue 3 of the seed tracker.
    let issue3 = [
        Bullet("`backend/services/intelligence/txtai_service.py`:", children: [
            Bullet(#"Line 57: `self.fail_fast = str(os.getenv("SIF_FAIL_FAST", "true")).lower() in {"1", "true", "yes", "on"}`"#),
            Bullet("Lines 234-235: `index_content` raises RuntimeError if `fail_fast` and not initialized"),
            Bullet("Lines 284-285: `search` raises RuntimeError if `fail_fast` and not initialized"),
            Bullet("Lines 319-320: `get_similarity` raises RuntimeError if `fail_fast` and not initialized"),
            Bullet("`_ensure_initialized` is intentionally non-blocking (starts background thread)"),
        ]),
        Bullet("`backend/api/today_workflow.py`:", children: [
            Bullet("`_index_tasks_to_sif` triggers indexing in background after workflow actions"),
        ]),
    ]

    /// Issue 6 of the seed tracker.
    let issue6 = [
        Bullet("`start_alwrity_backend.py`:", children: [
            Bullet(#"Line 122: `target_model = "Qwen/Qwen2.5-3B-Instruct"`"#),
            Bullet("Lines 127-131: `snapshot_download()` is **blocking** call"),
            Bullet("Lines 117-120: Skips on Render/Railway but **not** on local dev"),
        ]),
        Bullet("`sif_agents.py`:", children: [
            Bullet(#"Line 48: `LOCAL_LLM_FALLBACKS = ["Qwen/Qwen2.5-1.5B-Instruct", "Qwen/Qwen2.5-0.5B-Instruct", "TinyLlama/TinyLlama-1.1B-Chat-v1.0"]`"#),
            Bullet(#"Line 141: Default `model_name="Qwen/Qwen2.5-1.5B-Instruct"`"#),
            Bullet("Line 150: Uses `LocalLLMWrapper` for lazy loading"),
            Bullet("Lines 94-130: Has fallback logic with memory issue detection"),
        ]),
        Bullet("`txtai_service.py`:", children: [
            Bullet("Line 57: `SIF_FAIL_FAST=true` (default) causes RuntimeError"),
            Bullet("Lines 234-235, 284-285, 319-320: Fail-fast prevents fallback"),
        ]),
    ]

    @Test func functionsUnderAFile() {
        let file = "backend/middleware/auth_middleware.py"
        #expect(CodeEvidence.extract(from: issue1) == [
            CodeEvidence(file: file, function: "ClerkAuthMiddleware.__init__"),
            CodeEvidence(file: file, function: "ClerkAuthMiddleware.verify_token"),
            CodeEvidence(file: file, function: "get_current_user"),
        ])
    }

    @Test func linesAndRemarksUnderAFile() {
        let txtai = "backend/services/intelligence/txtai_service.py"
        let evidence = CodeEvidence.extract(from: issue3)
        #expect(evidence.map(\.file) == Array(repeating: txtai, count: 5) + ["backend/api/today_workflow.py"])
        #expect(evidence.map(\.line) == [57, 234, 284, 319, nil, nil])
        #expect(evidence.map(\.endLine) == [nil, 235, 285, 320, nil, nil])
        #expect(evidence.allSatisfy { $0.function == nil })
        #expect(evidence[1].detail == "`index_content` raises RuntimeError if `fail_fast` and not initialized")
        #expect(evidence[0].detail?.hasPrefix("`self.fail_fast = ") == true)
        #expect(evidence[4].detail == "`_ensure_initialized` is intentionally non-blocking (starts background thread)")
    }

    @Test func bareFileNamesAndSeveralRanges() {
        let evidence = CodeEvidence.extract(from: issue6)
        #expect(evidence.map(\.file) == Array(repeating: "start_alwrity_backend.py", count: 3)
            + Array(repeating: "sif_agents.py", count: 4) + Array(repeating: "txtai_service.py", count: 4))
        #expect(evidence.map(\.line) == [122, 127, 117, 48, 141, 150, 94, 57, 234, 284, 319])
        #expect(evidence.map(\.endLine) == [nil, 131, 120, nil, nil, nil, 130, nil, 235, 285, 320])
        #expect(evidence.last?.detail == "Fail-fast prevents fallback")
        #expect(evidence[5].detail == "Uses `LocalLLMWrapper` for lazy loading")
    }

    @Test func otherWrittenForms() {
        let evidence = CodeEvidence.extract(from: [
            Bullet("start_alwrity_backend.py:", children: [Bullet("Line 3: x")]),
            Bullet("`api/auth.py:57 in verify_token`"),
            Bullet("`api/auth.py:60-64`: checks the issuer"),
            Bullet("`api\\today_workflow.py`"),
            Bullet("The code retries:", children: [Bullet("with `response_format={\"type\": \"json_object\"}`")]),
            Bullet("Both paths still fail with `NotFoundError`, which points to the model."),
            Bullet("auth.py is mentioned in prose"),
        ])
        #expect(evidence == [
            CodeEvidence(file: "start_alwrity_backend.py", line: 3, detail: "x"),
            CodeEvidence(file: "api/auth.py", function: "verify_token", line: 57),
            CodeEvidence(file: "api/auth.py", line: 60, endLine: 64, detail: "checks the issuer"),
            CodeEvidence(file: "api\\today_workflow.py"),
        ])
    }

    @Test func generatedBulletsReadBackToTheSameValues() {
        let evidence = [
            CodeEvidence(file: "a/auth.py", function: "Auth.verify", line: 57, detail: "skips the audience check"),
            CodeEvidence(file: "b/jobs.go", line: 10, endLine: 12, detail: "retries forever"),
            CodeEvidence(file: "a/auth.py", function: "get_user", line: 3, endLine: 9),
            CodeEvidence(file: "a/auth.py", function: "Auth.__init__"),
            CodeEvidence(file: "a/auth.py", line: 80),
            CodeEvidence(file: "b/jobs.go", detail: "no timeout on the client"),
            CodeEvidence(file: "c/Main.swift"),
        ]
        let bullets = CodeEvidence.bullets(evidence)
        #expect(bullets.map(\.text) == ["`a/auth.py`", "`b/jobs.go`", "`c/Main.swift`"])
        #expect(bullets[0].children.map(\.text) == [
            "`Auth.verify` (line 57): skips the audience check", "`get_user` (lines 3-9)", "`Auth.__init__`", "Line 80",
        ])
        let byFile = ["a/auth.py", "b/jobs.go", "c/Main.swift"].flatMap { file in evidence.filter { $0.file == file } }
        #expect(CodeEvidence.extract(from: bullets) == byFile)
        #expect(CodeEvidence.extract(from: CodeEvidence.bullets(CodeEvidence.extract(from: issue6))) == CodeEvidence.extract(from: issue6))
    }
}
