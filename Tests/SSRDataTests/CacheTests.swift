import Foundation
import Testing

@testable import SSRData

@Suite struct CacheTests {
  /// A data root with a toy dataset, a loader over it, and a private cache folder.
  func setUp(sha: String? = nil) throws -> (root: String, loader: DatasetLoader) {
    let root = temporaryDirectory()
    var text = ""
    for user in 1...4 {
      for item in 1...6 { text += "\(user)::\(item * 10)::5::\(1000 + user * 100 + item)\n" }
    }
    write(text, to: "\(root)/toy/ratings.dat")
    try FileManager.default.copyItem(atPath: Fixtures.path("movielens/movies.dat"), toPath: "\(root)/toy/movies.dat")
    let loader = DatasetLoader(
      manifest: try toyManifest(sha: sha), locator: DataLocator(roots: [DataRoot(path: root, origin: "test")]),
      cache: DatasetCache(directory: "\(root)/cache"))
    return (root, loader)
  }

  @Test func missThenHitThenInvalidation() throws {
    let (root, loader) = try setUp()
    let first = try loader.load("toy")
    #expect(!first.cacheHit && first.cacheProblem == nil)
    #expect(first.dataset.interactionCount == 24)
    #expect(first.location?.spec.file == "ratings.dat")
    let second = try loader.load("toy")
    #expect(second.cacheHit && second.cacheFile == first.cacheFile)
    #expect(second.dataset == first.dataset)
    #expect(second.dataset.provenance.sha256.count == 1)

    let options = try loader.load("toy", options: PreprocessOptions(kcore: 2, maxLen: 5))
    #expect(!options.cacheHit && options.cacheFile != first.cacheFile && options.dataset.maxLen == 5)
    #expect(try !loader.load("toy", onError: .skip).cacheHit)

    let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: "\(root)/toy/ratings.dat"))
    handle.seekToEndOfFile()
    handle.write(Data("5::10::4::9999\n".utf8))
    try handle.close()
    let changed = try loader.load("toy")
    #expect(!changed.cacheHit && changed.dataset.interactionCount == 25)
    #expect(try loader.load("toy").cacheHit)
  }

  @Test func damagedCacheFilesAreRebuilt() throws {
    let (_, loader) = try setUp()
    let first = try loader.load("toy")
    let file = try #require(first.cacheFile)
    var bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: file)))
    bytes[bytes.count / 2] ^= 0x55
    try Data(bytes).write(to: URL(fileURLWithPath: file))
    let again = try loader.load("toy")
    #expect(!again.cacheHit)
    #expect(again.cacheProblem?.contains("checksum mismatch") == true)
    #expect(again.dataset == first.dataset)
    #expect(try loader.load("toy").cacheHit)
    try Data(bytes.prefix(20)).write(to: URL(fileURLWithPath: file))
    let cache = try #require(loader.cache)
    guard case .invalidCache? = dataError({ try cache.load(name: "toy", key: URL(fileURLWithPath: file).lastPathComponent.dropFirst(4).dropLast(8).description) }) else {
      Issue.record("a truncated cache file must be reported")
      return
    }
  }

  @Test func roundTripKeepsEverything() throws {
    let dataset = try SyntheticData.dataset(SyntheticOptions(users: 50, items: 40, meanLength: 12, seed: 3))
    let cache = DatasetCache(directory: temporaryDirectory())
    try cache.store(dataset, key: "k1")
    #expect(try cache.load(name: dataset.name, key: "k1") == dataset)
    #expect(try cache.load(name: dataset.name, key: "k2") == nil)
    try cache.clear()
    #expect(try cache.load(name: dataset.name, key: "k1") == nil)
  }

  @Test func fingerprintsAreReusedUntilTheFileChanges() throws {
    let directory = temporaryDirectory()
    let index = FingerprintIndex(path: "\(directory)/fingerprints.json")
    write("abc", to: "\(directory)/f.txt")
    let (first, computed) = try index.fingerprint(of: "\(directory)/f.txt")
    #expect(computed && first.sha256 == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
    #expect(try !index.fingerprint(of: "\(directory)/f.txt").computed)
    write("abcd", to: "\(directory)/f.txt")
    let (second, recomputed) = try index.fingerprint(of: "\(directory)/f.txt")
    #expect(recomputed && second.sha256 != first.sha256)
  }

  @Test func publishedChecksumsAreVerified() throws {
    let (_, bad) = try setUp(sha: String(repeating: "0", count: 64))
    guard case let .checksumMismatch(path, expected, _)? = dataError({ try bad.load("toy") }) else {
      Issue.record("a wrong checksum must be reported")
      return
    }
    #expect(path.hasSuffix("toy/ratings.dat") && expected.hasPrefix("0000"))
    var uncached = bad
    uncached.cache = nil
    #expect(dataError { try uncached.load("toy") } != nil)
  }

  @Test func loadingWithoutCacheAndOwnFiles() throws {
    let (root, loader) = try setUp()
    var uncached = loader
    uncached.cache = nil
    let loaded = try uncached.load("toy")
    #expect(!loaded.cacheHit && loaded.cacheFile == nil)
    let own = try loader.load(file: "\(root)/toy/ratings.dat", format: .movieLensRatings, options: PreprocessOptions(kcore: 0))
    #expect(own.dataset.name == "ratings.dat" && own.dataset.interactionCount == 24)
    #expect(try loader.load(file: "\(root)/toy/ratings.dat", format: .movieLensRatings, options: PreprocessOptions(kcore: 0)).cacheHit)
    let side = try loader.sideInfo("toy")
    #expect(side.items.count == 3)
    #expect(loader.datasets().first?.location?.path == "\(root)/toy/ratings.dat")
  }
}
