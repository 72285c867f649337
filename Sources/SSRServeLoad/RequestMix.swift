import SSRCore

/// The requests of a load phase: what a device does against the item server.
///
/// Per 20 requests: 8 × `GET /v1/items?ids=` (10 ids, the details of a top 10), 5 ×
/// `GET /v1/items/{id}`, 3 × `POST /v1/features` (10 ids, a history's features; item details
/// instead when the server has no features) and 4 × `POST /v1/recommend` (a 20-item history,
/// k = 10, the served models in turn; item details instead when it serves none). Ids are uniform
/// over the catalogue, from a seeded generator per client.
public struct RequestMix: Sendable {
  /// The kinds of request, as reported.
  public enum Kind: String, CaseIterable, Sendable {
    case itemList = "GET /v1/items?ids="
    case item = "GET /v1/items/{id}"
    case features = "POST /v1/features"
    case recommend = "POST /v1/recommend"
  }

  /// The catalogue size (ids 1…itemCount).
  public var itemCount: Int
  /// Whether the server has item features.
  public var hasFeatures: Bool
  /// The served models' names.
  public var models: [String]
  /// The server's port.
  var port: Int
  /// The bearer token.
  var token: String?

  /// The kind of the `index`-th request (of a client).
  func kind(_ index: Int) -> Kind {
    switch index % 20 {
    case 0..<8: return .itemList
    case 8..<13: return .item
    case 13..<16: return hasFeatures ? .features : .itemList
    default: return models.isEmpty ? .itemList : .recommend
    }
  }

  /// The `index`-th request of a client.
  func request(_ index: Int, random: inout SeededGenerator) -> (Kind, [UInt8]) {
    let kind = kind(index)
    switch kind {
    case .itemList:
      let ids = random.ids(10, upper: itemCount).map(String.init).joined(separator: ",")
      return (kind, RawRequest.make("GET", "/v1/items?ids=\(ids)", port: port, token: token))
    case .item:
      return (kind, RawRequest.make("GET", "/v1/items/\(random.id(itemCount))", port: port, token: token))
    case .features:
      let ids = random.ids(10, upper: itemCount).map(String.init).joined(separator: ",")
      return (kind, RawRequest.json("POST", "/v1/features", "{\"ids\":[\(ids)]}", port: port, token: token))
    case .recommend:
      let history = random.ids(20, upper: itemCount).map(String.init).joined(separator: ",")
      let model = models[(index / 20) % models.count]
      return (kind, RawRequest.json("POST", "/v1/recommend", "{\"model\":\"\(model)\",\"history\":[\(history)],\"k\":10}", port: port, token: token))
    }
  }
}
