import SSRTestSupport
import Testing
@testable import SSRTensor

/// Reproducible numerics: matrix products summed in one documented order, and gradients that do
/// not depend on the thread count, so saved notebook outputs hold on every CPU.
@Suite("Reproducible numerics", .serialized)
struct ReproducibleNumericsTests {
  /// `op(A) · op(B)` summed as ``NumericsMode/reproducible`` documents: each dot product term by
  /// term in blocks of 256, each block's sum added to the result in order, no fused multiply–add.
  func documentedOrder(_ a: [Float], _ b: [Float], m: Int, n: Int, k: Int, transA: Bool, transB: Bool) -> [Float] {
    var c = [Float](repeating: 0, count: m * n)
    for i in 0..<m {
      for j in 0..<n {
        var total: Float = 0
        var k0 = 0
        while k0 < k {
          var block: Float = 0
          for kk in k0..<min(k, k0 + 256) {
            let x = transA ? a[kk * m + i] : a[i * k + kk]
            let y = transB ? b[j * k + kk] : b[kk * n + j]
            let product = x * y
            block = block + product
          }
          total = total + block
          k0 += 256
        }
        c[i * n + j] = total
      }
    }
    return c
  }

  @Test("Reproducible products follow the documented summation order exactly", arguments: [
    (3, 5, 7), (37, 29, 300), (40, 20, 513), (1, 1, 1), (64, 96, 64),
  ])
  func documentedSummationOrder(size: (Int, Int, Int)) {
    let (m, n, k) = size
    for (transA, transB) in [(false, false), (false, true), (true, false), (true, true)] {
      let a = randomTensor(transA ? [k, m] : [m, k], seed: 5)
      let b = randomTensor(transB ? [n, k] : [k, n], seed: 6)
      let product = NumericsMode.reproducible.run { matmul(a, b, transposeA: transA, transposeB: transB) }
      let expected = documentedOrder(a.scalars, b.scalars, m: m, n: n, k: k, transA: transA, transB: transB)
      #expect(product.scalars == expected, "\(m)×\(k)·\(k)×\(n) transA \(transA) transB \(transB)")
    }
  }

  @Test("Reproducible products and layer-norm gradients do not depend on the thread count")
  func threadCountIndependence() {
    let x = randomTensor([300, 200], seed: 11), w = randomTensor([96, 200], seed: 12)
    let gamma = randomTensor([200], seed: 13), beta = randomTensor([200], seed: 14)
    func run() -> [Float] {
      NumericsMode.reproducible.run {
        let (_, grads) = valueAndGrad(at: [x, w, gamma, beta]) { p in
          linear(layerNorm(p[0], weight: p[2], bias: p[3]), weight: p[1]).tanh().sum()
        }
        return grads.flatMap(\.scalars)
      }
    }
    let saved = ComputeThreads.count
    defer { ComputeThreads.set(saved) }
    ComputeThreads.set(1)
    let one = run()
    ComputeThreads.set(2)
    let two = run()
    ComputeThreads.set(3)
    let three = run()
    #expect(one == two)
    #expect(one == three)
  }

  @Test("A notebook's numerics select the matrix-product backend for its task")
  func modeSelectsBackend() {
    #expect(NumericsMode.reproducible.run { NumericsMode.current } == .reproducible)
    #expect(NumericsMode.fast.run { BLAS.backend } == .openBLAS)
    #expect(NumericsMode(.swift) == .reproducible)
  }
}
