#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Why a source tree could not be indexed.
public struct SourceIndexError: Error, Sendable, Equatable, CustomStringConvertible {
    public enum Kind: Sendable, Equatable {
        case notFound, notADirectory, unreadable
    }

    public var kind: Kind
    public var path: String
    public var detail: String

    public init(_ kind: Kind, path: String, detail: String = "") {
        self.kind = kind
        self.path = path
        self.detail = detail
    }

    public var description: String {
        switch kind {
        case .notFound: "The source directory \(path) does not exist."
        case .notADirectory: "The source path \(path) is a file, not a directory: pass the root of the source tree."
        case .unreadable: "The source directory \(path) cannot be read (\(detail))."
        }
    }
}

/// Finds the source files under a root: a depth-first walk with `opendir`/`readdir` that skips dependency,
/// build and hidden directories, never follows directory links (so link loops cannot trap it) and keeps only
/// files of the known languages and the deployment's settings files.
struct SourceTreeWalker {
    /// Files larger than this are generated or vendored bundles, not code someone wrote.
    static let maxFileSize = 2 * 1024 * 1024

    /// Directories that hold dependencies, caches or build output rather than the project's code.
    static let skippedDirectories = SourcePathMapper.dependencyDirectories.union([
        "__pycache__", "build", "dist", "target", "DerivedData",
    ])

    /// Directories of tests by the common conventions (Java's `src/test`, Ruby's `spec`, JavaScript's
    /// `__tests__` and `e2e`, Go's `testdata`): test code never wrote a production log line, and its literals and
    /// settings would outrank the code that did.
    static let testDirectories: Set<String> = ["test", "tests", "__tests__", "e2e", "e2e-tests", "testdata", "spec", "specs"]

    /// `orders_test.go`, `test_orders.py`, `orders.spec.ts`, `OrderServiceTest.java`, `orders_spec.rb`: a test file
    /// by its language's convention.
    static func isTestFile(_ name: String) -> Bool {
        guard let dot = name.lastIndex(of: ".") else { return false }
        let stem = name[..<dot]
        if stem.hasPrefix("test_") || stem.hasSuffix("_test") || stem.hasSuffix("_spec") || stem.hasSuffix(".test") || stem.hasSuffix(".spec") {
            return true
        }
        // `OrderServiceTest`, `OrderServiceTests`: a test class named after what it tests
        return (stem.hasSuffix("Test") || stem.hasSuffix("Tests")) && stem.count > 5 && stem.first?.isUppercase == true
    }

    struct Entry {
        /// Relative to the root, `/`-separated.
        var path: String
        /// Nil for a deployment settings file (``DeploymentSettingsScanner``).
        var language: SourceLanguage?
    }

    /// The source files under `root`, sorted by relative path.
    static func files(under root: String) throws(SourceIndexError) -> [Entry] {
        var info = stat()
        guard stat(root, &info) == 0 else {
            let code = errno
            if code == ENOENT || code == ENOTDIR { throw SourceIndexError(.notFound, path: root) }
            throw SourceIndexError(.unreadable, path: root, detail: String(cString: strerror(code)))
        }
        guard (info.st_mode & S_IFMT) == S_IFDIR else { throw SourceIndexError(.notADirectory, path: root) }
        guard let handle = opendir(root) else {
            throw SourceIndexError(.unreadable, path: root, detail: String(cString: strerror(errno)))
        }
        var result: [Entry] = []
        walk(handle, absolute: root, relative: "", into: &result)
        result.sort { $0.path.utf8.lexicographicallyPrecedes($1.path.utf8) }
        return result
    }

    private static func walk(_ handle: OpaquePointer, absolute: String, relative: String, into result: inout [Entry]) {
        var names: [String] = []
        while let entry = readdir(handle) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(decoding: raw.prefix(while: { $0 != 0 }), as: UTF8.self)
            }
            // hidden: .git, .venv, .tox, .build, and `.`/`..`; an `.env` template is the deployment's settings
            if name.hasPrefix("."), DeploymentSettingsScanner.layout(ofFileNamed: name[...]) == nil { continue }
            names.append(name)
        }
        closedir(handle)
        for name in names {
            let path = absolute + "/" + name
            var info = stat()
            guard lstat(path, &info) == 0 else { continue }
            let type = info.st_mode & S_IFMT
            if type == S_IFDIR {
                // a hidden directory is never entered, whatever its name (`.env/` is often a virtualenv)
                guard !name.hasPrefix("."), !skippedDirectories.contains(name), !testDirectories.contains(name.lowercased()),
                    access(path + "/pyvenv.cfg", F_OK) != 0,
                    let child = opendir(path)
                else { continue }
                walk(child, absolute: path, relative: relative + name + "/", into: &result)
                continue
            }
            let language = SourceLanguage(fileName: name[...])
            guard language != nil || DeploymentSettingsScanner.layout(ofFileNamed: name[...]) != nil, !isTestFile(name) else { continue }
            if type == S_IFLNK {
                // A linked file is read like any other; a linked directory is never entered.
                guard stat(path, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG else { continue }
            } else if type != S_IFREG {
                continue
            }
            guard info.st_size <= maxFileSize else { continue }
            result.append(Entry(path: relative + name, language: language))
        }
    }

    /// A file's bytes, or nil when it cannot be read or looks binary (a NUL byte near the start).
    static func read(_ path: String, limit: Int = maxFileSize) -> [UInt8]? {
        #if canImport(Glibc)
        let descriptor = Glibc.open(path, O_RDONLY | O_CLOEXEC)
        #else
        let descriptor = Darwin.open(path, O_RDONLY | O_CLOEXEC)
        #endif
        guard descriptor >= 0 else { return nil }
        defer { _ = close(descriptor) }
        var info = stat()
        guard fstat(descriptor, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG, info.st_size <= limit else { return nil }
        let size = Int(info.st_size)
        var bytes = [UInt8](repeating: 0, count: size)
        var filled = 0
        while filled < size {
            let count = bytes.withUnsafeMutableBytes { buffer in
                #if canImport(Glibc)
                Glibc.read(descriptor, buffer.baseAddress! + filled, size - filled)
                #else
                Darwin.read(descriptor, buffer.baseAddress! + filled, size - filled)
                #endif
            }
            if count < 0, errno == EINTR { continue }
            guard count > 0 else { break }
            filled += count
        }
        if filled < size { bytes.removeLast(size - filled) }
        if bytes.prefix(8192).contains(0) { return nil }
        return bytes
    }
}
