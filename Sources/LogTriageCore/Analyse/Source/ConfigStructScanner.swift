/// The settings a Go program declares as a configuration struct: `type Config struct { Storage StorageSettings }`
/// and `type StorageSettings struct { S3Bucket *string }` declare `Storage.S3Bucket`. Frameworks set such fields
/// from a file or from the environment by their path (`APP_STORAGE_S3BUCKET`), so the path is the setting's name,
/// whatever reads it.
enum ConfigStructScanner {
    struct Field: Sendable, Hashable {
        var name: String
        /// The field's type without pointers, slices or a package (`*model.StorageSettings` → `StorageSettings`).
        var type: String
        var line: Int32
    }

    struct Declaration: Sendable {
        var name: String
        var file: String
        var fields: [Field]
    }

    /// Roots: the structs a program names as its configuration.
    static let rootNames: Set<String> = ["Config", "Configuration", "Settings"]
    /// Deeper than this, a struct is a value, not a section of settings.
    static let maximumDepth = 3

    /// The struct declarations of a Go file: `type Name struct {`, one exported field per line, to its `}`. Lines
    /// are judged on their first byte; only declarations and fields become text.
    static func structs(_ bytes: UnsafeBufferPointer<UInt8>, file: String) -> [Declaration] {
        var result: [Declaration] = []
        var current: Declaration?
        var number: Int32 = 0
        for raw in bytes.split(separator: 0x0A, omittingEmptySubsequences: false) {
            number += 1
            let start = raw.firstIndex { $0 != 0x20 && $0 != 0x09 } ?? raw.endIndex
            guard start < raw.endIndex else { continue }
            let first = raw[start]
            if current == nil {
                // `type Name struct {`
                guard first == UInt8(ascii: "t"), raw.endIndex - start > 12,
                    raw[start..<(start + 5)].elementsEqual("type ".utf8)
                else { continue }
                let words = Self.words(raw[start...])
                if words.count >= 4, words[2] == "struct", words[3] == "{" {
                    current = Declaration(name: String(words[1]), file: file, fields: [])
                }
                continue
            }
            if first == UInt8(ascii: "}") {
                if let done = current, !done.fields.isEmpty { result.append(done) }
                current = nil
                continue
            }
            guard first >= UInt8(ascii: "A"), first <= UInt8(ascii: "Z") else { continue }
            let words = Self.words(raw[start...])
            guard words.count >= 2, words[0].allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" }), !words[1].hasPrefix("//")
            else { continue }
            current?.fields.append(Field(name: String(words[0]), type: baseType(words[1]), line: number))
        }
        return result
    }

    /// A line's words, up to a `//` comment.
    private static func words(_ line: UnsafeBufferPointer<UInt8>.SubSequence) -> [Substring] {
        let text = String(decoding: line, as: UTF8.self)
        var words: [Substring] = []
        for word in text.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\r" }) {
            if word.hasPrefix("//") { break }
            words.append(word)
        }
        return words
    }

    /// `*model.StorageSettings` → `StorageSettings`; `[]string` → `string`.
    private static func baseType(_ word: Substring) -> String {
        var type = word.drop { $0 == "*" || $0 == "[" || $0 == "]" }
        if let dot = type.lastIndex(of: ".") { type = type[type.index(after: dot)...] }
        return String(type)
    }

    /// Every leaf field reachable from a root struct, by its path (`Storage.S3Bucket`), as a setting.
    static func settings(_ declarations: [Declaration]) -> [ConfigurationRead] {
        var byName: [String: Declaration] = [:]
        for declaration in declarations where byName[declaration.name] == nil { byName[declaration.name] = declaration }
        var result: [ConfigurationRead] = []
        func walk(_ declaration: Declaration, _ path: String, depth: Int) {
            for field in declaration.fields where result.count < 20_000 {
                let name = path.isEmpty ? field.name : path + "." + field.name
                if let section = byName[field.type], depth < maximumDepth, section.name != declaration.name {
                    walk(section, name, depth: depth + 1)
                } else if !path.isEmpty {
                    result.append(ConfigurationRead(
                        name: name, source: .setting, defaultValue: nil, file: declaration.file, line: Int(field.line), scope: .module))
                }
            }
        }
        for root in declarations where rootNames.contains(root.name) { walk(root, "", depth: 0) }
        return result
    }
}
