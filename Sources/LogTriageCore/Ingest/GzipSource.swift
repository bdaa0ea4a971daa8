import CZlib

/// Decompresses gzip data from another source with zlib. Concatenated members (as `cat a.gz b.gz` makes,
/// and as log rotators sometimes write) are read one after the other.
public struct GzipSource<Base: ByteSource>: ByteSource {
    private var base: Base
    private let path: String
    private let state: InflateState
    private var input: [UInt8]
    private var inputEnd = false

    public init(_ base: Base, path: String) throws {
        self.base = base
        self.path = path
        self.input = [UInt8](repeating: 0, count: 256 * 1024)
        self.state = try InflateState(path: path)
    }

    public mutating func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        guard let output = buffer.baseAddress?.assumingMemoryBound(to: UInt8.self), buffer.count > 0 else { return 0 }
        while true {
            if state.stream.avail_in == 0 && !inputEnd {
                let count = try input.withUnsafeMutableBytes { try base.read(into: $0) }
                if count == 0 {
                    inputEnd = true
                } else {
                    state.feed(input, count: count)
                }
            }
            if state.finished {
                // Another member may follow; anything else after the end is ignored, as gzip does with padding.
                guard state.stream.avail_in > 0 || !inputEnd else { return 0 }
                if state.stream.avail_in > 0, state.nextInputByte != 0x1f {
                    state.stream.avail_in = 0
                    return 0
                }
                if state.stream.avail_in == 0 { continue }
                state.reset()
            }
            state.stream.next_out = output
            state.stream.avail_out = UInt32(min(buffer.count, Int(UInt32.max)))
            let status = inflate(&state.stream, Z_NO_FLUSH)
            let produced = buffer.count - Int(state.stream.avail_out)
            switch status {
            case Z_STREAM_END:
                state.finished = true
            case Z_OK:
                break
            case Z_BUF_ERROR:
                if inputEnd && state.stream.avail_in == 0 {
                    if produced > 0 { return produced }
                    throw IngestError(.truncatedGzip, path: path)
                }
            default:
                let message = state.stream.msg.map { String(cString: $0) } ?? "zlib error \(status)"
                throw IngestError(.corruptGzip, path: path, detail: message)
            }
            if produced > 0 { return produced }
            if inputEnd && state.stream.avail_in == 0 && !state.finished {
                throw IngestError(.truncatedGzip, path: path)
            }
        }
    }

    /// Whether `bytes` start with the gzip magic number.
    public static func isGzip(_ bytes: UnsafeRawBufferPointer) -> Bool {
        bytes.count >= 2 && bytes[0] == 0x1f && bytes[1] == 0x8b
    }
}

/// The zlib stream, in a class because `z_stream` must not move in memory while inflating.
private final class InflateState {
    var stream = z_stream()
    var finished = false
    private var storage: UnsafeMutablePointer<UInt8>
    private var capacity = 0

    init(path: String) throws {
        storage = UnsafeMutablePointer<UInt8>.allocate(capacity: 1)
        // 15 window bits + 16: expect a gzip header.
        let status = inflateInit2_(&stream, 15 + 16, ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size))
        guard status == Z_OK else {
            storage.deallocate()
            throw IngestError(.corruptGzip, path: path, detail: "zlib init failed (\(status))")
        }
    }

    deinit {
        inflateEnd(&stream)
        storage.deallocate()
    }

    /// Copies input into storage zlib can point at for the next `inflate` calls.
    func feed(_ bytes: [UInt8], count: Int) {
        if capacity < count {
            storage.deallocate()
            storage = UnsafeMutablePointer<UInt8>.allocate(capacity: count)
            capacity = count
        }
        bytes.withUnsafeBufferPointer { source in
            if let base = source.baseAddress { storage.update(from: base, count: count) }
        }
        stream.next_in = storage
        stream.avail_in = UInt32(count)
    }

    var nextInputByte: UInt8 { stream.next_in.pointee }

    func reset() {
        inflateReset(&stream)
        finished = false
    }
}
