import Foundation
import SSRData
import SSRModels
import SSRTensor

/// Why a checkpoint cannot be written or used.
public enum CheckpointError: Error, Sendable, Equatable, CustomStringConvertible {
  /// The file cannot be read or written, or is not safetensors.
  case file(String)
  /// The file has weights but no SSR description (written by another tool or an old SSR).
  case undescribed(path: String)
  /// The description cannot be decoded.
  case invalidDescription(path: String, reason: String)
  /// The description names a model the registry does not know.
  case unknownModel(path: String, model: String, known: [String])
  /// The weights do not fit the model the description builds.
  case weights(path: String, reason: String)
  /// The model cannot score the given data: another catalogue or window.
  case incompatibleData(path: String, trainedOn: DatasetIdentity, given: DatasetIdentity)

  /// What happened and what to do.
  public var description: String {
    switch self {
    case .file(let message):
      return message
    case .undescribed(let path):
      return "\(path) has weights but no SSR description of its model (it was not written by saveModel of SSR 0.1 or later); "
        + "load it with model: and on: (e.g. loadModel(\"\(path)\", model: .sasrec, on: ds)) and the same hyperparameters"
    case .invalidDescription(let path, let reason):
      return "\(path): the model description in the file cannot be read (\(reason)); was the file edited?"
    case .unknownModel(let path, let model, let known):
      return "\(path) holds a .\(model) model, which this SSR does not know; the models are \(known.map { ".\($0)" }.joined(separator: ", "))"
    case .weights(let path, let reason):
      return "\(path): \(reason)"
    case .incompatibleData(let path, let trainedOn, let given):
      return "\(path) was trained on \(trainedOn); the given data is \(given): its \(trainedOn.items != given.items ? "catalogue" : "history window") "
        + "differs, so the model cannot score it; load the data it was trained on"
    }
  }
}

/// A model with the description that rebuilds it, written to or read from a safetensors file.
///
/// The file holds the weights under their reference (PyTorch) names, so PyTorch's `safetensors`
/// reads it; the metadata holds a ``CheckpointDescription`` as JSON, and plain `model`,
/// `dataset`, `tool` entries for people and other tools.
public struct Checkpoint {
  /// The model, with its weights.
  public var model: any SequentialRecommender
  /// Its registry entry.
  public var spec: ModelSpec
  /// What rebuilds it.
  public var description: CheckpointDescription

  /// Pairs a model with its description.
  public init(model: any SequentialRecommender, spec: ModelSpec, description: CheckpointDescription) {
    self.model = model
    self.spec = spec
    self.description = description
  }

  /// Writes the weights and the description to `path` atomically.
  ///
  /// - Throws: ``CheckpointError/file(_:)`` when the file cannot be written.
  public func write(to path: String) throws(CheckpointError) {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys]
    let json: String
    do {
      json = String(decoding: try encoder.encode(description), as: UTF8.self)
    } catch {
      throw .file("cannot encode the model description: \(error)")
    }
    let metadata = [
      CheckpointDescription.metadataKey: json, "model": description.model, "dataset": description.dataset.name,
      "tool": "ssr \(description.tool)",
    ]
    do throws(TensorError) {
      try SafeTensors.write(model.stateDictionary(), metadata: metadata, to: path)
    } catch {
      throw .file(error.description)
    }
  }

  /// Reads the checkpoint at `path` and rebuilds its model with `registry`.
  ///
  /// - Throws: ``CheckpointError``: an unreadable file, one without an SSR description, an
  ///   unknown model, or weights that do not fit the described model.
  public static func read(from path: String, registry: ModelRegistry = .standard) throws(CheckpointError) -> Checkpoint {
    let tensors: [String: Tensor]
    let metadata: [String: String]
    do throws(TensorError) {
      (tensors, metadata) = try SafeTensors.read(from: path)
    } catch {
      throw .file(error.description)
    }
    guard let json = metadata[CheckpointDescription.metadataKey] else { throw .undescribed(path: path) }
    let description: CheckpointDescription
    do {
      description = try JSONDecoder().decode(CheckpointDescription.self, from: Data(json.utf8))
    } catch {
      throw .invalidDescription(path: path, reason: String(describing: error))
    }
    guard description.format <= CheckpointDescription.currentFormat else {
      throw .invalidDescription(
        path: path, reason: "format \(description.format) is newer than this SSR reads (\(CheckpointDescription.currentFormat)); update SSR")
    }
    guard let spec = registry.spec(named: description.model) else {
      throw .unknownModel(path: path, model: description.model, known: registry.names)
    }
    do throws(ConfigurationError) {
      try description.config.validate()
      try description.spiking.validate()
    } catch {
      throw .invalidDescription(path: path, reason: error.description)
    }
    let model = spec.make(ModelContext(config: description.config, spiking: description.spiking))
    do throws(TensorError) {
      try model.load(tensors)
    } catch {
      throw .weights(path: path, reason: error.description)
    }
    return Checkpoint(model: model, spec: spec, description: description)
  }

  /// The context the model was built with.
  public var context: ModelContext { ModelContext(config: description.config, spiking: description.spiking) }

  /// Throws unless the model can score `split`: the same catalogue size and history window.
  /// Returns whether the data is exactly the training data (same fingerprint).
  ///
  /// - Throws: ``CheckpointError/incompatibleData(path:trainedOn:given:)``.
  public func check(_ split: DatasetSplit, path: String) throws(CheckpointError) -> Bool {
    let given = split.identity
    let trainedOn = description.dataset
    guard given.items == trainedOn.items, given.maxLen == trainedOn.maxLen else {
      throw .incompatibleData(path: path, trainedOn: trainedOn, given: given)
    }
    return given.fingerprint == trainedOn.fingerprint
  }
}
