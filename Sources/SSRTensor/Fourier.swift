import Foundation
import Synchronization

/// Real DFT bases for orthonormal `rfft`/`irfft`, cached per length.
enum DFTBases {
  private static let cache = Mutex<[Int: ([Float], [Float], [Float], [Float])]>([:])

  /// (forward cos, forward −sin) as `[n, n/2+1]`, and (inverse cos, inverse −sin) as `[n/2+1, n]`.
  static func bases(_ n: Int) -> (Tensor, Tensor, Tensor, Tensor) {
    let f = n / 2 + 1
    let values = cache.withLock { c -> ([Float], [Float], [Float], [Float]) in
      if let hit = c[n] { return hit }
      let scale = 1 / Double(n).squareRoot()
      var fc = [Float](repeating: 0, count: n * f), fs = fc
      var ic = [Float](repeating: 0, count: f * n), isn = ic
      for t in 0..<n {
        for k in 0..<f {
          // Reduce k·t mod n exactly before the angle, so large products do not lose precision.
          let angle = 2 * Double.pi * Double((k * t) % n) / Double(n)
          fc[t * f + k] = Float(cos(angle) * scale)
          fs[t * f + k] = Float(-sin(angle) * scale)
          // Inverse: bins 1..<n/2 appear twice in the Hermitian spectrum; DC and Nyquist once.
          let weight: Double = (k == 0 || (n % 2 == 0 && k == n / 2)) ? 1 : 2
          ic[k * n + t] = Float(weight * cos(angle) * scale)
          isn[k * n + t] = Float(-weight * sin(angle) * scale)
        }
      }
      let entry = (fc, fs, ic, isn)
      c[n] = entry
      return entry
    }
    return (
      Tensor(values.0, shape: [n, f]), Tensor(values.1, shape: [n, f]),
      Tensor(values.2, shape: [f, n]), Tensor(values.3, shape: [f, n])
    )
  }
}

/// The real-input DFT along `axis` with orthonormal scaling (`torch.fft.rfft(norm="ortho")`):
/// returns the real and imaginary parts, each with `n/2 + 1` entries along `axis`.
/// Computed as a product with precomputed bases, which is exact in the usual floating-point sense
/// and cheap for the short lengths of sequence models.
public func rfft(_ x: Tensor, axis: Int) -> (real: Tensor, imaginary: Tensor) {
  let a = Tensor.normalize(axis: axis, rank: x.rank)
  let n = x.shape[a]
  let (fc, fs, _, _) = DFTBases.bases(n)
  let moved = a == x.rank - 1 ? x : x.transposed(a, -1)
  let re = matmul(moved, fc), im = matmul(moved, fs)
  if a == x.rank - 1 { return (re, im) }
  return (re.transposed(a, -1), im.transposed(a, -1))
}

/// The inverse of ``rfft(_:axis:)`` for a real signal of length `n` (`torch.fft.irfft(n:norm="ortho")`).
/// As in PyTorch, the imaginary parts of the zero-frequency (and, for even `n`, Nyquist) bins are ignored.
public func irfft(real: Tensor, imaginary: Tensor, n: Int, axis: Int) -> Tensor {
  precondition(real.shape == imaginary.shape, "irfft: real \(real.shape) and imaginary \(imaginary.shape) differ")
  let a = Tensor.normalize(axis: axis, rank: real.rank)
  precondition(real.shape[a] == n / 2 + 1, "irfft: axis has \(real.shape[a]) bins, length \(n) needs \(n / 2 + 1)")
  let (_, _, ic, isn) = DFTBases.bases(n)
  let re = a == real.rank - 1 ? real : real.transposed(a, -1)
  let im = a == real.rank - 1 ? imaginary : imaginary.transposed(a, -1)
  let y = matmul(re, ic) + matmul(im, isn)
  return a == real.rank - 1 ? y : y.transposed(a, -1)
}
