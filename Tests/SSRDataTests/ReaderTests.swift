import Testing

@testable import SSRData

@Suite struct ReaderTests {
  func rows(_ table: InteractionTable) -> [String] {
    (0..<table.count).map { "\(table.userIDs[Int(table.users[$0])]) \(table.itemIDs[Int(table.items[$0])]) \(table.times[$0])" }
  }

  @Test func movieLensRatingsFailOrSkip() throws {
    let path = Fixtures.path("movielens/ratings.dat")
    let error = dataError { try InteractionReader.read(path, format: .movieLensRatings) }
    #expect(error == .malformedLine(file: path, line: 6, text: "3::bad line", reason: "expected at least 4 fields, found 2"))
    #expect(error?.description.contains("ratings.dat:6: expected at least 4 fields, found 2: '3::bad line'") == true)
    let table = try InteractionReader.read(path, format: .movieLensRatings, onError: .skip)
    #expect(table.count == 5)
    #expect(table.skipped.count == 2)
    #expect(table.skipped.examples[1].contains(":7: time 'notatime' is not a number"))
    #expect(rows(table).first == "1 10 978300760")
    #expect(table.timeUnit == .seconds)
  }

  @Test("MovieLens ids are integers and lines have exactly four fields: others fail, or are skipped and counted")
  func movieLensRejectsNonIntegerIDsAndExtraFields() throws {
    let path = Fixtures.path("movielens/ratings-strict.dat")
    let error = dataError { try InteractionReader.read(path, format: .movieLensRatings) }
    #expect(
      error == .malformedLine(
        file: path, line: 2, text: "abc::def::3::4", reason: "user id 'abc' is not an integer (this format's ids are integers)"))
    let table = try InteractionReader.read(path, format: .movieLensRatings, onError: .skip)
    #expect(rows(table) == ["1 10 978300760", "2 30 978300100"])
    #expect(table.skipped.count == 4)
    #expect(table.skipped.examples.contains { $0.contains(":3: expected exactly 4 fields, found 5") })
    #expect(table.skipped.examples.contains { $0.contains(":4: user id '-1' is not an integer") })
    #expect(table.skipped.examples.contains { $0.contains(":5: item id '1O' is not an integer") })
    // The three-field derived file and ml-100k's u.data have fixed field counts too.
    let directory = temporaryDirectory()
    let chrono = directory + "/chrono-extra.dat", udata = directory + "/u.data"
    write("1::10::5\n1::20::3::978302109\n", to: chrono)
    #expect(dataError { try InteractionReader.read(chrono, format: .movieLensChrono) }.map { "\($0)" }?.contains("expected exactly 3 fields, found 4") == true)
    write("196\t242\t3\t881250949\nx\t242\t3\t881250949\n", to: udata)
    #expect(dataError { try InteractionReader.read(udata, format: .movieLens100k) }.map { "\($0)" }?.contains("user id 'x' is not an integer") == true)
  }

  @Test func movieLensChronoUsesFileOrder() throws {
    let table = try InteractionReader.read(Fixtures.path("movielens/chrono.dat"), format: .movieLensChrono)
    #expect(rows(table) == ["1 10 0", "1 20 1", "2 30 2"])
    #expect(table.timeUnit == .order)
  }

  @Test func amazonCSVBothColumnOrders() throws {
    let path2018 = Fixtures.path("amazon/ratings_2018.csv")
    #expect(dataError { try InteractionReader.read(path2018, format: .amazonCSV2018) }.map { "\($0)" }?.contains(":5:") == true)
    let new = try InteractionReader.read(path2018, format: .amazonCSV2018, onError: .skip)
    #expect(rows(new) == ["A1 B001 1400000000", "A1 B002 1400000100", "A2 B003 1400000200", "A2 B001 1399999999"])
    let old = try InteractionReader.read(Fixtures.path("amazon/ratings_2014.csv"), format: .amazonCSV2014)
    #expect(rows(old) == ["A1 B001 1400000000", "A1 B002 1400000100", "A2 B003 1400000200"])
  }

  @Test func amazonReviewJSONLines() throws {
    let plain = Fixtures.path("amazon/reviews.json")
    let error = dataError { try InteractionReader.read(plain, format: .amazonReviews) }
    guard case let .malformedLine(_, line, _, reason)? = error else {
      Issue.record("expected a malformed line")
      return
    }
    #expect(line == 4)
    #expect(reason.contains("expected ',' or '}'"))
    let table = try InteractionReader.read(plain, format: .amazonReviews, onError: .skip)
    #expect(rows(table) == ["A1 B001 1158019200", "A2 B001 1158019300", "A2 B002 1158019400"])
    #expect(table.skipped.count == 2)
    #expect(table.skipped.examples[1].contains("missing or empty 'asin'"))
    let gzipped = try InteractionReader.read(Fixtures.path("amazon/reviews.json.gz"), format: .amazonReviews, onError: .skip)
    #expect(rows(gzipped) == rows(table))
  }

  @Test func steamReviewsDropRowsWithoutUser() throws {
    let path = Fixtures.path("steam/steam_reviews.json.gz")
    #expect(dataError { try InteractionReader.read(path, format: .steamReviews) }.map { "\($0)" }?.contains(":5: 'date': time '2018-02-30' is not a date") == true)
    let table = try InteractionReader.read(path, format: .steamReviews, onError: .skip)
    #expect(rows(table) == ["765 10 1515024000", "765 20 1514678400"])
    #expect(table.droppedRows == 2)
    #expect(table.skipped.count == 1)
  }

  @Test func retailrocketViewsOnly() throws {
    let table = try InteractionReader.read(Fixtures.path("retailrocket/events.csv"), format: .retailrocketEvents)
    #expect(rows(table) == ["257597 355908 1433221332117", "992329 248676 1433224214164", "483717 253185 1433221955914", "257597 248676 1433222147345"])
    #expect(table.droppedRows == 2)
    #expect(table.timeUnit == .milliseconds)
  }

  @Test func genericDelimitedNamedAndNumbered() throws {
    let named = DelimitedFormat(delimiter: "\t", header: true, user: "user", item: "item", time: "ts")
    #expect(rows(try InteractionReader.read(Fixtures.path("generic/named.tsv"), format: .delimited(named))) == ["u1 i1 100", "u1 i2 50", "u2 i1 70"])
    let numbered = DelimitedFormat(delimiter: ";", user: 0, item: 1, time: 2, timeFormat: .dateTime)
    #expect(rows(try InteractionReader.read(Fixtures.path("generic/numbered.csv"), format: .delimited(numbered))) == [
      "u1 i1 1577923200", "u1 i2 1577872800", "u2 i1 1578009600",
    ])
    var wrong = named
    wrong.user = "visitor"
    #expect(dataError { try InteractionReader.read(Fixtures.path("generic/named.tsv"), format: .delimited(wrong)) }.map { "\($0)" }?.contains("header has no column 'visitor'") == true)
    let noHeader = DelimitedFormat(delimiter: ";", user: "user", item: 1, time: nil)
    guard case .invalidOption? = dataError({ try InteractionReader.read(Fixtures.path("generic/numbered.csv"), format: .delimited(noHeader)) }) else {
      Issue.record("a named column without a header must be an invalid option")
      return
    }
  }

  @Test func quotedFieldsSpanningLines() throws {
    let format = InteractionFormat.delimited(DelimitedFormat(delimiter: ",", quoting: true, header: true, user: "u", item: "i", time: nil))
    let text = "u,i,note\r\n\"a\",\"x, y\",\"two\nlines\"\nb,\"say \"\"hi\"\"\",z\n"
    let table = try InteractionReader.read(lines: LineReader(source: MemorySource(text: text)), format: format)
    #expect(rows(table) == ["a x, y 0", "b say \"hi\" 1"])
    let open = try InteractionReader.read(lines: LineReader(source: MemorySource(text: "u,i\n\"a,b\n")), format: format, onError: .skip)
    #expect(open.count == 0 && open.skipped.count == 1)
  }

  @Test func sequenceFiles() throws {
    #expect(rows(try InteractionReader.read(Fixtures.path("sequences/pairs.txt"), format: .userItemPairs)) == ["1 5 0", "1 6 1", "2 5 2", "1 7 3"])
    let sequences = try InteractionReader.read(Fixtures.path("sequences/sequences.txt"), format: .userSequences)
    #expect(sequences.count == 12)
    #expect(rows(sequences).prefix(2) == ["1 1 0", "1 2 1"])
    #expect(rows(try InteractionReader.read(Fixtures.path("sequences/sessions.txt"), format: .sessions)) == [
      "1 1 0", "1 2 1", "1 1 2", "1 1 3", "2 3 4", "2 4 5", "2 3 6", "3 5 7", "3 6 8", "3 7 9",
    ])
  }

  @Test func jsonSequencesWithItemMap() throws {
    let mapped = try InteractionReader.read(Fixtures.path("sequences/inter.json"), format: .jsonSequences(itemMap: "inter.item2id"))
    #expect(rows(mapped) == ["0 B00A 0", "0 B00B 1", "0 B00C 2", "1 B00C 3", "1 B00B 4"])
    #expect(mapped.files.count == 2)
    let bare = try InteractionReader.read(Fixtures.path("sequences/inter.json"), format: .jsonSequences(itemMap: nil))
    #expect(rows(bare).first == "0 0 0")
    let error = dataError { try InteractionReader.read(Fixtures.path("sequences/inter_bad.json"), format: .jsonSequences(itemMap: nil)) }
    guard case let .malformedLine(_, line, _, _)? = error else {
      Issue.record("expected a malformed line, got \(String(describing: error))")
      return
    }
    #expect(line == 3)
  }

  @Test func presetsCoverTheManifestNames() {
    for name in InteractionFormat.presetNames { #expect(InteractionFormat.preset(named: name) != nil) }
    #expect(InteractionFormat.preset(named: "nope") == nil)
  }

  @Test func dateParsing() {
    func time(_ text: String) -> Int64? {
      var copy = text
      return copy.withUTF8 { try? FieldParsing.time($0, format: .dateTime).get() }
    }
    #expect(time("1970-01-01") == 0)
    #expect(time("2000-02-29") == 951_782_400)
    #expect(time("2018-01-04 10:20:30") == 1_515_061_230)
    #expect(time("2018-01-04T10:20:30.5Z") == 1_515_061_230)
    #expect(time("1900-02-29") == nil)
    #expect(time("2018-13-01") == nil)
    #expect(time("2018-01-04x") == nil)
    #expect(time("18-01-04") == nil)
  }
}
