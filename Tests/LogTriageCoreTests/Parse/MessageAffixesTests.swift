import Testing

@testable import LogTriageCore

struct TrailingObjectTests {
    private func absorbed(_ message: String) -> ParsedLine {
        var line = ParsedLine(severity: Severity(.error), message: message)
        TrailingObject.absorb(&line)
        return line
    }

    /// A runtime's error report after the message: the object's error fields are the exception, its trace the frames.
    @Test func anErrorObjectAfterTheMessageIsTheException() {
        let line = absorbed(
            #"Invoke Error "# + "\t"
                + #"{"errorType":"Error","errorMessage":"connect ECONNREFUSED 10.0.0.5:5432","stack":["Error: connect ECONNREFUSED 10.0.0.5:5432","    at TCPConnectWrap.afterConnect (node:net:1555:16)"]}"#)
        #expect(line.message == "Invoke Error")
        #expect(line.exceptionType == "Error")
        #expect(line.exceptionMessage == "connect ECONNREFUSED 10.0.0.5:5432")
        #expect(line.exceptionText?.contains("at TCPConnectWrap.afterConnect") == true)
    }

    /// Metadata printed after the message: attributes, the `error` field the cause.
    @Test func metadataAfterTheMessageIsAttributes() {
        let line = absorbed(#"payment failed {"orderId":17,"error":"card declined"}"#)
        #expect(line.message == "payment failed")
        #expect(line.exceptionMessage == "card declined")
        #expect(line.attributes.contains { $0.key == "orderId" })
    }

    /// Braces that are not a JSON object, or an object inside the message, stay words of the message.
    @Test func otherBracesStayInTheMessage() {
        for message in ["template {name} not found", #"sent {"a":1} to the queue"#, "set {a, b}", "{\"only\":1}"] {
            #expect(absorbed(message).message == message, "\(message)")
        }
    }
}

struct LeadingSourceTests {
    /// log4j's `%F:%L - %m`: the file and line are the source, the rest the message.
    @Test func aSourceFileAndLineBeforeADashAreTheSource() {
        var line = ParsedLine(message: "CassandraDaemon.java:228 - Exception in thread Thread[Flush:2,5,main]")
        MessageAffixes.read(&line)
        #expect(line.source == SourceLocation(file: "CassandraDaemon.java", line: 228))
        #expect(line.message == "Exception in thread Thread[Flush:2,5,main]")
        for message in ["db.internal:5432 - refused", "version 2.3:1 - ok", "Saved orders.csv:12 - done", "a.java:x - y"] {
            var other = ParsedLine(message: message)
            MessageAffixes.read(&other)
            #expect(other.source == nil && other.message == message, "\(message)")
        }
    }
}
