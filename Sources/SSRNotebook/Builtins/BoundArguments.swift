/// A builtin's arguments by parameter name, already checked against its declaration, with typed
/// readers: a call's (``BuiltinCall/bound``), or a call's with some values put in place, as each
/// trial of `tune` does before reading its model and training options like `train`.
public struct BoundArguments {
  /// The values by parameter name (defaults filled in; `.nothing` for an omitted optional one).
  public var values: [String: Value]

  /// Arguments from values by name.
  public init(_ values: [String: Value]) {
    self.values = values
  }

  /// The value of a parameter (nil when an optional parameter was omitted).
  public func value(_ name: String) -> Value? {
    if let value = values[name], case .nothing = value { return nil }
    return values[name]
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
