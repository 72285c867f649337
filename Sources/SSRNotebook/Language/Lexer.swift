/// Turns cell source into tokens.
///
/// Newlines are tokens (they separate statements); `//` comments run to the end of the line and
/// are dropped, which also covers the `//|` option lines at the top of a cell. String literals
/// support the escapes `\n \t \r \0 \\ \" \' \u{…}` and Swift-style interpolation `\(expr)`.
struct Lexer {
  private let chars: [Character]
  private var index = 0
  private var line = 1
  private var column = 1
  /// Nesting depth of string interpolations, bounded to keep recursion shallow.
  private let depth: Int

  /// Creates a lexer over the whole source.
  init(_ source: String) {
    self.chars = Array(source)
    self.depth = 0
  }

  private init(chars: [Character], index: Int, line: Int, column: Int, depth: Int) {
    self.chars = chars
    self.index = index
    self.line = line
    self.column = column
    self.depth = depth
  }

  /// Lexes the whole source; the last token is `.end`.
  static func tokenize(_ source: String) throws(SSRError) -> [Token] {
    var lexer = Lexer(source)
    return try lexer.tokens(untilClosingParen: false)
  }

  private var position: SourcePosition { SourcePosition(line: line, column: column, offset: index) }

  private func peek(_ ahead: Int = 0) -> Character? {
    let i = index + ahead
    return i < chars.count ? chars[i] : nil
  }

  private mutating func advance() {
    if chars[index] == "\n" {
      line += 1
      column = 1
    } else {
      column += 1
    }
    index += 1
  }

  /// Lexes tokens until the end of input or, inside an interpolation, until the `)` that closes it.
  private mutating func tokens(untilClosingParen: Bool) throws(SSRError) -> [Token] {
    var result: [Token] = []
    var parens = 0
    while true {
      skipSpacesAndComments()
      let start = position
      guard let c = peek() else {
        if untilClosingParen {
          throw SSRError(
            "unterminated interpolation: expected `)` to close `\\(`, found end of input", at: SourceRange(start, start),
            isIncompleteInput: true)
        }
        result.append(Token(kind: .end, range: SourceRange(start, start)))
        return result
      }
      if untilClosingParen {
        if c == "(" { parens += 1 }
        if c == ")" {
          if parens == 0 {
            result.append(Token(kind: .end, range: SourceRange(start, start)))
            return result
          }
          parens -= 1
        }
        if c == "\n" || c == "\r" {
          throw SSRError(
            "expected `)` to close the interpolation `\\(` inside the string, found end of line",
            at: SourceRange(start, start))
        }
      }
      result.append(try token(startingWith: c, at: start))
    }
  }

  private mutating func skipSpacesAndComments() {
    while let c = peek() {
      if c == " " || c == "\t" || c == "\r" || c == "\u{FEFF}" {
        advance()
      } else if c == "/" && peek(1) == "/" {
        while let d = peek(), d != "\n" { advance() }
      } else {
        return
      }
    }
  }

  private mutating func token(startingWith c: Character, at start: SourcePosition) throws(SSRError) -> Token {
    if c == "\n" {
      advance()
      return Token(kind: .newline, range: SourceRange(start, position))
    }
    if c.isLetter || c == "_" {
      var name = ""
      while let d = peek(), d.isLetter || d.isNumber || d == "_" {
        name.append(d)
        advance()
      }
      let kind: TokenKind = Keyword(rawValue: name).map { .keyword($0) } ?? .identifier(name)
      return Token(kind: kind, range: SourceRange(start, position))
    }
    if c.isASCII && c.isNumber {
      return try number(at: start)
    }
    if c == "\"" {
      return try string(at: start)
    }
    return try punctuation(c, at: start)
  }

  private mutating func number(at start: SourcePosition) throws(SSRError) -> Token {
    var text = ""
    var isDouble = false
    func digits(_ lexer: inout Lexer, into text: inout String) {
      while let d = lexer.peek(), (d.isASCII && d.isNumber) || d == "_" {
        if d != "_" { text.append(d) }
        lexer.advance()
      }
    }
    digits(&self, into: &text)
    if peek() == ".", let next = peek(1), next.isASCII, next.isNumber {
      isDouble = true
      text.append(".")
      advance()
      digits(&self, into: &text)
    }
    if let e = peek(), e == "e" || e == "E" {
      var ahead = 1
      if let sign = peek(1), sign == "+" || sign == "-" { ahead = 2 }
      if let d = peek(ahead), d.isASCII, d.isNumber {
        isDouble = true
        text.append("e")
        advance()
        if ahead == 2, let sign = peek() {
          text.append(sign)
          advance()
        }
        digits(&self, into: &text)
      }
    }
    if let d = peek(), d.isLetter || d == "_" {
      let end = SourcePosition(line: line, column: column + 1, offset: index + 1)
      throw SSRError(
        "expected a number, found `\(text)\(d)…`: a name cannot start with a digit", at: SourceRange(start, end))
    }
    let range = SourceRange(start, position)
    if isDouble {
      guard let value = Double(text), value.isFinite else {
        throw SSRError("the number `\(text)` is too large for a Double", at: range)
      }
      return Token(kind: .double(value), range: range)
    }
    guard let value = Int(text) else {
      throw SSRError(
        "the integer `\(text)` does not fit in 64 bits", at: range,
        help: "write it as a Double, e.g. `\(text).0` or `\(text.prefix(1))e\(text.count - 1)`")
    }
    return Token(kind: .integer(value), range: range)
  }

  private mutating func string(at start: SourcePosition) throws(SSRError) -> Token {
    advance()  // opening quote
    var pieces: [StringPiece] = []
    var text = ""
    while true {
      guard let c = peek(), c != "\n" else {
        throw SSRError(
          "unterminated string: expected a closing `\"`, found end of line", at: SourceRange(start, position),
          help: "strings end on the line where they start; use \\n for a line break")
      }
      if c == "\"" {
        advance()
        break
      }
      if c == "\\" {
        let escapeStart = position
        advance()
        guard let e = peek(), e != "\n" else {
          throw SSRError("expected an escape after `\\`, found end of line", at: SourceRange(escapeStart, position))
        }
        switch e {
        case "n": text.append("\n"); advance()
        case "t": text.append("\t"); advance()
        case "r": text.append("\r"); advance()
        case "0": text.append("\0"); advance()
        case "\\": text.append("\\"); advance()
        case "\"": text.append("\""); advance()
        case "'": text.append("'"); advance()
        case "u": text.append(try unicodeEscape(from: escapeStart))
        case "(":
          advance()
          guard depth < 8 else {
            throw SSRError("string interpolations are nested too deeply", at: SourceRange(escapeStart, position))
          }
          if !text.isEmpty {
            pieces.append(.text(text))
            text = ""
          }
          var inner = Lexer(chars: chars, index: index, line: line, column: column, depth: depth + 1)
          let innerTokens = try inner.tokens(untilClosingParen: true)
          index = inner.index
          line = inner.line
          column = inner.column
          advance()  // the closing paren
          pieces.append(.interpolation(innerTokens, SourceRange(escapeStart, position)))
        default:
          advance()
          throw SSRError(
            "unknown escape `\\\(e)` in string", at: SourceRange(escapeStart, position),
            help: "valid escapes are \\n \\t \\r \\0 \\\\ \\\" \\' \\u{…} and \\(expression)")
        }
        continue
      }
      text.append(c)
      advance()
    }
    if !text.isEmpty || pieces.isEmpty { pieces.append(.text(text)) }
    return Token(kind: .string(pieces), range: SourceRange(start, position))
  }

  private mutating func unicodeEscape(from escapeStart: SourcePosition) throws(SSRError) -> String {
    advance()  // u
    guard peek() == "{" else {
      throw SSRError("expected `{` after `\\u`, as in \\u{1F600}", at: SourceRange(escapeStart, position))
    }
    advance()
    var hex = ""
    while let d = peek(), d.isHexDigit, hex.count < 8 {
      hex.append(d)
      advance()
    }
    guard peek() == "}" else {
      throw SSRError("expected hex digits and `}` in \\u{…}", at: SourceRange(escapeStart, position))
    }
    advance()
    guard let code = UInt32(hex, radix: 16), let scalar = Unicode.Scalar(code) else {
      throw SSRError("`\\u{\(hex)}` is not a valid Unicode scalar", at: SourceRange(escapeStart, position))
    }
    return String(Character(scalar))
  }

  private mutating func punctuation(_ c: Character, at start: SourcePosition) throws(SSRError) -> Token {
    let next = peek(1)
    let nextNext = peek(2)
    var punct: Punct?
    var length = 1
    switch c {
    case "+": punct = .plus
    case "-": punct = .minus
    case "*": punct = .star
    case "/": punct = .slash
    case "%": punct = .percent
    case "=": (punct, length) = next == "=" ? (.equalEqual, 2) : (.equal, 1)
    case "!":
      if next == "=" {
        (punct, length) = (.notEqual, 2)
      } else {
        advance()
        throw SSRError(
          "unexpected `!`", at: SourceRange(start, position), help: "use `not` for logical negation, e.g. `not done`")
      }
    case "<": (punct, length) = next == "=" ? (.lessEqual, 2) : (.less, 1)
    case ">": (punct, length) = next == "=" ? (.greaterEqual, 2) : (.greater, 1)
    case "|":
      if next == ">" {
        (punct, length) = (.pipe, 2)
      } else {
        advance()
        if next == "|" { advance() }
        throw SSRError(
          "unexpected `\(next == "|" ? "||" : "|")`", at: SourceRange(start, position),
          help: next == "|" ? "use `or`, e.g. `a or b`" : "the pipe operator is `|>`")
      }
    case "&":
      advance()
      if next == "&" { advance() }
      throw SSRError("unexpected `\(next == "&" ? "&&" : "&")`", at: SourceRange(start, position), help: "use `and`, e.g. `a and b`")
    case ".":
      if next == "." && nextNext == "." {
        (punct, length) = (.closedRange, 3)
      } else if next == "." && nextNext == "<" {
        (punct, length) = (.halfOpenRange, 3)
      } else {
        punct = .dot
      }
    case "(": punct = .leftParen
    case ")": punct = .rightParen
    case "[": punct = .leftBracket
    case "]": punct = .rightBracket
    case "{": punct = .leftBrace
    case "}": punct = .rightBrace
    case ",": punct = .comma
    case ":": punct = .colon
    case ";": punct = .semicolon
    default: punct = nil
    }
    guard let punct else {
      advance()
      let shown = c.unicodeScalars.allSatisfy { $0.value >= 0x20 && $0.value != 0x7F } ? "`\(c)`" : "character U+\(String(c.unicodeScalars.first!.value, radix: 16, uppercase: true))"
      var help: String? = nil
      if c == "'" { help = "strings use double quotes: \"text\"" }
      if c == "#" { help = "comments start with //" }
      throw SSRError("unexpected \(shown)", at: SourceRange(start, position), help: help)
    }
    for _ in 0..<length { advance() }
    return Token(kind: .punct(punct), range: SourceRange(start, position))
  }
}
