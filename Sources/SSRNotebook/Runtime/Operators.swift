/// The arithmetic, comparison and equality rules of the cell language.
///
/// - `+ - *` on two Ints give an Int (overflow is an error, never a wrap-around); with a Double
///   they give a Double. `/` always gives a Double. `%` is the remainder (Int or Double).
/// - `+` also concatenates strings and lists, and merges records (right-hand fields win).
/// - `==`/`!=` compare any two values structurally (Int 1 equals Double 1.0; record field order
///   does not matter). `< <= > >=` order numbers, strings, and symbols.
enum Operators {
  static func binary(_ op: BinaryOperator, _ left: Value, _ right: Value) throws(BuiltinError) -> Value {
    switch op {
    case .equal: return .bool(equal(left, right))
    case .notEqual: return .bool(!equal(left, right))
    case .less, .lessEqual, .greater, .greaterEqual:
      let order = try compare(left, right, op: op.rawValue)
      switch op {
      case .less: return .bool(order < 0)
      case .lessEqual: return .bool(order <= 0)
      case .greater: return .bool(order > 0)
      default: return .bool(order >= 0)
      }
    case .add: return try add(left, right)
    case .subtract, .multiply, .divide, .remainder: return try arithmetic(op, left, right)
    case .and, .or:
      preconditionFailure("and/or are short-circuited by the interpreter")
    }
  }

  static func add(_ left: Value, _ right: Value) throws(BuiltinError) -> Value {
    switch (left, right) {
    case (.string(let a), .string(let b)): return .string(a + b)
    case (.list(let a), .list(let b)):
      guard a.count + b.count <= Value.maximumListLength else { throw BuiltinError("the list would be too long") }
      return .list(a + b)
    case (.record(var a), .record(let b)):
      for (key, value) in b.fields { a[key] = value }
      return .record(a)
    case (.string, _), (_, .string):
      throw BuiltinError(
        "cannot add \(ValueDisplay.summary(of: left)) and \(ValueDisplay.summary(of: right))",
        help: "build strings with interpolation, e.g. \"epoch \\(n)\", or format(value)")
    default: return try arithmetic(.add, left, right)
    }
  }

  static func arithmetic(_ op: BinaryOperator, _ left: Value, _ right: Value) throws(BuiltinError) -> Value {
    if case .int(let a) = left, case .int(let b) = right, op != .divide {
      let result: (partialValue: Int, overflow: Bool)
      switch op {
      case .add: result = a.addingReportingOverflow(b)
      case .subtract: result = a.subtractingReportingOverflow(b)
      case .multiply: result = a.multipliedReportingOverflow(by: b)
      default:
        guard b != 0 else { throw BuiltinError("remainder by zero: \(a) % 0") }
        result = a.remainderReportingOverflow(dividingBy: b)
      }
      guard !result.overflow else {
        throw BuiltinError(
          "integer overflow in \(a) \(op.rawValue) \(b)", help: "use Doubles for very large numbers, e.g. \(a).0")
      }
      return .int(result.partialValue)
    }
    guard let a = left.asDouble, let b = right.asDouble else {
      throw BuiltinError(
        "cannot apply `\(op.rawValue)` to \(ValueDisplay.summary(of: left)) and \(ValueDisplay.summary(of: right))")
    }
    switch op {
    case .add: return .double(a + b)
    case .subtract: return .double(a - b)
    case .multiply: return .double(a * b)
    case .divide: return .double(a / b)
    default:
      guard b != 0 else { throw BuiltinError("remainder by zero: \(a) % 0") }
      return .double(a.truncatingRemainder(dividingBy: b))
    }
  }

  static func negate(_ value: Value) throws(BuiltinError) -> Value {
    switch value {
    case .int(let a):
      guard a != .min else { throw BuiltinError("integer overflow negating \(a)") }
      return .int(-a)
    case .double(let a): return .double(-a)
    default: throw BuiltinError("cannot negate \(ValueDisplay.summary(of: value)); `-` needs a number")
    }
  }

  /// Structural equality.
  static func equal(_ left: Value, _ right: Value) -> Bool {
    switch (left, right) {
    case (.nothing, .nothing): return true
    case (.bool(let a), .bool(let b)): return a == b
    case (.int(let a), .int(let b)): return a == b
    case (.int, .double), (.double, .int), (.double, .double):
      return left.asDouble == right.asDouble
    case (.string(let a), .string(let b)): return a == b
    case (.symbol(let a), .symbol(let b)): return a == b
    case (.list(let a), .list(let b)):
      return a.count == b.count && zip(a, b).allSatisfy { equal($0, $1) }
    case (.range(let a), .range(let b)): return a.lower == b.lower && a.count == b.count
    case (.range, .list), (.list, .range):
      guard let a = try? left.elements(), let b = try? right.elements() else { return false }
      return equal(.list(a), .list(b))
    case (.record(let a), .record(let b)):
      guard a.count == b.count else { return false }
      return a.fields.allSatisfy { field in b[field.key].map { equal(field.value, $0) } ?? false }
    case (.object(let a), .object(let b)): return a.isEqual(to: b)
    default: return false
    }
  }

  /// Three-way comparison for ordering; throws for values without an order.
  static func compare(_ left: Value, _ right: Value, op: String) throws(BuiltinError) -> Int {
    switch (left, right) {
    case (.int(let a), .int(let b)): return a < b ? -1 : a > b ? 1 : 0
    case (.string(let a), .string(let b)): return a < b ? -1 : a > b ? 1 : 0
    case (.symbol(let a), .symbol(let b)): return a < b ? -1 : a > b ? 1 : 0
    case (.bool(let a), .bool(let b)): return a == b ? 0 : (a ? 1 : -1)
    default:
      if let a = left.asDouble, let b = right.asDouble {
        if a.isNaN || b.isNaN { throw BuiltinError("cannot order NaN (not a number)") }
        return a < b ? -1 : a > b ? 1 : 0
      }
      throw BuiltinError(
        "cannot compare \(ValueDisplay.summary(of: left)) \(op) \(ValueDisplay.summary(of: right)); ordering needs two numbers, two strings or two symbols")
    }
  }
}
