#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Why an input could not be read (fully). Messages name the input and say what to do.
public struct IngestError: Error, Sendable, CustomStringConvertible {
    public enum Kind: Sendable, Equatable {
        case cannotOpen
        case notFound
        case permissionDenied
        case readFailed
        case binary
        case corruptGzip
        case truncatedGzip
    }

    public var kind: Kind
    public var path: String
    public var detail: String

    public init(_ kind: Kind, path: String, detail: String = "") {
        self.kind = kind
        self.path = path
        self.detail = detail
    }

    /// An error for a failed system call, from `errno`.
    public static func system(_ call: String, path: String, errno code: Int32) -> IngestError {
        let reason = String(cString: strerror(code))
        switch code {
        case ENOENT: return IngestError(.notFound, path: path, detail: "no such file or directory")
        case EACCES, EPERM: return IngestError(.permissionDenied, path: path, detail: "permission denied")
        default: return IngestError(call == "open" ? .cannotOpen : .readFailed, path: path, detail: "\(call): \(reason)")
        }
    }

    public var description: String {
        switch kind {
        case .notFound: "\(path): no such file or directory"
        case .permissionDenied: "\(path): permission denied"
        case .cannotOpen: "\(path): cannot open (\(detail))"
        case .readFailed: "\(path): read failed (\(detail))"
        case .binary: "\(path): looks like a binary file, not a text log (\(detail)); skipped"
        case .corruptGzip: "\(path): corrupt gzip data (\(detail))"
        case .truncatedGzip: "\(path): the gzip stream ends early (truncated file?); records before that point were kept"
        }
    }
}
