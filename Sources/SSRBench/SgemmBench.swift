import Foundation
import SSRTensor

/// sgemm GFLOP/s at 1 and 2 threads, interleaved with numpy's in the same run.
enum SgemmBench {
  static let numpyScript = """
    import numpy as np, time
    n = 1024
    rng = np.random.default_rng(0)
    a = rng.random((n, n), dtype=np.float32) * 2 - 1
    b = rng.random((n, n), dtype=np.float32) * 2 - 1
    a @ b
    best = 1e9
    for _ in range(10):
        t = time.perf_counter(); a @ b; best = min(best, time.perf_counter() - t)
    print(2 * n ** 3 / best / 1e9)
    """

  /// Best-of-10 GFLOP/s of one 1024³ product on the current backend.
  static func ssr(_ n: Int = 1024) -> Double {
    let a = Tensor.uniform([n, n], low: -1, high: 1, generator: &gen)
    let b = Tensor.uniform([n, n], low: -1, high: 1, generator: &gen)
    _ = matmul(a, b)
    var best = Double.infinity
    for _ in 0..<10 {
      let t = now()
      _ = matmul(a, b)
      best = min(best, now() - t)
    }
    return 2 * Double(n * n * n) / best / 1e9
  }

  nonisolated(unsafe) static var gen = InitGenerator(seed: 1)

  static func numpy(python: String, threads: Int) -> Double? {
    runProcess(python, ["-c", numpyScript], environment: ["OPENBLAS_NUM_THREADS": "\(threads)", "OMP_NUM_THREADS": "\(threads)"])
      .flatMap { Double($0.trimmingCharacters(in: .whitespacesAndNewlines)) }
  }

  static func run(python: String, rounds: Int) {
    print("== sgemm 1024×1024×1024 (median of \(rounds) interleaved rounds, each best of 10) ==")
    print("OpenBLAS kernel: \(BLAS.coreName) — \(BLAS.selectionNote)")
    let env = ProcessInfo.processInfo.environment["OPENBLAS_CORETYPE"].map { "OPENBLAS_CORETYPE=\($0)" } ?? "OPENBLAS_CORETYPE unset"
    print("environment: \(env) (numpy runs in the same environment)")
    var ssrTimes: [Int: [Double]] = [1: [], 2: []], numpyTimes: [Int: [Double]] = [1: [], 2: []]
    for _ in 0..<rounds {
      for threads in [1, 2] {
        ComputeThreads.set(threads)
        ssrTimes[threads]!.append(ssr())
        if let v = numpy(python: python, threads: threads) { numpyTimes[threads]!.append(v) }
      }
    }
    var swiftKernel: [Int: Double] = [:]
    for threads in [1, 2] {
      ComputeThreads.set(threads)
      swiftKernel[threads] = BLAS.withBackend(.swift) { ssr() }
    }
    ComputeThreads.set(1)
    print("threads | SSR (OpenBLAS) GFLOP/s | numpy GFLOP/s | ratio | SSR Swift fallback GFLOP/s")
    for threads in [1, 2] {
      let s = median(ssrTimes[threads]!), n = numpyTimes[threads]!.isEmpty ? Double.nan : median(numpyTimes[threads]!)
      print("   \(threads)    | \(fmt(s)) | \(fmt(n)) | \(fmt(s / n, 2)) | \(fmt(swiftKernel[threads]!))")
      emitJSON([
        ("bench", "sgemm"), ("n", 1024), ("threads", threads), ("ssr_gflops", s), ("numpy_gflops", n), ("ratio", s / n),
        ("swift_fallback_gflops", swiftKernel[threads]!), ("core", BLAS.coreName),
        ("ssr_rounds", ssrTimes[threads]!.map { fmt($0) }.joined(separator: " ")),
        ("numpy_rounds", numpyTimes[threads]!.map { fmt($0) }.joined(separator: " ")),
      ])
    }
  }
}
