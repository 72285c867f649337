import Foundation
import SSRTestSupport
import Testing
@testable import SSRTensor

/// Forward values of operations against direct reference computations.
@Suite("Operations")
struct OpsTests {
  /// Reads `t` at a multi-index through a broadcast of its shape to `shape`.
  func broadcastRead(_ t: Tensor, _ index: [Int], _ shape: [Int]) -> Float {
    let offset = shape.count - t.rank
    var flat = 0
    for (i, s) in t.shape.enumerated() { flat = flat * s + (s == 1 ? 0 : index[i + offset]) }
    return t.scalars[flat]
  }

  func allIndices(_ shape: [Int]) -> [[Int]] {
    var result: [[Int]] = [[]]
    for s in shape { result = result.flatMap { prefix in (0..<s).map { prefix + [$0] } } }
    return result
  }

  @Test("broadcast(to:) copies every element from its source, -0 included") func broadcastTo() {
    let cases: [([Int], [Int])] = [([3, 1], [2, 3, 4]), ([1, 4], [5, 4]), ([4], [3, 2, 4]), ([2, 1, 3], [2, 5, 3]), ([1], [7]), ([2, 3], [2, 3])]
    for (from, to) in cases {
      let a = randomTensor(from, seed: 7)
      let out = a.broadcast(to: to)
      #expect(out.shape == to)
      #expect(out.scalars == allIndices(to).map { broadcastRead(a, $0, to) }, "\(from) → \(to)")
    }
    let big = randomTensor([1, 40, 64], seed: 8).broadcast(to: [4, 40, 64])
    #expect(Array(big.scalars[(3 * 40 * 64)...]) == randomTensor([40, 64], seed: 8).scalars)
    #expect(Tensor([-0.0]).broadcast(to: [3]).scalars.allSatisfy { $0 == 0 && $0.sign == .minus })
  }

  @Test("Broadcasting follows NumPy's rules") func broadcasting() {
    #expect(broadcastShapes([2, 1, 4], [3, 1]) == [2, 3, 4])
    #expect(broadcastShapes([], [5]) == [5])
    #expect(broadcastShapes([1], [0]) == [0])
    let pairs: [([Int], [Int])] = [([2, 1, 4], [3, 1]), ([4], [2, 3, 4]), ([2, 3, 1, 5], [3, 4, 1]), ([1, 1], [1]), ([3, 4], [3, 4])]
    for (sa, sb) in pairs {
      let a = randomTensor(sa, seed: 1), b = randomTensor(sb, seed: 2)
      let shape = broadcastShapes(sa, sb)
      let out = a * b - a
      let expected = allIndices(shape).map { i in broadcastRead(a, i, shape) * broadcastRead(b, i, shape) - broadcastRead(a, i, shape) }
      #expect(out.shape == shape)
      expectClose(out.scalars, expected, tolerance: 1e-6, "\(sa) \(sb)")
    }
    let big = randomTensor([300, 257], seed: 3), row = randomTensor([257], seed: 4)
    let sum = big + row
    #expect(sum.scalars[257 * 299 + 256] == big.scalars[257 * 299 + 256] + row.scalars[256])
  }

  @Test("Permutations and reductions match index arithmetic") func permuteAndReduce() {
    let x = randomTensor([2, 3, 4, 5], seed: 7)
    for perm in [[3, 1, 0, 2], [0, 2, 1, 3], [1, 0, 3, 2], [3, 2, 1, 0]] {
      let y = x.permuted(perm)
      let shape = perm.map { x.shape[$0] }
      let expected = allIndices(shape).map { i -> Float in
        var src = [Int](repeating: 0, count: 4)
        for (k, p) in perm.enumerated() { src[p] = i[k] }
        return x[src[0], src[1], src[2], src[3]]
      }
      #expect(y.scalars == expected, "perm \(perm)")
    }
    for axes in [[0], [1], [3], [0, 2], [1, 2], [0, 1, 2, 3], [1, 3]] {
      let s = x.sum(axes: axes)
      var expected: [Int: Double] = [:]
      var keys: [Int] = []
      for i in allIndices(x.shape) {
        let kept = (0..<4).filter { !axes.contains($0) }.map { i[$0] }
        var key = 0
        for (k, v) in kept.enumerated() { key = key * 10 + v + k * 0 }
        if expected[key] == nil { keys.append(key) }
        expected[key, default: 0] += Double(x[i[0], i[1], i[2], i[3]])
      }
      expectClose(s.scalars, keys.map { Float(expected[$0]!) }, tolerance: 1e-5, "sum \(axes)")
    }
    let m = x.max(axis: 2), am = x.argMax(axis: 2)
    for i in 0..<2 { for j in 0..<3 { for l in 0..<5 {
      let column = (0..<4).map { x[i, j, $0, l] }
      #expect(m[i, j, l] == column.max()!)
      #expect(Int(am.scalars[(i * 3 + j) * 5 + l]) == column.firstIndex(of: column.max()!)!)
    } } }
  }

  @Test("Vectorised functions are accurate") func accuracy() {
    let xs = (0..<4001).map { Float($0 - 2000) / 100 }  // -20 ... 20
    let t = Tensor(xs)
    func worst(_ y: Tensor, _ f: (Double) -> Double, relativeTo floor: Double) -> Double {
      zip(y.scalars, xs).map { Swift.abs(Double($0) - f(Double($1))) / Swift.max(floor, Swift.abs(f(Double($1)))) }.max()!
    }
    #expect(worst(t.exp(), { Foundation.exp($0) }, relativeTo: 1e-30) < 5e-7)
    #expect(worst(t.tanh(), { Foundation.tanh($0) }, relativeTo: 1e-30) < 5e-7)
    #expect(worst(t.sigmoid(), { 1 / (1 + Foundation.exp(-$0)) }, relativeTo: 1e-30) < 1e-6)
    // GELU is accurate to 2e-7·max(1, |x|) in absolute terms (as PyTorch's, which also uses 1 + erf).
    let gelu = t.gelu().scalars
    var geluError = 0.0
    for (y, x) in zip(gelu, xs) {
      let v = Double(x)
      let exact: Double = v * 0.5 * Foundation.erfc(-v / 2.0.squareRoot())
      let error: Double = Swift.abs(Double(y) - exact) / Swift.max(1, Swift.abs(v))
      geluError = Swift.max(geluError, error)
    }
    #expect(geluError < 2e-7)
    let e = Tensor([-100, -87, 88, 89, .infinity, -.infinity, .nan]).exp().scalars
    #expect(e[0] == 0 && e[1] > 0 && e[2].isFinite && e[3] == .infinity && e[4] == .infinity && e[5] == 0 && e[6].isNaN)
  }

  @Test("Softmax and cross-entropy are stable for large logits") func stability() {
    let big = Tensor([1000, 1001, 1002, -1000, 0, 1000], shape: [2, 3])
    let small = Tensor([0, 1, 2, -2000, -1000, 0], shape: [2, 3])
    expectClose(big.softmax().scalars, small.softmax().scalars, tolerance: 1e-6, "shift invariance")
    #expect(big.logSoftmax().isFinite)
    let ls = big.logSoftmax().scalars
    expectClose(Array(ls.prefix(3)), [-2.407606, -1.407606, -0.407606], tolerance: 1e-5, "log-softmax")
    let ce = crossEntropy(Tensor([1e4, -1e4, 0, 3e4], shape: [2, 2]), IndexTensor([1, 0]))
    #expect(ce.item == 2.5e4)
    let lse = Tensor([-Float.infinity, -.infinity, 0, 1], shape: [2, 2]).logSumExp(axis: 1)
    #expect(lse.scalars[0] == -.infinity)
    #expect(Swift.abs(lse.scalars[1] - Float(Foundation.log(1 + M_E))) < 1e-6)
    // All targets ignored: NaN, as PyTorch.
    #expect(crossEntropy(Tensor.zeros([2, 3]), IndexTensor([-100, -100])).item.isNaN)
    // `where` picks without mixing the unused side in (no inf·0 = NaN).
    #expect(`where`(Tensor([1, 0]), Tensor([.infinity, 1]), Tensor([2, .infinity])).scalars == [.infinity, .infinity])
  }

  @Test("Shape operations") func shapeOps() {
    let x = Tensor.arange(24).reshaped([2, 3, 4])
    #expect(x.sliced(axis: 1, 1, 3).scalars == [4, 5, 6, 7, 8, 9, 10, 11, 16, 17, 18, 19, 20, 21, 22, 23])
    #expect(x.sliced(axis: -1, -1, 4).scalars == [3, 7, 11, 15, 19, 23])
    let p = Tensor([1, 2, 3, 4], shape: [2, 2]).padded(axis: 1, before: 1, after: 2, value: -1)
    #expect(p.scalars == [-1, 1, 2, -1, -1, -1, 3, 4, -1, -1])
    let c = concatenated([Tensor([1, 2], shape: [1, 2]), Tensor([3, 4, 5, 6], shape: [2, 2])], axis: 0)
    #expect(c.shape == [3, 2] && c.scalars == [1, 2, 3, 4, 5, 6])
    let s = stacked([Tensor([1, 2]), Tensor([3, 4])], axis: 1)
    #expect(s.shape == [2, 2] && s.scalars == [1, 3, 2, 4])
    let parts = x.split(parts: 2, axis: 2)
    #expect(parts[1].scalars == [2, 3, 6, 7, 10, 11, 14, 15, 18, 19, 22, 23])
    #expect(x.take(IndexTensor([2, 0]), axis: 1).scalars == [8, 9, 10, 11, 0, 1, 2, 3, 20, 21, 22, 23, 12, 13, 14, 15])
    let gathered = x.takeAlong(IndexTensor([3, 0, 1, 2, 2, 2], shape: [2, 3, 1]), axis: 2)
    #expect(gathered.scalars == [3, 4, 9, 14, 18, 22])
    #expect(Tensor([1, 2, 3]).broadcast(to: [2, 3]).scalars == [1, 2, 3, 1, 2, 3])
    #expect(x.T.shape == [2, 4, 3])
    #expect(x.reshaped([-1, 6]).shape == [4, 6])
    let u = Tensor.arange(12).reshaped([1, 1, 3, 4]).unfolded(kernel: (2, 2))
    #expect(u.shape == [1, 4, 6])
    #expect(u.scalars.prefix(6) == [0, 1, 2, 4, 5, 6])
  }

  @Test("Ranking") func ranking() {
    let x = Tensor([0.5, 3, -1, 3, 2, 7, 7, 0, 1, 2], shape: [2, 5])
    let (v, i) = x.topK(3)
    #expect(v.scalars == [3, 3, 2, 7, 7, 2] && i.scalars == [1, 3, 4, 0, 1, 4])
    #expect(x.argSort().scalars == [2, 0, 4, 1, 3, 2, 3, 4, 0, 1])
    #expect(x.argSort(descending: true).scalars == [1, 3, 4, 0, 2, 0, 1, 4, 3, 2])
    let wide = randomTensor([4, 3417], seed: 11)
    let (tv, ti) = wide.topK(20)
    for r in 0..<4 {
      let row = Array(wide.scalars[(r * 3417)..<((r + 1) * 3417)])
      let sorted = row.enumerated().sorted { $0.element > $1.element || ($0.element == $1.element && $0.offset < $1.offset) }
      #expect(Array(ti.scalars[(r * 20)..<((r + 1) * 20)]).map(Int.init) == sorted.prefix(20).map(\.offset))
      #expect(Array(tv.scalars[(r * 20)..<((r + 1) * 20)]) == sorted.prefix(20).map(\.element))
    }
  }

  @Test("Real DFT round trip and convolution against loops") func fourierAndConv() {
    for n in [1, 2, 5, 8, 50] {
      let x = randomTensor([3, n], seed: UInt64(n))
      let (re, im) = rfft(x, axis: 1)
      for k in 0...(n / 2) {
        var sr = 0.0, si = 0.0
        for t in 0..<n {
          let angle = -2 * Double.pi * Double(k * t) / Double(n)
          sr += Double(x[1, t]) * Foundation.cos(angle)
          si += Double(x[1, t]) * Foundation.sin(angle)
        }
        let scale = 1 / Double(n).squareRoot()
        #expect(Swift.abs(Double(re[1, k]) - sr * scale) < 1e-5 && Swift.abs(Double(im[1, k]) - si * scale) < 1e-5)
      }
      expectClose(irfft(real: re, imaginary: im, n: n, axis: 1).scalars, x.scalars, tolerance: 1e-5, "round trip n=\(n)")
    }
    let img = randomTensor([2, 2, 5, 4], seed: 1), w = randomTensor([3, 2, 2, 3], seed: 2), b = Tensor([0.1, 0.2, 0.3])
    let y = conv2d(img, weight: w, bias: b)
    #expect(y.shape == [2, 3, 4, 2])
    for n in 0..<2 { for o in 0..<3 { for i in 0..<4 { for j in 0..<2 {
      var s = Double(b.scalars[o])
      for c in 0..<2 { for a in 0..<2 { for d in 0..<3 { s += Double(img[n, c, i + a, j + d]) * Double(w[o, c, a, d]) } } }
      #expect(Swift.abs(Double(y[n, o, i, j]) - s) < 1e-5)
    } } } }
  }

  @Test("Empty tensors", arguments: MatmulBackend.allCases)
  func empty(_ backend: MatmulBackend) {
    BLAS.withBackend(backend) {
      #expect(Tensor.zeros([0, 3]).sum(axis: 0).scalars == [0, 0, 0])
      #expect(Tensor.zeros([0, 3]).sum().item == 0)
      #expect(matmul(Tensor.zeros([0, 3]), Tensor.ones([3, 4])).shape == [0, 4])
      #expect(matmul(Tensor.ones([2, 0]), Tensor.ones([0, 4])).scalars == [Float](repeating: 0, count: 8))
      #expect(concatenated([Tensor.zeros([2, 0]), Tensor.ones([2, 1])], axis: 1).scalars == [1, 1])
      #expect(Tensor.zeros([0, 5]).softmax().shape == [0, 5])
      #expect((Tensor.zeros([0, 2]) + Tensor.ones([2])).shape == [0, 2])
      let (v, i) = Tensor.zeros([3, 4]).topK(0)
      #expect(v.shape == [3, 0] && i.count == 0)
    }
  }

  @Test("Shape errors stop the program (programmer errors)") func shapeErrorsTrap() async {
    await #expect(processExitsWith: .failure) { _ = Tensor.zeros([2, 3]) + Tensor.zeros([4]) }
    await #expect(processExitsWith: .failure) { _ = matmul(Tensor.zeros([2, 3]), Tensor.zeros([2, 3])) }
    await #expect(processExitsWith: .failure) { _ = Tensor.zeros([2, 3]).reshaped([4, 2]) }
  }

  @Test("Parallel kernels give the same results as one thread") func threadsAgree() {
    let x = randomTensor([300, 700], seed: 21), r = randomTensor([700], seed: 22)
    func run() -> [Float] {
      let a = (x * r + 1).gelu().softmax().sum(axis: 0)
      let b = layerNorm(x, weight: nil, bias: nil).tanh().mean(axis: 1)
      return a.scalars + b.scalars
    }
    let saved = ComputeThreads.count
    ComputeThreads.set(1)
    let one = run()
    ComputeThreads.set(2)
    let two = run()
    ComputeThreads.set(saved)
    #expect(one == two)
  }
}
