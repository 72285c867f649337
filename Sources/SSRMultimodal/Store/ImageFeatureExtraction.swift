import Foundation
import SSRCore
import SSRTensor

extension ImageEncoder {
  /// A name for the encoder: its directory's last path component, or `image-encoder` when it was
  /// built from its parts.
  public var name: String {
    directory.map { FeatureStore.encoderName(directory: $0) } ?? "image-encoder"
  }

  /// SHA-256 (hex) of the encoder's `config.json`, `preprocessor_config.json` and weights, and of
  /// whether it normalises.
  ///
  /// - Throws: ``FeatureStoreError/invalidArgument(_:)`` for an encoder built from its parts,
  ///   ``FeatureStoreError/unreadable(path:reason:)`` for a file that cannot be read.
  public func checksum() throws(FeatureStoreError) -> String {
    guard let directory else {
      throw .invalidArgument("the encoder was built from its parts; load it with ImageEncoder(directory:) to store its features")
    }
    let root = URL(fileURLWithPath: directory)
    let files = ["config.json", "preprocessor_config.json", "model.safetensors"].map { root.appendingPathComponent($0).path }
    return try FeatureKey.checksum(files: files, settings: ["normalize \(normalizes)"])
  }
}

extension FeatureStore {
  /// SHA-256 (hex) of per-item image files by name, size and modification date (nil: no image).
  public static func checksum(imageFiles files: [String?]) -> String {
    FeatureKey.checksum(
      inputs: files.map { path in
        guard let path else { return nil }
        let attributes = try? FileManager.default.attributesOfItem(atPath: path)
        let size = (attributes?[.size] as? NSNumber)?.intValue ?? -1
        let date = (attributes?[.modificationDate] as? Date)?.timeIntervalSince1970 ?? 0
        return "\(path)\t\(size)\t\(date)"
      })
  }

  /// The key of `encoder`'s vectors of the image `files` (element `i` is item `i + 1`'s file, nil
  /// when it has none).
  ///
  /// - Throws: ``FeatureStoreError`` when the encoder's files cannot be read or it has no directory.
  public static func imageKey(
    _ files: [String?], dataset: String, catalogue: String, fields: [String], encoder: ImageEncoder
  ) throws(FeatureStoreError) -> FeatureKey {
    FeatureKey(
      dataset: dataset, catalogue: catalogue, itemCount: files.count, modality: "image", encoder: encoder.name,
      encoderChecksum: try encoder.checksum(), dimension: encoder.dimension, pooling: "clip-projection",
      normalized: encoder.normalizes, fields: fields, inputs: checksum(imageFiles: files))
  }

  /// `encoder`'s vectors of the JPEG or PNG `files` (element `i` is item `i + 1`'s file, nil when it
  /// has none): loaded when this store holds them, otherwise decoded and encoded in chunks of
  /// `chunkSize` items (resuming an interrupted extraction) and stored.
  ///
  /// - Throws: ``FeatureStoreError`` (``FeatureStoreError/encodingFailed(item:reason:)`` for a file that
  ///   cannot be decoded, naming it) or ``Interrupted``.
  public func extractImages(
    _ files: [String?], dataset: String, catalogue: String, fields: [String] = ["images"], encoder: ImageEncoder,
    chunkSize: Int = 256, progress: ((FeatureExtractionProgress) throws(Interrupted) -> Void)? = nil
  ) throws -> StoredFeatures {
    let key = try FeatureStore.imageKey(files, dataset: dataset, catalogue: catalogue, fields: fields, encoder: encoder)
    let width = encoder.dimension
    return try extract(
      key, chunkSize: chunkSize,
      encode: { range, report in
        let items = range.filter { files[$0] != nil }
        var values = [Float](repeating: 0, count: range.count * width)
        var present = [Bool](repeating: false, count: range.count)
        var start = 0
        while start < items.count {
          try Cancellation.checkpoint()
          let batch = Array(items[start..<Swift.min(start + encoder.batchSize, items.count)])
          var images: [RGBImage] = []
          for item in batch {
            do {
              images.append(try RGBImage(contentsOf: files[item]!))
            } catch {
              throw FeatureStoreError.encodingFailed(item: item + 1, reason: "\(error)")
            }
          }
          let encoded = encoder.encode(pixels: encoder.processor.pixelValues(images))
          encoded.withUnsafeBufferPointer { source in
            for (row, item) in batch.enumerated() {
              let offset = (item - range.lowerBound) * width
              for j in 0..<width { values[offset + j] = source[row * width + j] }
              present[item - range.lowerBound] = true
            }
          }
          start += batch.count
          try report(Swift.min(range.count, start * range.count / items.count))
        }
        return (values, present)
      }, progress: progress)
  }
}
