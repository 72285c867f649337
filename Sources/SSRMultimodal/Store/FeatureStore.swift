import Foundation
import SSRCore
import SSRTensor

/// A folder of item features computed by encoders, one entry per ``FeatureKey`` (dataset
/// catalogue, encoder and inputs): `.ssr-cache/features/` by default.
///
/// An entry is a folder `dataset/modality-encoder-<id>/` holding `index.json` (the key, readable)
/// and `features.safetensors` (`vectors` `[items, dimension]` and `present` `[items]`, 1 or 0).
/// While an extraction runs, finished chunks of items are written to `chunks/`; an interrupted
/// extraction continues from the chunks already there, and the chunks are merged and removed
/// once every item is encoded.
public struct FeatureStore: Sendable {
  /// The store's root folder.
  public let root: String

  /// The store at `root`; nothing is created until features are written.
  public init(root: String = ".ssr-cache/features") {
    self.root = root
  }

  /// The folder of the entry for `key`.
  public func directory(for key: FeatureKey) -> String {
    URL(fileURLWithPath: root).appendingPathComponent(key.relativePath).path
  }

  /// The entry's `index.json`.
  func indexPath(_ key: FeatureKey) -> String { directory(for: key) + "/index.json" }
  /// The entry's merged features.
  func featuresPath(_ key: FeatureKey) -> String { directory(for: key) + "/features.safetensors" }
  /// The file of chunk `chunk` while extracting.
  func chunkPath(_ key: FeatureKey, _ chunk: Int) -> String {
    directory(for: key) + "/chunks/" + String(format: "%06d", chunk) + ".safetensors"
  }

  /// The stored features for `key`, or nil when they are absent or not complete.
  ///
  /// - Throws: ``FeatureStoreError`` when the index or the features file is damaged or belongs to
  ///   another key.
  public func load(_ key: FeatureKey) throws(FeatureStoreError) -> StoredFeatures? {
    let path = indexPath(key)
    guard FileManager.default.fileExists(atPath: path) else { return nil }
    let index = try checkedIndex(at: path, for: key)
    guard index.complete else { return nil }
    let file = featuresPath(key)
    let (values, present) = try readRows(file, identifier: key.identifier, rows: key.itemCount, dimension: key.dimension)
    return StoredFeatures(key: key, values: values, present: present, directory: directory(for: key))
  }

  /// The entries in the store, by their indexes (unreadable ones are skipped).
  public func entries() -> [FeatureIndex] {
    guard let enumerator = FileManager.default.enumerator(atPath: root) else { return [] }
    var result: [FeatureIndex] = []
    while let path = enumerator.nextObject() as? String {
      guard (path as NSString).lastPathComponent == "index.json" else { continue }
      if let index = try? FeatureIndex.read(from: root + "/" + path) { result.append(index) }
    }
    return result.sorted { $0.key.relativePath < $1.key.relativePath }
  }

  /// The features for `key`: loaded when stored, otherwise computed chunk by chunk with `encode`
  /// and stored.
  ///
  /// `encode(range, report)` returns the vectors (`range.count × key.dimension` values) and
  /// presence flags of the items at 0-based offsets `range`, calling `report(itemsDone)` after each
  /// batch. Chunks already written by an interrupted run are read instead of encoded (with the
  /// chunk size of that run).
  ///
  /// - Parameters:
  ///   - chunkSize: items per chunk file, the unit of resumption.
  ///   - progress: called after every batch and chunk; throwing ``Interrupted`` stops the extraction
  ///     (the finished chunks stay).
  /// - Throws: ``FeatureStoreError``, ``Interrupted``, or what `encode` throws.
  public func extract(
    _ key: FeatureKey, chunkSize: Int = 1024,
    encode: (Range<Int>, (Int) throws(Interrupted) -> Void) throws -> (values: [Float], present: [Bool]),
    progress: ((FeatureExtractionProgress) throws(Interrupted) -> Void)? = nil
  ) throws -> StoredFeatures {
    guard chunkSize >= 1 else { throw FeatureStoreError.invalidArgument("the chunk size must be at least 1, got \(chunkSize)") }
    if let stored = try load(key) { return stored }
    let path = indexPath(key)
    let index: FeatureIndex
    if FileManager.default.fileExists(atPath: path) {
      index = try checkedIndex(at: path, for: key)
    } else {
      index = FeatureIndex(key: key, chunkSize: chunkSize)
      try index.write(to: path)
    }
    let width = key.dimension
    var values = [Float](repeating: 0, count: key.itemCount * width)
    var present = [Bool](repeating: false, count: key.itemCount)
    var state = FeatureExtractionProgress(done: 0, total: key.itemCount, reused: 0, encoded: 0, seconds: 0)
    var pending: [Int] = []
    for chunk in 0..<index.chunkCount {
      let range = index.range(ofChunk: chunk)
      let file = chunkPath(key, chunk)
      guard FileManager.default.fileExists(atPath: file) else {
        pending.append(chunk)
        continue
      }
      let rows = try readRows(file, identifier: key.identifier, rows: range.count, dimension: width, start: range.lowerBound)
      values.replaceSubrange(range.lowerBound * width..<range.upperBound * width, with: rows.values)
      present.replaceSubrange(range, with: rows.present)
      state.reused += range.count
      state.done += range.count
    }
    try progress?(state)
    let start = Date()
    for chunk in pending {
      try Cancellation.checkpoint()
      let range = index.range(ofChunk: chunk)
      let before = state
      let rows = try encode(range) { (done: Int) throws(Interrupted) in
        var now = before
        now.done += done
        now.encoded += done
        now.seconds = Date().timeIntervalSince(start)
        try progress?(now)
      }
      guard rows.values.count == range.count * width, rows.present.count == range.count else {
        throw FeatureStoreError.invalidArgument(
          "the encoder returned \(rows.values.count) values and \(rows.present.count) flags for \(range.count) items of width \(width)")
      }
      try writeRows(rows.values, rows.present, identifier: key.identifier, start: range.lowerBound, to: chunkPath(key, chunk))
      values.replaceSubrange(range.lowerBound * width..<range.upperBound * width, with: rows.values)
      present.replaceSubrange(range, with: rows.present)
      state.done += range.count
      state.encoded += range.count
      state.seconds = Date().timeIntervalSince(start)
      try progress?(state)
    }
    try writeRows(values, present, identifier: key.identifier, start: 0, to: featuresPath(key))
    var finished = index
    finished.complete = true
    finished.presentCount = present.reduce(0) { $0 + ($1 ? 1 : 0) }
    try finished.write(to: path)
    try? FileManager.default.removeItem(atPath: directory(for: key) + "/chunks")
    return StoredFeatures(key: key, values: values, present: present, directory: directory(for: key))
  }

  /// The index at `path`, checked to be `key`'s.
  func checkedIndex(at path: String, for key: FeatureKey) throws(FeatureStoreError) -> FeatureIndex {
    let index = try FeatureIndex.read(from: path)
    guard index.key == key else {
      throw .corruptIndex(path: path, reason: "it describes other features than its folder name says")
    }
    return index
  }

  /// Writes rows and flags as safetensors, tagged with the entry's identifier and first item.
  func writeRows(_ values: [Float], _ present: [Bool], identifier: String, start: Int, to path: String) throws(FeatureStoreError) {
    let rows = present.count
    let width = rows == 0 ? 0 : values.count / rows
    let tensors: [String: Tensor] = [
      "vectors": Tensor(values, shape: [rows, width]),
      "present": Tensor(present.map { $0 ? Float(1) : 0 }, shape: [rows]),
    ]
    do {
      try SafeTensors.write(tensors, metadata: ["identifier": identifier, "start": String(start)], to: path)
    } catch {
      throw .writeFailed(path: path, reason: error.description)
    }
  }

  /// Reads rows written by ``writeRows(_:_:identifier:start:to:)`` and checks that they are the
  /// expected ones.
  func readRows(
    _ path: String, identifier: String, rows: Int, dimension: Int, start: Int = 0
  ) throws(FeatureStoreError) -> (values: [Float], present: [Bool]) {
    guard FileManager.default.fileExists(atPath: path) else {
      throw .corruptFile(path: path, reason: "the index says the features are complete but the file is missing")
    }
    let file: (tensors: [String: Tensor], metadata: [String: String])
    do {
      file = try SafeTensors.read(from: path)
    } catch {
      throw .corruptFile(path: path, reason: error.description)
    }
    guard file.metadata["identifier"] == identifier, file.metadata["start"] == String(start) else {
      throw .corruptFile(path: path, reason: "it belongs to another entry or another range of items")
    }
    guard let vectors = file.tensors["vectors"], vectors.shape == [rows, dimension] || (rows == 0 && vectors.count == 0) else {
      throw .corruptFile(path: path, reason: "expected vectors of shape [\(rows), \(dimension)]")
    }
    guard let flags = file.tensors["present"], flags.shape == [rows] else {
      throw .corruptFile(path: path, reason: "expected \(rows) presence flags")
    }
    let present = flags.scalars.map { $0 != 0 }
    let values = vectors.scalars
    guard values.allSatisfy(\.isFinite) else { throw .corruptFile(path: path, reason: "a vector holds NaN or infinity") }
    return (values, present)
  }
}
