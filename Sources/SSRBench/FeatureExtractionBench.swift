import Foundation
import SSRData
import SSRMultimodal
import SSRTensor

/// `--extract-features DIR`: items/s of a whole text-feature extraction through the feature store
/// (tokenising, encoding, chunk files, merging) on a dataset's item texts, and the time to load
/// the stored features back.
enum FeatureExtractionBench {
  static func run(
    _ directory: String, dataset name: String, fields: [SideInfoField], threadCounts: [Int], rounds: Int, batchSize: Int,
    textsOut: String?
  ) throws {
    let loader = try DatasetLoader.standard()
    let dataset = try loader.load(name).dataset
    let info = dataset.sideInformation(from: try loader.sideInfo(name))
    let texts = info.texts(fields)
    let present = texts.compactMap { $0 }
    if let textsOut {
      // JSON strings, one per line, in item order: the texts sentence-transformers encodes.
      let lines = try present.map { String(decoding: try JSONSerialization.data(withJSONObject: $0, options: .fragmentsAllowed), as: UTF8.self) }
      try (lines.joined(separator: "\n") + "\n").write(toFile: textsOut, atomically: true, encoding: .utf8)
    }
    let encoder = try TextEncoder(directory: directory, batchSize: batchSize)
    let tokens = present.reduce(0) { $0 + encoder.tokenizer.encode(encoder.lowercasesInput ? $1.lowercased() : $1).count }
    print("feature extraction: \(encoder.name) on \(name) \(fields.map(\.rawValue).joined(separator: " + "))")
    print(
      "  \(dataset.itemCount) items, \(present.count) with text, \(fmt(Double(tokens) / Double(max(present.count, 1)), 1)) tokens per text; "
        + "batch \(batchSize), chunks of 1024 items")
    let root = FileManager.default.temporaryDirectory.appendingPathComponent("ssr-bench-features-\(getpid())").path
    defer { try? FileManager.default.removeItem(atPath: root) }
    let fieldNames = fields.map(\.rawValue)
    for threads in threadCounts {
      ComputeThreads.set(threads)
      _ = try encoder.encode(Array(present.prefix(batchSize)))  // warm-up
      var times: [Double] = []
      var loads: [Double] = []
      for round in 0..<rounds {
        let store = FeatureStore(root: root + "/\(threads)-\(round)")
        let start = now()
        let stored = try store.extractText(
          texts, dataset: name, catalogue: dataset.catalogueFingerprint, fields: fieldNames, encoder: encoder)
        times.append(now() - start)
        let loadStart = now()
        guard try store.load(stored.key) != nil else { throw FeatureStoreError.invalidArgument("the stored features did not load") }
        loads.append(now() - loadStart)
        try? FileManager.default.removeItem(atPath: store.root)
      }
      let rate = Double(present.count) / median(times)
      let list = times.map { fmt($0, 2) }.joined(separator: ", ")
      print("  threads \(threads): \(fmt(rate, 1)) items/s (median of \(rounds): \(fmt(median(times), 2)) s; rounds \(list)); load \(fmt(median(loads) * 1000, 1)) ms")
      emitJSON([
        ("bench", "extract-features"), ("threads", threads), ("items", present.count), ("tokens", tokens), ("batch", batchSize),
        ("items_per_second", rate), ("seconds", median(times)), ("load_seconds", median(loads)),
      ])
    }
  }
}
