import Foundation
import SSRCore
import SSRModels
import SSRTensor

/// Writing and reading an exported model: a directory with the weights as safetensors
/// (`model.safetensors`, F32 or F16, under the reference's tensor names, readable by Python's
/// `safetensors`) and the JSON config (`config.json`).
public enum ModelExport {
  /// The file listing the dataset's raw item ids, one a line (line i is item i), when known.
  public static let itemsFileName = "items.txt"

  /// Writes `tensors` and `config` into `directory` (created if needed; each file atomically),
  /// and the raw item ids (`itemIDs[i − 1]` is item i) when given.
  ///
  /// - Throws: ``DeviceError/file(path:reason:)`` when a file cannot be written.
  public static func write(
    _ tensors: [String: Tensor], config: ExportedModelConfig, precision: ExportPrecision, itemIDs: [String]? = nil,
    to directory: String
  ) throws(DeviceError) {
    if let itemIDs {
      guard itemIDs.count == config.itemCount, !itemIDs.contains(where: { $0.contains("\n") }) else {
        throw .invalidConfig(path: directory, reason: "\(itemIDs.count) item ids for \(config.itemCount) items")
      }
    }
    do {
      try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
    } catch {
      throw .file(path: directory, reason: "the directory cannot be created (\(error.localizedDescription))")
    }
    let metadata = ["format": "pt", "model": config.model, "tool": "ssr \(config.tool)", "dataset": config.dataset]
    let weights = encode(tensors, metadata: metadata, precision: precision)
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys, .prettyPrinted]
    let json: Data
    do {
      json = try encoder.encode(config)
    } catch {
      throw .invalidConfig(path: directory, reason: "it cannot be encoded: \(error)")
    }
    let weightsPath = path(directory, ExportedModelConfig.weightsFileName)
    let configPath = path(directory, ExportedModelConfig.fileName)
    do throws(FileWriteError) {
      try AtomicFile.write(weights, to: weightsPath)
      try AtomicFile.write(json, to: configPath)
      if let itemIDs { try AtomicFile.write(itemIDs.joined(separator: "\n") + "\n", to: path(directory, itemsFileName)) }
    } catch {
      throw .file(path: error.path, reason: error.reason)
    }
  }

  /// Reads the config and the weights (converted to Float32) of the export in `directory`.
  ///
  /// - Throws: ``DeviceError`` for a missing or unreadable file, a malformed or newer config, or
  ///   weights of another dtype than the config says.
  public static func read(from directory: String) throws(DeviceError) -> (config: ExportedModelConfig, tensors: [String: Tensor]) {
    let configPath = path(directory, ExportedModelConfig.fileName)
    let config = try readConfig(configPath)
    let weightsPath = path(directory, ExportedModelConfig.weightsFileName)
    let (tensors, _, skipped): ([String: Tensor], [String: String], [String])
    do throws(TensorError) {
      (tensors, _, skipped) = try SafeTensors.readConvertingFloats(from: weightsPath)
    } catch {
      throw .weights(path: weightsPath, reason: error.description)
    }
    guard skipped.isEmpty else { throw .weights(path: weightsPath, reason: "tensors \(skipped) are not floating point") }
    return (config, tensors)
  }

  /// The raw item ids of the export in `directory` (`[i − 1]` is item i), or nil when it has none.
  ///
  /// - Throws: ``DeviceError/invalidConfig(path:reason:)`` when the list does not have one id per item.
  public static func readItemIDs(from directory: String, itemCount: Int) throws(DeviceError) -> [String]? {
    let file = path(directory, itemsFileName)
    guard let text = try? String(contentsOfFile: file, encoding: .utf8) else { return nil }
    let ids = text.split(separator: "\n", omittingEmptySubsequences: false).dropLast().map(String.init)
    guard ids.count == itemCount else {
      throw .invalidConfig(path: file, reason: "it lists \(ids.count) item ids for \(itemCount) items")
    }
    return ids
  }

  /// Decodes an export's JSON config from `data` (`origin` names it in errors).
  public static func decodeConfig(_ data: Data, origin: String) throws(DeviceError) -> ExportedModelConfig {
    let config: ExportedModelConfig
    do {
      config = try JSONDecoder().decode(ExportedModelConfig.self, from: data)
    } catch {
      throw .invalidConfig(path: origin, reason: String(describing: error))
    }
    guard config.format <= ExportedModelConfig.currentFormat else {
      throw .invalidConfig(path: origin, reason: "format \(config.format) is newer than this SSR reads (\(ExportedModelConfig.currentFormat))")
    }
    guard config.itemCount == config.config.itemCount, config.maxLen == config.config.maxLen else {
      throw .invalidConfig(path: origin, reason: "itemCount and maxLen disagree with the model config")
    }
    guard ExportPrecision.allCases.contains(where: { $0.dtype == config.dtype }) else {
      throw .invalidConfig(path: origin, reason: "dtype \(config.dtype) is neither F32 nor F16")
    }
    do throws(SSRModels.ConfigurationError) {
      try config.config.validate()
      try config.spiking.validate()
    } catch {
      throw .invalidConfig(path: origin, reason: error.description)
    }
    return config
  }

  static func readConfig(_ configPath: String) throws(DeviceError) -> ExportedModelConfig {
    let data: Data
    do {
      data = try Data(contentsOf: URL(fileURLWithPath: configPath))
    } catch {
      throw .file(path: configPath, reason: "the file cannot be read (\(error.localizedDescription)); is this an exported model's directory?")
    }
    return try decodeConfig(data, origin: configPath)
  }

  /// Encodes tensors as safetensors bytes in `precision`, in name order (8-byte aligned header).
  public static func encode(_ tensors: [String: Tensor], metadata: [String: String], precision: ExportPrecision) -> Data {
    SafeTensors.encode(tensors, metadata: metadata, as: precision == .float32 ? .f32 : .f16)
  }

  static func path(_ directory: String, _ file: String) -> String {
    URL(fileURLWithPath: directory).appendingPathComponent(file).path
  }
}

extension ModelExport {
  /// Decodes exported weights from safetensors bytes (F32 or F16; `origin` names them in errors).
  public static func decodeWeights(_ data: Data, origin: String) throws(DeviceError) -> [String: Tensor] {
    let (tensors, skipped): ([String: Tensor], [String])
    do throws(TensorError) {
      (tensors, _, skipped) = try SafeTensors.decodeConvertingFloats(data, origin: origin)
    } catch {
      throw .weights(path: origin, reason: error.description)
    }
    guard skipped.isEmpty else { throw .weights(path: origin, reason: "tensors \(skipped) are not floating point") }
    return tensors
  }
}
