import CBLASCoreSelect
import COpenBLAS
import Synchronization

/// Which implementation computes matrix products.
public enum MatmulBackend: String, Sendable, CaseIterable {
  /// The system OpenBLAS (Debian's `libopenblas-dev`), with its kernel chosen at load time.
  case openBLAS
  /// SSR's portable Swift kernel (packed, blocked, SIMD) with a fixed summation order, so its
  /// results do not depend on the CPU or the thread count (``NumericsMode/reproducible``).
  case swift
}

/// The matrix-product engine: OpenBLAS with a correctly selected kernel, and a Swift fallback.
///
/// **Why this design (measured on the project machine, 1024³ sgemm, one thread).** Debian's
/// OpenBLAS 0.3.21 selects its kernel table from CPUID when the library loads. On the project's
/// virtualised AVX-512 Xeon it picks "Prescott" (SSE3), 32 GFLOP/s, while its own "SkylakeX" table
/// reaches 146 and numpy's bundled OpenBLAS 147. The candidates were:
/// - BLIS 0.9.0 (`libblis-dev`): 43 GFLOP/s on one thread on an AMD Zen 5 host (it has no kernels
///   for that CPU and falls back to generic code), so it was rejected.
/// - Setting `OPENBLAS_CORETYPE` from a C constructor in the program: runs too late, because
///   shared libraries (OpenBLAS included) are initialised before the program's constructors; the
///   kernel was already chosen when the constructor ran (measured).
/// - Re-running OpenBLAS's own selection after it loaded, through its exported
///   `gotoblas_dynamic_quit`/`gotoblas_dynamic_init` with `OPENBLAS_CORETYPE` set only for the
///   duration of that call: gives exactly the kernel the environment variable would (239 GFLOP/s
///   on one thread and 425 on two on the Zen 5 host, max error 3e-6 against a float64 reference).
///   **Chosen**: it needs nothing from the user, costs nothing per call, and uses the library's own
///   supported code path. It is done once, in a C constructor (`CBLASCoreSelect`) before any
///   Swift code or thread runs. It only acts when the CPU supports AVX-512 (or AVX2+FMA) and
///   OpenBLAS picked a weaker table, and never when the user set `OPENBLAS_CORETYPE` (some
///   machines set it on purpose).
/// - A Swift micro-kernel: kept as the portable fallback (``MatmulBackend/swift``, about 46 GFLOP/s
///   on one thread and 86 on two); it cannot match an AVX-512 assembly kernel when Swift compiles
///   for baseline x86-64.
///
/// **Threads.** OpenBLAS is called single-threaded; ``sgemm`` splits large products into one block
/// of rows (or columns) per ``ComputeThreads`` thread. OpenBLAS's own workers busy-wait after each
/// call and then compete with SSR's elementwise kernels for the two cores; with SSR's split,
/// 1024³ runs at 253 GFLOP/s on two threads against numpy's 236 (same machine, same run).
public enum BLAS {
  private static let defaultBackend = Atomic<Int>(0)
  @TaskLocal static var scopedBackend: MatmulBackend?

  /// The backend used when no ``withBackend(_:_:)`` scope is active (default ``MatmulBackend/openBLAS``).
  public static var backend: MatmulBackend {
    get { scopedBackend ?? (defaultBackend.load(ordering: .relaxed) == 0 ? .openBLAS : .swift) }
    set { defaultBackend.store(newValue == .openBLAS ? 0 : 1, ordering: .relaxed) }
  }

  /// Runs `body` with matrix products computed by `backend` (scoped to the current task).
  public static func withBackend<R>(_ backend: MatmulBackend, _ body: () throws -> R) rethrows -> R {
    try $scopedBackend.withValue(backend, operation: body)
  }

  /// The name of OpenBLAS's kernel table in use, for example "SkylakeX".
  public static var coreName: String { String(cString: ssr_blas_core_name()) }

  /// What the load-time kernel selection did, in one line.
  public static var selectionNote: String { String(cString: ssr_blas_selection_note()) }

  /// Switches OpenBLAS to the named kernel table ("SkylakeX", "Haswell", …); returns whether it
  /// took effect. Not thread-safe: call it before other threads use BLAS.
  @discardableResult
  public static func selectCore(_ name: String) -> Bool { ssr_blas_select_core(name) == 1 }

  /// OpenBLAS's thread count at start-up (the default for ``ComputeThreads``).
  static let defaultThreads: Int = {
    let n = Int(openblas_get_num_threads())
    // SSR splits large products across its own threads and calls OpenBLAS single-threaded, so
    // OpenBLAS's busy-waiting workers never compete with SSR's kernels for the cores.
    openblas_set_num_threads(1)
    return n
  }()

  /// Keeps OpenBLAS single-threaded (SSR's threads do the splitting).
  static func setThreads(_ n: Int) {
    _ = defaultThreads
    openblas_set_num_threads(1)
  }

  /// `C = alpha · op(A) · op(B) + beta · C` for row-major matrices.
  static func sgemm(
    transA: Bool, transB: Bool, m: Int, n: Int, k: Int, alpha: Float,
    a: UnsafePointer<Float>, lda: Int, b: UnsafePointer<Float>, ldb: Int,
    beta: Float, c: UnsafeMutablePointer<Float>, ldc: Int
  ) {
    if m == 0 || n == 0 { return }
    let limit = Int(Int32.max)
    let fits = m < limit && n < limit && k < limit && lda < limit && ldb < limit && ldc < limit
    guard backend == .openBLAS && fits && k > 0 else {
      SwiftGEMM.sgemm(
        transA: transA, transB: transB, m: m, n: n, k: k, alpha: alpha,
        a: a, lda: lda, b: b, ldb: ldb, beta: beta, c: c, ldc: ldc)
      return
    }
    _ = defaultThreads
    let threads = ComputeThreads.count
    // Large products: one block of rows (or columns) of C per thread.
    if threads > 1 && m * n * k >= 1 << 21 && Swift.max(m, n) >= 2 * threads {
      let splitRows = m >= n
      let extent = splitRows ? m : n
      let cp = SendablePointer(c)
      parallelFor(threads, grain: 2) { parts in
        for part in parts {
          let lo = extent * part / threads, hi = extent * (part + 1) / threads
          if lo == hi { continue }
          if splitRows {
            openBLAS(transA, transB, hi - lo, n, k, alpha, transA ? a + lo : a + lo * lda, lda, b, ldb, beta, cp.pointer + lo * ldc, ldc)
          } else {
            openBLAS(transA, transB, m, hi - lo, k, alpha, a, lda, transB ? b + lo * ldb : b + lo, ldb, beta, cp.pointer + lo, ldc)
          }
        }
      }
    } else {
      openBLAS(transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc)
    }
  }

  @inline(__always) private static func openBLAS(
    _ transA: Bool, _ transB: Bool, _ m: Int, _ n: Int, _ k: Int, _ alpha: Float,
    _ a: UnsafePointer<Float>, _ lda: Int, _ b: UnsafePointer<Float>, _ ldb: Int,
    _ beta: Float, _ c: UnsafeMutablePointer<Float>, _ ldc: Int
  ) {
    cblas_sgemm(
      CblasRowMajor, transA ? CblasTrans : CblasNoTrans, transB ? CblasTrans : CblasNoTrans,
      Int32(m), Int32(n), Int32(k), alpha, a, Int32(lda), b, Int32(ldb), beta, c, Int32(ldc))
  }
}
