import SSRCore

/// Deterministic math on `Double` built only from IEEE-754 basic operations (+, −, ×, ÷, √), so
/// results are bit-identical on every platform (unlike libm, whose last bits vary).
enum PortableMath {
  /// Natural logarithm for positive finite `x` (relative error about 1e-16).
  static func log(_ x: Double) -> Double {
    precondition(x > 0 && x.isFinite, "log of \(x)")
    // x = m · 2^e with m in [√½, √2).
    var e = Double(x.exponent)
    var m = x.significand  // [1, 2)
    if m > 1.4142135623730951 {
      m /= 2
      e += 1
    }
    // log m = 2·atanh(s), s = (m − 1)/(m + 1), |s| < 0.1716.
    let s = (m - 1) / (m + 1)
    let s2 = s * s
    var term = s, sum = 0.0
    var k = 1.0
    for _ in 0..<14 {
      sum += term / k
      term *= s2
      k += 2
    }
    return 2 * sum + e * 0.6931471805599453
  }
}

/// A seeded stream for initialisers: uniform values come from ``SeededGenerator``'s bits, normal
/// values from the polar (Marsaglia) method using ``PortableMath``, so the same seed gives the same
/// weights on every platform.
public struct InitGenerator: Sendable {
  private var base: SeededGenerator
  private var spare: Double?

  /// A generator determined by `seed`.
  public init(seed: UInt64) {
    base = SeededGenerator(seed: seed)
  }

  /// A uniform `Double` in `[0, 1)`.
  public mutating func nextUniform() -> Double { base.nextDouble() }

  /// A standard normal `Double`.
  public mutating func nextNormal() -> Double {
    if let s = spare {
      spare = nil
      return s
    }
    while true {
      let u = 2 * base.nextDouble() - 1, v = 2 * base.nextDouble() - 1
      let s = u * u + v * v
      if s > 0 && s < 1 {
        let factor = (-2 * PortableMath.log(s) / s).squareRoot()
        spare = v * factor
        return u * factor
      }
    }
  }
}

extension Tensor {
  /// Normal values with mean `mean` and standard deviation `std`.
  public static func normal(_ shape: [Int], mean: Float = 0, std: Float = 1, generator: inout InitGenerator) -> Tensor {
    var t = Tensor(uninitializedShape: shape)
    t.withUnsafeMutableBufferPointer { p in
      for i in p.indices { p[i] = Float(Double(mean) + Double(std) * generator.nextNormal()) }
    }
    return t
  }

  /// Uniform values in `[low, high)`.
  public static func uniform(_ shape: [Int], low: Float, high: Float, generator: inout InitGenerator) -> Tensor {
    var t = Tensor(uninitializedShape: shape)
    t.withUnsafeMutableBufferPointer { p in
      for i in p.indices { p[i] = Float(Double(low) + (Double(high) - Double(low)) * generator.nextUniform()) }
    }
    return t
  }

  /// (fan in, fan out) as PyTorch computes them: `shape[1]·receptive` and `shape[0]·receptive`.
  static func fans(_ shape: [Int]) -> (Double, Double) {
    precondition(shape.count >= 2, "fan computation needs rank ≥ 2, got \(shape)")
    let receptive = shape.dropFirst(2).reduce(1, *)
    return (Double(shape[1] * receptive), Double(shape[0] * receptive))
  }

  /// Glorot/Xavier uniform: U(±gain·√(6 / (fan_in + fan_out))).
  public static func xavierUniform(_ shape: [Int], gain: Float = 1, generator: inout InitGenerator) -> Tensor {
    let (fanIn, fanOut) = fans(shape)
    let bound = Float(Double(gain) * (6 / (fanIn + fanOut)).squareRoot())
    return uniform(shape, low: -bound, high: bound, generator: &generator)
  }

  /// Glorot/Xavier normal: N(0, gain²·2 / (fan_in + fan_out)).
  public static func xavierNormal(_ shape: [Int], gain: Float = 1, generator: inout InitGenerator) -> Tensor {
    let (fanIn, fanOut) = fans(shape)
    let std = Float(Double(gain) * (2 / (fanIn + fanOut)).squareRoot())
    return normal(shape, std: std, generator: &generator)
  }
}
