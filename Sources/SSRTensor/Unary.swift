#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Maps every element through a vector function, splitting across cores when large.
@inline(__always) func unaryMap(_ x: Tensor, grain: Int = 1 << 15, _ f: (SIMD8<Float>) -> SIMD8<Float>) -> Tensor {
  let out = Tensor(uninitializedShape: x.shape)
  let px = x.storage.pointer
  let po = SendablePointer(out.storage.pointer)
  parallelFor(x.count, grain: grain) { r in
    mapVector(px + r.lowerBound, po.pointer + r.lowerBound, r.count, f)
  }
  return out
}

/// Combines two same-shape tensors through a vector function, splitting across cores when large.
@inline(__always) func zipMap(
  _ a: Tensor, _ b: Tensor, grain: Int = 1 << 15, _ f: (SIMD8<Float>, SIMD8<Float>) -> SIMD8<Float>
) -> Tensor {
  precondition(a.shape == b.shape, "shapes \(a.shape) and \(b.shape) differ")
  let out = Tensor(uninitializedShape: a.shape)
  let pa = a.storage.pointer, pb = b.storage.pointer
  let po = SendablePointer(out.storage.pointer)
  parallelFor(a.count, grain: grain) { r in
    mapVector2(pa + r.lowerBound, pb + r.lowerBound, po.pointer + r.lowerBound, r.count, f)
  }
  return out
}

/// Maps every element through a scalar function (for functions without a vector form).
@inline(__always) func scalarMap(_ x: Tensor, _ f: (Float) -> Float) -> Tensor {
  let out = Tensor(uninitializedShape: x.shape)
  let px = x.storage.pointer
  let po = SendablePointer(out.storage.pointer)
  parallelFor(x.count, grain: 1 << 14) { r in
    for i in r { po.pointer[i] = f(px[i]) }
  }
  return out
}

typealias V8 = SIMD8<Float>

extension Tensor {
  /// e^x.
  public func exp() -> Tensor {
    let y = unaryMap(self) { VectorMath.exp($0) }
    return y.recorded([self]) { g in [zipMap(g, y) { $0 * $1 }] }
  }

  /// Natural logarithm.
  public func log() -> Tensor {
    let x = self
    return scalarMap(self) { logf($0) }.recorded([self]) { g in [zipMap(g, x) { $0 / $1 }] }
  }

  /// Square root.
  public func sqrt() -> Tensor {
    let y = unaryMap(self) { $0.squareRoot() }
    return y.recorded([self]) { g in [zipMap(g, y) { $0 * 0.5 / $1 }] }
  }

  /// x².
  public func square() -> Tensor {
    let x = self
    return unaryMap(self) { $0 * $0 }.recorded([self]) { g in [zipMap(g, x) { $0 * 2 * $1 }] }
  }

  /// Hyperbolic tangent.
  public func tanh() -> Tensor {
    let y = unaryMap(self) { VectorMath.tanh($0) }
    return y.recorded([self]) { g in [zipMap(g, y) { $0 * (1 - $1 * $1) }] }
  }

  /// The logistic sigmoid 1 / (1 + e^−x).
  public func sigmoid() -> Tensor {
    let y = unaryMap(self) { VectorMath.sigmoid($0) }
    return y.recorded([self]) { g in [zipMap(g, y) { $0 * $1 * (1 - $1) }] }
  }

  /// max(x, 0); the gradient at 0 is 0.
  public func relu() -> Tensor {
    let x = self
    return unaryMap(self) { $0.replacing(with: 0, where: $0 .< 0) }.recorded([self]) { g in
      [zipMap(g, x) { g, x in g.replacing(with: 0, where: x .<= 0) }]
    }
  }

  /// GELU in its exact form, x·Φ(x) = x/2·(1 + erf(x/√2)) (PyTorch's default).
  public func gelu() -> Tensor {
    let x = self
    let cdf = unaryMap(self) { VectorMath.normalCDF($0) }
    return zipMap(self, cdf) { $0 * $1 }.recorded([self]) { g in
      let d = zipMap(x, cdf) { Tensor.geluDerivative($0, cdf: $1) }
      return [zipMap(g, d) { $0 * $1 }]
    }
  }

  /// d/dx x·Φ(x) = Φ(x) + x·φ(x), given Φ(x).
  @inline(__always) static func geluDerivative(_ x: V8, cdf: V8) -> V8 {
    cdf + x * VectorMath.exp(-0.5 * x * x) * 0.3989422804014327
  }

  /// |x|; the gradient at 0 is 0.
  public func abs() -> Tensor {
    let x = self
    return unaryMap(self) { $0.replacing(with: -$0, where: $0 .< 0) }.recorded([self]) { g in
      [zipMap(g, x) { g, x in V8(repeating: 0).replacing(with: g, where: x .> 0).replacing(with: -g, where: x .< 0) }]
    }
  }

  /// Limits every element to `min...max`; the gradient passes where `min <= x <= max` (as PyTorch).
  public func clamped(min lower: Float = -.infinity, max upper: Float = .infinity) -> Tensor {
    let x = self
    let lo = V8(repeating: lower), hi = V8(repeating: upper)
    return unaryMap(self) { $0.replacing(with: lo, where: $0 .< lo).replacing(with: hi, where: $0 .> hi) }
      .recorded([self]) { g in
        [zipMap(g, x) { g, x in g.replacing(with: 0, where: (x .< lo) .| (x .> hi)) }]
      }
  }

  /// The Heaviside step Θ(x): 1 where x ≥ 0, else 0. Its gradient is zero; for spiking neurons use
  /// ``customOp(_:forward:backward:)`` with a surrogate gradient.
  public func heaviside() -> Tensor {
    unaryMap(self) { V8(repeating: 0).replacing(with: 1, where: $0 .>= 0) }.recorded([self]) { _ in [nil] }
  }

  /// 1 / x.
  public func reciprocal() -> Tensor { 1 / self }
}

