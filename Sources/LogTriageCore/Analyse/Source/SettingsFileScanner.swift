/// Settings a project's configuration files give, as dotted paths: `spring.datasource.url` in a YAML file, a
/// `.properties` line, `database.pool.max` in a JSON file, `[server] port = 8080` in TOML. Only scalar values are
/// settings; lists, empty values and block scalars are not. Values are kept as written, without quotes or
/// trailing comments.
enum SettingsFileScanner {
    typealias Setting = DeploymentSettingsScanner.Setting

    static let maximumSettings = 10_000

    // MARK: YAML

    /// Block mappings by indentation; a list item and everything inside it is skipped (its keys are no
    /// setting's path), so are block scalars (`|`, `>`) and the lines they hold.
    static func yaml(_ bytes: UnsafeBufferPointer<UInt8>) -> [Setting] {
        var settings: [Setting] = []
        var path: [(indent: Int, key: Substring)] = []
        var skipDeeperThan: Int?
        var number: Int32 = 0
        for raw in bytes.split(separator: 0x0A, omittingEmptySubsequences: false) {
            number += 1
            guard settings.count < maximumSettings else { break }
            var line = Substring(decoding: UnsafeBufferPointer(rebasing: raw), as: UTF8.self)
            while let last = line.last, last == "\r" || last == " " || last == "\t" { line = line.dropLast() }
            let body = line.drop { $0 == " " }
            let indent = line.count - body.count
            guard let first = body.first, first != "#" else { continue }
            if body == "---" || body == "..." || body.hasPrefix("--- ") {
                path = []
                skipDeeperThan = nil
                continue
            }
            if let limit = skipDeeperThan {
                if indent > limit || (indent == limit && first == "-") { continue }
                skipDeeperThan = nil
            }
            if first == "-" {
                skipDeeperThan = indent
                continue
            }
            guard let (key, value) = yamlPair(body) else { continue }
            while let top = path.last, top.indent >= indent { path.removeLast() }
            if value.isEmpty || value.first == "&" {
                path.append((indent, key))
                continue
            }
            if value.first == "|" || value.first == ">" {
                skipDeeperThan = indent
                continue
            }
            guard let scalar = scalarValue(value) else { continue }
            let name = (path.map(\.key) + [key]).joined(separator: ".")
            settings.append(Setting(name: name, value: scalar, line: number))
        }
        return settings
    }

    /// `key: value` with a plain or quoted key; nil for anything else.
    private static func yamlPair(_ body: Substring) -> (Substring, Substring)? {
        var key: Substring
        var rest: Substring
        if let quote = body.first, quote == "\"" || quote == "'" {
            guard let close = body.dropFirst().firstIndex(of: quote) else { return nil }
            key = body[body.index(after: body.startIndex)..<close]
            rest = body[body.index(after: close)...]
            guard rest.first == ":" else { return nil }
            rest = rest.dropFirst()
        } else {
            guard let colon = body.firstRange(of: ": ")?.lowerBound ?? (body.last == ":" ? body.index(before: body.endIndex) : nil)
            else { return nil }
            key = body[..<colon]
            rest = body[body.index(after: colon)...]
        }
        guard isKey(key) else { return nil }
        return (key, rest.drop { $0 == " " || $0 == "\t" })
    }

    // MARK: Properties and TOML

    /// Java `.properties`: `key=value`, `key: value` or `key value`; `#` and `!` start comments, and the lines
    /// a trailing `\` continues are not settings of their own.
    static func properties(_ bytes: UnsafeBufferPointer<UInt8>) -> [Setting] {
        var settings: [Setting] = []
        var number: Int32 = 0
        var continued = false
        for raw in bytes.split(separator: 0x0A, omittingEmptySubsequences: false) {
            number += 1
            guard settings.count < maximumSettings else { break }
            var line = Substring(decoding: UnsafeBufferPointer(rebasing: raw), as: UTF8.self)
            while let last = line.last, last == "\r" || last == " " || last == "\t" { line = line.dropLast() }
            let wasContinued = continued
            continued = line.hasSuffix("\\")
            line = line.drop { $0 == " " || $0 == "\t" }
            guard !wasContinued, let first = line.first, first != "#", first != "!" else { continue }
            guard let separator = line.firstIndex(where: { $0 == "=" || $0 == ":" || $0 == " " || $0 == "\t" }) else { continue }
            let key = line[..<separator]
            var value = line[separator...].drop { $0 == " " || $0 == "\t" }
            if let mark = value.first, mark == "=" || mark == ":" { value = value.dropFirst().drop { $0 == " " || $0 == "\t" } }
            if continued { value = value.dropLast() }
            guard isKey(key), let scalar = scalarValue(value, comments: false) else { continue }
            settings.append(Setting(name: String(key), value: scalar, line: number))
        }
        return settings
    }

    /// TOML: `key = value` under `[table]` headers; arrays of tables (`[[x]]`) hold no one setting.
    static func toml(_ bytes: UnsafeBufferPointer<UInt8>) -> [Setting] {
        var settings: [Setting] = []
        var table: Substring? = ""
        var number: Int32 = 0
        for raw in bytes.split(separator: 0x0A, omittingEmptySubsequences: false) {
            number += 1
            guard settings.count < maximumSettings else { break }
            var line = Substring(decoding: UnsafeBufferPointer(rebasing: raw), as: UTF8.self)
            line = line.drop { $0 == " " || $0 == "\t" }
            while let last = line.last, last == "\r" || last == " " || last == "\t" { line = line.dropLast() }
            guard let first = line.first, first != "#" else { continue }
            if first == "[" {
                let isArray = line.hasPrefix("[[")
                let name = line.drop { $0 == "[" }.prefix { $0 != "]" }.trimmingSpaces
                table = isArray || !isKey(name) ? nil : name
                continue
            }
            guard let table, let equals = line.firstIndex(of: "=") else { continue }
            var key = line[..<equals].trimmingSpaces
            if let quote = key.first, quote == "\"" || quote == "'", key.last == quote, key.count >= 2 { key = key.dropFirst().dropLast() }
            let value = line[line.index(after: equals)...].drop { $0 == " " || $0 == "\t" }
            guard isKey(key), let scalar = scalarValue(value) else { continue }
            settings.append(Setting(name: table.isEmpty ? String(key) : "\(table).\(key)", value: scalar, line: number))
        }
        return settings
    }

    // MARK: JSON

    /// Every scalar member of a JSON document's objects, by its path; arrays are skipped. Lines are found by
    /// each member's key, in document order.
    static func json(_ bytes: UnsafeBufferPointer<UInt8>) -> [Setting] {
        guard let root = JSONParser.parse(bytes), case .object = root else { return [] }
        var settings: [Setting] = []
        var cursor = 0
        var line: Int32 = 1
        /// The line of the next `"key"` from the cursor on; the cursor moves past it.
        func lineOf(_ key: String) -> Int32 {
            let needle = Array(("\"" + key + "\"").utf8)
            guard !needle.isEmpty, bytes.count >= needle.count else { return line }
            var index = cursor
            while index + needle.count <= bytes.count {
                if bytes[index] == needle[0], bytes[index..<(index + needle.count)].elementsEqual(needle) {
                    line += Int32(bytes[cursor..<index].lazy.filter { $0 == 0x0A }.count)
                    cursor = index + needle.count
                    return line
                }
                index += 1
            }
            return line
        }
        func walk(_ value: JSONValue, _ path: String) {
            guard case .object(let members) = value else { return }
            for member in members where settings.count < maximumSettings {
                let at = lineOf(member.key)
                guard isKey(member.key[...]) else { continue }
                let name = path.isEmpty ? member.key : path + "." + member.key
                switch member.value {
                case .object: walk(member.value, name)
                case .array, .null: continue
                default:
                    guard let text = member.value.scalarText, !text.isEmpty, text.count <= 500 else { continue }
                    settings.append(Setting(name: name, value: text, line: at))
                }
            }
        }
        walk(root, "")
        return settings
    }

    // MARK: Values

    /// A setting's name part: letters, digits, `_`, `-`, `.`, starting with a letter or `_`.
    static func isKey(_ key: Substring) -> Bool {
        guard let first = key.first, first.isLetter || first == "_", key.count <= 120 else { return false }
        return key.allSatisfy { ($0.isLetter || $0.isNumber || $0 == "_" || $0 == "-" || $0 == ".") && $0.isASCII }
    }

    /// A scalar as written: quotes removed (an empty string stays `""`), a trailing ` # comment` cut; nil for
    /// missing values, flow collections and anything longer than a setting holds.
    static func scalarValue(_ raw: Substring, comments: Bool = true) -> String? {
        var value = raw
        if let quote = value.first, quote == "\"" || quote == "'" {
            value = value.dropFirst()
            guard let close = value.firstIndex(of: quote) else { return nil }
            value = value[..<close]
            // an empty string is a setting left empty, worth showing as written
            if value.isEmpty { return String(quote) + String(quote) }
        } else {
            if comments, let comment = value.firstRange(of: " #") { value = value[..<comment.lowerBound] }
            value = value.trimmingSpaces
            if let first = value.first, first == "[" || first == "{" || first == "*" { return nil }
        }
        guard !value.isEmpty, value.count <= 500 else { return nil }
        return String(value)
    }
}

extension Substring {
    fileprivate var trimmingSpaces: Substring {
        var text = self.drop { $0 == " " || $0 == "\t" }
        while let last = text.last, last == " " || last == "\t" { text = text.dropLast() }
        return text
    }
}
