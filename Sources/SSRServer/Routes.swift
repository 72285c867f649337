import Foundation
import Hummingbird
import SSRDevice
import SSRTensor

/// The `/v1` endpoints, `/healthz` and `/metrics`.
enum Routes {
  static func json(_ value: some Encodable, status: HTTPResponse.Status = .ok) throws -> Response {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys]
    return Response(
      status: status, headers: [.contentType: "application/json"], body: ResponseBody(byteBuffer: ByteBuffer(bytes: try encoder.encode(value))))
  }

  static func bytes(_ data: some Sequence<UInt8>, contentType: String) -> Response {
    Response(status: .ok, headers: [.contentType: contentType], body: ResponseBody(byteBuffer: ByteBuffer(bytes: data)))
  }

  /// The model name of a path, checked before it reaches the database.
  static func modelName(_ text: String?) throws(APIError) -> String {
    guard let text, ItemDatabase.isValidModelName(text) else {
      throw .badRequest("\"\((text ?? "").prefix(64))\" is not a model name (lowercase letters, digits, '.', '_', '-'; see /v1/models)")
    }
    return text
  }

  static func add(to router: some RouterMethods<ServerContext>, state: ServerState, metrics: ServerMetrics) {
    let limits = state.configuration
    router.get("/metrics") { _, _ in bytes(metrics.exposition(), contentType: "text/plain; version=0.0.4; charset=utf-8") }

    router.get("/v1/items/:id") { _, context in
      let id = try RequestParsing.id(context.parameters.get("id"), itemCount: state.itemCount)
      guard let item = try state.database.items([id]).first else { throw APIError.notFound("no item \(id)") }
      return try json(item)
    }
    router.get("/v1/items") { request, _ in
      let ids = try RequestParsing.ids(query: request.uri.queryParameters.get("ids"), itemCount: state.itemCount, limit: limits.maxIDs)
      return try json(ItemList(items: try state.database.items(ids)))
    }

    router.get("/v1/features") { request, _ in
      let ids = try RequestParsing.ids(query: request.uri.queryParameters.get("ids"), itemCount: state.itemCount, limit: limits.maxIDs)
      return try features(ids, state: state)
    }
    router.post("/v1/features") { request, _ in
      let body = try await RequestParsing.json(IDList.self, from: request, limit: limits.maxBodyBytes)
      try RequestParsing.check(body.ids, itemCount: state.itemCount, limit: limits.maxIDs, field: "ids")
      return try features(body.ids, state: state)
    }

    router.get("/v1/models") { _, _ in try json(ModelList(models: try state.database.models())) }
    router.get("/v1/models/:name") { _, context in
      let name = try modelName(context.parameters.get("name"))
      guard let summary = try state.database.models().first(where: { $0.name == name }), let config = try state.database.modelConfig(name) else {
        throw APIError.notFound("no model \(name); see /v1/models")
      }
      let exported = try ModelExport.decodeConfig(config, origin: "model \(name)")
      return try json(ModelDescription(summary: summary, config: exported))
    }
    router.get("/v1/models/:name/weights") { _, context in
      let name = try modelName(context.parameters.get("name"))
      guard let weights = try state.database.modelWeights(name) else { throw APIError.notFound("no model \(name); see /v1/models") }
      return bytes(weights, contentType: "application/octet-stream")
    }

    router.post("/v1/recommend") { request, _ in
      let body = try await RequestParsing.json(RecommendRequest.self, from: request, limit: limits.maxBodyBytes)
      let name = try modelName(body.model)
      try RequestParsing.check(body.history, itemCount: state.itemCount, limit: limits.maxHistory, field: "history")
      let k = body.k ?? 10
      guard k >= 1 && k <= min(limits.maxK, state.itemCount) else {
        throw APIError.badRequest("k = \(k) must be 1…\(min(limits.maxK, state.itemCount))")
      }
      let ranked: (items: [RankedItem], seconds: Double)?
      do {
        ranked = try state.recommend(model: name, history: body.history.map { Int32($0) }, k: k)
      } catch let error as DeviceError {
        if case .invalidHistory(let reason) = error { throw APIError.badRequest(reason) }
        throw error
      }
      guard let ranked else { throw APIError.notFound("no model \(name); see /v1/models") }
      return try json(RecommendResponse(model: name, items: ranked.items, computeMicroseconds: ranked.seconds * 1e6))
    }

    router.post("/v1/events") { request, _ in
      let body = try await RequestParsing.json(EventList.self, from: request, limit: limits.maxBodyBytes)
      guard !body.events.isEmpty, body.events.count <= limits.maxEvents else {
        throw APIError.badRequest("events must hold 1…\(limits.maxEvents) events, got \(body.events.count)")
      }
      try RequestParsing.check(body.events.map(\.item), itemCount: state.itemCount, limit: limits.maxEvents, field: "events[].item")
      let kinds: Set<String> = ["shown", "chosen"]
      if let bad = body.events.firstIndex(where: { !kinds.contains($0.kind) }) {
        throw APIError.badRequest("events[\(bad)].kind must be \"shown\" or \"chosen\"")
      }
      let total = try state.database.addEvents(body.events.map { ($0.item, $0.kind) })
      return try json(EventReceipt(stored: body.events.count, total: total), status: .created)
    }
  }

  /// The feature vectors of `ids` as a safetensors body: `features` `[n, width]` F32, row i for
  /// `ids[i]`; the metadata holds the ids and the feature set's name.
  static func features(_ ids: [Int], state: ServerState) throws -> Response {
    guard let info = state.feature else {
      throw APIError.notFound("this server has no item features; build it with ssr-serve init --features FILE")
    }
    let vectors = try state.database.features(ids)
    if let missing = vectors.firstIndex(where: { $0 == nil }) {
      throw APIError.notFound("item \(ids[missing]) has no features")
    }
    var matrix = [Float]()
    matrix.reserveCapacity(ids.count * info.width)
    for vector in vectors {
      vector!.withUnsafeBytes { raw in matrix.append(contentsOf: raw.bindMemory(to: Float.self)) }
    }
    let tensor = Tensor(matrix, shape: [ids.count, info.width])
    let metadata = ["ids": ids.map(String.init).joined(separator: ","), "name": info.name]
    return bytes(ModelExport.encode(["features": tensor], metadata: metadata, precision: .float32), contentType: "application/octet-stream")
  }
}

struct ItemList: Encodable { let items: [ItemRecord] }
struct IDList: Decodable { let ids: [Int] }
struct ModelList: Encodable { let models: [ModelSummary] }
struct ModelDescription: Encodable {
  let summary: ModelSummary
  let config: ExportedModelConfig
  enum CodingKeys: String, CodingKey { case name, dtype, bytes, sha256, config, weights }
  func encode(to encoder: any Encoder) throws {
    var c = encoder.container(keyedBy: CodingKeys.self)
    try c.encode(summary.name, forKey: .name)
    try c.encode(summary.dtype, forKey: .dtype)
    try c.encode(summary.bytes, forKey: .bytes)
    try c.encode(summary.sha256, forKey: .sha256)
    try c.encode(config, forKey: .config)
    try c.encode("/v1/models/\(summary.name)/weights", forKey: .weights)
  }
}
struct RecommendRequest: Decodable {
  let model: String
  let history: [Int]
  let k: Int?
}
struct RecommendResponse: Encodable {
  let model: String
  let items: [RankedItem]
  let computeMicroseconds: Double
}
struct EventList: Decodable {
  struct Event: Decodable {
    let item: Int
    let kind: String
  }
  let events: [Event]
}
struct EventReceipt: Encodable {
  let stored: Int
  let total: Int
}
