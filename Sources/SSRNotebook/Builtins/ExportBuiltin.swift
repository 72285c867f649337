import Foundation
import SSRDevice
import SSREval

extension ModelBuiltins {
  static var exportModel: Builtin {
    Builtin(
      name: "exportModel", category: "Models",
      parameters: [
        .positional("model", .object("Model"), doc: "a model (trained, or read by loadModel)"),
        .labeled("to", .string, doc: "a directory, relative to the notebook's folder (created if needed)"),
        .labeled(
          "precision", .symbol(choices: ExportPrecision.allCases.map(\.rawValue)), default: .symbol(ExportPrecision.float32.rawValue),
          doc: "the weights' element type: .float32 (ranks exactly as here) or .float16 (half the bytes)"),
      ],
      summary: "Writes a model for the device: its weights as safetensors and a JSON config, for the on-device runtime and ssr-serve.",
      discussion: """
          exportModel(m, to: "export/sgru4rec")
          exportModel(m, to: "export/sgru4rec-f16", precision: .float16)
        The directory gets `model.safetensors` (the weights under their PyTorch names; Python's
        `safetensors` reads them) and `config.json` (the model's name and options, the catalogue
        size, the dataset's name, fingerprint and split, and the SSR version); for a model built on
        data in this notebook, `items.txt` lists the dataset's raw item ids. `ssr-serve init
        --model DIR` serves it; the on-device runtime (`SSRDevice.DeviceRuntime`) ranks with it.
        """
    ) { call in
      guard case .object(let object as ModelObject) = try call.required("model") else { throw BuiltinError("expected a Model") }
      let path = try call.string("to") ?? ""
      let precision = ExportPrecision(rawValue: try call.symbol("precision") ?? "float32") ?? .float32
      let checkpoint = Checkpoint(model: object.model, spec: object.spec, description: object.checkpointDescription)
      let resolved = call.context.resolve(path: path)
      let config: ExportedModelConfig
      do throws(DeviceError) {
        config = try checkpoint.export(to: resolved, precision: precision, itemIDs: object.split?.dataset.itemIDs)
      } catch {
        throw BuiltinError(error.description, parameter: error.isUnsupportedModel ? "model" : "to")
      }
      let bytes = (try? FileManager.default.attributesOfItem(
        atPath: URL(fileURLWithPath: resolved).appendingPathComponent(ExportedModelConfig.weightsFileName).path)[.size] as? Int) ?? 0
      call.context.emit(.text(
        "exported .\(config.model) to \(path): \(config.tensors) tensors, \(config.parameters) parameters, "
          + "\(config.dtype) weights (\(bytes) bytes) and config.json"))
      return .nothing
    }
  }
}

extension DeviceError {
  /// Whether the error is about the kind of model rather than the files.
  var isUnsupportedModel: Bool {
    if case .unsupportedModel = self { return true }
    return false
  }
}
