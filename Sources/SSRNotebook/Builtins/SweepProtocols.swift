import SSRData
import SSREval

/// `sweep(…, protocols: [.validation, .paper])`: one training run per seed, judged under several
/// rules for choosing its best epoch. The test part (and the validation part) are evaluated after
/// every epoch, and each run gives one row per protocol: the test metrics of the epoch that
/// protocol selects.
enum SweepProtocols {
  /// The `protocols:` parameter of `sweep`.
  static var parameter: BuiltinParameter {
    .labeled(
      "protocols", .list(.symbol(choices: ["validation", "paper"])), optional: true,
      doc: "report each run's test metrics at its best epoch under each protocol (one row per run and protocol); the model keeps the first's")
  }

  /// The protocols of a call (nil when `protocols:` is not given), checked against the split.
  ///
  /// - Throws: for an empty or repeated list, or `.validation` on a split without validation samples.
  static func read(_ call: BuiltinCall, split: DatasetSplit) throws(BuiltinError) -> [TrainingOptions.Selection]? {
    guard let values = try call.list("protocols") else { return nil }
    var protocols: [TrainingOptions.Selection] = []
    for value in values {
      guard case .symbol(let name) = value, let selection = TrainingOptions.Selection(rawValue: name) else {
        throw BuiltinError("protocols are .validation and .paper, got \(ValueDisplay.literal(value))", parameter: "protocols")
      }
      guard !protocols.contains(selection) else {
        throw BuiltinError("protocol .\(name) is listed twice", parameter: "protocols")
      }
      protocols.append(selection)
    }
    guard !protocols.isEmpty else {
      throw BuiltinError("name at least one protocol, e.g. protocols: [.validation, .paper]", parameter: "protocols")
    }
    if protocols.contains(.validation), split.samples(.valid).count == 0 {
      throw BuiltinError(
        "the split has no validation samples, so the .validation protocol cannot select an epoch", parameter: "protocols",
        help: "split with a validation part, e.g. split(.timeRatio, test: 0.2, valid: 0.1), or use protocols: [.paper]")
    }
    return protocols
  }

  /// The part whose metrics select the best epoch under `selection`.
  static func part(_ selection: TrainingOptions.Selection) -> SplitPart {
    selection == .paper ? .test : .valid
  }

  /// `options` set up for `protocols`: training selects on the first protocol's part (so the model
  /// keeps that epoch's weights), and every protocol's part and the test part are evaluated after
  /// each epoch.
  static func apply(_ protocols: [TrainingOptions.Selection], to options: inout TrainingOptions) {
    options.selection = protocols[0]
    var parts = protocols.map(part)
    if !parts.contains(.test) { parts.append(.test) }
    options.monitoredParts = parts
  }

  /// For each protocol, the epoch of `history` it selects by `metric` and that epoch's test metrics.
  ///
  /// - Throws: when an epoch lacks the metrics a protocol needs (the run was not set up by ``apply(_:to:)``).
  static func selections(
    _ protocols: [TrainingOptions.Selection], history: [EpochReport], metric: String
  ) throws(BuiltinError) -> [(selection: TrainingOptions.Selection, epoch: Int, test: RankingMetrics)] {
    try protocols.map { selection throws(BuiltinError) in
      guard let best = EpochSelection.best(in: history, part: part(selection), metric: metric), let test = best.metrics(on: .test)
      else {
        throw BuiltinError("the run has no \(part(selection).rawValue) and test metrics per epoch to select an epoch by \(metric)")
      }
      return (selection, best.epoch, test)
    }
  }

  /// The records of one run under `protocols`: the point's options (`labels`), `protocol`, `seed`,
  /// the selected `epoch`, its test metrics, the energy fields (``energyFields(_:energy:)``, on the
  /// first protocol's row only: the model keeps that epoch's weights), the training seconds and
  /// the seconds per epoch (``epochSeconds(_:)``).
  static func records(
    _ protocols: [TrainingOptions.Selection], history: [EpochReport], metric: String, point: [(String, Value)], seed: Int,
    energy: [(String, Value)], seconds: Double
  ) throws(BuiltinError) -> [Record] {
    try selections(protocols, history: history, metric: metric).enumerated().map { index, chosen in
      var fields = point + [("protocol", .symbol(chosen.selection.rawValue)), ("seed", .int(seed)), ("epoch", .int(chosen.epoch))]
      fields += chosen.test.named.map { ($0.0, .double($0.1)) }
      if index == 0 { fields += energy }
      fields.append(("seconds", .double(seconds)))
      fields += epochSeconds(history)
      return Record(fields)
    }
  }

  /// A run's energy fields: `energy` (µJ per inference), `energyModified` (µJ in the layers a
  /// spiking twin replaces) and, for a spiking model, `spikeRate`; only `energy` from a result
  /// that kept no summary; none when the model has no energy table.
  static func energyFields(_ summary: EnergySummary?, energy: Double?) -> [(String, Value)] {
    if let summary { return summary.fields.map { ($0.name, .double($0.value)) } }
    return energy.map { [("energy", .double($0))] } ?? []
  }

  /// `epochSeconds`: the mean time of an epoch's training steps, without the evaluations after it
  /// (none when the run trained no epoch).
  static func epochSeconds(_ history: [EpochReport]) -> [(String, Value)] {
    guard !history.isEmpty else { return [] }
    return [("epochSeconds", .double(history.reduce(0) { $0 + $1.trainingSeconds } / Double(history.count)))]
  }
}
