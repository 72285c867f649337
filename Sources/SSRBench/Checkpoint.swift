import SSRTensor

/// Writes the tensors that `bench/check_safetensors.py` expects.
enum Checkpoint {
  static func write(to path: String) throws(TensorError) {
    let tensors: [String: Tensor] = [
      "layer.weight": Tensor.arange(6).reshaped([2, 3]) / 4 - 0.5,
      "layer.bias": Tensor([0.5, -0.25, 1e-3]),
      "scalar": Tensor(-7.5),
    ]
    try SafeTensors.write(tensors, metadata: ["writer": "ssr"], to: path)
    print("wrote \(path)")
  }
}
