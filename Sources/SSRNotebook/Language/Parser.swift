/// A recursive-descent parser for the cell language (grammar in `notebooks/language-tour.ssrnb`).
///
/// Newlines separate statements, except inside `( )`, `[ ]` and record braces, after a binary
/// operator, and before a line that starts with a binary operator such as `|>` (so pipelines can
/// continue on the next line). Nesting is bounded (``maximumNesting``, ``maximumHeight``) so that
/// no input can exhaust the stack.
public struct Parser {
  /// The deepest bracket/operator nesting accepted.
  static let maximumNesting = 64
  /// The tallest expression tree accepted (long operator chains count too).
  static let maximumHeight = 256

  private var tokens: [Token]
  private var position = 0
  private var ignoresNewlines: [Bool] = [false]
  private var allowsRecord: [Bool] = [true]
  private var nesting = 0

  init(tokens: [Token]) {
    self.tokens = tokens
  }

  /// Parses a whole cell or REPL entry.
  public static func parse(_ source: String) throws(SSRError) -> Program {
    var parser = Parser(tokens: try Lexer.tokenize(source))
    return try parser.parseProgram()
  }

  // MARK: - Token access

  private mutating func peek() -> Token {
    if ignoresNewlines.last == true {
      while tokens[position].kind == .newline { position += 1 }
    }
    return tokens[position]
  }

  private mutating func advance() -> Token {
    let token = peek()
    if token.kind != .end { position += 1 }
    return token
  }

  private mutating func skipNewlines() {
    while tokens[position].kind == .newline { position += 1 }
  }

  private mutating func check(_ punct: Punct) -> Bool {
    peek().kind == .punct(punct)
  }

  private mutating func check(_ keyword: Keyword) -> Bool {
    peek().kind == .keyword(keyword)
  }

  private mutating func accept(_ punct: Punct) -> Token? {
    check(punct) ? advance() : nil
  }

  private mutating func expect(_ punct: Punct, _ context: String, opener: Token? = nil) throws(SSRError) -> Token {
    if let token = accept(punct) { return token }
    let found = peek()
    var notes: [String] = []
    if let opener {
      notes.append("the `\(opener.kind == .punct(.leftParen) ? "(" : opener.kind == .punct(.leftBracket) ? "[" : "{")` was opened at line \(opener.range.start.line), column \(opener.range.start.column)")
    }
    throw SSRError(
      "expected `\(punct.rawValue)` \(context), found \(found.kind.description)", at: found.range, notes: notes,
      isIncompleteInput: found.kind == .end)
  }

  private mutating func withNewlines<T>(ignored: Bool, records: Bool? = nil, _ body: (inout Parser) throws(SSRError) -> T)
    throws(SSRError) -> T
  {
    ignoresNewlines.append(ignored)
    if let records { allowsRecord.append(records) }
    defer {
      ignoresNewlines.removeLast()
      if records != nil { allowsRecord.removeLast() }
    }
    return try body(&self)
  }

  private mutating func nested<T>(at range: SourceRange, _ body: (inout Parser) throws(SSRError) -> T) throws(SSRError) -> T {
    nesting += 1
    defer { nesting -= 1 }
    guard nesting <= Parser.maximumNesting else {
      throw SSRError(
        "expression nested too deeply (more than \(Parser.maximumNesting) levels)", at: range,
        help: "split it into several `let` bindings")
    }
    return try body(&self)
  }

  /// Builds a node and enforces the height limit.
  private mutating func node(_ kind: Expr.Kind, _ range: SourceRange, children: [Expr]) throws(SSRError) -> Expr {
    let tallest = children.map(\.height).max() ?? 0
    guard tallest + 1 <= Parser.maximumHeight else {
      throw SSRError(
        "expression too long or too deeply nested (more than \(Parser.maximumHeight) levels)", at: range,
        help: "split it into several `let` bindings")
    }
    return Expr(kind: kind, range: range, height: tallest + 1)
  }

  // MARK: - Statements

  mutating func parseProgram() throws(SSRError) -> Program {
    var statements: [Statement] = []
    while true {
      skipSeparators()
      if peek().kind == .end { break }
      statements.append(try parseStatement())
      try expectStatementEnd(closing: nil)
    }
    return Program(statements: statements)
  }

  private mutating func skipSeparators() {
    while true {
      let kind = tokens[position].kind
      if kind == .newline || kind == .punct(.semicolon) { position += 1 } else { return }
    }
  }

  private mutating func expectStatementEnd(closing: Token?) throws(SSRError) {
    let token = tokens[position]
    switch token.kind {
    case .newline, .punct(.semicolon), .end: return
    case .punct(.rightBrace) where closing != nil: return
    default:
      var help: String? = nil
      if case .identifier = token.kind { help = "separate statements with a new line or `;`" }
      if token.kind == .punct(.colon) { help = "argument labels go inside a call: f(label: value)" }
      if token.kind == .punct(.equal) { help = "bindings are written `let name = value`; names cannot be reassigned" }
      throw SSRError("expected end of statement, found \(token.kind.description)", at: token.range, help: help)
    }
  }

  private mutating func parseStatement() throws(SSRError) -> Statement {
    let start = peek()
    if start.kind == .keyword(.let) {
      _ = advance()
      let nameToken = peek()
      guard case .identifier(let name) = nameToken.kind else {
        var help: String? = nil
        if case .keyword(let keyword) = nameToken.kind { help = "`\(keyword.rawValue)` is a reserved word; choose another name" }
        throw SSRError(
          "expected a name after `let`, found \(nameToken.kind.description)", at: nameToken.range, help: help,
          isIncompleteInput: nameToken.kind == .end)
      }
      _ = advance()
      guard accept(.equal) != nil else {
        let found = peek()
        throw SSRError(
          "expected `=` after `let \(name)`, found \(found.kind.description)", at: found.range,
          isIncompleteInput: found.kind == .end)
      }
      skipNewlines()
      let value = try parseExpression()
      return .binding(Binding(name: name, nameRange: nameToken.range, value: value, range: start.range.union(value.range)))
    }
    if case .identifier(let name) = start.kind, position + 1 < tokens.count, tokens[position + 1].kind == .punct(.equal) {
      throw SSRError(
        "expected an expression, found an assignment to `\(name)`", at: start.range,
        help: "bind a new name with `let \(name) = …`; names are single-assignment and cannot be reassigned")
    }
    return .expression(try parseExpression())
  }

  private mutating func parseBlock(_ context: String) throws(SSRError) -> Block {
    let open = peek()
    guard open.kind == .punct(.leftBrace) else {
      throw SSRError(
        "expected `{` to start \(context), found \(open.kind.description)", at: open.range,
        isIncompleteInput: open.kind == .end)
    }
    _ = advance()
    return try withNewlines(ignored: false, records: true) { (p: inout Parser) throws(SSRError) -> Block in
      try p.nested(at: open.range) { (p: inout Parser) throws(SSRError) -> Block in
        var statements: [Statement] = []
        while true {
          p.skipSeparators()
          let token = p.tokens[p.position]
          if token.kind == .punct(.rightBrace) {
            p.position += 1
            return Block(statements: statements, range: open.range.union(token.range))
          }
          if token.kind == .end {
            throw SSRError(
              "expected `}` to close \(context), found end of input", at: token.range,
              notes: ["the `{` was opened at line \(open.range.start.line), column \(open.range.start.column)"],
              isIncompleteInput: true)
          }
          statements.append(try p.parseStatement())
          try p.expectStatementEnd(closing: open)
        }
      }
    }
  }

  // MARK: - Expressions

  /// Parses one expression.
  mutating func parseExpression() throws(SSRError) -> Expr {
    try parseOr()
  }

  /// If the next token (possibly after newlines, when an operator continues the line) is one of
  /// `candidates`, consumes it and returns it.
  private mutating func binaryOperator(_ candidates: [TokenKind]) -> Token? {
    var probe = position
    if ignoresNewlines.last != true {
      while tokens[probe].kind == .newline { probe += 1 }
    } else {
      _ = peek()
      probe = position
    }
    guard candidates.contains(tokens[probe].kind) else { return nil }
    position = probe + 1
    skipNewlines()
    return tokens[probe]
  }

  private mutating func parseOr() throws(SSRError) -> Expr {
    var left = try parseAnd()
    while let op = binaryOperator([.keyword(.or)]) {
      let right = try parseAnd()
      left = try node(.binary(.or, left, right, operatorRange: op.range), left.range.union(right.range), children: [left, right])
    }
    return left
  }

  private mutating func parseAnd() throws(SSRError) -> Expr {
    var left = try parseNot()
    while let op = binaryOperator([.keyword(.and)]) {
      let right = try parseNot()
      left = try node(.binary(.and, left, right, operatorRange: op.range), left.range.union(right.range), children: [left, right])
    }
    return left
  }

  private mutating func parseNot() throws(SSRError) -> Expr {
    let token = peek()
    if token.kind == .keyword(.not) {
      _ = advance()
      return try nested(at: token.range) { (p: inout Parser) throws(SSRError) -> Expr in
        let operand = try p.parseNot()
        return try p.node(.unary(.not, operand), token.range.union(operand.range), children: [operand])
      }
    }
    return try parseComparison()
  }

  private static let comparisons: [TokenKind] = [
    .punct(.equalEqual), .punct(.notEqual), .punct(.less), .punct(.lessEqual), .punct(.greater), .punct(.greaterEqual),
  ]

  private mutating func parseComparison() throws(SSRError) -> Expr {
    let left = try parsePipe()
    guard let op = binaryOperator(Parser.comparisons), case .punct(let punct) = op.kind,
      let binary = BinaryOperator(rawValue: punct.rawValue)
    else { return left }
    let right = try parsePipe()
    if let extra = binaryOperator(Parser.comparisons) {
      throw SSRError(
        "comparisons cannot be chained: found a second `\(extra.kind.description.dropFirst().dropLast())`",
        at: extra.range, help: "combine them with `and`, e.g. `a < b and b < c`")
    }
    return try node(.binary(binary, left, right, operatorRange: op.range), left.range.union(right.range), children: [left, right])
  }

  private mutating func parsePipe() throws(SSRError) -> Expr {
    var left = try parseRange()
    while let op = binaryOperator([.punct(.pipe)]) {
      let nameToken = peek()
      guard case .identifier(let name) = nameToken.kind else {
        throw SSRError(
          "expected a builtin call after `|>`, like `kcore(5)`, found \(nameToken.kind.description)",
          at: nameToken.kind == .end ? op.range : nameToken.range, isIncompleteInput: nameToken.kind == .end)
      }
      _ = advance()
      var arguments = [CallArgument(label: nil, labelRange: nil, value: left, isPiped: true)]
      var end = nameToken.range
      if tokens[position].kind == .punct(.leftParen) {
        let (rest, close) = try parseArguments()
        arguments += rest
        end = close.range
      }
      let call = Call(name: name, nameRange: nameToken.range, arguments: arguments)
      left = try node(.call(call), left.range.union(end), children: arguments.map(\.value))
    }
    return left
  }

  private mutating func parseRange() throws(SSRError) -> Expr {
    let left = try parseAdditive()
    guard let op = binaryOperator([.punct(.closedRange), .punct(.halfOpenRange)]) else { return left }
    let right = try parseAdditive()
    return try node(.range(left, right, closed: op.kind == .punct(.closedRange)), left.range.union(right.range), children: [left, right])
  }

  private mutating func parseAdditive() throws(SSRError) -> Expr {
    var left = try parseMultiplicative()
    while let op = binaryOperator([.punct(.plus), .punct(.minus)]) {
      let right = try parseMultiplicative()
      let binary: BinaryOperator = op.kind == .punct(.plus) ? .add : .subtract
      left = try node(.binary(binary, left, right, operatorRange: op.range), left.range.union(right.range), children: [left, right])
    }
    return left
  }

  private mutating func parseMultiplicative() throws(SSRError) -> Expr {
    var left = try parseUnary()
    while let op = binaryOperator([.punct(.star), .punct(.slash), .punct(.percent)]) {
      let right = try parseUnary()
      let binary: BinaryOperator = op.kind == .punct(.star) ? .multiply : op.kind == .punct(.slash) ? .divide : .remainder
      left = try node(.binary(binary, left, right, operatorRange: op.range), left.range.union(right.range), children: [left, right])
    }
    return left
  }

  private mutating func parseUnary() throws(SSRError) -> Expr {
    let token = peek()
    if token.kind == .punct(.minus) {
      _ = advance()
      return try nested(at: token.range) { (p: inout Parser) throws(SSRError) -> Expr in
        let operand = try p.parseUnary()
        switch operand.kind {
        case .integer(let value) where operand.range.start == token.range.end:
          return Expr(kind: .integer(-value), range: token.range.union(operand.range))
        case .double(let value) where operand.range.start == token.range.end:
          return Expr(kind: .double(-value), range: token.range.union(operand.range))
        default:
          return try p.node(.unary(.negate, operand), token.range.union(operand.range), children: [operand])
        }
      }
    }
    return try parsePostfix()
  }

  private mutating func parsePostfix() throws(SSRError) -> Expr {
    var expr = try parsePrimary()
    while true {
      let token = tokens[position]
      switch token.kind {
      case .punct(.leftParen):
        guard case .name(let name) = expr.kind else {
          throw SSRError(
            "only builtins can be called; this expression is not a builtin name", at: expr.range,
            help: "calls look like `name(arguments)`; use `help()` to list the builtins")
        }
        let (arguments, close) = try parseArguments()
        let call = Call(name: name, nameRange: expr.range, arguments: arguments)
        expr = try node(.call(call), expr.range.union(close.range), children: arguments.map(\.value))
      case .punct(.dot):
        position += 1
        let nameToken = tokens[position]
        let name: String
        switch nameToken.kind {
        case .identifier(let identifier): name = identifier
        case .keyword(let keyword): name = keyword.rawValue
        default:
          throw SSRError(
            "expected a member name after `.`, found \(nameToken.kind.description)", at: nameToken.range,
            help: nameToken.kind.isInteger ? "index lists with brackets: `xs[0]`" : nil)
        }
        position += 1
        expr = try node(.member(expr, name: name, nameRange: nameToken.range), expr.range.union(nameToken.range), children: [expr])
      case .punct(.leftBracket):
        position += 1
        let index = try withNewlines(ignored: true, records: true) { (p: inout Parser) throws(SSRError) -> Expr in
          try p.nested(at: token.range) { (p: inout Parser) throws(SSRError) -> Expr in try p.parseExpression() }
        }
        let close = try withNewlines(ignored: true) { (p: inout Parser) throws(SSRError) -> Token in
          try p.expect(.rightBracket, "to close the index", opener: token)
        }
        expr = try node(.index(expr, index), expr.range.union(close.range), children: [expr, index])
      default:
        return expr
      }
    }
  }

  private mutating func parseArguments() throws(SSRError) -> ([CallArgument], Token) {
    let open = tokens[position]
    position += 1
    return try withNewlines(ignored: true, records: true) { (p: inout Parser) throws(SSRError) -> ([CallArgument], Token) in
      try p.nested(at: open.range) { (p: inout Parser) throws(SSRError) -> ([CallArgument], Token) in
        var arguments: [CallArgument] = []
        while true {
          if let close = p.accept(.rightParen) { return (arguments, close) }
          let token = p.peek()
          var label: String?
          var labelRange: SourceRange?
          if p.position + 1 < p.tokens.count, p.tokens[p.position + 1].kind == .punct(.colon) {
            switch token.kind {
            case .identifier(let name): label = name
            case .keyword(let keyword): label = keyword.rawValue
            default: break
            }
            if label != nil {
              labelRange = token.range
              p.position += 2
            }
          }
          let value = try p.parseExpression()
          arguments.append(CallArgument(label: label, labelRange: labelRange, value: value, isPiped: false))
          if p.accept(.comma) == nil {
            if let close = p.accept(.rightParen) { return (arguments, close) }
            let found = p.peek()
            throw SSRError(
              "expected `,` or `)` in the argument list, found \(found.kind.description)", at: found.range,
              notes: ["the `(` was opened at line \(open.range.start.line), column \(open.range.start.column)"],
              isIncompleteInput: found.kind == .end)
          }
        }
      }
    }
  }

  private mutating func parsePrimary() throws(SSRError) -> Expr {
    let token = peek()
    switch token.kind {
    case .integer(let value):
      _ = advance()
      return Expr(kind: .integer(value), range: token.range)
    case .double(let value):
      _ = advance()
      return Expr(kind: .double(value), range: token.range)
    case .string(let pieces):
      _ = advance()
      return try stringLiteral(pieces, range: token.range)
    case .keyword(.true), .keyword(.false):
      _ = advance()
      return Expr(kind: .bool(token.kind == .keyword(.true)), range: token.range)
    case .identifier(let name):
      _ = advance()
      return Expr(kind: .name(name), range: token.range)
    case .punct(.dot):
      _ = advance()
      let nameToken = tokens[position]
      switch nameToken.kind {
      case .identifier(let name):
        position += 1
        return Expr(kind: .symbol(name), range: token.range.union(nameToken.range))
      case .keyword(let keyword):
        position += 1
        return Expr(kind: .symbol(keyword.rawValue), range: token.range.union(nameToken.range))
      default:
        throw SSRError(
          "expected a symbol name after `.`, as in `.sasrec`, found \(nameToken.kind.description)", at: nameToken.range,
          isIncompleteInput: nameToken.kind == .end)
      }
    case .punct(.leftParen):
      _ = advance()
      return try withNewlines(ignored: true, records: true) { (p: inout Parser) throws(SSRError) -> Expr in
        try p.nested(at: token.range) { (p: inout Parser) throws(SSRError) -> Expr in
          let inner = try p.parseExpression()
          let close = try p.expect(.rightParen, "to close the parenthesis", opener: token)
          return Expr(kind: inner.kind, range: token.range.union(close.range), height: inner.height)
        }
      }
    case .punct(.leftBracket):
      _ = advance()
      return try listLiteral(open: token)
    case .punct(.leftBrace):
      guard allowsRecord.last == true else {
        throw SSRError(
          "expected an expression, found `{`", at: token.range,
          help: "a record literal in a condition or loop header must be wrapped in parentheses: `({a: 1})`")
      }
      _ = advance()
      return try recordLiteral(open: token)
    case .keyword(.for):
      _ = advance()
      return try forExpression(start: token)
    case .keyword(.if):
      _ = advance()
      return try ifExpression(start: token)
    case .end:
      throw SSRError("expected an expression, found end of input", at: token.range, isIncompleteInput: true)
    case .keyword(.let):
      throw SSRError(
        "expected an expression, found `let`", at: token.range,
        help: "`let` starts a statement; it cannot be used inside an expression")
    default:
      throw SSRError("expected an expression, found \(token.kind.description)", at: token.range)
    }
  }

  private mutating func stringLiteral(_ pieces: [StringPiece], range: SourceRange) throws(SSRError) -> Expr {
    var segments: [StringSegment] = []
    for piece in pieces {
      switch piece {
      case .text(let text):
        segments.append(.text(text))
      case .interpolation(let innerTokens, let innerRange):
        var inner = Parser(tokens: innerTokens)
        inner.ignoresNewlines = [true]
        inner.nesting = nesting + 1
        guard inner.peek().kind != .end else {
          throw SSRError("expected an expression inside `\\( )`, found nothing", at: innerRange)
        }
        let expr = try inner.parseExpression()
        let rest = inner.peek()
        guard rest.kind == .end else {
          throw SSRError("expected `)` to end the interpolation, found \(rest.kind.description)", at: rest.range)
        }
        segments.append(.interpolation(expr))
      }
    }
    return Expr(kind: .string(segments), range: range)
  }

  private mutating func listLiteral(open: Token) throws(SSRError) -> Expr {
    try withNewlines(ignored: true, records: true) { (p: inout Parser) throws(SSRError) -> Expr in
      try p.nested(at: open.range) { (p: inout Parser) throws(SSRError) -> Expr in
        var elements: [Expr] = []
        while true {
          if let close = p.accept(.rightBracket) {
            return try p.node(.list(elements), open.range.union(close.range), children: elements)
          }
          elements.append(try p.parseExpression())
          if p.accept(.comma) == nil {
            if let close = p.accept(.rightBracket) {
              return try p.node(.list(elements), open.range.union(close.range), children: elements)
            }
            let found = p.peek()
            var help: String? = nil
            if found.kind == .punct(.colon) { help = "records use braces: {key: value}" }
            throw SSRError(
              "expected `,` or `]` in the list, found \(found.kind.description)", at: found.range,
              notes: ["the `[` was opened at line \(open.range.start.line), column \(open.range.start.column)"],
              help: help, isIncompleteInput: found.kind == .end)
          }
        }
      }
    }
  }

  private mutating func recordLiteral(open: Token) throws(SSRError) -> Expr {
    try withNewlines(ignored: true, records: true) { (p: inout Parser) throws(SSRError) -> Expr in
      try p.nested(at: open.range) { (p: inout Parser) throws(SSRError) -> Expr in
        var fields: [RecordField] = []
        var seen: [String: SourceRange] = [:]
        while true {
          if let close = p.accept(.rightBrace) {
            return try p.node(.record(fields), open.range.union(close.range), children: fields.map(\.value))
          }
          let keyToken = p.advance()
          let key: String
          switch keyToken.kind {
          case .identifier(let name): key = name
          case .keyword(let keyword): key = keyword.rawValue
          case .string(let pieces) where pieces.count == 1:
            guard case .text(let text) = pieces[0] else { fallthrough }
            key = text
          default:
            throw SSRError(
              "expected a field name in the record, found \(keyToken.kind.description)", at: keyToken.range,
              help: "records are written {name: value, other: value}", isIncompleteInput: keyToken.kind == .end)
          }
          if let previous = seen[key] {
            throw SSRError(
              "duplicate field `\(key)` in the record", at: keyToken.range,
              notes: ["first defined at line \(previous.start.line), column \(previous.start.column)"])
          }
          seen[key] = keyToken.range
          _ = try p.expect(.colon, "after the field name `\(key)`")
          let value = try p.parseExpression()
          fields.append(RecordField(key: key, keyRange: keyToken.range, value: value))
          if p.accept(.comma) == nil {
            if let close = p.accept(.rightBrace) {
              return try p.node(.record(fields), open.range.union(close.range), children: fields.map(\.value))
            }
            let found = p.peek()
            throw SSRError(
              "expected `,` or `}` in the record, found \(found.kind.description)", at: found.range,
              notes: ["the `{` was opened at line \(open.range.start.line), column \(open.range.start.column)"],
              isIncompleteInput: found.kind == .end)
          }
        }
      }
    }
  }

  private mutating func forExpression(start: Token) throws(SSRError) -> Expr {
    let variableToken = peek()
    guard case .identifier(let variable) = variableToken.kind else {
      throw SSRError(
        "expected a loop variable name after `for`, found \(variableToken.kind.description)", at: variableToken.range,
        isIncompleteInput: variableToken.kind == .end)
    }
    _ = advance()
    guard check(.in) else {
      let found = peek()
      throw SSRError(
        "expected `in` after `for \(variable)`, found \(found.kind.description)", at: found.range,
        isIncompleteInput: found.kind == .end)
    }
    _ = advance()
    let (sequence, filter) = try withNewlines(ignored: false, records: false) {
      (p: inout Parser) throws(SSRError) -> (Expr, Expr?) in
      let sequence = try p.nested(at: start.range) { (p: inout Parser) throws(SSRError) -> Expr in try p.parseExpression() }
      var filter: Expr? = nil
      if p.check(.where) {
        _ = p.advance()
        filter = try p.nested(at: start.range) { (p: inout Parser) throws(SSRError) -> Expr in try p.parseExpression() }
      }
      return (sequence, filter)
    }
    let body = try parseBlock("the body of the `for` loop")
    let loop = ForIn(variable: variable, variableRange: variableToken.range, sequence: sequence, filter: filter, body: body)
    var children = [sequence] + body.statements.map(statementExpr)
    if let filter { children.append(filter) }
    return try node(.forIn(loop), start.range.union(body.range), children: children)
  }

  private mutating func ifExpression(start: Token) throws(SSRError) -> Expr {
    let condition = try withNewlines(ignored: false, records: false) { (p: inout Parser) throws(SSRError) -> Expr in
      try p.nested(at: start.range) { (p: inout Parser) throws(SSRError) -> Expr in try p.parseExpression() }
    }
    let then = try parseBlock("the `if` branch")
    var otherwise: Block? = nil
    var end = then.range
    var probe = position
    while tokens[probe].kind == .newline { probe += 1 }
    if tokens[probe].kind == .keyword(.else) {
      position = probe + 1
      let next = peek()
      if next.kind == .keyword(.if) {
        _ = advance()
        let nestedIf = try nested(at: next.range) { (p: inout Parser) throws(SSRError) -> Expr in
          try p.ifExpression(start: next)
        }
        otherwise = Block(statements: [.expression(nestedIf)], range: nestedIf.range)
      } else {
        otherwise = try parseBlock("the `else` branch")
      }
      end = otherwise!.range
    }
    let conditional = Conditional(condition: condition, then: then, otherwise: otherwise)
    var children = [condition] + then.statements.map(statementExpr)
    children += (otherwise?.statements ?? []).map(statementExpr)
    return try node(.conditional(conditional), start.range.union(end), children: children)
  }

  private func statementExpr(_ statement: Statement) -> Expr {
    switch statement {
    case .binding(let binding): return binding.value
    case .expression(let expr): return expr
    }
  }
}

extension TokenKind {
  fileprivate var isInteger: Bool {
    if case .integer = self { return true }
    return false
  }
}
