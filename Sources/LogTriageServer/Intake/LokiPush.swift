import Foundation
import LogTriageCore
import SwiftProtobuf

/// Loki's push API (`POST /loki/api/v1/push`): streams of lines with labels, as JSON or as snappy-compressed
/// protobuf (Promtail, Grafana Alloy). Each stream's lines are read like a file's; its labels become attributes.
enum LokiPush {
    struct Stream {
        var labels: [(name: String, value: String)]
        var entries: [(nanoseconds: Int64, line: String)]

        /// One reader per label set.
        var key: String { labels.map { "\($0.name)=\($0.value)" }.sorted().joined(separator: ",") }

        /// The service, by the labels Loki itself derives `service_name` from, in its order.
        var service: String? {
            for name in ["service_name", "service", "app", "application", "name", "app_kubernetes_io_name", "container", "container_name", "component", "workload", "job"] {
                if let label = labels.first(where: { $0.name == name }), !label.value.isEmpty { return label.value }
            }
            return nil
        }
    }

    /// `{"streams": [{"stream": {"app": "api"}, "values": [["<unix ns>", "line"], …]}]}`.
    static func streams(json bytes: [UInt8]) throws -> [Stream] {
        guard let root = bytes.withUnsafeBufferPointer({ JSONParser.parse($0) }), case .array(let streams) = root["streams"]
        else { throw IntakeError.badRequest("the body is not a Loki push request (a JSON object with \"streams\")") }
        return try streams.map { stream in
            var labels: [(String, String)] = []
            if case .object(let members) = stream["stream"] {
                labels = members.compactMap { member in member.value.scalarText.map { (member.key, $0) } }
            }
            guard case .array(let values) = stream["values"] else {
                throw IntakeError.badRequest("a Loki stream has no \"values\" array")
            }
            let entries = try values.map { value -> (Int64, String) in
                guard case .array(let pair) = value, pair.count >= 2, let time = pair[0].scalarText.flatMap({ Int64($0) }),
                    let line = pair[1].stringValue
                else { throw IntakeError.badRequest("a Loki entry is not [\"<unix ns>\", \"<line>\"]") }
                return (time, line)
            }
            return Stream(labels: labels, entries: entries)
        }
    }

    /// Snappy-compressed `logproto.PushRequest`.
    static func streams(protobuf compressed: [UInt8], limit: Int) throws -> [Stream] {
        let bytes: [UInt8]
        do {
            bytes = try Snappy.decompress(compressed, limit: limit)
        } catch let error as IntakeError {
            throw error
        } catch {
            throw IntakeError.badRequest("the body is not snappy-compressed (Loki's protobuf push is)")
        }
        let request: LokiPushRequest
        do {
            request = try LokiPushRequest(serializedBytes: bytes)
        } catch {
            throw IntakeError.badRequest("the body is not a Loki PushRequest in protobuf (\(error))")
        }
        return try request.streams.map { stream in
            Stream(
                labels: try labels(stream.labels),
                entries: stream.entries.map { ($0.seconds &* 1_000_000_000 &+ Int64($0.nanos), $0.line) })
        }
    }

    /// Prometheus label syntax: `{app="api", pod="api-7d9f"}` with `\"`, `\\` and `\n` escapes.
    static func labels(_ text: String) throws -> [(name: String, value: String)] {
        var labels: [(String, String)] = []
        var characters = Substring(text.trimmingCharacters(in: .whitespaces))
        guard characters.first == "{", characters.last == "}" else { throw IntakeError.badRequest("Loki labels must be written {name=\"value\", …}") }
        characters = characters.dropFirst().dropLast()
        while true {
            characters = characters.drop { $0 == " " || $0 == "," }
            guard !characters.isEmpty else { break }
            let name = characters.prefix { $0.isLetter || $0.isNumber || $0 == "_" }
            characters = characters.dropFirst(name.count).drop { $0 == " " }
            guard !name.isEmpty, characters.first == "=" else { throw IntakeError.badRequest("Loki labels must be written {name=\"value\", …}") }
            characters = characters.dropFirst().drop { $0 == " " }
            guard characters.first == "\"" else { throw IntakeError.badRequest("a Loki label value must be quoted") }
            characters = characters.dropFirst()
            var value = ""
            var closed = false
            while let character = characters.first {
                characters = characters.dropFirst()
                if character == "\\", let next = characters.first {
                    characters = characters.dropFirst()
                    value.append(next == "n" ? "\n" : next)
                } else if character == "\"" {
                    closed = true
                    break
                } else {
                    value.append(character)
                }
            }
            guard closed else { throw IntakeError.badRequest("a Loki label value is not closed") }
            labels.append((String(name), value))
        }
        return labels
    }
}

// `logproto.PushRequest` from Loki's published push schema (pkg/push/push.proto); field numbers are the schema's.

struct LokiPushRequest: SwiftProtobuf.Message, Equatable {
    static let protoMessageName = "logproto.PushRequest"
    var streams: [LokiStream] = []
    var unknownFields = UnknownStorage()

    mutating func decodeMessage<D: SwiftProtobuf.Decoder>(decoder: inout D) throws {
        while let field = try decoder.nextFieldNumber() {
            if field == 1 { try decoder.decodeRepeatedMessageField(value: &streams) }
        }
    }

    func traverse<V: Visitor>(visitor: inout V) throws {
        if !streams.isEmpty { try visitor.visitRepeatedMessageField(value: streams, fieldNumber: 1) }
    }

    func isEqualTo(message: any SwiftProtobuf.Message) -> Bool { (message as? Self) == self }
}

struct LokiStream: SwiftProtobuf.Message, Equatable {
    static let protoMessageName = "logproto.StreamAdapter"
    var labels = ""
    var entries: [LokiEntry] = []
    var unknownFields = UnknownStorage()

    mutating func decodeMessage<D: SwiftProtobuf.Decoder>(decoder: inout D) throws {
        while let field = try decoder.nextFieldNumber() {
            switch field {
            case 1: try decoder.decodeSingularStringField(value: &labels)
            case 2: try decoder.decodeRepeatedMessageField(value: &entries)
            default: break
            }
        }
    }

    func traverse<V: Visitor>(visitor: inout V) throws {
        if !labels.isEmpty { try visitor.visitSingularStringField(value: labels, fieldNumber: 1) }
        if !entries.isEmpty { try visitor.visitRepeatedMessageField(value: entries, fieldNumber: 2) }
    }

    func isEqualTo(message: any SwiftProtobuf.Message) -> Bool { (message as? Self) == self }
}

/// `EntryAdapter`, with its `google.protobuf.Timestamp` read inline.
struct LokiEntry: SwiftProtobuf.Message, Equatable {
    static let protoMessageName = "logproto.EntryAdapter"
    var seconds: Int64 = 0
    var nanos: Int32 = 0
    var line = ""
    var unknownFields = UnknownStorage()

    mutating func decodeMessage<D: SwiftProtobuf.Decoder>(decoder: inout D) throws {
        while let field = try decoder.nextFieldNumber() {
            switch field {
            case 1:
                var time: LokiTimestamp?
                try decoder.decodeSingularMessageField(value: &time)
                seconds = time?.seconds ?? 0
                nanos = time?.nanos ?? 0
            case 2: try decoder.decodeSingularStringField(value: &line)
            default: break
            }
        }
    }

    func traverse<V: Visitor>(visitor: inout V) throws {
        var time = LokiTimestamp()
        time.seconds = seconds
        time.nanos = nanos
        try visitor.visitSingularMessageField(value: time, fieldNumber: 1)
        if !line.isEmpty { try visitor.visitSingularStringField(value: line, fieldNumber: 2) }
    }

    func isEqualTo(message: any SwiftProtobuf.Message) -> Bool { (message as? Self) == self }
}

struct LokiTimestamp: SwiftProtobuf.Message, Equatable {
    static let protoMessageName = "google.protobuf.Timestamp"
    var seconds: Int64 = 0
    var nanos: Int32 = 0
    var unknownFields = UnknownStorage()

    mutating func decodeMessage<D: SwiftProtobuf.Decoder>(decoder: inout D) throws {
        while let field = try decoder.nextFieldNumber() {
            switch field {
            case 1: try decoder.decodeSingularInt64Field(value: &seconds)
            case 2: try decoder.decodeSingularInt32Field(value: &nanos)
            default: break
            }
        }
    }

    func traverse<V: Visitor>(visitor: inout V) throws {
        if seconds != 0 { try visitor.visitSingularInt64Field(value: seconds, fieldNumber: 1) }
        if nanos != 0 { try visitor.visitSingularInt32Field(value: nanos, fieldNumber: 2) }
    }

    func isEqualTo(message: any SwiftProtobuf.Message) -> Bool { (message as? Self) == self }
}
