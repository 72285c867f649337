/// Loads and stores of eight floats for the SIMD kernels of this module (GRU gates, LIF neurons,
/// surrogate gradients).

/// Eight floats from `p` (any alignment).
@inline(__always) func load(_ p: UnsafePointer<Float>) -> SIMD8<Float> {
  UnsafeRawPointer(p).loadUnaligned(as: SIMD8<Float>.self)
}

/// Writes eight floats to `p` (any alignment).
@inline(__always) func store(_ v: SIMD8<Float>, _ p: UnsafeMutablePointer<Float>) {
  UnsafeMutableRawPointer(p).storeBytes(of: v, as: SIMD8<Float>.self)
}

/// The first `lanes` (1…8) floats at `p`, zeros after.
@inline(__always) func load(_ p: UnsafePointer<Float>, lanes: Int) -> SIMD8<Float> {
  if lanes == 8 { return load(p) }
  var v = SIMD8<Float>(repeating: 0)
  for j in 0..<lanes { v[j] = p[j] }
  return v
}

/// Writes the first `lanes` (1…8) floats of `v` to `p`.
@inline(__always) func store(_ v: SIMD8<Float>, _ p: UnsafeMutablePointer<Float>, lanes: Int) {
  if lanes == 8 { return store(v, p) }
  for j in 0..<lanes { p[j] = v[j] }
}

/// Calls `body(offset, lanes)` for each run of eight elements of `count` (lanes 8), then once for
/// the rest (lanes < 8): the main loop's copy of `body` sees a constant 8, so its loads and stores
/// compile to whole-vector instructions.
@inline(__always) func vectorLoop(_ count: Int, _ body: (Int, Int) -> Void) {
  var j = 0
  while j + 8 <= count {
    body(j, 8)
    j += 8
  }
  if j < count { body(j, count - j) }
}
