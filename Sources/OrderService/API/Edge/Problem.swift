import Events
import Foundation
import HTTPTypes
import Hummingbird

/// An error answer of the order API as RFC 9457 problem details (`application/problem+json`): every
/// error the API gives has this shape, so clients parse one format.
struct Problem: Codable, Sendable, Equatable {
    /// A URI naming the kind of problem; relative, under the API's own documentation.
    var type: String
    var title: String
    var status: Int
    var detail: String
    /// Validation problems: every offending field, not only the first.
    var errors: [OrderRejected.ValidationError]?

    init(_ status: HTTPResponse.Status, type: String, detail: String, errors: [OrderRejected.ValidationError]? = nil) {
        self.type = "/problems/\(type)"
        self.title = status.reasonPhrase
        self.status = status.code
        self.detail = detail
        self.errors = errors
    }

    static let contentType = "application/problem+json"

    func response(headers extra: HTTPFields = [:]) -> Response {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let data = (try? encoder.encode(self)) ?? Data("{}".utf8)
        var headers: HTTPFields = [.contentType: Self.contentType]
        headers.append(contentsOf: extra)
        return Response(
            status: HTTPResponse.Status(code: status), headers: headers,
            body: ResponseBody(byteBuffer: ByteBuffer(bytes: data)))
    }
}

extension Problem {
    static func badRequest(_ detail: String) -> Problem { Problem(.badRequest, type: "bad-request", detail: detail) }
    static func notFound(_ detail: String) -> Problem { Problem(.notFound, type: "not-found", detail: detail) }
    static func invalid(_ errors: [OrderRejected.ValidationError]) -> Problem {
        Problem(.unprocessableContent, type: "validation", detail: "the order is invalid", errors: errors)
    }
}

/// A problem thrown out of a route or the edge; `APIEdgeMiddleware` answers it.
struct ProblemError: Error, Sendable {
    var problem: Problem
    var headers: HTTPFields = [:]
}
