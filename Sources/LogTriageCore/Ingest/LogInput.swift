#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// One input to read: a file, or standard input.
public struct LogInput: Sendable, Hashable {
    /// The path as given (or as found under a named directory); `-` for standard input.
    public var path: String
    /// Named on the command line (errors about it fail the run), rather than found in a directory walk.
    public var isExplicit: Bool

    public init(path: String, isExplicit: Bool = true) {
        self.path = path
        self.isExplicit = isExplicit
    }

    public var isStandardInput: Bool { path == "-" }

    /// The name shown in records and messages.
    public var displayName: String { isStandardInput ? "<stdin>" : path }
}

/// Expands command-line arguments into inputs: files as they are, directories walked recursively
/// (sorted, hidden entries skipped) keeping files whose name matches an include pattern, `-` for stdin.
public enum InputExpander {
    /// Names a directory walk keeps when no `--include` is given: logs, rotated logs and compressed logs.
    public static let defaultIncludes = [
        "*.log", "*.log.*", "*.txt", "*.out", "*.err", "*.json", "*.jsonl", "*.ndjson", "*.gz", "*.journal.json",
    ]

    public static func expand(_ arguments: [String], include: [String] = []) -> (inputs: [LogInput], errors: [IngestError]) {
        var inputs: [LogInput] = []
        var errors: [IngestError] = []
        let patterns = include.isEmpty ? defaultIncludes : include
        for argument in arguments {
            if argument == "-" {
                inputs.append(LogInput(path: "-"))
                continue
            }
            var info = stat()
            guard stat(argument, &info) == 0 else {
                errors.append(.system("stat", path: argument, errno: errno))
                continue
            }
            if (info.st_mode & S_IFMT) == S_IFDIR {
                walk(argument, patterns: patterns, into: &inputs, errors: &errors)
            } else {
                inputs.append(LogInput(path: argument))
            }
        }
        return (inputs, errors)
    }

    private static func walk(_ directory: String, patterns: [String], into inputs: inout [LogInput], errors: inout [IngestError]) {
        guard let handle = opendir(directory) else {
            errors.append(.system("open", path: directory, errno: errno))
            return
        }
        var names: [String] = []
        while let entry = readdir(handle) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(decoding: raw.prefix(while: { $0 != 0 }), as: UTF8.self)
            }
            if name.hasPrefix(".") { continue }
            names.append(name)
        }
        closedir(handle)
        for name in names.sorted() {
            let path = directory.hasSuffix("/") ? directory + name : directory + "/" + name
            var info = stat()
            guard lstat(path, &info) == 0 else { continue }
            switch info.st_mode & S_IFMT {
            case S_IFDIR:
                walk(path, patterns: patterns, into: &inputs, errors: &errors)
            case S_IFREG:
                if patterns.contains(where: { fnmatch($0, name, 0) == 0 }) {
                    inputs.append(LogInput(path: path, isExplicit: false))
                }
            default:
                continue  // links, sockets, devices: not followed in a walk
            }
        }
    }
}

/// An opened input: its bytes (decompressed when gzip) and the date relative times resolve against.
public struct OpenedInput {
    public var source: any ByteSource
    /// The file's modification date (today for standard input): the date for time-only and year-less headers.
    public var referenceDate: CivilDate
    public var isCompressed: Bool
    private let descriptor: Int32?

    /// Opens `input`; the caller must call ``close()``. With `range`, only those bytes of a plain file are
    /// read (a later scan continuing where an earlier one stopped).
    public static func open(_ input: LogInput, range: Range<Int64>? = nil) throws -> OpenedInput {
        let descriptor: Int32
        var referenceDate = Self.today()
        if input.isStandardInput {
            descriptor = STDIN_FILENO
        } else {
            #if canImport(Glibc)
            descriptor = Glibc.open(input.path, O_RDONLY | O_CLOEXEC)
            #else
            descriptor = Darwin.open(input.path, O_RDONLY | O_CLOEXEC)
            #endif
            guard descriptor >= 0 else { throw IngestError.system("open", path: input.path, errno: errno) }
            var info = stat()
            if fstat(descriptor, &info) == 0 {
                if (info.st_mode & S_IFMT) == S_IFDIR {
                    _ = closeDescriptor(descriptor)
                    throw IngestError(.readFailed, path: input.path, detail: "is a directory")
                }
                #if canImport(Glibc)
                let seconds = Int64(info.st_mtim.tv_sec)
                #else
                let seconds = Int64(info.st_mtimespec.tv_sec)
                #endif
                referenceDate = Timestamp(millisecondsSinceEpoch: seconds * 1000).date
            }
        }
        var base = FileDescriptorSource(descriptor: descriptor, path: input.displayName)
        if let range, !input.isStandardInput {
            guard lseek(descriptor, off_t(range.lowerBound), SEEK_SET) == off_t(range.lowerBound) else {
                let error = IngestError.system("seek", path: input.path, errno: errno)
                _ = closeDescriptor(descriptor)
                throw error
            }
            base.limit = range.upperBound - range.lowerBound
        }
        // Sniff the gzip magic number, then hand the sniffed bytes back in front of the stream.
        var head = [UInt8](repeating: 0, count: 2)
        var headCount = 0
        while headCount < 2 {
            let read = try head.withUnsafeMutableBytes {
                try base.read(into: UnsafeMutableRawBufferPointer(rebasing: $0[headCount...]))
            }
            if read == 0 { break }
            headCount += read
        }
        head.removeSubrange(headCount...)
        let prefixed = PrefixedSource(prefix: head, base: base)
        let isGzip = head.withUnsafeBytes { GzipSource<PrefixedSource>.isGzip($0) }
        let source: any ByteSource = isGzip ? try GzipSource(prefixed, path: input.displayName) : prefixed
        return OpenedInput(
            source: source, referenceDate: referenceDate, isCompressed: isGzip,
            descriptor: input.isStandardInput ? nil : descriptor)
    }

    public func close() {
        if let descriptor { _ = Self.closeDescriptor(descriptor) }
    }

    private static func closeDescriptor(_ descriptor: Int32) -> Int32 {
        #if canImport(Glibc)
        Glibc.close(descriptor)
        #else
        Darwin.close(descriptor)
        #endif
    }

    static func today() -> CivilDate {
        Timestamp(millisecondsSinceEpoch: Int64(time(nil)) * 1000).date
    }
}

/// Serves `prefix` first, then the rest of `base`.
public struct PrefixedSource: ByteSource {
    private var prefix: [UInt8]
    private var offset = 0
    private var base: FileDescriptorSource

    init(prefix: [UInt8], base: FileDescriptorSource) {
        self.prefix = prefix
        self.base = base
    }

    public mutating func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        if offset < prefix.count {
            let count = min(buffer.count, prefix.count - offset)
            prefix.withUnsafeBytes {
                buffer.copyMemory(from: UnsafeRawBufferPointer(rebasing: $0[offset..<(offset + count)]))
            }
            offset += count
            return count
        }
        return try base.read(into: buffer)
    }
}

/// Lets a `LineReader` run over a source chosen at run time; the indirection costs one call per chunk.
public struct AnyByteSource: ByteSource {
    public var base: any ByteSource
    public init(_ base: any ByteSource) { self.base = base }
    public mutating func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        try base.read(into: buffer)
    }
}
