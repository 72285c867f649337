import Foundation
import SSRTestSupport
import Testing
@testable import SSRTensor

@Suite("Random generators")
struct RandomTests {
  @Test("Philox 4x32-10 matches the Random123 known-answer vectors") func philoxKnownAnswers() {
    #expect(PhiloxGenerator.block(counter: .zero, key: .zero) == SIMD4(0x6627_e8d5, 0xe169_c58d, 0xbc57_ac4c, 0x9b00_dbd8))
    #expect(
      PhiloxGenerator.block(counter: SIMD4(repeating: 0xffff_ffff), key: SIMD2(repeating: 0xffff_ffff))
        == SIMD4(0x408f_276d, 0x41c8_3b0e, 0xa20b_c7c6, 0x6d54_51fd))
    #expect(
      PhiloxGenerator.block(counter: SIMD4(0x243f_6a88, 0x85a3_08d3, 0x1319_8a2e, 0x0370_7344), key: SIMD2(0xa409_3822, 0x299f_31d0))
        == SIMD4(0xd16c_fe09, 0x94fd_cceb, 0x5001_e420, 0x2412_6ea1))
  }

  @Test("The eight-lane Philox equals the scalar one") func philoxLanes() {
    let key = SIMD2<UInt32>(0x1234_5678, 0x9abc_def0)
    let c0 = SIMD8<UInt32>(0, 1, 0xffff_ffff, 7, 8, 9, 10, 0x8000_0000)
    let c1 = SIMD8<UInt32>(0, 0, 3, 0xffff_ffff, 5, 6, 7, 8)
    let (r0, r1, r2, r3) = PhiloxGenerator.block8(c0, c1, SIMD8(repeating: 11), SIMD8(repeating: 12), key: key)
    for j in 0..<8 {
      #expect(PhiloxGenerator.block(counter: SIMD4(c0[j], c1[j], 11, 12), key: key) == SIMD4(r0[j], r1[j], r2[j], r3[j]))
    }
  }

  @Test("Dropout masks use both 16-bit halves of the Philox stream") func dropoutMaskLayout() {
    var g = PhiloxGenerator(seed: 77, stream: 5)
    let y = dropout(Tensor.ones([3, 7]), p: 0.5, generator: &g)  // 21 elements: 3 blocks
    #expect(g.offset == 3)
    var expected: [Float] = []
    for b in 0..<3 {
      let r = PhiloxGenerator.block(counter: SIMD4(UInt32(b), 0, 5, 0), key: SIMD2(77, 0))
      for e in 0..<8 {
        let u = e % 2 == 0 ? r[e / 2] & 0xFFFF : r[e / 2] >> 16
        expected.append(u >= 32768 ? 2 : 0)
      }
    }
    #expect(y.scalars == Array(expected.prefix(21)))
    // A large mask (vector path, two threads) against the scalar definition.
    var big = PhiloxGenerator(seed: 3, stream: 9)
    let z = dropout(Tensor.ones([100, 333]), p: 0.3, generator: &big)
    let threshold = UInt32((0.3 * 65536.0).rounded())
    for b in [0, 1, 7, 8, 100, 4161] {
      let r = PhiloxGenerator.block(counter: SIMD4(UInt32(b), 0, 9, 0), key: SIMD2(3, 0))
      for e in 0..<8 where b * 8 + e < z.count {
        let u = e % 2 == 0 ? r[e / 2] & 0xFFFF : r[e / 2] >> 16
        #expect(z.scalars[b * 8 + e] == (u >= threshold ? 1 / Float(0.7) : 0), "block \(b) element \(e)")
      }
    }
  }

  @Test("Dropout masks are reproducible per seed and stream") func dropoutDeterminism() {
    let x = Tensor.ones([64, 129])
    var g1 = PhiloxGenerator(seed: 42, stream: 3), g2 = PhiloxGenerator(seed: 42, stream: 3), g3 = PhiloxGenerator(seed: 42, stream: 4)
    let a = dropout(x, p: 0.25, generator: &g1), b = dropout(x, p: 0.25, generator: &g2), c = dropout(x, p: 0.25, generator: &g3)
    #expect(a.scalars.map(\.bitPattern) == b.scalars.map(\.bitPattern))
    #expect(a.scalars != c.scalars)
    // The next call continues the stream rather than repeating the mask.
    let a2 = dropout(x, p: 0.25, generator: &g1)
    #expect(a2.scalars != a.scalars)
    // Kept elements are scaled by 1/(1 − p), and about p of them are dropped.
    let kept = a.scalars.filter { $0 != 0 }
    #expect(kept.allSatisfy { $0 == 1 / 0.75 })
    let dropped = Double(a.count - kept.count) / Double(a.count)
    #expect(Swift.abs(dropped - 0.25) < 0.02)
    // Single-threaded and two-threaded runs give the same bits.
    var g4 = PhiloxGenerator(seed: 42, stream: 3)
    let big = Tensor.ones([300, 1000])
    let saved = ComputeThreads.count
    ComputeThreads.set(1)
    let one = Tensor.uniform(big.shape, generator: &g4)
    ComputeThreads.set(2)
    var g5 = PhiloxGenerator(seed: 42, stream: 3)
    let two = Tensor.uniform(big.shape, generator: &g5)
    ComputeThreads.set(saved)
    #expect(one.scalars == two.scalars)
    #expect(one.scalars.allSatisfy { $0 >= 0 && $0 < 1 })
  }

  @Test("Initialisers are bit-reproducible and have the right moments") func initializers() {
    var g1 = InitGenerator(seed: 7), g2 = InitGenerator(seed: 7)
    let a = Tensor.normal([10_000], generator: &g1), b = Tensor.normal([10_000], generator: &g2)
    #expect(a.scalars.map(\.bitPattern) == b.scalars.map(\.bitPattern))
    // Literal first values: any change in the generator or the portable log shows up here.
    #expect(Array(a.scalars.prefix(4).map(\.bitPattern)) == RandomTests.firstNormalBits)
    let mean = a.scalars.reduce(0, +) / Float(a.count)
    let variance = a.scalars.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Float(a.count)
    #expect(Swift.abs(mean) < 0.03 && Swift.abs(variance - 1) < 0.05)
    var g3 = InitGenerator(seed: 1)
    let x = Tensor.xavierUniform([30, 50], generator: &g3)
    let bound = Float((6.0 / 80).squareRoot())
    #expect(x.scalars.allSatisfy { Swift.abs($0) <= bound })
    #expect(x.scalars.max()! > bound * 0.95)
    let xn = Tensor.xavierNormal([200, 300], generator: &g3)
    let std = (xn.scalars.map { $0 * $0 }.reduce(0, +) / Float(xn.count)).squareRoot()
    #expect(Swift.abs(std - Float((2.0 / 500).squareRoot())) < 0.002)
  }

  static let firstNormalBits: [UInt32] = [1_064_755_307, 3_213_371_665, 3_197_869_243, 3_213_667_079]

  @Test("The portable logarithm agrees with libm") func portableLog() {
    var worst = 0.0
    for x in [1e-300, 1e-10, 0.001, 0.3, 0.7071, 0.99999, 1, 1.00001, 1.5, 2, 3.7, 1e5, 1e300] {
      let err = Swift.abs(PortableMath.log(x) - Foundation.log(x)) / Swift.max(1e-300, Swift.abs(Foundation.log(x)))
      worst = Swift.max(worst, x == 1 ? Swift.abs(PortableMath.log(x)) : err)
    }
    #expect(worst < 1e-14)
  }
}
