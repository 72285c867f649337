import Foundation
import SSRCore
import SSRData
import SSREval
import SSRModels

/// The runs of a `sweep` in worker processes or on Slurm: one task per run (point × seed), each
/// described completely in the job directory, with the seeds the in-process sweep uses, so the
/// metrics are the same.
enum SweepJob {
  /// Runs the sweep's runs through `setting`'s executor and returns one record per run, in the
  /// order the in-process sweep makes them, and whether it was interrupted.
  static func run(
    _ call: BuiltinCall, spec: ModelSpec, split: DatasetSplit, axes: [(name: String, values: [Value])], points: [[Value]],
    seeds: Int, base: UInt64, protocols: [TrainingOptions.Selection]?, setting: ExecutorSetting
  ) throws -> (runs: [Record], cutoffs: [Int], interrupted: Bool) {
    let context = call.context
    guard ModelRegistry.standard.spec(named: spec.name) != nil else {
      throw BuiltinError(".\(spec.name) is not one of SSR's standard models, so worker processes cannot build it", parameter: "executor")
    }
    var descriptions: [PointDescription] = []
    var labels: [[(String, Value)]] = []
    var cutoffs = [10]
    var features: ItemFeatures?
    for point in points {
      for index in 0..<seeds {
        let runSeed = SeededGenerator.derive(seed: base, label: "sweep.run.\(index)")
        var arguments = call.bound
        for (axis, value) in zip(axes, point) { arguments.values[axis.name] = value }
        arguments.values["seed"] = .int(Int(Int64(bitPattern: SeededGenerator.derive(seed: runSeed, label: "weights"))))
        let (config, spiking) = try ModelArguments.configurations(arguments, split: split) { context.random.next() }
        let (given, fusion) = try FusionArguments.read(arguments, split: split, width: config.embeddingSize)
        if spec.family != .baseline { features = given }
        var options = try ModelArguments.trainingOptions(arguments, seed: SeededGenerator.derive(seed: runSeed, label: "shuffle"))
        if let protocols { SweepProtocols.apply(protocols, to: &options) }
        cutoffs = options.cutoffs
        var parameters: [String: ParameterValue] = [:]
        for (axis, value) in zip(axes, point) { parameters[axis.name] = PointExecution.parameterValue(value) }
        var description = PointDescription(
          task: descriptions.count, model: spec.name, config: config, spiking: spiking, training: options,
          parameters: parameters, run: index + 1,
          evaluation: PointEvaluation(cutoffs: options.cutoffs, energyBatches: spec.energy != nil ? EnergyBuiltins.defaultBatches : nil),
          trial: nil)
        if let features = spec.family != .baseline ? given : nil {
          description.fusion = fusion
          description.featuresDigest = FeaturesFile.digest(features)
        }
        descriptions.append(description)
        labels.append(zip(axes, point).map { ($0.name, $1) } + [("seed", .int(index + 1))])
      }
    }
    let identity = split.identity
    let job = try PointExecution.prepare(
      kind: "sweep", model: spec.name, key: PointExecution.json(descriptions), split: split, identity: identity, points: descriptions,
      setting: setting, limit: .max, call: call)
    if let features, !FileManager.default.fileExists(atPath: job.directory.featuresPath) {
      do throws(ExecutorError) {
        try FeaturesFile.write(features, to: job.directory.featuresPath)
      } catch {
        throw BuiltinError(error.description, parameter: "features")
      }
    }
    var results: [Int: PointResult] = [:]
    let interruption = try PointExecution.run(
      job, tasks: descriptions.map(\.task), total: descriptions.count, label: "sweep .\(spec.name)", context: context
    ) { result in
      results[result.point.task] = result
      return []
    }
    if let interruption { context.emit(.text("sweep interrupted: \(interruption)")) }
    let failures = results.values.filter { $0.state == .failed }.sorted { $0.point.task < $1.point.task }
    if let first = failures.first {
      let where_ = labels[first.point.task].map { "\($0.0) \(ValueDisplay.literal($0.1))" }.joined(separator: ", ")
      throw BuiltinError(
        "\(failures.count) of \(descriptions.count) run(s) failed; the first (\(where_)): \(first.error ?? "no reason given")",
        help: "the finished runs are kept in \(job.directory.path); fix the cause and run the cell again to run only the failed ones")
    }
    if let protocols {
      // One row per run and protocol, from the per-epoch evaluations the worker recorded.
      var runs: [Record] = []
      for description in descriptions {
        guard let result = results[description.task] else { continue }
        var point = labels[description.task]
        guard case .int(let seed)? = point.popLast()?.1 else { continue }
        runs += try SweepProtocols.records(
          protocols, history: result.history, metric: description.training.selectionMetric, point: point, seed: seed,
          energy: SweepProtocols.energyFields(result.energySummary, energy: result.energy), seconds: result.trainingSeconds)
      }
      return (runs, cutoffs, interruption != nil)
    }
    let runs = descriptions.compactMap { description -> Record? in
      guard let result = results[description.task] else { return nil }
      var fields = labels[description.task]
      fields += result.metrics.map { ($0.name, .double($0.value)) }
      fields += SweepProtocols.energyFields(result.energySummary, energy: result.energy)
      fields.append(("seconds", .double(result.trainingSeconds)))
      fields += SweepProtocols.epochSeconds(result.history)
      return Record(fields)
    }
    return (runs, cutoffs, interruption != nil)
  }
}
