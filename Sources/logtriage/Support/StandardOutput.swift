#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

import LogTriageCore

/// Buffered writes to standard output. A closed pipe (`logtriage records … | head`) ends the program quietly.
struct StandardOutput {
    private var buffer: [UInt8] = []
    private let limit = 256 * 1024

    init() {
        signal(SIGPIPE, SIG_IGN)
        buffer.reserveCapacity(limit + 4096)
    }

    mutating func write(_ bytes: [UInt8]) {
        if bytes.count >= limit / 4 {
            // Large blocks go straight out instead of through the buffer.
            flush()
            writeAll(bytes)
            return
        }
        buffer.append(contentsOf: bytes)
        if buffer.count >= limit { flush() }
    }

    /// Moves a JSON writer's bytes out once they fill a block, so the writer stays small while streaming.
    mutating func take(_ writer: inout JSONWriter, atLeast minimum: Int = 1 << 16) {
        guard writer.bytes.count >= minimum else { return }
        write(writer.bytes)
        writer.removeAll()
    }

    mutating func write(_ bytes: UnsafeBufferPointer<UInt8>) {
        buffer.append(contentsOf: bytes)
        if buffer.count >= limit { flush() }
    }

    mutating func write(_ text: String) {
        buffer.append(contentsOf: text.utf8)
        if buffer.count >= limit { flush() }
    }

    mutating func flush() {
        writeAll(buffer)
        buffer.removeAll(keepingCapacity: true)
    }

    private func writeAll(_ bytes: [UInt8]) {
        var offset = 0
        while offset < bytes.count {
            let written = bytes.withUnsafeBytes { raw -> Int in
                guard let base = raw.baseAddress else { return 0 }
                #if canImport(Glibc)
                return Glibc.write(STDOUT_FILENO, base + offset, raw.count - offset)
                #else
                return Darwin.write(STDOUT_FILENO, base + offset, raw.count - offset)
                #endif
            }
            if written < 0 {
                if errno == EINTR { continue }
                if errno == EPIPE { exit(0) }
                break
            }
            offset += written
        }
    }
}

/// Messages for the user on standard error, prefixed with the program name.
enum Diagnostics {
    static func warn(_ message: String) {
        raw("logtriage: \(message)\n")
    }

    /// Writes `text` to standard error as is.
    static func raw(_ text: String) {
        var line = text
        line.withUTF8 { bytes in
            guard let base = bytes.baseAddress else { return }
            var offset = 0
            while offset < bytes.count {
                #if canImport(Glibc)
                let written = Glibc.write(STDERR_FILENO, base + offset, bytes.count - offset)
                #else
                let written = Darwin.write(STDERR_FILENO, base + offset, bytes.count - offset)
                #endif
                if written <= 0 { return }
                offset += written
            }
        }
    }
}
