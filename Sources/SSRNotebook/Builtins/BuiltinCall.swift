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

  /// The arguments with their typed readers.
  public var bound: BoundArguments { BoundArguments(arguments) }

  /// The value of a parameter (nil when an optional parameter was omitted).
  public func value(_ name: String) -> Value? { bound.value(name) }

  /// A required parameter's value.
  public func required(_ name: String) throws(BuiltinError) -> Value { try bound.required(name) }

  /// An Int parameter.
  public func int(_ name: String) throws(BuiltinError) -> Int? { try bound.int(name) }

  /// A Double parameter (Ints were converted by the declaration).
  public func double(_ name: String) throws(BuiltinError) -> Double? { try bound.double(name) }

  /// A String parameter.
  public func string(_ name: String) throws(BuiltinError) -> String? { try bound.string(name) }

  /// A Bool parameter.
  public func bool(_ name: String) throws(BuiltinError) -> Bool? { try bound.bool(name) }

  /// A Symbol parameter (without the dot).
  public func symbol(_ name: String) throws(BuiltinError) -> String? { try bound.symbol(name) }

  /// A list parameter.
  public func list(_ name: String) throws(BuiltinError) -> [Value]? { try bound.list(name) }

  /// A record parameter.
  public func record(_ name: String) throws(BuiltinError) -> Record? { try bound.record(name) }
}
