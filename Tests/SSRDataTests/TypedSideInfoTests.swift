import Testing

@testable import SSRData

/// The typed side information of each real format, malformed lines included, aligned with a
/// dataset's items after k-core.
@Suite struct TypedSideInfoTests {
  func message(_ body: () throws -> Any) -> String { dataError(body).map { "\($0)" } ?? "" }

  @Test func movieLensMalformedLineFailsWithFileAndLineOrIsCounted() throws {
    let path = Fixtures.path("sideinfo/movies_malformed.dat")
    #expect(message { try SideInfoReader.read(path, format: .movieLensMovies) }.contains("movies_malformed.dat:3:"))
    let table = try SideInfoReader.read(path, format: .movieLensMovies, onError: .skip)
    #expect(table.items.map(\.id) == ["10", "20", "30"])
    #expect(table.items[1].title == "Misérables, Les (1995)" && table.items[2].title == "Café au lait (1993)")
    #expect(table.skipped.count == 1)
  }

  @Test func amazon2018MalformedLineAndRecordWithoutID() throws {
    let path = Fixtures.path("sideinfo/meta_2018_malformed.json")
    #expect(message { try SideInfoReader.read(path, format: .amazonMeta2018) }.contains("meta_2018_malformed.json:2:"))
    let table = try SideInfoReader.read(path, format: .amazonMeta2018, onError: .skip)
    #expect(table.items.map(\.id) == ["B001", "B003"])
    #expect(table.skipped.count == 1 && table.droppedRows == 1)
    #expect(table.items[0].description == "Line one\nLine two" && table.items[0].genres == ["Arts", "Paint"])
  }

  @Test func amazonReviewTextsPerItem() throws {
    let path = Fixtures.path("sideinfo/reviews_text.json")
    #expect(message { try SideInfoReader.read(path, format: .amazonReviews) }.contains("reviews_text.json:4:"))
    let table = try SideInfoReader.read(path, format: .amazonReviews, onError: .skip)
    #expect(table.items.map(\.id) == ["B001", "B002"])
    #expect(table.items[0].reviews == ["Lovely\nGreat é set", "Too small"])
    #expect(table.items[1].reviews.isEmpty)
    #expect(table.skipped.count == 2 && table.droppedRows == 1)
    // The interaction fixture in the same format (its last-but-one line is broken too).
    let other = try SideInfoReader.read(Fixtures.path("amazon/reviews.json"), format: .amazonReviews, onError: .skip)
    #expect(other.items.first?.reviews == ["ok\nGreat é"] && other.skipped.count == 1)
  }

  @Test func steamMalformedLine() throws {
    let path = Fixtures.path("sideinfo/steam_games_malformed.json")
    #expect(message { try SideInfoReader.read(path, format: .steamGames) }.contains("steam_games_malformed.json:2:"))
    let table = try SideInfoReader.read(path, format: .steamGames, onError: .skip)
    #expect(table.items.map(\.title) == ["Lost Summoner Kitty", "Ironbound"])
    #expect(table.items[1].genres == ["Free to Play", "Indie"] && table.items[1].tags == ["Card Game"])
    #expect(table.skipped.count == 1)
  }

  @Test func alignedAfterKCoreWithCoverageAndTexts() throws {
    let meta = try SideInfoReader.read(Fixtures.path("sideinfo/meta_2018_malformed.json"), format: .amazonMeta2018, onError: .skip)
    let reviews = try SideInfoReader.read(Fixtures.path("sideinfo/reviews_text.json"), format: .amazonReviews, onError: .skip)
    let table = meta.merging(reviews)
    // B009 has no record; B002 only a review record without text; B003 an empty title.
    let dataset = try Preprocessor.prepare(
      InteractionTable(rows: [("u", "B001", 1), ("u", "B002", 2), ("v", "B003", 1), ("v", "B009", 2)]),
      options: PreprocessOptions(kcore: 0), name: "m")
    let side = dataset.sideInformation(from: table)
    #expect(side.itemCount == 4 && side.skipped.count == 3)
    let coverage = Dictionary(uniqueKeysWithValues: side.coverage.map { ($0.field, $0.missing) })
    #expect(coverage[.title] == 3 && coverage[.description] == 3 && coverage[.genres] == 3)
    #expect(coverage[.images] == 3 && coverage[.reviews] == 3 && coverage[.tags] == 4)
    #expect(side.missingCount(.title) == 3)
    #expect(side.has(.reviews, item: 1) && !side.has(.reviews, item: 2) && !side.has(.title, item: 4))
    #expect(side.texts([.title, .genres]) == ["Paint set. Arts, Paint", nil, nil, nil])
    #expect(side.texts([.title, .reviews], maxReviews: 1) == ["Paint set. Lovely\nGreat é set", nil, nil, nil])
    #expect(side.unmatchedRecords == 0)
    // The catalogue fingerprint follows the item ids only.
    let again = try Preprocessor.prepare(
      InteractionTable(rows: [("w", "B003", 5), ("w", "B009", 6), ("x", "B001", 1), ("x", "B002", 1)]),
      options: PreprocessOptions(kcore: 0), name: "m")
    #expect(again.catalogueFingerprint == dataset.catalogueFingerprint)
    let fewer = try Preprocessor.prepare(InteractionTable(rows: [("u", "B001", 1)]), options: PreprocessOptions(kcore: 0), name: "m")
    #expect(fewer.catalogueFingerprint != dataset.catalogueFingerprint)
  }
}
