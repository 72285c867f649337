import Foundation
import SSRCore
import SSRModels
import SSRTensor

/// Item features in a job directory (`features.safetensors`), written once by the driver of a
/// sweep with `features:` and read by its workers: per modality its vectors (`<modality>.values`,
/// `[items + 1, width]`, row 0 unused) and which items have one (`<modality>.present`, 1 or 0).
public enum FeaturesFile {
  /// A digest of `features` (item count, catalogue, every modality's values and flags): part of
  /// the job's key, so other features make another job.
  public static func digest(_ features: ItemFeatures) -> String {
    var hasher = SHA256()
    hasher.update("ssr-features 1\n\(features.itemCount)\n\(features.catalogue ?? "")\n")
    for modal in features.modalities {
      hasher.update("\(modal.modality.rawValue) \(modal.width)\n")
      modal.values.withUnsafeBytes { hasher.update($0) }
      hasher.update(modal.present.map { $0 ? UInt8(1) : UInt8(0) })
    }
    return hasher.finalize().hexString
  }

  /// Writes `features` to `path` (atomically).
  public static func write(_ features: ItemFeatures, to path: String) throws(ExecutorError) {
    var tensors: [String: Tensor] = [:]
    for modal in features.modalities {
      tensors["\(modal.modality.rawValue).values"] = Tensor(modal.values, shape: [features.itemCount + 1, modal.width])
      tensors["\(modal.modality.rawValue).present"] = Tensor(modal.present.map { $0 ? 1 : 0 }, shape: [features.itemCount + 1])
    }
    let metadata = ["items": String(features.itemCount), "catalogue": features.catalogue ?? "", "digest": digest(features)]
    do {
      try AtomicFile.write(SafeTensors.encode(tensors, metadata: metadata), to: path)
    } catch {
      throw .jobDirectory(path: path, reason: "the item features could not be written: \(error)")
    }
  }

  /// Reads the features at `path` and checks them against `digest`.
  public static func read(from path: String, digest expected: String) throws(ExecutorError) -> ItemFeatures {
    let tensors: [String: Tensor]
    let metadata: [String: String]
    do {
      (tensors, metadata) = try SafeTensors.read(from: path)
    } catch {
      throw .jobDirectory(path: path, reason: "the item features could not be read: \(error)")
    }
    guard let items = metadata["items"].flatMap(Int.init) else {
      throw .jobDirectory(path: path, reason: "the item features have no item count")
    }
    let catalogue = metadata["catalogue"].flatMap { $0.isEmpty ? nil : $0 }
    var features = ItemFeatures(itemCount: items, catalogue: catalogue)
    for modality in FeatureModality.allCases {
      guard let values = tensors["\(modality.rawValue).values"], let present = tensors["\(modality.rawValue).present"] else { continue }
      guard values.rank == 2, values.shape[0] == items + 1, present.shape == [items + 1] else {
        throw .jobDirectory(path: path, reason: "the \(modality) features have shape \(values.shape), expected [\(items + 1), width]")
      }
      let width = values.shape[1]
      let flags = present.scalars.dropFirst().map { $0 != 0 }
      do {
        features = try features.adding(modality, width: width, rows: Array(values.scalars.dropFirst(width)), present: Array(flags))
      } catch {
        throw .jobDirectory(path: path, reason: "the \(modality) features are not valid: \(error)")
      }
    }
    guard digest(features) == expected else {
      throw .jobDirectory(path: path, reason: "the item features are not the ones the job was made with (digest differs)")
    }
    return features
  }
}
