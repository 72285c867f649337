import SSRData
import SSRModels
import Testing

@testable import SSREval

/// Monitored parts: one training run evaluated on validation and test after every epoch, and its
/// best epoch chosen afterwards under either rule.
@Suite("Monitored parts and epoch selection")
struct EpochSelectionTests {
  /// A report of `epoch` whose parts have the given MRR@10 (one sample each, at rank 1/mrr).
  func report(_ epoch: Int, valid: Int?, test: Int?) -> EpochReport {
    func metrics(rank: Int?) -> RankingMetrics? {
      guard let rank else { return nil }
      var metrics = RankingMetrics(cutoffs: [10])
      metrics.add(rank: rank)
      return metrics
    }
    var parts: [String: RankingMetrics] = [:]
    parts["valid"] = metrics(rank: valid)
    parts["test"] = metrics(rank: test)
    return EpochReport(
      epoch: epoch, loss: 1, learningRate: 1e-3, samplesPerSecond: 1, seconds: 1, trainingSeconds: 1,
      metrics: parts["valid"] ?? RankingMetrics(cutoffs: [10]), isBest: false, partMetrics: parts)
  }

  @Test("The first epoch with the highest metric on the part; none when the part was not monitored")
  func bestEpoch() {
    // MRR@10 by epoch: valid 1/3, 1/1, 1/1, 1/2; test 1/5, 1/4, 1/2, 1/1.
    let history = [report(1, valid: 3, test: 5), report(2, valid: 1, test: 4), report(3, valid: 1, test: 2), report(4, valid: 2, test: 1)]
    #expect(EpochSelection.best(in: history, part: .valid, metric: "mrr10")?.epoch == 2)
    #expect(EpochSelection.best(in: history, part: .test, metric: "mrr10")?.epoch == 4)
    #expect(EpochSelection.best(in: history, part: .test, metric: "hr10")?.epoch == 1)  // all hit: the first
    #expect(EpochSelection.best(in: history, part: .train, metric: "mrr10") == nil)
    #expect(EpochSelection.best(in: history, part: .valid, metric: "mrr20") == nil)
    #expect(EpochSelection.best(in: [report(1, valid: nil, test: 2)], part: .valid, metric: "mrr10") == nil)
  }

  @Test("Training with monitored parts: every epoch has valid and test metrics, the kept weights are the validation-best epoch's")
  func monitoredTraining() throws {
    let split = try energySplit()
    let (model, _, _) = try built("gru4rec", energyConfig(split))
    var options = TrainingOptions.defaults
    options.epochs = 3
    options.batchSize = 32
    options.learningRate = 5e-3
    options.monitoredParts = [.test]
    let result = try Trainer.fit(model, on: split, options: options)
    #expect(result.history.count == 3)
    for report in result.history {
      #expect(report.metrics(on: .valid) == report.metrics)
      #expect(report.metrics(on: .test)?.count == split.samples(.test).count)
    }
    let best = try #require(EpochSelection.best(in: result.history, part: .valid, metric: "mrr10"))
    #expect(best.epoch == result.bestEpoch)
    // The model holds that epoch's weights: evaluating it on test again gives that epoch's test metrics.
    #expect(try Evaluator.evaluate(model, on: split, part: .test) == best.metrics(on: .test))
    // Without monitoring, reports carry no part metrics, as before.
    let (plain, _, _) = try built("gru4rec", energyConfig(split))
    options.monitoredParts = nil
    options.epochs = 1
    #expect(try Trainer.fit(plain, on: split, options: options).history.allSatisfy { $0.partMetrics == nil })
  }

  @Test("A monitored part without samples is refused before training")
  func emptyPart() throws {
    let split = try energySplit().dataset.split(.paper)
    let (model, _, _) = try built("gru4rec", energyConfig(split))
    var options = TrainingOptions.defaults
    options.epochs = 1
    options.selection = .paper
    options.monitoredParts = [.valid]
    let error = #expect(throws: TrainingError.self) { try Trainer.fit(model, on: split, options: options) }
    #expect(error?.description.contains("no valid samples") == true)
  }
}
