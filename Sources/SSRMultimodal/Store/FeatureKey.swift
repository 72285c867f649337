import Foundation
import SSRCore
import Synchronization

/// What identifies one entry of the feature store: the dataset's item catalogue, the encoder
/// (by name and a checksum of its files and settings) and the inputs it encoded. Any change gives
/// another ``identifier``, hence another entry: features are never reused for other inputs.
public struct FeatureKey: Sendable, Hashable, Codable {
  /// The dataset's name (for people and folder names; the catalogue is what is compared).
  public var dataset: String
  /// The dataset's item-catalogue fingerprint (SHA-256 of its item ids in index order).
  public var catalogue: String
  /// The number of items (rows of the features).
  public var itemCount: Int
  /// `text` or `image`.
  public var modality: String
  /// The encoder's name (its directory's last path component).
  public var encoder: String
  /// SHA-256 of the encoder's configuration, vocabulary and weight files and of its settings.
  public var encoderChecksum: String
  /// The vector width.
  public var dimension: Int
  /// How token or patch states become one vector (`mean`, `cls`, `max`, `pooler`, `clip-projection`).
  public var pooling: String
  /// Whether vectors are L2-normalised.
  public var normalized: Bool
  /// The side-information fields the inputs were built from, in order (e.g. `title`, `genres`).
  public var fields: [String]
  /// SHA-256 of the per-item inputs (texts, or image files by name, size and date).
  public var inputs: String
  /// The SSR version that computed the features.
  public var toolVersion: String

  /// A key from its parts; the tool version defaults to this build's.
  public init(
    dataset: String, catalogue: String, itemCount: Int, modality: String, encoder: String, encoderChecksum: String,
    dimension: Int, pooling: String, normalized: Bool, fields: [String], inputs: String, toolVersion: String = SSRVersion.current
  ) {
    self.dataset = dataset
    self.catalogue = catalogue
    self.itemCount = itemCount
    self.modality = modality
    self.encoder = encoder
    self.encoderChecksum = encoderChecksum
    self.dimension = dimension
    self.pooling = pooling
    self.normalized = normalized
    self.fields = fields
    self.inputs = inputs
    self.toolVersion = toolVersion
  }

  /// SHA-256 (hex) of every field: the entry's identity.
  public var identifier: String {
    var hash = SHA256()
    hash.update("ssr-features-1\n")
    let parts: [String] = [
      dataset, catalogue, String(itemCount), modality, encoder, encoderChecksum, String(dimension), pooling,
      normalized ? "normalized" : "raw", fields.joined(separator: ","), inputs, toolVersion,
    ]
    for part in parts {
      hash.update(part)
      hash.update([0x0A])
    }
    return hash.finalize().hexString
  }

  /// The entry's folder below the store root: `dataset/modality-encoder-<16 hex digits>`.
  public var relativePath: String {
    "\(FeatureKey.safeName(dataset))/\(modality)-\(FeatureKey.safeName(encoder))-\(identifier.prefix(16))"
  }

  /// `name` with every character other than letters, digits, `.`, `_` and `-` replaced by `_`.
  static func safeName(_ name: String) -> String {
    let allowed = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-")
    let cleaned = String(name.map { allowed.contains($0) ? $0 : "_" })
    return cleaned.isEmpty || cleaned.allSatisfy({ $0 == "." }) ? "_" : cleaned
  }

  /// SHA-256 (hex) of per-item input strings, nil marking an item without input.
  public static func checksum(inputs: [String?]) -> String {
    var hash = SHA256()
    hash.update("ssr-inputs-1\n\(inputs.count)\n")
    for input in inputs {
      if let input {
        hash.update("+\(input.utf8.count):")
        hash.update(input)
      } else {
        hash.update("-")
      }
      hash.update([0x0A])
    }
    return hash.finalize().hexString
  }

  /// SHA-256 (hex) of the named files' names and contents (each file's digest is remembered for
  /// the process while its size and modification date stay the same) (absent files are recorded as absent)
  /// and of `settings`: the checksum of an encoder.
  ///
  /// - Throws: ``FeatureStoreError/unreadable(path:reason:)`` for a file that exists but cannot be read.
  public static func checksum(files: [String], settings: [String]) throws(FeatureStoreError) -> String {
    var hash = SHA256()
    hash.update("ssr-encoder-1\n")
    for path in files {
      hash.update((path as NSString).lastPathComponent)
      guard FileManager.default.fileExists(atPath: path) else {
        hash.update(" absent\n")
        continue
      }
      hash.update(" \(try FileDigests.shared.digest(of: path))\n")
    }
    for setting in settings {
      hash.update(setting)
      hash.update([0x0A])
    }
    return hash.finalize().hexString
  }
}

/// The SHA-256 digests of files hashed in this process, by path, size and modification date, so
/// that asking for stored features again does not hash an encoder's weights again.
final class FileDigests: Sendable {
  /// The process's cache.
  static let shared = FileDigests()

  private let digests = Mutex<[String: (size: Int, date: Double, digest: String)]>([:])

  /// The hex digest of the file at `path`.
  ///
  /// - Throws: ``FeatureStoreError/unreadable(path:reason:)``.
  func digest(of path: String) throws(FeatureStoreError) -> String {
    let attributes = try? FileManager.default.attributesOfItem(atPath: path)
    let size = (attributes?[.size] as? NSNumber)?.intValue ?? -1
    let date = (attributes?[.modificationDate] as? Date)?.timeIntervalSince1970 ?? 0
    if let known = digests.withLock({ $0[path] }), known.size == size, known.date == date { return known.digest }
    let data: Data
    do {
      data = try Data(contentsOf: URL(fileURLWithPath: path), options: .alwaysMapped)
    } catch {
      throw .unreadable(path: path, reason: error.localizedDescription)
    }
    var hash = SHA256()
    data.withUnsafeBytes { hash.update($0) }
    let digest = hash.finalize().hexString
    digests.withLock { $0[path] = (size, date, digest) }
    return digest
  }
}
