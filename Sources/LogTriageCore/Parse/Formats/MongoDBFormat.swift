/// MongoDB's structured log (4.4 and later), one JSON object per line:
///
///     {"t":{"$date":"2024-04-12T09:23:57.000+00:00"},"s":"E","c":"NETWORK","id":23256,"ctx":"conn12","msg":"…","attr":{…}}
///
/// `t` is the time, `s` the severity (F E W I, D1–D5), `c` the component and `ctx` the thread; the rest is read as
/// any JSON line. A format of its own because those one-letter keys mean nothing in other logs.
public struct MongoDBFormat: LogFormat {
    public init() {}
    public var name: String { "mongodb" }

    public func parse(_ line: UnsafeBufferPointer<UInt8>) -> ParsedLine? {
        guard let members = JSONFields.object(line), let time = members.first(where: { $0.key == "t" }),
            time.value["$date"] != nil, members.contains(where: { $0.key == "s" })
        else { return nil }
        let renamed = members.map { member -> Attribute in
            guard let key = Self.keys[member.key] else { return member }
            return Attribute(key, member.value)
        }
        return JSONLinesFormat.read(renamed)
    }

    private static let keys = ["t": "time", "s": "level", "c": "logger", "ctx": "thread"]

    public var examples: [FormatExample] {
        [
            FormatExample(
                #"{"t":{"$date":"2024-04-12T09:23:57.000+00:00"},"s":"E","c":"NETWORK","id":23256,"ctx":"conn12","msg":"SSL handshake failed","attr":{"error":"no certificate provided by peer"}}"#,
                time: "2024-04-12T09:23:57.000Z", level: .error, logger: "NETWORK", thread: "conn12",
                message: "SSL handshake failed"),
            FormatExample(
                #"{"t":{"$date":{"$numberLong":"1712913837000"}},"s":"D2","c":"STORAGE","ctx":"Checkpointer","msg":"checkpoint"}"#,
                time: "2024-04-12T09:23:57.000Z", level: .debug, logger: "STORAGE", message: "checkpoint"),
            FormatExample(
                #"{"t":{"$date":"2024-04-12T09:23:56.253+00:00"},"s":"W","c":"CONTROL","id":22120,"ctx":"initandlisten","msg":"Access control is not enabled for the database","tags":["startupWarnings"]}"#,
                level: .warning, logger: "CONTROL", message: "Access control is not enabled for the database"),
            .rejects(#"{"level":"error","msg":"request failed","t":12}"#),
            .rejects("2024-05-04 12:43:47,913 - app - ERROR - Failed"),
        ]
    }
}
