import Dispatch
import Synchronization

/// How many cores SSR's own kernels (and OpenBLAS) may use.
///
/// The default is OpenBLAS's own default: the number of online processors, or
/// `OPENBLAS_NUM_THREADS` when set. SSR splits large matrix products across these threads itself
/// and calls OpenBLAS single-threaded (OpenBLAS's own workers busy-wait between calls and would
/// compete with SSR's kernels). SSR's own kernels give the same results for any thread count:
/// threads split independent rows, and sums over rows (layer-norm weight gradients) are taken in
/// chunks fixed by the sizes; matrix products are thread-count independent in
/// ``NumericsMode/reproducible`` mode.
public enum ComputeThreads {
  private static let value = Atomic<Int>(Swift.max(1, BLAS.defaultThreads))

  /// The current number of threads.
  public static var count: Int { value.load(ordering: .relaxed) }

  /// Sets the number of threads for SSR kernels and matrix products.
  ///
  /// - Precondition: `threads >= 1`.
  public static func set(_ threads: Int) {
    precondition(threads >= 1, "thread count must be at least 1")
    value.store(threads, ordering: .relaxed)
    BLAS.setThreads(threads)
  }
}

/// A pointer that may be captured by the worker closures of ``parallelFor(_:grain:_:)``.
/// Each worker writes a disjoint range, which is what makes this safe.
public struct SendablePointer<T>: @unchecked Sendable {
  /// The pointer.
  public let pointer: UnsafeMutablePointer<T>
  /// Wraps `pointer`.
  public init(_ pointer: UnsafeMutablePointer<T>) { self.pointer = pointer }
}

/// Runs `body` over `0..<count` split into contiguous ranges when `count` is at least `grain`;
/// otherwise runs it once on the caller's thread.
///
/// Large ranges are cut into up to four parts per thread, handed out as threads become free, so a
/// core that is busy with another program does not hold the whole operation back. The parts depend
/// only on `count`, `grain` and the thread count, never on timing.
public func parallelFor(_ count: Int, grain: Int, _ body: (Range<Int>) -> Void) {
  let threads = ComputeThreads.count
  guard threads > 1, count >= grain, count >= 2 else {
    if count > 0 { body(0..<count) }
    return
  }
  let parts = Swift.min(count, threads * 4, Swift.max(threads, count / Swift.max(1, grain / 4)))
  withoutActuallyEscaping(body) { escapable in
    let box = UncheckedBox(escapable)
    DispatchQueue.concurrentPerform(iterations: parts) { part in
      let lower = count * part / parts
      let upper = count * (part + 1) / parts
      if lower < upper { box.value(lower..<upper) }
    }
  }
}

/// Carries a non-Sendable value into `concurrentPerform` (the body only touches disjoint ranges).
struct UncheckedBox<T>: @unchecked Sendable {
  let value: T
  init(_ value: T) { self.value = value }
}
