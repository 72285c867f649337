/// An expression of the cell language with its source range.
public struct Expr: Sendable {
  /// The shape of the expression.
  public indirect enum Kind: Sendable {
    case integer(Int)
    case double(Double)
    case string([StringSegment])
    case bool(Bool)
    case symbol(String)
    case list([Expr])
    case record([RecordField])
    case name(String)
    case unary(UnaryOperator, Expr)
    case binary(BinaryOperator, Expr, Expr, operatorRange: SourceRange)
    case range(Expr, Expr, closed: Bool)
    case call(Call)
    case member(Expr, name: String, nameRange: SourceRange)
    case index(Expr, Expr)
    case forIn(ForIn)
    case conditional(Conditional)
  }

  /// The shape of the expression.
  public var kind: Kind
  /// Where the expression is.
  public var range: SourceRange
  /// The height of the expression tree (a leaf is 1); bounded by the parser.
  var height: Int = 1
}

/// A piece of a string literal.
public enum StringSegment: Sendable {
  case text(String)
  case interpolation(Expr)
}

/// A `key: value` entry of a record literal.
public struct RecordField: Sendable {
  /// The key.
  public var key: String
  /// Where the key is.
  public var keyRange: SourceRange
  /// The value expression.
  public var value: Expr
}

/// A call of a builtin, `name(arg, label: arg, …)`; pipes are desugared into calls.
public struct Call: Sendable {
  /// The builtin's name.
  public var name: String
  /// Where the name is.
  public var nameRange: SourceRange
  /// The arguments in source order (a piped value comes first, marked ``Argument/isPiped``).
  public var arguments: [CallArgument]
}

/// One argument of a call.
public struct CallArgument: Sendable {
  /// The label (`epochs` in `epochs: 3`), or nil for a positional argument.
  public var label: String?
  /// Where the label is.
  public var labelRange: SourceRange?
  /// The argument's value.
  public var value: Expr
  /// True for the left-hand side of `|>`.
  public var isPiped: Bool

  /// The range to underline when this argument is wrong.
  public var range: SourceRange {
    if let labelRange { return labelRange.union(value.range) }
    return value.range
  }
}

/// `for name in sequence where filter { body }`.
public struct ForIn: Sendable {
  /// The loop variable.
  public var variable: String
  /// Where the loop variable is.
  public var variableRange: SourceRange
  /// The sequence iterated over.
  public var sequence: Expr
  /// The optional `where` condition.
  public var filter: Expr?
  /// The body, evaluated once per element.
  public var body: Block
}

/// `if condition { … } else { … }`.
public struct Conditional: Sendable {
  /// The condition (must be a Bool).
  public var condition: Expr
  /// The branch taken when the condition is true.
  public var then: Block
  /// The branch taken otherwise (an `else if` is a block holding one conditional).
  public var otherwise: Block?
}

/// A braced sequence of statements; its value is the value of its last expression.
public struct Block: Sendable {
  /// The statements.
  public var statements: [Statement]
  /// Where the braces are.
  public var range: SourceRange
}

/// A statement: a binding or an expression.
public enum Statement: Sendable {
  case binding(Binding)
  case expression(Expr)

  /// Where the statement is.
  public var range: SourceRange {
    switch self {
    case .binding(let binding): return binding.range
    case .expression(let expr): return expr.range
    }
  }
}

/// `let name = value`.
public struct Binding: Sendable {
  /// The bound name.
  public var name: String
  /// Where the name is.
  public var nameRange: SourceRange
  /// The value expression.
  public var value: Expr
  /// The whole statement.
  public var range: SourceRange
}

/// Prefix operators.
public enum UnaryOperator: String, Sendable {
  case negate = "-"
  case not = "not"
}

/// Infix operators, from loosest to tightest: `or`; `and`; comparisons; `|>` (desugared);
/// ranges; `+ -`; `* / %`.
public enum BinaryOperator: String, Sendable {
  case or, and
  case equal = "==", notEqual = "!=", less = "<", lessEqual = "<=", greater = ">", greaterEqual = ">="
  case add = "+", subtract = "-", multiply = "*", divide = "/", remainder = "%"
}

/// A parsed cell or REPL entry.
public struct Program: Sendable {
  /// The top-level statements.
  public var statements: [Statement]

  /// The names bound by top-level `let`s, in order.
  public var definedNames: [String] {
    statements.compactMap {
      if case .binding(let binding) = $0 { return binding.name }
      return nil
    }
  }
}
