import Foundation

/// A WordPiece vocabulary: the tokens of a `vocab.txt`, one per line, whose line number is the id.
///
///     let vocabulary = try Vocabulary(contentsOf: "bert-base-uncased/vocab.txt")
///     vocabulary["hello"]     // 7592
///     vocabulary.token(7592)  // "hello"
public struct Vocabulary: Sendable, Equatable {
  /// The tokens in id order.
  public let tokens: [String]
  private let ids: [String: Int]

  /// A vocabulary of `tokens`, where a token's id is its index. A token listed twice keeps its
  /// last index, as Hugging Face's loaders do.
  public init(tokens: [String]) {
    self.tokens = tokens
    var ids: [String: Int] = [:]
    ids.reserveCapacity(tokens.count)
    for (index, token) in tokens.enumerated() { ids[token] = index }
    self.ids = ids
  }

  /// Reads a `vocab.txt`: one token per line, trailing whitespace (and `\r`) removed, as the
  /// Hugging Face `tokenizers` library reads it.
  ///
  /// - Throws: ``TextEncoderError/missingFile(path:hint:)``,
  ///   ``TextEncoderError/unreadableFile(path:reason:)`` for a file that is not UTF-8, or
  ///   ``TextEncoderError/invalidVocabulary(path:reason:)`` for an empty one.
  public init(contentsOf path: String) throws(TextEncoderError) {
    guard FileManager.default.fileExists(atPath: path) else {
      throw .missingFile(path: path, hint: "a WordPiece tokenizer needs the vocab.txt saved with the model")
    }
    guard let data = FileManager.default.contents(atPath: path) else {
      throw .unreadableFile(path: path, reason: "the file cannot be opened")
    }
    guard let text = String(data: data, encoding: .utf8) else {
      throw .unreadableFile(path: path, reason: "the file is not UTF-8 text")
    }
    // Lines end at "\n" scalars (a "\r\n" pair is one Character, so split scalars, not Characters).
    var lines = text.unicodeScalars.split(separator: "\n", omittingEmptySubsequences: false)
    if text.unicodeScalars.last == "\n" || text.isEmpty { lines.removeLast() }
    let tokens = lines.map { line -> String in
      var scalars = line
      while let last = scalars.last, last.properties.isWhitespace { scalars.removeLast() }
      return String(String.UnicodeScalarView(scalars))
    }
    guard !tokens.isEmpty else { throw .invalidVocabulary(path: path, reason: "the file has no tokens") }
    self.init(tokens: tokens)
  }

  /// The number of tokens (the largest id plus one).
  public var count: Int { tokens.count }

  /// The id of `token`, if it is in the vocabulary.
  public subscript(token: String) -> Int? { ids[token] }

  /// The token with id `id`, if there is one.
  public func token(_ id: Int) -> String? {
    id >= 0 && id < tokens.count ? tokens[id] : nil
  }

  /// Whether `token` is in the vocabulary.
  public func contains(_ token: String) -> Bool { ids[token] != nil }
}
