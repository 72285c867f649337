/// How samples are divided into train, validation and test.
public enum SplitMethod: Sendable, Hashable, CustomStringConvertible {
  /// The paper's time-aware user-level ratio split (DaisyRec `ufo`): of a user's `n` samples in
  /// time order, the first `Int(Double(n) * (1 − test))` (truncated, the reference's
  /// `int(n * (1 - test))`) are training samples and the rest test samples. With `valid > 0`,
  /// the last `nTrain − Int(Double(nTrain) * (1 − valid))` of those training samples become
  /// validation samples.
  case timeRatio(test: Double = 0.2, valid: Double = 0)
  /// Each user's last sample is a test sample; with `valid`, the one before it is a validation
  /// sample; the rest train.
  case leaveOneOut(valid: Bool = true)
  /// A global cut-off: samples whose target time is after the `(1 − test)` quantile of all
  /// interaction times are test samples; with `valid > 0`, those after the `(1 − test − valid)`
  /// quantile (and not test) are validation samples. Needs real timestamps.
  case temporalCutoff(test: Double = 0.2, valid: Double = 0)

  /// The paper's default: `timeRatio(test: 0.2, valid: 0)`.
  public static let paper = SplitMethod.timeRatio(test: defaultTestFraction, valid: 0)

  /// The test fraction of the paper's split, 0.2.
  public static let defaultTestFraction = 0.2

  /// `timeRatio(test: 0.2, valid: 0.1)` etc.
  public var description: String {
    switch self {
    case let .timeRatio(test, valid): return "timeRatio(test: \(test), valid: \(valid))"
    case let .leaveOneOut(valid): return "leaveOneOut(valid: \(valid))"
    case let .temporalCutoff(test, valid): return "temporalCutoff(test: \(test), valid: \(valid))"
    }
  }
}

/// One part of a split.
public enum SplitPart: String, Sendable, Hashable, CaseIterable, Codable {
  /// Training samples.
  case train
  /// Validation samples.
  case valid
  /// Test samples.
  case test
}

/// A set of samples: each is a user and the position of its target in ``SequenceDataset/items``.
public struct SampleSet: Sendable, Hashable {
  /// The sample's user.
  public internal(set) var users: [Int32] = []
  /// The index of the sample's target in ``SequenceDataset/items``; the history precedes it.
  public internal(set) var positions: [Int] = []

  /// The number of samples.
  public var count: Int { positions.count }

  /// Creates an empty set.
  public init() {}

  mutating func append(user: Int, position: Int) {
    users.append(Int32(truncatingIfNeeded: user))
    positions.append(position)
  }
}

/// A dataset divided into train, validation and test samples.
public struct DatasetSplit: Sendable, Hashable {
  /// The dataset the samples refer to.
  public internal(set) var dataset: SequenceDataset
  /// How it was split.
  public internal(set) var method: SplitMethod
  /// Training samples, grouped by user in time order.
  public internal(set) var train: SampleSet
  /// Validation samples (empty unless asked for).
  public internal(set) var valid: SampleSet
  /// Test samples.
  public internal(set) var test: SampleSet

  /// The samples of `part`.
  public func samples(_ part: SplitPart) -> SampleSet {
    switch part {
    case .train: return train
    case .valid: return valid
    case .test: return test
    }
  }
}

extension SequenceDataset {
  /// Splits the samples (every interaction but each user's first) into train, validation and test.
  ///
  /// - Throws: ``DataError/invalidOption(name:value:reason:)`` for impossible fractions;
  ///   ``DataError/emptyAfter(step:detail:)`` when the training or test part would be empty.
  public func split(_ method: SplitMethod = .paper) throws(DataError) -> DatasetSplit {
    var result = DatasetSplit(dataset: self, method: method, train: SampleSet(), valid: SampleSet(), test: SampleSet())
    switch method {
    case let .timeRatio(test, valid):
      try checkFraction("test", test, allowZero: false)
      try checkFraction("valid", valid, allowZero: true)
      for user in 0..<userCount {
        let first = offsets[user] + 1
        let samples = max(0, offsets[user + 1] - first)
        let trainAll = Int((Double(samples) * (1 - test)).rounded(.towardZero))
        let trainOnly = Int((Double(trainAll) * (1 - valid)).rounded(.towardZero))
        for index in 0..<samples {
          let position = first + index
          if index < trainOnly {
            result.train.append(user: user, position: position)
          } else if index < trainAll {
            result.valid.append(user: user, position: position)
          } else {
            result.test.append(user: user, position: position)
          }
        }
      }
    case let .leaveOneOut(valid):
      for user in 0..<userCount {
        let first = offsets[user] + 1
        let end = offsets[user + 1]
        for position in first..<max(first, end) {
          if position == end - 1 {
            result.test.append(user: user, position: position)
          } else if valid && position == end - 2 {
            result.valid.append(user: user, position: position)
          } else {
            result.train.append(user: user, position: position)
          }
        }
      }
    case let .temporalCutoff(test, valid):
      try checkFraction("test", test, allowZero: false)
      try checkFraction("valid", valid, allowZero: true)
      guard test + valid < 1 else {
        throw DataError.invalidOption(name: "test + valid", value: "\(test + valid)", reason: "must be below 1 to leave training data")
      }
      guard timeUnit != .order else {
        throw DataError.invalidOption(
          name: "split", value: "temporalCutoff",
          reason: "dataset '\(name)' has no timestamps (its time is the file order), so a global cut-off is meaningless; use timeRatio or leaveOneOut")
      }
      let sorted = times.sorted()
      func quantile(_ q: Double) -> Int64 {
        sorted[min(sorted.count - 1, max(0, Int((q * Double(sorted.count - 1)).rounded(.down))))]
      }
      let testCut = quantile(1 - test)
      let validCut = valid > 0 ? quantile(1 - test - valid) : testCut
      for user in 0..<userCount {
        for position in (offsets[user] + 1)..<max(offsets[user] + 1, offsets[user + 1]) {
          let time = times[position]
          if time > testCut {
            result.test.append(user: user, position: position)
          } else if time > validCut {
            result.valid.append(user: user, position: position)
          } else {
            result.train.append(user: user, position: position)
          }
        }
      }
    }
    guard result.train.count > 0 else {
      throw DataError.emptyAfter(step: "split \(method)", detail: "no training samples; the users' sequences are too short for this split")
    }
    guard result.test.count > 0 else {
      throw DataError.emptyAfter(step: "split \(method)", detail: "no test samples; use a larger test fraction or longer sequences")
    }
    return result
  }

  private func checkFraction(_ name: String, _ value: Double, allowZero: Bool) throws(DataError) {
    guard value.isFinite, value < 1, allowZero ? value >= 0 : value > 0 else {
      throw DataError.invalidOption(name: name, value: "\(value)", reason: allowZero ? "must be in [0, 1)" : "must be in (0, 1)")
    }
  }
}
