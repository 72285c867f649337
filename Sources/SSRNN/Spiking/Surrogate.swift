import SSRTensor

/// A surrogate gradient for the Heaviside step Θ(x) (1 for x ≥ 0, else 0): the forward pass
/// fires, the backward pass uses the derivative g′ of a smooth stand-in (Neftci et al. 2019;
/// the forms and default α of SpikingJelly's `surrogate` module).
public enum Surrogate: Sendable, Hashable, Codable, CustomStringConvertible {
  /// g′(x) = α·σ(αx)·(1 − σ(αx)); SpikingJelly's default with α = 4.
  case sigmoid(alpha: Float = 4)
  /// g′(x) = α / (2·(1 + (π/2·α·x)²)), α = 2.
  case atan(alpha: Float = 2)
  /// g′(x) = (α/√π)·exp(−α²x²), α = 2.
  case erf(alpha: Float = 2)

  /// The surrogate derivative at `x` (the same arithmetic as the vector form, lane by lane).
  @inline(__always) public func derivative(_ x: Float) -> Float {
    derivative(SIMD8(repeating: x))[0]
  }

  /// The surrogate derivative at each lane of `x`; the exponentials come from ``VectorMath``
  /// (about 2 ulp), so a whole row of neurons is one run of SIMD instructions.
  public func derivative(_ x: SIMD8<Float>) -> SIMD8<Float> {
    switch self {
    case .sigmoid(let alpha): return SigmoidDerivative(alpha: alpha)(x)
    case .atan(let alpha): return ATanDerivative(alpha: alpha)(x)
    case .erf(let alpha): return ErfDerivative(alpha: alpha)(x)
    }
  }

  /// `sigmoid(α=4)`, `atan(α=2)` or `erf(α=2)`.
  public var description: String {
    switch self {
    case .sigmoid(let alpha): return "sigmoid(α=\(alpha))"
    case .atan(let alpha): return "atan(α=\(alpha))"
    case .erf(let alpha): return "erf(α=\(alpha))"
    }
  }
}

/// Θ(x) elementwise (1 where x ≥ 0, else 0) with the surrogate's derivative in the backward pass
/// (SpikingJelly's surrogate function called directly, as SGRU4Rec's gates and SRSGNN's readout do).
/// When `name` is given and a ``SpikeRecorder`` is recording, the spikes are counted under it.
public func spike(_ x: Tensor, surrogate: Surrogate, name: String? = nil) -> Tensor {
  let output = customOp(
    [x],
    forward: { inputs in
      var out = Tensor(shape: inputs[0].shape)
      inputs[0].withUnsafeBufferPointer { input in
        out.withUnsafeMutableBufferPointer { o in
          for i in 0..<input.count { o[i] = input[i] >= 0 ? 1 : 0 }
        }
      }
      return out
    },
    backward: { inputs, _, gradient in
      let g = inputs[0].withUnsafeBufferPointer { input in
        gradient.withUnsafeBufferPointer { upstream in
          Tensor(unsafeUninitializedShape: inputs[0].shape) { o in
            let (u, x, out, n) = (upstream.baseAddress!, input.baseAddress!, o.baseAddress!, input.count)
            // One specialised loop per surrogate, so its exponential is inlined (a `switch` inside
            // the loop leaves it as an out-of-line call per vector).
            switch surrogate {
            case .sigmoid(let alpha): scaleByDerivative(SigmoidDerivative(alpha: alpha), u, x, out, n)
            case .atan(let alpha): scaleByDerivative(ATanDerivative(alpha: alpha), u, x, out, n)
            case .erf(let alpha): scaleByDerivative(ErfDerivative(alpha: alpha), u, x, out, n)
            }
          }
        }
      }
      return [g]
    })
  if let name, let recorder = SpikeRecorder.current { recorder.add(name, spikes: output) }
  return output
}

/// A surrogate derivative g′ on eight lanes; one conforming type per ``Surrogate`` case, so that
/// kernels generic over it are specialised per surrogate with the arithmetic inlined.
protocol SurrogateDerivative {
  /// g′ at each lane of `x`.
  func callAsFunction(_ x: SIMD8<Float>) -> SIMD8<Float>
}

/// α·σ(αx)·(1 − σ(αx)).
struct SigmoidDerivative: SurrogateDerivative {
  let alpha: Float
  @inline(__always) func callAsFunction(_ x: SIMD8<Float>) -> SIMD8<Float> {
    let s = VectorMath.sigmoid(alpha * x)
    return alpha * s * (1 - s)
  }
}

/// α / (2·(1 + (π/2·α·x)²)).
struct ATanDerivative: SurrogateDerivative {
  let alpha: Float
  @inline(__always) func callAsFunction(_ x: SIMD8<Float>) -> SIMD8<Float> {
    let u = (Float.pi / 2 * alpha) * x
    return alpha / (2 * (1 + u * u))
  }
}

/// (α/√π)·exp(−α²x²).
struct ErfDerivative: SurrogateDerivative {
  let alpha: Float
  @inline(__always) func callAsFunction(_ x: SIMD8<Float>) -> SIMD8<Float> {
    (alpha / Float.pi.squareRoot()) * VectorMath.exp(-(alpha * alpha) * x * x)
  }
}

/// `out[i] = upstream[i] · g′(x[i])` for `count` elements.
@inline(never)
func scaleByDerivative<D: SurrogateDerivative>(
  _ derivative: D, _ upstream: UnsafePointer<Float>, _ x: UnsafePointer<Float>, _ out: UnsafeMutablePointer<Float>, _ count: Int
) {
  var i = 0
  while i + 8 <= count {
    store(load(upstream + i) * derivative(load(x + i)), out + i)
    i += 8
  }
  if i < count {
    var u = SIMD8<Float>(repeating: 0), v = SIMD8<Float>(repeating: 0)
    for j in 0..<(count - i) { (u[j], v[j]) = (upstream[i + j], x[i + j]) }
    let r = u * derivative(v)
    for j in 0..<(count - i) { out[i + j] = r[j] }
  }
}
