import SSRNN
import SSRTensor

/// The tensors of a CLIP checkpoint under the names of Hugging Face's
/// `CLIPVisionModelWithProjection` (`vision_model.embeddings.class_embedding`,
/// `vision_model.encoder.layers.0.self_attn.q_proj.weight`, …, `visual_projection.weight`).
/// A full `CLIPModel` checkpoint uses the same names for its vision half; its text tensors are
/// ignored.
struct CLIPVisionWeights {
  /// The tensors by name.
  let tensors: [String: Tensor]
  /// The file they came from, for messages.
  let path: String

  /// Reads `model.safetensors` (F32, F16, BF16 or F64 weights; integer buffers are ignored).
  ///
  /// - Throws: ``ImageEncoderError/unreadableFile(path:reason:)``.
  static func read(from path: String) throws(ImageEncoderError) -> CLIPVisionWeights {
    do {
      return CLIPVisionWeights(tensors: try SafeTensors.readConvertingFloats(from: path).tensors, path: path)
    } catch {
      throw .unreadableFile(path: path, reason: "\(error)")
    }
  }

  /// The tensor `name`, checked to have `shape`.
  ///
  /// - Throws: ``ImageEncoderError/missingTensor(name:path:)`` or ``ImageEncoderError/shapeMismatch(name:expected:found:path:)``.
  func tensor(_ name: String, shape: [Int]) throws(ImageEncoderError) -> Tensor {
    guard let t = tensors[name] else { throw .missingTensor(name: name, path: path) }
    guard t.shape == shape else { throw .shapeMismatch(name: name, expected: shape, found: t.shape, path: path) }
    return t
  }

  /// A linear layer from `prefix.weight` (`[outputs, inputs]`) and, if `bias`, `prefix.bias`.
  func linear(_ prefix: String, _ inputs: Int, _ outputs: Int, bias: Bool = true) throws(ImageEncoderError) -> Linear {
    Linear(
      weight: try tensor("\(prefix).weight", shape: [outputs, inputs]),
      bias: bias ? try tensor("\(prefix).bias", shape: [outputs]) : nil)
  }

  /// A layer norm from `prefix.weight` and `prefix.bias` (both `[width]`).
  func layerNorm(_ prefix: String, _ width: Int, eps: Float) throws(ImageEncoderError) -> LayerNorm {
    LayerNorm(weight: try tensor("\(prefix).weight", shape: [width]), bias: try tensor("\(prefix).bias", shape: [width]), eps: eps)
  }
}
