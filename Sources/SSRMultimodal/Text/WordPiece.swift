/// Greedy longest-match-first WordPiece (Schuster & Nakajima 2012, as in BERT): a word is cut
/// into the longest vocabulary entry at its start, then the longest entry with the continuation
/// prefix (`##`) at each later position. A word longer than ``maxCharactersPerWord`` characters,
/// or one with a position where no entry matches, becomes the single unknown token.
///
///     let pieces = WordPiece(vocabulary: vocabulary, unknownID: vocabulary["[UNK]"]!)
///     pieces.tokenize("unaffable")   // ids of "un", "##aff", "##able"
public struct WordPiece: Sendable, Equatable {
  /// The vocabulary entries are looked up in.
  public let vocabulary: Vocabulary
  /// The id given to words that cannot be cut.
  public let unknownID: Int
  /// The prefix of pieces that continue a word.
  public let continuationPrefix: String
  /// Longer words (in Unicode scalars) become the unknown token.
  public let maxCharactersPerWord: Int

  /// A WordPiece model over `vocabulary`.
  public init(vocabulary: Vocabulary, unknownID: Int, continuationPrefix: String = "##", maxCharactersPerWord: Int = 100) {
    self.vocabulary = vocabulary
    self.unknownID = unknownID
    self.continuationPrefix = continuationPrefix
    self.maxCharactersPerWord = maxCharactersPerWord
  }

  /// The ids of the pieces of one word (a word of the basic tokenizer: no whitespace).
  public func tokenize(_ word: String) -> [Int] {
    let scalars = Array(word.unicodeScalars)
    if scalars.isEmpty { return [] }
    if scalars.count > maxCharactersPerWord { return [unknownID] }
    if let whole = vocabulary[word] { return [whole] }
    var pieces: [Int] = []
    var start = 0
    while start < scalars.count {
      var end = scalars.count
      var found: Int?
      while start < end {
        var candidate = start > 0 ? continuationPrefix : ""
        candidate.unicodeScalars.append(contentsOf: scalars[start..<end])
        if let id = vocabulary[candidate] {
          found = id
          break
        }
        end -= 1
      }
      guard let id = found else { return [unknownID] }
      pieces.append(id)
      start = end
    }
    return pieces
  }
}
