import Foundation
import Testing
@testable import SSRNotebook

@Suite("Data builtins")
struct DataBuiltinTests {
  @Test("synthetic → split → summary, deterministic for a given seed")
  func synthetic() throws {
    let source = "let ds = synthetic(users: 120, items: 60, seed: 3)\nlet s = ds |> split(.timeRatio, test: 0.2, valid: 0.1)\n[ds.users, ds.items > 0, s.test.samples > 0, s.valid.samples > 0]"
    #expect(try show(source) == "[120, true, true, true]")
    let a = ValueDisplay.render(try evaluate("summary(synthetic(users: 50, items: 30, seed: 9) |> split)").value, style: .saved)
    let b = ValueDisplay.render(try evaluate("summary(synthetic(users: 50, items: 30, seed: 9) |> split)").value, style: .saved)
    #expect(a == b)
    #expect(a.contains("| train ") && a.contains("| test "))
    // Without a seed, the cell's seed decides.
    let c = ValueDisplay.render(try evaluate("summary(synthetic(users: 50, items: 30))", seed: 1).value, style: .saved)
    let d = ValueDisplay.render(try evaluate("summary(synthetic(users: 50, items: 30))", seed: 1).value, style: .saved)
    #expect(c == d)
  }

  @Test("Argument and data errors are reported as notebook errors")
  func errors() {
    #expect(failure("split(synthetic(users: 50, items: 30), .random)")?.help == nil)
    #expect(failure("split(synthetic(users: 50, items: 30), .timeRatio, test: 1.5)") != nil)
    #expect(failure("kcore(3, 5)")?.message.hasPrefix("kcore: `dataset` expected a Dataset") == true)
    #expect(failure("synthetic(users: -1)") != nil)
    #expect(failure("summary(1)") != nil)
  }

  @Test("load names the expected paths when a dataset is missing, and suggests names")
  func missing() throws {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("ssr-empty-\(UUID())").path
    try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(atPath: directory) }
    let error = try #require(failure("load(\"ml-1m\", path: \"\(directory)\")"))
    #expect(error.message.hasPrefix("load: dataset 'ml-1m' not found; expected one of its files at \(directory)/{ratings.dat"))
    #expect(error.message.contains("official download: https://files.grouplens.org/datasets/movielens/ml-1m.zip"))
    let unknown = try #require(failure("load(\"ml1m\")"))
    #expect(unknown.message.hasPrefix("load: unknown dataset 'ml1m' (did you mean 'ml-1m'?)"))
  }

  @Test("load reads any file in a manifest format with format:; an unlisted file's error names format:")
  func formats() throws {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("ssr-format-\(UUID())").path
    try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(atPath: directory) }
    let file = directory + "/mine.dat"
    let lines = (1...6).flatMap { user in (1...6).map { item in "\(user)::\(item)::5::\(1000 * user + item)" } } + ["abc::def::3::4"]
    try lines.joined(separator: "\n").write(toFile: file, atomically: true, encoding: .utf8)
    let loaded = try evaluate(
      "let ds = load(\"mine\", path: \"\(file)\", format: \"movielens-ratings\", onError: .skip)\n[ds.users, ds.items, ds.interactions]")
    #expect(ValueDisplay.literal(loaded.value) == "[6, 6, 36]")
    #expect(failure("load(\"mine\", path: \"\(file)\", format: \"movielens-ratings\")")?.message.contains("user id 'abc' is not an integer") == true)
    #expect(failure("load(\"mine\", path: \"\(file)\", format: \"movielens\")")?.help?.contains("movielens-ratings") == true)
    #expect(failure("load(\"mine\", format: \"movielens-ratings\")")?.message.contains("path:") == true)
    let unlisted = failure("load(\"ml-1m\", path: \"\(file)\")")
    #expect(unlisted?.message.contains("format: \"movielens-ratings\"") == true, "\(String(describing: unlisted))")
  }

  @Test("Real ml-1m: 5-core gives the paper's counts", .enabled(if: DataBuiltinTests.sharedDatasets != nil, "shared datasets not found at ../shared/datasets"))
  func realData() throws {
    let value = try evaluate("let ds = load(\"ml-1m\") |> kcore(5)\n[ds.users, ds.items, ds.interactions]").value
    #expect(ValueDisplay.literal(value) == "[6040, 3416, 999611]")
  }

  static var sharedDatasets: String? {
    let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
      .deletingLastPathComponent()
    let path = root.appendingPathComponent("../shared/datasets/ml-1m").standardizedFileURL.path
    return FileManager.default.fileExists(atPath: path) ? path : nil
  }
}
