import SSREval

/// The `space:` of `tune`: which of `train`'s options a study varies and over what, read from the
/// cell language and checked against those options' declarations.
///
/// Each field names an option and gives its values: a list of choices (`[32, 64, 128]`,
/// `[.atan, .sigmoid]`), an integer range (`1...3`), or a distribution record made by
/// `uniform(a, b)`, `logUniform(a, b)` or `intUniform(a, b, step:, log:)`.
struct TuneSpace {
  /// The library's space (choices of symbols and strings become `.string`).
  let space: SearchSpace
  /// The values of each categorical option as written (converted to the option's type), so that a
  /// sampled choice becomes the very value the user listed.
  private let choices: [String: [Value]]
  /// The declaration of each option in the space.
  private let declarations: [String: BuiltinParameter]

  /// The option names in the space's order.
  var names: [String] { space.names }

  /// The cell-language value of option `name` in `configuration`, of the option's declared type.
  func value(_ name: String, in configuration: Configuration) -> Value {
    guard let parameter = space[name], let sampled = configuration[name] else { return .nothing }
    if let listed = choices[name], case .categorical(let options) = parameter.domain, let index = options.firstIndex(of: sampled) {
      return listed[index]
    }
    let value: Value
    switch sampled {
    case .int(let x): value = .int(x)
    case .double(let x): value = .double(x)
    case .bool(let x): value = .bool(x)
    case .string(let x): value = .string(x)
    }
    return (try? declarations[name]?.type.coerce(value)) ?? value
  }

  /// Reads `value` (a record, or `.reference`) for model `spec`.
  ///
  /// - Parameters:
  ///   - tunable: the declarations of the options that may vary.
  ///   - excluded: options that exist but cannot vary, with the reason.
  ///   - fixed: options the call also gives as fixed arguments.
  static func read(
    _ value: Value, model spec: ModelSpec, tunable: [BuiltinParameter], excluded: [String: String], fixed: Set<String>
  ) throws(BuiltinError) -> TuneSpace {
    let record: Record
    switch value {
    case .record(let given): record = given
    case .symbol("reference"): record = reference(for: spec.name)
    default: throw BuiltinError("expected a record such as {lr: logUniform(1e-4, 1e-2)} or .reference", parameter: "space")
    }
    guard !record.fields.isEmpty else {
      throw BuiltinError(
        "the space is empty", parameter: "space", help: "name at least one option, e.g. space: {lr: logUniform(1e-4, 1e-2)}")
    }
    var parameters: [SearchParameter] = []
    var choices: [String: [Value]] = [:]
    var declarations: [String: BuiltinParameter] = [:]
    for (name, given) in record.fields {
      guard let declaration = tunable.first(where: { $0.name == name }) else {
        if let reason = excluded[name] { throw BuiltinError("`\(name)` cannot be tuned: \(reason)", parameter: "space") }
        throw BuiltinError(
          "`\(name)` is not an option of train", parameter: "space",
          help: Suggestions.didYouMean(name, among: tunable.map(\.name))
            ?? "the options are \(tunable.map(\.name).joined(separator: ", "))")
      }
      guard !fixed.contains(name) else {
        throw BuiltinError(
          "`\(name)` is both in the space and given as `\(name):`", parameter: "space", help: "drop one of them")
      }
      declarations[name] = declaration
      let (parameter, listed) = try dimension(name, given, declaration: declaration)
      parameters.append(parameter)
      if let listed { choices[name] = listed }
    }
    do throws(SearchSpaceError) {
      return TuneSpace(space: try SearchSpace(parameters), choices: choices, declarations: declarations)
    } catch {
      throw BuiltinError("space: \(error.description)", parameter: "space")
    }
  }

  /// One option's domain, and the values of its choices when it is categorical.
  private static func dimension(_ name: String, _ given: Value, declaration: BuiltinParameter) throws(BuiltinError)
    -> (SearchParameter, [Value]?)
  {
    func accepts(_ value: Value) -> Bool { (try? declaration.type.coerce(value)) != nil }
    let takes = "`\(name)` takes \(declaration.type)"
    switch given {
    case .list(let items):
      var converted: [Value] = []
      var values: [ParameterValue] = []
      for item in items {
        let value: Value
        do {
          value = try declaration.type.coerce(item)
        } catch {
          throw BuiltinError("space.\(name): \(error.message)", parameter: "space", help: error.help)
        }
        switch value {
        case .int(let x): values.append(.int(x))
        case .double(let x): values.append(.double(x))
        case .bool(let x): values.append(.bool(x))
        case .string(let x), .symbol(let x): values.append(.string(x))
        default:
          throw BuiltinError("space.\(name): a choice must be a number, a Bool, a string or a symbol, found \(ValueDisplay.summary(of: item))", parameter: "space")
        }
        converted.append(value)
      }
      return (.categorical(name, values), converted)
    case .range(let range):
      let high = range.closed ? range.upper : range.upper - 1
      guard accepts(.int(range.lower)) else {
        throw BuiltinError("space.\(name): \(takes), not a range of Ints", parameter: "space", help: "list the choices instead")
      }
      guard range.lower <= high else {
        throw BuiltinError("space.\(name): the range \(range) is empty", parameter: "space", help: "write the smaller bound first, e.g. 1...3")
      }
      return (.int(name, range.lower...high), nil)
    case .record(let record):
      guard case .symbol(let kind)? = record["distribution"], let low = record["low"]?.asDouble, let high = record["high"]?.asDouble else {
        throw BuiltinError(
          "space.\(name): a record in the space must come from uniform(a, b), logUniform(a, b) or intUniform(a, b)",
          parameter: "space")
      }
      switch kind {
      case "uniform", "logUniform":
        guard accepts(.double(low)) else {
          throw BuiltinError(
            "space.\(name): \(takes), so it cannot be drawn from \(kind)(…)", parameter: "space",
            help: declaration.type.description == "Int" ? "use intUniform(a, b), a range such as 1...8, or a list" : "list the choices instead")
        }
        return (SearchParameter(name: name, domain: .float(low: low, high: high, log: kind == "logUniform")), nil)
      case "intUniform":
        guard case .int(let lower)? = record["low"], case .int(let upper)? = record["high"] else {
          throw BuiltinError("space.\(name): intUniform takes Int bounds", parameter: "space")
        }
        guard accepts(.int(lower)) else {
          throw BuiltinError("space.\(name): \(takes), not an Int", parameter: "space", help: "list the choices instead")
        }
        var step = 1
        if case .int(let given)? = record["step"] { step = given }
        var log = false
        if case .bool(let given)? = record["log"] { log = given }
        return (SearchParameter(name: name, domain: .int(low: lower, high: upper, step: step, log: log)), nil)
      default:
        throw BuiltinError(
          "space.\(name): unknown distribution .\(kind)", parameter: "space",
          help: Suggestions.didYouMean(kind, among: ["uniform", "logUniform", "intUniform"]) ?? "use uniform, logUniform or intUniform")
      }
    default:
      throw BuiltinError(
        "space.\(name): expected a list of choices, a range such as 1...3, or uniform(a, b), logUniform(a, b), intUniform(a, b); "
          + "found \(ValueDisplay.summary(of: given))", parameter: "space")
    }
  }

  /// The search space of the reference code (`seren/space.py`) for a model, as a `space:` record:
  /// the embedding size (40…150, step 2) and the learning rate (1e-4…1e-2, log) for every model,
  /// plus layers, heads and dropout where the reference varies them. The reference's `reg_weight`
  /// (Caser) and GNN `step` (SR-GNN) are not options of SSR's models and are left out.
  static func reference(for model: String) -> Record {
    var fields: [(String, Value)] = [
      ("embeddingSize", distribution("intUniform", .int(40), .int(150), step: 2)),
      ("lr", distribution("logUniform", .double(1e-4), .double(1e-2))),
    ]
    let dropout = ("dropout", distribution("uniform", .double(0.1), .double(0.9)))
    switch model {
    case "gru4rec", "sgru4rec", "caser", "scaser":
      fields.append(dropout)
    case "sasrec", "sfsrec":
      fields += [("layers", distribution("intUniform", .int(1), .int(3))), ("heads", distribution("intUniform", .int(1), .int(2))), dropout]
    case "fmlp", "sfmlp":
      fields += [("layers", distribution("intUniform", .int(1), .int(3))), dropout]
    default:
      break
    }
    return Record(fields)
  }

  /// The record `uniform`, `logUniform` and `intUniform` return.
  static func distribution(_ kind: String, _ low: Value, _ high: Value, step: Int? = nil, log: Bool? = nil) -> Value {
    var fields: [(String, Value)] = [("distribution", .symbol(kind)), ("low", low), ("high", high)]
    if let step { fields.append(("step", .int(step))) }
    if let log { fields.append(("log", .bool(log))) }
    return .record(Record(fields))
  }
}
