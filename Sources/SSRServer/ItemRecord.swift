/// One item of the catalogue as the server returns it: its id (the model's item index), the
/// dataset's raw id and its side information.
public struct ItemRecord: Sendable, Hashable, Codable {
  /// The item index 1…N the models rank.
  public var id: Int
  /// The dataset's own id (MovieLens' `MovieID`, an ASIN…).
  public var rawID: String
  /// The title, if known.
  public var title: String?
  /// Genres or categories.
  public var genres: [String]

  /// An item.
  public init(id: Int, rawID: String, title: String?, genres: [String]) {
    self.id = id
    self.rawID = rawID
    self.title = title
    self.genres = genres
  }

  enum CodingKeys: String, CodingKey {
    case id, rawID = "rawId", title, genres
  }
}

/// An exported model held by the server: its name, config and the size and hash of its weights.
public struct ModelSummary: Sendable, Hashable, Codable {
  /// The name it is served under, e.g. `sgru4rec`.
  public var name: String
  /// The model's registry name (the config's `model`).
  public var model: String
  /// The weights' element type, `F32` or `F16`.
  public var dtype: String
  /// The weights' size in bytes.
  public var bytes: Int
  /// SHA-256 (hex) of the weights file.
  public var sha256: String
}
