/// What a text line's message carries besides its words, read once its format has parsed the header.
enum MessageAffixes {
    /// The JSON object that ends a message, and the source location that starts one.
    static func read(_ line: inout ParsedLine) {
        TrailingObject.absorb(&line)
        if line.source == nil { LeadingSource.absorb(&line) }
    }
}

/// `CassandraDaemon.java:228 - Exception in thread …` (log4j's `%F:%L - %m`): a source file of a known language and
/// its line before ` - ` start the message; they are where the record was logged, not words of it.
enum LeadingSource {
    static func absorb(_ line: inout ParsedLine) {
        let message = line.message
        // bytes first: this runs on every header line
        let utf8 = message.utf8
        guard let space = utf8.firstIndex(of: 0x20), utf8[space...].starts(with: " - ".utf8) else { return }
        let token = message[..<space]
        guard let colon = token.lastIndex(of: ":"), let dot = token[..<colon].lastIndex(of: "."),
            let number = Int(token[token.index(after: colon)...]), number > 0,
            CodeEvidence.sourceExtensions.contains(token[token.index(after: dot)..<colon].lowercased())
        else { return }
        line.source = SourceLocation(file: String(token[..<colon]), line: number)
        line.message = String(message[message.index(space, offsetBy: 3)...])
    }
}

/// A text line that ends with a JSON object: `Invoke Error \t{"errorType":"Error","errorMessage":"…","stack":[…]}`,
/// winston's `error: payment failed {"orderId":17,"error":"card declined"}`. The object is the record's fields,
/// read as a JSON logger's would be (an `error` or `errorMessage` the cause, a `stack` the trace), not words of the
/// message.
enum TrailingObject {
    /// Objects tried per line (each `{` after a space or a tab, from the left).
    static let maxTries = 3

    static func absorb(_ line: inout ParsedLine) {
        guard line.message.utf8.last == UInt8(ascii: "}"), line.exceptionText == nil else { return }
        var tries = 0
        var utf8 = Array(line.message.utf8)
        let count = utf8.count
        var index = 1
        while index < count, tries < Self.maxTries {
            defer { index += 1 }
            guard utf8[index] == UInt8(ascii: "{"), utf8[index - 1] == 0x20 || utf8[index - 1] == 0x09 else { continue }
            tries += 1
            let members = utf8.withUnsafeBufferPointer { JSONFields.object(UnsafeBufferPointer(rebasing: $0[index...])) }
            guard let members, !members.isEmpty else { continue }
            let read = JSONLinesFormat.read(members)
            var head = index
            while head > 0, utf8[head - 1] == 0x20 || utf8[head - 1] == 0x09 { head -= 1 }
            utf8.removeSubrange(head...)
            let message = String(decoding: utf8, as: UTF8.self)
            line.message = message.isEmpty ? read.message : message
            line.severity = line.severity ?? read.severity
            line.exceptionText = read.exceptionText
            line.exceptionType = line.exceptionType ?? read.exceptionType
            line.exceptionMessage = line.exceptionMessage ?? read.exceptionMessage
            line.source = line.source ?? read.source
            for attribute in read.attributes where !line.attributes.contains(where: { $0.key == attribute.key }) {
                line.attributes.append(attribute)
            }
            return
        }
    }
}
