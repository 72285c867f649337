import SSRCore

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// The shape of a synthetic dataset.
public struct SyntheticOptions: Sendable, Hashable, Codable {
  /// Number of users.
  public var users: Int
  /// Number of items.
  public var items: Int
  /// Mean interactions per user.
  public var meanLength: Double
  /// Fewest interactions per user.
  public var minLength: Int
  /// Successors of each item in the transition graph (its out-degree).
  public var successors: Int
  /// Probability that a step ignores the graph and draws an item by popularity.
  public var noise: Double
  /// Zipf exponent of item popularity (0 = uniform).
  public var popularitySkew: Double
  /// The seed: the same options give the same data.
  public var seed: UInt64

  /// Creates options (defaults: 1,000 users, 500 items, mean length 30, at least 5, 3 successors,
  /// 15% noise, Zipf exponent 1, seed 42).
  public init(
    users: Int = 1000, items: Int = 500, meanLength: Double = 30, minLength: Int = 5, successors: Int = 3, noise: Double = 0.15,
    popularitySkew: Double = 1.0, seed: UInt64 = 42
  ) {
    self.users = users
    self.items = items
    self.meanLength = meanLength
    self.minLength = minLength
    self.successors = successors
    self.noise = noise
    self.popularitySkew = popularitySkew
    self.seed = seed
  }

  /// Throws when the options cannot produce data.
  public func validate() throws(DataError) {
    func bad(_ name: String, _ value: String, _ reason: String) -> DataError { .invalidOption(name: name, value: value, reason: reason) }
    guard users >= 1, users <= 10_000_000 else { throw bad("users", "\(users)", "must be between 1 and 10000000") }
    guard items >= 2, items <= 10_000_000 else { throw bad("items", "\(items)", "must be between 2 and 10000000") }
    guard minLength >= 2, minLength <= 100_000 else { throw bad("minLength", "\(minLength)", "must be between 2 and 100000") }
    guard meanLength.isFinite, meanLength >= Double(minLength), meanLength <= 100_000 else {
      throw bad("meanLength", "\(meanLength)", "must be at least minLength (\(minLength)) and at most 100000")
    }
    guard Double(users) * meanLength <= 2e8 else { throw bad("users × meanLength", "\(Double(users) * meanLength)", "at most 200 million interactions") }
    guard successors >= 1, successors < items else { throw bad("successors", "\(successors)", "must be between 1 and items − 1") }
    guard noise.isFinite, noise >= 0, noise <= 1 else { throw bad("noise", "\(noise)", "must be in [0, 1]") }
    guard popularitySkew.isFinite, popularitySkew >= 0, popularitySkew <= 5 else {
      throw bad("popularitySkew", "\(popularitySkew)", "must be in [0, 5]")
    }
  }
}

/// Seeded synthetic interactions with learnable sequential structure.
///
/// Items get a Zipf popularity (random ranks). Each item has `successors` distinct successors,
/// drawn uniformly, with transition probabilities halving from the first to the last. A user
/// starts at an item drawn by popularity and walks the graph; with probability `noise` a step
/// jumps to an item drawn by popularity instead, which skews the item frequencies. Sequence lengths are `minLength` plus an
/// exponential with mean `meanLength − minLength`. Timestamps start at a random moment of 2020
/// and advance 1 minute to 1 day per step, so temporal splits work too. A next-item model
/// that learns the transitions beats popularity by a wide margin.
public enum SyntheticData {
  /// The raw interactions (user ids `1…users`, item ids `1…items`, Unix seconds).
  public static func interactions(_ options: SyntheticOptions = SyntheticOptions()) throws(DataError) -> InteractionTable {
    try options.validate()
    var rng = SeededGenerator(seed: options.seed)
    let itemCount = options.items
    var ranks = Array(0..<itemCount)
    for index in stride(from: itemCount - 1, to: 0, by: -1) { ranks.swapAt(index, rng.next(upperBound: index + 1)) }
    var cumulative = [Double](repeating: 0, count: itemCount)
    var total = 0.0
    for item in 0..<itemCount {
      total += 1 / pow(Double(ranks[item] + 1), options.popularitySkew)
      cumulative[item] = total
    }
    func popular(_ rng: inout SeededGenerator) -> Int {
      let target = rng.nextDouble() * total
      var low = 0
      var high = itemCount - 1
      while low < high {
        let middle = (low + high) / 2
        if cumulative[middle] > target { high = middle } else { low = middle + 1 }
      }
      return low
    }
    var weights = (0..<options.successors).map { pow(0.5, Double($0)) }
    let weightSum = weights.reduce(0, +)
    weights = weights.map { $0 / weightSum }
    var successors = [[Int]](repeating: [], count: itemCount)
    for item in 0..<itemCount {
      var chosen: [Int] = []
      while chosen.count < options.successors {
        let candidate = rng.next(upperBound: itemCount)
        if candidate != item && !chosen.contains(candidate) { chosen.append(candidate) }
      }
      successors[item] = chosen
    }
    var builder = InteractionTableBuilder(timeUnit: .seconds)
    builder.reserve(Int(Double(options.users) * options.meanLength))
    let extra = options.meanLength - Double(options.minLength)
    let itemNames = (0..<itemCount).map { String($0 + 1) }
    for user in 0..<options.users {
      let userName = String(user + 1)
      var draw = rng.nextDouble()
      if draw <= .leastNormalMagnitude { draw = .leastNormalMagnitude }
      let length = options.minLength + Int(min(-log(draw) * extra, 10 * options.meanLength))
      var time = Int64(1_577_836_800) + Int64(rng.next(upperBound: 365 * 86_400))
      var current = popular(&rng)
      for step in 0..<length {
        if step > 0 {
          if rng.nextDouble() < options.noise {
            current = popular(&rng)
          } else {
            var u = rng.nextDouble()
            var next = successors[current][successors[current].count - 1]
            for (index, weight) in weights.enumerated() {
              if u < weight {
                next = successors[current][index]
                break
              }
              u -= weight
            }
            current = next
          }
          time += 60 + Int64(rng.next(upperBound: 86_400))
        }
        builder.append(user: userName, item: itemNames[current], time: time)
      }
      if user % 4096 == 0 { try checkCancellation() }
    }
    builder.files = ["synthetic(users: \(options.users), items: \(options.items), seed: \(options.seed))"]
    return builder.finish()
  }

  /// A prepared synthetic dataset. The default preprocessing keeps repeats (walks revisit
  /// items, and dropping the revisits would cut the transitions), with 5-core and `maxLen` 20.
  public static func dataset(
    _ options: SyntheticOptions = SyntheticOptions(), preprocess: PreprocessOptions = PreprocessOptions(deduplicate: .none),
    name: String = "synthetic"
  ) throws(DataError) -> SequenceDataset {
    try Preprocessor.prepare(try interactions(options), options: preprocess, name: name, format: "synthetic \(options)")
  }
}
