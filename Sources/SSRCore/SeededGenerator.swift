/// A fast, seeded, platform-independent random number generator (xoshiro256**).
///
/// The same seed gives the same sequence on every platform and Swift version, unlike
/// `SystemRandomNumberGenerator`, so notebooks and experiments are reproducible.
/// The state is initialised from the seed with SplitMix64, as recommended by
/// Blackman & Vigna, "Scrambled Linear Pseudorandom Number Generators" (2021).
///
///     var rng = SeededGenerator(seed: 42)
///     let x = rng.nextDouble()      // uniform in [0, 1)
///     let i = rng.next(upperBound: 10)
public struct SeededGenerator: RandomNumberGenerator, Sendable {
  private var s0: UInt64
  private var s1: UInt64
  private var s2: UInt64
  private var s3: UInt64

  /// Creates a generator whose whole sequence is determined by `seed`.
  public init(seed: UInt64) {
    var sm = seed
    s0 = SeededGenerator.splitMix(&sm)
    s1 = SeededGenerator.splitMix(&sm)
    s2 = SeededGenerator.splitMix(&sm)
    s3 = SeededGenerator.splitMix(&sm)
  }

  /// One step of SplitMix64 (Steele, Lea & Flood 2014); also a good 64-bit mixing function.
  public static func splitMix(_ state: inout UInt64) -> UInt64 {
    state &+= 0x9E37_79B9_7F4A_7C15
    var z = state
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z >> 31)
  }

  /// Returns the next 64 random bits.
  public mutating func next() -> UInt64 {
    let result = rotl(s1 &* 5, 7) &* 9
    let t = s1 << 17
    s2 ^= s0
    s3 ^= s1
    s1 ^= s2
    s0 ^= s3
    s2 ^= t
    s3 = rotl(s3, 45)
    return result
  }

  /// A uniform `Double` in `[0, 1)` with 53 random bits.
  public mutating func nextDouble() -> Double {
    Double(next() >> 11) * 0x1.0p-53
  }

  /// A uniform `Float` in `[0, 1)` with 24 random bits.
  public mutating func nextFloat() -> Float {
    Float(next() >> 40) * 0x1.0p-24
  }

  /// A standard normal sample (Box–Muller; uses two uniforms).
  public mutating func nextNormal() -> Double {
    var u1 = nextDouble()
    while u1 <= .leastNormalMagnitude { u1 = nextDouble() }
    let u2 = nextDouble()
    return (-2 * _log(u1)).squareRoot() * _cos(2 * .pi * u2)
  }

  /// A uniform integer in `0..<upperBound` without modulo bias (Lemire's method).
  public mutating func next(upperBound: Int) -> Int {
    precondition(upperBound > 0, "upperBound must be positive")
    return Int(truncatingIfNeeded: next(upperBound: UInt64(upperBound)))
  }

  /// Derives an independent seed from a base seed and a label (for per-cell or per-run streams).
  public static func derive(seed: UInt64, label: String) -> UInt64 {
    var h = seed ^ 0xA076_1D64_78BD_642F
    for byte in label.utf8 {
      h = (h ^ UInt64(byte)) &* 0x0000_0100_0000_01B3
    }
    var state = h
    return splitMix(&state)
  }

  private func rotl(_ x: UInt64, _ k: UInt64) -> UInt64 {
    (x << k) | (x >> (64 - k))
  }
}

#if canImport(Glibc)
  import Glibc
  @inline(__always) private func _log(_ x: Double) -> Double { Glibc.log(x) }
  @inline(__always) private func _cos(_ x: Double) -> Double { Glibc.cos(x) }
#elseif canImport(Darwin)
  import Darwin
  @inline(__always) private func _log(_ x: Double) -> Double { Darwin.log(x) }
  @inline(__always) private func _cos(_ x: Double) -> Double { Darwin.cos(x) }
#endif
