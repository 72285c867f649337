#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// The portable matrix-product kernel: packs panels of A (6 rows) and B (8 columns) and runs a
/// 6×8 register-blocked micro-kernel on `SIMD8<Float>` accumulators (12 SSE registers, so nothing
/// spills on baseline x86-64); blocks of rows of C are split across cores.
enum SwiftGEMM {
  static let mr = 6
  static let nr = 8
  static let kc = 256
  static let mc = 72

  static func sgemm(
    transA: Bool, transB: Bool, m: Int, n: Int, k: Int, alpha: Float,
    a: UnsafePointer<Float>, lda: Int, b: UnsafePointer<Float>, ldb: Int,
    beta: Float, c: UnsafeMutablePointer<Float>, ldc: Int
  ) {
    // C ← beta · C
    for i in 0..<m {
      let row = c + i * ldc
      if beta == 0 {
        for j in 0..<n { row[j] = 0 }
      } else if beta != 1 {
        for j in 0..<n { row[j] *= beta }
      }
    }
    if k == 0 || alpha == 0 { return }
    let nPanels = (n + nr - 1) / nr
    let packedB = UnsafeMutablePointer<Float>.allocate(capacity: nPanels * nr * kc)
    defer { packedB.deallocate() }
    let cp = SendablePointer(c)
    var k0 = 0
    while k0 < k {
      let kb = Swift.min(kc, k - k0)
      // Pack op(B)[k0..<k0+kb, :] into column panels of width nr (zero-padded).
      for p in 0..<nPanels {
        let dst = packedB + p * nr * kb
        for kk in 0..<kb {
          for jj in 0..<nr {
            let j = p * nr + jj
            let v: Float
            if j < n {
              v = transB ? b[j * ldb + (k0 + kk)] : b[(k0 + kk) * ldb + j]
            } else {
              v = 0
            }
            dst[kk * nr + jj] = v
          }
        }
      }
      let pb = UnsafePointer(packedB)
      let blocks = (m + mc - 1) / mc
      let work = m * n * kb
      parallelFor(blocks, grain: work >= (1 << 18) ? 2 : Int.max) { range in
        let packedA = UnsafeMutablePointer<Float>.allocate(capacity: mc * kb)
        defer { packedA.deallocate() }
        for block in range {
          let i0 = block * mc
          let mb = Swift.min(mc, m - i0)
          let aPanels = (mb + mr - 1) / mr
          // Pack op(A)[i0..<i0+mb, k0..<k0+kb] into row panels of height mr (zero-padded).
          for p in 0..<aPanels {
            let dst = packedA + p * mr * kb
            for kk in 0..<kb {
              for ii in 0..<mr {
                let i = i0 + p * mr + ii
                let v: Float
                if i < i0 + mb {
                  v = transA ? a[(k0 + kk) * lda + i] : a[i * lda + (k0 + kk)]
                } else {
                  v = 0
                }
                dst[kk * mr + ii] = v
              }
            }
          }
          for p in 0..<aPanels {
            for q in 0..<nPanels {
              microKernel(
                kb: kb, a: packedA + p * mr * kb, b: pb + q * nr * kb, alpha: alpha,
                c: cp.pointer, ldc: ldc, row: i0 + p * mr, col: q * nr, m: i0 + mb, n: n)
            }
          }
        }
      }
      k0 += kb
    }
  }

  @inline(__always) static func microKernel(
    kb: Int, a: UnsafePointer<Float>, b: UnsafePointer<Float>, alpha: Float,
    c: UnsafeMutablePointer<Float>, ldc: Int, row: Int, col: Int, m: Int, n: Int
  ) {
    typealias V = SIMD8<Float>
    var c0 = V(repeating: 0), c1 = V(repeating: 0), c2 = V(repeating: 0)
    var c3 = V(repeating: 0), c4 = V(repeating: 0), c5 = V(repeating: 0)
    var ap = a, bp = b
    for _ in 0..<kb {
      let bv = UnsafeRawPointer(bp).loadUnaligned(as: V.self)
      c0 += V(repeating: ap[0]) * bv
      c1 += V(repeating: ap[1]) * bv
      c2 += V(repeating: ap[2]) * bv
      c3 += V(repeating: ap[3]) * bv
      c4 += V(repeating: ap[4]) * bv
      c5 += V(repeating: ap[5]) * bv
      ap += 6
      bp += 8
    }
    let rows = Swift.min(6, m - row), cols = Swift.min(8, n - col)
    @inline(__always) func store(_ r: Int, _ acc: V) {
      let dst = c + (row + r) * ldc + col
      let v = acc * alpha
      if cols == 8 {
        let old = UnsafeRawPointer(dst).loadUnaligned(as: V.self)
        UnsafeMutableRawPointer(dst).storeBytes(of: old + v, as: V.self)
      } else {
        for j in 0..<cols { dst[j] += v[j] }
      }
    }
    store(0, c0)
    if rows > 1 { store(1, c1) }
    if rows > 2 { store(2, c2) }
    if rows > 3 { store(3, c3) }
    if rows > 4 { store(4, c4) }
    if rows > 5 { store(5, c5) }
  }
}
