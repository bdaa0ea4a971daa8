extension LogRecord {
    /// Writes the record as one JSON object (the `records --json` schema).
    public func writeJSON(to writer: inout JSONWriter) {
        writer.beginObject()
        writer.raw("\"file\":")
        writer.string(file)
        writer.raw(",\"line_start\":")
        writer.number(lineStart)
        writer.raw(",\"line_end\":")
        writer.number(lineEnd)
        writer.raw(",\"time\":")
        writer.timestamp(time)
        writer.raw(",\"level\":")
        writer.string(severity?.level.name)
        writer.raw(",\"severity_number\":")
        writer.number(severity?.number)
        writer.raw(",\"logger\":")
        writer.string(logger)
        writer.raw(",\"pid\":")
        writer.number(pid)
        writer.raw(",\"thread\":")
        writer.string(thread)
        writer.raw(",\"source\":")
        if let source, !source.isEmpty {
            writer.raw("{\"file\":")
            writer.string(source.file)
            writer.raw(",\"function\":")
            writer.string(source.function)
            writer.raw(",\"line\":")
            writer.number(source.line)
            writer.endObject()
        } else {
            writer.null()
        }
        writer.raw(",\"message\":")
        writer.string(message)
        writer.raw(",\"exception\":")
        if let exception {
            exception.writeJSON(to: &writer)
        } else {
            writer.null()
        }
        writer.raw(",\"attributes\":")
        writer.beginObject()
        for attribute in attributes {
            writer.key(attribute.key)
            writer.value(attribute.value)
        }
        writer.endObject()
        writer.raw(",\"format\":")
        writer.string(format)
        writer.endObject()
    }

    /// One line for a terminal: time, level, logger, location, message, and the exception's summary.
    public var textLine: String {
        var parts: [String] = []
        parts.append(time?.rfc3339 ?? "-")
        parts.append((severity?.level.name ?? "-").padding(to: 8))
        if let logger { parts.append(logger) }
        var line = parts.joined(separator: " ")
        line += " [\(file):\(lineStart)\(lineEnd > lineStart ? "-\(lineEnd)" : "")] "
        line += message
        // What the logger put beside the message: its cause field, or the detail lines under it.
        if let details = attributes.first(where: { $0.key == "details" })?.value.stringValue {
            for detail in details.split(separator: "\n").prefix(20) { line += "\n    " + detail }
        } else if let cause = causeAttribute, !message.contains(cause.value) {
            line += "\n    ↳ \(cause.key): \(cause.value)"
        }
        if let exception {
            let innermost = exception.frames.last
            let site = innermost.map { " at \($0.file ?? "?"):\($0.line.map(String.init) ?? "?")" } ?? ""
            line += "\n    ↳ \(exception.type): \(exception.message)\(site)"
            var cause = exception.cause
            while let current = cause {
                line += "\n      caused by \(current.type): \(current.message)"
                cause = current.cause
            }
        }
        return line
    }
}

extension ExceptionInfo {
    public func writeJSON(to writer: inout JSONWriter) {
        writer.beginObject()
        writer.field("type")
        writer.string(type)
        writer.field("message")
        writer.string(message)
        writer.field("frames")
        writer.beginArray()
        for frame in frames {
            writer.beginObject()
            writer.field("file")
            writer.string(frame.file)
            writer.field("line")
            writer.number(frame.line)
            writer.field("function")
            writer.string(frame.function)
            writer.endObject()
        }
        writer.endArray()
        writer.field("cause")
        if let cause {
            cause.writeJSON(to: &writer)
        } else {
            writer.null()
        }
        writer.endObject()
    }
}

extension String {
    func padding(to width: Int) -> String {
        count >= width ? self : self + String(repeating: " ", count: width - count)
    }
}
