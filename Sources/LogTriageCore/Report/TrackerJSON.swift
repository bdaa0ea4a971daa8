/// The tracker as one JSON document, for tools and dashboards: every field of every issue, times in RFC 3339,
/// missing values as null, keys always in the same order. Free-text bullets become arrays of strings (children
/// follow their parent, indented two spaces per level) so a consumer needs no tree walk to show them.
public enum TrackerJSON {
    public static func render(_ document: TrackerDocument) -> String {
        var writer = JSONWriter()
        writer.beginObject()
        writer.field("title")
        writer.string(document.title)
        writer.field("purpose")
        strings(document.purpose, &writer)
        writer.field("triage_rules")
        bullets(document.triageRules, &writer)
        writer.field("issues")
        writer.beginArray()
        for issue in document.issues { write(issue, &writer) }
        writer.endArray()
        writer.field("cross_issue_notes")
        bullets(document.crossIssueNotes, &writer)
        writer.field("investigation_order")
        writer.beginArray()
        for step in document.investigationOrder { if let issue = step.issue { writer.number(issue) } }
        writer.endArray()
        writer.field("investigation_steps")
        steps(document.investigationOrder, &writer)
        writer.field("evidence_sources")
        bullets(document.evidenceSources, &writer)
        writer.field("extra_sections")
        writer.beginArray()
        for section in document.extraSections {
            writer.beginObject()
            writer.field("title")
            writer.string(section.title)
            writer.field("lines")
            strings(section.lines, &writer)
            writer.endObject()
        }
        writer.endArray()
        writer.field("update_log")
        writer.beginArray()
        for entry in document.updateLog {
            writer.beginObject()
            writer.field("date")
            writer.string(entry.date)
            writer.field("text")
            writer.string(entry.text)
            writer.endObject()
        }
        writer.endArray()
        writer.endObject()
        var bytes = indented(writer.bytes)
        bytes.append(0x0A)
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Issues as in ``render(_:)``'s `issues` array (the API's list).
    public static func render(issues: [TrackerIssue]) -> String {
        var writer = JSONWriter()
        writer.beginArray()
        for issue in issues { write(issue, &writer) }
        writer.endArray()
        return finished(writer)
    }

    /// One issue as in ``render(_:)``'s `issues` array.
    public static func render(issue: TrackerIssue) -> String {
        var writer = JSONWriter()
        write(issue, &writer)
        return finished(writer)
    }

    /// The investigation order: the steps, and the issue each names.
    public static func render(investigationOrder: [InvestigationStep]) -> String {
        var writer = JSONWriter()
        steps(investigationOrder, &writer)
        return finished(writer)
    }

    private static func steps(_ steps: [InvestigationStep], _ writer: inout JSONWriter) {
        writer.beginArray()
        for step in steps {
            writer.beginObject()
            writer.field("text")
            writer.string(step.text)
            writer.field("issue")
            writer.number(step.issue)
            writer.endObject()
        }
        writer.endArray()
    }

    private static func finished(_ writer: JSONWriter) -> String {
        var bytes = indented(writer.bytes)
        bytes.append(0x0A)
        return String(decoding: bytes, as: UTF8.self)
    }

    private static func write(_ issue: TrackerIssue, _ writer: inout JSONWriter) {
        writer.beginObject()
        writer.field("id")
        writer.number(issue.number)
        writer.field("title")
        writer.string(issue.title)
        writer.field("status")
        writer.string(issue.status.rawValue)
        writer.field("severity")
        writer.string(issue.severity.rawValue)
        writer.field("subsystem")
        writer.string(issue.subsystem)
        writer.field("kind")
        writer.string(issue.kind?.rawValue)
        writer.field("kind_reasons")
        bullets(issue.kindReasons, &writer)
        writer.field("confidence")
        writer.string(issue.confidence?.rawValue)
        writer.field("confidence_reasons")
        bullets(issue.confidenceReasons, &writer)

        writer.field("signatures")
        writer.beginArray()
        for signature in issue.signatures {
            writer.beginObject()
            writer.field("id")
            writer.string(signature.id)
            writer.field("template")
            writer.string(signature.template)
            writer.field("count")
            writer.number(signature.count)
            writer.field("first_seen")
            writer.timestamp(signature.firstSeen)
            writer.field("last_seen")
            writer.timestamp(signature.lastSeen)
            writer.field("level")
            writer.string(signature.level?.name.lowercased())
            writer.field("logger")
            writer.string(signature.logger)
            writer.field("reason")
            writer.string(signature.reason)
            writer.endObject()
        }
        writer.endArray()

        writer.field("symptoms")
        writer.beginArray()
        for symptom in issue.symptoms {
            writer.beginObject()
            writer.field("name")
            writer.string(symptom.name)
            writer.field("values")
            writer.beginArray()
            for value in symptom.values {
                writer.beginObject()
                writer.field("value")
                writer.string(value.value)
                writer.field("count")
                writer.number(value.count)
                writer.endObject()
            }
            writer.endArray()
            writer.field("distinct")
            writer.number(symptom.distinct)
            writer.endObject()
        }
        writer.endArray()

        writer.field("behavior")
        bullets(issue.behavior, &writer)

        let occurrences = issue.occurrences
        writer.field("occurrences")
        writer.beginObject()
        writer.field("count")
        writer.number(occurrences.count)
        writer.field("first_seen")
        writer.timestamp(occurrences.firstSeen)
        writer.field("last_seen")
        writer.timestamp(occurrences.lastSeen)
        writer.field("bucket_seconds")
        writer.number(occurrences.bucketSeconds)
        writer.field("histogram")
        writer.beginArray()
        for bucket in occurrences.histogram {
            writer.beginObject()
            writer.field("start")
            writer.timestamp(bucket.start)
            writer.field("count")
            writer.number(bucket.count)
            writer.endObject()
        }
        writer.endArray()
        writer.endObject()

        writer.field("samples")
        strings(issue.samples, &writer)

        writer.field("evidence")
        writer.beginArray()
        for evidence in CodeEvidence.extract(from: issue.evidence) {
            writer.beginObject()
            writer.field("file")
            writer.string(evidence.file)
            writer.field("function")
            writer.string(evidence.function)
            writer.field("line")
            writer.number(evidence.line)
            writer.field("end_line")
            writer.number(evidence.endLine)
            writer.field("detail")
            writer.string(evidence.detail)
            writer.endObject()
        }
        writer.endArray()
        writer.field("evidence_notes")
        bullets(issue.evidence, &writer)

        writer.field("files")
        bullets(issue.files, &writer)
        writer.field("hypotheses")
        writer.beginObject()
        writer.field("primary")
        bullets(issue.primaryHypotheses, &writer)
        writer.field("secondary")
        bullets(issue.secondaryHypotheses, &writer)
        writer.endObject()
        writer.field("questions")
        bullets(issue.questions, &writer)
        writer.field("downstream")
        bullets(issue.downstream, &writer)
        writer.field("fix_options")
        bullets(issue.fixOptions, &writer)
        writer.field("validation")
        bullets(issue.validation, &writer)

        writer.field("related")
        writer.beginArray()
        for relation in issue.related {
            writer.beginObject()
            writer.field("issue")
            writer.number(relation.issue)
            writer.field("relation")
            writer.string(relation.relation)
            writer.endObject()
        }
        writer.endArray()

        writer.field("notes")
        bullets(issue.notes, &writer)

        writer.field("extra_fields")
        writer.beginArray()
        for field in issue.extraFields {
            writer.beginObject()
            writer.field("label")
            writer.string(field.label)
            writer.field("value")
            writer.string(field.value)
            writer.field("items")
            bullets(field.items, &writer)
            writer.endObject()
        }
        writer.endArray()

        writer.field("fixed")
        if let fix = issue.fix {
            writer.beginObject()
            writer.field("time")
            writer.timestamp(fix.time)
            writer.field("version")
            writer.string(fix.version)
            writer.endObject()
        } else {
            writer.null()
        }
        writer.endObject()
    }

    private static func strings(_ values: [String], _ writer: inout JSONWriter) {
        writer.beginArray()
        for value in values { writer.string(value) }
        writer.endArray()
    }

    /// Bullets as flat strings, depth first, two spaces of indent per nesting level.
    private static func bullets(_ bullets: [Bullet], _ writer: inout JSONWriter) {
        writer.beginArray()
        func walk(_ bullets: [Bullet], _ indent: String) {
            for bullet in bullets {
                writer.string(indent + bullet.text)
                walk(bullet.children, indent + "  ")
            }
        }
        walk(bullets, "")
        writer.endArray()
    }

    /// Re-indents compact JSON two spaces per level, so the document diffs and reads well; empty arrays and
    /// objects stay on one line. String contents are copied untouched.
    static func indented(_ compact: [UInt8]) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(compact.count * 2)
        var depth = 0
        var inString = false
        var escaped = false
        func newline() {
            out.append(0x0A)
            out.append(contentsOf: repeatElement(UInt8(ascii: " "), count: depth * 2))
        }
        var index = 0
        while index < compact.count {
            let byte = compact[index]
            index += 1
            if inString {
                out.append(byte)
                if escaped { escaped = false }
                else if byte == UInt8(ascii: "\\") { escaped = true }
                else if byte == UInt8(ascii: "\"") { inString = false }
                continue
            }
            switch byte {
            case UInt8(ascii: "\""):
                inString = true
                out.append(byte)
            case UInt8(ascii: "{"), UInt8(ascii: "["):
                out.append(byte)
                if index < compact.count, compact[index] == byte + 2 {  // `}` and `]` are two after `{` and `[`
                    out.append(compact[index])
                    index += 1
                } else {
                    depth += 1
                    newline()
                }
            case UInt8(ascii: "}"), UInt8(ascii: "]"):
                depth -= 1
                newline()
                out.append(byte)
            case UInt8(ascii: ","):
                out.append(byte)
                newline()
            case UInt8(ascii: ":"):
                out.append(contentsOf: [byte, UInt8(ascii: " ")])
            default:
                out.append(byte)
            }
        }
        return out
    }
}
