/// A builtin function of the cell language, declared once.
///
/// The declaration drives argument checking (with "did you mean …?" suggestions), `help`,
/// `:help` in the REPL, and tab completion of argument labels.
///
///     Builtin(
///       name: "round", category: "Numbers",
///       parameters: [
///         .positional("value", .any, doc: "a number, or a list/record of numbers"),
///         .labeled("digits", .int, default: nil, doc: "decimal digits to keep"),
///       ],
///       summary: "Rounds numbers half away from zero.",
///       discussion: "…") { call in … }
public struct Builtin {
  /// The name used in calls.
  public var name: String
  /// A heading under which `help()` lists it.
  public var category: String
  /// The parameters in declaration order.
  public var parameters: [BuiltinParameter]
  /// A one-line summary.
  public var summary: String
  /// Longer help (several lines, may include examples).
  public var discussion: String
  /// The implementation.
  public var body: (inout BuiltinCall) throws -> Value

  /// Declares a builtin.
  public init(
    name: String, category: String, parameters: [BuiltinParameter], summary: String, discussion: String = "",
    body: @escaping (inout BuiltinCall) throws -> Value
  ) {
    self.name = name
    self.category = category
    self.parameters = parameters
    self.summary = summary
    self.discussion = discussion
    self.body = body
  }

  /// The signature as shown in help, e.g. `round(_ value: Any, digits: Int? = nil)`.
  public var signature: String {
    let parts = parameters.map { parameter -> String in
      var text: String
      switch parameter.kind {
      case .positional: text = "_ \(parameter.name): \(parameter.type)"
      case .labeled: text = "\(parameter.name): \(parameter.type)"
      case .variadic: text = "_ \(parameter.name): \(parameter.type)..."
      }
      if let value = parameter.defaultValue {
        text += " = \(ValueDisplay.literal(value))"
      } else if parameter.isOptional {
        text += "?"
      }
      return text
    }
    return "\(name)(\(parts.joined(separator: ", ")))"
  }

  /// The labels that can be written in a call (labeled parameters, and positional ones by name).
  public var labels: [String] {
    parameters.filter { $0.kind != .variadic }.map(\.name)
  }

  /// The full help text: signature, summary, parameters and discussion.
  public var helpText: String {
    var lines = [signature, "", summary]
    if !parameters.isEmpty {
      lines.append("")
      lines.append("Parameters:")
      let width = parameters.map { $0.displayName.count }.max() ?? 0
      for parameter in parameters {
        let padded = parameter.displayName.padding(toLength: width, withPad: " ", startingAt: 0)
        lines.append("  \(padded)  \(parameter.doc)")
      }
    }
    if !discussion.isEmpty {
      lines.append("")
      lines.append(contentsOf: discussion.split(separator: "\n", omittingEmptySubsequences: false).map(String.init))
    }
    return lines.joined(separator: "\n")
  }
}

/// One declared parameter of a builtin.
public struct BuiltinParameter {
  /// How an argument reaches the parameter.
  public enum Kind: Sendable {
    /// By position (first unlabeled arguments, the left side of `|>`), or by its name as a label.
    case positional
    /// Only by its label.
    case labeled
    /// All remaining unlabeled arguments.
    case variadic
  }

  /// The parameter's name (its label, for labeled parameters).
  public var name: String
  /// How arguments bind to it.
  public var kind: Kind
  /// The accepted type.
  public var type: ValueType
  /// The value used when the argument is omitted.
  public var defaultValue: Value?
  /// True when the argument may be omitted without a default.
  public var isOptional: Bool
  /// A one-line description.
  public var doc: String

  /// A required-or-defaulted positional parameter.
  public static func positional(_ name: String, _ type: ValueType, default value: Value? = nil, optional: Bool = false, doc: String)
    -> BuiltinParameter
  {
    BuiltinParameter(name: name, kind: .positional, type: type, defaultValue: value, isOptional: optional, doc: doc)
  }

  /// A labeled parameter; `optional: true` lets it be omitted without a default.
  public static func labeled(_ name: String, _ type: ValueType, default value: Value? = nil, optional: Bool = false, doc: String)
    -> BuiltinParameter
  {
    BuiltinParameter(name: name, kind: .labeled, type: type, defaultValue: value, isOptional: optional, doc: doc)
  }

  /// A variadic parameter collecting the remaining unlabeled arguments.
  public static func variadic(_ name: String, _ type: ValueType, doc: String) -> BuiltinParameter {
    BuiltinParameter(name: name, kind: .variadic, type: type, defaultValue: nil, isOptional: true, doc: doc)
  }

  /// Whether a call must supply it.
  public var isRequired: Bool { defaultValue == nil && !isOptional && kind != .variadic }

  var displayName: String {
    switch kind {
    case .positional: return name
    case .labeled: return "\(name):"
    case .variadic: return "\(name)..."
    }
  }
}
