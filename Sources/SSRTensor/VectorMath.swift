/// Vectorised transcendental functions on `SIMD8<Float>` built only from arithmetic, so they
/// compile to SIMD instructions on every target (no libm calls per lane).
public enum VectorMath {
  /// The vector type every function here works on.
  public typealias V = SIMD8<Float>

  /// e^x with a relative error of about 2 ulp; saturates to 0 below -87.3 and to +inf above 88.7.
  @inlinable @inline(__always) public static func exp(_ x: V) -> V {
    let lo = V(repeating: -87.33654), hi = V(repeating: 88.72283)
    let clamped = x.replacing(with: lo, where: x .< lo).replacing(with: hi, where: x .> hi)
    // n = round(x / ln 2) with the 1.5·2^23 trick (no rounding instruction needed).
    let magic = V(repeating: 12_582_912)
    let shifted = clamped * V(repeating: 1.442695041) + magic
    let n = shifted - magic
    // The low mantissa bits of `shifted` hold n as an integer.
    let ni = unsafeBitCast(shifted, to: SIMD8<Int32>.self) &- 0x4B40_0000
    var r = clamped - n * V(repeating: 0.693359375)
    r = r - n * V(repeating: -2.12194440e-4)
    // Polynomial for e^r on [-ln2/2, ln2/2] (Cephes expf coefficients).
    var p = V(repeating: 1.9875691500e-4)
    p = p * r + V(repeating: 1.3981999507e-3)
    p = p * r + V(repeating: 8.3334519073e-3)
    p = p * r + V(repeating: 4.1665795894e-2)
    p = p * r + V(repeating: 1.6666665459e-1)
    p = p * r + V(repeating: 5.0000001201e-1)
    p = p * r * r + r + V(repeating: 1)
    // Scale by 2^n in two halves so that n = 128 (x near 88.7) does not overflow the exponent.
    let half = ni &>> 1
    let s1 = unsafeBitCast((half &+ 127) &<< 23, to: V.self)
    let s2 = unsafeBitCast((ni &- half &+ 127) &<< 23, to: V.self)
    let result = p * s1 * s2
    return result.replacing(with: 0, where: x .< lo)
      .replacing(with: Float.infinity, where: x .> hi)
      .replacing(with: x, where: x .!= x)
  }

  /// Scalar e^x with the same algorithm as the vector version.
  @inlinable @inline(__always) public static func exp(_ x: Float) -> Float {
    exp(V(repeating: x))[0]
  }

  /// The logistic function 1 / (1 + e^-x).
  @inlinable @inline(__always) public static func sigmoid(_ x: V) -> V {
    V(repeating: 1) / (V(repeating: 1) + exp(-x))
  }

  /// tanh(x) = sign(x)·(1 − 2 / (e^{2|x|} + 1)), accurate near zero via a short series.
  @inlinable @inline(__always) public static func tanh(_ x: V) -> V {
    let ax = x.replacing(with: -x, where: x .< 0)
    let e = exp(ax * 2)
    var t = V(repeating: 1) - V(repeating: 2) / (e + 1)
    // Near zero the formula above cancels; use the Taylor series to x¹¹ there.
    let x2 = ax * ax
    var s = V(repeating: -1382.0 / 155_925)
    s = s * x2 + V(repeating: 62.0 / 2835)
    s = s * x2 + V(repeating: -17.0 / 315)
    s = s * x2 + V(repeating: 2.0 / 15)
    s = s * x2 + V(repeating: -1.0 / 3)
    s = s * x2 + V(repeating: 1)
    t = t.replacing(with: ax * s, where: ax .< V(repeating: 0.25))
    return t.replacing(with: -t, where: x .< 0)
  }

  /// erf(x) as a rational function of x (the minimax fit used by Eigen and XLA for float):
  /// absolute error below 2e-7, no exponential, one division.
  @inlinable @inline(__always) public static func erf(_ a: V) -> V {
    let four = V(repeating: 4)
    let x = a.replacing(with: four, where: a .> four).replacing(with: -four, where: a .< -four)
    let x2 = x * x
    var p = V(repeating: -2.72614225801306e-10)
    p = p * x2 + V(repeating: 2.77068142495902e-08)
    p = p * x2 + V(repeating: -2.10102402082508e-06)
    p = p * x2 + V(repeating: -5.69250639462346e-05)
    p = p * x2 + V(repeating: -7.34990630326855e-04)
    p = p * x2 + V(repeating: -2.95459980854025e-03)
    p = p * x2 + V(repeating: -1.60960333262415e-02)
    p = p * x
    var q = V(repeating: -1.45660718464996e-05)
    q = q * x2 + V(repeating: -2.13374055278905e-04)
    q = q * x2 + V(repeating: -1.68282697438203e-03)
    q = q * x2 + V(repeating: -7.37332916720468e-03)
    q = q * x2 + V(repeating: -1.42647390514189e-02)
    return p / q
  }

  /// The standard normal CDF Φ(x) = (1 + erf(x/√2))/2, with an absolute error below 2e-7.
  @inlinable @inline(__always) public static func normalCDF(_ x: V) -> V {
    V(repeating: 0.5) + V(repeating: 0.5) * erf(x * V(repeating: 0.70710678118654752))
  }
}

/// Applies a vector function to `count` floats, 8 at a time, padding the tail.
@inline(__always) func mapVector(
  _ source: UnsafePointer<Float>, _ destination: UnsafeMutablePointer<Float>, _ count: Int,
  _ f: (SIMD8<Float>) -> SIMD8<Float>
) {
  var i = 0
  while i + 8 <= count {
    let v = UnsafeRawPointer(source + i).loadUnaligned(as: SIMD8<Float>.self)
    UnsafeMutableRawPointer(destination + i).storeBytes(of: f(v), as: SIMD8<Float>.self)
    i += 8
  }
  if i < count {
    var v = SIMD8<Float>(repeating: 0)
    for j in 0..<(count - i) { v[j] = source[i + j] }
    let r = f(v)
    for j in 0..<(count - i) { destination[i + j] = r[j] }
  }
}

/// Applies a two-argument vector function to `count` pairs of floats, 8 at a time.
@inline(__always) func mapVector2(
  _ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>, _ destination: UnsafeMutablePointer<Float>, _ count: Int,
  _ f: (SIMD8<Float>, SIMD8<Float>) -> SIMD8<Float>
) {
  var i = 0
  while i + 8 <= count {
    let va = UnsafeRawPointer(a + i).loadUnaligned(as: SIMD8<Float>.self)
    let vb = UnsafeRawPointer(b + i).loadUnaligned(as: SIMD8<Float>.self)
    UnsafeMutableRawPointer(destination + i).storeBytes(of: f(va, vb), as: SIMD8<Float>.self)
    i += 8
  }
  if i < count {
    var va = SIMD8<Float>(repeating: 0), vb = SIMD8<Float>(repeating: 0)
    for j in 0..<(count - i) {
      va[j] = a[i + j]
      vb[j] = b[i + j]
    }
    let r = f(va, vb)
    for j in 0..<(count - i) { destination[i + j] = r[j] }
  }
}
