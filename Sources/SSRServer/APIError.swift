import Foundation
import Hummingbird

/// An error answered to the client as JSON: `{"error": "what was wrong", "status": 400}`.
public struct APIError: Error, HTTPResponseError, Sendable {
  /// The HTTP status.
  public var status: HTTPResponse.Status
  /// What was wrong, for the client.
  public var message: String

  /// An error with a status and a message.
  public init(_ status: HTTPResponse.Status, _ message: String) {
    self.status = status
    self.message = message
  }

  /// 400 Bad Request.
  static func badRequest(_ message: String) -> APIError { APIError(.badRequest, message) }
  /// 404 Not Found.
  static func notFound(_ message: String) -> APIError { APIError(.notFound, message) }

  /// The JSON response.
  public func response(from request: Request, context: some RequestContext) throws -> Response {
    Self.json(status: status, message: message)
  }

  /// A JSON error response.
  static func json(status: HTTPResponse.Status, message: String) -> Response {
    struct Body: Encodable {
      let error: String
      let status: Int
    }
    let data = (try? JSONEncoder().encode(Body(error: message, status: status.code))) ?? Data("{\"error\":\"error\"}".utf8)
    return Response(status: status, headers: [.contentType: "application/json"], body: ResponseBody(byteBuffer: ByteBuffer(bytes: data)))
  }
}
