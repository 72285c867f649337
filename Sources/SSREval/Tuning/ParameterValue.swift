/// The value one parameter takes in a trial: a number, or one of a categorical parameter's choices.
public enum ParameterValue: Sendable, Hashable, CustomStringConvertible {
  /// An integer (an integer parameter, or a choice).
  case int(Int)
  /// A real number (a real parameter, or a choice).
  case double(Double)
  /// A Boolean choice.
  case bool(Bool)
  /// A named choice (a symbol or a string in notebooks).
  case string(String)

  /// The value as a number, for `int` and `double`.
  public var asDouble: Double? {
    switch self {
    case .int(let value): return Double(value)
    case .double(let value): return value
    case .bool, .string: return nil
    }
  }

  /// The value as written in messages: `64`, `0.001`, `true`, `"atan"`.
  public var description: String {
    switch self {
    case .int(let value): return String(value)
    case .double(let value): return String(value)
    case .bool(let value): return String(value)
    case .string(let value): return "\"\(value)\""
    }
  }
}

/// The values of every parameter of a search space for one trial.
public struct Configuration: Sendable, Hashable {
  /// The values by parameter name.
  public private(set) var values: [String: ParameterValue]

  /// A configuration from values by name.
  public init(_ values: [String: ParameterValue]) {
    self.values = values
  }

  /// The value of the parameter `name`, or nil when it has none.
  public subscript(name: String) -> ParameterValue? { values[name] }

  /// The value of a numeric parameter as a `Double` (0 for a missing or non-numeric one).
  public func double(_ name: String) -> Double { values[name]?.asDouble ?? 0 }

  /// The value of an integer parameter (0 for a missing or non-integer one).
  public func int(_ name: String) -> Int {
    if case .int(let value) = values[name] { return value }
    return 0
  }
}
