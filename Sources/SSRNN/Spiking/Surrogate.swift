import SSRTensor

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// A surrogate gradient for the Heaviside step Θ(x) (1 for x ≥ 0, else 0): the forward pass
/// fires, the backward pass uses the derivative g′ of a smooth stand-in (Neftci et al. 2019;
/// the forms and default α of SpikingJelly's `surrogate` module).
public enum Surrogate: Sendable, Hashable, CustomStringConvertible {
  /// g′(x) = α·σ(αx)·(1 − σ(αx)); SpikingJelly's default with α = 4.
  case sigmoid(alpha: Float = 4)
  /// g′(x) = α / (2·(1 + (π/2·α·x)²)), α = 2.
  case atan(alpha: Float = 2)
  /// g′(x) = (α/√π)·exp(−α²x²), α = 2.
  case erf(alpha: Float = 2)

  /// The surrogate derivative at `x`.
  @inline(__always) public func derivative(_ x: Float) -> Float {
    switch self {
    case .sigmoid(let alpha):
      let s = 1 / (1 + expf(-alpha * x))
      return alpha * s * (1 - s)
    case .atan(let alpha):
      let u = Float.pi / 2 * alpha * x
      return alpha / (2 * (1 + u * u))
    case .erf(let alpha):
      return alpha / Float.pi.squareRoot() * expf(-alpha * alpha * x * x)
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
      var g = Tensor(shape: inputs[0].shape)
      inputs[0].withUnsafeBufferPointer { input in
        gradient.withUnsafeBufferPointer { upstream in
          g.withUnsafeMutableBufferPointer { o in
            for i in 0..<input.count { o[i] = upstream[i] * surrogate.derivative(input[i]) }
          }
        }
      }
      return [g]
    })
  if let name, let recorder = SpikeRecorder.current { recorder.add(name, spikes: output) }
  return output
}
