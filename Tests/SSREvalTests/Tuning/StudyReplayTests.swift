import Foundation
import Testing
@testable import SSREval

@Suite("Study replay (resuming a recorded study)")
struct StudyReplayTests {
  static let space = try! SearchSpace([
    .logFloat("lr", low: 1e-4, high: 1e-1), .int("size", 8...64, step: 8), .float("dropout", low: 0, high: 0.5),
    .categorical("act", [.string("relu"), .string("gelu")]),
  ])

  /// A test function of mixed parameters; some trials fail and some are pruned, as in real studies.
  static func run(_ study: inout Study, count: Int) {
    for _ in 0..<count {
      guard let configuration = study.ask() else { return }
      let n = study.trials.count + 1
      let value = pow(log10(configuration.double("lr")) + 2.5, 2) + abs(configuration.double("size") - 32) / 16
        + configuration.double("dropout") + (configuration["act"] == .string("gelu") ? 0 : 0.3)
      switch n % 7 {
      case 3: study.tell(configuration, state: .failed, value: nil)
      case 5: study.tell(configuration, state: .pruned, value: nil, intermediateValues: [1: value + 1])
      default: study.tell(configuration, state: .complete, value: value, intermediateValues: [1: value + 0.5, 2: value])
      }
    }
  }

  @Test("A study resumed from its first k trials proposes what the uninterrupted study did (TPE, random, grid)", arguments: SamplerKind.allCases)
  func sameProposals(kind: SamplerKind) throws {
    var whole = Study(space: Self.space, sampler: kind, direction: .minimize, seed: 42)
    Self.run(&whole, count: 16)
    for stop in [0, 1, 9, 10, 12] {
      var first = Study(space: Self.space, sampler: kind, direction: .minimize, seed: 42)
      Self.run(&first, count: stop)
      // A new process: a fresh study takes in the recorded trials, then goes on.
      var resumed = Study(space: Self.space, sampler: kind, direction: .minimize, seed: 42)
      try resumed.replay(first.trials)
      Self.run(&resumed, count: 16 - stop)
      #expect(resumed.trials.map(\.configuration) == whole.trials.map(\.configuration), "\(kind) stopped after \(stop)")
      #expect(resumed.trials.map(\.state) == whole.trials.map(\.state))
    }
  }

  @Test("Replay refuses trials the sampler would not propose, and gaps in the numbering")
  func refusals() {
    var original = Study(space: Self.space, sampler: .random, direction: .minimize, seed: 1)
    Self.run(&original, count: 3)
    var otherSeed = Study(space: Self.space, sampler: .random, direction: .minimize, seed: 2)
    let mismatch = #expect(throws: StudyReplayError.self) { try otherSeed.replay(original.trials) }
    #expect(mismatch?.trial == 1)
    #expect(mismatch?.description.contains("not the one the study was run with") == true)
    var gap = Study(space: Self.space, sampler: .random, direction: .minimize, seed: 1)
    let missing = #expect(throws: StudyReplayError.self) { try gap.replay(Array(original.trials.dropFirst())) }
    #expect(missing?.description == "trial 1 is missing before trial 2")
  }
}
