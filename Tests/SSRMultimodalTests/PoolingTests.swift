import SSRTensor
import SSRTestSupport
import Testing
@testable import SSRMultimodal

@Suite("pooling")
struct PoolingTests {
  /// Two texts of lengths 2 and 3 padded to 3, width 2; the padding row holds large values that
  /// must not leak into the result.
  let states = Tensor([1, 2, 3, -4, 100, 100, /**/ 0, 1, 2, 3, 4, -5], shape: [2, 3, 2])

  @Test("Mean pooling averages the real tokens only")
  func mean() {
    expectClose(meanPooled(states, lengths: [2, 3]).scalars, [2, -1, 2, -1 / 3])
  }

  @Test("Max pooling takes the largest real token")
  func max() {
    expectClose(maxPooled(states, lengths: [2, 3]).scalars, [3, 2, 4, 3])
  }

  @Test("L2 normalisation gives unit rows and leaves zero rows at zero")
  func normalization() {
    expectClose(l2Normalized(Tensor([3, 4, 0, 0], shape: [2, 2])).scalars, [0.6, 0.8, 0, 0])
  }
}
