import Foundation

/// The sizes of a BERT encoder, read from a Hugging Face `config.json` (`BertConfig`).
///
/// Keys absent from the file take `BertConfig`'s defaults (those of `bert-base-uncased`).
public struct BertConfiguration: Sendable, Equatable, Codable {
  /// `model_type`; SSR runs `"bert"`.
  public var modelType: String
  /// `vocab_size`: rows of the word embedding table.
  public var vocabularySize: Int
  /// `hidden_size`: the model width.
  public var hiddenSize: Int
  /// `num_hidden_layers`.
  public var layerCount: Int
  /// `num_attention_heads`.
  public var headCount: Int
  /// `intermediate_size`: the feed-forward width.
  public var intermediateSize: Int
  /// `hidden_act`; SSR runs `"gelu"` (the exact erf form).
  public var hiddenActivation: String
  /// `max_position_embeddings`: the longest input.
  public var maxPositions: Int
  /// `type_vocab_size`: rows of the token-type (segment) table.
  public var typeVocabularySize: Int
  /// `layer_norm_eps`.
  public var layerNormEps: Float
  /// `position_embedding_type`; SSR runs `"absolute"`.
  public var positionEmbeddingType: String

  enum CodingKeys: String, CodingKey {
    case modelType = "model_type", vocabularySize = "vocab_size", hiddenSize = "hidden_size"
    case layerCount = "num_hidden_layers", headCount = "num_attention_heads", intermediateSize = "intermediate_size"
    case hiddenActivation = "hidden_act", maxPositions = "max_position_embeddings", typeVocabularySize = "type_vocab_size"
    case layerNormEps = "layer_norm_eps", positionEmbeddingType = "position_embedding_type"
  }

  /// A configuration with `BertConfig`'s defaults for every size not given.
  public init(
    vocabularySize: Int = 30522, hiddenSize: Int = 768, layerCount: Int = 12, headCount: Int = 12, intermediateSize: Int = 3072,
    maxPositions: Int = 512, typeVocabularySize: Int = 2, layerNormEps: Float = 1e-12
  ) {
    modelType = "bert"
    self.vocabularySize = vocabularySize
    self.hiddenSize = hiddenSize
    self.layerCount = layerCount
    self.headCount = headCount
    self.intermediateSize = intermediateSize
    hiddenActivation = "gelu"
    self.maxPositions = maxPositions
    self.typeVocabularySize = typeVocabularySize
    self.layerNormEps = layerNormEps
    positionEmbeddingType = "absolute"
  }

  /// Decodes a `config.json`; absent keys take `BertConfig`'s defaults, except `model_type`.
  public init(from decoder: any Decoder) throws {
    let c = try decoder.container(keyedBy: CodingKeys.self)
    let d = BertConfiguration()
    modelType = try c.decode(String.self, forKey: .modelType)
    vocabularySize = try c.decodeIfPresent(Int.self, forKey: .vocabularySize) ?? d.vocabularySize
    hiddenSize = try c.decodeIfPresent(Int.self, forKey: .hiddenSize) ?? d.hiddenSize
    layerCount = try c.decodeIfPresent(Int.self, forKey: .layerCount) ?? d.layerCount
    headCount = try c.decodeIfPresent(Int.self, forKey: .headCount) ?? d.headCount
    intermediateSize = try c.decodeIfPresent(Int.self, forKey: .intermediateSize) ?? d.intermediateSize
    hiddenActivation = try c.decodeIfPresent(String.self, forKey: .hiddenActivation) ?? d.hiddenActivation
    maxPositions = try c.decodeIfPresent(Int.self, forKey: .maxPositions) ?? d.maxPositions
    typeVocabularySize = try c.decodeIfPresent(Int.self, forKey: .typeVocabularySize) ?? d.typeVocabularySize
    layerNormEps = try c.decodeIfPresent(Float.self, forKey: .layerNormEps) ?? d.layerNormEps
    positionEmbeddingType = try c.decodeIfPresent(String.self, forKey: .positionEmbeddingType) ?? d.positionEmbeddingType
  }

  /// Reads and checks `config.json` at `path`.
  ///
  /// - Throws: ``TextEncoderError/missingFile(path:hint:)``, ``TextEncoderError/unreadableFile(path:reason:)``
  ///   for a file that is not a JSON object of the expected types, ``TextEncoderError/unsupportedModel(path:reason:)``
  ///   for another architecture, and ``TextEncoderError/invalidConfiguration(path:reason:)`` for impossible sizes.
  public init(contentsOf path: String) throws(TextEncoderError) {
    guard let data = FileManager.default.contents(atPath: path) else {
      throw FileManager.default.fileExists(atPath: path)
        ? .unreadableFile(path: path, reason: "the file cannot be opened")
        : .missingFile(path: path, hint: "a Hugging Face model directory holds config.json next to model.safetensors and vocab.txt")
    }
    do {
      self = try JSONDecoder().decode(BertConfiguration.self, from: data)
    } catch DecodingError.keyNotFound(let key, _) where key.stringValue == CodingKeys.modelType.rawValue {
      throw .unsupportedModel(path: path, reason: "config.json has no model_type; SSR runs BERT models (model_type \"bert\")")
    } catch {
      throw .unreadableFile(path: path, reason: "it is not a BERT config.json (\(BertConfiguration.describe(error)))")
    }
    try validate(path: path)
  }

  /// Checks that SSR runs this architecture and that the sizes are consistent.
  ///
  /// - Throws: ``TextEncoderError/unsupportedModel(path:reason:)`` or ``TextEncoderError/invalidConfiguration(path:reason:)``.
  public func validate(path: String = "config.json") throws(TextEncoderError) {
    guard modelType == "bert" else {
      throw .unsupportedModel(
        path: path,
        reason: "model_type is \"\(modelType)\"; SSR's text encoder runs BERT models (model_type \"bert\"), "
          + "such as bert-base-uncased or sentence-transformers/all-MiniLM-L6-v2")
    }
    guard hiddenActivation == "gelu" else {
      throw .unsupportedModel(path: path, reason: "hidden_act is \"\(hiddenActivation)\"; SSR's BERT runs \"gelu\" (exact erf GELU)")
    }
    guard positionEmbeddingType == "absolute" else {
      throw .unsupportedModel(
        path: path, reason: "position_embedding_type is \"\(positionEmbeddingType)\"; SSR's BERT runs \"absolute\" positions")
    }
    let sizes = [
      ("vocab_size", vocabularySize), ("hidden_size", hiddenSize), ("num_hidden_layers", layerCount), ("num_attention_heads", headCount),
      ("intermediate_size", intermediateSize), ("max_position_embeddings", maxPositions), ("type_vocab_size", typeVocabularySize),
    ]
    for (key, value) in sizes where value < 1 {
      throw .invalidConfiguration(path: path, reason: "\(key) is \(value); it must be at least 1")
    }
    guard hiddenSize % headCount == 0 else {
      throw .invalidConfiguration(
        path: path, reason: "hidden_size \(hiddenSize) is not divisible by num_attention_heads \(headCount)")
    }
    guard layerNormEps > 0, layerNormEps.isFinite else {
      throw .invalidConfiguration(path: path, reason: "layer_norm_eps is \(layerNormEps); it must be positive")
    }
  }

  /// The width of one attention head.
  public var headSize: Int { hiddenSize / headCount }

  /// A short description of a decoding error (which key has which problem).
  static func describe(_ error: any Error) -> String {
    switch error {
    case DecodingError.typeMismatch(_, let context), DecodingError.valueNotFound(_, let context),
      DecodingError.dataCorrupted(let context):
      let key = context.codingPath.map(\.stringValue).joined(separator: ".")
      return key.isEmpty ? context.debugDescription : "\(key): \(context.debugDescription)"
    case DecodingError.keyNotFound(let key, _):
      return "no \(key.stringValue)"
    default:
      return "\(error)"
    }
  }
}
