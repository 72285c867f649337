/// Matches a call's arguments to a builtin's declared parameters and checks their types.
///
/// Rules: a labeled argument binds to the parameter of that name; unlabeled arguments (the
/// piped value first) fill the positional parameters in order, then the variadic one; omitted
/// parameters take their defaults; anything else is an error naming the expected signature,
/// with "did you mean" suggestions for misspelt labels.
enum ArgumentBinder {
  static func bind(
    _ call: Call, values: [Value], to builtin: Builtin, context: EvaluationContext, callRange: SourceRange
  ) throws(SSRError) -> BuiltinCall {
    var bound: [String: Value] = [:]
    var variadic: [Value] = []
    let positional = builtin.parameters.filter { $0.kind == .positional }
    let variadicParameter = builtin.parameters.first { $0.kind == .variadic }
    let usage = "usage: \(builtin.signature)"

    // Labeled arguments first, so that positional filling skips parameters given by label.
    for (argument, value) in zip(call.arguments, values) {
      guard let label = argument.label else { continue }
      guard let parameter = builtin.parameters.first(where: { $0.name == label && $0.kind != .variadic }) else {
        throw SSRError(
          "\(call.name) has no parameter labeled `\(label):`", at: argument.labelRange ?? argument.range,
          notes: [usage],
          help: Suggestions.didYouMean(label, among: builtin.labels, suffix: ":"))
      }
      guard bound[parameter.name] == nil else {
        throw SSRError("`\(label):` is given twice in the call of \(call.name)", at: argument.range, notes: [usage])
      }
      bound[parameter.name] = try check(value, against: parameter, argument: argument, builtin: builtin)
    }
    var next = 0
    for (argument, value) in zip(call.arguments, values) where argument.label == nil {
      while next < positional.count, bound[positional[next].name] != nil { next += 1 }
      if next < positional.count {
        let parameter = positional[next]
        bound[parameter.name] = try check(value, against: parameter, argument: argument, builtin: builtin)
        next += 1
      } else if let variadicParameter {
        variadic.append(try check(value, against: variadicParameter, argument: argument, builtin: builtin))
      } else {
        let labels = builtin.parameters.filter { $0.kind == .labeled && bound[$0.name] == nil }.map { "`\($0.name):`" }
        throw SSRError(
          "too many unlabeled arguments for \(call.name): it takes \(positional.count)", at: argument.range,
          notes: [usage],
          help: labels.isEmpty ? nil : "did you forget a label? \(call.name) also takes \(labels.joined(separator: ", "))")
      }
    }
    for parameter in builtin.parameters where bound[parameter.name] == nil {
      if let value = parameter.defaultValue {
        bound[parameter.name] = value
      } else if parameter.isRequired {
        let how = parameter.kind == .labeled ? "`\(parameter.name):`" : "`\(parameter.name)` (\(ordinal(parameter, in: positional)))"
        throw SSRError(
          "missing argument \(how) in the call of \(call.name): expected \(parameter.type)", at: callRange,
          notes: [usage])
      }
    }
    return BuiltinCall(builtin: builtin, arguments: bound, variadic: variadic, context: context)
  }

  private static func ordinal(_ parameter: BuiltinParameter, in positional: [BuiltinParameter]) -> String {
    let index = positional.firstIndex { $0.name == parameter.name } ?? 0
    return ["first", "second", "third", "fourth"].indices.contains(index)
      ? "the \(["first", "second", "third", "fourth"][index]) unlabeled argument" : "unlabeled argument \(index + 1)"
  }

  private static func check(_ value: Value, against parameter: BuiltinParameter, argument: CallArgument, builtin: Builtin)
    throws(SSRError) -> Value
  {
    do {
      return try parameter.type.coerce(value)
    } catch {
      let what = parameter.kind == .labeled ? "`\(parameter.name):`" : "`\(parameter.name)`"
      throw SSRError(
        "\(builtin.name): \(what) \(error.message)", at: argument.isPiped ? argument.value.range : argument.range,
        notes: argument.isPiped ? ["this value is piped in with `|>` as the first argument of \(builtin.name)"] : [],
        help: error.help)
    }
  }

  /// The source range of the argument bound to `parameter` in `call`, for error carets.
  static func range(of parameter: String, in call: Call, builtin: Builtin) -> SourceRange? {
    if let labeled = call.arguments.first(where: { $0.label == parameter }) { return labeled.range }
    let positional = builtin.parameters.filter { $0.kind == .positional }
    let labels = Set(call.arguments.compactMap(\.label))
    let open = positional.filter { !labels.contains($0.name) }
    guard let index = open.firstIndex(where: { $0.name == parameter }) else { return nil }
    let unlabeled = call.arguments.filter { $0.label == nil }
    return index < unlabeled.count ? unlabeled[index].range : nil
  }
}
