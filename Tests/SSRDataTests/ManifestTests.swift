import Foundation
import Testing

@testable import SSRData

/// A one-dataset manifest for tests.
func toyManifestJSON(
  name: String = "toy", format: String = "movielens-ratings", sha: String? = nil, version: Int = 1, extra: String = ""
) -> String {
  let shaField = sha.map { #", "sha256": "\#($0)""# } ?? ""
  return """
    {
      "manifest": "ssr-datasets", "version": \(version), "formats": {},
      "defaults": { "feedback": "implicit", "deduplicate": "first", "kcore": 5, "maxLen": 20, "split": { "method": "timeRatio", "test": 0.2 } },
      "datasets": [
        {
          "name": "\(name)", "title": "Toy", "directory": "toy", "publisher": "tests", "homepage": "https://example.org/toy",
          "citation": "none", "license": "test data",
          "interactions": [
            { "file": "ratings.dat", "format": "\(format)", "official": true, "url": "https://example.org/toy/ratings.dat"\(shaField) },
            { "file": "derived/chrono.dat", "format": "movielens-ratings-chrono", "official": false }
          ],
          "sideInfo": [ { "file": "movies.dat", "format": "movielens-movies", "encoding": "latin1" } ],
          "preprocessing": { "feedback": "implicit", "deduplicate": "first", "kcore": 1, "maxLen": 20, "split": { "method": "timeRatio", "test": 0.2 } }\(extra)
        }
      ]
    }
    """
}

func toyManifest(sha: String? = nil) throws -> DatasetManifest {
  try DatasetManifest.parse(Data(toyManifestJSON(sha: sha).utf8), path: "toy.manifest")
}

@Suite struct ManifestTests {
  @Test func theShippedManifestParses() throws {
    let manifest = try DatasetManifest.load(path: RealData.manifestPath)
    for name in ["ml-1m", "amazon-arts", "amazon-digital-music", "amazon-video", "steam", "retailrocket"] {
      let entry = try manifest.entry(named: name)
      #expect(entry.inPaper)
      #expect(!entry.license.isEmpty && entry.homepage.hasPrefix("http"))
      #expect(entry.interactions.contains { $0.official == true && $0.url != nil })
    }
    #expect(try manifest.entry(named: "amazon-video").pinned?.contains("Video Games") == true)
    #expect(try manifest.entry(named: "amazon-video").interactions[0].url?.hasSuffix("Video_Games.csv") == true)
    #expect(try manifest.entry(named: "ml-1m").preprocessing.options == PreprocessOptions())
  }

  @Test(.enabled(if: RealData.available, RealData.skipMessage))
  func everyChecksumIsPublishedInASourceFile() throws {
    let manifest = try DatasetManifest.load(path: RealData.manifestPath)
    var checked = 0
    for entry in manifest.datasets {
      guard let source = RealData.path("\(entry.directory)/SOURCE.md"), let text = try? String(contentsOfFile: source, encoding: .utf8) else { continue }
      for spec in entry.interactions + entry.sideInfo + entry.files {
        guard let sha = spec.sha256 else { continue }
        #expect(text.contains(sha), "\(entry.name)/\(spec.file): \(sha) is not in \(source)")
        checked += 1
      }
    }
    #expect(checked >= 20)
  }

  @Test func parseErrorsSayWhatIsWrong() {
    func reason(_ json: String) -> String? {
      guard case let .invalidManifest(_, reason)? = dataError({ try DatasetManifest.parse(Data(json.utf8), path: "m") }) else { return nil }
      return reason
    }
    #expect(reason("{ not json")?.contains("not valid JSON") == true)
    #expect(reason(#"{"manifest": "ssr-datasets"}"#)?.contains("missing key 'version'") == true)
    #expect(reason(toyManifestJSON(format: "weird"))?.contains("unknown interaction format 'weird'") == true)
    #expect(reason(toyManifestJSON(sha: "abc"))?.contains("64 hexadecimal digits") == true)
    #expect(reason(toyManifestJSON(version: 2))?.contains("version 2 is not supported") == true)
    #expect(reason(toyManifestJSON().replacingOccurrences(of: "\"kcore\": 1", with: "\"kcore\": \"five\""))?.contains("kcore") == true)
    #expect(reason(toyManifestJSON().replacingOccurrences(of: "\"directory\": \"toy\"", with: "\"directory\": \"../up\"")) != nil)
  }

  @Test func unknownNamesSuggestTheClosest() throws {
    let manifest = try DatasetManifest.load(path: RealData.manifestPath)
    let error = dataError { try manifest.entry(named: "ml-1n") }
    #expect(error?.description.hasPrefix("unknown dataset 'ml-1n' (did you mean 'ml-1m'?)") == true)
  }

  @Test func standardRoots() {
    let locator = DataLocator.standard(
      explicitRoot: "mine", environment: ["SSR_DATA": "/data", "XDG_CACHE_HOME": "/xdg"], currentDirectory: "/w/main", homeDirectory: "/home/u")
    #expect(locator.roots.map(\.path) == ["/w/main/mine", "/data", "/w/main/datasets", "/w/shared/datasets", "/xdg/ssr/datasets"])
    #expect(locator.roots.map(\.origin) == ["explicit path", "$SSR_DATA", "./datasets", "../shared/datasets", "user cache"])
    let plain = DataLocator.standard(environment: [:], currentDirectory: "/w/main", homeDirectory: "/home/u")
    #expect(plain.roots.last?.path == "/home/u/.cache/ssr/datasets")
  }

  @Test func locatePrefersTheFirstFilePresent() throws {
    let root = temporaryDirectory()
    let entry = try toyManifest().entry(named: "toy")
    let locator = DataLocator(roots: [DataRoot(path: root, origin: "test")])
    write("1::10::5\n", to: "\(root)/toy/derived/chrono.dat")
    #expect(try locator.locate(entry).spec.file == "derived/chrono.dat")
    write("1::10::5::100\n", to: "\(root)/toy/ratings.dat")
    #expect(try locator.locate(entry).spec.file == "ratings.dat")
    #expect(try locator.locate(entry, file: "chrono.dat").path == "\(root)/toy/derived/chrono.dat")
    #expect(try locator.locate(entry, path: "\(root)/toy").path == "\(root)/toy/ratings.dat")
    #expect(try locator.locate(entry, path: root).path == "\(root)/toy/ratings.dat")
    #expect(try locator.locate(entry, path: "\(root)/toy/derived/chrono.dat").spec.format == "movielens-ratings-chrono")
    guard case .invalidOption? = dataError({ try locator.locate(entry, file: "other.dat") }) else {
      Issue.record("an unknown file must be rejected")
      return
    }
  }

  @Test func missingDatasetNamesPathsURLAndAdvice() throws {
    let entry = try toyManifest().entry(named: "toy")
    let locator = DataLocator(roots: [DataRoot(path: "/nowhere/a", origin: "x"), DataRoot(path: "/nowhere/b", origin: "y")])
    let message = dataError { try locator.locate(entry) }?.description ?? ""
    #expect(message.contains("dataset 'toy' not found"))
    #expect(message.contains("/nowhere/a/toy/{ratings.dat,derived/chrono.dat}"))
    #expect(message.contains("/nowhere/b/toy/"))
    #expect(message.contains("https://example.org/toy/ratings.dat"))
    #expect(message.contains("set $SSR_DATA"))
    let listing = locator.availability(of: try toyManifest())
    #expect(listing.count == 1 && listing[0].location == nil && listing[0].status == "missing")
  }
}
