/// The event-driven kernels of ``spikeLinear(_:weight:bias:activation:path:)``: products whose left
/// operand is mostly zeros (spikes, spike counts), computed by adding a weight row for every
/// non-zero input instead of multiplying by every input.
///
/// **Summation order.** Both kernels add their terms in the order ``SwiftGEMM`` does: along the
/// summed axis in blocks of ``SwiftGEMM/kc`` (256), each block's terms one after another into a
/// zeroed accumulator (a product `x·w` rounded, then added: no fused multiply–add), and each block's
/// sum added to the result in order. A zero input contributes `±0`, and adding `±0` to an
/// accumulator that starts at `+0` changes no bit, so skipping zeros gives bit for bit what
/// ``NumericsMode/reproducible`` gives for the dense product (for finite weights; `0·∞` would be a
/// NaN the dense product keeps). Threads split independent output rows, never a sum.
enum EventDrivenProduct {
  typealias V = SIMD8<Float>

  /// Forward: `y[i, :] = Σ_{k: x[i,k] ≠ 0} x[i,k] · wt[k, :]` for the entries of `x: [rows, inner]`
  /// and `wt: [inner, outer]`, summed over `k` in blocks of 256.
  static func forward(_ x: SpikeRows, transposedWeight wt: UnsafePointer<Float>, outer: Int, into y: UnsafeMutablePointer<Float>) {
    x.fill()
    let out = SendablePointer(y)
    let work = x.count * Swift.max(outer / 8, 1)
    parallelFor(x.rows, grain: work >= (1 << 14) ? Swift.max(1, x.rows * 512 / Swift.max(work, 1)) : Int.max) { range in
      for i in range {
        let result = out.pointer + i * outer
        result.initialize(repeating: 0, count: outer)
        var e = x.rowStart[i]
        let end = x.rowStart[i + 1]
        while e < end {
          // The entries of this row in one block of 256 columns.
          let blockEnd = (Int(x.column[e]) / SwiftGEMM.kc + 1) * SwiftGEMM.kc
          var stop = e
          while stop < end && Int(x.column[stop]) < blockEnd { stop += 1 }
          accumulate(wt, stride: outer, x.column + e, x.isBinary ? nil : x.value + e, stop - e, width: outer, into: result)
          e = stop
        }
      }
    }
  }

  /// Weight gradient, transposed: `gwt[k, :] = Σ_{i: x[i,k] ≠ 0} x[i,k] · g[i, :]` for
  /// `x: [rows, inner]`, `g: [rows, outer]`, summed over `i` in blocks of 256 as ``SwiftGEMM``
  /// sums the inner axis of `gᵀ · x`.
  static func weightGradient(_ x: SpikeRows, outputGradient g: UnsafePointer<Float>, outer: Int, into gwt: UnsafeMutablePointer<Float>) {
    let byColumn = x.byColumn()
    let out = SendablePointer(gwt)
    let work = x.count * Swift.max(outer / 8, 1)
    let start = byColumn.start, rows = byColumn.row, values = byColumn.value
    parallelFor(x.columns, grain: work >= (1 << 14) ? 2 : Int.max) { range in
      for k in range {
        let result = out.pointer + k * outer
        result.initialize(repeating: 0, count: outer)
        var e = start[k]
        let end = start[k + 1]
        while e < end {
          let blockEnd = (Int(rows[e]) / SwiftGEMM.kc + 1) * SwiftGEMM.kc
          var stop = e
          while stop < end && Int(rows[stop]) < blockEnd { stop += 1 }
          accumulate(g, stride: outer, rows + e, x.isBinary ? nil : values + e, stop - e, width: outer, into: result)
          e = stop
        }
      }
    }
    withExtendedLifetime(byColumn) {}
  }

  /// `result[c] += Σₑ values[e] · base[index[e] · stride + c]` for `c < width`: each column's terms
  /// added one after another, in entry order, to an accumulator that starts at zero (products
  /// rounded before the addition), and the accumulator then added to `result`. `values` nil means
  /// every value is 1 (spikes): the rows are added as they are, which gives the same bits.
  /// Thirty-two columns at a time stay in registers over all entries.
  @inline(__always)
  private static func accumulate(
    _ base: UnsafePointer<Float>, stride: Int, _ index: UnsafePointer<Int32>, _ values: UnsafePointer<Float>?,
    _ count: Int, width: Int, into result: UnsafeMutablePointer<Float>
  ) {
    var c = 0
    while c + 32 <= width {
      var a0 = V(repeating: 0), a1 = V(repeating: 0), a2 = V(repeating: 0), a3 = V(repeating: 0)
      if let values {
        for e in 0..<count {
          let p = base + Int(index[e]) * stride + c, s = V(repeating: values[e])
          a0 += s * load8(p)
          a1 += s * load8(p + 8)
          a2 += s * load8(p + 16)
          a3 += s * load8(p + 24)
        }
      } else {
        for e in 0..<count {
          let p = base + Int(index[e]) * stride + c
          a0 += load8(p)
          a1 += load8(p + 8)
          a2 += load8(p + 16)
          a3 += load8(p + 24)
        }
      }
      store8(load8(result + c) + a0, result + c)
      store8(load8(result + c + 8) + a1, result + c + 8)
      store8(load8(result + c + 16) + a2, result + c + 16)
      store8(load8(result + c + 24) + a3, result + c + 24)
      c += 32
    }
    while c + 8 <= width {
      var a = V(repeating: 0)
      if let values {
        for e in 0..<count { a += V(repeating: values[e]) * load8(base + Int(index[e]) * stride + c) }
      } else {
        for e in 0..<count { a += load8(base + Int(index[e]) * stride + c) }
      }
      store8(load8(result + c) + a, result + c)
      c += 8
    }
    while c < width {
      var a: Float = 0
      if let values {
        for e in 0..<count { a += values[e] * base[Int(index[e]) * stride + c] }
      } else {
        for e in 0..<count { a += base[Int(index[e]) * stride + c] }
      }
      result[c] += a
      c += 1
    }
  }

  @inline(__always) private static func load8(_ p: UnsafePointer<Float>) -> SIMD8<Float> {
    UnsafeRawPointer(p).loadUnaligned(as: SIMD8<Float>.self)
  }

  @inline(__always) private static func store8(_ v: SIMD8<Float>, _ p: UnsafeMutablePointer<Float>) {
    UnsafeMutableRawPointer(p).storeBytes(of: v, as: SIMD8<Float>.self)
  }
}
