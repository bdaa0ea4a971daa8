#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Splits a byte stream into lines with large `read`s and `memchr`, never rescanning bytes
/// (the approach of NIO's line decoder; see STYLE.md §3).
///
/// Lines come without `\n` or `\r\n`; a last line without a newline is still a line. A line longer than
/// `maxLineBytes` is cut: the reader keeps its first `maxLineBytes` bytes, discards the rest as it streams
/// past (memory stays bounded whatever the line's length) and reports how many bytes it dropped.
public struct LineReader<Source: ByteSource> {
    private var source: Source
    public let chunkSize: Int
    public let maxLineBytes: Int

    public init(_ source: Source, chunkSize: Int = 1 << 20, maxLineBytes: Int = 1 << 20) {
        self.source = source
        self.chunkSize = max(chunkSize, 16)
        self.maxLineBytes = max(maxLineBytes, 16)
    }

    /// Calls `body` with each line and the number of bytes cut from its end (0 for almost every line).
    /// The buffer is only valid during the call.
    public mutating func forEachLine(
        _ body: (_ line: UnsafeBufferPointer<UInt8>, _ droppedBytes: Int) throws -> Void
    ) throws {
        let capacity = maxLineBytes + chunkSize
        let buffer = UnsafeMutablePointer<UInt8>.allocate(capacity: capacity)
        defer { buffer.deallocate() }
        var count = 0  // valid bytes at the front of `buffer`
        var scanned = 0  // bytes at the front known to hold no newline
        var atEnd = false

        func emit(_ start: Int, _ end: Int, dropped: Int = 0) throws {
            var end = end
            if end > start, buffer[end - 1] == 0x0D { end -= 1 }
            let length = end - start
            if length > maxLineBytes {
                try body(UnsafeBufferPointer(start: buffer + start, count: maxLineBytes), dropped + length - maxLineBytes)
            } else {
                try body(UnsafeBufferPointer(start: buffer + start, count: length), dropped)
            }
        }

        while true {
            var lineStart = 0
            while scanned < count, let hit = memchr(buffer + scanned, 0x0A, count - scanned) {
                let newline = buffer.distance(to: hit.assumingMemoryBound(to: UInt8.self))
                try emit(lineStart, newline)
                lineStart = newline + 1
                scanned = lineStart
            }
            if lineStart > 0 {
                count -= lineStart
                if count > 0 { memmove(buffer, buffer + lineStart, count) }
            }
            scanned = count
            if atEnd {
                if count > 0 { try emit(0, count) }
                return
            }
            if count > maxLineBytes {
                // An unfinished line over the cap: keep its head, stream past the rest up to the newline.
                var dropped = count - maxLineBytes
                count = maxLineBytes
                while true {
                    let read = try source.read(
                        into: UnsafeMutableRawBufferPointer(start: buffer + count, count: capacity - count))
                    if read == 0 {
                        try emit(0, count, dropped: dropped)
                        return
                    }
                    guard let hit = memchr(buffer + count, 0x0A, read) else {
                        dropped += read
                        continue
                    }
                    let newline = buffer.distance(to: hit.assumingMemoryBound(to: UInt8.self))
                    dropped += newline - count
                    if newline > count, buffer[newline - 1] == 0x0D { dropped -= 1 }
                    try body(UnsafeBufferPointer(start: buffer, count: maxLineBytes), dropped)
                    let rest = count + read - (newline + 1)
                    if rest > 0 { memmove(buffer, buffer + newline + 1, rest) }
                    count = rest
                    scanned = 0
                    break
                }
                continue
            }
            let read = try source.read(
                into: UnsafeMutableRawBufferPointer(start: buffer + count, count: capacity - count))
            if read == 0 { atEnd = true } else { count += read }
        }
    }
}
