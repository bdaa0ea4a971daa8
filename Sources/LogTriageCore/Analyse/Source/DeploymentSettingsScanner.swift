/// Settings a project's own deployment files set: `.env` templates, `*.env` files, Compose files, Dockerfiles and
/// `.ini` files; the defaults its shell scripts give the variables they read (`${KEY:-value}`); and its configuration
/// files (``SettingsFileScanner``). Each `KEY=value`, `KEY: value` (Compose), `ENV KEY=value` / `ENV KEY value` (Dockerfile) or
/// `KEY = value` (ini) line gives one setting; a key commented out with nothing between the marker and the key
/// (`;ROOT_PATH = data/repos`, `#PORT=8080`) is a documented default and counts too. Values are kept as written,
/// without quotes, trailing comments or line continuations.
enum DeploymentSettingsScanner {
    struct Setting: Sendable, Hashable {
        var name: String
        var value: String
        var line: Int32
        /// The value is the default a script falls back on (`${KEY:-value}`), not one it sets.
        var isDefault = false
    }

    /// `script`: a file without an extension, a shell script when its first line says so (`#!/bin/sh`); `yaml`,
    /// `properties`, `json`, `toml`: a configuration file, named as frameworks name them.
    enum Layout { case env, compose, dockerfile, ini, shell, script, yaml, properties, json, toml }

    /// What frameworks call their configuration files (`application-prod.yml`, `appsettings.json`,
    /// `config/default.json`, `settings.toml`), by the first word of the name.
    static let configurationFileWords: Set<Substring> = [
        "application", "appsettings", "config", "configuration", "settings", "default", "defaults",
    ]

    /// The layout of a file by its name; nil for files that are not deployment settings.
    static func layout(ofFileNamed name: Substring) -> Layout? {
        let lower = name.lowercased()
        if lower == ".env" || lower.hasPrefix(".env.") || lower.hasSuffix(".env") { return .env }
        if lower.hasPrefix("docker-compose") || lower.hasPrefix("compose."),
            lower.hasSuffix(".yml") || lower.hasSuffix(".yaml")
        {
            return .compose
        }
        if lower == "dockerfile" || lower.hasPrefix("dockerfile.") || lower.hasSuffix(".dockerfile") { return .dockerfile }
        if lower.hasSuffix(".ini") || lower.hasSuffix(".ini.example") || lower.hasSuffix(".ini.sample") { return .ini }
        if lower.hasSuffix(".sh") || lower.hasSuffix(".bash") { return .shell }
        if let layout = configurationLayout(lower) { return layout }
        // entrypoints and service scripts (`docker-entrypoint`, s6's `run`) often have no extension
        if !lower.contains("."), lower.count <= 40 { return .script }
        return nil
    }

    /// A configuration file's layout by its extension, once a template's `.example`, `.sample`, `.dist` or
    /// `.default` is dropped, when its first word is one frameworks use.
    private static func configurationLayout(_ lower: String) -> Layout? {
        var parts = lower.split(separator: ".")
        while parts.count > 2, let last = parts.last, ["example", "sample", "dist", "default", "template"].contains(last) {
            parts.removeLast()
        }
        guard parts.count >= 2, let first = parts.first?.split(whereSeparator: { $0 == "-" || $0 == "_" }).first,
            configurationFileWords.contains(first)
        else { return nil }
        switch parts.last {
        case "yml", "yaml": return .yaml
        case "properties": return .properties
        case "json": return .json
        case "toml": return .toml
        default: return nil
        }
    }

    static func scan(_ bytes: UnsafeBufferPointer<UInt8>, layout: Layout) -> [Setting] {
        switch layout {
        case .shell, .script: return shellDefaults(bytes, checkShebang: layout == .script)
        case .yaml: return SettingsFileScanner.yaml(bytes)
        case .properties: return SettingsFileScanner.properties(bytes)
        case .json: return SettingsFileScanner.json(bytes)
        case .toml: return SettingsFileScanner.toml(bytes)
        case .env, .compose, .dockerfile, .ini: break
        }
        var settings: [Setting] = []
        var number: Int32 = 0
        var inDockerfileEnv = false
        for raw in bytes.split(separator: 0x0A, omittingEmptySubsequences: false) {
            number += 1
            guard settings.count < 10_000 else { break }
            var line = Substring(decoding: UnsafeBufferPointer(rebasing: raw), as: UTF8.self)
            while let last = line.last, last == "\r" || last == " " || last == "\t" { line = line.dropLast() }
            var continued = false
            if line.hasSuffix("\\") {
                continued = true
                line = line.dropLast()
                while let last = line.last, last == " " || last == "\t" { line = line.dropLast() }
            }
            line = line.drop { $0 == " " || $0 == "\t" }
            if layout == .dockerfile {
                // `ENV` takes `KEY=value` pairs, and its continuation lines go on with more.
                if line.uppercased().hasPrefix("ENV ") {
                    line = line.dropFirst(4).drop { $0 == " " }
                    inDockerfileEnv = continued
                } else if inDockerfileEnv {
                    inDockerfileEnv = continued
                } else {
                    continue
                }
            }
            if layout == .compose, line.hasPrefix("- ") {
                line = line.dropFirst(2).drop { $0 == " " }
                // `- "KEY=value"`: a list entry quoted whole
                if let quote = line.first, quote == "\"" || quote == "'", line.last == quote, line.count >= 2 {
                    line = line.dropFirst().dropLast()
                }
            }
            if layout == .env, line.hasPrefix("export ") { line = line.dropFirst(7) }
            if let first = line.first, first == "#" || first == ";" {
                line = line.dropFirst()
                guard let next = line.first, next.isLetter || next == "_" else { continue }
            }
            if let setting = Self.setting(line, layout: layout, line: number) { settings.append(setting) }
        }
        // An `.ini` file whose values are mostly prose (sentences, or words of a script other than ASCII) is a
        // translation catalogue, not settings.
        if layout == .ini, settings.filter({ $0.value.contains(" ") || !$0.value.allSatisfy(\.isASCII) }).count * 2 > settings.count {
            return []
        }
        return settings
    }

    /// `KEY=value`, `KEY = value`, `KEY: value` or (Dockerfile) `KEY value`.
    private static func setting(_ text: Substring, layout: Layout, line: Int32) -> Setting? {
        let key = text.prefix { $0.isLetter || $0.isNumber || $0 == "_" || $0 == "." || $0 == "-" }
        guard let first = key.first, first.isLetter || first == "_", key.count >= 2, key.count <= 120 else { return nil }
        var rest = text.dropFirst(key.count).drop { $0 == " " || $0 == "\t" }
        switch rest.first {
        case "=": rest = rest.dropFirst()
        case ":" where layout == .compose:
            // Compose's `environment:` entries are environment names; other keys (`image:`, `ports:`) are not settings.
            guard key.allSatisfy({ $0.isUppercase || $0.isNumber || $0 == "_" }) || key.contains("__") else { return nil }
            rest = rest.dropFirst()
        default:
            guard layout == .dockerfile, text.dropFirst(key.count).first == " " else { return nil }
        }
        var value = rest.drop { $0 == " " || $0 == "\t" }
        if let quote = value.first, quote == "\"" || quote == "'" {
            value = value.dropFirst()
            guard let close = value.firstIndex(of: quote) else { return nil }
            value = value[..<close]
        } else if let comment = value.firstRange(of: " #") ?? (layout == .ini ? value.firstRange(of: " ;") : nil) {
            value = value[..<comment.lowerBound]
        }
        while let last = value.last, last == " " || last == "\t" { value = value.dropLast() }
        guard !value.isEmpty, value.count <= 500 else { return nil }
        return Setting(name: String(key), value: String(value), line: line)
    }

    /// The defaults a shell script gives the environment variables it reads: `${KEY:-value}`, `${KEY-value}`,
    /// `${KEY:=value}`, `${KEY=value}`, with a literal value (one that expands nothing).
    static func shellDefaults(_ bytes: UnsafeBufferPointer<UInt8>, checkShebang: Bool) -> [Setting] {
        if checkShebang {
            let first = bytes.prefix { $0 != 0x0A }
            let line = String(decoding: first, as: UTF8.self)
            guard line.hasPrefix("#!"), line.split(whereSeparator: { $0 == "/" || $0 == " " }).contains(where: {
                ["sh", "bash", "dash", "ash", "zsh", "ksh"].contains($0)
            }) else { return [] }
        }
        var settings: [Setting] = []
        var number: Int32 = 0
        for raw in bytes.split(separator: 0x0A, omittingEmptySubsequences: false) {
            number += 1
            guard settings.count < 10_000 else { break }
            let line = Array(raw)
            var index = 0
            while index + 3 < line.count {
                defer { index += 1 }
                guard line[index] == UInt8(ascii: "$"), line[index + 1] == UInt8(ascii: "{") else { continue }
                var end = index + 2
                while end < line.count, line[end].isASCIIUpper || line[end].isASCIIDigit || line[end] == UInt8(ascii: "_") { end += 1 }
                let name = String(decoding: line[(index + 2)..<end], as: UTF8.self)
                guard ConfigurationScanner.isEnvironmentName(name), end < line.count else { continue }
                var start = end
                if line[start] == UInt8(ascii: ":") { start += 1 }
                guard start < line.count, line[start] == UInt8(ascii: "-") || line[start] == UInt8(ascii: "=") else { continue }
                start += 1
                guard let close = line[start...].firstIndex(of: UInt8(ascii: "}")), close > start else { continue }
                let value = line[start..<close]
                guard !value.contains(UInt8(ascii: "$")), !value.contains(UInt8(ascii: "{")) else { continue }
                var text = String(decoding: value, as: UTF8.self)
                if text.count >= 2, let quote = text.first, quote == "\"" || quote == "'", text.last == quote {
                    text = String(text.dropFirst().dropLast())
                }
                guard !text.isEmpty else { continue }
                settings.append(Setting(name: name, value: text, line: number, isDefault: true))
                index = close
            }
        }
        return settings
    }
}
