import Foundation
import Testing
@testable import SSRNotebook

@Suite("Side features in notebooks")
struct FusionBuiltinTests {
  static let data = """
    let raw = synthetic(users: 120, items: 50, meanLength: 20, seed: 4)
    let ds = raw |> split(.timeRatio, test: 0.2, valid: 0.1)
    let vectors = for i in 1...raw.items { if i % 7 == 0 { [] } else { [i % 2, i % 3, i % 5 / 4] } }
    let f = itemFeatures(on: ds, text: vectors)

    """

  @Test("itemFeatures, then train with features: the fused model trains, and energy shows the server's fusion rows")
  func trainWithFeatures() throws {
    let source = Self.data + """
      let m = train(.sfsrec, on: ds, features: f, sideInfo: [.text], fusion: .gated, epochs: 1, embeddingSize: 16, layers: 1, T: 2)
      let e = energy(m, on: ds, batches: 1)
      let device = energy(m, on: ds, batches: 1, includeFusion: false)
      let gap = e.total - e.modified - e.shared - e.fusion
      let deviceGap = device.total - e.device
      [f.items, f.missing, len(m.history), e.fusion > 0, gap < 0.001, gap > -0.001, deviceGap < 0.001, deviceGap > -0.001, device.fusion == 0]
      """
    let shown = try show(source)
    #expect(shown == "[49, [7], 1, true, true, true, true, true, true]", "\(shown)")
    let built = ValueDisplay.render(try evaluate(Self.data + "model(.gru4rec, on: ds, features: f, fusion: .gated, embeddingSize: 8)").value, style: .saved)
    #expect(built.contains("side features .text (linear, gated)"), "\(built)")
    let plain = try show(Self.data + "let m = model(.gru4rec, on: ds, embeddingSize: 8)\nenergy(m, on: ds).fusion")
    #expect(plain == "0.0" || plain == "0")
  }

  @Test("compare with seed: pairs its runs: the same call twice agrees, and features: change only the fused models")
  func pairedCompare() throws {
    let source = Self.data + """
      let a = compare(.popularity, .gru4rec, on: ds, epochs: 1, embeddingSize: 8, batches: 2, seed: 3)
      let b = compare(.popularity, .gru4rec, on: ds, epochs: 1, embeddingSize: 8, batches: 2, seed: 3)
      let fused = compare(.popularity, .gru4rec, on: ds, epochs: 1, embeddingSize: 8, batches: 2, seed: 3, features: f, fusion: .gated)
      [a.ndcg10 == b.ndcg10, a[0].ndcg10 == fused[0].ndcg10, a[1].ndcg10 == fused[1].ndcg10]
      """
    #expect(try show(source) == "[true, true, false]")
  }

  @Test("Features that do not fit, fusion settings without features, and saving a fused model are errors")
  func errors() throws {
    let other = "let other = synthetic(users: 100, items: 40, meanLength: 20, seed: 4) |> split(.timeRatio, test: 0.2, valid: 0.1)\n"
    let mismatch = failure(Self.data + other + "train(.gru4rec, on: other, features: f, epochs: 1)")?.description ?? ""
    #expect(mismatch.contains("the features describe 49 items but the dataset has"), "\(mismatch)")
    let alone = failure(Self.data + "model(.gru4rec, on: ds, fusion: .gated)")?.description ?? ""
    #expect(alone.contains("fusion: needs item features"), "\(alone)")
    let wrongModality = failure(Self.data + "model(.gru4rec, on: ds, features: f, sideInfo: [.image])")?.description ?? ""
    #expect(wrongModality.contains("no image modality"), "\(wrongModality)")
    let ragged = failure(Self.data + "itemFeatures(on: ds, text: [[1, 2], [1]])")?.description ?? ""
    #expect(ragged.contains("2 text vectors for 49 items"), "\(ragged)")
    let path = FileManager.default.temporaryDirectory.appendingPathComponent("ssr-fused-\(UUID()).safetensors").path
    let save = failure(Self.data + "saveModel(model(.gru4rec, on: ds, features: f, embeddingSize: 8), \"\(path)\")")?.description ?? ""
    #expect(save.contains("side features is not supported"), "\(save)")
  }
}

@Suite("Side information and text features in notebooks")
struct SideInfoBuiltinTests {
  /// The tiny random BERT of the multimodal tests.
  static let tinyBert = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    .appendingPathComponent("SSRMultimodalTests/Fixtures/tiny-bert").path

  /// A folder with MovieLens-style ratings of 6 users on 7 movies and a `movies.dat` (Latin-1)
  /// describing movies 1…5 and 9 (movie 9 is not rated), with one malformed line.
  func folder() throws -> String {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("ssr-side-\(UUID())").path
    try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
    let ratings = (1...6).flatMap { user in (1...7).map { item in "\(user)::\(item)::5::\(1000 * user + item)" } }
    try ratings.joined(separator: "\n").write(toFile: directory + "/ratings.dat", atomically: true, encoding: .utf8)
    let movies = "1::Toy Story (1995)::Animation|Children's|Comedy\n2::Jumanji (1995)::Adventure\n3::Mis\u{E9}rables, Les (1995)::Drama\n"
      + "4::Broken\n5::Heat (1995)::Action|Crime\n9::Unrated (1999)::Drama\n"
    try movies.data(using: .isoLatin1)!.write(to: URL(fileURLWithPath: directory + "/movies.dat"))
    return directory
  }

  @Test("sideInfo of a loaded dataset: coverage per field, malformed lines failing or skipped, texts per item")
  func coverageAndTexts() throws {
    let directory = try folder()
    defer { try? FileManager.default.removeItem(atPath: directory) }
    let load = "let ds = load(\"ml-1m\", path: \"\(directory)/ratings.dat\", format: \"movielens-ratings\")\n"
    let strict = failure(load + "sideInfo(ds, path: \"\(directory)\")")?.description ?? ""
    #expect(strict.contains("movies.dat:4:"), "\(strict)")
    let source = load + """
      let info = sideInfo(ds, path: "\(directory)", skipMalformed: true, limit: 2)
      let texts = itemTexts(info, fields: [.title, .genres])
      [info.count, info.coverage[0].with, info.coverage[0].without, texts[0], texts[2], len(texts)]
      """
    #expect(try show(source) == #"[7, 4, 3, "Toy Story (1995). Animation, Children's, Comedy", "Misérables, Les (1995). Drama", 7]"#)
    let shown = ValueDisplay.render(try evaluate(load + "sideInfo(ds, path: \"\(directory)\", skipMalformed: true, limit: 2)").value, style: .saved)
    #expect(shown.contains("7 items of the dataset") && shown.contains("1 records describe items not in the dataset") && shown.contains("1 malformed lines skipped"), "\(shown)")
    #expect(failure(load + "itemTexts(sideInfo(ds, path: \"\(directory)\", skipMalformed: true), fields: [.images])")?.description.contains("not text") == true)
  }

  @Test("textFeatures encodes each item's text with an encoder folder; items without text get none", .enabled(if: FileManager.default.fileExists(atPath: tinyBert)))
  func textFeatures() throws {
    let directory = try folder()
    defer { try? FileManager.default.removeItem(atPath: directory) }
    let source = """
      let ds = load("ml-1m", path: "\(directory)/ratings.dat", format: "movielens-ratings")
      let info = sideInfo(ds, path: "\(directory)", skipMalformed: true)
      let f = textFeatures(info, on: ds, encoder: "\(Self.tinyBert)", fields: [.title, .genres], store: "\(directory)/features")
      let parts = ds |> split(.leaveOneOut)
      let m = model(.sasrec, on: parts, features: f, fusion: .concat, projection: .mlp, embeddingSize: 8, layers: 1)
      [f.items, f.missing, f.modalities, m.parameters > 0]
      """
    #expect(try show(source) == "[7, [3], [.text], true]")
    let missingFolder = failure("""
      let ds = load("ml-1m", path: "\(directory)/ratings.dat", format: "movielens-ratings")
      textFeatures(sideInfo(ds, path: "\(directory)", skipMalformed: true), on: ds, encoder: "\(directory)/nowhere")
      """)?.description ?? ""
    #expect(missingFolder.contains("nowhere"), "\(missingFolder)")
  }

  @Test("extractFeatures with an image encoder reads the items' files from a folder; items without one are absent", .enabled(if: FileManager.default.fileExists(atPath: tinyBert)))
  func extractImageFeatures() throws {
    let directory = try folder()
    defer { try? FileManager.default.removeItem(atPath: directory) }
    let fixtures = URL(fileURLWithPath: Self.tinyBert).deletingLastPathComponent().path
    try FileManager.default.createDirectory(atPath: directory + "/covers", withIntermediateDirectories: true)
    try FileManager.default.copyItem(atPath: fixtures + "/clip-images/gray.jpg", toPath: directory + "/covers/1.jpg")
    try FileManager.default.copyItem(atPath: fixtures + "/clip-images/palette.png", toPath: directory + "/covers/3.png")
    let source = """
      let ds = load("ml-1m", path: "\(directory)/ratings.dat", format: "movielens-ratings")
      let info = sideInfo(ds, path: "\(directory)", skipMalformed: true)
      let f = extractFeatures(ds, text: "\(Self.tinyBert)", image: "\(fixtures)/tiny-clip", images: "\(directory)/covers", info: info, store: "\(directory)/features")
      [f.modalities, f.missing]
      """
    #expect(try show(source) == "[[.text, .image], [3, 5]]")
    let noFolder = failure("""
      let ds = load("ml-1m", path: "\(directory)/ratings.dat", format: "movielens-ratings")
      extractFeatures(ds, image: "\(fixtures)/tiny-clip", info: sideInfo(ds, path: "\(directory)", skipMalformed: true))
      """)?.description ?? ""
    #expect(noFolder.contains("images:"), "\(noFolder)")
  }

  @Test("extractFeatures stores the vectors once per dataset, encoder and fields, and loads them on the next call", .enabled(if: FileManager.default.fileExists(atPath: tinyBert)))
  func extractFeatures() throws {
    let directory = try folder()
    defer { try? FileManager.default.removeItem(atPath: directory) }
    let store = "\(directory)/features"
    let prelude = """
      let ds = load("ml-1m", path: "\(directory)/ratings.dat", format: "movielens-ratings")
      let info = sideInfo(ds, path: "\(directory)", skipMalformed: true)

      """
    let source = prelude + """
      let f = extractFeatures(ds, text: "\(Self.tinyBert)", info: info, fields: [.title, .genres], chunkSize: 3, store: "\(store)")
      let g = extractFeatures(ds, text: "\(Self.tinyBert)", info: info, fields: [.title, .genres], store: "\(store)")
      let h = textFeatures(info, on: ds, encoder: "\(Self.tinyBert)", fields: [.title], store: "\(store)")
      [f.items, f.missing, g.missing, h.missing, f.modalities]
      """
    #expect(try show(source) == "[7, [3], [3], [3], [.text]]")
    let entries = try FileManager.default.contentsOfDirectory(atPath: store + "/ml-1m").sorted()
    #expect(entries.count == 2 && entries.allSatisfy { $0.hasPrefix("text-tiny-bert-") }, "\(entries)")
    let shown = ValueDisplay.render(try evaluate(prelude + "extractFeatures(ds, text: \"\(Self.tinyBert)\", info: info, store: \"\(store)\")").value, style: .saved)
    #expect(shown.contains("tiny-bert on title + genres, stored in \(store)/ml-1m/text-tiny-bert-"), "\(shown)")
    // A damaged index is reported, not reused.
    try Data("not json".utf8).write(to: URL(fileURLWithPath: "\(store)/ml-1m/\(entries[0])/index.json"))
    let damaged = failure(prelude + "extractFeatures(ds, text: \"\(Self.tinyBert)\", info: info, store: \"\(store)\")\nextractFeatures(ds, text: \"\(Self.tinyBert)\", info: info, fields: [.title], store: \"\(store)\")")?.description ?? ""
    #expect(damaged.contains("is damaged") && damaged.contains("index.json"), "\(damaged)")
    let noEncoder = failure(prelude + "extractFeatures(ds, info: info)")?.description ?? ""
    #expect(noEncoder.contains("name an encoder"), "\(noEncoder)")
  }
}
