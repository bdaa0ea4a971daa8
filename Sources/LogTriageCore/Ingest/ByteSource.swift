#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A stream of bytes: a file descriptor, or a decompressor over one.
public protocol ByteSource {
    /// Reads up to `buffer.count` bytes; 0 at the end.
    mutating func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int
}

/// `read(2)` on a file descriptor, retrying on `EINTR`.
public struct FileDescriptorSource: ByteSource {
    public let descriptor: Int32
    public let path: String
    /// Bytes left to read when the source is limited to part of the file (appended bytes past it are left
    /// for the next scan).
    public var limit: Int64?

    public init(descriptor: Int32, path: String) {
        self.descriptor = descriptor
        self.path = path
    }

    public mutating func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        while true {
            #if canImport(Glibc)
            let wanted = limit.map { min(buffer.count, Int(max(0, $0))) } ?? buffer.count
            if wanted == 0 { return 0 }
            let count = Glibc.read(descriptor, buffer.baseAddress, wanted)
            #else
            let wanted = limit.map { min(buffer.count, Int(max(0, $0))) } ?? buffer.count
            if wanted == 0 { return 0 }
            let count = Darwin.read(descriptor, buffer.baseAddress, wanted)
            #endif
            if count >= 0 {
                if let limit { self.limit = limit - Int64(count) }
                return count
            }
            if errno == EINTR { continue }
            throw IngestError.system("read", path: path, errno: errno)
        }
    }
}

/// Bytes already in memory (tests, small inputs).
public struct MemorySource: ByteSource {
    private let bytes: [UInt8]
    private var offset = 0

    public init(_ bytes: [UInt8]) { self.bytes = bytes }
    public init(_ text: String) { self.bytes = Array(text.utf8) }

    public mutating func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        let count = min(buffer.count, bytes.count - offset)
        guard count > 0 else { return 0 }
        bytes.withUnsafeBytes { source in
            buffer.copyMemory(from: UnsafeRawBufferPointer(rebasing: source[offset..<(offset + count)]))
        }
        offset += count
        return count
    }
}
