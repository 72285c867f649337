/// One recommended item and its score.
public struct RankedItem: Sendable, Hashable, Codable {
  /// The item id (1…N).
  public var item: Int32
  /// Its score: the dot product of the history's representation with the item's embedding.
  public var score: Float

  /// An item with its score.
  public init(item: Int32, score: Float) {
    self.item = item
    self.score = score
  }
}
