import ArgumentParser
import LogTriageCore

/// The inputs and how to read them; shared by every command that reads logs.
struct InputOptions: ParsableArguments {
    @Argument(help: "Log files, directories (searched recursively) or '-' for standard input. '.gz' files are decompressed.")
    var paths: [String] = []

    @Option(
        help: ArgumentHelp(
            "Force a format: a name (see 'logtriage formats --list') or a header pattern such as '<Date> <Time> <Level> <Component>: <Content>'.",
            valueName: "name-or-pattern"))
    var format: String?

    @Option(help: ArgumentHelp("In directories, read only files whose name matches this glob (repeatable). Default: *.log, *.log.*, *.txt, *.json, *.jsonl, *.gz and similar.", valueName: "glob"))
    var include: [String] = []

    @Option(help: ArgumentHelp("UTC offset for times written without one, e.g. '+02:00' or 'local'. Default: UTC.", valueName: "offset"))
    var tz: String?

    @Option(help: "Cut lines longer than this many bytes (the rest is counted and marked).")
    var maxLineBytes: Int = 1 << 20

    /// Every command that reads logs calls this from its own `validate()` (`formats --list` reads none).
    func validatePaths() throws {
        if paths.isEmpty { throw ValidationError("Please name at least one log file, directory or '-' for standard input.") }
    }

    func validate() throws {
        if maxLineBytes < 256 || maxLineBytes > 1 << 30 {
            throw ValidationError("Please specify a '--max-line-bytes' between 256 and 1073741824 (1 GiB).")
        }
        _ = try readerOptions()
    }

    func readerOptions() throws -> ReaderOptions {
        try Self.readerOptions(format: format, tz: tz, maxLineBytes: maxLineBytes)
    }

    /// Reading options from the project settings and these choices (also for logs that arrive over HTTP).
    static func readerOptions(format: String? = nil, tz: String?, maxLineBytes: Int = 1 << 20) throws -> ReaderOptions {
        var options = ReaderOptions(maxLineBytes: maxLineBytes)
        if let project = try ProjectConfiguration.load() { options.scrubber = project.scrubber }
        if let format {
            options.format = try Self.format(named: format)
        }
        if let tz {
            guard let offset = UTCOffset.parse(tz) else {
                throw ValidationError("The value '\(tz)' is not a UTC offset. Please use a form like '+02:00', '-0500', 'UTC' or 'local'.")
            }
            options.defaultUTCOffset = offset
            options.learnsLocalOffset = false
        }
        return options
    }

    static func format(named name: String) throws -> any LogFormat {
        if name.contains("<") {
            do {
                return try HeaderPatternFormat(pattern: name)
            } catch {
                throw ValidationError("The header pattern '\(name)' is not valid: \(error)")
            }
        }
        guard let format = LogFormats.named(name) else {
            let names = LogFormats.builtIn.map(\.name).joined(separator: ", ")
            throw ValidationError("Unknown format '\(name)'. Please use one of: \(names), or a header pattern with <Content>.")
        }
        return format
    }
}
