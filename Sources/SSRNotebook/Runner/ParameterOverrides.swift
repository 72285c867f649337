import Foundation

/// `ssr-run -p NAME=VALUE` overrides of the bindings in `//| parameters` cells (as papermill does).
///
/// A value is read as a cell-language literal (`3`, `1e-3`, `true`, `"text"`, `.sasrec`,
/// `[1, 2]`, `{a: 1}`); anything that is not a literal is taken as a plain string, so
/// `-p dataset=ml-1m` works without quotes. The value must match the kind of the notebook's
/// default: an Int default accepts Ints, a Double default accepts any number, a symbol default
/// turns a bare word into a symbol.
public enum ParameterOverrides {
  /// An override that cannot be used.
  public struct Problem: Error, CustomStringConvertible {
    /// The message for the user.
    public var description: String
  }

  /// Parses `NAME=VALUE` strings.
  public static func parse(_ assignments: [String]) throws(Problem) -> [String: Value] {
    var result: [String: Value] = [:]
    for assignment in assignments {
      guard let equals = assignment.firstIndex(of: "=") else {
        throw Problem(description: "-p expects NAME=VALUE, found `\(assignment)`")
      }
      let name = String(assignment[..<equals]).trimmingCharacters(in: .whitespaces)
      let text = String(assignment[assignment.index(after: equals)...])
      guard !name.isEmpty, name.first.map({ $0.isLetter || $0 == "_" }) == true,
        name.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" })
      else {
        throw Problem(description: "-p: `\(name)` is not a valid name")
      }
      guard result[name] == nil else { throw Problem(description: "-p: `\(name)` is given twice") }
      result[name] = literal(text) ?? .string(text)
    }
    return result
  }

  /// The value of a literal expression, or nil when `text` is not one.
  static func literal(_ text: String) -> Value? {
    guard let program = try? Parser.parse(text), program.statements.count == 1,
      case .expression(let expr) = program.statements[0], FreeNames.of(program).isEmpty, isLiteral(expr)
    else { return nil }
    let context = EvaluationContext(seed: 0, baseDirectory: ".", registry: BuiltinRegistry()) { _ in }
    return try? Interpreter(registry: BuiltinRegistry(), context: context).evaluate(expr)
  }

  private static func isLiteral(_ expr: Expr) -> Bool {
    switch expr.kind {
    case .integer, .double, .bool, .symbol: return true
    case .string(let segments): return segments.allSatisfy { if case .text = $0 { return true } else { return false } }
    case .list(let elements): return elements.allSatisfy(isLiteral)
    case .record(let fields): return fields.allSatisfy { isLiteral($0.value) }
    case .unary(.negate, let operand): return isLiteral(operand)
    default: return false
    }
  }

  /// Converts an override to the kind of the notebook's default value, or explains the mismatch.
  public static func coerce(_ override: Value, toMatch original: Value, name: String) throws(Problem) -> Value {
    switch (original, override) {
    case (.int, .int), (.double, .double), (.bool, .bool), (.string, .string), (.symbol, .symbol), (.list, .list), (.record, .record):
      return override
    case (.double, .int(let i)): return .double(Double(i))
    case (.symbol, .string(let s)) where !s.isEmpty && s.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" }):
      return .symbol(s)
    case (.string, _): return .string(ValueDisplay.plainText(override))
    default:
      throw Problem(
        description:
          "-p \(name): the notebook's default is \(ValueDisplay.summary(of: original)), but the override is \(ValueDisplay.summary(of: override))"
      )
    }
  }
}
