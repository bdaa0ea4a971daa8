extension LogRecord {
    /// Writes the record as one JSON object (the `records --json` schema).
    public func writeJSON(to writer: inout JSONWriter) {
        writer.beginObject()
        writer.key("file")
        writer.string(file)
        writer.key("line_start")
        writer.number(lineStart)
        writer.key("line_end")
        writer.number(lineEnd)
        writer.key("time")
        writer.string(time?.rfc3339)
        writer.key("level")
        writer.string(severity?.level.name)
        writer.key("severity_number")
        writer.number(severity?.number)
        writer.key("logger")
        writer.string(logger)
        writer.key("pid")
        writer.number(pid)
        writer.key("thread")
        writer.string(thread)
        writer.key("source")
        if let source, !source.isEmpty {
            writer.beginObject()
            writer.key("file")
            writer.string(source.file)
            writer.key("function")
            writer.string(source.function)
            writer.key("line")
            writer.number(source.line)
            writer.endObject()
        } else {
            writer.null()
        }
        writer.key("message")
        writer.string(message)
        writer.key("exception")
        if let exception {
            exception.writeJSON(to: &writer)
        } else {
            writer.null()
        }
        writer.key("attributes")
        writer.beginObject()
        for attribute in attributes {
            writer.key(attribute.key)
            writer.value(attribute.value)
        }
        writer.endObject()
        writer.key("format")
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
        writer.key("type")
        writer.string(type)
        writer.key("message")
        writer.string(message)
        writer.key("frames")
        writer.beginArray()
        for frame in frames {
            writer.beginObject()
            writer.key("file")
            writer.string(frame.file)
            writer.key("line")
            writer.number(frame.line)
            writer.key("function")
            writer.string(frame.function)
            writer.endObject()
        }
        writer.endArray()
        writer.key("cause")
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
