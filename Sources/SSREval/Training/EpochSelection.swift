import SSRData

/// Chooses a training run's best epoch after training, by a part other than the one that chose
/// the kept weights: the reference code selects on test, the honest protocol on validation, and a
/// run that monitors both parts (``TrainingOptions/monitoredParts``) can be reported under each.
public enum EpochSelection {
  /// The first epoch of `history` with the highest `metric` (e.g. `mrr10`) on `part`, as the
  /// trainer picks its best epoch; nil when no epoch has that part's metrics (it was not
  /// monitored) or the metric is not among them.
  public static func best(in history: [EpochReport], part: SplitPart, metric: String) -> EpochReport? {
    var best: (report: EpochReport, score: Double)?
    for report in history {
      guard let score = report.metrics(on: part)?.named.first(where: { $0.0 == metric })?.1, !score.isNaN else { continue }
      if best.map({ score > $0.score }) ?? true { best = (report, score) }
    }
    return best?.report
  }
}
