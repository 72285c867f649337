import SSRCore
import SSRTensor

/// A sentence encoder: BERT tokenizer, BERT encoder, pooling and optional L2 normalisation, loaded
/// from a Hugging Face or sentence-transformers model directory and run by SSR's tensor engine.
///
///     let encoder = try TextEncoder(directory: "models/all-MiniLM-L6-v2")
///     let vectors = try encoder.encode(["Toy Story (1995)", "Jumanji (1995)"])   // [2, 384]
///
/// With a sentence-transformers directory the pooling, normalisation and maximum length are
/// those of its modules (all-MiniLM-L6-v2: mean pooling, normalised, 256 tokens); with a plain
/// `bert-base-uncased` copy the defaults are mean pooling without normalisation, 512 tokens.
public final class TextEncoder {
  /// Text to token ids.
  public let tokenizer: BertTokenizer
  /// Token ids to token states.
  public let model: BertModel
  /// Token states to one vector per text.
  public let pooling: Pooling
  /// Whether vectors are divided by their Euclidean norm.
  public let normalizes: Bool
  /// Whether texts are lower-cased before tokenising (sentence-transformers' `do_lower_case`).
  public let lowercasesInput: Bool
  /// How many texts run through the model at once.
  public let batchSize: Int
  /// The directory the encoder was loaded from, or nil when it was built from its parts.
  public private(set) var directory: TextEncoderDirectory?

  /// The length of the vectors.
  public var dimension: Int { model.configuration.hiddenSize }

  /// Loads the encoder in `directory` (see ``TextEncoderDirectory`` for the layouts read).
  ///
  /// - Parameters:
  ///   - pooling: overrides the directory's pooling (default: its sentence-transformers pooling, else mean).
  ///   - normalize: overrides the directory's normalisation (default: whether it has a `Normalize` module).
  ///   - maxLength: the longest token sequence, [CLS] and [SEP] included (default: sentence-transformers'
  ///     `max_seq_length`, else the tokenizer's `model_max_length`, at most the model's positions).
  ///   - batchSize: texts per forward pass.
  /// - Throws: ``TextEncoderError`` naming the missing or malformed file, the unsupported setting or the
  ///   tensor that does not fit.
  public convenience init(
    directory: String, pooling: Pooling? = nil, normalize: Bool? = nil, maxLength: Int? = nil, batchSize: Int = 32
  ) throws(TextEncoderError) {
    let layout = try TextEncoderDirectory(directory)
    let configuration = try BertConfiguration(contentsOf: layout.configurationPath)
    let settings = try TokenizerSettings(contentsOf: layout.tokenizerSettingsPath)
    let positions = configuration.maxPositions
    let length = maxLength ?? layout.maxSequenceLength ?? Swift.min(settings.modelMaxLength ?? positions, positions)
    guard length <= positions else {
      throw .invalidArgument("the maximum length \(length) exceeds the model's \(positions) positions (max_position_embeddings)")
    }
    let vocabulary = try Vocabulary(contentsOf: layout.vocabularyPath)
    guard vocabulary.count <= configuration.vocabularySize else {
      throw .invalidVocabulary(
        path: layout.vocabularyPath,
        reason: "it has \(vocabulary.count) tokens but the model embeds only \(configuration.vocabularySize) (vocab_size)")
    }
    let tokenizer = try BertTokenizer(
      vocabulary: vocabulary, basic: settings.basicTokenizer, maxLength: length, vocabularyPath: layout.vocabularyPath)
    let model = try BertModel(configuration: configuration, contentsOf: layout.weightsPath)
    try self.init(
      tokenizer: tokenizer, model: model, pooling: pooling ?? layout.pooling ?? .mean, normalize: normalize ?? layout.normalizes,
      lowercasesInput: layout.lowercasesInput, batchSize: batchSize)
    self.directory = layout
  }

  /// An encoder from its parts.
  ///
  /// - Throws: ``TextEncoderError/invalidArgument(_:)`` when the tokenizer's ids or lengths do not fit
  ///   the model, `batchSize < 1`, or ``Pooling/pooler`` is asked of a model without a pooler.
  public init(
    tokenizer: BertTokenizer, model: BertModel, pooling: Pooling = .mean, normalize: Bool = false, lowercasesInput: Bool = false,
    batchSize: Int = 32
  ) throws(TextEncoderError) {
    guard batchSize >= 1 else { throw .invalidArgument("the batch size must be at least 1, got \(batchSize)") }
    guard tokenizer.vocabulary.count <= model.configuration.vocabularySize else {
      throw .invalidArgument(
        "the tokenizer has \(tokenizer.vocabulary.count) tokens but the model embeds \(model.configuration.vocabularySize)")
    }
    guard tokenizer.maxLength <= model.configuration.maxPositions else {
      throw .invalidArgument(
        "the tokenizer's maximum length \(tokenizer.maxLength) exceeds the model's \(model.configuration.maxPositions) positions")
    }
    guard pooling != .pooler || model.pooler != nil else {
      throw .invalidArgument("pooling .pooler needs the checkpoint's pooler.dense weights, which this model lacks; use .cls or .mean")
    }
    self.tokenizer = tokenizer
    self.model = model
    self.pooling = pooling
    normalizes = normalize
    self.lowercasesInput = lowercasesInput
    self.batchSize = batchSize
  }

  /// The vectors of `texts`, `[texts.count, dimension]`, row i for text i.
  ///
  /// Texts are tokenised, sorted by length and run in batches of ``batchSize`` (so that little
  /// padding is computed); the result does not depend on the order or the batching beyond float
  /// rounding.
  ///
  /// - Parameter progress: called after each batch with the number of texts encoded so far; it
  ///   may stop the encoding by throwing ``Interrupted``.
  /// - Throws: ``Interrupted`` when the user interrupts (checked between batches) or `progress` stops it.
  public func encode(_ texts: [String], progress: ((Int) throws(Interrupted) -> Void)? = nil) throws(Interrupted) -> Tensor {
    let sequences = texts.map { tokenizer.encode(lowercasesInput ? $0.lowercased() : $0) }
    let order = sequences.indices.sorted { (sequences[$0].count, $0) > (sequences[$1].count, $1) }
    var result = Tensor.zeros([texts.count, dimension])
    var start = 0
    while start < order.count {
      try Cancellation.checkpoint()
      let rows = Array(order[start..<Swift.min(start + batchSize, order.count)])
      let vectors = encode(TokenBatch(sequences: rows.map { sequences[$0] }, paddingID: tokenizer.paddingID))
      let width = dimension
      vectors.withUnsafeBufferPointer { source in
        result.withUnsafeMutableBufferPointer { destination in
          for (k, row) in rows.enumerated() {
            for j in 0..<width { destination[row * width + j] = source[k * width + j] }
          }
        }
      }
      start += batchSize
      try progress?(Swift.min(start, order.count))
    }
    return result
  }

  /// The vectors of one batch, `[batch.count, dimension]`, without recording gradients.
  public func encode(_ batch: TokenBatch) -> Tensor {
    withoutGrad {
      let pooled = pooling(model(batch), batch: batch, model: model)
      return normalizes ? l2Normalized(pooled) : pooled
    }
  }
}
