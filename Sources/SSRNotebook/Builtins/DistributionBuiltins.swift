import SSREval

extension TuneBuiltins {
  /// Checks a distribution's bounds as a search space would, so that a bad one is reported at
  /// its own call.
  private static func checked(_ parameter: SearchParameter, _ record: Value) throws(BuiltinError) -> Value {
    do throws(SearchSpaceError) {
      _ = try SearchSpace([parameter])
    } catch {
      throw BuiltinError(error.message)
    }
    return record
  }

  static var uniform: Builtin {
    Builtin(
      name: "uniform", category: "Tuning",
      parameters: [.positional("low", .double, doc: "the smallest value"), .positional("high", .double, doc: "the largest value")],
      summary: "Real numbers drawn uniformly from low...high, for tune's space.",
      discussion: """
          tune(.gru4rec, on: ds, space: {dropout: uniform(0.1, 0.9)})
        The result is a record, {distribution: .uniform, low: …, high: …}, which can also be written out.
        """
    ) { call in
      let (low, high) = (try call.double("low") ?? 0, try call.double("high") ?? 0)
      return try checked(.float("uniform", low: low, high: high), TuneSpace.distribution("uniform", .double(low), .double(high)))
    }
  }

  static var logUniform: Builtin {
    Builtin(
      name: "logUniform", category: "Tuning",
      parameters: [.positional("low", .double, doc: "the smallest value (above 0)"), .positional("high", .double, doc: "the largest value")],
      summary: "Real numbers drawn uniformly in log space from low...high (both above 0), for tune's space.",
      discussion: """
          tune(.sasrec, on: ds, space: {lr: logUniform(1e-4, 1e-2)})
        Each decade is as likely as the next: as many trials below 1e-3 as above it here. The result
        is a record, {distribution: .logUniform, low: …, high: …}.
        """
    ) { call in
      let (low, high) = (try call.double("low") ?? 0, try call.double("high") ?? 0)
      return try checked(.logFloat("logUniform", low: low, high: high), TuneSpace.distribution("logUniform", .double(low), .double(high)))
    }
  }

  static var intUniform: Builtin {
    Builtin(
      name: "intUniform", category: "Tuning",
      parameters: [
        .positional("low", .int, doc: "the smallest value"), .positional("high", .int, doc: "the largest value"),
        .labeled("step", .int, default: .int(1), doc: "distance between values, from low; high - low must be a multiple"),
        .labeled("log", .bool, default: .bool(false), doc: "draw on a log scale (step 1 only, low at least 1)"),
      ],
      summary: "Integers drawn uniformly from low...high in steps, for tune's space.",
      discussion: """
          tune(.sasrec, on: ds, space: {embeddingSize: intUniform(40, 150, step: 2), layers: 1...3})
        An Int range such as 1...3 is intUniform(1, 3). TPE treats the values as ordered (unlike a list
        of choices). The result is a record, {distribution: .intUniform, low: …, high: …}, with step and
        log when they are not 1 and false.
        """
    ) { call in
      let (low, high) = (try call.int("low") ?? 0, try call.int("high") ?? 0)
      let step = try call.int("step") ?? 1
      let log = try call.bool("log") ?? false
      return try checked(
        SearchParameter(name: "intUniform", domain: .int(low: low, high: high, step: step, log: log)),
        TuneSpace.distribution("intUniform", .int(low), .int(high), step: step == 1 ? nil : step, log: log ? true : nil))
    }
  }
}
