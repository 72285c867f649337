import SSRCore
import SSRDevice
import SSRModels

extension Checkpoint {
  /// Writes the model for the device into `directory`: its weights as safetensors (`precision`)
  /// and a JSON config naming the model, its options, the catalogue size, the dataset's identity
  /// and the tool version (see ``ModelExport``), and the dataset's raw item ids when given (so a
  /// server maps its catalogue exactly). Returns the config written.
  ///
  /// - Throws: ``DeviceError/unsupportedModel(name:supported:)`` for a model the on-device runtime
  ///   does not run (the popularity baseline), ``DeviceError/file(path:reason:)`` when a file
  ///   cannot be written.
  @discardableResult
  public func export(
    to directory: String, precision: ExportPrecision = .float32, itemIDs: [String]? = nil
  ) throws(DeviceError) -> ExportedModelConfig {
    guard DeviceModels.names.contains(spec.name) else {
      throw .unsupportedModel(name: spec.name, supported: DeviceModels.names)
    }
    let tensors = model.stateDictionary()
    let config = ExportedModelConfig(
      tool: SSRVersion.current, model: spec.name, config: description.config, spiking: description.spiking,
      dataset: description.dataset.name, datasetFingerprint: description.dataset.fingerprint, split: description.dataset.split,
      precision: precision, tensors: tensors.count, parameters: tensors.values.reduce(0) { $0 + $1.count })
    try ModelExport.write(tensors, config: config, precision: precision, itemIDs: itemIDs, to: directory)
    return config
  }
}
