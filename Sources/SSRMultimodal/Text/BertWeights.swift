import SSRNN
import SSRTensor

/// The tensors of a BERT checkpoint under the names of Hugging Face's `BertModel`
/// (`embeddings.word_embeddings.weight`, `encoder.layer.0.attention.self.query.weight`, …).
///
/// Checkpoints of task models (`BertForMaskedLM`, …) keep the encoder under a `bert.` prefix,
/// which is removed (their heads are ignored), and old checkpoints name layer-norm parameters
/// `gamma` and `beta`, which become `weight` and `bias`, as `transformers` renames them.
struct BertWeights {
  /// The tensors by `BertModel` name.
  let tensors: [String: Tensor]
  /// The file they came from, for messages.
  let path: String

  /// Renames the tensors of a checkpoint to `BertModel` names.
  init(_ raw: [String: Tensor], path: String) {
    let prefixed = raw.keys.contains { $0.hasPrefix("bert.") }
    var tensors: [String: Tensor] = [:]
    for (name, tensor) in raw {
      var key = name
      if prefixed {
        guard key.hasPrefix("bert.") else { continue }
        key.removeFirst("bert.".count)
      }
      if key.hasSuffix("LayerNorm.gamma") {
        key = String(key.dropLast("gamma".count)) + "weight"
      } else if key.hasSuffix("LayerNorm.beta") {
        key = String(key.dropLast("beta".count)) + "bias"
      }
      tensors[key] = tensor
    }
    self.tensors = tensors
    self.path = path
  }

  /// Reads `model.safetensors` (F32, F16, BF16 or F64 weights; integer buffers are ignored).
  ///
  /// - Throws: ``TextEncoderError/unreadableFile(path:reason:)``.
  static func read(from path: String) throws(TextEncoderError) -> BertWeights {
    do {
      return BertWeights(try SafeTensors.readConvertingFloats(from: path).tensors, path: path)
    } catch {
      throw .unreadableFile(path: path, reason: "\(error)")
    }
  }

  /// Whether the checkpoint holds `name`.
  func contains(_ name: String) -> Bool { tensors[name] != nil }

  /// The tensor `name`, checked to have `shape`.
  ///
  /// - Throws: ``TextEncoderError/missingTensor(name:path:)`` or ``TextEncoderError/shapeMismatch(name:expected:found:path:)``.
  func tensor(_ name: String, shape: [Int]) throws(TextEncoderError) -> Tensor {
    guard let t = tensors[name] else { throw .missingTensor(name: name, path: path) }
    guard t.shape == shape else { throw .shapeMismatch(name: name, expected: shape, found: t.shape, path: path) }
    return t
  }

  /// A linear layer from `prefix.weight` (`[outputs, inputs]`) and `prefix.bias`.
  func linear(_ prefix: String, _ inputs: Int, _ outputs: Int, activation: Activation = .identity) throws(TextEncoderError) -> Linear {
    Linear(
      weight: try tensor("\(prefix).weight", shape: [outputs, inputs]), bias: try tensor("\(prefix).bias", shape: [outputs]),
      activation: activation)
  }

  /// A layer norm from `prefix.weight` and `prefix.bias` (both `[width]`).
  func layerNorm(_ prefix: String, _ width: Int, eps: Float) throws(TextEncoderError) -> LayerNorm {
    LayerNorm(weight: try tensor("\(prefix).weight", shape: [width]), bias: try tensor("\(prefix).bias", shape: [width]), eps: eps)
  }
}
