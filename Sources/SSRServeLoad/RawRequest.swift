import SSRCore

/// HTTP/1.1 requests as bytes, written exactly as given (targets are not normalised or encoded).
enum RawRequest {
  /// `METHOD target HTTP/1.1` with `Host`, the bearer token (unless nil), `headers`, and `body`
  /// with its `Content-Length` (or `declaredLength` instead, to claim more than is sent).
  static func make(
    _ method: String, _ target: String, port: Int, token: String?, headers: [(String, String)] = [], body: [UInt8]? = nil,
    declaredLength: Int? = nil, close: Bool = false
  ) -> [UInt8] {
    var head = "\(method) \(target) HTTP/1.1\r\nHost: 127.0.0.1:\(port)\r\n"
    if let token { head += "Authorization: Bearer \(token)\r\n" }
    for (name, value) in headers { head += "\(name): \(value)\r\n" }
    if let body {
      if !headers.contains(where: { $0.0.lowercased() == "content-type" }) { head += "Content-Type: application/json\r\n" }
      head += "Content-Length: \(declaredLength ?? body.count)\r\n"
    }
    if close { head += "Connection: close\r\n" }
    head += "\r\n"
    return Array(head.utf8) + (body ?? [])
  }

  /// A JSON body request.
  static func json(_ method: String, _ target: String, _ json: String, port: Int, token: String?, close: Bool = false) -> [UInt8] {
    make(method, target, port: port, token: token, body: Array(json.utf8), close: close)
  }
}

/// Request contents drawn from SSR's seeded generator.
extension SeededGenerator {
  /// A number in 1…`upper`.
  mutating func id(_ upper: Int) -> Int { next(upperBound: upper) + 1 }

  /// `count` ids in 1…`upper`.
  mutating func ids(_ count: Int, upper: Int) -> [Int] { (0..<count).map { _ in id(upper) } }
}
