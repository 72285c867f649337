import Foundation
import Testing
@testable import SSREval

@Suite("Grid and random samplers")
struct SamplerTests {
  static let mixed: SearchSpace = try! SearchSpace([
    .int("embeddingSize", 40...150, step: 2),
    .logFloat("lr", low: 1e-4, high: 1e-2),
    .float("dropout", low: 0.1, high: 0.9),
    .int("T", 1...64, log: true),
    .categorical("surrogate", [.string("atan"), .string("sigmoid"), .string("erf")]),
  ])

  @Test("A grid visits every combination once, then stops")
  func gridEnumerates() throws {
    let space = try SearchSpace([
      .int("layers", 1...3), .categorical("heads", [.int(1), .int(2)]), .float("dropout", low: 0, high: 0.5),
    ])
    var study = Study(space: space, sampler: .grid, direction: .maximize, seed: 3)
    study.optimize(trials: 100) { _ in 0 }
    #expect(study.trials.count == 3 * 2 * 5)
    let seen = Set(study.trials.map(\.configuration))
    #expect(seen.count == 30)
    #expect(study.trials.allSatisfy { space.contains($0.configuration) })
    #expect(Set(study.trials.compactMap { $0.configuration["dropout"] }) == Set([0, 0.125, 0.25, 0.375, 0.5].map(ParameterValue.double)))
    #expect(study.ask() == nil)
    // The order is seeded: another seed visits the same set in another order.
    var other = Study(space: space, sampler: .grid, direction: .maximize, seed: 4)
    other.optimize(trials: 100) { _ in 0 }
    #expect(Set(other.trials.map(\.configuration)) == seen)
    #expect(other.trials.map(\.configuration) != study.trials.map(\.configuration))
  }

  @Test("Random draws stay in bounds, on the integer steps, and spread evenly on log scales")
  func randomRespectsDomains() {
    var sampler = RandomSampler(space: Self.mixed, seed: 11)
    var lrBelowMiddle = 0
    var smallT = 0
    var surrogates: [ParameterValue: Int] = [:]
    let n = 4000
    for _ in 0..<n {
      let configuration = sampler.next(after: [])!
      #expect(Self.mixed.contains(configuration))
      let size = configuration.int("embeddingSize")
      #expect(size >= 40 && size <= 150 && size % 2 == 0)
      let lr = configuration.double("lr")
      #expect(lr >= 1e-4 && lr < 1e-2)
      if lr < 1e-3 { lrBelowMiddle += 1 }
      if configuration.int("T") <= 8 { smallT += 1 }
      surrogates[configuration["surrogate"]!, default: 0] += 1
    }
    // Log-uniform: half the draws below the geometric middle 1e-3 (uniform would give ~9%).
    #expect(abs(Double(lrBelowMiddle) / Double(n) - 0.5) < 0.04)
    // Log scale over 1...64 (widened to 0.5...64.5): P(T ≤ 8) = log(8.5/0.5)/log(64.5/0.5) ≈ 0.58.
    #expect(abs(Double(smallT) / Double(n) - log(17) / log(129)) < 0.04)
    #expect(surrogates.count == 3 && surrogates.values.allSatisfy { abs(Double($0) / Double(n) - 1.0 / 3) < 0.04 })
    // Both ends of a stepped integer range are reached.
    var ends = RandomSampler(space: try! SearchSpace([.int("n", 40...46, step: 2)]), seed: 2)
    let values = Set((0..<200).map { _ in ends.next(after: [])!.int("n") })
    #expect(values == [40, 42, 44, 46])
  }

  @Test("Every sampler gives the same configurations for the same seed")
  func determinism() {
    for kind in SamplerKind.allCases {
      func run(_ seed: UInt64) -> [Configuration] {
        var study = Study(space: Self.mixed, sampler: kind, direction: .minimize, seed: seed)
        study.optimize(trials: 15) { c in abs(c.double("dropout") - 0.3) + c.double("lr") }
        return study.trials.map(\.configuration)
      }
      #expect(run(5) == run(5), "\(kind)")
      #expect(run(5) != run(6), "\(kind)")
    }
  }
}
