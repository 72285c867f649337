extension Tensor {
  /// The last two sizes read as a matrix, optionally transposed: (rows, columns) of op(self).
  fileprivate func matrixSize(transposed: Bool) -> (Int, Int) {
    let r = shape[rank - 2], c = shape[rank - 1]
    return transposed ? (c, r) : (r, c)
  }
}

/// Matrix product of the last two axes, with broadcasting over the leading (batch) axes.
///
/// `transposeA`/`transposeB` use the transpose of the last two axes of an operand without copying
/// it (for example `matmul(x, weight, transposeB: true)` for a PyTorch-layout linear layer).
///
/// - Precondition: both operands have rank ≥ 2 and the inner sizes agree.
public func matmul(_ a: Tensor, _ b: Tensor, transposeA: Bool = false, transposeB: Bool = false) -> Tensor {
  precondition(a.rank >= 2 && b.rank >= 2, "matmul needs rank ≥ 2 operands, got \(a.shape) and \(b.shape)")
  let (m, ka) = a.matrixSize(transposed: transposeA)
  let (kb, n) = b.matrixSize(transposed: transposeB)
  precondition(ka == kb, "matmul: inner sizes differ in \(a.shape)\(transposeA ? "ᵀ" : "") · \(b.shape)\(transposeB ? "ᵀ" : "")")
  // A batch of rows times one matrix is a single product: fold the batch into the rows.
  if b.rank == 2 && a.rank > 2 && !transposeA {
    let batch = Array(a.shape.dropLast(2))
    return matmul(a.reshaped([-1, ka]), b, transposeB: transposeB).reshaped(batch + [m, n])
  }
  let batchA = Array(a.shape.dropLast(2)), batchB = Array(b.shape.dropLast(2))
  let batch = broadcastShapes(batchA, batchB)
  let av = batchA == batch ? a : a.broadcast(to: batch + Array(a.shape.suffix(2)))
  let bv = batchB == batch ? b : b.broadcast(to: batch + Array(b.shape.suffix(2)))
  let out = gemmBatched(av.detached(), bv.detached(), transposeA: transposeA, transposeB: transposeB, m: m, n: n, k: ka)
  let outShape = batch + [m, n]
  let result = out.reshaped(outShape).detached()
  return result.recorded([av, bv]) { g in
    var ga: Tensor? = nil, gb: Tensor? = nil
    if av.node != nil {
      ga = transposeA
        ? matmul(bv, g, transposeA: transposeB, transposeB: true)
        : matmul(g, bv, transposeB: !transposeB)
    }
    if bv.node != nil {
      gb = transposeB
        ? matmul(g, av, transposeA: true, transposeB: transposeA)
        : matmul(av, g, transposeA: !transposeA)
    }
    return [ga, gb]
  }
}

/// One product per batch entry (no recording).
func gemmBatched(_ a: Tensor, _ b: Tensor, transposeA: Bool, transposeB: Bool, m: Int, n: Int, k: Int) -> Tensor {
  let batches = a.count / Swift.max(m * k, 1)
  let batchShape = Array(a.shape.dropLast(2))
  let out = Tensor(uninitializedShape: batchShape + [m, n])
  if k == 0 {
    return Tensor(shape: out.shape, repeating: 0)
  }
  let lda = a.shape[a.rank - 1], ldb = b.shape[b.rank - 1]
  let pa = a.storage.pointer, pb = b.storage.pointer
  let pc = SendablePointer(out.storage.pointer)
  let work = m * n * k
  let backend = BLAS.backend
  // Products too small to be split by `BLAS.sgemm` run in parallel across the batch instead.
  if batches > 1 && work < (1 << 21) {
    parallelFor(batches, grain: Swift.max(2, (1 << 19) / Swift.max(work, 1))) { range in
      BLAS.withBackend(backend) {
        for i in range {
          BLAS.sgemm(
            transA: transposeA, transB: transposeB, m: m, n: n, k: k, alpha: 1,
            a: pa + i * m * k, lda: lda, b: pb + i * k * n, ldb: ldb, beta: 0, c: pc.pointer + i * m * n, ldc: n)
        }
      }
    }
  } else {
    for i in 0..<batches {
      BLAS.sgemm(
        transA: transposeA, transB: transposeB, m: m, n: n, k: k, alpha: 1,
        a: pa + i * m * k, lda: lda, b: pb + i * k * n, ldb: ldb, beta: 0, c: pc.pointer + i * m * n, ldc: n)
    }
  }
  return out
}
