import Testing

@testable import SSRData

@Suite struct SyntheticTests {
  @Test func sameSeedSameData() throws {
    let options = SyntheticOptions(users: 30, items: 50, meanLength: 10, seed: 9)
    #expect(try SyntheticData.interactions(options) == SyntheticData.interactions(options))
    var other = options
    other.seed = 10
    #expect(try SyntheticData.interactions(options) != SyntheticData.interactions(other))
    let table = try SyntheticData.interactions(options)
    #expect(Set(table.users).count == 30)
    #expect(table.count >= 30 * options.minLength)
    #expect(table.timeUnit == .seconds)
  }

  @Test func invalidShapesAreRejected() {
    for options in [
      SyntheticOptions(users: 0), SyntheticOptions(items: 1), SyntheticOptions(meanLength: 2), SyntheticOptions(successors: 600),
      SyntheticOptions(noise: 1.5), SyntheticOptions(popularitySkew: .nan), SyntheticOptions(users: 10_000_000, meanLength: 100),
    ] {
      guard case .invalidOption? = dataError({ try SyntheticData.interactions(options) }) else {
        Issue.record("\(options) must be rejected")
        continue
      }
    }
  }

  /// A first-order Markov (bigram) next-item predictor against popularity, HR@10 on the test split.
  @Test func aBigramModelBeatsPopularityByAWideMargin() throws {
    let dataset = try SyntheticData.dataset(SyntheticOptions(users: 600, items: 300, meanLength: 25, seed: 11))
    let split = try dataset.split(.paper)
    var transitions: [Int32: [Int32: Int]] = [:]
    var popularity: [Int32: Int] = [:]
    for position in split.train.positions {
      let previous = dataset.items[position - 1]
      let target = dataset.items[position]
      transitions[previous, default: [:]][target, default: 0] += 1
      popularity[target, default: 0] += 1
    }
    let byPopularity = popularity.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }.map(\.key)
    let popularTop = Array(byPopularity.prefix(10))
    var bigramHits = 0
    var popularityHits = 0
    for position in split.test.positions {
      let target = dataset.items[position]
      let counts = transitions[dataset.items[position - 1]] ?? [:]
      var top = counts.sorted { $0.value != $1.value ? $0.value > $1.value : (popularity[$0.key] ?? 0) > (popularity[$1.key] ?? 0) }
        .map(\.key).prefix(10).map { $0 }
      for item in byPopularity where top.count < 10 && !top.contains(item) { top.append(item) }
      if top.contains(target) { bigramHits += 1 }
      if popularTop.contains(target) { popularityHits += 1 }
    }
    let bigram = Double(bigramHits) / Double(split.test.count)
    let popular = Double(popularityHits) / Double(split.test.count)
    #expect(bigram > 0.7, "bigram HR@10 \(bigram)")
    #expect(bigram > popular + 0.4, "bigram HR@10 \(bigram) vs popularity \(popular)")
    #expect(bigram > 2.5 * popular, "bigram HR@10 \(bigram) vs popularity \(popular)")
  }
}
