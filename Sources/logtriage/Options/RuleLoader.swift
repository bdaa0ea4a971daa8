import ArgumentParser
import LogTriageCore
import Yams

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The rules that explain issues: the built-in pack, extended with the project's `.logtriage/rules.yaml` when
/// there is one (same format as the built-in YAML; a rule with a built-in id replaces it, `disabled: true`
/// removes it).
enum RuleLoader {
    static let relativePath = ".logtriage/rules.yaml"

    /// The built-in pack extended with the project's rules, compiled. A project file that does not decode or
    /// compile stops the command (exit status 1) with a message naming the file and the problem.
    static func load(projectDirectory: String = ".") throws -> CompiledRulePack {
        let pack = try builtin().extended(with: try project(in: projectDirectory) ?? RulePack())
        do {
            return try pack.compiled()
        } catch let error as RuleError {
            Diagnostics.warn("The rules in '\(path(in: projectDirectory))' cannot be used: \(error)")
            throw ExitCode.failure
        }
    }

    /// The built-in pack, decoded (its tests keep it valid).
    static func builtin() throws -> RulePack {
        try YAMLDecoder().decode(RulePack.self, from: RulePack.builtinYAML)
    }

    /// The project's rules; none when there is no file.
    static func project(in directory: String) throws -> RulePack? {
        let path = path(in: directory)
        guard access(path, F_OK) == 0 else { return nil }
        let text = try TextFile.read(path)
        // An empty file, or one with only comments, is no rules rather than an error.
        let content = text.split(whereSeparator: \.isNewline).contains { line in
            let trimmed = line.drop { $0 == " " || $0 == "\t" }
            return !trimmed.isEmpty && !trimmed.hasPrefix("#")
        }
        guard content else { return RulePack() }
        do {
            return try YAMLDecoder().decode(RulePack.self, from: text)
        } catch {
            // The YAML problem last: a syntax error spans lines (the line in question and a caret).
            Diagnostics.warn("The rules in '\(path)' could not be read (fix or remove the file): \(describe(error))")
            throw ExitCode.failure
        }
    }

    static func path(in directory: String) -> String {
        directory == "." || directory.isEmpty ? relativePath : directory + "/" + relativePath
    }

    /// A decoding error as "at rules[2].match.text: expected a string", not the type's debug dump, and without
    /// a trailing full stop or newline.
    static func describe(_ error: any Error) -> String {
        var text = describeWithStop(error).trimmingSuffix(while: { $0 == "." || $0 == " " || $0 == "\n" })
        if text.isEmpty { text = "\(error)" }
        return text
    }

    private static func describeWithStop(_ error: any Error) -> String {
        guard let error = error as? DecodingError else { return "\(error)" }
        func at(_ path: [any CodingKey]) -> String {
            var text = ""
            for key in path {
                if let index = key.intValue { text += "[\(index)]" } else { text += (text.isEmpty ? "" : ".") + key.stringValue }
            }
            return text.isEmpty ? "the top level" : text
        }
        switch error {
        case .keyNotFound(let key, let context):
            return "at \(at(context.codingPath)): `\(key.stringValue)` is required"
        case .typeMismatch(_, let context), .valueNotFound(_, let context), .dataCorrupted(let context):
            // Yams puts the YAML syntax error, with its line and column, underneath.
            if let underlying = context.underlyingError { return "\(underlying)" }
            return "at \(at(context.codingPath)): \(context.debugDescription)"
        @unknown default:
            return "\(error)"
        }
    }
}

extension String {
    /// The string without the trailing characters that satisfy `predicate`.
    fileprivate func trimmingSuffix(while predicate: (Character) -> Bool) -> String {
        var text = self
        while let last = text.last, predicate(last) { text.removeLast() }
        return text
    }
}
