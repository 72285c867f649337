/// Whether results may depend on the CPU: the trade between speed and bit-for-bit reproducibility.
///
/// A spiking neuron's threshold turns a last-bit difference of a matrix product into a different
/// spike, and then into different metrics. OpenBLAS picks its kernel for the CPU at load time
/// (Haswell, SkylakeX, Cooperlake, Zen…), and the kernels sum the terms of a dot product in
/// different orders, so the same notebook gives slightly different numbers on two machines.
/// ``reproducible`` computes every product with SSR's Swift kernel (``SwiftGEMM``), whose
/// summation order is fixed by the code alone: the terms of each dot product are added one after
/// another in blocks of 256, each block's sum added to the result in order, with no fused
/// multiply–add. The result is then the same on every x86-64 and arm64 CPU, with any
/// `OPENBLAS_CORETYPE`, and for any ``ComputeThreads`` count (threads split the rows of the result,
/// never a sum). It costs about a quarter of OpenBLAS's speed on large products (74 against 100
/// GFLOP/s on one core of an AMD EPYC Zen 4) and less on the small products of these models.
public enum NumericsMode: String, Sendable, CaseIterable {
  /// Matrix products by OpenBLAS with its fastest kernel for this CPU; results may differ in the
  /// last bits from one CPU (or BLAS kernel) to another. For long training runs.
  case fast
  /// Matrix products in one fixed summation order: identical results on every CPU, BLAS kernel
  /// and thread count. The default of notebooks, whose saved outputs are golden tests.
  case reproducible

  /// The matrix-product backend that implements this mode.
  public var backend: MatmulBackend {
    switch self {
    case .fast: .openBLAS
    case .reproducible: .swift
    }
  }

  /// The mode a backend implements.
  public init(_ backend: MatmulBackend) {
    self = backend == .openBLAS ? .fast : .reproducible
  }

  /// The mode in effect on this task (see ``BLAS/backend``).
  public static var current: NumericsMode { NumericsMode(BLAS.backend) }

  /// Runs `body` with matrix products in this mode (scoped to the current task; worker threads of
  /// SSR's kernels inherit it).
  public func run<R>(_ body: () throws -> R) rethrows -> R {
    try BLAS.withBackend(backend, body)
  }
}
