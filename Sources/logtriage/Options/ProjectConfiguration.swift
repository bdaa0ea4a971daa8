import ArgumentParser
import LogTriageCore
import Yams

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Optional per-project settings in `.logtriage/config.yaml` (next to the default tracker). Nothing is required;
/// today it extends secret scrubbing:
///
/// ```yaml
/// secrets:
///   keys: [session_ref, signing]   # more key fragments whose values are secret
///   token_prefixes: [acme_]        # your own API key formats
///   values: [hunter2-staging]      # literal values to redact wherever they appear
///   cards: true                    # redact card numbers (default)
/// ```
struct ProjectConfiguration: Decodable {
    static let path = ".logtriage/config.yaml"

    struct Secrets: Decodable {
        var keys: [String]?
        var tokenPrefixes: [String]?
        var values: [String]?
        var cards: Bool?

        enum CodingKeys: String, CodingKey {
            case keys
            case tokenPrefixes = "token_prefixes"
            case values
            case cards
        }
    }

    var secrets: Secrets?

    /// The file's settings; none when there is no file. A file that does not parse stops the command.
    static func load() throws -> ProjectConfiguration? {
        guard access(path, F_OK) == 0 else { return nil }
        let text = try TextFile.read(path)
        do {
            return try YAMLDecoder().decode(ProjectConfiguration.self, from: text)
        } catch {
            throw ValidationError("The settings in '\(path)' could not be read: \(error). Please fix or remove the file.")
        }
    }

    /// The scrubber with the project's additions (they extend the built-in rules; they never remove one).
    var scrubber: SecretScrubber {
        var configuration = SecretScrubber.Configuration()
        configuration.secretKeyFragments += (secrets?.keys ?? []).map { $0.lowercased() }
        configuration.extraTokenPrefixes += secrets?.tokenPrefixes ?? []
        configuration.redactCardNumbers = secrets?.cards ?? true
        configuration.literalValues = secrets?.values ?? []
        return SecretScrubber(configuration: configuration)
    }
}
