import SSRCore

/// Where the padding of a short history goes.
public enum Padding: String, Sendable, Hashable, Codable {
  /// Items at positions `0..<length`, zeros after them: the reference code's layout (models read
  /// position `length − 1`). The default.
  case right
  /// Zeros first, items at the end (SASRec-style; the last item is at position `maxLen − 1`).
  case left
}

/// A batch of samples: padded histories, their lengths and the targets.
public struct Batch: Sendable, Hashable {
  /// The number of samples.
  public let size: Int
  /// The history width.
  public let maxLen: Int
  /// `size × maxLen` item ids, row-major, 0 = padding.
  public var histories: [Int32]
  /// The number of real items in each history (1…maxLen).
  public var lengths: [Int32]
  /// The item to predict for each sample.
  public var targets: [Int32]
  /// Each sample's user (0…U−1).
  public var users: [Int32]

  /// Row `row` of ``histories``.
  public func history(_ row: Int) -> ArraySlice<Int32> {
    histories[row * maxLen..<(row + 1) * maxLen]
  }
}

/// Iterates over batches of a sample set, in a fixed order (evaluation) or a seeded shuffle
/// (training).
public struct BatchIterator: IteratorProtocol, Sequence, Sendable {
  private let dataset: SequenceDataset
  private let samples: SampleSet
  private let order: [Int]
  private let batchSize: Int
  private let maxLen: Int
  private let padding: Padding
  private let limit: Int
  private var cursor = 0

  init(dataset: SequenceDataset, samples: SampleSet, order: [Int], batchSize: Int, maxLen: Int, padding: Padding, dropLast: Bool) {
    self.dataset = dataset
    self.samples = samples
    self.order = order
    self.batchSize = batchSize
    self.maxLen = maxLen
    self.padding = padding
    limit = dropLast ? order.count - order.count % batchSize : order.count
  }

  /// The number of batches this iterator yields in total.
  public var batchCount: Int { (limit + batchSize - 1) / batchSize }

  /// The next batch, or nil after the last.
  public mutating func next() -> Batch? {
    guard cursor < limit else { return nil }
    let upper = Swift.min(limit, cursor + batchSize)
    let size = upper - cursor
    var batch = Batch(
      size: size, maxLen: maxLen, histories: [Int32](repeating: 0, count: size * maxLen),
      lengths: [Int32](repeating: 0, count: size), targets: [Int32](repeating: 0, count: size),
      users: [Int32](repeating: 0, count: size))
    let first = cursor
    let width = maxLen
    let rightPadded = padding == .right
    dataset.items.withUnsafeBufferPointer { items in
      dataset.offsets.withUnsafeBufferPointer { offsets in
        samples.users.withUnsafeBufferPointer { users in
          samples.positions.withUnsafeBufferPointer { positions in
            order.withUnsafeBufferPointer { order in
              batch.histories.withUnsafeMutableBufferPointer { histories in
                batch.lengths.withUnsafeMutableBufferPointer { lengths in
                  batch.targets.withUnsafeMutableBufferPointer { targets in
                    batch.users.withUnsafeMutableBufferPointer { batchUsers in
                      for row in 0..<size {
                        let sample = order[first + row]
                        let user = users[sample]
                        let position = positions[sample]
                        let start = Swift.max(offsets[Int(user)], position - width)
                        let length = position - start
                        let base = row * width + (rightPadded ? 0 : width - length)
                        (histories.baseAddress! + base).update(from: items.baseAddress! + start, count: length)
                        lengths[row] = Int32(truncatingIfNeeded: length)
                        targets[row] = items[position]
                        batchUsers[row] = user
                      }
                    }
                  }
                }
              }
            }
          }
        }
      }
    }
    cursor = upper
    return batch
  }
}

extension DatasetSplit {
  /// Shuffled training batches for one epoch: the same `seed` and `epoch` give the same order.
  ///
  /// - Parameters:
  ///   - batchSize: samples per batch (the reference uses 128).
  ///   - seed: the run's seed; each epoch draws its own permutation from it.
  ///   - maxLen: history width; defaults to the dataset's ``SequenceDataset/maxLen``.
  ///   - dropLast: leave out the last, smaller batch.
  public func trainingBatches(
    batchSize: Int = 128, seed: UInt64, epoch: Int = 0, padding: Padding = .right, maxLen: Int? = nil, dropLast: Bool = false
  ) throws(DataError) -> BatchIterator {
    let width = try checkBatch(batchSize, maxLen)
    var order = Array(0..<train.count)
    var generator = SeededGenerator(seed: SeededGenerator.derive(seed: seed, label: "ssr.data.train.epoch.\(epoch)"))
    if order.count > 1 {
      for index in stride(from: order.count - 1, to: 0, by: -1) {
        order.swapAt(index, generator.next(upperBound: index + 1))
      }
    }
    return BatchIterator(
      dataset: dataset, samples: train, order: order, batchSize: batchSize, maxLen: width, padding: padding, dropLast: dropLast)
  }

  /// Batches of `part` in order (users in id order, each user's samples in time order).
  public func evaluationBatches(
    _ part: SplitPart = .test, batchSize: Int = 128, padding: Padding = .right, maxLen: Int? = nil
  ) throws(DataError) -> BatchIterator {
    let width = try checkBatch(batchSize, maxLen)
    let samples = samples(part)
    return BatchIterator(
      dataset: dataset, samples: samples, order: Array(0..<samples.count), batchSize: batchSize, maxLen: width,
      padding: padding, dropLast: false)
  }

  private func checkBatch(_ batchSize: Int, _ maxLen: Int?) throws(DataError) -> Int {
    guard batchSize >= 1, batchSize <= 1 << 24 else {
      throw DataError.invalidOption(name: "batchSize", value: "\(batchSize)", reason: "must be between 1 and 16777216")
    }
    let width = maxLen ?? dataset.maxLen
    guard width >= 1, width <= 100_000 else {
      throw DataError.invalidOption(name: "maxLen", value: "\(width)", reason: "must be between 1 and 100000")
    }
    return width
  }
}
