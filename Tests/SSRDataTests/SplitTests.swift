import Testing

@testable import SSRData

@Suite struct SplitTests {
  /// One user per length in `lengths`, items 1…n, times 1…n.
  func dataset(lengths: [Int], timeUnit: TimeUnit = .seconds, maxLen: Int = 20) throws -> SequenceDataset {
    var rows: [(user: String, item: String, time: Int64)] = []
    for (user, length) in lengths.enumerated() {
      for step in 0..<length { rows.append(("\(user)", "\(step + 1)", Int64(step + 1) * 10 + Int64(user))) }
    }
    var table = InteractionTable(rows: rows, timeUnit: timeUnit)
    table.timeUnit = timeUnit
    return try Preprocessor.prepare(table, options: PreprocessOptions(deduplicate: .none, kcore: 0, maxLen: maxLen), name: "hand")
  }

  func perUser(_ samples: SampleSet, users: Int) -> [Int] {
    (0..<users).map { user in samples.users.filter { Int($0) == user }.count }
  }

  @Test func timeRatioMatchesTheReferenceArithmetic() throws {
    // A user with n interactions has n − 1 samples; Python's int(m * (1 - 0.2)) of them train.
    let lengths = Array(2...41)
    let split = try dataset(lengths: lengths).split(.timeRatio(test: 0.2, valid: 0))
    let python = [0, 1, 2, 3, 4, 4, 5, 6, 7, 8, 8, 9, 10, 11, 12, 12, 13, 14, 15, 16, 16, 17, 18, 19, 20, 20, 21, 22, 23, 24, 24, 25, 26, 27, 28, 28, 29, 30, 31, 32]
    #expect(perUser(split.train, users: lengths.count) == python)
    #expect(perUser(split.test, users: lengths.count) == lengths.enumerated().map { $0.element - 1 - python[$0.offset] })
    #expect(split.valid.count == 0)
    // Floating-point truncation as in Python: int(90 * (1 - 0.3)) == 62, not 63.
    let odd = try dataset(lengths: [91, 171, 181]).split(.timeRatio(test: 0.3, valid: 0))
    #expect(perUser(odd.train, users: 3) == [62, 118, 125])
  }

  @Test func trainSamplesComeFirstInTime() throws {
    let data = try dataset(lengths: [6])
    let split = try data.split(.paper)
    #expect(split.train.positions == [1, 2, 3, 4])
    #expect(split.test.positions == [5])
    #expect(split.train.positions.allSatisfy { position in split.test.positions.allSatisfy { position < $0 } })
  }

  @Test func validationSliceFromTheEndOfTrain() throws {
    let split = try dataset(lengths: [11, 8]).split(.timeRatio(test: 0.2, valid: 0.25))
    // 10 samples: 8 train → int(8 · 0.75) = 6 train, 2 valid, 2 test. 7 samples: 5 → 3 train, 2 valid, 2 test.
    #expect(perUser(split.train, users: 2) == [6, 3])
    #expect(perUser(split.valid, users: 2) == [2, 2])
    #expect(perUser(split.test, users: 2) == [2, 2])
    #expect(split.valid.positions.prefix(2) == [7, 8])
  }

  @Test func leaveOneOut() throws {
    let data = try dataset(lengths: [5, 2, 3])
    let withValid = try data.split(.leaveOneOut(valid: true))
    #expect(perUser(withValid.test, users: 3) == [1, 1, 1])
    #expect(perUser(withValid.valid, users: 3) == [1, 0, 1])
    #expect(perUser(withValid.train, users: 3) == [2, 0, 0])
    #expect(withValid.test.positions[0] == 4)
    let plain = try data.split(.leaveOneOut(valid: false))
    #expect(plain.valid.count == 0 && plain.train.count == 4)
  }

  @Test func temporalCutoff() throws {
    let data = try dataset(lengths: [10, 10])
    let split = try data.split(.temporalCutoff(test: 0.2, valid: 0.1))
    let cut = data.times.sorted()[Int((0.8 * 19).rounded(.down))]
    #expect(split.test.positions.allSatisfy { data.times[$0] > cut })
    #expect(split.train.positions.allSatisfy { data.times[$0] <= cut })
    #expect(split.train.count + split.valid.count + split.test.count == 18)
    #expect(split.test.count > 0 && split.valid.count > 0)
    let ordered = try dataset(lengths: [10], timeUnit: .order)
    #expect(dataError { try ordered.split(.temporalCutoff(test: 0.2, valid: 0)) }.map { "\($0)" }?.contains("no timestamps") == true)
  }

  @Test func badFractionsAndEmptyParts() throws {
    let data = try dataset(lengths: [3, 3])
    for method in [SplitMethod.timeRatio(test: 0, valid: 0), .timeRatio(test: 1, valid: 0), .timeRatio(test: 0.2, valid: -1), .timeRatio(test: .nan, valid: 0)] {
      guard case .invalidOption? = dataError({ try data.split(method) }) else {
        Issue.record("\(method) must be rejected")
        continue
      }
    }
    guard case let .emptyAfter(step, _)? = dataError({ try data.split(.timeRatio(test: 0.9, valid: 0)) }) else {
      Issue.record("an empty training part must be reported")
      return
    }
    #expect(step.contains("split timeRatio"))
  }

  @Test func batchesPadRightLikeTheReference() throws {
    let data = try dataset(lengths: [6], maxLen: 3)
    let split = try data.split(.timeRatio(test: 0.2, valid: 0))
    let batch = Array(try split.evaluationBatches(.train, batchSize: 10))[0]
    #expect(batch.size == 4 && batch.maxLen == 3)
    #expect(Array(batch.history(0)) == [1, 0, 0])
    #expect(Array(batch.history(1)) == [1, 2, 0])
    #expect(Array(batch.history(3)) == [2, 3, 4])
    #expect(batch.lengths == [1, 2, 3, 3])
    #expect(batch.targets == [2, 3, 4, 5])
    let left = Array(try split.evaluationBatches(.train, batchSize: 10, padding: .left))[0]
    #expect(Array(left.history(1)) == [0, 1, 2])
    let wide = Array(try split.evaluationBatches(.test, batchSize: 10, maxLen: 8))[0]
    #expect(Array(wide.history(0)) == [1, 2, 3, 4, 5, 0, 0, 0] && wide.targets == [6])
  }

  @Test func trainingBatchesAreSeededShuffles() throws {
    let split = try dataset(lengths: Array(repeating: 30, count: 20)).split(.paper)
    func targets(seed: UInt64, epoch: Int) throws -> [[Int32]] {
      try split.trainingBatches(batchSize: 32, seed: seed, epoch: epoch).map { zip($0.users, $0.targets).map { $0 * 1000 + $1 } }
    }
    let first = try targets(seed: 1, epoch: 0)
    #expect(try targets(seed: 1, epoch: 0) == first)
    #expect(try targets(seed: 1, epoch: 1) != first)
    #expect(try targets(seed: 2, epoch: 0) != first)
    let all = first.flatMap { $0 }
    #expect(all.count == split.train.count && Set(all).count == all.count)
    let ordered = try split.trainingBatches(batchSize: 32, seed: 1).batchCount
    #expect(ordered == (split.train.count + 31) / 32)
    #expect(try split.trainingBatches(batchSize: 32, seed: 1, dropLast: true).allSatisfy { $0.size == 32 })
    let evaluation = try split.evaluationBatches(.test, batchSize: 7).flatMap { zip($0.users, $0.targets).map { $0 * 1000 + $1 } }
    #expect(evaluation == evaluation.sorted())
    guard case .invalidOption? = dataError({ try split.trainingBatches(batchSize: 0, seed: 1) }) else {
      Issue.record("batch size 0 must be rejected")
      return
    }
  }

  @Test func splitSummaryRows() throws {
    let summary = try dataset(lengths: [6, 6]).split(.timeRatio(test: 0.2, valid: 0.25)).summary()
    #expect(summary.parts.map(\.name) == ["train", "valid", "test"])
    #expect(summary.parts.map(\.interactions) == [6, 2, 2])
    #expect(summary.parts[2].items == 1)
  }

  @Test("Training windows predict every training target exactly once, from the items before it in the window")
  func trainingWindowsCoverEveryTarget() throws {
    let split = try dataset(lengths: [3, 9, 25, 47], maxLen: 8).split(.timeRatio(test: 0.2, valid: 0.1))
    let data = split.dataset
    let windows = try split.trainingWindows()
    var predicted: [Int] = []  // target indices into data.items
    for window in windows {
      #expect(window.length >= 1 && window.length <= 8 && window.targetCount >= 1 && window.targetCount <= window.length)
      for j in (window.length - window.targetCount)..<window.length { predicted.append(window.start + j + 1) }
    }
    #expect(predicted.sorted() == split.train.positions.sorted())
    // Batches carry the same targets, inputs are the items before them, padding after.
    var batches = try split.trainingWindowBatches(batchSize: 3, seed: 1)
    var targets: [Int32] = []
    var count = 0
    while let batch = batches.next() {
      for row in 0..<batch.size {
        let length = Int(batch.lengths[row])
        let inputs = batch.inputs[row * 8..<(row + 1) * 8], rowTargets = batch.targets[row * 8..<(row + 1) * 8]
        #expect(inputs.dropFirst(length).allSatisfy { $0 == 0 } && rowTargets.dropFirst(length).allSatisfy { $0 == 0 })
        #expect(inputs.prefix(length).allSatisfy { $0 != 0 })
        for j in 0..<length where rowTargets[row * 8 + j] != 0 {
          // Items of one user are 1, 2, 3, … here, so a target is the next item's id.
          let input = data.itemIDs[Int(inputs[row * 8 + j]) - 1], target = data.itemIDs[Int(rowTargets[row * 8 + j]) - 1]
          #expect(Int(target) == Int(input)! + 1)
        }
      }
      targets += batch.targets.filter { $0 != 0 }
      count += batch.targetCount
    }
    #expect(count == split.train.count && targets.count == split.train.count)
  }
}
