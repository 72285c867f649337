import SSRData
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
      summary: "Writes a model's weights and what rebuilds it as a safetensors file (atomically; PyTorch can read it).",
      discussion: """
          saveModel(m, "checkpoints/sasrec.safetensors")
        Besides the weights, the file's metadata holds the model's name, its model and spiking
        configuration, the dataset's identity (sizes and a content fingerprint), the training
        options, every epoch's loss and metrics, and the SSR version: `loadModel(path)` alone
        rebuilds the model.
        """
    ) { call in
      guard case .object(let object as ModelObject) = try call.required("model") else { throw BuiltinError("expected a Model") }
      guard object.context.features == nil else {
        throw BuiltinError(
          "saving a model trained with side features is not supported yet: a checkpoint does not carry its item features",
          parameter: "model", help: "retrain it from the same features when you need it again")
      }
      let path = try call.string("path") ?? ""
      let checkpoint = Checkpoint(model: object.model, spec: object.spec, description: object.checkpointDescription)
      do throws(CheckpointError) {
        try checkpoint.write(to: call.context.resolve(path: path))
      } catch {
        throw BuiltinError(error.description, parameter: "path")
      }
      call.context.emit(.text("wrote \(object.model.stateDictionary().count) tensors and the model's description to \(path)"))
      return .nothing
    }
  }

  static var loadModel: Builtin {
    Builtin(
      name: "loadModel", category: "Models",
      parameters: [
        .positional("path", .string, doc: "a .safetensors file written by saveModel"),
        .labeled("on", .oneOf([.object("Split"), .object("SplitPart")]), optional: true,
          doc: "data to check the model against (it must have the training data's catalogue and window)"),
        .labeled("model", .symbol(choices: []), optional: true,
          doc: "only for files without SSR's description (other tools, SSR before 0.1): the model's kind"),
      ] + ModelArguments.modelParameters,
      summary: "Rebuilds a model, with its weights and training history, from a file written by saveModel.",
      discussion: """
          let m = loadModel("checkpoints/sasrec.safetensors")
          evaluate(m, on: ds)
        With `on:`, the data must have the catalogue and window the model was trained with; a note
        says when it is not the very same data (another fingerprint). Model arguments apply only
        to files without a description, with `model:` and `on:`.
        """
    ) { call in
      let path = try call.string("path") ?? ""
      let resolved = call.context.resolve(path: path)
      call.context.noteFileRead(resolved)
      let split = call.value("on") == nil ? nil : try ModelBuiltins.split(call, "on")
      let checkpoint: Checkpoint
      do throws(CheckpointError) {
        checkpoint = try Checkpoint.read(from: resolved, registry: call.context.models)
      } catch .undescribed {
        return .object(try loadUndescribed(path: path, resolved: resolved, split: split, call: call))
      } catch {
        throw BuiltinError(error.description, parameter: "path")
      }
      if let asked = try call.symbol("model"), call.context.models.spec(named: asked)?.name != checkpoint.spec.name {
        throw BuiltinError("\(path) holds a .\(checkpoint.spec.name) model, not .\(asked)", parameter: "model", help: "omit model: — the file says what it holds")
      }
      if let split {
        do throws(CheckpointError) {
          if try !checkpoint.check(split, path: path) {
            call.context.emit(.text(
              "note: \(path) was trained on \(checkpoint.description.dataset); the given data (\(split.identity)) has the same "
                + "catalogue and window but other content, so its metrics are not the training run's"))
          }
        } catch {
          throw BuiltinError(error.description, parameter: "on")
        }
      }
      return .object(ModelObject(checkpoint: checkpoint))
    }
  }

  /// Loads a safetensors file without SSR's description: the model is built by name for the
  /// split, with the call's model arguments, as before descriptions existed.
  private static func loadUndescribed(path: String, resolved: String, split: DatasetSplit?, call: BuiltinCall) throws(BuiltinError) -> ModelObject {
    guard let name = try call.symbol("model"), let split else {
      throw BuiltinError(CheckpointError.undescribed(path: path).description, parameter: "path")
    }
    let object = try build(name, split: split, call: call)
    do throws(TensorError) {
      let (tensors, _) = try SafeTensors.read(from: resolved)
      try object.model.load(tensors)
    } catch {
      throw BuiltinError("\(error.description); the file must hold this model's weights with the same hyperparameters", parameter: "path")
    }
    return object
  }
}
