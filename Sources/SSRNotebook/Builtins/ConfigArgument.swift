/// A labeled builtin argument that sets one field of a configuration value.
///
/// Its declared default is read from the configuration's own defaults (``SSRModels/ModelConfig/defaults``,
/// ``SSREval/TrainingOptions/defaults``…), so a default is written once, in the library; range checks
/// are the configuration's `validate()`.
struct ConfigArgument<Config> {
  /// The declaration (name, type, default, doc) for argument checking, help and completion.
  let parameter: BuiltinParameter
  /// Sets the field from a call's (or a tuning trial's) argument (the default when omitted).
  let apply: (BoundArguments, inout Config) throws(BuiltinError) -> Void

  /// An Int field.
  static func int(_ name: String, _ field: WritableKeyPath<Config, Int>, defaults: Config, doc: String) -> Self {
    Self(parameter: .labeled(name, .int, default: .int(defaults[keyPath: field]), doc: doc)) { arguments, config throws(BuiltinError) in
      if let value = try arguments.int(name) { config[keyPath: field] = value }
    }
  }

  /// An optional Int field (omitted: nil).
  static func int(_ name: String, _ field: WritableKeyPath<Config, Int?>, doc: String) -> Self {
    Self(parameter: .labeled(name, .int, optional: true, doc: doc)) { arguments, config throws(BuiltinError) in
      config[keyPath: field] = try arguments.int(name)
    }
  }

  /// A Float field, given as a number.
  static func float(_ name: String, _ field: WritableKeyPath<Config, Float>, defaults: Config, doc: String) -> Self {
    Self(parameter: .labeled(name, .double, default: .double(Double(defaults[keyPath: field])), doc: doc)) {
      arguments, config throws(BuiltinError) in
      if let value = try arguments.double(name) { config[keyPath: field] = Float(value) }
    }
  }

  /// A Double field.
  static func double(_ name: String, _ field: WritableKeyPath<Config, Double>, defaults: Config, doc: String) -> Self {
    Self(parameter: .labeled(name, .double, default: .double(defaults[keyPath: field]), doc: doc)) {
      arguments, config throws(BuiltinError) in
      if let value = try arguments.double(name) { config[keyPath: field] = value }
    }
  }

  /// A Bool field.
  static func bool(_ name: String, _ field: WritableKeyPath<Config, Bool>, defaults: Config, doc: String) -> Self {
    Self(parameter: .labeled(name, .bool, default: .bool(defaults[keyPath: field]), doc: doc)) { arguments, config throws(BuiltinError) in
      if let value = try arguments.bool(name) { config[keyPath: field] = value }
    }
  }

  /// A field chosen by symbol: `choices` maps each symbol to its value; the default is the symbol
  /// of the default value (or the argument is optional when the default is nil).
  static func choice<Field: Equatable>(
    _ name: String, _ field: WritableKeyPath<Config, Field>, _ choices: KeyValuePairs<String, Field>, defaults: Config, doc: String
  ) -> Self {
    let defaultSymbol = choices.first { $0.value == defaults[keyPath: field] }?.key
    let parameter: BuiltinParameter =
      defaultSymbol.map { .labeled(name, .symbol(choices: choices.map(\.key)), default: .symbol($0), doc: doc) }
      ?? .labeled(name, .symbol(choices: choices.map(\.key)), optional: true, doc: doc)
    return Self(parameter: parameter) { arguments, config throws(BuiltinError) in
      guard let symbol = try arguments.symbol(name) else { return }
      guard let value = choices.first(where: { $0.key == symbol })?.value else {
        throw BuiltinError("expected one of \(choices.map { ".\($0.key)" }.joined(separator: ", "))", parameter: name)
      }
      config[keyPath: field] = value
    }
  }

  /// Applies `fields` to `defaults` in order, from a call's arguments.
  static func read(_ fields: [Self], from call: BuiltinCall, into defaults: Config) throws(BuiltinError) -> Config {
    try read(fields, from: call.bound, into: defaults)
  }

  /// Applies `fields` to `defaults` in order.
  static func read(_ fields: [Self], from arguments: BoundArguments, into defaults: Config) throws(BuiltinError) -> Config {
    var config = defaults
    for field in fields { try field.apply(arguments, &config) }
    return config
  }
}
