import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import SSRDevice
@testable import SSRServer
import SSRTensor
import Testing

private func application(_ fixture: ServerFixture, token: String? = nil, maxBody: Int = 64 * 1024) throws -> some ApplicationProtocol {
  var configuration = ServerConfiguration()
  configuration.port = 0
  configuration.token = token
  configuration.maxBodyBytes = maxBody
  configuration.maxIDs = 100
  var logger = Logger(label: "ssr-serve-test")
  logger.logLevel = .warning
  return try ItemServer.application(database: fixture.database, configuration: configuration, logger: logger)
}

private func json(_ response: TestResponse) throws -> [String: Any] {
  try #require(JSONSerialization.jsonObject(with: Data(response.body.readableBytesView)) as? [String: Any])
}

private func body(_ text: String) -> ByteBuffer { ByteBuffer(string: text) }

@Suite struct EndpointTests {
  @Test func itemDetailsByIDAndByList() async throws {
    let fixture = try ServerFixture()
    defer { fixture.remove() }
    try await application(fixture).test(.router) { client in
      try await client.execute(uri: "/v1/items/3", method: .get) { response in
        #expect(response.status == .ok)
        let item = try json(response)
        #expect(item["id"] as? Int == 3 && item["rawId"] as? String == "m30" && item["title"] as? String == "Movie 3 (1999)")
        #expect(response.headers[.init("Server-Timing")!]?.hasPrefix("app;dur=") == true)
      }
      try await client.execute(uri: "/v1/items?ids=5,1,5", method: .get) { response in
        let items = try #require(try json(response)["items"] as? [[String: Any]])
        #expect(items.map { $0["id"] as? Int } == [5, 1, 5])
      }
    }
  }

  @Test func featuresComeAsSafetensorsRowsInTheOrderAsked() async throws {
    let fixture = try ServerFixture()
    defer { fixture.remove() }
    try await application(fixture).test(.router) { client in
      for request in [("/v1/features?ids=7,2", HTTPRequest.Method.get, nil as ByteBuffer?), ("/v1/features", .post, body("{\"ids\": [7, 2]}"))] {
        try await client.execute(uri: request.0, method: request.1, body: request.2) { response in
          #expect(response.status == .ok)
          #expect(response.headers[.contentType] == "application/octet-stream")
          let decoded = try SafeTensors.decodeConvertingFloats(Data(response.body.readableBytesView), origin: "response")
          let features = try #require(decoded.tensors["features"])
          let w = ServerFixture.featureWidth
          #expect(features.shape == [2, w])
          #expect(features.scalars == Array(fixture.features[(6 * w)..<(7 * w)] + fixture.features[(1 * w)..<(2 * w)]))
          #expect(decoded.metadata["ids"] == "7,2")
        }
      }
    }
  }

  @Test func modelsTheirConfigAndWeights() async throws {
    let fixture = try ServerFixture()
    defer { fixture.remove() }
    let weights = try Data(contentsOf: URL(fileURLWithPath: fixture.export + "/model.safetensors"))
    try await application(fixture).test(.router) { client in
      try await client.execute(uri: "/v1/models", method: .get) { response in
        let models = try #require(try json(response)["models"] as? [[String: Any]])
        #expect(models.map { $0["name"] as? String } == ["gru"])
        #expect(models.first?["bytes"] as? Int == weights.count)
      }
      try await client.execute(uri: "/v1/models/gru", method: .get) { response in
        let description = try json(response)
        let config = try #require(description["config"] as? [String: Any])
        #expect(config["model"] as? String == "gru4rec" && config["itemCount"] as? Int == ServerFixture.itemCount)
        #expect(description["weights"] as? String == "/v1/models/gru/weights")
      }
      try await client.execute(uri: "/v1/models/gru/weights", method: .get) { response in
        #expect(Data(response.body.readableBytesView) == weights)
      }
    }
  }

  @Test func serverSideRecommendationEqualsTheDeviceRuntime() async throws {
    let fixture = try ServerFixture()
    defer { fixture.remove() }
    let expected = try DeviceRuntime(directory: fixture.export).recommend(history: [3, 9, 27], k: 5).map(\.item)
    try await application(fixture).test(.router) { client in
      try await client.execute(uri: "/v1/recommend", method: .post, body: body("{\"model\": \"gru\", \"history\": [3, 9, 27], \"k\": 5}")) {
        response in
        #expect(response.status == .ok)
        let items = try #require(try json(response)["items"] as? [[String: Any]])
        #expect(items.compactMap { ($0["item"] as? Int).map(Int32.init) } == expected)
      }
    }
  }

  @Test func healthAndMetrics() async throws {
    let fixture = try ServerFixture()
    defer { fixture.remove() }
    try await application(fixture).test(.router) { client in
      try await client.execute(uri: "/healthz", method: .get) { response in
        let health = try json(response)
        #expect(health["status"] as? String == "ok" && health["items"] as? Int == ServerFixture.itemCount)
      }
      _ = try await client.execute(uri: "/v1/items/1", method: .get)
      _ = try await client.execute(uri: "/v1/items/0", method: .get)
      try await client.execute(uri: "/metrics", method: .get) { response in
        let text = String(buffer: response.body)
        #expect(text.contains("ssr_http_requests_total{method=\"GET\",route=\"/v1/items/{id}\",status=\"200\"} 1"))
        #expect(text.contains("ssr_http_requests_total{method=\"GET\",route=\"/v1/items/{id}\",status=\"404\"} 1"))
        #expect(text.contains("ssr_http_request_duration_seconds_bucket"))
        #expect(text.contains("ssr_http_response_body_bytes_total"))
      }
    }
  }

  @Test func eventsAreStored() async throws {
    let fixture = try ServerFixture()
    defer { fixture.remove() }
    try await application(fixture).test(.router) { client in
      try await client.execute(
        uri: "/v1/events", method: .post, body: body("{\"events\": [{\"item\": 4, \"kind\": \"shown\"}, {\"item\": 4, \"kind\": \"chosen\"}]}")
      ) { response in
        #expect(response.status == .created)
        let total = try json(response)["total"] as? Int
        #expect(total == 2)
      }
    }
    #expect(try fixture.database.eventCount() == 2)
    #expect(try fixture.database.journalMode() == "wal")
  }
}

@Suite struct HostileInputTests {
  /// Requests a client can get wrong, each with the status it must get.
  static let cases: [(uri: String, method: HTTPRequest.Method, body: String?, status: Int)] = [
    ("/v1/items/0", .get, nil, 404), ("/v1/items/41", .get, nil, 404), ("/v1/items/-3", .get, nil, 404),
    ("/v1/items/abc", .get, nil, 400), ("/v1/items/99999999999999999999999", .get, nil, 400), ("/v1/items/1.5", .get, nil, 400),
    ("/v1/items?ids=", .get, nil, 400), ("/v1/items", .get, nil, 400), ("/v1/items?ids=1,,2", .get, nil, 400),
    ("/v1/items?ids=1,x", .get, nil, 400), ("/v1/items?ids=1,4000", .get, nil, 404),
    ("/v1/items?ids=" + Array(repeating: "1", count: 101).joined(separator: ","), .get, nil, 400),
    ("/v1/features", .post, "{\"ids\": [1, 2", 400), ("/v1/features", .post, "not json", 400),
    ("/v1/features", .post, "{\"ids\": \"1,2\"}", 400), ("/v1/features", .post, "{\"ids\": [1.5]}", 400),
    ("/v1/features", .post, "{\"ids\": [null]}", 400), ("/v1/features", .post, "{\"ids\": []}", 400),
    ("/v1/features", .post, "{\"items\": [1]}", 400), ("/v1/features", .post, "[1, 2]", 400), ("/v1/features", .post, "", 400),
    ("/v1/features", .post, "{\"ids\": [1e30]}", 400), ("/v1/features", .post, "{\"ids\": [0]}", 404),
    ("/v1/recommend", .post, "{\"model\": \"gru\", \"history\": []}", 400),
    ("/v1/recommend", .post, "{\"model\": \"gru\", \"history\": [1], \"k\": 0}", 400),
    ("/v1/recommend", .post, "{\"model\": \"gru\", \"history\": [1], \"k\": 1000000}", 400),
    ("/v1/recommend", .post, "{\"model\": \"nope\", \"history\": [1]}", 404),
    ("/v1/recommend", .post, "{\"model\": \"../items.sqlite\", \"history\": [1]}", 400),
    ("/v1/recommend", .post, "{\"model\": 3, \"history\": [1]}", 400),
    ("/v1/events", .post, "{\"events\": [{\"item\": 1, \"kind\": \"deleted\"}]}", 400),
    ("/v1/events", .post, "{\"events\": [{\"item\": 99, \"kind\": \"shown\"}]}", 404),
    ("/v1/models/..%2F..%2Fetc%2Fpasswd", .get, nil, 400), ("/v1/models/..%2Fitems.sqlite/weights", .get, nil, 400),
    ("/v1/models/../../etc/passwd", .get, nil, 404), ("/../items.sqlite", .get, nil, 404), ("/items.sqlite", .get, nil, 404),
    ("/v1/models/GRU", .get, nil, 400), ("/v1/models/nothing", .get, nil, 404), ("/v1/models/nothing/weights", .get, nil, 404),
    ("/v1/items/1", .delete, nil, 404), ("/v2/items/1", .get, nil, 404),
  ]

  @Test func everyBadRequestGetsA4xxJSONErrorAndTheServerKeepsServing() async throws {
    let fixture = try ServerFixture()
    defer { fixture.remove() }
    try await application(fixture).test(.router) { client in
      for c in Self.cases {
        try await client.execute(uri: c.uri, method: c.method, body: c.body.map(body)) { response in
          #expect(response.status.code == c.status, "\(c.method) \(c.uri) \(c.body ?? "")")
          let error = try? json(response)
          #expect((error?["error"] as? String).map { !$0.isEmpty } == true, "\(c.uri): no JSON error")
        }
      }
      try await client.execute(uri: "/v1/items/1", method: .get) { response in #expect(response.status == .ok) }
    }
  }

  @Test func aHugeBodyIsRefusedWith413() async throws {
    let fixture = try ServerFixture()
    defer { fixture.remove() }
    try await application(fixture, maxBody: 1024).test(.router) { client in
      let huge = "{\"ids\": [" + Array(repeating: "1", count: 2000).joined(separator: ",") + "]}"
      try await client.execute(uri: "/v1/features", method: .post, body: body(huge)) { response in
        #expect(response.status == .contentTooLarge)
        let message = try json(response)["error"] as? String
        #expect(message?.contains("1024") == true)
      }
    }
  }

  @Test func aTokenIsRequiredWhenSet() async throws {
    let fixture = try ServerFixture()
    defer { fixture.remove() }
    let token = "0123456789abcdef-token"
    try await application(fixture, token: token).test(.router) { client in
      try await client.execute(uri: "/v1/items/1", method: .get) { response in #expect(response.status == .unauthorized) }
      try await client.execute(uri: "/v1/items/1", method: .get, headers: [.authorization: "Bearer wrong"]) { response in
        #expect(response.status == .unauthorized)
      }
      try await client.execute(uri: "/metrics", method: .get) { response in #expect(response.status == .unauthorized) }
      try await client.execute(uri: "/v1/items/1", method: .get, headers: [.authorization: "Bearer \(token)"]) { response in
        #expect(response.status == .ok)
      }
      try await client.execute(uri: "/healthz", method: .get) { response in #expect(response.status == .ok) }
    }
  }

  @Test func onlyLoopbackLiteralsCountAsLoopback() {
    for host in ["127.0.0.1", "127.1.2.3", "::1", "[::1]", "localhost"] { #expect(ServerConfiguration.isLoopback(host), "\(host)") }
    for host in ["0.0.0.0", "127.example.com", "127.0.0.1.example.com", "128.0.0.1", "::", "10.0.0.1", "127.0.0.256", ""] {
      #expect(!ServerConfiguration.isLoopback(host), "\(host)")
    }
  }

  @Test func aRequestThatTakesTooLongGets503() async throws {
    let router = Router(context: ServerContext.self)
    router.add(middleware: JSONErrorMiddleware())
    router.add(middleware: TimeoutMiddleware(seconds: 0.1))
    router.get("/slow") { _, _ -> String in
      try await Task.sleep(for: .seconds(30))
      return "late"
    }
    try await Application(router: router).test(.router) { client in
      try await client.execute(uri: "/slow", method: .get) { response in
        #expect(response.status == .serviceUnavailable)
        let message = try json(response)["error"] as? String
        #expect(message?.contains("longer than 0.1 s") == true)
      }
    }
  }

  @Test func aNonLoopbackAddressNeedsAToken() throws {
    var configuration = ServerConfiguration()
    configuration.host = "0.0.0.0"
    #expect(throws: ServerSetupError.self) { try configuration.validate() }
    configuration.token = "short"
    #expect(throws: ServerSetupError.self) { try configuration.validate() }
    configuration.token = "a-long-enough-token-1234"
    try configuration.validate()
    configuration.host = "127.0.0.1"
    configuration.token = nil
    try configuration.validate()
  }
}
