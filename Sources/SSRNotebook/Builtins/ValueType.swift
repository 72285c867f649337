/// The declared type of a builtin parameter; drives argument checking, help and messages.
public indirect enum ValueType: Sendable, CustomStringConvertible {
  /// Anything.
  case any
  /// An Int.
  case int
  /// A Double (an Int is accepted and converted).
  case double
  /// An Int or a Double, kept as given.
  case number
  /// A String.
  case string
  /// A Bool.
  case bool
  /// A symbol; when `choices` is non-empty, one of them.
  case symbol(choices: [String])
  /// A list whose elements have the given type (a range is accepted as a list of Ints).
  case list(ValueType)
  /// A record.
  case record
  /// A library object whose ``NotebookObject/typeName`` is the given name.
  case object(String)
  /// Any of several types.
  case oneOf([ValueType])

  /// How the type is written in help and messages.
  public var description: String {
    switch self {
    case .any: return "Any"
    case .int: return "Int"
    case .double: return "Double"
    case .number: return "Number"
    case .string: return "String"
    case .bool: return "Bool"
    case .symbol(let choices):
      return choices.isEmpty ? "Symbol" : choices.map { ".\($0)" }.joined(separator: "|")
    case .list(let element): return "[\(element)]"
    case .record: return "Record"
    case .object(let name): return name
    case .oneOf(let types): return types.map(\.description).joined(separator: " or ")
    }
  }

  /// Checks `value` against the type and returns it, converted where the type allows
  /// (Int → Double, range → list). Throws a message naming what was expected and what was found.
  func coerce(_ value: Value) throws(BuiltinError) -> Value {
    if let converted = try convert(value) { return converted }
    throw BuiltinError("expected \(article) \(self), found \(ValueDisplay.summary(of: value))")
  }

  private var article: String {
    switch self {
    case .int, .any, .oneOf: return "an"
    case .symbol(let choices) where !choices.isEmpty: return "one of"
    default: return "a"
    }
  }

  private func convert(_ value: Value) throws(BuiltinError) -> Value? {
    switch (self, value) {
    case (.any, _): return value
    case (.int, .int): return value
    case (.double, .double): return value
    case (.double, .int(let i)): return .double(Double(i))
    case (.number, .int), (.number, .double): return value
    case (.string, .string): return value
    case (.bool, .bool): return value
    case (.symbol(let choices), .symbol(let name)):
      if choices.isEmpty || choices.contains(name) { return value }
      var help: String? = nil
      if let suggestion = Suggestions.closest(to: name, among: choices).first { help = "did you mean `.\(suggestion)`?" }
      throw BuiltinError("expected one of \(self), found .\(name)", help: help)
    case (.list(let element), .list(let values)):
      if case .any = element { return value }
      var converted: [Value] = []
      converted.reserveCapacity(values.count)
      for (index, item) in values.enumerated() {
        guard let ok = try element.convert(item) else {
          throw BuiltinError(
            "expected a list of \(element), but element \(index) is \(ValueDisplay.summary(of: item))")
        }
        converted.append(ok)
      }
      return .list(converted)
    case (.list(let element), .range):
      guard let values = try value.elements() else { return nil }
      return try ValueType.list(element).convert(.list(values))
    case (.record, .record): return value
    case (.object(let name), .object(let object)): return object.typeName == name ? value : nil
    case (.oneOf(let types), _):
      for type in types {
        if let converted = try? type.convert(value) { return converted }
      }
      return nil
    default: return nil
    }
  }
}
