import Foundation

/// BERT's basic tokenisation, as Hugging Face's `BertTokenizerFast` does it (the `BertNormalizer`
/// and `BertPreTokenizer` of the `tokenizers` library): it cleans and normalises the text, then
/// splits it into words and punctuation marks.
///
/// Normalisation, in this order:
/// 1. cleaning: U+0000, U+FFFD and control characters (general category C*, except tab, line
///    feed and carriage return) are dropped, and every whitespace character becomes a space;
/// 2. every CJK ideograph gets a space on each side, so it becomes a word of its own;
/// 3. accent stripping: canonical decomposition (NFD), then non-spacing marks (Mn) are dropped;
/// 4. lower-casing, scalar by scalar (full Unicode lower-case mappings, no context rules).
///
/// Splitting removes whitespace and isolates each punctuation character: ASCII 33–47, 58–64,
/// 91–96 and 123–126, and every character of a Unicode P* category.
public struct BasicTokenizer: Sendable, Equatable {
  /// Whether text is lower-cased (uncased models).
  public var lowercases: Bool
  /// Whether accents are stripped (by default, exactly when lower-casing).
  public var stripsAccents: Bool
  /// Whether control characters are dropped and whitespace is made plain spaces.
  public var cleansText: Bool
  /// Whether CJK ideographs are split into words of one character.
  public var splitsCJK: Bool

  /// A basic tokenizer; `stripsAccents` defaults to `lowercases` (Hugging Face's `strip_accents=None`).
  public init(lowercases: Bool = true, stripsAccents: Bool? = nil, cleansText: Bool = true, splitsCJK: Bool = true) {
    self.lowercases = lowercases
    self.stripsAccents = stripsAccents ?? lowercases
    self.cleansText = cleansText
    self.splitsCJK = splitsCJK
  }

  /// The words and punctuation marks of `text`, normalised.
  public func tokenize(_ text: String) -> [String] {
    split(normalize(text))
  }

  /// `text` cleaned, CJK-spaced, accent-stripped and lower-cased as configured.
  public func normalize(_ text: String) -> String {
    var scalars: [Unicode.Scalar] = []
    scalars.reserveCapacity(text.unicodeScalars.count + 8)
    for scalar in text.unicodeScalars {
      if cleansText {
        if scalar.value == 0 || scalar.value == 0xFFFD || BasicTokenizer.isControl(scalar) { continue }
        if BasicTokenizer.isWhitespace(scalar) {
          scalars.append(" ")
          continue
        }
      }
      if splitsCJK && BasicTokenizer.isCJK(scalar) {
        scalars.append(" ")
        scalars.append(scalar)
        scalars.append(" ")
      } else {
        scalars.append(scalar)
      }
    }
    let isASCII = scalars.allSatisfy(\.isASCII)
    if stripsAccents && !isASCII {
      let decomposed = String(String.UnicodeScalarView(scalars)).decomposedStringWithCanonicalMapping
      scalars = decomposed.unicodeScalars.filter { $0.properties.generalCategory != .nonspacingMark }
    }
    var result = String.UnicodeScalarView()
    if lowercases {
      for scalar in scalars {
        if scalar.isASCII {
          let v = scalar.value
          result.append(v >= 65 && v <= 90 ? Unicode.Scalar(v + 32)! : scalar)
        } else {
          result.append(contentsOf: scalar.properties.lowercaseMapping.unicodeScalars)
        }
      }
    } else {
      result.append(contentsOf: scalars)
    }
    return String(result)
  }

  /// Splits normalised text on whitespace (removed) and punctuation (kept as one-character words).
  public func split(_ text: String) -> [String] {
    var words: [String] = []
    var current = String.UnicodeScalarView()
    func flush() {
      if !current.isEmpty {
        words.append(String(current))
        current = String.UnicodeScalarView()
      }
    }
    for scalar in text.unicodeScalars {
      if BasicTokenizer.isWhitespace(scalar) {
        flush()
      } else if BasicTokenizer.isPunctuation(scalar) {
        flush()
        words.append(String(scalar))
      } else {
        current.append(scalar)
      }
    }
    flush()
    return words
  }

  /// A character with the Unicode White_Space property (Rust's `char::is_whitespace`).
  static func isWhitespace(_ scalar: Unicode.Scalar) -> Bool {
    switch scalar.value {
    case 0x20, 0x09...0x0D: return true
    case 0..<0x80: return false
    default: return scalar.properties.isWhitespace
    }
  }

  /// General category C* (control, format, unassigned, private use, surrogate), except tab,
  /// line feed and carriage return.
  static func isControl(_ scalar: Unicode.Scalar) -> Bool {
    switch scalar.value {
    case 0x09, 0x0A, 0x0D: return false
    case 0x20..<0x7F: return false
    default:
      switch scalar.properties.generalCategory {
      case .control, .format, .unassigned, .privateUse, .surrogate: return true
      default: return false
      }
    }
  }

  /// ASCII punctuation (33–47, 58–64, 91–96, 123–126) or a Unicode P* category.
  static func isPunctuation(_ scalar: Unicode.Scalar) -> Bool {
    switch scalar.value {
    case 33...47, 58...64, 91...96, 123...126: return true
    case 0..<0x80: return false
    default:
      switch scalar.properties.generalCategory {
      case .connectorPunctuation, .dashPunctuation, .openPunctuation, .closePunctuation,
        .initialPunctuation, .finalPunctuation, .otherPunctuation:
        return true
      default: return false
      }
    }
  }

  /// A CJK unified or compatibility ideograph (the blocks BERT splits).
  static func isCJK(_ scalar: Unicode.Scalar) -> Bool {
    switch scalar.value {
    case 0x4E00...0x9FFF, 0x3400...0x4DBF, 0x20000...0x2A6DF, 0x2A700...0x2B73F, 0x2B740...0x2B81F,
      0x2B920...0x2CEAF, 0xF900...0xFAFF, 0x2F800...0x2FA1F:
      return true
    default: return false
    }
  }
}
