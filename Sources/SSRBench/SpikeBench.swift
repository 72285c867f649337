import Foundation
import SSRData
import SSREval
import SSRModels
import SSRTensor

/// Spike-driven kernels (`--spikes`): for each spiking model, briefly trained on ml-1m (synthetic
/// data of its shape when ml-1m is absent), the non-zero fraction of every `spikeLinear` input in
/// one training step; the cost of each such layer (forward + backward) on its recorded input,
/// dense against event-driven; and the whole training step with every spike layer dense against
/// the automatic choice. Times are medians of `rounds` runs; the two paths alternate within each
/// round so that load from other programs affects both alike.
///
/// With `path` set (`--spike-path dense|automatic|eventDriven`) only `batches` training steps per
/// model run on that path, in ``timedSteps(_:_:_:)`` — the function to give callgrind's
/// `--toggle-collect` for instruction counts that do not depend on the machine's load.
enum SpikeBench {
  /// The models whose layers read spikes.
  static let defaultModels = ["SFSRec", "SCaser", "SFMLP", "SGRU4Rec", "SRSGNN"]

  static func run(models: [String], trainSteps: Int, batches: Int, rounds: Int, path: SpikeLinearPath?, synthetic: Bool) {
    guard let split = synthetic ? smallSplit() : ModelBench.split() else {
      print("spike bench: no data")
      return
    }
    let batchSize = TrainingOptions.defaults.batchSize
    let needed = trainSteps + 1 + batches * (path == nil ? 2 * rounds : 1)
    guard let iterator = try? split.trainingBatches(batchSize: batchSize, seed: 2024, dropLast: true) else { return }
    let inputs = Array(iterator.prefix(needed)).map(SequenceBatch.init)
    guard inputs.count == needed else {
      print("spike bench: not enough samples for \(needed) batches")
      return
    }
    print("threads: \(ComputeThreads.count), numerics: \(NumericsMode.current.rawValue), BLAS core: \(BLAS.coreName), batch \(batchSize)")
    for name in models {
      var config = ModelConfig.defaults
      config.itemCount = split.dataset.itemCount
      config.maxLen = split.dataset.maxLen
      guard let spec = ModelRegistry.standard.spec(named: name), spec.isTrainable else {
        print("unknown model \(name)")
        continue
      }
      let model = spec.make(ModelContext(config: config))
      let optimizer = Adam(learningRate: TrainingOptions.defaults.learningRate, weightDecay: TrainingOptions.defaults.weightDecay)
      model.train()
      let trainStart = now()
      timedSteps(model, optimizer, inputs[0..<trainSteps])
      print("== \(model.name): trained \(trainSteps) steps in \(fmt(now() - trainStart, 1)) s ==")
      if let path {
        let start = now()
        path.run { timedSteps(model, optimizer, inputs[(trainSteps + 1)...]) }
        let seconds = now() - start
        print("\(model.name) \(path.rawValue): \(batches) steps, \(fmt(seconds / Double(batches) * 1e3, 2)) ms/step")
        continue
      }
      let log = SpikeLinearLog(keepInputs: true)
      log.withRecording { timedSteps(model, optimizer, inputs[trainSteps..<(trainSteps + 1)]) }
      layerCosts(model.name, log.calls, rounds: rounds)
      stepCosts(model, optimizer, Array(inputs[(trainSteps + 1)...]), batches: batches, rounds: rounds)
    }
  }

  /// Synthetic data with ml-1m's item count and history lengths but 400 users (`--spike-synthetic`):
  /// the same layer shapes, ready in a moment (loading ml-1m under callgrind takes many minutes).
  static func smallSplit() -> DatasetSplit? {
    var options = SyntheticOptions()
    options.users = 400
    options.items = 3416
    options.meanLength = 165
    guard let dataset = try? SyntheticData.dataset(options), let split = try? dataset.split(.paper) else { return nil }
    print("data: synthetic, \(options.users) users, \(dataset.itemCount) items")
    return split
  }

  /// Training steps (forward, loss, backward, Adam) on `inputs`.
  @inline(never)
  static func timedSteps(_ model: any SequentialRecommender, _ optimizer: Adam, _ inputs: ArraySlice<SequenceBatch>) {
    for input in inputs {
      _ = valueAndGrad(of: model) { m in m.loss(input) }
      optimizer.step(model.parameters())
    }
  }

  /// Forward + backward of every recorded layer on its recorded input, dense and event-driven,
  /// grouped by layer shape.
  static func layerCosts(_ model: String, _ calls: [SpikeLinearLog.Call], rounds: Int) {
    struct Group {
      var calls = 0, rows = 0, nonZero = 0.0, elements = 0.0, dense = 0.0, event = 0.0, automaticEvent = 0
    }
    var order: [String] = []
    var groups: [String: Group] = [:]
    var g = InitGenerator(seed: 5)
    for call in calls {
      guard let x = call.input else { continue }
      let w = Tensor.normal([call.outFeatures, call.inFeatures], std: 0.1, generator: &g)
      let upstream = Tensor.normal([call.rows, call.outFeatures], generator: &g)
      func pass(_ path: SpikeLinearPath) {
        let xs = x.requiringGrad(), ws = w.requiringGrad()
        spikeLinear(xs, weight: ws, path: path).backward(upstream)
      }
      var dense: [Double] = [], event: [Double] = []
      pass(.dense)
      pass(.eventDriven)
      for _ in 0..<rounds {
        var t = now()
        pass(.dense)
        dense.append(now() - t)
        t = now()
        pass(.eventDriven)
        event.append(now() - t)
      }
      let key = "\(call.inFeatures)→\(call.outFeatures)"
      if groups[key] == nil { order.append(key) }
      var group = groups[key] ?? Group()
      group.calls += 1
      group.rows += call.rows
      group.nonZero += call.nonZeroFraction * Double(call.rows * call.inFeatures)
      group.elements += Double(call.rows * call.inFeatures)
      group.dense += median(dense)
      group.event += median(event)
      group.automaticEvent += call.eventDriven ? 1 : 0
      groups[key] = group
    }
    print("layer in→out     calls  rows/call  non-zero  dense ms  event ms  event/dense  automatic")
    var totalDense = 0.0, totalEvent = 0.0, totalAutomatic = 0.0
    for key in order {
      let group = groups[key]!
      let rate = group.nonZero / Swift.max(group.elements, 1)
      totalDense += group.dense
      totalEvent += group.event
      totalAutomatic += group.automaticEvent == group.calls ? group.event : group.automaticEvent == 0 ? group.dense : .nan
      let automatic = group.automaticEvent == group.calls ? "event" : group.automaticEvent == 0 ? "dense" : "mixed \(group.automaticEvent)/\(group.calls)"
      print(
        "\(key.padding(toLength: 16, withPad: " ", startingAt: 0)) \(String(format: "%5d  %9d  %8.3f  %8.3f  %8.3f  %11.2f", group.calls, group.rows / group.calls, rate, group.dense * 1e3, group.event * 1e3, group.event / group.dense))  \(automatic)")
      emitJSON([
        ("bench", "spike-layer"), ("model", model), ("layer", key), ("calls", group.calls), ("rows", group.rows / group.calls),
        ("nonzero_fraction", rate), ("dense_ms", group.dense * 1e3), ("event_ms", group.event * 1e3), ("automatic", automatic),
        ("threads", ComputeThreads.count),
      ])
    }
    print("all spike layers: dense \(fmt(totalDense * 1e3, 2)) ms, event-driven \(fmt(totalEvent * 1e3, 2)) ms, automatic \(fmt(totalAutomatic * 1e3, 2)) ms per step")
  }

  /// Whole training steps with every spike layer dense, then with the automatic choice,
  /// alternating per round.
  static func stepCosts(_ model: any SequentialRecommender, _ optimizer: Adam, _ inputs: [SequenceBatch], batches: Int, rounds: Int) {
    var dense: [Double] = [], automatic: [Double] = []
    for round in 0..<rounds {
      let base = 2 * round * batches
      for (path, offset) in [(SpikeLinearPath.dense, 0), (.automatic, batches)] {
        let start = now()
        path.run { timedSteps(model, optimizer, inputs[(base + offset)..<(base + offset + batches)]) }
        let perStep = (now() - start) / Double(batches)
        if path == .dense { dense.append(perStep) } else { automatic.append(perStep) }
      }
    }
    let d = median(dense), a = median(automatic)
    print("training step: dense \(fmt(d * 1e3, 2)) ms, automatic \(fmt(a * 1e3, 2)) ms (\(fmt(d / a, 2))× ; median of \(rounds) × \(batches) steps)")
    emitJSON([
      ("bench", "spike-step"), ("model", model.name), ("dense_ms", d * 1e3), ("automatic_ms", a * 1e3),
      ("dense_samples_per_s", 128 / d), ("automatic_samples_per_s", 128 / a), ("threads", ComputeThreads.count),
    ])
  }
}
