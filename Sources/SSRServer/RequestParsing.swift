import Foundation
import Hummingbird

/// Reading and checking what clients send: every problem becomes a 4xx ``APIError`` that says
/// what was wrong.
enum RequestParsing {
  /// Item ids from a comma-separated query value (`ids=1,2,3`): 1…`limit` of them, each 1…`itemCount`.
  static func ids(query value: String?, itemCount: Int, limit: Int) throws(APIError) -> [Int] {
    guard let value, !value.isEmpty else { throw .badRequest("give the item ids as ids=1,2,3") }
    let parts = value.split(separator: ",", omittingEmptySubsequences: false)
    guard parts.count <= limit else { throw .badRequest("\(parts.count) ids is more than the \(limit) one request may ask for") }
    var ids: [Int] = []
    ids.reserveCapacity(parts.count)
    for (position, part) in parts.enumerated() {
      guard let id = Int(part.trimmingCharacters(in: .whitespaces)) else {
        throw .badRequest("ids[\(position)] = \"\(part.prefix(40))\" is not an integer item id")
      }
      ids.append(id)
    }
    try check(ids, itemCount: itemCount, limit: limit, field: "ids")
    return ids
  }

  /// Throws unless there are 1…`limit` ids, each an item id 1…`itemCount`.
  static func check(_ ids: [Int], itemCount: Int, limit: Int, field: String) throws(APIError) {
    guard !ids.isEmpty else { throw .badRequest("\(field) is empty; give at least one item id") }
    guard ids.count <= limit else { throw .badRequest("\(ids.count) \(field) is more than the \(limit) one request may give") }
    let unknown = ids.filter { $0 < 1 || $0 > itemCount }
    guard unknown.isEmpty else {
      throw .notFound("unknown item ids in \(field): \(unknown.prefix(10).map(String.init).joined(separator: ", "))\(unknown.count > 10 ? ", …" : ""); item ids are 1…\(itemCount)")
    }
  }

  /// One item id from a path segment.
  static func id(_ text: String?, itemCount: Int) throws(APIError) -> Int {
    guard let text, let id = Int(text) else { throw .badRequest("the item id \"\((text ?? "").prefix(40))\" is not an integer") }
    guard id >= 1 && id <= itemCount else { throw .notFound("no item \(id); item ids are 1…\(itemCount)") }
    return id
  }

  /// The JSON body of `request` as `T`, at most `limit` bytes.
  static func json<T: Decodable>(_ type: T.Type, from request: Request, limit: Int) async throws -> T {
    if let length = request.headers[.contentLength].flatMap({ Int($0) }), length > limit {
      throw APIError(.contentTooLarge, "the body is \(length) bytes; this server accepts at most \(limit)")
    }
    let buffer: ByteBuffer
    do {
      buffer = try await request.body.collect(upTo: limit)
    } catch let error as HTTPResponseError where error.status == .contentTooLarge {  // HTTPError, NIOTooManyBytesError
      throw APIError(.contentTooLarge, "the body is larger than the \(limit) bytes this server accepts")
    } catch is CancellationError {
      throw CancellationError()
    } catch {
      // Reading fails only on what the client sent: a malformed chunk, or a stream that ended
      // before the body did.
      throw APIError.badRequest("the body could not be read (\(error)); send it whole, with a correct Content-Length or chunked encoding")
    }
    let data = Data(buffer.readableBytesView)
    guard !data.isEmpty else { throw APIError.badRequest("the body is empty; send a JSON object") }
    do {
      return try JSONDecoder().decode(T.self, from: data)
    } catch let error as DecodingError {
      throw APIError.badRequest(describe(error))
    }
  }

  /// What is wrong with a JSON body, by field.
  static func describe(_ error: DecodingError) -> String {
    func path(_ codingPath: [any CodingKey]) -> String {
      codingPath.isEmpty ? "the body" : codingPath.map { $0.intValue.map { "[\($0)]" } ?? ".\($0.stringValue)" }.joined().trimmingCharacters(in: ["."])
    }
    switch error {
    case .typeMismatch(let type, let context): return "\(path(context.codingPath)) must be \(describe(type))"
    case .valueNotFound(let type, let context): return "\(path(context.codingPath)) must be \(describe(type)), not null"
    case .keyNotFound(let key, let context):
      return "\(context.codingPath.isEmpty ? "the body" : path(context.codingPath)) lacks the field \"\(key.stringValue)\""
    case .dataCorrupted(let context):
      return context.codingPath.isEmpty ? "the body is not valid JSON" : "\(path(context.codingPath)) has an invalid value"
    @unknown default: return "the body cannot be read"
    }
  }

  private static func describe(_ type: Any.Type) -> String {
    switch type {
    case is Int.Type, is Int32.Type: return "an integer"
    case is String.Type: return "a string"
    case is [Int].Type: return "a list of integers"
    default: return "of another type (\(type))"
    }
  }
}
