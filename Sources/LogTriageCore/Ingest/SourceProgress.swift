#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// How far the tracker has read one file, and how to recognise the file again: a hash of its first bytes
/// survives renames (rotation) and appends, and changes when the file is replaced.
public struct SourceProgress: Sendable, Hashable {
    public var path: String
    public var fingerprint: String
    /// How many leading bytes the fingerprint covers (fewer than ``FileFingerprint/length`` for small files).
    public var fingerprintLength: Int
    /// Bytes consumed, always at a line boundary.
    public var offset: Int64
    public var lines: Int
    public var scannedAt: Timestamp

    public init(path: String, fingerprint: String, fingerprintLength: Int, offset: Int64, lines: Int, scannedAt: Timestamp) {
        self.path = path
        self.fingerprint = fingerprint
        self.fingerprintLength = fingerprintLength
        self.offset = offset
        self.lines = lines
        self.scannedAt = scannedAt
    }
}

/// A regular file as a later scan sees it.
public struct FileFingerprint: Sendable {
    public static let length = 4096

    public let path: String
    public let size: Int64
    /// The end of the last complete line: bytes after it are a line still being written.
    public let completeSize: Int64
    /// gzip: read whole, never resumed part way.
    public let isCompressed: Bool

    /// Nil for standard input, missing files and anything that is not a regular file.
    public init?(path: String) {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { return nil }
        defer { close(descriptor) }
        var info = stat()
        guard fstat(descriptor, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG else { return nil }
        self.path = path
        size = Int64(info.st_size)
        completeSize = Self.lastNewline(descriptor, size: size).map { $0 + 1 } ?? 0
        var magic: [UInt8] = [0, 0]
        isCompressed = magic.withUnsafeMutableBytes { pread(descriptor, $0.baseAddress, 2, 0) } == 2 && magic == [0x1F, 0x8B]
    }

    /// FNV-1a of the first `count` bytes, as hex; nil when the file is shorter.
    public func hash(ofFirst count: Int) -> String? {
        guard count > 0, Int64(count) <= size else { return nil }
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { return nil }
        defer { close(descriptor) }
        var bytes = [UInt8](repeating: 0, count: count)
        let read = bytes.withUnsafeMutableBytes { pread(descriptor, $0.baseAddress, count, 0) }
        guard read == count else { return nil }
        return String(bytes.withUnsafeBufferPointer { Hashing.fnv1a($0) }, radix: 16)
    }

    /// The fingerprint a scan records now.
    public var current: (fingerprint: String, length: Int)? {
        let length = Int(min(Int64(Self.length), size))
        return hash(ofFirst: length).map { ($0, length) }
    }

    /// The fingerprint of an open file of `size` bytes (a followed file whose name may have moved on).
    public static func current(descriptor: Int32, size: Int64) -> (fingerprint: String, length: Int)? {
        let length = Int(min(Int64(Self.length), size))
        guard length > 0 else { return nil }
        var bytes = [UInt8](repeating: 0, count: length)
        let read = bytes.withUnsafeMutableBytes { pread(descriptor, $0.baseAddress, length, 0) }
        guard read == length else { return nil }
        return (String(bytes.withUnsafeBufferPointer { Hashing.fnv1a($0) }, radix: 16), length)
    }

    private static func lastNewline(_ descriptor: Int32, size: Int64) -> Int64? {
        var end = size
        var chunk = [UInt8](repeating: 0, count: 65_536)
        while end > 0 {
            let start = max(0, end - Int64(chunk.count))
            let count = Int(end - start)
            let read = chunk.withUnsafeMutableBytes { pread(descriptor, $0.baseAddress, count, off_t(start)) }
            guard read == count else { return nil }
            if let index = chunk[..<count].lastIndex(of: 0x0A) { return start + Int64(index) }
            end = start
        }
        return nil
    }
}

/// Where a scan starts reading a file it may have read before.
public struct ResumePoint: Sendable, Hashable {
    public var offset: Int64
    /// Lines already read before `offset`.
    public var lines: Int
    /// What happened to the file since the last scan, for the user; nil for a new file or a plain continuation.
    public var note: String?

    public init(offset: Int64, lines: Int, note: String? = nil) {
        self.offset = offset
        self.lines = lines
        self.note = note
    }

    /// Decides from the files already read: the same file grown continues where it stopped; a file renamed by
    /// rotation is recognised by its first bytes; a truncated or replaced file is read from the start.
    public static func plan(for file: FileFingerprint, known: [SourceProgress]) -> ResumePoint {
        func same(_ progress: SourceProgress) -> Bool {
            file.hash(ofFirst: progress.fingerprintLength) == progress.fingerprint
        }
        // A rotated file moved away from its old name; a file whose first bytes merely equal another's (a banner)
        // while that one is still in place is a different file. Only full-length fingerprints are trusted.
        func movedHere(_ progress: SourceProgress) -> Bool {
            guard progress.path != file.path, progress.fingerprintLength == FileFingerprint.length, file.size >= progress.offset,
                same(progress)
            else { return false }
            let stillThere = FileFingerprint(path: progress.path)?.hash(ofFirst: progress.fingerprintLength) == progress.fingerprint
            return !stillThere
        }
        if let previous = known.first(where: { $0.path == file.path }) {
            if same(previous) {
                if file.size >= previous.offset { return ResumePoint(offset: previous.offset, lines: previous.lines) }
                return ResumePoint(offset: 0, lines: 0, note: "shorter than when last scanned (truncated); reading it from the start")
            }
            if let renamed = known.first(where: movedHere) {
                return ResumePoint(offset: renamed.offset, lines: renamed.lines, note: "already read as \(renamed.path) (rotated); continuing after line \(renamed.lines)")
            }
            return ResumePoint(offset: 0, lines: 0, note: "replaced since the last scan (rotated or rewritten); reading it from the start")
        }
        if let renamed = known.first(where: movedHere) {
            return ResumePoint(offset: renamed.offset, lines: renamed.lines, note: "already read as \(renamed.path) (rotated); continuing after line \(renamed.lines)")
        }
        return ResumePoint(offset: 0, lines: 0)
    }
}
