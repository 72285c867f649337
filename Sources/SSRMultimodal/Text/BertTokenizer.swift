/// BERT's tokenizer: basic tokenisation, WordPiece, `[CLS] … [SEP]`, truncation and padding,
/// giving the same ids as Hugging Face's `BertTokenizerFast`.
///
/// Special tokens written in the text itself (`"[SEP]"`) are matched before normalisation and
/// kept whole, as Hugging Face's added tokens are.
///
///     let tokenizer = try BertTokenizer(vocabulary: Vocabulary(contentsOf: "minilm/vocab.txt"))
///     tokenizer.encode("Toy Story (1995)")   // [101, 9121, 2466, 1006, 2786, 1007, 102]
///     let batch = tokenizer.batch(["Heat (1995)", "Jumanji (1995)"])
public struct BertTokenizer: Sendable {
  /// The WordPiece vocabulary.
  public let vocabulary: Vocabulary
  /// Cleaning, normalisation and splitting into words.
  public let basic: BasicTokenizer
  /// Splitting words into pieces.
  public let wordPiece: WordPiece
  /// The longest id sequence ``encode(_:)`` returns, [CLS] and [SEP] included.
  public let maxLength: Int
  /// The ids of `[CLS]`, `[SEP]`, `[PAD]` and `[UNK]`.
  public let classID: Int, separatorID: Int, paddingID: Int, unknownID: Int
  /// The special tokens matched in raw text, longest first, with their ids.
  private let specialTokens: [(text: [Unicode.Scalar], id: Int)]

  /// The names of BERT's special tokens.
  public static let specialTokenNames = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"]

  /// A tokenizer over `vocabulary`.
  ///
  /// - Parameters:
  ///   - basic: the basic tokenizer (uncased BERT by default).
  ///   - maxLength: the longest id sequence, [CLS] and [SEP] included; longer texts are truncated.
  ///   - vocabularyPath: the file the vocabulary came from, for error messages.
  /// - Throws: ``TextEncoderError/invalidVocabulary(path:reason:)`` when `[CLS]`, `[SEP]`, `[PAD]`
  ///   or `[UNK]` is missing, ``TextEncoderError/invalidArgument(_:)`` when `maxLength < 2`.
  public init(
    vocabulary: Vocabulary, basic: BasicTokenizer = BasicTokenizer(), maxLength: Int = 512, vocabularyPath: String = "vocab.txt"
  ) throws(TextEncoderError) {
    guard maxLength >= 2 else {
      throw .invalidArgument("the maximum length must be at least 2 ([CLS] and [SEP]), got \(maxLength)")
    }
    func id(_ token: String) throws(TextEncoderError) -> Int {
      guard let id = vocabulary[token] else {
        throw .invalidVocabulary(path: vocabularyPath, reason: "it has no \(token) token (BERT needs [CLS], [SEP], [PAD] and [UNK])")
      }
      return id
    }
    classID = try id("[CLS]")
    separatorID = try id("[SEP]")
    paddingID = try id("[PAD]")
    unknownID = try id("[UNK]")
    self.vocabulary = vocabulary
    self.basic = basic
    self.maxLength = maxLength
    wordPiece = WordPiece(vocabulary: vocabulary, unknownID: unknownID)
    specialTokens = BertTokenizer.specialTokenNames.compactMap { name in vocabulary[name].map { (Array(name.unicodeScalars), $0) } }
      .sorted { $0.text.count > $1.text.count }
  }

  /// A tokenizer reading `vocab.txt` at `path`.
  ///
  /// - Throws: the errors of ``Vocabulary/init(contentsOf:)`` and ``init(vocabulary:basic:maxLength:vocabularyPath:)``.
  public init(vocabularyFile path: String, basic: BasicTokenizer = BasicTokenizer(), maxLength: Int = 512) throws(TextEncoderError) {
    try self.init(vocabulary: Vocabulary(contentsOf: path), basic: basic, maxLength: maxLength, vocabularyPath: path)
  }

  /// The piece ids of `text`, without [CLS], [SEP] or truncation.
  public func pieceIDs(_ text: String) -> [Int] {
    var ids: [Int] = []
    for segment in splitOnSpecialTokens(text) {
      switch segment {
      case .special(let id): ids.append(id)
      case .text(let part):
        for word in basic.tokenize(part) { ids.append(contentsOf: wordPiece.tokenize(word)) }
      }
    }
    return ids
  }

  /// The pieces of `text` as strings (`["un", "##aff", "##able"]`), without [CLS] and [SEP].
  public func tokenize(_ text: String) -> [String] {
    pieceIDs(text).map { vocabulary.tokens[$0] }
  }

  /// `[CLS] pieces [SEP]`, with the pieces truncated so that the whole fits ``maxLength``.
  public func encode(_ text: String) -> [Int] {
    [classID] + pieceIDs(text).prefix(maxLength - 2) + [separatorID]
  }

  /// The texts encoded and padded on the right to the longest, with their attention mask.
  public func batch(_ texts: [String]) -> TokenBatch {
    TokenBatch(sequences: texts.map(encode), paddingID: paddingID)
  }

  private enum Segment {
    case text(String)
    case special(Int)
  }

  /// Splits raw text around exact occurrences of special tokens (longest match first).
  private func splitOnSpecialTokens(_ text: String) -> [Segment] {
    guard text.contains("[") else { return [.text(text)] }
    let scalars = Array(text.unicodeScalars)
    var segments: [Segment] = []
    var plainStart = 0
    var i = 0
    scan: while i < scalars.count {
      if scalars[i] == "[" {
        for (token, id) in specialTokens where i + token.count <= scalars.count && scalars[i..<(i + token.count)].elementsEqual(token) {
          if plainStart < i { segments.append(.text(String(String.UnicodeScalarView(scalars[plainStart..<i])))) }
          segments.append(.special(id))
          i += token.count
          plainStart = i
          continue scan
        }
      }
      i += 1
    }
    if plainStart < scalars.count { segments.append(.text(String(String.UnicodeScalarView(scalars[plainStart...])))) }
    return segments
  }
}
