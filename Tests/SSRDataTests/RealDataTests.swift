import Foundation
import Testing

@testable import SSRData

/// Stops after `limit` bytes of another source.
final class PrefixSource: ByteSource {
  let name: String
  private let source: ByteSource
  private var remaining: Int

  init(_ source: ByteSource, limit: Int) {
    self.source = source
    self.name = source.name
    remaining = limit
  }

  func read(into buffer: UnsafeMutableRawBufferPointer) throws(DataError) -> Int {
    guard remaining > 0 else { return 0 }
    let count = try source.read(into: UnsafeMutableRawBufferPointer(rebasing: buffer[0..<min(buffer.count, remaining)]))
    remaining -= count
    return count
  }
}

/// Tests on the shared real datasets; skipped with a message when they are absent.
@Suite(.enabled(if: RealData.available, RealData.skipMessage))
struct RealDataTests {
  func loader() throws -> DatasetLoader {
    DatasetLoader(
      manifest: try DatasetManifest.load(path: RealData.manifestPath),
      locator: DataLocator(roots: [DataRoot(path: RealData.root ?? "", origin: "shared")]), cache: nil)
  }

  @Test func fullMovieLens1MAfter5Core() throws {
    let loaded = try loader().load("ml-1m")
    #expect(loaded.location?.spec.file == "derived/ml-1m.user_item_rating_chrono.dat.gz")
    let summary = loaded.dataset.summary()
    #expect(summary.raw == SummaryRow(name: "raw", users: 6040, items: 3706, interactions: 1_000_209))
    #expect(summary.dataset == SummaryRow(name: "ml-1m", users: 6040, items: 3416, interactions: 999_611))
    #expect(loaded.dataset.timeUnit == .order)
  }

  @Test func originalRatingsFormatAgreesWithTheChronologicalFile() throws {
    guard let original = RealData.path("ml-1m/ratings.users0001-2999.dat.gz"),
      let derived = RealData.path("ml-1m/derived/ml-1m.user_item_rating_chrono.dat.gz")
    else { return }
    // The first ~100,000 ratings of each file (users 1–600 or so) keep debug-mode tests fast.
    let prefix = { (path: String) throws -> LineReader in LineReader(source: PrefixSource(try DataFile.open(path).source, limit: 1_500_000)) }
    let timed = try InteractionReader.read(lines: prefix(original), format: .movieLensRatings, onError: .skip)
    #expect(timed.count > 60_000 && timed.skipped.count <= 1)
    #expect(timed.userIDs.first == "1" && timed.times.first == 978_300_760)
    var time: [String: Int64] = [:]
    for row in 0..<timed.count { time["\(timed.userIDs[Int(timed.users[row])]) \(timed.itemIDs[Int(timed.items[row])])"] = timed.times[row] }
    let chrono = try InteractionReader.read(lines: prefix(derived), format: .movieLensChrono, onError: .skip)
    var previous: (user: Int32, time: Int64) = (-1, 0)
    var checked = 0
    for row in 0..<chrono.count {
      guard let t = time["\(chrono.userIDs[Int(chrono.users[row])]) \(chrono.itemIDs[Int(chrono.items[row])])"] else { continue }
      if chrono.users[row] == previous.user { #expect(t >= previous.time) }
      previous = (chrono.users[row], t)
      checked += 1
    }
    #expect(checked > 60_000)
  }

  @Test func derivedSequenceDatasetsKeepTheirPublishedStatistics() throws {
    let loader = try loader()
    if (try? loader.locate("beauty")) != nil {
      #expect(try loader.load("beauty").dataset.summary().dataset == SummaryRow(name: "beauty", users: 22_363, items: 12_101, interactions: 198_502))
    }
    if (try? loader.locate("amazon-video")) != nil {
      let raw = try loader.load("amazon-video").dataset.summary().raw
      #expect(raw == SummaryRow(name: "raw", users: 31_013, items: 23_715, interactions: 287_107))
    }
    if (try? loader.locate("amazon-arts")) != nil {
      let arts = try loader.load("amazon-arts").dataset
      #expect(arts.summary().raw == SummaryRow(name: "raw", users: 22_171, items: 9_416, interactions: 174_079))
      #expect(arts.itemIDs.allSatisfy { $0.count == 10 })
    }
  }

  @Test func realPythonLiteralMetadata() throws {
    let loader = try loader()
    if let path = RealData.path("steam/steam_games.json.gz") {
      let games = try SideInfoReader.read(path, format: .steamGames)
      #expect(games.items.count + games.droppedRows == 32_135)
      #expect(games.items.contains { $0.id == "761140" && $0.title == "Lost Summoner Kitty" })
      // Two records lack an id and one id appears twice (merged by sideInfo).
      #expect(games.droppedRows == 2)
      #expect(SideInfoTable().merging(games).items.count == Set(games.items.map(\.id)).count)
    }
    if let path = RealData.path("amazon-digital-music/meta_Digital_Music.partial-first7419.json.gz") {
      let music = try SideInfoReader.read(path, format: .amazonMeta2014)
      #expect(music.items.count == 7419 && music.skipped.count == 0)
      #expect(music.items.first { $0.id == "5555991584" }?.imageURLs.first?.hasPrefix("http://ecx.images-amazon.com") == true)
    }
    if RealData.path("ml-1m/movies.dat") != nil {
      let movies = try loader.sideInfo("ml-1m")
      #expect(movies.items.count == 3883 && movies.users.count == 6040)
      #expect(movies.items.contains { $0.title?.contains("é") == true })
    }
  }

  @Test func missingSteamReviewsNameTheDownloadURL() throws {
    let message = dataError { try loader().load("steam") }?.description ?? ""
    #expect(message.contains("steam_reviews.json.gz"))
    #expect(message.contains("https://mcauleylab.ucsd.edu/public_datasets/data/steam/steam_reviews.json.gz"))
  }
}
