import HTTPTypes
import Hummingbird
import LogTriageCore
import LogTriageService

/// Why an intake request was refused, as the HTTP status a client (an OTLP exporter, Promtail) acts on:
/// 4xx is not retried, 429 and 503 with `Retry-After` are.
enum IntakeError: Error, HTTPResponseError, CustomStringConvertible {
    case badRequest(String)
    case tooLarge(Int)
    case unsupportedMediaType(String)
    case unauthorized
    case forbidden(String)
    case notFound(String)
    case busy(retryAfter: Int)
    case stopping

    init(_ error: LiveScanError) {
        switch error {
        case .busy(let seconds): self = .busy(retryAfter: seconds)
        case .stopped: self = .stopping
        }
    }

    var status: HTTPResponse.Status {
        switch self {
        case .badRequest: .badRequest
        case .tooLarge: .contentTooLarge
        case .unsupportedMediaType: .unsupportedMediaType
        case .unauthorized: .unauthorized
        case .forbidden: .forbidden
        case .notFound: .notFound
        case .busy: .tooManyRequests
        case .stopping: .serviceUnavailable
        }
    }

    var description: String {
        switch self {
        case .badRequest(let reason): reason
        case .tooLarge(let limit): "the body is larger than \(limit) bytes (after decompression); send smaller batches"
        case .unsupportedMediaType(let reason): reason
        case .unauthorized: "a bearer token is required: 'Authorization: Bearer <token>'"
        case .forbidden(let reason): reason
        case .notFound(let what): what
        case .busy(let seconds): "the tracker is behind; retry in \(seconds) s"
        case .stopping: "the server is stopping"
        }
    }

    var headers: HTTPFields {
        switch self {
        case .busy(let seconds): [.retryAfter: String(seconds)]
        case .stopping: [.retryAfter: "5"]
        case .unauthorized: [.wwwAuthenticate: "Bearer"]
        default: [:]
        }
    }

    func response(from request: Request, context: some RequestContext) throws -> Response {
        var writer = JSONWriter()
        writer.beginObject()
        writer.field("error")
        writer.string(description)
        writer.endObject()
        var fields = headers
        fields[.contentType] = "application/json"
        return Response(status: status, headers: fields, body: ResponseBody(byteBuffer: ByteBuffer(bytes: writer.bytes + [0x0A])))
    }
}

