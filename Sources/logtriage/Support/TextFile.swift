#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

import ArgumentParser

/// Whole-file reads and writes for documents (trackers, reports), with messages a user can act on.
enum TextFile {
    static let maxBytes = 64 << 20

    static func read(_ path: String) throws -> String {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else {
            Diagnostics.warn("cannot open '\(path)': \(String(cString: strerror(errno)))")
            throw ExitCode.failure
        }
        defer { close(descriptor) }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let count = chunk.withUnsafeMutableBytes { Glibc.read(descriptor, $0.baseAddress, $0.count) }
            if count < 0 {
                if errno == EINTR { continue }
                Diagnostics.warn("cannot read '\(path)': \(String(cString: strerror(errno)))")
                throw ExitCode.failure
            }
            if count == 0 { break }
            bytes.append(contentsOf: chunk[..<count])
            if bytes.count > maxBytes {
                Diagnostics.warn("'\(path)' is larger than \(maxBytes >> 20) MiB; it is not a tracker document.")
                throw ExitCode.failure
            }
        }
        guard !bytes.contains(0), let text = String(validating: bytes, as: UTF8.self) else {
            Diagnostics.warn("'\(path)' is not UTF-8 text; a tracker document is Markdown.")
            throw ExitCode.failure
        }
        return text
    }

    /// Writes through a temporary file and a rename, so a failed write never leaves half a document.
    static func write(_ text: String, to path: String) throws {
        let temporary = path + ".tmp-\(getpid())"
        let descriptor = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else {
            Diagnostics.warn("cannot write '\(path)': \(String(cString: strerror(errno)))")
            throw ExitCode.failure
        }
        var ok = true
        var text = text
        text.withUTF8 { bytes in
            var offset = 0
            while offset < bytes.count {
                let written = Glibc.write(descriptor, bytes.baseAddress! + offset, bytes.count - offset)
                if written < 0 {
                    if errno == EINTR { continue }
                    ok = false
                    return
                }
                offset += written
            }
        }
        close(descriptor)
        guard ok, rename(temporary, path) == 0 else {
            Diagnostics.warn("cannot write '\(path)': \(String(cString: strerror(errno)))")
            unlink(temporary)
            throw ExitCode.failure
        }
    }
}
