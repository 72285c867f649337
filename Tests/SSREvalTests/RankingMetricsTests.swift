import Testing
@testable import SSREval

@Suite("Ranking metrics")
struct RankingMetricsTests {
  func rank(_ scores: [Float], target: Int, excluded: [Int32] = []) -> Int {
    scores.withUnsafeBufferPointer { RankingMetrics.rank(of: target, in: $0, excluded: excluded) }
  }

  @Test("Rank counts strictly higher scores, ignoring padding; ties favour the target")
  func ranks() {
    // item 0 is padding (its huge score must not count)
    #expect(rank([99, 0.5, 0.9, 0.1, 0.7], target: 1) == 3)
    #expect(rank([99, 0.5, 0.9, 0.1, 0.7], target: 2) == 1)
    #expect(rank([0, 1, 1, 1, 1], target: 3) == 1)
    #expect(rank([0, 0.5, 0.9, 0.1, 0.7], target: 3) == 4)
    #expect(rank([0, 0.5, .nan, 0.1, 0.7], target: 1) == 2)
    #expect(rank([0, .nan, 0.9, 0.1, 0.7], target: 1) == 4)
    #expect(rank([0, 0.5, 0.9, 0.1, 0.7], target: 1, excluded: [2, 2, 0, 1]) == 2)
  }

  @Test("The SIMD loop agrees with a plain count over many random rows")
  func simdAgreement() {
    var state: UInt64 = 42
    func next() -> Float {
      state = state &* 6364136223846793005 &+ 1442695040888963407
      return Float(state >> 40) / Float(1 << 24)
    }
    for items in [2, 3, 9, 17, 100, 3417] {
      for _ in 0..<20 {
        let scores = (0..<items).map { _ in (next() * 8).rounded() }
        let target = 1 + Int(next() * Float(items - 1)) % (items - 1)
        let plain = 1 + (1..<items).filter { $0 != target && scores[$0] > scores[target] }.count
        #expect(rank(scores, target: target) == plain)
      }
    }
  }

  @Test("HR, NDCG and MRR at several cut-offs against hand-computed values")
  func metrics() throws {
    var metrics = RankingMetrics(cutoffs: [10, 1, 5])
    #expect(metrics.cutoffs == [1, 5, 10])
    for rank in [1, 3, 7, 20] { metrics.add(rank: rank) }
    #expect(metrics.count == 4)
    #expect(metrics.hitRate(at: 1) == 0.25)
    #expect(metrics.hitRate(at: 5) == 0.5)
    #expect(metrics.hitRate(at: 10) == 0.75)
    let ndcg10 = (1.0 + 1 / 2.0 + 1 / 3.0) / 4  // log2(2)=1, log2(4)=2, log2(8)=3
    #expect(abs(try #require(metrics.ndcg(at: 10)) - ndcg10) < 1e-12)
    let mrr5 = (1.0 + 1 / 3.0) / 4
    #expect(abs(try #require(metrics.mrr(at: 5)) - mrr5) < 1e-12)
    #expect(metrics.hitRate(at: 20) == nil)
    #expect(metrics.named.map(\.0) == ["hr1", "ndcg1", "mrr1", "hr5", "ndcg5", "mrr5", "hr10", "ndcg10", "mrr10"])
  }

  @Test("Adding a score matrix equals adding its ranks; merging equals adding")
  func matrix() {
    let scores: [Float] = [9, 0.1, 0.5, 0.3, 9, 0.9, 0.2, 0.4]  // 2 rows × 4 items
    var a = RankingMetrics(cutoffs: [1, 2])
    scores.withUnsafeBufferPointer { a.add(scores: $0, items: 4, targets: [3, 1]) }
    var b = RankingMetrics(cutoffs: [1, 2])
    b.add(rank: 2)
    b.add(rank: 1)
    #expect(a == b)
    var c = RankingMetrics(cutoffs: [1, 2])
    c.add(rank: 2)
    var d = RankingMetrics(cutoffs: [1, 2])
    d.add(rank: 1)
    c.merge(d)
    #expect(c == b)
  }
}
