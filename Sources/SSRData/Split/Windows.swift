import SSRCore

/// One training window for all-positions training: up to `maxLen` consecutive items of one user;
/// the last ``targetCount`` positions each predict the item that follows them, a training target.
public struct Window: Sendable, Hashable {
  /// The index of the first input item in ``SequenceDataset/items``.
  public var start: Int
  /// The number of input items.
  public var length: Int
  /// How many of the last positions carry a target: the targets are the items at
  /// `start + length − targetCount + 1 … start + length`.
  public var targetCount: Int
}

/// A batch of windows, row-major and right-padded like ``Batch``.
public struct WindowBatchData: Sendable, Hashable {
  /// The number of windows.
  public let size: Int
  /// The window width.
  public let maxLen: Int
  /// `size × maxLen` input item ids, 0 = padding.
  public var inputs: [Int32]
  /// The number of real items in each window.
  public var lengths: [Int32]
  /// `size × maxLen`: the item that follows each input position when it is a training target, else 0.
  public var targets: [Int32]
  /// The number of targets in the batch.
  public var targetCount: Int
}

/// Iterates over shuffled batches of training windows.
public struct WindowIterator: IteratorProtocol, Sequence, Sendable {
  private let dataset: SequenceDataset
  private let windows: [Window]
  private let batchSize: Int
  private let maxLen: Int
  private var cursor = 0

  init(dataset: SequenceDataset, windows: [Window], batchSize: Int, maxLen: Int) {
    self.dataset = dataset
    self.windows = windows
    self.batchSize = batchSize
    self.maxLen = maxLen
  }

  /// The number of batches in total.
  public var batchCount: Int { (windows.count + batchSize - 1) / batchSize }

  /// The next batch, or nil after the last.
  public mutating func next() -> WindowBatchData? {
    guard cursor < windows.count else { return nil }
    let upper = Swift.min(windows.count, cursor + batchSize)
    let size = upper - cursor
    var batch = WindowBatchData(
      size: size, maxLen: maxLen, inputs: [Int32](repeating: 0, count: size * maxLen),
      lengths: [Int32](repeating: 0, count: size), targets: [Int32](repeating: 0, count: size * maxLen), targetCount: 0)
    for row in 0..<size {
      let window = windows[cursor + row]
      let base = row * maxLen
      for j in 0..<window.length { batch.inputs[base + j] = dataset.items[window.start + j] }
      for j in (window.length - window.targetCount)..<window.length { batch.targets[base + j] = dataset.items[window.start + j + 1] }
      batch.lengths[row] = Int32(window.length)
      batch.targetCount += window.targetCount
    }
    cursor = upper
    return batch
  }
}

extension DatasetSplit {
  /// The training windows: each user's training targets cut, from the most recent back, into
  /// runs of at most `maxLen` consecutive targets; a window's inputs are the items before each
  /// of its targets, so every training target is predicted exactly once per epoch, from the
  /// items of its window that precede it (up to `maxLen`, fewer for the window's first targets).
  public func trainingWindows(maxLen: Int? = nil) throws(DataError) -> [Window] {
    let width = maxLen ?? dataset.maxLen
    guard width >= 1, width <= 100_000 else {
      throw DataError.invalidOption(name: "maxLen", value: "\(width)", reason: "must be between 1 and 100000")
    }
    var windows: [Window] = []
    var index = 0
    let positions = train.positions, users = train.users
    while index < positions.count {
      // A run of consecutive target positions of one user.
      var end = index + 1
      while end < positions.count && users[end] == users[index] && positions[end] == positions[end - 1] + 1 { end += 1 }
      var last = end  // targets index..<last remain, cut from the back
      while last > index {
        let first = Swift.max(index, last - width)
        let targetCount = last - first
        // Inputs: the items before the first target … the item before the last target.
        let stop = positions[last - 1]  // the last target's index; inputs end just before it
        let offset = dataset.offsets[Int(users[index])]
        let start = Swift.max(offset, stop - width)
        windows.append(Window(start: start, length: stop - start, targetCount: targetCount))
        last = first
      }
      index = end
    }
    return windows
  }

  /// Shuffled batches of `batchSize` training windows for one epoch (the same `seed` and `epoch`
  /// give the same order).
  public func trainingWindowBatches(batchSize: Int = 128, seed: UInt64, epoch: Int = 0, maxLen: Int? = nil) throws(DataError)
    -> WindowIterator
  {
    guard batchSize >= 1, batchSize <= 1 << 24 else {
      throw DataError.invalidOption(name: "batchSize", value: "\(batchSize)", reason: "must be between 1 and 16777216")
    }
    let width = maxLen ?? dataset.maxLen
    var windows = try trainingWindows(maxLen: width)
    var generator = SeededGenerator(seed: SeededGenerator.derive(seed: seed, label: "ssr.data.windows.epoch.\(epoch)"))
    if windows.count > 1 {
      for index in stride(from: windows.count - 1, to: 0, by: -1) { windows.swapAt(index, generator.next(upperBound: index + 1)) }
    }
    return WindowIterator(dataset: dataset, windows: windows, batchSize: batchSize, maxLen: width)
  }
}
