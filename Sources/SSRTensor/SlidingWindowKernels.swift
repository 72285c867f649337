/// The kernels of ``slidingWindowLinear(_:size:weight:bias:activation:)``. Window `(s, p)` of
/// sample `s` covers its rows `p…p + size − 1`; entry `(k, j)` of the window is `x[s, p + k, j]`
/// and meets the weight column `k·D + j`. Threads split samples (forward, input gradient) or fixed
/// chunks of samples (weight gradient), never a sum whose order would then depend on them.
enum SlidingWindowKernels {
  typealias V = SIMD8<Float>

  /// `z[(s, p), :] = Σ over the window's non-zero entries x · wt[k·D + j, :]`, `wt: [size·D, out]`.
  static func forward(_ x: SpikeRows, transposedWeight wt: UnsafePointer<Float>, _ g: WindowGeometry, into z: UnsafeMutablePointer<Float>) {
    let out = SendablePointer(z)
    let work = x.count * g.size * Swift.max(g.outer / 8, 1)
    parallelFor(g.samples, grain: grain(work: work, samples: g.samples)) { range in
      for s in range {
        for p in 0..<g.positions {
          let result = out.pointer + (s * g.positions + p) * g.outer
          var c = 0
          while c < g.outer {
            let lanes = Swift.min(8, g.outer - c)
            var a = V(repeating: 0)
            for k in 0..<g.size {
              let row = s * g.length + p + k, base = wt + (k * g.width) * g.outer + c
              for e in x.rowStart[row]..<x.rowStart[row + 1] {
                let w = load(base + Int(x.column[e]) * g.outer, lanes: lanes)
                a += x.isBinary ? w : V(repeating: x.value[e]) * w
              }
            }
            store(a, result + c, lanes: lanes)
            c += 8
          }
        }
      }
    }
  }

  /// `gx[s, q, :] = Σ over the windows p covering row q, k = q − p: Σ_c gz[(s, p), c] · w[c, k·D …]`,
  /// `w: [out, size·D]`, every row of `gx` written once, 32 columns at a time in registers.
  static func inputGradient(_ gz: UnsafePointer<Float>, weight w: UnsafePointer<Float>, _ g: WindowGeometry, into gx: UnsafeMutablePointer<Float>) {
    let out = SendablePointer(gx)
    let work = g.positions * g.span * g.outer / 8
    parallelFor(g.samples, grain: grain(work: work * g.samples, samples: g.samples)) { range in
      for s in range {
        for q in 0..<g.length {
          let first = Swift.max(0, q - g.positions + 1), last = Swift.min(q, g.size - 1)  // offsets k = q − p
          let row = out.pointer + (s * g.length + q) * g.width
          var j = 0
          while j < g.width {
            let lanes = Swift.min(8, g.width - j)
            if lanes == 8 && j + 32 <= g.width {
              var a0 = V(repeating: 0), a1 = V(repeating: 0), a2 = V(repeating: 0), a3 = V(repeating: 0)
              if first <= last {
                for k in first...last {
                  let up = gz + (s * g.positions + q - k) * g.outer, base = w + k * g.width + j
                  for c in 0..<g.outer {
                    let u = V(repeating: up[c]), p = base + c * g.span
                    a0 += u * load(p, lanes: 8)
                    a1 += u * load(p + 8, lanes: 8)
                    a2 += u * load(p + 16, lanes: 8)
                    a3 += u * load(p + 24, lanes: 8)
                  }
                }
              }
              store(a0, row + j, lanes: 8)
              store(a1, row + j + 8, lanes: 8)
              store(a2, row + j + 16, lanes: 8)
              store(a3, row + j + 24, lanes: 8)
              j += 32
            } else {
              var a = V(repeating: 0)
              if first <= last {
                for k in first...last {
                  let up = gz + (s * g.positions + q - k) * g.outer, base = w + k * g.width + j
                  for c in 0..<g.outer { a += V(repeating: up[c]) * load(base + c * g.span, lanes: lanes) }
                }
              }
              store(a, row + j, lanes: lanes)
              j += 8
            }
          }
        }
      }
    }
  }

  /// `gwt[k·D + j, :] = Σ over windows with a non-zero entry (k, j): x · gz[(s, p), :]`,
  /// `gwt: [size·D, out]`, summed per chunk of samples (chunks fixed by N) and the chunks added in order.
  static func weightGradient(_ x: SpikeRows, outputGradient gz: UnsafePointer<Float>, _ g: WindowGeometry, into gwt: UnsafeMutablePointer<Float>) {
    let chunks = Swift.min(g.samples, 16), size = g.span * g.outer
    let partials = UnsafeMutablePointer<Float>.allocate(capacity: Swift.max(chunks * size, 1))
    defer { partials.deallocate() }
    let shared = SendablePointer(partials)
    let work = x.count * g.size * Swift.max(g.outer / 8, 1)
    parallelFor(chunks, grain: work >= (1 << 14) ? 1 : Int.max) { range in
      for chunk in range {
        let partial = shared.pointer + chunk * size
        partial.initialize(repeating: 0, count: size)
        for s in (g.samples * chunk / chunks)..<(g.samples * (chunk + 1) / chunks) {
          for p in 0..<g.positions {
            let up = gz + (s * g.positions + p) * g.outer
            for k in 0..<g.size {
              let row = s * g.length + p + k, base = partial + (k * g.width) * g.outer
              for e in x.rowStart[row]..<x.rowStart[row + 1] {
                let target = base + Int(x.column[e]) * g.outer
                var c = 0
                while c < g.outer {
                  let lanes = Swift.min(8, g.outer - c), u = load(up + c, lanes: lanes)
                  store(load(target + c, lanes: lanes) + (x.isBinary ? u : V(repeating: x.value[e]) * u), target + c, lanes: lanes)
                  c += 8
                }
              }
            }
          }
        }
      }
    }
    let result = SendablePointer(gwt)
    parallelFor(size, grain: 1 << 14) { range in
      for i in range {
        var total: Float = 0
        for chunk in 0..<chunks { total += partials[chunk * size + i] }
        result.pointer[i] = total
      }
    }
  }

  /// Samples per part: enough work per part to pay for a thread hand-off.
  private static func grain(work: Int, samples: Int) -> Int {
    work >= (1 << 14) ? Swift.max(1, samples * 2048 / Swift.max(work, 1)) : Int.max
  }

  @inline(__always) private static func load(_ p: UnsafePointer<Float>, lanes: Int) -> V {
    if lanes == 8 { return UnsafeRawPointer(p).loadUnaligned(as: V.self) }
    var v = V(repeating: 0)
    for i in 0..<lanes { v[i] = p[i] }
    return v
  }

  @inline(__always) private static func load(_ p: UnsafeMutablePointer<Float>, lanes: Int) -> V {
    load(UnsafePointer(p), lanes: lanes)
  }

  @inline(__always) private static func store(_ v: V, _ p: UnsafeMutablePointer<Float>, lanes: Int) {
    if lanes == 8 {
      UnsafeMutableRawPointer(p).storeBytes(of: v, as: V.self)
    } else {
      for i in 0..<lanes { p[i] = v[i] }
    }
  }
}
