import Foundation
import SSRTensor

/// Nanoseconds per element of the main elementwise kernels (median of repeated runs).
enum KernelBench {
  static func time(_ repeats: Int = 20, _ body: () -> Void) -> Double {
    body()
    var samples: [Double] = []
    for _ in 0..<repeats {
      let t = now()
      body()
      samples.append(now() - t)
    }
    return median(samples)
  }

  static func run() {
    var g = InitGenerator(seed: 1)
    let n = 6400 * 256
    let x = Tensor.normal([6400, 256], generator: &g), y = Tensor.normal([6400, 256], generator: &g)
    let w = Tensor.normal([256, 256], generator: &g)
    var philox = PhiloxGenerator(seed: 1)
    print("== kernels on [6400, 256] (ns per element, median of 20) ==")
    for threads in [1, 2] {
      ComputeThreads.set(threads)
      let cases: [(String, () -> Void)] = [
        ("add", { _ = x + y }),
        ("mul broadcast row", { _ = x * y.sliced(axis: 0, 0, 1) }),
        ("exp", { _ = x.exp() }),
        ("tanh", { _ = x.tanh() }),
        ("gelu", { _ = x.gelu() }),
        ("softmax rows", { _ = x.softmax() }),
        ("layerNorm", { _ = layerNorm(x, weight: nil, bias: nil) }),
        ("dropout", { _ = dropout(x, p: 0.5, generator: &philox) }),
        ("uniform (Philox)", { _ = Tensor.uniform([6400, 256], generator: &philox) }),
        ("sum axis 0", { _ = x.sum(axis: 0) }),
        ("transpose", { _ = x.T }),
        ("linear+gelu 256→256", { _ = linear(x, weight: w, activation: .gelu) }),
      ]
      for (name, body) in cases {
        let ns = KernelBench.time(20, body) * 1e9 / Double(n)
        print("threads \(threads) | \(name) | \(fmt(ns, 3)) ns")
        emitJSON([("bench", "kernel"), ("kernel", name), ("threads", threads), ("ns_per_element", ns)])
      }
    }
    print("== matrix products of the SASRec step (GFLOP/s, median of 20) ==")
    let q = Tensor.normal([256, 50, 32], generator: &g), k = Tensor.normal([256, 50, 32], generator: &g)
    let p = Tensor.normal([256, 50, 50], generator: &g)
    let h = Tensor.normal([6400, 64], generator: &g), w1 = Tensor.normal([256, 64], generator: &g)
    let last = Tensor.normal([128, 64], generator: &g), items = Tensor.normal([3417, 64], generator: &g)
    for threads in [1, 2] {
      ComputeThreads.set(threads)
      let shapes: [(String, Double, () -> Void)] = [
        ("scores 256×(50×32·32×50)", 2.0 * 256 * 50 * 50 * 32, { _ = matmul(q, k, transposeB: true) }),
        ("context 256×(50×50·50×32)", 2.0 * 256 * 50 * 50 * 32, { _ = matmul(p, q) }),
        ("ffn 6400×64·64×256", 2.0 * 6400 * 64 * 256, { _ = matmul(h, w1, transposeB: true) }),
        ("logits 128×64·64×3417", 2.0 * 128 * 64 * 3417, { _ = matmul(last, items, transposeB: true) }),
      ]
      for (name, flops, body) in shapes {
        let gflops = flops / KernelBench.time(20, body) / 1e9
        print("threads \(threads) | \(name) | \(fmt(gflops, 1)) GFLOP/s")
        emitJSON([("bench", "matmul"), ("shape", name), ("threads", threads), ("gflops", gflops)])
      }
    }
    ComputeThreads.set(1)
  }
}
