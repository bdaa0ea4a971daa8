extension MinedTemplate {
    /// One JSON object: id, template, count, first/last seen (time and line), sample, parameters.
    public func writeJSON(to writer: inout JSONWriter, sources: [String]) {
        writer.beginObject()
        writer.field("id")
        writer.string(id)
        writer.field("template")
        writer.string(text)
        writer.field("count")
        writer.number(count)
        writer.field("first_seen")
        writer.timestamp(firstSeen)
        writer.field("last_seen")
        writer.timestamp(lastSeen)
        writer.field("first_line")
        Self.writeOrigin(firstOrigin, sources: sources, to: &writer)
        writer.field("last_line")
        Self.writeOrigin(lastOrigin, sources: sources, to: &writer)
        writer.field("sample")
        writer.string(sample)
        writer.field("parameters")
        writer.beginArray()
        for parameter in parameters {
            writer.beginObject()
            writer.field("position")
            writer.number(parameter.position)
            writer.field("name")
            writer.string(parameter.name)
            writer.field("distinct")
            writer.number(parameter.distinct)
            writer.field("top")
            writer.beginArray()
            for entry in parameter.top {
                writer.beginObject()
                writer.field("value")
                writer.string(entry.value)
                writer.field("count")
                writer.number(entry.count)
                writer.endObject()
            }
            writer.endArray()
            writer.endObject()
        }
        writer.endArray()
        writer.endObject()
    }

    private static func writeOrigin(_ origin: TemplateMiner.Origin, sources: [String], to writer: inout JSONWriter) {
        writer.beginObject()
        writer.field("file")
        writer.string(origin.source < sources.count ? sources[origin.source] : nil)
        writer.field("line")
        writer.number(origin.line)
        writer.endObject()
    }

    /// A few lines for the terminal: id, count, when, the template, a sample, and per parameter its
    /// most frequent values.
    public func textBlock(sources: [String], topValues: Int = 5) -> String {
        var lines: [String] = []
        var head = "\(id)  ×\(count)"
        if let firstSeen, let lastSeen {
            head += "  \(firstSeen.rfc3339) … \(lastSeen.rfc3339)"
        } else {
            head += "  \(Self.describe(firstOrigin, sources)) … \(Self.describe(lastOrigin, sources))"
        }
        lines.append(head)
        lines.append("  " + text)
        if sample != text { lines.append("  e.g. " + sample) }
        for parameter in parameters {
            let values = parameter.top.prefix(topValues).map { "\(Self.quoted($0.value)) ×\($0.count)" }
            let more = parameter.distinct > values.count ? ", … (\(parameter.distinct) distinct)" : ""
            lines.append("  \(parameter.name) #\(parameter.position + 1): " + values.joined(separator: ", ") + more)
        }
        return lines.joined(separator: "\n")
    }

    private static func describe(_ origin: TemplateMiner.Origin, _ sources: [String]) -> String {
        let file = origin.source < sources.count ? sources[origin.source] : "?"
        return "\(file):\(origin.line)"
    }

    private static func quoted(_ value: String) -> String {
        value.isEmpty || value.contains(" ") ? "\"\(value)\"" : value
    }
}
