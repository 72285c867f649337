import Foundation
import Testing

@testable import SSRData

/// What `fetch` would download, its URL policy and its advice; no network needed.
@Suite struct FetchPlanTests {
  @Test func loginSitesAreNotTriedAndTheStepsAreGiven() throws {
    let root = temporaryDirectory("fetch-root")
    let url = "https://www.kaggle.com/datasets/retailrocket/ecommerce-dataset"
    let manifest = try fetchManifest(
      interactions: #"[{ "file": "events.csv", "format": "retailrocket-events", "official": true, "url": "\#(url)" }]"#,
      manualDownload: "Kaggle requires an account.")
    let error = try #require(dataError { try localFetcher(manifest, root: root).fetch("toy") })
    guard case let .downloadFailed(failedURL, reason) = error else {
      Issue.record("expected downloadFailed, got \(error)")
      return
    }
    #expect(failedURL == url)
    #expect(reason.contains("www.kaggle.com requires an account"))
    #expect(reason.contains("kaggle datasets download -d retailrocket/ecommerce-dataset"))
    #expect(reason.contains("put events.csv into \(root)/toy/"))
    #expect(filesBelow(root).isEmpty)
    #expect(DatasetFetcher.advice(for: try manifest.entry(named: "toy")) == nil)
  }

  @Test func datasetsWithoutAnyURLSayWhereToGetThem() throws {
    let manifest = try fetchManifest(
      interactions: #"[{ "file": "Beauty.txt", "format": "user-sequences", "official": false }]"#, homepage: "https://github.com/x/y")
    let error = dataError { try localFetcher(manifest, root: temporaryDirectory("fetch-root")).fetch("toy") }
    #expect(error?.description.contains("the manifest lists no download for 'toy'") == true)
    #expect(error?.description.contains("https://github.com/x/y") == true)
    #expect(DatasetFetcher.advice(for: try manifest.entry(named: "toy")) == nil)
  }

  @Test func fileChoosesAnInteractionFile() throws {
    let manifest = try fetchManifest(
      interactions: """
        [{ "file": "a.csv", "format": "amazon-csv-2018", "url": "https://example.org/a.csv" },
         { "file": "b.csv", "format": "amazon-csv-2014", "url": "https://example.org/b.csv" },
         { "file": "derived/c.txt", "format": "user-item-pairs" }]
        """,
      sideInfo: #"[{ "file": "meta.json.gz", "format": "amazon-meta-2018", "url": "https://example.org/meta.json.gz" }]"#)
    let entry = try manifest.entry(named: "toy")
    let standard = try FetchPlan(entry: entry, file: nil, directory: "/data/toy")
    #expect(standard.items.map(\.url) == ["https://example.org/a.csv", "https://example.org/meta.json.gz"])
    #expect(standard.notes.contains("other interaction files: fetch(\"toy\", file: \"b.csv\")"))
    #expect(standard.unavailable == ["derived/c.txt"])
    let chosen = try FetchPlan(entry: entry, file: "b.csv", directory: "/data/toy")
    #expect(chosen.items.map(\.url) == ["https://example.org/b.csv", "https://example.org/meta.json.gz"])
    #expect(dataError { try FetchPlan(entry: entry, file: "nope.csv", directory: "/data/toy") }?.description.contains("a.csv, b.csv") == true)
    #expect(dataError { try FetchPlan(entry: entry, file: "c.txt", directory: "/data/toy") }?.description.contains("no download URL") == true)
  }

  @Test func onlyHTTPSLeavesThisMachine() throws {
    let production = DownloadPolicy(allowInsecureLoopback: false)
    #expect(production.requestURL(for: "http://snap.stanford.edu/data/x.csv")?.absoluteString == "https://snap.stanford.edu/data/x.csv")
    #expect(production.requestURL(for: "https://files.grouplens.org/a.zip")?.absoluteString == "https://files.grouplens.org/a.zip")
    #expect(production.requestURL(for: "http://127.0.0.1:8000/a")?.absoluteString == "https://127.0.0.1:8000/a")
    #expect(production.requestURL(for: "ftp://example.org/a") == nil)
    #expect(production.requestURL(for: "file:///etc/passwd") == nil)
    #expect(!production.permits(URL(string: "http://example.org/a")!))

    let tests = DownloadPolicy(allowInsecureLoopback: true)
    #expect(tests.requestURL(for: "http://127.0.0.1:8000/a")?.absoluteString == "http://127.0.0.1:8000/a")
    #expect(tests.requestURL(for: "http://example.org/a")?.absoluteString == "https://example.org/a")
    #expect(tests.permits(URL(string: "http://localhost:1/a")!))
    #expect(!tests.permits(URL(string: "http://127.evil.example/a")!))
    #expect(!tests.permits(URL(string: "http://example.org/a")!))
  }

  @Test func archivePathsThatLeaveTheFolderAreUnsafe() {
    for name in ["a.txt", "pkg/u.data", "pkg/./x", "pkg/dir/"] {
      #expect(DatasetFetcher.isSafeArchivePath(name), "\(name)")
    }
    for name in ["../x", "pkg/../../x", "/etc/passwd", "pkg\\..\\x", "C:/x", ""] {
      #expect(!DatasetFetcher.isSafeArchivePath(name), "\(name)")
    }
  }

  @Test func theDefaultRootIsTheFirstWritableRoot() throws {
    let base = temporaryDirectory("fetch-roots")
    write("a file, not a folder", to: base + "/file")
    let locator = DataLocator(roots: [
      DataRoot(path: base + "/file/datasets", origin: "blocked"), DataRoot(path: base + "/new/datasets", origin: "./datasets"),
    ])
    let fetcher = DatasetFetcher(manifest: try fetchManifest(interactions: #"[{ "file": "a", "format": "user-item-pairs" }]"#), locator: locator)
    #expect(fetcher.defaultRoot.origin == "./datasets")
    let standard = DataLocator.standard(environment: [:], currentDirectory: base, homeDirectory: base + "/home")
    #expect(DatasetFetcher(manifest: fetcher.manifest, locator: standard).defaultRoot.path == base + "/datasets")
  }

  @Test func theShippedManifestPlansAndAdvises() throws {
    let manifest = try DatasetManifest.load(path: RealData.manifestPath)
    func plan(_ name: String) throws -> FetchPlan {
      try FetchPlan(entry: try manifest.entry(named: name), file: nil, directory: "/data/\(name)")
    }
    let ml1m = try plan("ml-1m")
    #expect(ml1m.items.map(\.url) == ["https://files.grouplens.org/datasets/movielens/ml-1m.zip"])
    #expect(
      DatasetFetcher.advice(for: try manifest.entry(named: "ml-1m"))
        == "run fetch(\"ml-1m\") to download it from https://files.grouplens.org/datasets/movielens/ml-1m.zip")
    let steam = try plan("steam")
    #expect(steam.items.count == 3)
    #expect(steam.items.first?.url == "https://mcauleylab.ucsd.edu/public_datasets/data/steam/steam_reviews.json.gz")
    #expect(try plan("amazon-digital-music").items.first?.url.hasSuffix("categoryFilesSmall/Digital_Music.csv") == true)
    #expect(DatasetFetcher.advice(for: try manifest.entry(named: "retailrocket")) == nil)
    #expect(DatasetFetcher.advice(for: try manifest.entry(named: "beauty")) == nil)
    let kaggle = dataError { try plan("retailrocket") }
    #expect(kaggle?.description.contains("kaggle datasets download -d retailrocket/ecommerce-dataset") == true)
  }
}
