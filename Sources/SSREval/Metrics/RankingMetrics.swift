/// Full-ranking accuracy metrics for next-item recommendation: HR@k, NDCG@k and MRR@k at
/// several cut-offs at once, as the exact mean over evaluated samples.
///
/// For each sample the target's rank among all items is
///
///     rank = 1 + |{ j : j ≠ padding, j ≠ target, j not excluded, score_j > score_target }|
///
/// so ties are broken in favour of the target (a deterministic rule, and the one the PyTorch
/// reference under `bench/pytorch` uses). A target whose score is NaN gets the worst rank;
/// items whose score is NaN never outrank it. Then, with `[·]` the indicator,
///
///     HR@k   = [rank ≤ k]
///     NDCG@k = [rank ≤ k] / log2(rank + 1)     (one relevant item, so the ideal DCG is 1)
///     MRR@k  = [rank ≤ k] / rank
///
/// averaged over samples with Double accumulation (Järvelin & Kekäläinen 2002 for NDCG).
public struct RankingMetrics: Sendable, Equatable, Codable {
  /// The cut-offs k, ascending.
  public let cutoffs: [Int]
  /// Number of samples added.
  public private(set) var count = 0
  private var hits: [Double]
  private var dcg: [Double]
  private var reciprocal: [Double]

  /// Creates empty accumulators for the given cut-offs (10 by default).
  public init(cutoffs: [Int] = [10]) {
    precondition(!cutoffs.isEmpty && cutoffs.allSatisfy { $0 > 0 }, "cut-offs must be positive")
    self.cutoffs = Array(Set(cutoffs)).sorted()
    hits = Array(repeating: 0, count: self.cutoffs.count)
    dcg = hits
    reciprocal = hits
  }

  /// Adds one sample given the target's 1-based rank.
  public mutating func add(rank: Int) {
    precondition(rank >= 1, "ranks start at 1")
    count += 1
    let gain = 1 / log2(Double(rank) + 1)
    let inverse = 1 / Double(rank)
    for (index, k) in cutoffs.enumerated() where rank <= k {
      hits[index] += 1
      dcg[index] += gain
      reciprocal[index] += inverse
    }
  }

  /// Adds every row of a `[rows, items]` score matrix (row-major); item 0 is padding and never
  /// ranked. `excluded(row)` may list items (e.g. the user's history) that must not compete.
  public mutating func add(
    scores: UnsafeBufferPointer<Float>, items: Int, targets: [Int32], excluded: ((Int) -> [Int32])? = nil
  ) {
    precondition(scores.count == targets.count * items, "scores must be [targets.count, items]")
    for row in 0..<targets.count {
      let base = row * items
      let rowScores = UnsafeBufferPointer(rebasing: scores[base..<base + items])
      add(rank: RankingMetrics.rank(of: Int(targets[row]), in: rowScores, excluded: excluded?(row) ?? []))
    }
  }

  /// The 1-based rank of `target` in one row of scores (see the type's documentation).
  public static func rank(of target: Int, in scores: UnsafeBufferPointer<Float>, excluded: [Int32] = []) -> Int {
    precondition(target > 0 && target < scores.count, "the target must be a real item (1..<items)")
    let items = scores.count
    let targetScore = scores[target]
    if targetScore.isNaN { return items - 1 - excluded.filter { $0 > 0 && Int($0) != target }.count }
    // Count strictly higher scores over items 1..<items with a SIMD loop (NaN compares false).
    var index = 1
    let threshold = SIMD8<Float>(repeating: targetScore)
    var lanes = SIMD8<Int32>(repeating: 0)
    let ones = SIMD8<Int32>(repeating: 1)
    let raw = UnsafeRawPointer(scores.baseAddress!)
    while index + 8 <= items {
      let chunk = raw.loadUnaligned(fromByteOffset: index * MemoryLayout<Float>.stride, as: SIMD8<Float>.self)
      lanes &+= SIMD8<Int32>(repeating: 0).replacing(with: ones, where: chunk .> threshold)
      index += 8
    }
    var higher = Int(lanes.wrappedSum())
    while index < items {
      if scores[index] > targetScore { higher += 1 }
      index += 1
    }
    // The target never outranks itself; excluded items (deduplicated) are taken back out.
    var seen = Set<Int32>()
    for item in excluded where item > 0 && Int(item) < items && Int(item) != target && seen.insert(item).inserted {
      if scores[Int(item)] > targetScore { higher -= 1 }
    }
    return higher + 1
  }

  /// Merges another accumulator with the same cut-offs (for parallel evaluation).
  public mutating func merge(_ other: RankingMetrics) {
    precondition(other.cutoffs == cutoffs, "cut-offs differ")
    count += other.count
    for index in cutoffs.indices {
      hits[index] += other.hits[index]
      dcg[index] += other.dcg[index]
      reciprocal[index] += other.reciprocal[index]
    }
  }

  /// HR@k (nil if k is not one of the cut-offs or nothing was added).
  public func hitRate(at k: Int) -> Double? { mean(hits, k) }
  /// NDCG@k.
  public func ndcg(at k: Int) -> Double? { mean(dcg, k) }
  /// MRR@k.
  public func mrr(at k: Int) -> Double? { mean(reciprocal, k) }

  private func mean(_ sums: [Double], _ k: Int) -> Double? {
    guard count > 0, let index = cutoffs.firstIndex(of: k) else { return nil }
    return sums[index] / Double(count)
  }

  /// `[("hr10", …), ("ndcg10", …), ("mrr10", …), …]` in cut-off order.
  public var named: [(String, Double)] {
    cutoffs.flatMap { k in
      [("hr\(k)", hitRate(at: k) ?? 0), ("ndcg\(k)", ndcg(at: k) ?? 0), ("mrr\(k)", mrr(at: k) ?? 0)]
    }
  }
}

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif
