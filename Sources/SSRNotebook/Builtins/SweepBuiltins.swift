import Foundation
import SSRCore
import SSRData
import SSREval
import SSRRuns

/// `sweep` and `pairedTest`: sensitivity analysis over a grid of options with several seeds per
/// point, and paired comparisons of two sets of seeded runs.
enum SweepBuiltins {
  static var all: [Builtin] { [sweep, pairedTest] }

  /// The options of `train` a sweep can vary or fix (all but the weight seed, which `seeds:` sets).
  static var options: [BuiltinParameter] {
    (ModelArguments.trainingParameters + ModelArguments.modelParameters).filter { $0.name != "seed" }
  }

  static var sweep: Builtin {
    Builtin(
      name: "sweep", category: "Tuning",
      parameters: [
        .positional("model", .symbol(choices: []), doc: "the model, e.g. .sfsrec"),
        .labeled("on", .oneOf([.object("Split"), .object("SplitPart")]), doc: "the split to train on and test on"),
        .labeled("over", .record, doc: "the options to vary and their values, {T: [1, 2, 4], tau: [1.5, 2.0]}"),
        .labeled("seeds", .int, default: .int(3), doc: "runs per point, each from its own weights and shuffling"),
        .labeled("seed", .int, optional: true, doc: "the base of the runs' seeds (default: from the cell's seed); equal seeds pair runs across sweeps"),
        SweepProtocols.parameter,
      ] + options + FusionArguments.parameters + ExecutorArguments.parameters,
      summary: "Trains a model at every point of a grid of options with several seeds: mean, sd and 95% interval per point.",
      discussion: """
          let s = sweep(.sfsrec, on: ds, over: {T: [1, 2, 4, 8], tau: [1.5, 2.0]}, seeds: 3, epochs: 5)
          plot(s.points, x: .T, y: .ndcg10, error: .ndcg10CI)
          pairedTest(sweep(.sfsrec, on: ds, over: {T: [4]}, seed: 1), sweep(.sasrec, on: ds, over: {layers: [2]}, seed: 1))
        Every combination of the `over` values (lists, or Int ranges) is trained `seeds` times, as `train`
        would with those options, and evaluated on the test part. Run i of every point (and of every
        sweep with the same seed:) starts from the same weights seed and shuffling, so points differ
        only by their options. The result shows one row per point: the mean of each metric (and of
        the energy per inference, in µJ, for models that have an energy table) with the half-width of
        its 95% interval (Student's t over seeds). s.points has, per point, each metric's mean, sd
        (Std), interval half-width (CI), Low and High, and training seconds (seconds: the whole run with
        its evaluations; epochSeconds: one epoch's training steps alone); s.runs one row per run.
        A costed run also keeps energyModified (µJ in the layers a spiking twin replaces, for the
        paper's saving 1 − snn/ann) and, for a spiking model, spikeRate (the share of its neurons'
        outputs that were spikes on the test samples); s.points summarises them too. With features: f
        (and fusion: …, as train), every run fuses the item features into its inputs; worker processes
        read them from the job directory, whose key includes them.
        workers: 2 runs the runs in two worker processes of this machine, executor: slurm(partition: …)
        as one Slurm job array (see help(slurm)); the metrics are the same as in this process.
          let s = sweep(.sasrec, on: ds, over: {layers: [2]}, seeds: 3, seed: 1, protocols: [.validation, .paper])
          pairedTest(filter(s.runs, where: {protocol: .paper}), filter(s.runs, where: {protocol: .validation}))
        protocols: evaluates validation and test after every epoch and reports each run once per
        protocol (a `protocol` column): the test metrics of its best epoch by `metric:` on
        validation (.validation, the honest protocol) or on test (.paper, as the reference code
        selects), with that `epoch`; one training serves both. The model keeps the first
        protocol's epoch, and the energy is measured on it (on that protocol's rows only).
        """
    ) { call in try run(call) }
  }

  /// The metrics a sweep reports for its cut-offs, in order.
  static func metricNames(_ cutoffs: [Int]) -> [String] {
    cutoffs.flatMap { k in ["hr\(k)", "ndcg\(k)", "mrr\(k)"] }
  }

  private static func run(_ call: BuiltinCall) throws -> Value {
    let context = call.context
    let split = try ModelBuiltins.split(call, "on")
    let spec = try ModelBuiltins.spec(try call.symbol("model") ?? "", context: context)
    guard spec.isTrainable else { throw BuiltinError(".\(spec.name) has no options to sweep", parameter: "model") }
    let seeds = try call.int("seeds") ?? 3
    guard (1...100).contains(seeds) else { throw BuiltinError("seeds must be 1...100, got \(seeds)", parameter: "seeds") }
    guard case .record(let over) = try call.required("over"), !over.fields.isEmpty else {
      throw BuiltinError("name at least one option to vary, e.g. over: {T: [1, 2, 4]}", parameter: "over")
    }
    // The grid: each option's values, checked against its declaration.
    var axes: [(name: String, values: [Value])] = []
    for (name, given) in over.fields {
      guard let declaration = options.first(where: { $0.name == name }) else {
        throw BuiltinError(
          "`\(name)` is not an option of train", parameter: "over",
          help: Suggestions.didYouMean(name, among: options.map(\.name)) ?? "sweep varies train's options: \(options.map(\.name).joined(separator: ", "))")
      }
      let listed: [Value]
      switch given {
      case .list(let values): listed = values
      case .range: listed = (try? given.elements()) ?? []
      default: listed = [given]
      }
      guard !listed.isEmpty else { throw BuiltinError("`\(name)` has no values to sweep", parameter: "over") }
      var values: [Value] = []
      for value in listed {
        do throws(BuiltinError) {
          values.append(try declaration.type.coerce(value))
        } catch {
          throw BuiltinError("`\(name)`: \(error.message)", parameter: "over")
        }
      }
      axes.append((name, values))
    }
    let points = axes.reduce([[Value]]([[]])) { partial, axis in partial.flatMap { prefix in axis.values.map { prefix + [$0] } } }
    guard points.count * seeds <= 10_000 else {
      throw BuiltinError("\(points.count) points × \(seeds) seeds is too many runs", parameter: "over")
    }
    let base = try call.int("seed").map { UInt64(bitPattern: Int64($0)) } ?? context.random.next()
    let protocols = try SweepProtocols.read(call, split: split)
    if protocols != nil, axes.contains(where: { $0.name == "protocol" }) {
      throw BuiltinError(
        "protocol cannot be swept together with protocols:", parameter: "over",
        help: "protocols: [.validation, .paper] already reports every run under each protocol")
    }
    // With protocols:, each run gives a row per protocol; the points are told apart by it.
    let rowAxes = axes.map(\.name) + (protocols != nil ? ["protocol"] : [])
    let setting = try ExecutorArguments.setting(call)
    if setting != .inProcess {
      // Worker processes or Slurm tasks run the same runs with the same seeds (SweepJob.swift).
      let (runs, cutoffs, interrupted) = try SweepJob.run(
        call, spec: spec, split: split, axes: axes, points: points, seeds: seeds, base: base, protocols: protocols, setting: setting)
      if interrupted { context.noteEarlyStop() }
      return .object(
        SweepObject(
          model: spec.name, axes: rowAxes, runs: runs,
          measures: metricNames(cutoffs) + (spec.energy != nil ? ["energy"] : []), seeds: seeds))
    }
    var runs: [Record] = []
    var cutoffs = [10]
    var hasEnergy = false
    for (pointIndex, point) in points.enumerated() {
      for index in 0..<seeds {
        if context.stoppedEarly || Cancellation.isRequested { break }
        let runSeed = SeededGenerator.derive(seed: base, label: "sweep.run.\(index)")
        var arguments = call.bound
        for (axis, value) in zip(axes, point) { arguments.values[axis.name] = value }
        arguments.values["seed"] = .int(Int(Int64(bitPattern: SeededGenerator.derive(seed: runSeed, label: "weights"))))
        let object = try ModelBuiltins.build(spec.name, split: split, arguments: arguments, context: context)
        var options = try ModelArguments.trainingOptions(arguments, seed: SeededGenerator.derive(seed: runSeed, label: "shuffle"))
        if let protocols { SweepProtocols.apply(protocols, to: &options) }
        cutoffs = options.cutoffs
        if context.showsProgress {
          let label = zip(axes, point).map { "\($0.name) \(ValueDisplay.literal($1))" }.joined(separator: ", ")
          FileHandle.standardError.write(Data("sweep point \(pointIndex + 1)/\(points.count) (\(label)), seed \(index + 1)/\(seeds)\n".utf8))
        }
        let recorded = Record(zip(axes, point).map { ($0.name, $1) } + [("seed", .int(index + 1))])
        try ModelBuiltins.fit(
          object, on: split, options: options, context: context, kind: .sweep, parameters: RunDescription.json(.record(recorded)))
        if context.stoppedEarly { break }
        if let protocols {
          // The test metrics of each protocol's epoch, from the per-epoch evaluations.
          let history = object.training?.history ?? []
          let chosen = try SweepProtocols.selections(protocols, history: history, metric: options.selectionMetric)
          var summary: EnergySummary?
          if object.spec.energy != nil {
            hasEnergy = true
            summary = EnergySummary(try EnergyBuiltins.report(object, split: split, call: call))
          }
          context.runs?.results(object.runID, metrics: chosen[0].test, energy: summary?.total)
          runs += try SweepProtocols.records(
            protocols, history: history, metric: options.selectionMetric, point: zip(axes, point).map { ($0.name, $1) },
            seed: index + 1, energy: SweepProtocols.energyFields(summary, energy: nil), seconds: object.trainingSeconds)
          continue
        }
        let metrics: RankingMetrics
        do {
          metrics = try Evaluator.evaluate(object.model, on: split, part: .test, cutoffs: options.cutoffs)
        } catch let error as DataError {
          throw BuiltinError(error.description)
        }
        var fields: [(String, Value)] = zip(axes, point).map { ($0.name, $1) } + [("seed", .int(index + 1))]
        fields += metrics.named.map { ($0.0, .double($0.1)) }
        var energy: Double?
        if object.spec.energy != nil {
          hasEnergy = true
          let summary = EnergySummary(try EnergyBuiltins.report(object, split: split, call: call))
          energy = summary.total
          fields += SweepProtocols.energyFields(summary, energy: nil)
        }
        context.runs?.results(object.runID, metrics: metrics, energy: energy)
        fields.append(("seconds", .double(object.trainingSeconds)))
        fields += SweepProtocols.epochSeconds(object.training?.history ?? [])
        runs.append(Record(fields))
      }
    }
    if context.stoppedEarly || Cancellation.isRequested {
      Cancellation.reset()
      context.noteEarlyStop()
      context.emit(.text("sweep interrupted; the result keeps the \(runs.count) finished run(s)"))
    }
    return .object(
      SweepObject(
        model: spec.name, axes: rowAxes, runs: runs,
        measures: metricNames(cutoffs) + (hasEnergy ? ["energy"] : []), seeds: seeds))
  }

  static var pairedTest: Builtin {
    Builtin(
      name: "pairedTest", category: "Tuning",
      parameters: [
        .positional("a", .oneOf([.object("Sweep"), .list(.any)]), doc: "runs of one model: a sweep of one point, or its runs"),
        .positional("b", .oneOf([.object("Sweep"), .list(.any)]), doc: "runs of the other, with the same seeds"),
      ],
      summary: "Compares two sets of seeded runs pair by pair: mean difference a − b with its 95% interval, per metric.",
      discussion: """
          let snn = sweep(.sfsrec, on: ds, over: {T: [4]}, seeds: 5, seed: 1)
          let ann = sweep(.sasrec, on: ds, over: {layers: [2]}, seeds: 5, seed: 1)
          pairedTest(snn, ann)        // e.g. ndcg10: −0.0061 [−0.0094, −0.0028], −5.5%
        Runs are paired by their `seed` (sweeps with the same seed: start run i from the same seed).
        Each row gives a metric's means, the mean of the per-seed differences a − b, its 95% interval
        (Student's t) and the difference relative to b.
        """
    ) { call in
      let a = try runs(call, "a"), b = try runs(call, "b")
      var bySeed: [Int: Record] = [:]
      for run in b { if case .int(let seed)? = run["seed"] { bySeed[seed] = run } }
      let pairs = a.compactMap { run -> (Record, Record)? in
        guard case .int(let seed)? = run["seed"], let other = bySeed[seed] else { return nil }
        return (run, other)
      }
      guard !pairs.isEmpty else {
        throw BuiltinError("no run of `a` has a seed that `b` has", help: "run both sweeps with the same seed:, e.g. seed: 1")
      }
      let measures = (metricNames([1, 5, 10, 20, 50, 100]) + ["energy"]).filter { name in
        pairs.allSatisfy { $0.0[name]?.asDouble != nil && $0.1[name]?.asDouble != nil }
      }
      guard !measures.isEmpty else { throw BuiltinError("the runs share no metric to compare", parameter: "b") }
      return .list(measures.map { name in
        let test = PairedDifference(pairs.map { $0.0[name]!.asDouble! }, pairs.map { $0.1[name]!.asDouble! })
        return .record(Record([
          ("metric", .string(name)), ("seeds", .int(pairs.count)), ("a", .double(test.a.mean)), ("b", .double(test.b.mean)),
          ("difference", .double(test.difference.mean)), ("low", test.difference.lower.map { .double($0) } ?? .nothing),
          ("high", test.difference.upper.map { .double($0) } ?? .nothing),
          ("relative %", test.relative.map { .double($0 * 100) } ?? .nothing),
        ]))
      })
    }
  }

  /// The runs of argument `name`: a sweep's (of one point), or a list of run records.
  private static func runs(_ call: BuiltinCall, _ name: String) throws(BuiltinError) -> [Record] {
    switch try call.required(name) {
    case .object(let sweep as SweepObject):
      guard sweep.pointCount == 1 else {
        throw BuiltinError(
          "the sweep has \(sweep.pointCount) points; compare runs of one point", parameter: name,
          help: "pass filter(s.runs, where: {T: 4}) to pick a point's runs")
      }
      return sweep.runs
    case .list(let values):
      guard let records = ValueDisplay.records(values), !records.isEmpty else {
        throw BuiltinError("expected a list of run records (such as s.runs)", parameter: name)
      }
      return records
    default:
      throw BuiltinError("expected a Sweep or a list of runs", parameter: name)
    }
  }
}
