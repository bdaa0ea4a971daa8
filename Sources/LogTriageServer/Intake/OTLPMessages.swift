import Foundation
import SwiftProtobuf

// The OTLP logs messages logtriage reads, written from the published schema
// (opentelemetry/proto/collector/logs/v1/logs_service.proto, logs/v1/logs.proto, common/v1/common.proto,
// resource/v1/resource.proto). Field numbers are the schema's; fields logtriage does not use are skipped by the
// decoder like any unknown field.

/// `ExportLogsServiceRequest`.
struct OTLPExportLogsRequest: SwiftProtobuf.Message, Equatable {
    static let protoMessageName = "opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest"
    var resourceLogs: [OTLPResourceLogs] = []
    var unknownFields = UnknownStorage()

    mutating func decodeMessage<D: SwiftProtobuf.Decoder>(decoder: inout D) throws {
        while let field = try decoder.nextFieldNumber() {
            if field == 1 { try decoder.decodeRepeatedMessageField(value: &resourceLogs) }
        }
    }

    func traverse<V: Visitor>(visitor: inout V) throws {
        if !resourceLogs.isEmpty { try visitor.visitRepeatedMessageField(value: resourceLogs, fieldNumber: 1) }
    }

    func isEqualTo(message: any SwiftProtobuf.Message) -> Bool { (message as? Self) == self }
}

/// `ExportLogsServiceResponse`: empty when everything was accepted.
struct OTLPExportLogsResponse: SwiftProtobuf.Message, Equatable {
    static let protoMessageName = "opentelemetry.proto.collector.logs.v1.ExportLogsServiceResponse"
    var unknownFields = UnknownStorage()

    mutating func decodeMessage<D: SwiftProtobuf.Decoder>(decoder: inout D) throws {
        while try decoder.nextFieldNumber() != nil {}
    }

    func traverse<V: Visitor>(visitor: inout V) throws {}

    func isEqualTo(message: any SwiftProtobuf.Message) -> Bool { (message as? Self) == self }
}

struct OTLPResourceLogs: SwiftProtobuf.Message, Equatable {
    static let protoMessageName = "opentelemetry.proto.logs.v1.ResourceLogs"
    var resource: OTLPResource?
    var scopeLogs: [OTLPScopeLogs] = []
    var unknownFields = UnknownStorage()

    mutating func decodeMessage<D: SwiftProtobuf.Decoder>(decoder: inout D) throws {
        while let field = try decoder.nextFieldNumber() {
            switch field {
            case 1: try decoder.decodeSingularMessageField(value: &resource)
            case 2: try decoder.decodeRepeatedMessageField(value: &scopeLogs)
            default: break
            }
        }
    }

    func traverse<V: Visitor>(visitor: inout V) throws {
        if let resource { try visitor.visitSingularMessageField(value: resource, fieldNumber: 1) }
        if !scopeLogs.isEmpty { try visitor.visitRepeatedMessageField(value: scopeLogs, fieldNumber: 2) }
    }

    func isEqualTo(message: any SwiftProtobuf.Message) -> Bool { (message as? Self) == self }
}

struct OTLPResource: SwiftProtobuf.Message, Equatable {
    static let protoMessageName = "opentelemetry.proto.resource.v1.Resource"
    var attributes: [OTLPKeyValue] = []
    var unknownFields = UnknownStorage()

    mutating func decodeMessage<D: SwiftProtobuf.Decoder>(decoder: inout D) throws {
        while let field = try decoder.nextFieldNumber() {
            if field == 1 { try decoder.decodeRepeatedMessageField(value: &attributes) }
        }
    }

    func traverse<V: Visitor>(visitor: inout V) throws {
        if !attributes.isEmpty { try visitor.visitRepeatedMessageField(value: attributes, fieldNumber: 1) }
    }

    func isEqualTo(message: any SwiftProtobuf.Message) -> Bool { (message as? Self) == self }
}

struct OTLPScopeLogs: SwiftProtobuf.Message, Equatable {
    static let protoMessageName = "opentelemetry.proto.logs.v1.ScopeLogs"
    var scope: OTLPScope?
    var logRecords: [OTLPLogRecord] = []
    var unknownFields = UnknownStorage()

    mutating func decodeMessage<D: SwiftProtobuf.Decoder>(decoder: inout D) throws {
        while let field = try decoder.nextFieldNumber() {
            switch field {
            case 1: try decoder.decodeSingularMessageField(value: &scope)
            case 2: try decoder.decodeRepeatedMessageField(value: &logRecords)
            default: break
            }
        }
    }

    func traverse<V: Visitor>(visitor: inout V) throws {
        if let scope { try visitor.visitSingularMessageField(value: scope, fieldNumber: 1) }
        if !logRecords.isEmpty { try visitor.visitRepeatedMessageField(value: logRecords, fieldNumber: 2) }
    }

    func isEqualTo(message: any SwiftProtobuf.Message) -> Bool { (message as? Self) == self }
}

/// `InstrumentationScope`: the logger that wrote the records.
struct OTLPScope: SwiftProtobuf.Message, Equatable {
    static let protoMessageName = "opentelemetry.proto.common.v1.InstrumentationScope"
    var name = ""
    var version = ""
    var attributes: [OTLPKeyValue] = []
    var unknownFields = UnknownStorage()

    mutating func decodeMessage<D: SwiftProtobuf.Decoder>(decoder: inout D) throws {
        while let field = try decoder.nextFieldNumber() {
            switch field {
            case 1: try decoder.decodeSingularStringField(value: &name)
            case 2: try decoder.decodeSingularStringField(value: &version)
            case 3: try decoder.decodeRepeatedMessageField(value: &attributes)
            default: break
            }
        }
    }

    func traverse<V: Visitor>(visitor: inout V) throws {
        if !name.isEmpty { try visitor.visitSingularStringField(value: name, fieldNumber: 1) }
        if !version.isEmpty { try visitor.visitSingularStringField(value: version, fieldNumber: 2) }
        if !attributes.isEmpty { try visitor.visitRepeatedMessageField(value: attributes, fieldNumber: 3) }
    }

    func isEqualTo(message: any SwiftProtobuf.Message) -> Bool { (message as? Self) == self }
}

struct OTLPLogRecord: SwiftProtobuf.Message, Equatable {
    static let protoMessageName = "opentelemetry.proto.logs.v1.LogRecord"
    var timeUnixNano: UInt64 = 0
    var severityNumber: Int32 = 0
    var severityText = ""
    var body: OTLPAnyValue?
    var attributes: [OTLPKeyValue] = []
    var traceID = Data()
    var spanID = Data()
    var observedTimeUnixNano: UInt64 = 0
    var eventName = ""
    var unknownFields = UnknownStorage()

    mutating func decodeMessage<D: SwiftProtobuf.Decoder>(decoder: inout D) throws {
        while let field = try decoder.nextFieldNumber() {
            switch field {
            case 1: try decoder.decodeSingularFixed64Field(value: &timeUnixNano)
            // An enum on the wire is a varint, read as int32 (values outside the schema's list are kept).
            case 2: try decoder.decodeSingularInt32Field(value: &severityNumber)
            case 3: try decoder.decodeSingularStringField(value: &severityText)
            case 5: try decoder.decodeSingularMessageField(value: &body)
            case 6: try decoder.decodeRepeatedMessageField(value: &attributes)
            case 9: try decoder.decodeSingularBytesField(value: &traceID)
            case 10: try decoder.decodeSingularBytesField(value: &spanID)
            case 11: try decoder.decodeSingularFixed64Field(value: &observedTimeUnixNano)
            case 12: try decoder.decodeSingularStringField(value: &eventName)
            default: break
            }
        }
    }

    func traverse<V: Visitor>(visitor: inout V) throws {
        if timeUnixNano != 0 { try visitor.visitSingularFixed64Field(value: timeUnixNano, fieldNumber: 1) }
        if severityNumber != 0 { try visitor.visitSingularInt32Field(value: severityNumber, fieldNumber: 2) }
        if !severityText.isEmpty { try visitor.visitSingularStringField(value: severityText, fieldNumber: 3) }
        if let body { try visitor.visitSingularMessageField(value: body, fieldNumber: 5) }
        if !attributes.isEmpty { try visitor.visitRepeatedMessageField(value: attributes, fieldNumber: 6) }
        if !traceID.isEmpty { try visitor.visitSingularBytesField(value: traceID, fieldNumber: 9) }
        if !spanID.isEmpty { try visitor.visitSingularBytesField(value: spanID, fieldNumber: 10) }
        if observedTimeUnixNano != 0 { try visitor.visitSingularFixed64Field(value: observedTimeUnixNano, fieldNumber: 11) }
        if !eventName.isEmpty { try visitor.visitSingularStringField(value: eventName, fieldNumber: 12) }
    }

    func isEqualTo(message: any SwiftProtobuf.Message) -> Bool { (message as? Self) == self }
}

struct OTLPKeyValue: SwiftProtobuf.Message, Equatable {
    static let protoMessageName = "opentelemetry.proto.common.v1.KeyValue"
    var key = ""
    var value: OTLPAnyValue?
    var unknownFields = UnknownStorage()

    init() {}
    init(_ key: String, _ value: OTLPAnyValue) {
        self.key = key
        self.value = value
    }

    mutating func decodeMessage<D: SwiftProtobuf.Decoder>(decoder: inout D) throws {
        while let field = try decoder.nextFieldNumber() {
            switch field {
            case 1: try decoder.decodeSingularStringField(value: &key)
            case 2: try decoder.decodeSingularMessageField(value: &value)
            default: break
            }
        }
    }

    func traverse<V: Visitor>(visitor: inout V) throws {
        if !key.isEmpty { try visitor.visitSingularStringField(value: key, fieldNumber: 1) }
        if let value { try visitor.visitSingularMessageField(value: value, fieldNumber: 2) }
    }

    func isEqualTo(message: any SwiftProtobuf.Message) -> Bool { (message as? Self) == self }
}

/// `AnyValue`: one of a string, bool, integer, double, array, key-value list or bytes.
struct OTLPAnyValue: SwiftProtobuf.Message, Equatable {
    static let protoMessageName = "opentelemetry.proto.common.v1.AnyValue"

    enum Value: Equatable {
        case string(String)
        case bool(Bool)
        case int(Int64)
        case double(Double)
        case array([OTLPAnyValue])
        case list([OTLPKeyValue])
        case bytes(Data)
    }

    var value: Value?
    var unknownFields = UnknownStorage()

    init() {}
    init(_ value: Value) { self.value = value }

    mutating func decodeMessage<D: SwiftProtobuf.Decoder>(decoder: inout D) throws {
        while let field = try decoder.nextFieldNumber() {
            switch field {
            case 1:
                var text: String?
                try decoder.decodeSingularStringField(value: &text)
                if let text { value = .string(text) }
            case 2:
                var flag: Bool?
                try decoder.decodeSingularBoolField(value: &flag)
                if let flag { value = .bool(flag) }
            case 3:
                var number: Int64?
                try decoder.decodeSingularInt64Field(value: &number)
                if let number { value = .int(number) }
            case 4:
                var number: Double?
                try decoder.decodeSingularDoubleField(value: &number)
                if let number { value = .double(number) }
            case 5:
                var array: OTLPArrayValue?
                try decoder.decodeSingularMessageField(value: &array)
                if let array { value = .array(array.values) }
            case 6:
                var list: OTLPKeyValueList?
                try decoder.decodeSingularMessageField(value: &list)
                if let list { value = .list(list.values) }
            case 7:
                var bytes: Data?
                try decoder.decodeSingularBytesField(value: &bytes)
                if let bytes { value = .bytes(bytes) }
            default: break
            }
        }
    }

    func traverse<V: Visitor>(visitor: inout V) throws {
        switch value {
        case .string(let text): try visitor.visitSingularStringField(value: text, fieldNumber: 1)
        case .bool(let flag): try visitor.visitSingularBoolField(value: flag, fieldNumber: 2)
        case .int(let number): try visitor.visitSingularInt64Field(value: number, fieldNumber: 3)
        case .double(let number): try visitor.visitSingularDoubleField(value: number, fieldNumber: 4)
        case .array(let values):
            var array = OTLPArrayValue()
            array.values = values
            try visitor.visitSingularMessageField(value: array, fieldNumber: 5)
        case .list(let values):
            var list = OTLPKeyValueList()
            list.values = values
            try visitor.visitSingularMessageField(value: list, fieldNumber: 6)
        case .bytes(let bytes): try visitor.visitSingularBytesField(value: bytes, fieldNumber: 7)
        case nil: break
        }
    }

    func isEqualTo(message: any SwiftProtobuf.Message) -> Bool { (message as? Self) == self }
}

struct OTLPArrayValue: SwiftProtobuf.Message, Equatable {
    static let protoMessageName = "opentelemetry.proto.common.v1.ArrayValue"
    var values: [OTLPAnyValue] = []
    var unknownFields = UnknownStorage()

    mutating func decodeMessage<D: SwiftProtobuf.Decoder>(decoder: inout D) throws {
        while let field = try decoder.nextFieldNumber() {
            if field == 1 { try decoder.decodeRepeatedMessageField(value: &values) }
        }
    }

    func traverse<V: Visitor>(visitor: inout V) throws {
        if !values.isEmpty { try visitor.visitRepeatedMessageField(value: values, fieldNumber: 1) }
    }

    func isEqualTo(message: any SwiftProtobuf.Message) -> Bool { (message as? Self) == self }
}

struct OTLPKeyValueList: SwiftProtobuf.Message, Equatable {
    static let protoMessageName = "opentelemetry.proto.common.v1.KeyValueList"
    var values: [OTLPKeyValue] = []
    var unknownFields = UnknownStorage()

    mutating func decodeMessage<D: SwiftProtobuf.Decoder>(decoder: inout D) throws {
        while let field = try decoder.nextFieldNumber() {
            if field == 1 { try decoder.decodeRepeatedMessageField(value: &values) }
        }
    }

    func traverse<V: Visitor>(visitor: inout V) throws {
        if !values.isEmpty { try visitor.visitRepeatedMessageField(value: values, fieldNumber: 1) }
    }

    func isEqualTo(message: any SwiftProtobuf.Message) -> Bool { (message as? Self) == self }
}
