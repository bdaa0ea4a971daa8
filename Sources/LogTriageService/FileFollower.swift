import LogTriageCore

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Follows files, directories and standard input as they grow, the way `tail -F` does: a file is followed by its
/// identity (device and inode), so a rotation that renames it is read to its end under its new name while the new
/// file at the old name starts from its first line; a truncated file is read again from the start; a compressed
/// rotation is read whole once. Each poll reads what was appended and completes the records in progress, and
/// hands back, per input, the records and where the input then stands.
///
/// A file already scanned into the tracker continues from its resume point, so a restart neither loses nor
/// repeats lines.
public struct FileFollower {
    /// What one poll read from one input.
    public struct Batch: Sendable {
        /// The input's name in records and messages.
        public var source: String
        public var records: [LogRecord]
        /// Where the file stands once `records` are filed (nil for standard input).
        public var progress: SourceProgress?
        /// The input and the lines read, for the update log.
        public var input: String
    }

    public struct Poll: Sendable {
        public var batches: [Batch] = []
        /// What happened to inputs, for the user (rotated, truncated, unreadable).
        public var notes: [String] = []
        /// Some input has more to read than one poll takes: poll again at once.
        public var hasMore = false
        /// Standard input was the only input and it ended.
        public var finished = false
    }

    private struct Key: Hashable {
        var device: UInt64
        var inode: UInt64
    }

    private struct Followed {
        var path: String
        var descriptor: Int32
        /// Bytes handed to the reader (a resume point stops before the reader's held partial line).
        var offset: Int64
        var firstLine: Int
        var reader: LiveRecordReader
        var isCompressed: Bool
        /// Not seen at any followed path in the last poll: read to its end, then closed.
        var detached = false
        /// The fingerprint of the bytes read at the last poll: a file truncated and written again to at least its
        /// old size is recognised by its first bytes changing.
        var head: (fingerprint: String, length: Int)?
        /// Size and modification time at the last poll: a file that kept both is not looked into again.
        var seen: (size: Int64, modified: Int64)?
    }

    private let paths: [String]
    private let include: [String]
    private let options: ReaderOptions
    private var known: [SourceProgress]
    private var files: [Key: Followed] = [:]
    /// Compressed files already read whole, and paths reported missing, by identity or name.
    private var done: Set<Key> = []
    private var missingReported: Set<String> = []
    private var standardInput: LiveRecordReader?
    private var standardInputEnded = false
    /// Bytes one poll reads from one file, so a large file is filed in steps with bounded memory.
    public var readBudget = 8 << 20
    /// The read buffer, shared by every input.
    private var buffer = [UInt8](repeating: 0, count: 1 << 20)

    /// `known` are the resume points the tracker holds.
    public init(paths: [String], include: [String] = [], options: ReaderOptions, known: [SourceProgress]) {
        self.paths = paths
        self.include = include
        self.options = options
        self.known = known
        if paths.contains("-") {
            standardInput = LiveRecordReader(options: options, name: "<stdin>", referenceDate: Self.today())
            let flags = fcntl(STDIN_FILENO, F_GETFL)
            _ = fcntl(STDIN_FILENO, F_SETFL, flags | O_NONBLOCK)
        }
    }

    /// Reads what every input appended since the last poll.
    public mutating func poll(at time: Timestamp) -> Poll {
        var poll = Poll()
        discover(&poll)
        for key in files.keys.sorted(by: { files[$0]!.path < files[$1]!.path }) {
            readFile(key, at: time, into: &poll)
        }
        if standardInput != nil { readStandardInput(into: &poll) }
        poll.finished = standardInputEnded && paths.allSatisfy { $0 == "-" }
        return poll
    }

    /// Closes every file.
    public mutating func closeAll() {
        for followed in files.values { _ = closeFile(followed.descriptor) }
        files = [:]
    }

    // MARK: - Finding files

    private mutating func discover(_ poll: inout Poll) {
        let named = paths.filter { $0 != "-" }
        guard !named.isEmpty else { return }
        let (inputs, errors) = InputExpander.expand(named, include: include)
        for error in errors where !missingReported.contains(error.path) {
            missingReported.insert(error.path)
            poll.notes.append("\(error.description) (waiting for it)")
        }
        var seen: Set<Key> = []
        for input in inputs {
            var info = stat()
            guard stat(input.path, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG else { continue }
            missingReported.remove(input.path)
            let key = Key(device: UInt64(info.st_dev), inode: UInt64(info.st_ino))
            seen.insert(key)
            if files[key] != nil {
                if files[key]!.path != input.path {
                    poll.notes.append("\(files[key]!.path): renamed to \(input.path) (rotated); following it there")
                    files[key]!.path = input.path
                }
                files[key]!.detached = false
            } else if !done.contains(key) {
                follow(input.path, key: key, into: &poll)
            }
        }
        for key in files.keys where !seen.contains(key) { files[key]!.detached = true }
    }

    private mutating func follow(_ path: String, key: Key, into poll: inout Poll) {
        guard let file = FileFingerprint(path: path) else { return }
        let plan = ResumePoint.plan(for: file, known: known)
        if file.isCompressed {
            done.insert(key)
            guard plan.offset != file.size else { return }
            readCompressed(path, file: file, into: &poll)
            return
        }
        if let note = plan.note { poll.notes.append("\(path): \(note)") }
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else {
            poll.notes.append(IngestError.system("open", path: path, errno: errno).description)
            return
        }
        files[key] = Followed(
            path: path, descriptor: descriptor, offset: plan.offset, firstLine: plan.lines + 1,
            reader: LiveRecordReader(
                options: options, name: path, referenceDate: Self.modificationDate(descriptor), firstLine: plan.lines + 1),
            isCompressed: false)
    }

    /// A compressed rotation does not grow: it is read whole, once.
    private mutating func readCompressed(_ path: String, file: FileFingerprint, into poll: inout Poll) {
        var records: [LogRecord] = []
        do {
            let summary = try RecordReader(options: options).read(LogInput(path: path)) { records.append($0) }
            if let error = summary.error { poll.notes.append(error.description) }
            let progress = file.current.map {
                SourceProgress(
                    path: path, fingerprint: $0.fingerprint, fingerprintLength: $0.length, offset: file.size,
                    lines: summary.lines, scannedAt: .now)
            }
            poll.batches.append(Batch(source: path, records: records, progress: progress, input: path))
            if let progress { remember(progress) }
        } catch {
            poll.notes.append("\(error)")
        }
    }

    // MARK: - Reading

    private mutating func readFile(_ key: Key, at time: Timestamp, into poll: inout Poll) {
        guard var followed = files[key] else { return }
        var info = stat()
        guard fstat(followed.descriptor, &info) == 0 else { return }
        let size = Int64(info.st_size)
        #if canImport(Glibc)
        let modified = Int64(info.st_mtim.tv_sec) * 1_000_000_000 + Int64(info.st_mtim.tv_nsec)
        #else
        let modified = Int64(info.st_mtimespec.tv_sec) * 1_000_000_000 + Int64(info.st_mtimespec.tv_nsec)
        #endif
        // Unchanged since the last poll, and nothing left to read: nothing to do (the common case, every second).
        if !followed.detached, followed.offset == size, let seen = followed.seen, seen == (size, modified) { return }
        followed.seen = (size, modified)
        let consumed = followed.offset - Int64(followed.reader.heldBytes)
        let rewritten = followed.head.map { head in
            Int64(head.length) <= size
                && FileFingerprint.current(descriptor: followed.descriptor, size: Int64(head.length))?.fingerprint != head.fingerprint
        }
        if size < consumed || rewritten == true {
            poll.notes.append("\(followed.path): truncated; reading it again from the start")
            followed.offset = 0
            followed.firstLine = 1
            followed.reader = LiveRecordReader(
                options: options, name: followed.path, referenceDate: Self.modificationDate(followed.descriptor))
        }
        var records: [LogRecord] = []
        let collect = { (record: LogRecord) in records.append(record) }
        var budget = readBudget
        var failure: String?
        while budget > 0, followed.offset < size {
            let wanted = Int(min(Int64(min(budget, buffer.count)), size - followed.offset))
            let count = buffer.withUnsafeMutableBytes { pread(followed.descriptor, $0.baseAddress, wanted, off_t(followed.offset)) }
            guard count > 0 else {
                if count < 0, errno != EINTR { failure = IngestError.system("read", path: followed.path, errno: errno).description }
                break
            }
            do {
                try buffer.withUnsafeBytes { try followed.reader.append(UnsafeRawBufferPointer(rebasing: $0[..<count]), collect) }
            } catch {
                failure = "\(error)"
                break
            }
            followed.offset += Int64(count)
            budget -= count
        }
        if followed.offset < size, failure == nil { poll.hasMore = true }
        // A detached file (rotated away, deleted) is finished: its last line is complete even without a newline.
        if followed.detached, followed.offset >= size { try? followed.reader.endInput(collect) }
        try? followed.reader.flush(collect)
        let resume = followed.offset - Int64(followed.reader.heldBytes)
        if let failure {
            poll.notes.append(failure + "; no longer following it")
            followed.detached = true
        }
        followed.head = FileFingerprint.current(descriptor: followed.descriptor, size: min(resume, Int64(FileFingerprint.length)))
        let first = followed.firstLine
        followed.firstLine = followed.reader.lastLine + 1
        if !records.isEmpty || followed.firstLine != first {
            var progress: SourceProgress?
            if !followed.detached, let current = FileFingerprint.current(descriptor: followed.descriptor, size: size) {
                progress = SourceProgress(
                    path: followed.path, fingerprint: current.fingerprint, fingerprintLength: current.length, offset: resume,
                    lines: followed.firstLine - 1, scannedAt: time)
            }
            let input = first > 1 ? "\(followed.path) (from line \(first))" : followed.path
            poll.batches.append(Batch(source: followed.path, records: records, progress: progress, input: input))
            if let progress { remember(progress) }
        }
        if followed.detached, followed.offset >= size || failure != nil {
            _ = closeFile(followed.descriptor)
            files[key] = nil
        } else {
            files[key] = followed
        }
    }

    private mutating func readStandardInput(into poll: inout Poll) {
        guard var reader = standardInput, !standardInputEnded else { return }
        var records: [LogRecord] = []
        let collect = { (record: LogRecord) in records.append(record) }
        var budget = readBudget
        while budget > 0 {
            let count = buffer.withUnsafeMutableBytes { read(STDIN_FILENO, $0.baseAddress, $0.count) }
            if count > 0 {
                do {
                    try buffer.withUnsafeBytes { try reader.append(UnsafeRawBufferPointer(rebasing: $0[..<count]), collect) }
                } catch {
                    poll.notes.append("<stdin>: \(error)")
                    standardInputEnded = true
                    break
                }
                budget -= count
                continue
            }
            if count < 0, errno == EINTR { continue }
            if count == 0 || (errno != EAGAIN && errno != EWOULDBLOCK) {
                try? reader.endInput(collect)
                standardInputEnded = true
            }
            break
        }
        if budget <= 0 { poll.hasMore = true }
        try? reader.flush(collect)
        standardInput = reader
        if !records.isEmpty { poll.batches.append(Batch(source: "<stdin>", records: records, progress: nil, input: "<stdin>")) }
    }

    private mutating func remember(_ progress: SourceProgress) {
        known.removeAll { $0.path == progress.path }
        known.append(progress)
    }

    private static func modificationDate(_ descriptor: Int32) -> CivilDate {
        var info = stat()
        guard fstat(descriptor, &info) == 0 else { return today() }
        #if canImport(Glibc)
        let seconds = Int64(info.st_mtim.tv_sec)
        #else
        let seconds = Int64(info.st_mtimespec.tv_sec)
        #endif
        return Timestamp(millisecondsSinceEpoch: seconds * 1000).date
    }

    private static func today() -> CivilDate { Timestamp.now.date }

    private func closeFile(_ descriptor: Int32) -> Int32 {
        #if canImport(Glibc)
        Glibc.close(descriptor)
        #else
        Darwin.close(descriptor)
        #endif
    }
}
