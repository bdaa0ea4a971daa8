import ArgumentParser
import LogTriageCore
import LogTriageStore

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Runs the analysis over the whole tracker: rules (built-in plus `.logtriage/rules.yaml`), the source tree
/// given now or remembered from an earlier scan, and the timelines of every scan so far.
struct AnalysisRun {
    let rules: CompiledRulePack
    let scrubber: SecretScrubber

    /// Reads the project's rules and settings, so a mistake in them stops a command before it changes anything.
    init() throws {
        rules = try RuleLoader.load()
        scrubber = try ProjectConfiguration.load()?.scrubber ?? SecretScrubber()
    }

    /// `source` is the tree given on this command line; nil uses the remembered one, if it is still there.
    func analyse(_ tracker: any TrackerStore, source: String?) throws -> TrackerAnalysis {
        try analyser(for: tracker, source: source).analyse(try tracker.analysisInput())
    }

    /// The analyser for `tracker`, with the code index of the tree given now or remembered.
    func analyser(for tracker: any TrackerStore, source: String?) throws -> TrackerAnalyser {
        var index: SourceIndex?
        if let root = try source ?? tracker.sourceRoot() {
            do {
                index = try SourceIndex.build(root: root)
            } catch {
                // A tree named now must be readable; a remembered one may have moved since.
                if source != nil { throw ValidationError("\(error)") }
                Diagnostics.warn("\(error) Code evidence is left out; pass '--source DIR' to use another tree.")
            }
        }
        return TrackerAnalyser(rules: rules, index: index, scrubber: scrubber)
    }

    /// An absolute path for a directory given on the command line, so the tracker finds it from anywhere.
    static func absoluteDirectory(_ path: String) throws -> String {
        var isDirectory = stat()
        guard stat(path, &isDirectory) == 0 else {
            throw ValidationError("The source tree '\(path)' does not exist. Please pass the directory of the service's code.")
        }
        guard (isDirectory.st_mode & S_IFMT) == S_IFDIR else {
            throw ValidationError("'\(path)' is a file; '--source' takes the directory of the service's code.")
        }
        guard let resolved = realpath(path, nil) else { return path }
        defer { free(resolved) }
        return String(cString: resolved)
    }
}
