import Foundation
import SSRCore

/// The `index.json` of a feature-store entry: its key, how the items are chunked, and whether
/// every chunk has been computed.
public struct FeatureIndex: Sendable, Hashable, Codable {
  /// The layout version of the entry.
  public var format: Int
  /// What the features are of.
  public var key: FeatureKey
  /// The key's identifier, stored to detect an index edited or copied by hand.
  public var identifier: String
  /// Items per chunk file while the extraction runs.
  public var chunkSize: Int
  /// Whether every item is encoded and `features.safetensors` written.
  public var complete: Bool
  /// The number of items with a vector (known once complete).
  public var presentCount: Int?

  /// The layout version this build writes and reads.
  public static let currentFormat = 1

  /// A new, incomplete index.
  public init(key: FeatureKey, chunkSize: Int) {
    format = FeatureIndex.currentFormat
    self.key = key
    identifier = key.identifier
    self.chunkSize = chunkSize
    complete = false
    presentCount = nil
  }

  /// The number of chunks the items fall into.
  public var chunkCount: Int { (key.itemCount + chunkSize - 1) / chunkSize }

  /// The item offsets (0-based) of chunk `chunk`.
  public func range(ofChunk chunk: Int) -> Range<Int> {
    chunk * chunkSize..<Swift.min((chunk + 1) * chunkSize, key.itemCount)
  }

  /// Reads and checks the index at `path`.
  ///
  /// - Throws: ``FeatureStoreError/corruptIndex(path:reason:)`` when it is not JSON of this layout,
  ///   its identifier does not match its key, or its sizes are invalid.
  public static func read(from path: String) throws(FeatureStoreError) -> FeatureIndex {
    guard let data = FileManager.default.contents(atPath: path) else {
      throw .unreadable(path: path, reason: "the file cannot be opened")
    }
    let index: FeatureIndex
    do {
      index = try JSONDecoder().decode(FeatureIndex.self, from: data)
    } catch {
      throw .corruptIndex(path: path, reason: "not a feature index: \(error.localizedDescription)")
    }
    guard index.format == currentFormat else {
      throw .corruptIndex(path: path, reason: "layout version \(index.format), this build reads \(currentFormat)")
    }
    guard index.identifier == index.key.identifier else {
      throw .corruptIndex(path: path, reason: "its identifier does not match its key (edited by hand?)")
    }
    guard index.chunkSize >= 1, index.key.itemCount >= 0, index.key.dimension >= 1 else {
      throw .corruptIndex(path: path, reason: "chunk size, item count or dimension out of range")
    }
    return index
  }

  /// Writes the index to `path` atomically.
  ///
  /// - Throws: ``FeatureStoreError/writeFailed(path:reason:)``.
  public func write(to path: String) throws(FeatureStoreError) {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
    do {
      let data = try encoder.encode(self)
      try AtomicFile.write(data + Data("\n".utf8), to: path)
    } catch let error as FileWriteError {
      throw .writeFailed(path: path, reason: error.reason)
    } catch {
      throw .writeFailed(path: path, reason: error.localizedDescription)
    }
  }
}
