/// A JSON value as read from a log line. Numbers keep their literal text so they print back unchanged.
public enum JSONValue: Sendable, Hashable {
    case null
    case bool(Bool)
    case number(String)
    case string(String)
    case array([JSONValue])
    /// Members in the order the line wrote them.
    case object([Attribute])

    public var stringValue: String? {
        if case .string(let value) = self { return value }
        return nil
    }

    /// Strings as they are, numbers and booleans as their text; nil for null, arrays and objects.
    public var scalarText: String? {
        switch self {
        case .string(let value), .number(let value): value
        case .bool(let value): value ? "true" : "false"
        default: nil
        }
    }

    public var doubleValue: Double? {
        switch self {
        case .number(let text), .string(let text): Double(text)
        default: nil
        }
    }

    public subscript(key: String) -> JSONValue? {
        guard case .object(let members) = self else { return nil }
        return members.first(where: { $0.key == key })?.value
    }
}

/// One named value of a record: a JSON member, a logfmt pair, a structured-data parameter, a pattern field.
public struct Attribute: Sendable, Hashable {
    public var key: String
    public var value: JSONValue

    public init(_ key: String, _ value: JSONValue) {
        self.key = key
        self.value = value
    }
}
