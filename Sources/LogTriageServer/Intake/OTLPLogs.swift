import Foundation
import LogTriageCore
import SwiftProtobuf

/// OTLP/HTTP logs (`POST /v1/logs`) as logtriage records. Resource and scope attributes stay on each record;
/// `service.name` names the service, the trace id is the request, the scope is the logger, the `code.*` and
/// `exception.*` attributes of the semantic conventions fill the source location and the exception. A record with
/// neither severity nor structure (a collector's file receiver shipping raw lines) is read as a line of its
/// service's stream, as a file would be.
enum OTLPLogs {
    struct Decoded {
        /// Records built from structured OTLP records, by service.
        var records: [(stream: String, records: [LogRecord])] = []
        /// Raw lines, by service.
        var lines: [(stream: String, lines: [UInt8])] = []
    }

    static func request(protobuf bytes: [UInt8]) throws -> OTLPExportLogsRequest {
        var options = BinaryDecodingOptions()
        options.messageDepthLimit = 64
        do {
            return try OTLPExportLogsRequest(serializedBytes: bytes, options: options)
        } catch {
            throw IntakeError.badRequest("the body is not an OTLP ExportLogsServiceRequest in protobuf (\(error))")
        }
    }

    /// OTLP/JSON: lowerCamelCase names (snake_case accepted), 64-bit integers as strings or numbers, trace and span
    /// ids in hex.
    static func request(json bytes: [UInt8]) throws -> OTLPExportLogsRequest {
        guard let root = bytes.withUnsafeBufferPointer({ JSONParser.parse($0) }), case .object = root else {
            throw IntakeError.badRequest("the body is not a JSON object (OTLP/JSON ExportLogsServiceRequest)")
        }
        var request = OTLPExportLogsRequest()
        for resourceJSON in array(root, "resourceLogs") {
            var resourceLogs = OTLPResourceLogs()
            if let resource = member(resourceJSON, "resource") {
                var value = OTLPResource()
                value.attributes = keyValues(array(resource, "attributes"))
                resourceLogs.resource = value
            }
            for scopeJSON in array(resourceJSON, "scopeLogs") {
                var scopeLogs = OTLPScopeLogs()
                if let scope = member(scopeJSON, "scope") {
                    var value = OTLPScope()
                    value.name = member(scope, "name")?.stringValue ?? ""
                    value.version = member(scope, "version")?.stringValue ?? ""
                    value.attributes = keyValues(array(scope, "attributes"))
                    scopeLogs.scope = value
                }
                for recordJSON in array(scopeJSON, "logRecords") {
                    var record = OTLPLogRecord()
                    record.timeUnixNano = unsigned(member(recordJSON, "timeUnixNano"))
                    record.observedTimeUnixNano = unsigned(member(recordJSON, "observedTimeUnixNano"))
                    record.severityNumber = Int32(clamping: member(recordJSON, "severityNumber").flatMap(integer) ?? 0)
                    record.severityText = member(recordJSON, "severityText")?.stringValue ?? ""
                    record.body = member(recordJSON, "body").map(anyValue)
                    record.attributes = keyValues(array(recordJSON, "attributes"))
                    record.traceID = hex(member(recordJSON, "traceId")?.stringValue)
                    record.spanID = hex(member(recordJSON, "spanId")?.stringValue)
                    record.eventName = member(recordJSON, "eventName")?.stringValue ?? ""
                    scopeLogs.logRecords.append(record)
                }
                resourceLogs.scopeLogs.append(scopeLogs)
            }
            request.resourceLogs.append(resourceLogs)
        }
        return request
    }

    /// The request's records; `firstLine` gives each stream's line numbers.
    static func decode(_ request: OTLPExportLogsRequest) -> Decoded {
        var decoded = Decoded()
        for resourceLogs in request.resourceLogs {
            let resource = resourceLogs.resource?.attributes ?? []
            let service = resource.first { $0.key == "service.name" }?.value.flatMap(\.text) ?? "otlp"
            var records: [LogRecord] = []
            var lines: [UInt8] = []
            for scopeLogs in resourceLogs.scopeLogs {
                for record in scopeLogs.logRecords {
                    if let built = logRecord(record, scope: scopeLogs.scope, resource: resource, service: service) {
                        records.append(built)
                    } else if case .string(let text) = record.body?.value {
                        lines.append(contentsOf: text.utf8)
                        if text.last != "\n" { lines.append(0x0A) }
                    }
                }
            }
            if !records.isEmpty { decoded.records.append((service, records)) }
            if !lines.isEmpty { decoded.lines.append((service, lines)) }
        }
        return decoded
    }

    /// Nil for a record that is only a line of text: no severity, no attributes, a string body.
    static func logRecord(_ record: OTLPLogRecord, scope: OTLPScope?, resource: [OTLPKeyValue], service: String) -> LogRecord? {
        var severity: Severity?
        if record.severityNumber > 0 {
            let number = Int(min(record.severityNumber, 24))
            let level = Level.allCases.last { $0.rawValue <= number } ?? .trace
            severity = Severity(level, number: number)
        } else if !record.severityText.isEmpty {
            severity = Severity(word: record.severityText, allowSingleLetter: true)
        }
        let isLine: Bool
        if case .string = record.body?.value { isLine = true } else { isLine = record.body == nil }
        if severity == nil, isLine, record.attributes.isEmpty, scope?.name.isEmpty ?? true { return nil }

        var named: [String: OTLPAnyValue] = [:]
        for pair in record.attributes { if let value = pair.value { named[pair.key] = value } }
        func text(_ keys: String...) -> String? { keys.lazy.compactMap { named[$0]?.text }.first }

        var message = ""
        var attributes: [Attribute] = []
        switch record.body?.value {
        case .string(let body): message = body
        case .list(let members):
            // A structured body: its message member is the message, the rest are attributes.
            for pair in members {
                guard let value = pair.value else { continue }
                if message.isEmpty, ["message", "msg"].contains(pair.key), let body = value.text {
                    message = body
                } else {
                    attributes.append(Attribute(pair.key, json(value)))
                }
            }
        case .some(let other): message = OTLPAnyValue(other).text ?? ""
        case nil: message = record.eventName
        }
        var exception: ExceptionInfo?
        if let stack = text("exception.stacktrace") ?? text("exception.type") {
            exception = StackTraceParser.parse(
                fieldText: text("exception.stacktrace") == nil ? nil : stack, type: text("exception.type"),
                message: text("exception.message"))
        }
        let lineText = text("code.lineno", "code.line.number")
        let source = SourceLocation(
            file: text("code.filepath", "code.file.path"), function: text("code.function", "code.function.name"),
            line: lineText.flatMap { Int($0) })
        // Attributes turned into fields are not repeated; the rest are kept, then the resource's and the scope's.
        let consumed: Set<String> = [
            "exception.stacktrace", "exception.type", "exception.message", "code.lineno", "code.line.number",
            "code.filepath", "code.file.path", "code.function", "code.function.name", "thread.name", "thread.id",
        ]
        for pair in record.attributes where !consumed.contains(pair.key) {
            if let value = pair.value { attributes.append(Attribute(pair.key, json(value))) }
        }
        for pair in resource + (scope?.attributes ?? []) where !attributes.contains(where: { $0.key == pair.key }) {
            if let value = pair.value { attributes.append(Attribute(pair.key, json(value))) }
        }
        attributes.append(Attribute("service", .string(service)))
        if !record.traceID.isEmpty { attributes.append(Attribute("trace_id", .string(hexString(record.traceID)))) }
        if !record.spanID.isEmpty { attributes.append(Attribute("span_id", .string(hexString(record.spanID)))) }
        let nanos = record.timeUnixNano != 0 ? record.timeUnixNano : record.observedTimeUnixNano
        return LogRecord(
            file: service, lineStart: 0, lineEnd: 0,
            time: nanos == 0 ? nil : Timestamp(millisecondsSinceEpoch: Int64(clamping: nanos / 1_000_000)),
            severity: severity, logger: scope.flatMap { $0.name.isEmpty ? nil : $0.name },
            thread: text("thread.name", "thread.id"), source: source.isEmpty ? nil : source, message: message,
            exception: exception, attributes: attributes, format: "otlp")
    }

    // MARK: - OTLP/JSON

    private static func member(_ object: JSONValue, _ camel: String) -> JSONValue? {
        if let value = object[camel] { return value }
        var snake = ""
        for character in camel {
            if character.isUppercase { snake += "_" + character.lowercased() } else { snake.append(character) }
        }
        return object[snake]
    }

    private static func array(_ object: JSONValue, _ key: String) -> [JSONValue] {
        if case .array(let values) = member(object, key) { return values }
        return []
    }

    private static func keyValues(_ values: [JSONValue]) -> [OTLPKeyValue] {
        values.compactMap { value in
            guard let key = value["key"]?.stringValue else { return nil }
            return OTLPKeyValue(key, value["value"].map(anyValue) ?? OTLPAnyValue())
        }
    }

    private static func anyValue(_ json: JSONValue) -> OTLPAnyValue {
        if let text = member(json, "stringValue")?.stringValue { return OTLPAnyValue(.string(text)) }
        if case .bool(let flag) = member(json, "boolValue") { return OTLPAnyValue(.bool(flag)) }
        if let number = member(json, "intValue").flatMap(integer) { return OTLPAnyValue(.int(number)) }
        if let number = member(json, "doubleValue")?.doubleValue { return OTLPAnyValue(.double(number)) }
        if let array = member(json, "arrayValue") { return OTLPAnyValue(.array(self.array(array, "values").map(anyValue))) }
        if let list = member(json, "kvlistValue") { return OTLPAnyValue(.list(keyValues(self.array(list, "values")))) }
        if let base64 = member(json, "bytesValue")?.stringValue, let data = Data(base64Encoded: base64) {
            return OTLPAnyValue(.bytes(data))
        }
        return OTLPAnyValue()
    }

    private static func integer(_ json: JSONValue) -> Int64? {
        json.scalarText.flatMap { Int64($0) }
    }

    private static func unsigned(_ json: JSONValue?) -> UInt64 {
        json?.scalarText.flatMap { UInt64($0) } ?? 0
    }

    private static func hex(_ text: String?) -> Data {
        guard let text, text.count % 2 == 0 else { return Data() }
        var data = Data()
        var index = text.startIndex
        while index < text.endIndex {
            let next = text.index(index, offsetBy: 2)
            guard let byte = UInt8(text[index..<next], radix: 16) else { return Data() }
            data.append(byte)
            index = next
        }
        return data
    }

    static func hexString(_ data: Data) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var bytes: [UInt8] = []
        bytes.reserveCapacity(data.count * 2)
        for byte in data {
            bytes.append(digits[Int(byte >> 4)])
            bytes.append(digits[Int(byte & 0x0F)])
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    static func json(_ value: OTLPAnyValue) -> JSONValue {
        switch value.value {
        case .string(let text): .string(text)
        case .bool(let flag): .bool(flag)
        case .int(let number): .number(String(number))
        case .double(let number): number.isFinite ? .number(String(number)) : .string(String(number))
        case .array(let values): .array(values.map(json))
        case .list(let members): .object(members.map { Attribute($0.key, $0.value.map(json) ?? .null) })
        case .bytes(let data): .string(data.base64EncodedString())
        case nil: .null
        }
    }
}

extension OTLPAnyValue {
    /// A scalar as text; nil for arrays, lists and empty values.
    var text: String? {
        switch value {
        case .string(let text): text
        case .bool(let flag): flag ? "true" : "false"
        case .int(let number): String(number)
        case .double(let number): String(number)
        case .bytes(let data): data.base64EncodedString()
        case .array, .list, nil: nil
        }
    }
}
