/// The Philox 4×32-10 counter-based generator (Salmon et al., "Parallel random numbers: as easy as
/// 1, 2, 3", SC 2011), the generator behind PyTorch's dropout masks on GPUs (cuRAND).
///
/// A block of four 32-bit outputs is a pure function of a 128-bit counter and a 64-bit key, so
/// any part of a stream can be computed independently and in parallel. This generator uses the key
/// for the seed, counter words 2–3 for the stream, and words 0–1 for the position in the stream.
public struct PhiloxGenerator: RandomNumberGenerator, Sendable {
  /// The 64-bit key (the seed).
  public let seed: UInt64
  /// The stream number (independent sequences for the same seed).
  public let stream: UInt64
  /// The index of the next 128-bit block.
  public private(set) var offset: UInt64 = 0
  private var buffer: SIMD4<UInt32> = .zero
  private var used = 4

  /// A generator for `seed` and `stream`, starting at block 0.
  public init(seed: UInt64, stream: UInt64 = 0) {
    self.seed = seed
    self.stream = stream
  }

  /// Where the generator is in its stream: the next block and how many words of the current
  /// block were drawn (4: none left). With ``init(seed:stream:position:)`` it continues a stream
  /// exactly (a training checkpoint keeps the dropout masks of a resumed run).
  public var position: PhiloxPosition { PhiloxPosition(offset: offset, used: used) }

  /// A generator for `seed` and `stream` that continues from `position`.
  public init(seed: UInt64, stream: UInt64, position: PhiloxPosition) {
    self.init(seed: seed, stream: stream)
    offset = position.offset
    used = Swift.min(Swift.max(position.used, 0), 4)
    if used < 4, offset > 0 { buffer = Self.block(counter: counter(offset - 1), key: key) } else { used = 4 }
  }

  /// One Philox 4×32-10 block for `counter` and `key`.
  @inline(__always)
  public static func block(counter: SIMD4<UInt32>, key: SIMD2<UInt32>) -> SIMD4<UInt32> {
    var c = counter
    var k0 = key[0], k1 = key[1]
    for round in 0..<10 {
      if round > 0 {
        k0 &+= 0x9E37_79B9
        k1 &+= 0xBB67_AE85
      }
      let p0 = UInt64(0xD251_1F53) &* UInt64(c[0])
      let p1 = UInt64(0xCD9E_8D57) &* UInt64(c[2])
      let hi0 = UInt32(truncatingIfNeeded: p0 >> 32), lo0 = UInt32(truncatingIfNeeded: p0)
      let hi1 = UInt32(truncatingIfNeeded: p1 >> 32), lo1 = UInt32(truncatingIfNeeded: p1)
      c = SIMD4(hi1 ^ c[1] ^ k0, lo1, hi0 ^ c[3] ^ k1, lo0)
    }
    return c
  }

  /// The key words for this generator's seed.
  var key: SIMD2<UInt32> {
    SIMD2(UInt32(truncatingIfNeeded: seed), UInt32(truncatingIfNeeded: seed >> 32))
  }

  /// The counter of block `index` in this generator's stream.
  @inline(__always) func counter(_ index: UInt64) -> SIMD4<UInt32> {
    SIMD4(
      UInt32(truncatingIfNeeded: index), UInt32(truncatingIfNeeded: index >> 32),
      UInt32(truncatingIfNeeded: stream), UInt32(truncatingIfNeeded: stream >> 32))
  }

  /// The next 32 random bits.
  public mutating func next32() -> UInt32 {
    if used == 4 {
      buffer = Self.block(counter: counter(offset), key: key)
      offset &+= 1
      used = 0
    }
    defer { used += 1 }
    return buffer[used]
  }

  /// The next 64 random bits.
  public mutating func next() -> UInt64 {
    UInt64(next32()) << 32 | UInt64(next32())
  }

  /// Reserves `blocks` whole blocks for bulk use and returns the index of the first
  /// (the next scalar draw starts after them).
  public mutating func reserveBlocks(_ blocks: Int) -> UInt64 {
    used = 4
    let start = offset
    offset &+= UInt64(blocks)
    return start
  }

  /// Eight Philox blocks at once (lane j computes the block with counter words `c0[j]…c3[j]`).
  @inline(__always)
  static func block8(
    _ c0: SIMD8<UInt32>, _ c1: SIMD8<UInt32>, _ c2: SIMD8<UInt32>, _ c3: SIMD8<UInt32>, key: SIMD2<UInt32>
  ) -> (SIMD8<UInt32>, SIMD8<UInt32>, SIMD8<UInt32>, SIMD8<UInt32>) {
    var (x0, x1, x2, x3) = (c0, c1, c2, c3)
    var k0 = SIMD8<UInt32>(repeating: key[0]), k1 = SIMD8<UInt32>(repeating: key[1])
    let m0 = SIMD8<UInt64>(repeating: 0xD251_1F53), m1 = SIMD8<UInt64>(repeating: 0xCD9E_8D57)
    for round in 0..<10 {
      if round > 0 {
        k0 &+= 0x9E37_79B9
        k1 &+= 0xBB67_AE85
      }
      let p0 = SIMD8<UInt64>(truncatingIfNeeded: x0) &* m0
      let p1 = SIMD8<UInt64>(truncatingIfNeeded: x2) &* m1
      let hi0 = SIMD8<UInt32>(truncatingIfNeeded: p0 &>> 32), lo0 = SIMD8<UInt32>(truncatingIfNeeded: p0)
      let hi1 = SIMD8<UInt32>(truncatingIfNeeded: p1 &>> 32), lo1 = SIMD8<UInt32>(truncatingIfNeeded: p1)
      (x0, x1, x2, x3) = (hi1 ^ x1 ^ k0, lo1, hi0 ^ x3 ^ k1, lo0)
    }
    return (x0, x1, x2, x3)
  }

  /// Fills `count` floats with uniform values in `[0, 1)` (24 random bits each) from the blocks
  /// starting at `firstBlock`, eight blocks at a time and in parallel when large. The values depend
  /// only on seed, stream, `firstBlock` and position.
  func fillUniform(_ out: UnsafeMutablePointer<Float>, count: Int, firstBlock: UInt64) {
    let blocks = (count + 3) / 4
    let key = self.key
    let s0 = UInt32(truncatingIfNeeded: stream), s1 = UInt32(truncatingIfNeeded: stream >> 32)
    let po = SendablePointer(out)
    let lanes = SIMD8<UInt64>(0, 1, 2, 3, 4, 5, 6, 7)
    parallelFor(blocks, grain: 1 << 12) { range in
      var b = range.lowerBound
      // Whole groups of eight blocks whose outputs all fall inside `count`.
      while b + 8 <= range.upperBound && (b + 8) * 4 <= count {
        let index = SIMD8<UInt64>(repeating: firstBlock &+ UInt64(b)) &+ lanes
        let (r0, r1, r2, r3) = PhiloxGenerator.block8(
          SIMD8<UInt32>(truncatingIfNeeded: index), SIMD8<UInt32>(truncatingIfNeeded: index &>> 32),
          SIMD8<UInt32>(repeating: s0), SIMD8<UInt32>(repeating: s1), key: key)
        let scale = SIMD8<Float>(repeating: 0x1p-24)
        let f0 = SIMD8<Float>(SIMD8<Int32>(truncatingIfNeeded: r0 &>> 8)) * scale
        let f1 = SIMD8<Float>(SIMD8<Int32>(truncatingIfNeeded: r1 &>> 8)) * scale
        let f2 = SIMD8<Float>(SIMD8<Int32>(truncatingIfNeeded: r2 &>> 8)) * scale
        let f3 = SIMD8<Float>(SIMD8<Int32>(truncatingIfNeeded: r3 &>> 8)) * scale
        let d = po.pointer + b * 4
        for j in 0..<8 {
          d[j * 4] = f0[j]
          d[j * 4 + 1] = f1[j]
          d[j * 4 + 2] = f2[j]
          d[j * 4 + 3] = f3[j]
        }
        b += 8
      }
      while b < range.upperBound {
        let index = firstBlock &+ UInt64(b)
        let c = SIMD4<UInt32>(UInt32(truncatingIfNeeded: index), UInt32(truncatingIfNeeded: index >> 32), s0, s1)
        let r = PhiloxGenerator.block(counter: c, key: key)
        let base = b * 4
        for j in 0..<Swift.min(4, count - base) {
          po.pointer[base + j] = Float(r[j] >> 8) * 0x1p-24
        }
        b += 1
      }
    }
  }

  /// Fills `count` floats with a dropout mask: `scale` with probability 1 − threshold/65536, else 0.
  /// Each 32-bit output gives two 16-bit uniforms, so one block covers eight elements.
  func fillDropoutMask(_ out: UnsafeMutablePointer<Float>, count: Int, firstBlock: UInt64, threshold: UInt32, scale: Float) {
    let blocks = (count + 7) / 8
    let key = self.key
    let s0 = UInt32(truncatingIfNeeded: stream), s1 = UInt32(truncatingIfNeeded: stream >> 32)
    let po = SendablePointer(out)
    let lanes = SIMD8<UInt64>(0, 1, 2, 3, 4, 5, 6, 7)
    let t = SIMD8<UInt32>(repeating: threshold), zero = SIMD8<Float>(repeating: 0), keep = SIMD8<Float>(repeating: scale)
    let low = SIMD8<UInt32>(repeating: 0xFFFF)
    parallelFor(blocks, grain: 1 << 11) { range in
      var b = range.lowerBound
      while b + 8 <= range.upperBound && (b + 8) * 8 <= count {
        let index = SIMD8<UInt64>(repeating: firstBlock &+ UInt64(b)) &+ lanes
        let (r0, r1, r2, r3) = PhiloxGenerator.block8(
          SIMD8<UInt32>(truncatingIfNeeded: index), SIMD8<UInt32>(truncatingIfNeeded: index &>> 32),
          SIMD8<UInt32>(repeating: s0), SIMD8<UInt32>(repeating: s1), key: key)
        let d = po.pointer + b * 8
        @inline(__always) func put(_ w: Int, _ r: SIMD8<UInt32>) {
          let lo = zero.replacing(with: keep, where: (r & low) .>= t)
          let hi = zero.replacing(with: keep, where: (r &>> 16) .>= t)
          for j in 0..<8 {
            d[j * 8 + 2 * w] = lo[j]
            d[j * 8 + 2 * w + 1] = hi[j]
          }
        }
        put(0, r0)
        put(1, r1)
        put(2, r2)
        put(3, r3)
        b += 8
      }
      while b < range.upperBound {
        let index = firstBlock &+ UInt64(b)
        let r = PhiloxGenerator.block(counter: SIMD4(UInt32(truncatingIfNeeded: index), UInt32(truncatingIfNeeded: index >> 32), s0, s1), key: key)
        for e in 0..<Swift.min(8, count - b * 8) {
          let word = r[e / 2]
          let u = e % 2 == 0 ? word & 0xFFFF : word >> 16
          po.pointer[b * 8 + e] = u >= threshold ? scale : 0
        }
        b += 1
      }
    }
  }
}

extension Tensor {
  /// Uniform values in `[0, 1)` from a Philox stream (advances the generator).
  public static func uniform(_ shape: [Int], generator: inout PhiloxGenerator) -> Tensor {
    let out = Tensor(uninitializedShape: shape)
    let first = generator.reserveBlocks((out.count + 3) / 4)
    generator.fillUniform(out.storage.pointer, count: out.count, firstBlock: first)
    return out
  }
}

/// Inverted dropout: zeroes each element with probability `p` and scales the rest by 1/(1 − p).
/// The mask comes from `generator` (Philox 4×32-10, two 16-bit uniforms per 32-bit output, so `p`
/// is applied in steps of 1/65536), and the same seed and stream give the same mask.
///
/// - Precondition: `0 <= p < 1`.
public func dropout(_ x: Tensor, p: Float, generator: inout PhiloxGenerator) -> Tensor {
  precondition(p >= 0 && p < 1, "dropout probability must be in [0, 1), got \(p)")
  if p == 0 { return x }
  let mask = Tensor(uninitializedShape: x.shape)
  let first = generator.reserveBlocks((mask.count + 7) / 8)
  let threshold = UInt32(Swift.min(65535, (Double(p) * 65536).rounded()))
  generator.fillDropoutMask(mask.storage.pointer, count: mask.count, firstBlock: first, threshold: threshold, scale: 1 / (1 - p))
  let y = zipMap(x, mask) { $0 * $1 }
  return y.recorded([x]) { g in [zipMap(g, mask) { $0 * $1 }] }
}

/// A ``PhiloxGenerator``'s place in its stream (see ``PhiloxGenerator/position``).
public struct PhiloxPosition: Sendable, Hashable, Codable {
  /// The index of the next 128-bit block.
  public var offset: UInt64
  /// The 32-bit words of the last block already drawn (4 when it is used up).
  public var used: Int

  /// A position.
  public init(offset: UInt64, used: Int) {
    self.offset = offset
    self.used = used
  }
}
