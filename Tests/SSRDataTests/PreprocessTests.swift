import SSRCore
import Testing

@testable import SSRData

@Suite struct PreprocessTests {
  func pairs(_ table: InteractionTable) -> [String] {
    (0..<table.count).map { "\(table.userIDs[Int(table.users[$0])])\(table.itemIDs[Int(table.items[$0])])" }
  }

  /// The reference's k-core: recount, keep rows whose user and item both reach k, repeat.
  func referenceKCore(_ rows: [(String, String)], _ k: Int) -> [(String, String)] {
    var rows = rows
    while true {
      var users: [String: Int] = [:]
      var items: [String: Int] = [:]
      for (user, item) in rows {
        users[user, default: 0] += 1
        items[item, default: 0] += 1
      }
      let kept = rows.filter { users[$0.0]! >= k && items[$0.1]! >= k }
      if kept.count == rows.count { return rows }
      rows = kept
    }
  }

  @Test func kcoreReachesTheFixpoint() {
    // D and z fall out first; that leaves C with one row, so C:x goes in a later pass.
    let table = InteractionTable(rows: [
      ("A", "x", 1), ("A", "y", 2), ("B", "x", 3), ("B", "y", 4), ("C", "x", 5), ("C", "z", 6), ("D", "w", 7),
    ])
    let (filtered, passes) = table.kcore(2)
    #expect(pairs(filtered) == ["Ax", "Ay", "Bx", "By"])
    #expect(passes >= 2)
    #expect(table.kcore(1).table == table)
    #expect(table.kcore(3).table.count == 0)
  }

  @Test func kcoreMatchesTheReferenceIteration() {
    var rng = SeededGenerator(seed: 7)
    for trial in 0..<30 {
      var rows: [(user: String, item: String, time: Int64)] = []
      for index in 0..<(50 + trial * 10) {
        rows.append(("u\(rng.next(upperBound: 20))", "i\(Int(Double(rng.next(upperBound: 1000)).squareRoot()))", Int64(index)))
      }
      let k = 2 + trial % 4
      let expected = referenceKCore(rows.map { ($0.user, $0.item) }, k).map { $0.0 + $0.1 }
      #expect(pairs(InteractionTable(rows: rows).kcore(k).table) == expected)
    }
  }

  @Test func chronologicalOrderIsStableOnFileOrder() {
    let table = InteractionTable(rows: [("u2", "a", 5), ("u1", "b", 3), ("u2", "c", 5), ("u1", "d", 1), ("u2", "e", 4)])
    #expect(pairs(table.chronological()) == ["u2e", "u2a", "u2c", "u1d", "u1b"])
  }

  @Test func deduplicationBothWays() {
    let table = InteractionTable(rows: [("u", "a", 3), ("u", "b", 2), ("u", "a", 1), ("v", "a", 9), ("u", "a", 1)])
    #expect(pairs(table.deduplicated(keep: .none)) == ["ua", "ub", "ua", "va", "ua"])
    let first = table.deduplicated(keep: .first)
    #expect(first.times == [2, 1, 9])
    let last = table.deduplicated(keep: .last)
    #expect(last.times == [3, 2, 9])
  }

  @Test func encodingSortsRawIDsAndKeepsMaps() throws {
    let table = InteractionTable(rows: [
      ("10", "9", 1), ("10", "10", 2), ("2", "100", 1), ("2", "9", 0), ("10", "100", 3),
    ])
    let dataset = try Preprocessor.prepare(table, options: PreprocessOptions(kcore: 0), name: "t")
    #expect(dataset.userIDs == ["2", "10"])
    #expect(dataset.itemIDs == ["9", "10", "100"])
    #expect(Array(dataset.sequence(ofUser: 0)) == [1, 3])
    #expect(Array(dataset.sequence(ofUser: 1)) == [1, 2, 3])
    #expect(dataset.rawItemID(0) == nil && dataset.rawItemID(3) == "100" && dataset.rawItemID(4) == nil)
    #expect(dataset.rawUserID(1) == "10")
    #expect(dataset.itemIndex()["10"] == 2)
    #expect(dataset.userIndex()["2"] == 0)
    #expect(dataset.sampleCount == 3)
    let strings = try Preprocessor.prepare(InteractionTable(rows: [("b", "B2", 0), ("a", "B10", 0), ("a", "A", 1)]), options: PreprocessOptions(kcore: 0), name: "s")
    #expect(strings.userIDs == ["a", "b"])
    #expect(strings.itemIDs == ["A", "B10", "B2"])
  }

  @Test func stepsThatEmptyTheDataSaySo() {
    let table = InteractionTable(rows: [("u", "a", 1), ("v", "b", 2)])
    #expect(dataError { try Preprocessor.prepare(table, options: PreprocessOptions(kcore: 3), name: "t") }.map { "\($0)" }
      == "no interactions left after 3-core filtering: no set of users and items has at least 3 interactions each (2 interactions before); use a smaller kcore")
    guard case let .emptyAfter(step, _)? = dataError({ try Preprocessor.prepare(InteractionTable(rows: []), name: "t") }) else {
      Issue.record("an empty table must fail at the reading step")
      return
    }
    #expect(step == "reading")
    guard case .invalidOption? = dataError({ try Preprocessor.prepare(table, options: PreprocessOptions(maxLen: 0), name: "t") }) else {
      Issue.record("maxLen 0 must be rejected")
      return
    }
  }

  @Test func prepareRecordsProvenance() throws {
    let table = InteractionTable(rows: (0..<30).map { ("u\($0 % 5)", "i\($0 % 6)", Int64($0)) } + [("u0", "i0", 99)])
    let dataset = try Preprocessor.prepare(table, options: PreprocessOptions(deduplicate: .first, kcore: 5), name: "p")
    #expect(dataset.provenance.rawInteractions == 31)
    #expect(dataset.provenance.afterDeduplication == 30)
    #expect(dataset.interactionCount == 30)
    #expect(dataset.userCount == 5 && dataset.itemCount == 6)
    // Every user has 6 rows and every item 5: a 5-core keeps everything, a 6-core nothing.
    let again = try dataset.kcore(5)
    #expect(again.interactionCount == 30 && again.provenance.rawInteractions == 31)
    #expect(dataError { try dataset.kcore(6) } != nil)
  }

  @Test func summaryTableStatistics() throws {
    let table = InteractionTable(rows: [("u", "a", 1), ("u", "b", 2), ("u", "c", 3), ("v", "a", 1), ("v", "b", 2)])
    let dataset = try Preprocessor.prepare(table, options: PreprocessOptions(kcore: 0), name: "tiny")
    let summary = dataset.summary()
    #expect(summary.dataset == SummaryRow(name: "tiny", users: 2, items: 3, interactions: 5))
    #expect(summary.dataset.averageLength == 2.5)
    #expect(abs(summary.dataset.density - 5.0 / 6.0) < 1e-12)
    #expect(summary.samples == 3)
    #expect(summary.description.contains("| tiny | 2 | 3 | 5 | 2.50 | 83.3333% |"))
    #expect(DatasetSummary.grouped(1_000_209) == "1,000,209")
    #expect(DatasetSummary.fixed(0.048448, 4) == "0.0484")
  }
}
