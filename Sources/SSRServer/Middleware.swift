import Foundation
import Hummingbird
import HTTPTypes
import HummingbirdAuth
import Logging

/// The request context of the item server: Hummingbird's, with the authenticated client.
public typealias ServerContext = BasicAuthRequestContext<APIClient>

/// A client that presented the server's bearer token.
public struct APIClient: Sendable {}

/// Turns every error into a JSON answer: client errors with what was wrong, anything else a 500
/// that is logged (user input never reaches it: every input is validated first).
struct JSONErrorMiddleware<Context: RequestContext>: RouterMiddleware {
  func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
    do {
      return try await next(request, context)
    } catch let error as APIError {
      return APIError.json(status: error.status, message: error.message)
    } catch let error as HTTPError {
      let message: String
      switch error.status {
      case .notFound: message = error.body ?? "no such endpoint: \(request.method) \(request.uri.path); see /v1 in the README"
      case .contentTooLarge: message = "the request body is larger than the server accepts"
      case .methodNotAllowed: message = "\(request.method) is not allowed on \(request.uri.path)"
      default: message = error.body ?? error.status.reasonPhrase
      }
      return APIError.json(status: error.status, message: message)
    } catch let error as HTTPResponseError where error.status.code < 500 {
      return APIError.json(status: error.status, message: error.status.reasonPhrase)
    } catch {
      context.logger.error("request failed", metadata: ["error": "\(error)", "path": "\(request.uri.path)"])
      return APIError.json(status: .internalServerError, message: "internal error")
    }
  }
}

/// Answers 503 when a request takes longer than the configured time: the handler is cancelled
/// (reading a body and waiting stop at once; a database read in progress finishes first).
struct TimeoutMiddleware<Context: RequestContext>: RouterMiddleware {
  let seconds: Double

  func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
    try await withoutActuallyEscaping(next) { next in
      let handler = UncheckedHandler(run: next)
      return try await withThrowingTaskGroup(of: Response?.self) { group in
        group.addTask { try await handler.run(request, context) }
        group.addTask {
          try await Task.sleep(for: .seconds(seconds))
          return nil
        }
        let first = try await group.next()!
        group.cancelAll()
        guard let response = first else {
          throw APIError(.serviceUnavailable, "the request took longer than \(seconds) s; try again or ask for fewer ids")
        }
        return response
      }
    }
  }
}

/// The next responder, handed to a child task that the middleware awaits before it returns.
private struct UncheckedHandler<Context: RequestContext>: @unchecked Sendable {
  let run: (Request, Context) async throws -> Response
}

/// Adds `Server-Timing: app;dur=<ms>` (the time spent handling the request, as the device reports it).
struct ServerTimingMiddleware<Context: RequestContext>: RouterMiddleware {
  func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
    let start = ContinuousClock.now
    var response = try await next(request, context)
    let elapsed = ContinuousClock.now - start
    let ms = Double(elapsed.components.seconds) * 1000 + Double(elapsed.components.attoseconds) / 1e15
    response.headers[.serverTiming] = "app;dur=\(String(format: "%.3f", ms))"
    return response
  }
}

extension HTTPField.Name {
  /// `Server-Timing` (W3C).
  static let serverTiming = HTTPField.Name("Server-Timing")!
}

/// Rejects requests without the bearer token (after the authenticator has run).
struct RequireTokenMiddleware: RouterMiddleware {
  typealias Context = ServerContext

  func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
    guard context.identity != nil else {
      var response = APIError.json(
        status: .unauthorized, message: "this server needs a bearer token: send the header Authorization: Bearer <token>")
      response.headers[.wwwAuthenticate] = "Bearer"
      return response
    }
    return try await next(request, context)
  }
}

/// An authenticator accepting exactly `token` (compared in constant time).
func tokenAuthenticator(_ token: String) -> ClosureAuthenticator<ServerContext> {
  let expected = Array(token.utf8)
  return ClosureAuthenticator { request, _ in
    guard let given = request.headers.bearer.map({ Array($0.token.utf8) }), given.count == expected.count else { return nil }
    var difference: UInt8 = 0
    for (a, b) in zip(given, expected) { difference |= a ^ b }
    return difference == 0 ? APIClient() : nil
  }
}
