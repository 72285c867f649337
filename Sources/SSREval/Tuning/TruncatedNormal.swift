import Foundation

/// The standard normal distribution truncated to `a...b`, computed in log space so that kernels
/// far in a tail (a narrow Parzen kernel near a bound) stay accurate.
///
/// The TPE sampler uses it for its Gaussian kernels: ``logMass(_:_:)`` normalises a kernel over
/// the search range, ``logPDF(_:_:_:)`` scores candidates and ``quantile(_:_:_:)`` draws them.
enum TruncatedNormal {
  static let logSqrtTwoPi = 0.5 * log(2 * Double.pi)

  /// log Φ(x), the log of the standard normal distribution function.
  static func logCDF(_ x: Double) -> Double {
    if x > 6 {
      // Φ(x) = 1 − Φ(−x) with Φ(−x) < 1e-9.
      return log1p(-0.5 * erfc(x / 2.0.squareRoot()))
    }
    if x > -20 { return log(0.5 * erfc(-x / 2.0.squareRoot())) }
    // The asymptotic series Φ(x) ≈ φ(x)/(−x) · (1 − 1/x² + 3/x⁴ − 15/x⁶ + …), summed until the
    // terms stop changing the total.
    let inverseSquare = 1 / (x * x)
    var total = 1.0
    var term = 1.0
    var k = 1
    while k < 60 {
      term *= -Double(2 * k - 1) * inverseSquare
      let next = total + term
      if next == total { break }
      total = next
      k += 1
    }
    return -0.5 * x * x - log(-x) - logSqrtTwoPi + log(total)
  }

  /// log(e^p + e^q) without overflow.
  static func logAddExp(_ p: Double, _ q: Double) -> Double {
    if p == -.infinity { return q }
    if q == -.infinity { return p }
    let m = max(p, q)
    return m + log1p(exp(-abs(p - q)))
  }

  /// log(e^p − e^q) for p ≥ q.
  static func logSubExp(_ p: Double, _ q: Double) -> Double {
    p + log1p(-exp(q - p))
  }

  /// log(Φ(b) − Φ(a)), the log of the standard normal probability of `a...b`.
  static func logMass(_ a: Double, _ b: Double) -> Double {
    if b <= 0 { return logSubExp(logCDF(b), logCDF(a)) }
    if a > 0 { return logSubExp(logCDF(-a), logCDF(-b)) }
    // Straddling 0: both tails are small, so subtract them from 1.
    let left = 0.5 * erfc(-a / 2.0.squareRoot())
    let right = 0.5 * erfc(b / 2.0.squareRoot())
    return log1p(-left - right)
  }

  /// The log density at `x` of the standard normal truncated to `a...b` (−∞ outside).
  static func logPDF(_ x: Double, _ a: Double, _ b: Double) -> Double {
    guard x >= a, x <= b else { return -.infinity }
    return -0.5 * x * x - logSqrtTwoPi - logMass(a, b)
  }

  /// The x with log Φ(x) = y (y ≤ 0), by Newton's method in log space.
  static func inverseLogCDF(_ y: Double) -> Double {
    // Near y = 0, solve for −x in the other tail, where log Φ is better conditioned.
    let flipped = y > -1e-2
    let z = flipped ? log(-expm1(y)) : y
    // Start from the Gaussian tail (far left) or the logistic approximation of Φ (moderate).
    var x = z < -5 ? -(-2 * (z + logSqrtTwoPi)).squareRoot() : -(3.0.squareRoot() / Double.pi) * log(expm1(-z))
    for _ in 0..<100 {
      let logCDFx = logCDF(x)
      let logPDFx = -0.5 * x * x - logSqrtTwoPi
      // d log Φ / dx = φ/Φ.
      let step = (logCDFx - z) * exp(logCDFx - logPDFx)
      x -= step
      if abs(step) < 1e-8 * abs(x) { break }
    }
    return flipped ? -x : x
  }

  /// The q-quantile (q in [0, 1]) of the standard normal truncated to `a...b`.
  static func quantile(_ q: Double, _ a: Double, _ b: Double) -> Double {
    if q <= 0 { return a }
    if q >= 1 { return b }
    let mass = logMass(a, b)
    let x: Double
    if a < 0 {
      // Φ(x) = Φ(a) + q (Φ(b) − Φ(a)).
      x = inverseLogCDF(logAddExp(logCDF(a), log(q) + mass))
    } else {
      // Mirror into the left tail: Φ(−x) = Φ(−b) + (1 − q)(Φ(b) − Φ(a)).
      x = -inverseLogCDF(logAddExp(logCDF(-b), log1p(-q) + mass))
    }
    return min(max(x, a), b)
  }
}
