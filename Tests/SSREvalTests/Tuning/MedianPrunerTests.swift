import Testing
@testable import SSREval

@Suite("Median pruner")
struct MedianPrunerTests {
  /// Complete trials whose value at step s is `curves[i][s - 1]`.
  func complete(_ curves: [[Double]]) -> [Trial] {
    curves.enumerated().map { index, curve in
      Trial(
        number: index + 1, configuration: Configuration([:]), state: .complete, value: curve.max(),
        intermediateValues: Dictionary(uniqueKeysWithValues: curve.enumerated().map { ($0.offset + 1, $0.element) }))
    }
  }

  @Test("Prunes when the best value so far is below the median of complete trials at that step")
  func prunesBelowMedian() {
    let pruner = MedianPruner()
    let trials = complete([[0.1, 0.2, 0.3], [0.2, 0.3, 0.4], [0.3, 0.4, 0.5], [0.4, 0.5, 0.6], [0.5, 0.6, 0.7]])
    // Medians: 0.3 at step 1, 0.4 at step 2.
    #expect(pruner.shouldPrune([1: 0.25], trials: trials, direction: .maximize))
    #expect(!pruner.shouldPrune([1: 0.3], trials: trials, direction: .maximize))  // equal is not worse
    #expect(!pruner.shouldPrune([1: 0.35], trials: trials, direction: .maximize))
    // The best value so far counts, not the last one.
    #expect(!pruner.shouldPrune([1: 0.45, 2: 0.1], trials: trials, direction: .maximize))
    #expect(pruner.shouldPrune([1: 0.2, 2: 0.35], trials: trials, direction: .maximize))
    // Minimising: worse means larger.
    #expect(pruner.shouldPrune([1: 0.35], trials: trials, direction: .minimize))
    #expect(!pruner.shouldPrune([1: 0.25], trials: trials, direction: .minimize))
  }

  @Test("Nothing is pruned before 5 complete trials, before the warm-up steps, or without values at the step")
  func guards() {
    let four = complete([[0.5], [0.5], [0.5], [0.5]])
    #expect(!MedianPruner().shouldPrune([1: 0.0], trials: four, direction: .maximize))
    // Pruned trials do not count as complete.
    let withPruned = four + [Trial(number: 5, configuration: Configuration([:]), state: .pruned, value: nil, intermediateValues: [1: 0.9])]
    #expect(!MedianPruner().shouldPrune([1: 0.0], trials: withPruned, direction: .maximize))
    let five = complete([[0.5], [0.5], [0.5], [0.5], [0.5]])
    #expect(MedianPruner().shouldPrune([1: 0.0], trials: five, direction: .maximize))
    #expect(!MedianPruner(warmupSteps: 2).shouldPrune([1: 0.0], trials: five, direction: .maximize))
    // No complete trial reached step 2: go on.
    #expect(!MedianPruner().shouldPrune([1: 0.6, 2: 0.0], trials: five, direction: .maximize))
    // Only NaN reported: pruned.
    #expect(MedianPruner().shouldPrune([1: .nan], trials: five, direction: .maximize))
    #expect(!MedianPruner().shouldPrune([:], trials: five, direction: .maximize))
  }

  @Test("The median interpolates between the two middle values")
  func median() {
    #expect(MedianPruner.median([3, 1, 2]) == 2)
    #expect(MedianPruner.median([4, 1, 3, 2]) == 2.5)
    #expect(MedianPruner.median([]) == nil)
  }

  @Test("A study with the pruner: trials report per step; pruned trials are recorded with their values")
  func studyWithPruner() throws {
    let space = try SearchSpace([.float("x", low: 0, high: 1)])
    var study = Study(space: space, sampler: .random, direction: .maximize, seed: 2, pruner: MedianPruner())
    for _ in 0..<30 {
      let configuration = study.ask()!
      let x = configuration.double("x")
      var reported: [Int: Double] = [:]
      var pruned = false
      for step in 1...4 {
        reported[step] = x * Double(step)
        if study.shouldPrune(reported) {
          pruned = true
          break
        }
      }
      study.tell(configuration, state: pruned ? .pruned : .complete, value: x * 4, intermediateValues: reported)
    }
    let prunedTrials = study.trials.filter { $0.state == .pruned }
    #expect(!prunedTrials.isEmpty)
    #expect(prunedTrials.allSatisfy { $0.value == nil && $0.number > 5 })
    // Everything pruned was below the median of the complete trials at its last step.
    for trial in prunedTrials {
      let (step, value) = trial.lastIntermediate!
      let earlier = study.trials.filter { $0.state == .complete && $0.number < trial.number }.compactMap { $0.intermediateValues[step] }
      #expect(value < MedianPruner.median(earlier)!)
    }
    #expect(study.bestTrial?.state == .complete)
    let history = study.bestValueHistory
    #expect(history.count == 30 && history.last! == study.bestTrial!.value)
    #expect(zip(history, history.dropFirst()).allSatisfy { a, b in (a ?? -1) <= (b ?? -1) })
  }
}
