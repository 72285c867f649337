/// The kinds of malformed or hostile request the load test sends; each must be answered with a 4xx.
public enum HostileCategory: String, CaseIterable, Sendable {
  case badJSON = "bad JSON"
  case wrongTypes = "wrong types"
  case missingFields = "missing fields"
  case unknownIDs = "unknown ids"
  case malformedIDs = "malformed ids"
  case overlongIDLists = "over-long id lists"
  case hugeBodies = "huge bodies"
  case pathTraversal = "path traversal"
  case unknownRoutes = "unknown routes"
  case badMethods = "bad methods"
  case badModelNames = "bad model names"
  case badValues = "bad values"
  case badTokens = "bad tokens"
  case malformedHTTP = "malformed HTTP"
}

/// One hostile request: its bytes, and whether the client then closes its sending side (a body
/// that ends before its `Content-Length`).
struct HostileRequest: Sendable {
  var bytes: [UInt8]
  var halfClose = false
}

/// The hostile requests of each category, as bytes (each on its own connection: `Connection: close`).
struct HostileRequests {
  var port: Int
  var token: String?
  var itemCount: Int
  /// A served model's name (requests about it are malformed in another way).
  var model: String
  var maxBody: Int
  var maxIDs: Int

  /// The categories sent: all of them, but bad tokens only when the server has a token.
  var categories: [HostileCategory] { HostileCategory.allCases.filter { $0 != .badTokens || token != nil } }

  private func get(_ target: String) -> [UInt8] { RawRequest.make("GET", target, port: port, token: token, close: true) }
  private func post(_ target: String, _ json: String) -> [UInt8] { RawRequest.json("POST", target, json, port: port, token: token, close: true) }
  private func raw(_ text: String) -> [UInt8] { Array(text.utf8) }

  /// The variants of `category`; the n-th request of a category sends variant n modulo their count.
  func requests(_ category: HostileCategory) -> [HostileRequest] {
    var requests = variants(category).map { HostileRequest(bytes: $0) }
    if category == .malformedHTTP {
      // Bodies that break off, with a valid token so that they reach the body reader.
      let events = RawRequest.make("POST", "/v1/events", port: port, token: token, headers: [("Transfer-Encoding", "chunked")], close: true)
      requests += [
        HostileRequest(bytes: events + raw("zz\r\n{}\r\n0\r\n\r\n")),
        HostileRequest(bytes: events + raw("4\r\n{\"ev\r\n-1\r\n0\r\n\r\n")),
        HostileRequest(bytes: RawRequest.make("POST", "/v1/features", port: port, token: token, body: Array("{\"ids\": [1]}".utf8), declaredLength: 100, close: true), halfClose: true),
        HostileRequest(bytes: events + raw("40\r\n{\"events\": ["), halfClose: true),
      ]
    }
    return requests
  }

  private func variants(_ category: HostileCategory) -> [[UInt8]] {
    let n = itemCount
    let tooMany = (0...maxIDs).map { String($0 % n + 1) }.joined(separator: ",")  // maxIDs + 1 valid ids
    switch category {
    case .badJSON:
      return [
        post("/v1/features", "{\"ids\": [1, 2"), post("/v1/features", "not json"), post("/v1/features", "{\"ids\": [1 2]}"),
        post("/v1/features", "{'ids': [1]}"), post("/v1/recommend", "{\"model\": \"\(model)\", \"history\": [1]}}}"),
        post("/v1/events", "{\"events\": [{\"item\": 1, \"kind\": \"shown\"}"), post("/v1/features", ""),
        RawRequest.make("POST", "/v1/features", port: port, token: token, body: [0xFF, 0xFE, 0x00, 0x7B, 0x80], close: true),
        post("/v1/features", String(repeating: "[", count: 5000) + String(repeating: "]", count: 5000)),
        post("/v1/features", String(repeating: "{\"a\":", count: 3000) + "1" + String(repeating: "}", count: 3000)),
        post("/v1/features", "{\"ids\": [NaN, Infinity]}"), post("/v1/recommend", "\u{FEFF}{\"model\": 1"),
      ]
    case .wrongTypes:
      return [
        post("/v1/features", "{\"ids\": \"1,2,3\"}"), post("/v1/features", "{\"ids\": [1.5, 2]}"), post("/v1/features", "{\"ids\": [true]}"),
        post("/v1/features", "{\"ids\": {\"a\": 1}}"), post("/v1/features", "{\"ids\": null}"), post("/v1/features", "[1, 2, 3]"),
        post("/v1/features", "\"ids\""), post("/v1/features", "{\"ids\": [99999999999999999999999]}"),
        post("/v1/features", "{\"ids\": [1e400]}"), post("/v1/recommend", "{\"model\": 7, \"history\": [1]}"),
        post("/v1/recommend", "{\"model\": \"\(model)\", \"history\": [1], \"k\": \"ten\"}"),
        post("/v1/recommend", "{\"model\": \"\(model)\", \"history\": \"1 2 3\"}"),
        post("/v1/events", "{\"events\": {\"item\": 1, \"kind\": \"shown\"}}"),
        post("/v1/events", "{\"events\": [{\"item\": \"1\", \"kind\": \"shown\"}]}"),
        post("/v1/events", "{\"events\": [{\"item\": 1, \"kind\": 2}]}"),
      ]
    case .missingFields:
      return [
        post("/v1/features", "{}"), post("/v1/features", "{\"id\": [1]}"), post("/v1/recommend", "{\"history\": [1, 2]}"),
        post("/v1/recommend", "{\"model\": \"\(model)\"}"), post("/v1/events", "{}"), post("/v1/events", "{\"events\": [{\"item\": 1}]}"),
        post("/v1/events", "{\"events\": [{\"kind\": \"shown\"}]}"), get("/v1/items"), get("/v1/features"), get("/v1/items?ids="),
        get("/v1/items?id=1"),
      ]
    case .unknownIDs:
      return [
        get("/v1/items/0"), get("/v1/items/\(n + 1)"), get("/v1/items/-3"), get("/v1/items/9223372036854775807"),
        get("/v1/items?ids=1,\(n + 5)"), get("/v1/items?ids=0"), get("/v1/features?ids=\(n + 1)"), post("/v1/features", "{\"ids\": [0]}"),
        post("/v1/features", "{\"ids\": [1, \(n * 10)]}"), post("/v1/recommend", "{\"model\": \"\(model)\", \"history\": [\(n + 1)]}"),
        post("/v1/recommend", "{\"model\": \"\(model)\", \"history\": [-1, 2]}"),
        post("/v1/events", "{\"events\": [{\"item\": -1, \"kind\": \"shown\"}]}"),
        post("/v1/events", "{\"events\": [{\"item\": \(n + 1), \"kind\": \"chosen\"}]}"),
      ]
    case .malformedIDs:
      return [
        get("/v1/items/abc"), get("/v1/items/1.5"), get("/v1/items/0x10"), get("/v1/items/%20"), get("/v1/items/1%00"),
        get("/v1/items/1e3"), get("/v1/items/99999999999999999999999"), get("/v1/items?ids=1,,2"), get("/v1/items?ids=a,b"),
        get("/v1/items?ids=1;2"), get("/v1/items?ids=%00"), get("/v1/items?ids=99999999999999999999999"),
        get("/v1/items?ids=1,2,"), get("/v1/features?ids=1-3"), get("/v1/items?ids=%27%20OR%201=1--"),
        get("/v1/items/1%27%20OR%20%271%27=%271"),
      ]
    case .overlongIDLists:
      return [
        get("/v1/items?ids=\(tooMany)"), get("/v1/features?ids=\(tooMany)"), post("/v1/features", "{\"ids\": [\(tooMany)]}"),
        post("/v1/recommend", "{\"model\": \"\(model)\", \"history\": [\(tooMany)]}"),
        post("/v1/events", "{\"events\": [" + (0...maxIDs).map { "{\"item\": \($0 % n + 1), \"kind\": \"shown\"}" }.joined(separator: ",") + "]}"),
      ]
    case .hugeBodies:
      let big = "{\"ids\": [" + Array(repeating: "1", count: maxBody).joined(separator: ",") + "]}"  // ~2 × maxBody
      let bigger = Array(repeating: UInt8(ascii: " "), count: 16 * maxBody)
      let chunked =
        RawRequest.make(
          "POST", "/v1/features", port: port, token: token, headers: [("Content-Type", "application/json"), ("Transfer-Encoding", "chunked")],
          close: true) + raw(String(maxBody + 1, radix: 16) + "\r\n") + Array(repeating: UInt8(ascii: " "), count: maxBody + 1) + raw("\r\n0\r\n\r\n")
      return [
        post("/v1/features", big), post("/v1/recommend", "{\"model\": \"\(model)\", \"history\": [" + Array(repeating: "1", count: maxBody).joined(separator: ",") + "]}"),
        RawRequest.make("POST", "/v1/events", port: port, token: token, body: bigger, close: true),
        // Claims 100 MB and sends 1 KiB: the server must answer from the header alone.
        RawRequest.make("POST", "/v1/features", port: port, token: token, body: Array(repeating: UInt8(ascii: " "), count: 1024), declaredLength: 100_000_000, close: true),
        chunked,
      ]
    case .pathTraversal:
      return [
        "/v1/../../etc/passwd", "/../../../../etc/passwd", "/v1/items/../../../../etc/passwd", "/%2e%2e/%2e%2e/etc/passwd",
        "/v1/%2e%2e/%2e%2e/etc/passwd", "/v1/items/..%2f..%2f..%2fetc%2fpasswd", "/v1/models/..%2f..%2fitems.sqlite",
        "/v1/models/..%2f..%2fitems.sqlite/weights", "/v1/models/../../items.sqlite/weights", "/v1/models/%2e%2e/weights", "//etc/passwd",
        "/v1/items/..%5c..%5cwindows%5cwin.ini", "/v1/models/..%252f..%252fetc%252fpasswd/weights", "/items.sqlite",
        "/v1/models/\(model)/../../../items.sqlite", "/v1/features?ids=../../etc/passwd", "/%2e%2e%2f%2e%2e%2fetc%2fpasswd",
        "/v1/models/%2e%2e%2f%2e%2e%2f%2e%2e%2fetc%2fpasswd/weights", "/v1/items/%c0%ae%c0%ae/%c0%ae%c0%ae/etc/passwd",
      ].map(get)
    case .unknownRoutes:
      return [
        "/", "/v2/items", "/v1", "/v1/items/1/extra", "/admin", "/.env", "/v1/models/\(model)/weights/extra", "/favicon.ico",
        "/v1/users", "/server-status", "/.git/config", "/v1/recommend/\(model)", "/healthz/x",
      ].map(get)
    case .badMethods:
      return [
        ("DELETE", "/v1/items/1"), ("PUT", "/v1/features"), ("PATCH", "/v1/recommend"), ("POST", "/healthz"), ("GET", "/v1/recommend"),
        ("GET", "/v1/events"), ("DELETE", "/v1/models/\(model)"), ("PUT", "/v1/events"), ("POST", "/v1/items/1"),
        ("DELETE", "/v1/events"), ("PUT", "/v1/models/\(model)/weights"), ("POST", "/metrics"),
      ].map { RawRequest.make($0.0, $0.1, port: port, token: token, body: Array("{}".utf8), close: true) }
    case .badModelNames:
      func recommend(_ name: String) -> [UInt8] { post("/v1/recommend", "{\"model\": \"\(name)\", \"history\": [1, 2, 3]}") }
      return [
        recommend("../../etc/passwd"), recommend("NoSuchModel"), recommend(""), recommend("a b"), recommend(String(repeating: "a", count: 300)),
        recommend("\(model)\\u0000"), recommend("nosuchmodel"), recommend("\(model)/../\(model)"), get("/v1/models/UPPER"),
        get("/v1/models/nosuch/weights"), get("/v1/models/%00"), get("/v1/models/a%20b"), get("/v1/models/nosuch"),
        get("/v1/models/\(String(repeating: "x", count: 2000))/weights"),
      ]
    case .badValues:
      func recommend(_ history: String, k: String) -> [UInt8] {
        post("/v1/recommend", "{\"model\": \"\(model)\", \"history\": \(history), \"k\": \(k)}")
      }
      return [
        recommend("[1, 2]", k: "0"), recommend("[1, 2]", k: "-1"), recommend("[1, 2]", k: "100000"), recommend("[]", k: "10"),
        recommend("[0]", k: "10"), post("/v1/events", "{\"events\": []}"), post("/v1/events", "{\"events\": [{\"item\": 1, \"kind\": \"clicked\"}]}"),
        post("/v1/events", "{\"events\": [{\"item\": 1, \"kind\": \"\"}]}"), post("/v1/features", "{\"ids\": []}"),
      ]
    case .badTokens:
      let token = token ?? ""
      let wrongSameLength = String(token.map { $0 == "a" ? "b" : "a" })
      return [
        RawRequest.make("GET", "/v1/items/1", port: port, token: nil, close: true),
        RawRequest.make("GET", "/v1/items/1", port: port, token: wrongSameLength, close: true),
        RawRequest.make("GET", "/v1/items/1", port: port, token: token + "x", close: true),
        RawRequest.make("GET", "/v1/items/1", port: port, token: String(token.dropLast()), close: true),
        RawRequest.make("GET", "/v1/models/\(model)/weights", port: port, token: nil, headers: [("Authorization", "Basic dXNlcjpwYXNz")], close: true),
        RawRequest.make("GET", "/metrics", port: port, token: nil, headers: [("Authorization", "Bearer")], close: true),
        RawRequest.make("POST", "/v1/events", port: port, token: nil, headers: [("Authorization", "Bearer ")], body: Array("{\"events\": [{\"item\": 1, \"kind\": \"shown\"}]}".utf8), close: true),
        RawRequest.make("POST", "/v1/recommend", port: port, token: "", body: Array("{\"model\": \"\(model)\", \"history\": [1]}".utf8), close: true),
      ]
    case .malformedHTTP:
      return [
        raw("HELLO WORLD\r\n\r\n"), raw("GET /healthz HTTP/9.9\r\nHost: x\r\n\r\n"), raw("GET /v1/items/1 HTTP/1.1\r\nHost x\r\nBroken\r\n\r\n"),
        raw("POST /v1/features HTTP/1.1\r\nHost: x\r\nContent-Length: -5\r\n\r\n"),
        raw("POST /v1/features HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nContent-Length: 7\r\n\r\n{\"a\":1}"),
        raw("POST /v1/features HTTP/1.1\r\nHost: x\r\nContent-Length: abc\r\n\r\n"),
        raw("POST /v1/features HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n{}\r\n0\r\n\r\n"),
        raw("GET /v1/items/1 HTTP/1.1\r\nHost: x\r\nX-Long: \(String(repeating: "a", count: 200_000))\r\n\r\n"),
        raw("GET /v1/items?ids=\(String(repeating: "1,", count: 100_000))1 HTTP/1.1\r\nHost: x\r\n\r\n"),
        raw("GET /v1/items/1 HTTP/1.1\r\nHost: x\r\nX-Nul: a\u{0}b\r\n\r\n"), raw("GET\r\n\r\n"),
        raw("GET /v1/items/1 HTTP/1.1\r\n" + (0..<2000).map { "X-H\($0): v\r\n" }.joined() + "\r\n"),
      ]
    }
  }
}
