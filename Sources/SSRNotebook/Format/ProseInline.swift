/// Text styles shown with ANSI escape codes.
struct ProseStyle: OptionSet, Sendable, Hashable {
  let rawValue: Int
  static let bold = ProseStyle(rawValue: 1)
  static let italic = ProseStyle(rawValue: 2)
  static let underline = ProseStyle(rawValue: 4)
  static let code = ProseStyle(rawValue: 8)

  private static let codes: [(ProseStyle, on: String, off: String)] = [
    (.bold, "\u{1B}[1m", "\u{1B}[22m"), (.italic, "\u{1B}[3m", "\u{1B}[23m"),
    (.underline, "\u{1B}[4m", "\u{1B}[24m"), (.code, "\u{1B}[36m", "\u{1B}[39m"),
  ]

  /// `text` wrapped in this style's on and off codes (each style has its own off code, so
  /// styles nest).
  func apply(to text: String) -> String {
    guard !isEmpty else { return text }
    let active = Self.codes.filter { contains($0.0) }
    return active.map(\.on).joined() + text + active.reversed().map(\.off).joined()
  }
}

/// A run of text in one style.
struct ProseRun: Sendable, Equatable {
  var text: String
  var style: ProseStyle
}

/// A simplified reader for Markdown inline markup (code spans, `**strong**`, `*emphasis*`,
/// backslash escapes) and a word wrapper for styled text.
///
/// Emphasis uses a simplified rule: an opening run must be followed by a non-space, a closing
/// run preceded by one; `**` pairs with a run of 2 or 3+, `*` with a run of 1 or 3+; `_` needs
/// non-alphanumeric characters outside it. Links and inline HTML are left as written.
enum ProseInline {
  private static let maximumDepth = 16

  /// Parses inline markup into styled runs, each with `style` added.
  static func parse(_ text: String, style: ProseStyle = []) -> [ProseRun] {
    parse(Array(text), style: style, depth: 0)
  }

  private static func parse(_ chars: [Character], style: ProseStyle, depth: Int) -> [ProseRun] {
    var runs: [ProseRun] = []
    var buffer = ""
    // Where a search for a closer of (delimiter, count) already failed: searching again from
    // a later position cannot succeed, so long lines of unmatched `*` stay linear.
    var failedSearches: [String: Int] = [:]
    func flush() {
      if !buffer.isEmpty { runs.append(ProseRun(text: buffer, style: style)) }
      buffer = ""
    }
    var index = 0
    while index < chars.count {
      let char = chars[index]
      if char == "\\", index + 1 < chars.count, isEscapable(chars[index + 1]) {
        buffer.append(chars[index + 1])
        index += 2
        continue
      }
      if char == "`" {
        let length = runLength(chars, index)
        if let close = codeSpanEnd(chars, from: index + length, length: length) {
          flush()
          var content = Array(chars[(index + length)..<close])
          if content.count >= 2, content.first == " ", content.last == " ", content.contains(where: { $0 != " " }) {
            content = Array(content.dropFirst().dropLast())
          }
          runs.append(ProseRun(text: String(content), style: style.union(.code)))
          index = close + length
        } else {
          buffer += String(repeating: "`", count: length)
          index += length
        }
        continue
      }
      if char == "*" || char == "_" {
        let length = runLength(chars, index)
        if depth < maximumDepth, canOpen(chars, index, length),
          let (take, closeStart, closeLength) = match(
            chars, char, length: length, from: index + length, failedSearches: &failedSearches)
        {
          flush()
          let inner = Array(chars[(index + take)..<(closeStart + closeLength - take)])
          runs += parse(inner, style: style.union(take == 2 ? .bold : .italic), depth: depth + 1)
          index = closeStart + closeLength
        } else {
          buffer += String(repeating: char, count: length)
          index += length
        }
        continue
      }
      buffer.append(char)
      index += 1
    }
    flush()
    return runs
  }

  private static func isEscapable(_ char: Character) -> Bool {
    guard let ascii = char.asciiValue else { return false }
    return (0x21...0x2F).contains(ascii) || (0x3A...0x40).contains(ascii) || (0x5B...0x60).contains(ascii)
      || (0x7B...0x7E).contains(ascii)
  }

  private static func runLength(_ chars: [Character], _ index: Int) -> Int {
    var end = index
    while end < chars.count, chars[end] == chars[index] { end += 1 }
    return end - index
  }

  /// The start of the closing backtick run of exactly `length`, searching from `start`.
  private static func codeSpanEnd(_ chars: [Character], from start: Int, length: Int) -> Int? {
    var index = start
    while index < chars.count {
      if chars[index] == "`" {
        let run = runLength(chars, index)
        if run == length { return index }
        index += run
      } else {
        index += 1
      }
    }
    return nil
  }

  private static func canOpen(_ chars: [Character], _ index: Int, _ length: Int) -> Bool {
    let after = index + length
    guard after < chars.count, !chars[after].isWhitespace else { return false }
    if chars[index] == "_", index > 0, chars[index - 1].isLetter || chars[index - 1].isNumber { return false }
    return true
  }

  /// The delimiters taken from an opening run of `length` and the closing run that matches it:
  /// 2 (strong) when possible, else 1 (emphasis).
  private static func match(
    _ chars: [Character], _ char: Character, length: Int, from start: Int, failedSearches: inout [String: Int]
  ) -> (take: Int, start: Int, length: Int)? {
    for take in length >= 2 ? [2, 1] : [1] {
      let key = "\(char)\(take)"
      if let failed = failedSearches[key], failed <= start { continue }
      if let (closeStart, closeLength) = closer(chars, for: char, take: take, from: start) {
        return (take, closeStart, closeLength)
      }
      failedSearches[key] = start
    }
    return nil
  }

  /// A closing delimiter run for an opener of `char` using `take` delimiters.
  private static func closer(_ chars: [Character], for char: Character, take: Int, from start: Int) -> (Int, Int)? {
    var index = start
    while index < chars.count {
      let current = chars[index]
      if current == "\\" {
        index += 2
        continue
      }
      if current == "`" {
        let length = runLength(chars, index)
        index = codeSpanEnd(chars, from: index + length, length: length).map { $0 + length } ?? index + length
        continue
      }
      guard current == char else {
        index += 1
        continue
      }
      let length = runLength(chars, index)
      let fits = length == take || length >= 3
      let afterOK = char == "*" || index + length >= chars.count
        || !(chars[index + length].isLetter || chars[index + length].isNumber)
      if fits, !chars[index - 1].isWhitespace, afterOK {
        return (index, length)
      }
      index += length
    }
    return nil
  }

  /// Wraps styled runs into lines of at most `width` visible Characters (longer words stay
  /// whole); whitespace between words becomes one space.
  static func wrap(_ runs: [ProseRun], width: Int, ansi: Bool) -> [String] {
    var lines: [String] = []
    var line = ""
    var lineWidth = 0
    var word = ""
    var wordWidth = 0
    var piece = ""
    var pieceStyle: ProseStyle = []
    func endPiece() {
      if !piece.isEmpty { word += ansi ? pieceStyle.apply(to: piece) : piece }
      piece = ""
    }
    func endWord() {
      endPiece()
      guard wordWidth > 0 else { return }
      if lineWidth == 0 {
        line = word
        lineWidth = wordWidth
      } else if lineWidth + 1 + wordWidth <= width {
        line += " " + word
        lineWidth += 1 + wordWidth
      } else {
        lines.append(line)
        line = word
        lineWidth = wordWidth
      }
      word = ""
      wordWidth = 0
    }
    for run in runs {
      for char in run.text {
        if char == " " || char == "\t" || char == "\n" || char == "\r" || char == "\r\n" {
          endWord()
          continue
        }
        if run.style != pieceStyle {
          endPiece()
          pieceStyle = run.style
        }
        piece.append(char)
        wordWidth += 1
      }
    }
    endWord()
    if lineWidth > 0 { lines.append(line) }
    return lines
  }
}
