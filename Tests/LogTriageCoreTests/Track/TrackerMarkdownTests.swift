import Testing

@testable import LogTriageCore

/// A document with every field filled, including the awkward cases: backticks in a template and in samples,
/// symptoms with more distinct values than listed, dense and sparse histograms, extra fields and sections.
private enum FullTracker {
    static let base = Timestamp(year: 2026, month: 3, day: 10, hour: 9)
    static func hours(_ count: Int64) -> Timestamp {
        Timestamp(millisecondsSinceEpoch: base.millisecondsSinceEpoch + count * 3_600_000)
    }
    static let rejected = "Unverified token rejected (production)."

    static let document = TrackerDocument(
        title: "Payments API RCA Tracker",
        issues: [
            TrackerIssue(
                number: 1, title: "Clerk token verification failures", status: .rootCauseConfirmed, severity: .high,
                subsystem: "Authentication / request pipeline", kind: .configuration, confidence: .high,
                confidenceReasons: [
                    Bullet("Rule `clerk-jwks` matched"),
                    Bullet("Code site found", children: [Bullet("`backend/middleware/auth_middleware.py:88`")]),
                ],
                signatures: [
                    Signature(
                        id: TemplateID.of(rejected), template: rejected, count: 412, firstSeen: hours(0),
                        lastSeen: hours(5), level: .error, reason: "first signature"),
                    Signature(id: "abc123def456", template: "token `<*>` has kid <*>", count: 3, level: .warning),
                    Signature(id: TemplateID.of("JWKS fetched from <url>"), template: "JWKS fetched from <url>"),
                    Signature(id: "by-hand", template: "``weird`` template", reason: "merged by hand"),
                ],
                symptoms: [
                    Symptom(name: "endpoint", values: [.init("/api/a", count: 300), .init("/api/b", count: 112)], distinct: 7),
                    Symptom(name: "status", values: [.init("401"), .init("403")]),
                ],
                behavior: [Bullet("Requests reach authenticated endpoints."), Bullet("Production mode rejects the token.")],
                occurrences: Occurrences(
                    count: 415, firstSeen: hours(0), lastSeen: hours(5),
                    histogram: [.init(start: hours(0), count: 5), .init(start: hours(2), count: 3), .init(start: hours(5), count: 407)]),
                samples: [
                    "2026-03-10 09:14:05,402 ERROR auth: Unverified token rejected (production).",
                    "Traceback (most recent call last):\n  File \"x.py\", line 3, in <module>\n\n```\n## not a heading\n```\n    raise ValueError",
                ],
                primaryHypotheses: [Bullet("Tokens do not validate against the resolved JWKS.")],
                secondaryHypotheses: [Bullet("Frontend issuer mismatch."), Bullet("Wrong Clerk environment.")],
                evidence: [
                    Bullet(
                        "`backend/middleware/auth_middleware.py`",
                        children: [Bullet("`ClerkAuthMiddleware.verify_token`", children: [Bullet("falls back to unverified decode")])])
                ],
                files: [Bullet("`backend/middleware/auth_middleware.py`")],
                questions: [Bullet("Are both Clerk keys from the same instance?")],
                downstream: [Bullet("Dashboard widgets stay empty.")],
                fixOptions: [Bullet("**Option A**: load keys from one instance", children: [Bullet("Minimal change")])],
                validation: [Bullet("Authenticated endpoints return 200.")],
                related: [Relation(issue: 2, relation: "downstream effect"), Relation(issue: 3, relation: "")],
                notes: [Bullet("Seen only in production.")],
                extraFields: [
                    ExtraField(label: "Action", items: [Bullet("Rotate keys after the fix.")]),
                    ExtraField(label: "Owner", value: "platform team"),
                ],
                fix: FixRecord(time: Timestamp(year: 2026, month: 3, day: 12, hour: 10), version: "1.4.2")),
            TrackerIssue(
                number: 2, title: "Hugging Face model not found", status: .fixed, severity: .critical,
                subsystem: "LLM provider", kind: .external,
                signatures: [Signature(id: TemplateID.of("HF model not found: <*>"), template: "HF model not found: <*>", count: 9)],
                symptoms: [Symptom(name: "address", values: [.init("10.0.0.1", count: 9)])],
                // 1000 minutes apart: a dense list would have 1001 buckets, so it stays sparse.
                occurrences: Occurrences(
                    count: 9, firstSeen: base,
                    histogram: [.init(start: base, count: 2), .init(start: Timestamp(millisecondsSinceEpoch: base.millisecondsSinceEpoch + 60_000_000), count: 7)],
                    bucketSeconds: 60),
                fix: FixRecord(time: hours(30))),
            TrackerIssue(number: 3, title: "Dev reloader", status: .observed, severity: .low),
            // Off the hourly grid, and a zero bucket: only the sparse form says exactly that.
            TrackerIssue(
                number: 4, title: "Off-grid buckets", status: .regressed, kind: .codeDefect, confidence: .low,
                occurrences: Occurrences(
                    count: 3,
                    histogram: [
                        .init(start: base, count: 1),
                        .init(start: Timestamp(year: 2026, month: 3, day: 10, hour: 10, minute: 30), count: 2),
                        .init(start: hours(3), count: 0),
                    ])),
        ],
        crossIssueNotes: [Bullet("Auth and indexing failures look independent.", children: [Bullet("no shared request ids")])],
        investigationOrder: [
            InvestigationStep(text: "Issue 1: Clerk token verification failures", issue: 1),
            InvestigationStep(text: "Check the Hugging Face model ids"),
        ],
        evidenceSources: [Bullet("Runtime logs from `api.log`"), Bullet("`backend/middleware/auth_middleware.py`")],
        updateLog: [
            UpdateEntry(date: "", text: "Imported from the hand-kept tracker."),
            UpdateEntry(date: "2026-03-10", text: "Created the tracker."),
            UpdateEntry(date: "2026-03-10", text: "Added Issue 2."),
            UpdateEntry(date: "2026-03-12", text: "Issue 1 fixed in 1.4.2."),
        ],
        extraSections: [
            ExtraSection(
                title: "Open Questions",
                lines: ["Some text with `code`.", "", "- a bullet", "  - nested", "", "```sh", "## not a section", "```"])
        ])
}

struct TrackerMarkdownTests {
    private func example() throws -> String {
        String(decoding: Fixtures.read(Fixtures.path("tracker/rca_tracker_example.md")), as: UTF8.self)
    }

    private func issue(_ number: Int, in document: TrackerDocument) throws -> TrackerIssue {
        try #require(document.issues.first { $0.number == number })
    }

    @Test func theHandWrittenExampleImports() throws {
        let document = try TrackerMarkdown.parse(try example())
        #expect(document.title == "Backend Log RCA Tracker")
        #expect(document.purpose.first == "This document is the working catalog for backend issues observed in runtime logs.")
        #expect(document.purpose.count == 11)
        #expect(document.triageRules == TrackerDocument.defaultTriageRules)
        #expect(document.issues.map(\.number) == [1, 2, 3, 4, 5, 6])
        #expect(document.issues.map(\.status) == [.open, .open, .open, .observed, .open, .open])
        #expect(document.issues.map(\.severity) == [.high, .high, .medium, .low, .medium, .high])
        #expect(document.issues.map(\.confidence) == [.medium, .high, .high, .high, .medium, .high])
        #expect(document.issues[2].title == "txtai indexing attempted before service initialization completes")
        #expect(document.issues[3].subsystem == "Development reload / workflow API")

        let auth = try issue(1, in: document)
        #expect(auth.signatures.map(\.template) == [
            "Unverified token rejected (production).",
            "AUTHENTICATION ERROR: Token verification failed for endpoint: GET /api/...",
        ])
        #expect(auth.signatures[0].id == TemplateID.of("Unverified token rejected (production)."))
        #expect(auth.signatures.allSatisfy { $0.count == 0 && $0.level == nil })
        #expect(auth.symptoms.map(\.name) == ["endpoint"])
        #expect(auth.symptoms.first?.values.count == 5)
        #expect(auth.symptoms.first?.values.first == Symptom.Value("/api/content-planning/monitoring/lightweight-stats"))
        #expect(auth.behavior.count == 4)
        #expect(auth.primaryHypotheses.count == 2)
        #expect(auth.secondaryHypotheses.count == 4)
        #expect(auth.evidence.map(\.children.count) == [3, 3])
        #expect(auth.questions.count == 4)
        #expect(auth.validation.count == 2)
        #expect(try issue(2, in: document).signatures.count == 5)
        #expect(try issue(2, in: document).secondaryHypotheses.count == 3)

        // Issue 3: 4-space nested evidence, and fix options from the later "REVISED" fix path.
        let txtai = try issue(3, in: document)
        #expect(txtai.evidence.map(\.text) == [
            "`backend/services/intelligence/txtai_service.py`:", "`backend/api/today_workflow.py`:",
        ])
        #expect(txtai.evidence.map(\.children.count) == [5, 1])
        #expect(txtai.fixOptions.count == 3)
        #expect(txtai.fixOptions.first?.text == "**Option A**: Change `SIF_FAIL_FAST` to be **conditional** (not global)")
        #expect(txtai.fixOptions.first?.children.count == 3)
        #expect(txtai.questions.count == 4)
        #expect(txtai.downstream.count == 3)
        #expect(txtai.validation.count == 1)

        // Issue 4 uses the synonyms and an unknown label.
        let reload = try issue(4, in: document)
        #expect(reload.signatures.map(\.template) == ["StatReload detected changes in 'api\\today_workflow.py'. Reloading..."])
        #expect(reload.primaryHypotheses == [Bullet("Expected dev-server behavior, not itself a product bug.")])
        #expect(reload.files == [Bullet("`backend/api/today_workflow.py`")])
        #expect(reload.extraFields == [
            ExtraField(label: "Action", items: [Bullet("No fix needed; keep separate from actual runtime defects.")])
        ])

        let drift = try issue(5, in: document)
        #expect(drift.signatures.isEmpty)
        #expect(drift.notes.first?.text.hasPrefix("(No direct log signature yet;") == true)
        #expect(drift.fixOptions.map(\.children.count) == [3, 3, 2])
        #expect(drift.fixOptions.last?.text == "**Option C**: Keep current default and rely on existing fallback chain")
        #expect(drift.primaryHypotheses.count == 2)
        #expect(drift.questions.count == 4)
        let blocking = try issue(6, in: document)
        #expect(blocking.notes == [Bullet("(No direct log signature; architectural issue)")])
        #expect(blocking.fixOptions.count == 3)
        #expect(blocking.primaryHypotheses.count == 4)
        #expect(blocking.validation.count == 4)

        #expect(document.crossIssueNotes.count == 5)
        #expect(document.investigationOrder.count == 5)
        #expect(document.investigationOrder.allSatisfy { $0.issue == nil })
        #expect(document.evidenceSources.count == 6)
        #expect(document.updateLog.count == 8)
        #expect(document.updateLog.allSatisfy { $0.date == "2026-03-10" })
        // Both Minimal Fix Paths sections held only per-issue parts, so nothing is left over.
        #expect(document.extraSections.isEmpty)
    }

    @Test func reportImportReportIsStableFromTheExample() throws {
        let imported = try TrackerMarkdown.parse(try example())
        let report = TrackerMarkdown.render(imported)
        let reimported = try TrackerMarkdown.parse(report)
        #expect(reimported == imported)
        #expect(TrackerMarkdown.render(reimported) == report)
        #expect(report.hasSuffix("\n") && !report.hasSuffix("\n\n"))
        // Issues are sorted, and the fix paths now live in their issues.
        #expect(report.contains("## Issue 4: Today workflow endpoint reload observed during active debugging\n\n- **Status**: Observed\n"))
        #expect(!report.contains("Minimal Fix Paths"))
    }

    @Test func aFullDocumentRoundTripsExactly() throws {
        let report = TrackerMarkdown.render(FullTracker.document)
        let imported = try TrackerMarkdown.parse(report)
        #expect(imported == FullTracker.document)
        #expect(TrackerMarkdown.render(imported) == report)
        // Spot checks for the field formats (the round trip alone would accept any self-consistent format).
        let lines = Set(report.split(separator: "\n", omittingEmptySubsequences: false).map(String.init))
        let rejectedID = TemplateID.of(FullTracker.rejected)
        for expected in [
            "- **Fixed**: 2026-03-12T10:00:00.000Z in `1.4.2`",
            "- **Kind**: Configuration",
            "  - `Unverified token rejected (production).` — id \(rejectedID); 412×; ERROR; first 2026-03-10T09:00:00.000Z; last 2026-03-10T14:00:00.000Z",
            "    - Grouped: first signature",
            "  - `` token `<*>` has kid <*> `` — id abc123def456; 3×; WARNING",
            "  - `JWKS fetched from <url>`",
            "  - ``` ``weird`` template ``` — id by-hand",
            "- **Observed endpoints in logs**:",
            "  - `/api/a` (300)",
            "  - … and 5 more",
            "- **Observed statuses in logs**:",
            "  - `401`",
            "- **Observed addresses in logs**:",
            "- **Occurrences**: 415 (first 2026-03-10T09:00:00.000Z, last 2026-03-10T14:00:00.000Z)",
            "  - Histogram (3600 s buckets from 2026-03-10T09:00:00.000Z): 5 0 3 0 0 407",
            "  - Histogram (60 s buckets): 2026-03-10T09:00:00.000Z=2, 2026-03-11T01:40:00.000Z=7",
            "  - Histogram (3600 s buckets): 2026-03-10T09:00:00.000Z=1, 2026-03-10T10:30:00.000Z=2, 2026-03-10T12:00:00.000Z=0",
            "- **Kind**: Code defect",
            "  ````text",
            "  ```",
            "      raise ValueError",
            "  - Issue 2: downstream effect",
            "  - Issue 3",
            "- **Owner**: platform team",
            "1. Issue 1: Clerk token verification failures",
            "## Issue 3: Dev reloader",
        ] {
            #expect(lines.contains(expected), "missing line: \(expected)")
        }
        var shuffled = FullTracker.document
        shuffled.issues.reverse()
        #expect(TrackerMarkdown.render(shuffled) == report, "issues are written in number order")
        #expect(report.contains("## Session Update Log\n\n- Imported from the hand-kept tracker.\n\n### 2026-03-10\n\n"))
        #expect(report.contains("## Issue 3: Dev reloader\n\n- **Status**: Observed\n- **Severity**: Low\n\n## Issue 4: Off-grid buckets"))
    }

    @Test func handWrittenVariantsImport() throws {
        let text = """
            # Tracker\r
            Kept by the on-call engineer.\r
            \r
            ## Issue 9 — Webhook retries\r
            \r
            * **Status:** Fixed (in 1.2)\r
            * **Observed statuses in logs**:\r
                + `502` (40)\r
                + `504`\r
                + … and 3 more\r
            * **Occurrences**: 44\r
              - Histogram (60 s buckets): 2026-03-10T09:00:00Z=40, 2026-03-10T11:00:00+02:00=4\r
            * **Related issues**:\r
              - Issue 2 — same request\r
            * A loose remark\r
              that wraps.\r
            * **Occurrences guess**: ~40 per hour\r
            \r
            ## Candidate Investigation Order\r
            \r
            - Issue 9 — webhooks first\r
            - then the rest\r
            """
        let document = try TrackerMarkdown.parse(text)
        #expect(document.purpose == ["Kept by the on-call engineer."])
        let webhook = try issue(9, in: document)
        #expect(webhook.title == "Webhook retries")
        #expect(webhook.status == .fixed)
        #expect(webhook.symptoms == [Symptom(name: "status", values: [.init("502", count: 40), .init("504")], distinct: 5)])
        #expect(webhook.occurrences.count == 44)
        #expect(webhook.occurrences.bucketSeconds == 60)
        #expect(webhook.occurrences.histogram == [
            .init(start: Timestamp(year: 2026, month: 3, day: 10, hour: 9), count: 40),
            .init(start: Timestamp(year: 2026, month: 3, day: 10, hour: 9), count: 4),
        ])
        #expect(webhook.related == [Relation(issue: 2, relation: "same request")])
        #expect(webhook.notes == [Bullet("A loose remark that wraps.")])
        #expect(webhook.extraFields == [ExtraField(label: "Occurrences guess", value: "~40 per hour")])
        #expect(document.investigationOrder == [
            InvestigationStep(text: "Issue 9 — webhooks first", issue: 9), InvestigationStep(text: "then the rest"),
        ])
    }

    @Test func denseHistogramsSkipZeroBuckets() throws {
        let text = """
            # T
            ## Issue 1: A
            - **Status**: Open
            - **Occurrences**: 8
              - Histogram (3600 s buckets from 2026-03-10T09:00:00.000Z): 5 0 3
            """
        let histogram = try issue(1, in: TrackerMarkdown.parse(text)).occurrences.histogram
        #expect(histogram == [
            .init(start: Timestamp(year: 2026, month: 3, day: 10, hour: 9), count: 5),
            .init(start: Timestamp(year: 2026, month: 3, day: 10, hour: 11), count: 3),
        ])
    }

    @Test(arguments: [
        ("A plain note.\nNothing else here.\n", 1, "not a tracker document"),
        ("# T\n\n## Issue x: title\n\n- **Status**: Open\n", 3, "without a number"),
        ("# T\n\n## Issue 1: A\n\n- **Status**: Open\n\n## Issue 1: B\n", 7, "first at line 3"),
        ("# T\n\n## Issue 2: A\n\n- **Severity**: High\n- **Status**: Parked\n", 6, "unknown status 'Parked'"),
        ("# T\n\n## Issue 2: A\n\n- **Severity**: Urgent\n", 5, "Low, Medium, High, Critical"),
        ("# T\n\n## Issue 2: A\n\n- **Kind**: Cosmic rays\n", 5, "unknown kind"),
        ("# T\n\n## Issue 2: A\n\n- **Confidence**: Certain\n", 5, "unknown confidence"),
        ("# T\n\n## Issue 2: A\n\n- **Fixed**: last Tuesday\n", 5, "RFC 3339"),
    ])
    func importErrorsSayWhere(text: String, line: Int, message: String) {
        let error = #expect(throws: TrackerImportError.self) { try TrackerMarkdown.parse(text) }
        #expect(error?.line == line)
        #expect(error?.message.contains(message) == true, "\(String(describing: error))")
    }

    @Test func bulletsAndTitlesStayOnOneLine() throws {
        var document = TrackerDocument(title: "Two\nlines", purpose: [], triageRules: [Bullet("first\nsecond")])
        document.issues = [TrackerIssue(number: 4, title: "A\r\nB", notes: [Bullet("x\ny")])]
        let report = TrackerMarkdown.render(document)
        #expect(report == """
            # Two lines

            ## Purpose

            ## Triage Rules

            - first second

            ## Issue 4: A B

            - **Status**: Open
            - **Severity**: Medium
            - **Notes**:
              - x y

            """)
        #expect(try TrackerMarkdown.parse(report).triageRules == [Bullet("first second")])
    }

    @Test func symptomNamesSurviveThePlural() {
        for name in ["endpoint", "status", "address", "query", "key", "response", "cause", "model", "user"] {
            #expect(TrackerMarkdown.singular(TrackerMarkdown.plural(name)) == name)
        }
        #expect(TrackerMarkdown.plural("status") == "statuses")
        #expect(TrackerMarkdown.singular("endpoints") == "endpoint")
    }

    /// Found by the Markdown fuzz target: a title holding a vertical tab, or a lone carriage return, was written
    /// as a space, which the next import trimmed away, so report → import → report was not a fixpoint.
    @Test(arguments: ["## Issue1\n***:**", "#\n```", "## Issue1\n**::**", "#\t\u{361}", "# \u{0B}", "# \r\u{0}", "# x\r\r\r\n## Purpose\r\rtext\r", "# a\u{2028}b\n## Purpose\n\nx\u{0C}y", "# t\n\n## Issue 1: a\u{0B}\n\n- **Status**: open", "## Issue1\n**Observed p in logs**:\n -"])
    func unusualLineCharactersRoundTrip(_ text: String) throws {
        let document = try TrackerMarkdown.parse(text)
        let rendered = TrackerMarkdown.render(document)
        #expect(TrackerMarkdown.render(try TrackerMarkdown.parse(rendered)) == rendered)
    }
}
