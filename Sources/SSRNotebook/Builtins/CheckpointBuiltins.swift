import SSREval
import SSRModels
import SSRTensor

extension ModelBuiltins {
  static var saveModel: Builtin {
    Builtin(
      name: "saveModel", category: "Models",
      parameters: [
        .positional("model", .object("Model"), doc: "a model"),
        .positional("path", .string, doc: "a .safetensors file, relative to the notebook's folder"),
      ],
      summary: "Writes a model's weights as a safetensors file (atomically; PyTorch can read it).",
      discussion: "  saveModel(m, \"checkpoints/sasrec.safetensors\")"
    ) { call in
      guard case .object(let object as ModelObject) = try call.required("model") else { throw BuiltinError("expected a Model") }
      let path = try call.string("path") ?? ""
      let metadata = ["model": object.kind, "dataset": object.datasetName, "embeddingSize": String(object.config.embeddingSize)]
      do throws(TensorError) {
        try SafeTensors.write(object.model.stateDictionary(), metadata: metadata, to: call.context.resolve(path: path))
      } catch {
        throw BuiltinError(error.description, parameter: "path")
      }
      call.context.emit(.text("wrote \(object.model.stateDictionary().count) tensors to \(path)"))
      return .nothing
    }
  }

  static var loadModel: Builtin {
    Builtin(
      name: "loadModel", category: "Models",
      parameters: [
        .positional("path", .string, doc: "a .safetensors file written by saveModel"),
        .labeled("model", .symbol(choices: []), doc: "the model's kind, e.g. .sasrec"),
        .labeled("on", .oneOf([.object("Split"), .object("SplitPart")]), doc: "the split it was trained for"),
      ] + ModelArguments.modelParameters,
      summary: "Builds a model and loads its weights from a safetensors file.",
      discussion: "  let m = loadModel(\"checkpoints/sasrec.safetensors\", model: .sasrec, on: ds)"
    ) { call in
      let object = try build(try call.symbol("model") ?? "", split: try split(call, "on"), call: call)
      let path = try call.string("path") ?? ""
      do throws(TensorError) {
        let (tensors, _) = try SafeTensors.read(from: call.context.resolve(path: path))
        try object.model.load(tensors)
      } catch {
        throw BuiltinError("\(error.description); the file must come from saveModel with the same model and hyperparameters", parameter: "path")
      }
      return .object(object)
    }
  }
}
