import Testing

@testable import SSRData

@Suite struct SideInfoTests {
  @Test func movieLensMoviesAreLatin1() throws {
    let table = try SideInfoReader.read(Fixtures.path("movielens/movies.dat"), format: .movieLensMovies)
    #expect(table.items.map(\.title) == ["Toy Story (1995)", "Misérables, Les (1995)", "Café au lait (1993)"])
    #expect(table.items[0].genres == ["Animation", "Children's", "Comedy"])
    let users = try SideInfoReader.read(Fixtures.path("movielens/users.dat"), format: .movieLensUsers)
    #expect(users.users == [UserSideInfo(id: "1", gender: "F", age: 1, occupation: 10, zip: "48067"), UserSideInfo(id: "2", gender: "M", age: 56, occupation: 16, zip: "70072")])
    let old = try SideInfoReader.read(Fixtures.path("movielens/u.item"), format: .movieLens100kItems)
    #expect(old.items[0].genres == ["Animation", "Children's", "Comedy"])
    #expect(old.items[0].attributes["release_date"] == "01-Jan-1995")
  }

  @Test func amazonMetadata2014PythonLines() throws {
    let path = Fixtures.path("amazon/meta_2014.json")
    #expect(dataError { try SideInfoReader.read(path, format: .amazonMeta2014) }.map { "\($0)" }?.contains("meta_2014.json:4:") == true)
    let table = try SideInfoReader.read(path, format: .amazonMeta2014, onError: .skip)
    #expect(table.items.map(\.id) == ["B001", "B002", "B003"])
    #expect(table.items[0].genres == ["CDs & Vinyl", "New Age", "Digital Music"])
    #expect(table.items[0].imageURLs == ["http://x/a.jpg"])
    #expect(table.items[0].attributes["price"] == "9.49")
    #expect(table.items[1].title == "Don't Drink His Blood")
    #expect(table.items[1].description == "NEW Combo é CD")
    #expect(table.items[2].title == "Café ★")
    #expect(table.skipped.count == 1 && table.droppedRows == 1)
  }

  @Test func amazonMetadata2018JSONLines() throws {
    let table = try SideInfoReader.read(Fixtures.path("amazon/meta_2018.json"), format: .amazonMeta2018)
    #expect(table.items[0].description == "Line one\nLine two")
    #expect(table.items[0].imageURLs == ["http://x/1.jpg", "http://x/1h.jpg"])
    #expect(table.items[0].genres == ["Arts", "Paint"])
    #expect(table.items[0].attributes["brand"] == "Acme")
    #expect(table.items[1].description == nil && table.items[1].imageURLs.isEmpty)
  }

  @Test func titlesCSVWithCRLFQuotesAndLineBreaks() throws {
    // Line ends inside quotes come back as \n (the line reader removes the CR of CRLF).
    let table = try SideInfoReader.read(Fixtures.path("amazon/titles.csv"), format: .titlesCSV)
    #expect(table.items.map(\.id) == ["B001", "B002", "B003", "B004"])
    #expect(table.items.map(\.title) == ["Memory of Trees", "Quoted, with comma", "Two\nlines", nil])
  }

  @Test func steamGames() throws {
    let table = try SideInfoReader.read(Fixtures.path("steam/steam_games.json"), format: .steamGames)
    #expect(table.items.count == 1 && table.droppedRows == 1)
    #expect(table.items[0].id == "761140" && table.items[0].title == "Lost Summoner Kitty")
    #expect(table.items[0].genres == ["Action", "Casual"] && table.items[0].tags == ["Strategy", "Action"])
    #expect(table.items[0].attributes["developer"] == "Kotoshiro")
  }

  @Test func mergingAndAlignment() throws {
    let meta = try SideInfoReader.read(Fixtures.path("amazon/meta_2014.json"), format: .amazonMeta2014, onError: .skip)
    let titles = try SideInfoReader.read(Fixtures.path("amazon/titles.csv"), format: .titlesCSV)
    let merged = meta.merging(titles)
    #expect(merged.items.map(\.id) == ["B001", "B002", "B003", "B004"])
    #expect(merged.files.count == 2)
    let dataset = try Preprocessor.prepare(
      InteractionTable(rows: [("u", "B002", 1), ("u", "B009", 2), ("v", "B001", 1)]), options: PreprocessOptions(kcore: 0), name: "m")
    let aligned = dataset.sideInfo(from: merged)
    #expect(aligned.map { $0?.title } == ["Memory of Trees", "Don't Drink His Blood", nil])
  }
}
