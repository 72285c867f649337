/// A lexical token of the cell language.
struct Token: Sendable, Equatable {
  /// What kind of token this is, with its payload.
  var kind: TokenKind
  /// Where the token is in the source.
  var range: SourceRange
}

/// One piece of a string literal: literal text or an interpolated expression `\(…)`.
enum StringPiece: Sendable, Equatable {
  case text(String)
  case interpolation([Token], SourceRange)
}

/// The kinds of tokens.
enum TokenKind: Sendable, Equatable {
  case identifier(String)
  case integer(Int)
  case double(Double)
  case string([StringPiece])
  case keyword(Keyword)
  case punct(Punct)
  case newline
  case end

  /// A short description for "expected …, found …" messages.
  var description: String {
    switch self {
    case .identifier(let name): return "name `\(name)`"
    case .integer(let value): return "number `\(value)`"
    case .double(let value): return "number `\(value)`"
    case .string: return "a string"
    case .keyword(let keyword): return "`\(keyword.rawValue)`"
    case .punct(let punct): return "`\(punct.rawValue)`"
    case .newline: return "end of line"
    case .end: return "end of input"
    }
  }
}

/// Reserved words.
enum Keyword: String, Sendable, CaseIterable {
  case `let`, `for`, `in`, `where`, `if`, `else`, `true`, `false`, `and`, `or`, `not`
}

/// Punctuation and operators.
enum Punct: String, Sendable, CaseIterable {
  case plus = "+", minus = "-", star = "*", slash = "/", percent = "%"
  case equalEqual = "==", notEqual = "!=", less = "<", lessEqual = "<=", greater = ">", greaterEqual = ">="
  case pipe = "|>", closedRange = "...", halfOpenRange = "..<"
  case leftParen = "(", rightParen = ")", leftBracket = "[", rightBracket = "]", leftBrace = "{", rightBrace = "}"
  case comma = ",", colon = ":", semicolon = ";", equal = "=", dot = "."
}
