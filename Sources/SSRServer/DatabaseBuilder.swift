import Foundation
import SSRDevice
import SSRTensor

/// Builds a server's data directory (`ssr-serve init`): the catalogue, the item features and
/// the exported models, each checked against the others.
public enum DatabaseBuilder {
  /// Writes `items` (ids 1…N in order), the features in `featuresFile` (if any) and every export
  /// in `exports` (served under their directory's name) into the database in `directory`.
  ///
  /// - Throws: ``ServerSetupError`` when an export or the features do not fit the catalogue.
  @discardableResult
  public static func build(
    directory: String, items: [ItemRecord], dataset: String, exports: [String], featuresFile: String?
  ) throws -> ItemDatabase {
    guard items.enumerated().allSatisfy({ $0.element.id == $0.offset + 1 }) else {
      throw ServerSetupError("items must be numbered 1…N in order")
    }
    var models: [(name: String, config: ExportedModelConfig, configData: Data, weights: Data)] = []
    for export in exports {
      let name = URL(fileURLWithPath: export).standardizedFileURL.lastPathComponent.lowercased()
      guard ItemDatabase.isValidModelName(name) else {
        throw ServerSetupError("\(export): the directory's name \"\(name)\" cannot name a model (use lowercase letters, digits, '.', '_', '-')")
      }
      guard !models.contains(where: { $0.name == name }) else { throw ServerSetupError("two exports are called \(name); rename one directory") }
      let configPath = URL(fileURLWithPath: export).appendingPathComponent(ExportedModelConfig.fileName).path
      let weightsPath = URL(fileURLWithPath: export).appendingPathComponent(ExportedModelConfig.weightsFileName).path
      let configData: Data, weights: Data
      do {
        configData = try Data(contentsOf: URL(fileURLWithPath: configPath))
        weights = try Data(contentsOf: URL(fileURLWithPath: weightsPath))
      } catch {
        throw ServerSetupError("\(export) is not an exported model (\(error.localizedDescription)); write one with exportModel(m, to: \"\(export)\")")
      }
      let config: ExportedModelConfig
      do throws(DeviceError) {
        config = try ModelExport.decodeConfig(configData, origin: configPath)
        // Rebuilding the runtime checks that the weights fit the config.
        _ = try DeviceRuntime(config: config, tensors: try ModelExport.decodeWeights(weights, origin: weightsPath), origin: weightsPath)
      } catch {
        throw ServerSetupError(error.description)
      }
      guard config.itemCount == items.count else {
        throw ServerSetupError(
          "\(export) ranks \(config.itemCount) items (\(config.dataset)) but the catalogue of \(dataset) has \(items.count); "
            + "serve a model trained on this dataset")
      }
      let listed: [String]?
      do throws(DeviceError) {
        listed = try ModelExport.readItemIDs(from: export, itemCount: config.itemCount)
      } catch {
        throw ServerSetupError(error.description)
      }
      if let listed, listed != items.map(\.rawID) {
        throw ServerSetupError("\(export) numbers the items of \(config.dataset) differently from the catalogue (its items.txt); "
          + "serve models trained on the same preprocessing of the dataset")
      }
      models.append((name, config, configData, weights))
    }
    var features: (matrix: [Float], width: Int, name: String)?
    if let featuresFile { features = try readFeatures(featuresFile, itemCount: items.count) }
    let database = try ItemDatabase(directory: directory, create: true)
    try database.replaceItems(items, dataset: dataset)
    if let features { try database.replaceFeatures(features.matrix, width: features.width, name: features.name) }
    for model in models {
      try database.storeModel(name: model.name, model: model.config.model, dtype: model.config.dtype, config: model.configData, weights: model.weights)
    }
    return database
  }

  /// A feature matrix from a safetensors file: its only 2-D tensor (or the one called
  /// `features`), with N rows (items 1…N) or N + 1 (row 0, the padding, is dropped).
  static func readFeatures(_ path: String, itemCount: Int) throws -> (matrix: [Float], width: Int, name: String) {
    let tensors: [String: Tensor]
    do throws(TensorError) {
      tensors = try SafeTensors.readConvertingFloats(from: path).tensors
    } catch {
      throw ServerSetupError(error.description)
    }
    let matrices = tensors.filter { $0.value.rank == 2 }
    guard let (name, tensor) = matrices.count == 1 ? matrices.first : matrices.first(where: { $0.key == "features" }) else {
      throw ServerSetupError("\(path) must hold one 2-D tensor of item features (or one called \"features\"); it has \(tensors.keys.sorted())")
    }
    let (rows, width) = (tensor.shape[0], tensor.shape[1])
    guard rows == itemCount || rows == itemCount + 1, width >= 1 else {
      throw ServerSetupError("\(path): \(name) is \(tensor.shape) but the catalogue has \(itemCount) items: it needs \(itemCount) or \(itemCount + 1) rows")
    }
    let scalars = tensor.scalars
    return (Array(scalars[((rows - itemCount) * width)...]), width, name)
  }
}
