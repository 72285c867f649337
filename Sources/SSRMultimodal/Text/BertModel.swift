import SSRNN
import SSRTensor

/// A BERT encoder (Devlin et al. 2019) with Hugging Face `BertModel`'s layout and parameter names:
/// embeddings, `layerCount` post-LN transformer layers and, when the checkpoint has one, the
/// `tanh` pooler over the `[CLS]` state. It runs inference only (no dropout).
///
///     let model = try BertModel(configuration: configuration, weights: tensors)
///     let hidden = withoutGrad { model(tokenizer.batch(["a title"])) }   // [1, length, hidden]
public final class BertModel: Layer {
  /// The sizes the model was built with.
  public let configuration: BertConfiguration
  /// Word, position and token-type embeddings.
  public let embeddings: BertEmbeddings
  /// The encoder layers.
  public let layers: [BertLayer]
  /// `tanh(dense(h_[CLS]))`, when the checkpoint has `pooler.dense`.
  public let pooler: Linear?
  /// Training mode (no effect: the encoder runs without dropout).
  public var isTraining = false

  /// A model of `configuration` holding `weights`, named as in `BertModel` or with a `bert.`
  /// prefix (task checkpoints; their heads are ignored); `gamma`/`beta` layer-norm names are read
  /// as `weight`/`bias`.
  ///
  /// - Parameter path: the file the weights came from, for error messages.
  /// - Throws: ``TextEncoderError/missingTensor(name:path:)`` or
  ///   ``TextEncoderError/shapeMismatch(name:expected:found:path:)`` when the weights do not fit the configuration.
  public convenience init(configuration: BertConfiguration, weights: [String: Tensor], path: String = "model.safetensors") throws(TextEncoderError) {
    try self.init(configuration, weights: BertWeights(weights, path: path))
  }

  /// A model of `configuration` with the weights of the safetensors file at `path`.
  ///
  /// - Throws: ``TextEncoderError/missingFile(path:hint:)``, ``TextEncoderError/unreadableFile(path:reason:)``
  ///   and the errors of ``init(configuration:weights:path:)``.
  public convenience init(configuration: BertConfiguration, contentsOf path: String) throws(TextEncoderError) {
    try self.init(configuration, weights: BertWeights.read(from: path))
  }

  init(_ configuration: BertConfiguration, weights: BertWeights) throws(TextEncoderError) {
    try configuration.validate()
    self.configuration = configuration
    embeddings = try BertEmbeddings(configuration, weights: weights)
    var layers: [BertLayer] = []
    for index in 0..<configuration.layerCount { layers.append(try BertLayer(configuration, weights: weights, index: index)) }
    self.layers = layers
    let h = configuration.hiddenSize
    pooler = weights.contains("pooler.dense.weight") ? try weights.linear("pooler.dense", h, h, activation: .tanh) : nil
  }

  /// Hugging Face's names (`embeddings.…`, `encoder.layer.i.…`, `pooler.dense.…`).
  public var sublayers: [(name: String, layer: any Layer)] {
    var result: [(name: String, layer: any Layer)] = [("embeddings", embeddings)]
    for (i, layer) in layers.enumerated() { result.append(("encoder.layer.\(i)", layer)) }
    if let pooler { result.append(("pooler.dense", pooler)) }
    return result
  }

  /// The last hidden states, `[count, length, hidden]`, of a batch; padding keys get no attention.
  public func callAsFunction(_ batch: TokenBatch) -> Tensor {
    let mask = BertModel.additiveMask(batch)
    var x = embeddings(batch)
    for layer in layers { x = layer((x, mask)) }
    return x
  }

  /// BERT's pooled output `tanh(dense(h_[CLS]))`, `[count, hidden]`, or nil without a pooler.
  public func pooledOutput(_ hiddenStates: Tensor) -> Tensor? {
    pooler.map { $0(hiddenStates.sliced(axis: 1, 0, 1).squeezed(axis: 1)) }
  }

  /// `[count, 1, 1, length]`: 0 at real tokens, the most negative float at padding (as
  /// `transformers` does), added to the attention scores.
  static func additiveMask(_ batch: TokenBatch) -> Tensor {
    var mask = [Float](repeating: -Float.greatestFiniteMagnitude, count: batch.count * batch.length)
    for (row, n) in batch.lengths.enumerated() {
      for column in 0..<n { mask[row * batch.length + column] = 0 }
    }
    return Tensor(mask, shape: [batch.count, 1, 1, batch.length])
  }
}
