import SSRTensor

/// Token ids of several texts padded to one length, with the attention mask that marks the real
/// tokens (the `input_ids`, `attention_mask` and `token_type_ids` of Hugging Face tokenizers).
public struct TokenBatch: Sendable, Equatable {
  /// `[count, length]` token ids, padded on the right with the padding id.
  public let ids: IndexTensor
  /// `[count, length]` segment ids (all 0 for single texts).
  public let tokenTypeIDs: IndexTensor
  /// The number of real tokens of each text ([CLS] and [SEP] included).
  public let lengths: [Int]

  /// A batch from unpadded id lists, padded on the right with `paddingID` to the longest.
  public init(sequences: [[Int]], paddingID: Int) {
    let length = sequences.map(\.count).max() ?? 0
    var ids = [Int32](repeating: Int32(paddingID), count: sequences.count * length)
    for (row, sequence) in sequences.enumerated() {
      for (column, id) in sequence.enumerated() { ids[row * length + column] = Int32(id) }
    }
    self.ids = IndexTensor(ids, shape: [sequences.count, length])
    tokenTypeIDs = IndexTensor([Int32](repeating: 0, count: ids.count), shape: [sequences.count, length])
    lengths = sequences.map(\.count)
  }

  /// The number of texts.
  public var count: Int { ids.shape[0] }

  /// The padded length.
  public var length: Int { ids.shape[1] }

  /// `[count, length]`: 1 at real tokens, 0 at padding.
  public var attentionMask: Tensor {
    var mask = [Float](repeating: 0, count: count * length)
    for (row, n) in lengths.enumerated() {
      for column in 0..<n { mask[row * length + column] = 1 }
    }
    return Tensor(mask, shape: [count, length])
  }

  /// The ids of text `row` without padding.
  public func ids(row: Int) -> [Int] {
    (0..<lengths[row]).map { Int(ids.scalars[row * length + $0]) }
  }
}
