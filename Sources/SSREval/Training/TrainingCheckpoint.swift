import Foundation
import SSRCore
import SSRData
import SSRModels
import SSRTensor

/// A training run's state after a completed epoch: the weights, Adam's moments, the dropout
/// streams' places, the epochs' reports and the best epoch's weights. ``Trainer/fit(_:on:options:checkpoint:onEpoch:onBatch:shouldStop:)``
/// writes one after every epoch when given a path, and a run started again with the same path
/// continues after the last completed epoch, taking the same steps it would have taken without
/// the interruption (the shuffling of an epoch depends only on the options and the epoch).
///
/// On disk it is one safetensors file (written atomically): `model/<name>`, `best/<name>`,
/// `adam.m/<i>`, `adam.v/<i>` tensors, and JSON metadata with the rest.
public struct TrainingCheckpoint {
  /// The layout version.
  public static let currentFormat = 1
  static let metadataKey = "ssr.training"

  /// The epochs completed.
  public var epoch: Int
  /// Their reports, in order.
  public var history: [EpochReport]
  /// The best epoch so far, its selection score and its weights.
  public var best: (epoch: Int, score: Double, state: [String: Tensor])?
  /// The model's weights and buffers after ``epoch``.
  public var model: [String: Tensor]
  /// Adam's state of each parameter, in the model's parameter order.
  public var moments: [AdamMoments?]
  /// The place of each dropout layer's random stream, by layer name.
  public var generators: [String: PhiloxPosition]
  /// What identifies the run: the model, its parameter shapes, the options and the data.
  public var run: String

  /// The identity of training `model` with `options` on `split`: a checkpoint of another run is
  /// never resumed.
  public static func runIdentity(of model: any SequentialRecommender, options: TrainingOptions, split: DatasetSplit) -> String {
    var hasher = SHA256()
    hasher.update("ssr-training-checkpoint \(currentFormat)\n\(model.name)\n\(split.identity.fingerprint)\n")
    for (name, parameter) in model.namedParameters() { hasher.update("\(name) \(parameter.shape)\n") }
    let encoder = JSONEncoder()
    encoder.outputFormatting = .sortedKeys
    if let json = try? encoder.encode(options) { hasher.update(json) }
    return hasher.finalize().hexString
  }

  /// Writes the checkpoint to `path` atomically.
  ///
  /// - Throws: ``TrainingError/checkpoint(path:reason:)`` when it cannot be encoded or written.
  public func write(to path: String) throws(TrainingError) {
    var tensors: [String: Tensor] = [:]
    for (name, tensor) in model { tensors["model/" + name] = tensor }
    for (name, tensor) in best?.state ?? [:] { tensors["best/" + name] = tensor }
    for (index, entry) in moments.enumerated() {
      guard let entry else { continue }
      tensors["adam.m/\(index)"] = entry.m
      tensors["adam.v/\(index)"] = entry.v
    }
    let metadata = Metadata(
      format: Self.currentFormat, run: run, epoch: epoch, history: history, bestEpoch: best?.epoch, bestScore: best?.score,
      steps: moments.map { $0?.step }, generators: generators)
    let json: String
    do {
      json = String(decoding: try JSONEncoder().encode(metadata), as: UTF8.self)
    } catch {
      throw .checkpoint(path: path, reason: "its state could not be encoded: \(error)")
    }
    do {
      try FileManager.default.createDirectory(
        atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
      try AtomicFile.write(SafeTensors.encode(tensors, metadata: [Self.metadataKey: json]), to: path)
    } catch {
      throw .checkpoint(path: path, reason: "it could not be written: \(error)")
    }
  }

  /// Reads the checkpoint at `path`.
  ///
  /// - Throws: ``TrainingError/checkpoint(path:reason:)`` when the file is not a training checkpoint.
  public static func read(from path: String) throws(TrainingError) -> TrainingCheckpoint {
    let tensors: [String: Tensor]
    let metadata: [String: String]
    do {
      (tensors, metadata) = try SafeTensors.read(from: path)
    } catch {
      throw .checkpoint(path: path, reason: "it could not be read: \(error)")
    }
    guard let json = metadata[metadataKey], let decoded = try? JSONDecoder().decode(Metadata.self, from: Data(json.utf8)) else {
      throw .checkpoint(path: path, reason: "it is not a training checkpoint (no readable \(metadataKey) metadata)")
    }
    guard decoded.format == currentFormat else {
      throw .checkpoint(path: path, reason: "its layout version is \(decoded.format), this SSR reads \(currentFormat)")
    }
    func prefixed(_ prefix: String) -> [String: Tensor] {
      Dictionary(uniqueKeysWithValues: tensors.compactMap { key, value in
        key.hasPrefix(prefix) ? (String(key.dropFirst(prefix.count)), value) : nil
      })
    }
    var moments: [AdamMoments?] = []
    for (index, step) in decoded.steps.enumerated() {
      guard let step else {
        moments.append(nil)
        continue
      }
      guard let m = tensors["adam.m/\(index)"], let v = tensors["adam.v/\(index)"] else {
        throw .checkpoint(path: path, reason: "Adam's state of parameter \(index) is missing")
      }
      moments.append(AdamMoments(m: m, v: v, step: step))
    }
    var best: (epoch: Int, score: Double, state: [String: Tensor])?
    if let epoch = decoded.bestEpoch, let score = decoded.bestScore { best = (epoch, score, prefixed("best/")) }
    return TrainingCheckpoint(
      epoch: decoded.epoch, history: decoded.history, best: best, model: prefixed("model/"), moments: moments,
      generators: decoded.generators, run: decoded.run)
  }

  /// What the JSON metadata holds.
  struct Metadata: Codable {
    var format: Int
    var run: String
    var epoch: Int
    var history: [EpochReport]
    var bestEpoch: Int?
    var bestScore: Double?
    var steps: [Int?]
    var generators: [String: PhiloxPosition]
  }
}
