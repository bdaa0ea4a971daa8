/// The kind of value a placeholder stands for. Typed placeholders come from masking (the value's
/// shape says what it is); `<*>` marks a position the miner generalised because lines differ there.
public enum ParameterKind: String, Sendable, Hashable, CaseIterable, Codable {
    case uuid, ip, host, email, url, path, date, time, duration, size, hex, num, bool, null, token, id
    /// A position that varies between lines of one template, with no single type.
    case any = "*"

    /// `<name>`, as written in templates.
    public var placeholder: String { "<\(rawValue)>" }
}
