import HTTPTypes
import Hummingbird

/// The sizes a request to the order API may have. The body limit is applied where the body is read
/// (`OrderAPI`); the URL and header limits before anything else.
struct RequestLimits: Sendable {
    static let bodyBytes = 1_000_000
    var urlBytes = 2_048
    var headerBytes = 16_384

    /// The request's body, refused with 413 as soon as it grows past `bodyBytes`.
    static func body(of request: Request) async throws -> ByteBuffer {
        var collected = ByteBuffer()
        for try await var part in request.body {
            guard collected.readableBytes + part.readableBytes <= bodyBytes else {
                throw ProblemError(problem: Problem(
                    .contentTooLarge, type: "content-too-large", detail: "the body is larger than \(bodyBytes) bytes"))
            }
            collected.writeBuffer(&part)
        }
        return collected
    }

    /// The problem a request over a limit is answered with, or nil.
    func violation(of request: Request) -> Problem? {
        let url = request.head.path ?? ""
        if url.utf8.count > urlBytes {
            return Problem(.uriTooLong, type: "uri-too-long", detail: "the URL is longer than \(urlBytes) bytes")
        }
        // Each field as it is on the wire: name, ": ", value, CRLF.
        let headers = request.headers.reduce(0) { $0 + $1.name.rawName.utf8.count + $1.value.utf8.count + 4 }
        if headers > headerBytes {
            return Problem(
                .requestHeaderFieldsTooLarge, type: "headers-too-large",
                detail: "the request's header fields are larger than \(headerBytes) bytes")
        }
        return nil
    }
}
