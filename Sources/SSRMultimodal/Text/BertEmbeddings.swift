import SSRNN
import SSRTensor

/// BERT's input embeddings: `LayerNorm(word[id] + position[i] + tokenType[segment])`.
public final class BertEmbeddings: Layer {
  /// `[vocabulary, hidden]`.
  public let word: Embedding
  /// `[maxPositions, hidden]`.
  public let position: Embedding
  /// `[typeVocabulary, hidden]`.
  public let tokenType: Embedding
  /// The layer norm after the sum.
  public let norm: LayerNorm
  /// Training mode (no effect: the encoder runs without dropout).
  public var isTraining = false

  /// The embeddings of `configuration` from `weights` (`embeddings.*`).
  init(_ configuration: BertConfiguration, weights: BertWeights) throws(TextEncoderError) {
    let h = configuration.hiddenSize
    word = Embedding(weight: try weights.tensor("embeddings.word_embeddings.weight", shape: [configuration.vocabularySize, h]))
    position = Embedding(weight: try weights.tensor("embeddings.position_embeddings.weight", shape: [configuration.maxPositions, h]))
    tokenType = Embedding(
      weight: try weights.tensor("embeddings.token_type_embeddings.weight", shape: [configuration.typeVocabularySize, h]))
    norm = try weights.layerNorm("embeddings.LayerNorm", h, eps: configuration.layerNormEps)
  }

  /// Hugging Face's names.
  public var sublayers: [(name: String, layer: any Layer)] {
    [("word_embeddings", word), ("position_embeddings", position), ("token_type_embeddings", tokenType), ("LayerNorm", norm)]
  }

  /// `[count, length, hidden]` embeddings of a batch (positions 0..<length).
  ///
  /// - Precondition: the batch is no longer than the position table.
  public func callAsFunction(_ batch: TokenBatch) -> Tensor {
    precondition(batch.length <= position.weight.shape[0], "\(batch.length) tokens exceed the \(position.weight.shape[0]) positions")
    let positions = position.weight.value.sliced(axis: 0, 0, batch.length)
    return norm(word(batch.ids) + positions + tokenType(batch.tokenTypeIDs))
  }
}
