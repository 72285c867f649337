import SSRTestSupport
import Testing
@testable import SSRTensor

/// Reference product in Double.
func referenceMatmul(_ a: [Float], _ b: [Float], m: Int, n: Int, k: Int, transA: Bool, transB: Bool) -> [Float] {
  var c = [Float](repeating: 0, count: m * n)
  for i in 0..<m {
    for j in 0..<n {
      var s = 0.0
      for p in 0..<k {
        let x = transA ? a[p * m + i] : a[i * k + p]
        let y = transB ? b[j * k + p] : b[p * n + j]
        s += Double(x) * Double(y)
      }
      c[i * n + j] = Float(s)
    }
  }
  return c
}

@Suite("Matrix products")
struct MatmulTests {
  @Test("Both backends match a Double reference", arguments: MatmulBackend.allCases)
  func backendsMatchReference(_ backend: MatmulBackend) {
    let shapes = [(1, 1, 1), (3, 5, 7), (17, 33, 9), (70, 45, 300), (129, 20, 64), (5, 1, 513)]
    BLAS.withBackend(backend) {
      for (m, n, k) in shapes {
        for (ta, tb) in [(false, false), (true, false), (false, true), (true, true)] {
          let a = randomTensor(ta ? [k, m] : [m, k], seed: UInt64(m * 7 + k))
          let b = randomTensor(tb ? [n, k] : [k, n], seed: UInt64(n * 13 + k))
          let c = matmul(a, b, transposeA: ta, transposeB: tb)
          #expect(c.shape == [m, n])
          let ref = referenceMatmul(a.scalars, b.scalars, m: m, n: n, k: k, transA: ta, transB: tb)
          expectClose(c.scalars, ref, tolerance: 2e-5 * Float(k).squareRoot(), "\(backend) \(m)×\(n)×\(k) tA=\(ta) tB=\(tb)")
        }
      }
    }
  }

  @Test("Batched and broadcast products", arguments: MatmulBackend.allCases)
  func batched(_ backend: MatmulBackend) {
    BLAS.withBackend(backend) {
      let a = randomTensor([2, 3, 4, 5], seed: 1), b = randomTensor([3, 5, 6], seed: 2)
      let c = matmul(a, b)
      #expect(c.shape == [2, 3, 4, 6])
      for i in 0..<2 {
        for j in 0..<3 {
          let ai = a.sliced(axis: 0, i, i + 1).sliced(axis: 1, j, j + 1).reshaped([4, 5])
          let bj = b.sliced(axis: 0, j, j + 1).reshaped([5, 6])
          let ci = c.sliced(axis: 0, i, i + 1).sliced(axis: 1, j, j + 1).reshaped([4, 6])
          expectClose(ci.scalars, referenceMatmul(ai.scalars, bj.scalars, m: 4, n: 6, k: 5, transA: false, transB: false), tolerance: 1e-5)
        }
      }
      // Many small products (run in parallel across the batch).
      let q = randomTensor([64, 10, 8], seed: 3), k = randomTensor([64, 10, 8], seed: 4)
      let s = matmul(q, k, transposeB: true)
      let q5 = q.sliced(axis: 0, 5, 6).reshaped([10, 8]), k5 = k.sliced(axis: 0, 5, 6).reshaped([10, 8])
      expectClose(s.sliced(axis: 0, 5, 6).scalars, referenceMatmul(q5.scalars, k5.scalars, m: 10, n: 10, k: 8, transA: false, transB: true), tolerance: 1e-5)
    }
  }

  @Test("Products split across threads match the reference") func splitProducts() {
    let saved = ComputeThreads.count
    ComputeThreads.set(2)
    defer { ComputeThreads.set(saved) }
    // Tall (rows split) and wide (columns split), with every transpose combination.
    for (m, n, k) in [(301, 40, 200), (30, 401, 190)] {
      for (ta, tb) in [(false, false), (true, false), (false, true), (true, true)] {
        let a = randomTensor(ta ? [k, m] : [m, k], seed: 31), b = randomTensor(tb ? [n, k] : [k, n], seed: 32)
        let c = BLAS.withBackend(.openBLAS) { matmul(a, b, transposeA: ta, transposeB: tb) }
        let ref = referenceMatmul(a.scalars, b.scalars, m: m, n: n, k: k, transA: ta, transB: tb)
        expectClose(c.scalars, ref, tolerance: 3e-4, "split \(m)×\(n)×\(k) tA=\(ta) tB=\(tb)")
      }
    }
  }

  @Test("The two backends agree on a large product") func backendsAgree() {
    let a = randomTensor([256, 300], seed: 5), b = randomTensor([300, 200], seed: 6)
    let x = BLAS.withBackend(.openBLAS) { matmul(a, b) }
    let y = BLAS.withBackend(.swift) { matmul(a, b) }
    expectClose(x.scalars, y.scalars, tolerance: 1e-4, "openBLAS vs swift")
  }

  @Test("Switching OpenBLAS's kernel table keeps products correct") func switchingCores() async {
    // In a child process: switching tables is not safe while other tests multiply matrices.
    await #expect(processExitsWith: .success) {
      let original = BLAS.coreName
      let a = randomTensor([67, 129], seed: 1), b = randomTensor([129, 45], seed: 2)
      let reference = referenceMatmul(a.scalars, b.scalars, m: 67, n: 45, k: 129, transA: false, transB: false)
      func check() {
        let c = BLAS.withBackend(.openBLAS) { matmul(a, b) }.scalars
        precondition(zip(c, reference).allSatisfy { Swift.abs($0 - $1) < 1e-4 }, "wrong product with \(BLAS.coreName)")
      }
      precondition(BLAS.selectCore("Prescott") && BLAS.coreName == "Prescott")
      check()
      precondition(BLAS.selectCore("Haswell") && BLAS.coreName == "Haswell")
      check()
      // An unknown name fails and leaves a working table behind.
      precondition(!BLAS.selectCore("NoSuchCore"))
      check()
      precondition(BLAS.selectCore(original))
      check()
    }
  }

  @Test("OpenBLAS kernel selection is reported") func selection() {
    #expect(!BLAS.coreName.isEmpty)
    #expect(!BLAS.selectionNote.isEmpty)
    #expect(!BLAS.selectionNote.contains("has not run"))
  }
}
