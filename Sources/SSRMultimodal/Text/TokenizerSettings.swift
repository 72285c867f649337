import Foundation

/// The tokenizer options of a Hugging Face model directory (`tokenizer_config.json`), with
/// `BertTokenizer`'s defaults when the file or a key is absent.
public struct TokenizerSettings: Sendable, Equatable {
  /// `do_lower_case` (default true: uncased BERT).
  public var lowercases: Bool
  /// `strip_accents`; nil follows ``lowercases``.
  public var stripsAccents: Bool?
  /// `tokenize_chinese_chars` (default true).
  public var splitsCJK: Bool
  /// `model_max_length`, when the file gives a real limit (not `transformers`' "no limit" sentinel).
  public var modelMaxLength: Int?

  /// Uncased BERT's settings.
  public init(lowercases: Bool = true, stripsAccents: Bool? = nil, splitsCJK: Bool = true, modelMaxLength: Int? = nil) {
    self.lowercases = lowercases
    self.stripsAccents = stripsAccents
    self.splitsCJK = splitsCJK
    self.modelMaxLength = modelMaxLength
  }

  /// Reads `tokenizer_config.json` at `path`; an absent file gives the defaults.
  ///
  /// - Throws: ``TextEncoderError/unreadableFile(path:reason:)`` for a file that is not a JSON object,
  ///   ``TextEncoderError/unsupportedModel(path:reason:)`` for a tokenizer class other than BERT's.
  public init(contentsOf path: String) throws(TextEncoderError) {
    self.init()
    guard FileManager.default.fileExists(atPath: path) else { return }
    let object = try readJSONObject(path)
    if let name = object["tokenizer_class"] as? String, !["BertTokenizer", "BertTokenizerFast"].contains(name) {
      throw .unsupportedModel(path: path, reason: "tokenizer_class is \(name); SSR's text encoder reads WordPiece vocabularies of BertTokenizer")
    }
    if let value = object["do_lower_case"] as? Bool { lowercases = value }
    if let value = object["strip_accents"] as? Bool { stripsAccents = value }
    if let value = object["tokenize_chinese_chars"] as? Bool { splitsCJK = value }
    if let value = object["model_max_length"] as? NSNumber, value.doubleValue >= 1, value.doubleValue < 1e9 {
      modelMaxLength = value.intValue
    }
  }

  /// The basic tokenizer these settings describe.
  public var basicTokenizer: BasicTokenizer {
    BasicTokenizer(lowercases: lowercases, stripsAccents: stripsAccents, splitsCJK: splitsCJK)
  }
}
