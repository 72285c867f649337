import SSRCore

/// A call of a builtin whose arguments have been bound and type-checked against its declaration.
///
/// Accessors return values already converted to the declared type, so a builtin's body only
/// performs checks that go beyond types (ranges of values, shapes, files).
public struct BuiltinCall {
  /// The builtin being called.
  public let builtin: Builtin
  /// The bound arguments by parameter name (defaults filled in).
  public let arguments: [String: Value]
  /// The variadic arguments, if the builtin has a variadic parameter.
  public let variadic: [Value]
  /// The session context (random generator, output, style, paths).
  public let context: EvaluationContext

  /// The value of a parameter (nil when an optional parameter was omitted).
  public func value(_ name: String) -> Value? {
    if let value = arguments[name], case .nothing = value { return nil }
    return arguments[name]
  }

  /// A required parameter's value.
  public func required(_ name: String) throws(BuiltinError) -> Value {
    guard let value = value(name) else { throw BuiltinError("missing argument `\(name)`", parameter: name) }
    return value
  }

  /// An Int parameter.
  public func int(_ name: String) throws(BuiltinError) -> Int? {
    guard let value = value(name) else { return nil }
    guard case .int(let i) = value else { throw BuiltinError("expected an Int", parameter: name) }
    return i
  }

  /// A Double parameter (Ints were converted by the declaration).
  public func double(_ name: String) throws(BuiltinError) -> Double? {
    guard let value = value(name) else { return nil }
    guard let d = value.asDouble else { throw BuiltinError("expected a number", parameter: name) }
    return d
  }

  /// A String parameter.
  public func string(_ name: String) throws(BuiltinError) -> String? {
    guard let value = value(name) else { return nil }
    guard case .string(let s) = value else { throw BuiltinError("expected a String", parameter: name) }
    return s
  }

  /// A Bool parameter.
  public func bool(_ name: String) throws(BuiltinError) -> Bool? {
    guard let value = value(name) else { return nil }
    guard case .bool(let b) = value else { throw BuiltinError("expected a Bool", parameter: name) }
    return b
  }

  /// A Symbol parameter (without the dot).
  public func symbol(_ name: String) throws(BuiltinError) -> String? {
    guard let value = value(name) else { return nil }
    guard case .symbol(let s) = value else { throw BuiltinError("expected a symbol", parameter: name) }
    return s
  }

  /// A list parameter.
  public func list(_ name: String) throws(BuiltinError) -> [Value]? {
    guard let value = value(name) else { return nil }
    guard let elements = try value.elements() else { throw BuiltinError("expected a list", parameter: name) }
    return elements
  }

  /// A record parameter.
  public func record(_ name: String) throws(BuiltinError) -> Record? {
    guard let value = value(name) else { return nil }
    guard case .record(let r) = value else { throw BuiltinError("expected a record", parameter: name) }
    return r
  }
}
