import SSRCore
import SSRData
import SSREval
import SSRModels
import SSRRuns

extension ModelBuiltins {
  /// `compare`: several models trained with the same hyperparameters, one row each.
  static var compare: Builtin {
    Builtin(
      name: "compare", category: "Models",
      parameters: [
        .variadic("models", .symbol(choices: []), doc: "model names, e.g. .sasrec, .sfsrec"),
        .labeled("on", .oneOf([.object("Split"), .object("SplitPart")]), doc: "the split"),
      ] + ModelArguments.trainingParameters + ModelArguments.modelParameters + FusionArguments.parameters
        + EnergyBuiltins.energyParameters,
      summary: "Trains several models with the same hyperparameters; one row each: test metrics, energy, saving, time.",
      discussion: """
          compare(.sasrec, .sfsrec, on: ds, epochs: 5)
          compare(.popularity, .gru4rec, .sgru4rec, on: ds)
          compare(.sasrec, .sfsrec, on: ds, seed: 1, features: f, fusion: .gated)   // the same runs with side features
        Each model is trained as `train` does and evaluated on the test part. `energy` is the
        estimated energy per inference (µJ); for a spiking model whose ANN twin is in the same call,
        `saving` is its energy saving over the modified components (the paper's comparison) and
        `savingWhole` over the whole model including the scoring product, in percent. `seconds` is
        the training time. With `seed:`, every model starts from that weight seed and shuffles its
        samples from a seed derived from it, so two calls with the same seed pair their runs (with
        and without `features:`, say); without it, both seeds come from the cell's stream.
        """
    ) { call in
      let names = call.variadic.compactMap { if case .symbol(let s) = $0 { return s } else { return nil } }
      guard !names.isEmpty else { throw BuiltinError("name at least one model, e.g. compare(.sasrec, .gru4rec, on: ds)") }
      let split = try split(call, "on")
      let cutoffs = try ModelArguments.cutoffs(call)
      let pairedShuffleSeed = try call.int("seed").map { SeededGenerator.derive(seed: UInt64(bitPattern: Int64($0)), label: "shuffle") }
      var trained: [(name: String, object: ModelObject, metrics: RankingMetrics, report: EnergyReport?)] = []
      for name in names {
        let object = try build(name, split: split, call: call)
        if object.spec.isTrainable {
          let options = try ModelArguments.trainingOptions(call.bound, seed: pairedShuffleSeed ?? call.context.random.next())
          try fit(object, on: split, options: options, context: call.context, kind: .compare)
        }
        if !object.spec.isTrainable { object.runID = call.context.runs?.begin(.compare, object, options: nil) }
        let metrics: RankingMetrics
        do {
          metrics = try Evaluator.evaluate(object.model, on: split, part: .test, cutoffs: cutoffs)
        } catch {
          throw BuiltinError("evaluating \(object.model.name) failed: \(error)")
        }
        let report = object.spec.energy == nil ? nil : try EnergyBuiltins.report(object, split: split, call: call)
        call.context.runs?.results(object.runID, metrics: metrics, energy: report.map { $0.total / 1e6 })
        trained.append((object.kind, object, metrics, report))
        if call.context.stoppedEarly { break }  // Ctrl-C: compare the models trained so far
      }
      return .list(
        trained.map { entry in
          var fields = metricsRecord(entry.object.model.name, entry.metrics)
          fields.removeLast()  // samples
          fields.append(("energy", entry.report.map { .double($0.total / 1e6) } ?? .nothing))
          var saving: Value = .nothing
          var savingWhole: Value = .nothing
          if call.context.models.spec(named: entry.name)?.family == .snn, let twin = call.context.models.twin(of: entry.name),
            let annReport = trained.first(where: { $0.name == twin.name })?.report, let snnReport = entry.report,
            let result = try? EnergySaving(ann: annReport, snn: snnReport)
          {
            saving = .double(result.modified * 100)
            savingWhole = .double(result.wholeModel * 100)
          }
          fields += [
            ("saving", saving), ("savingWhole", savingWhole), ("epochs", .int(entry.object.training?.history.count ?? 0)),
            ("seconds", .double(entry.object.trainingSeconds)),
          ]
          return .record(Record(fields))
        })
    }
  }
}
