import Foundation

/// Updates parameters from their accumulated gradients.
public protocol Optimizer: AnyObject {
  /// The step size used by the next ``step(_:)``.
  var learningRate: Float { get set }
  /// Applies one update to every trainable parameter that has a gradient.
  func step(_ parameters: [Parameter])
}

/// Per-parameter optimizer state, keyed by the parameter's identity (the parameter is retained, so
/// the key cannot be reused by another object).
struct ParameterStates<State> {
  private var entries: [ObjectIdentifier: (Parameter, State)] = [:]

  mutating func with<R>(_ p: Parameter, create: () -> State, _ body: (inout State) -> R) -> R {
    let key = ObjectIdentifier(p)
    var state = entries.removeValue(forKey: key)?.1 ?? create()
    let r = body(&state)
    entries[key] = (p, state)
    return r
  }

  /// The state of `p`, if it has one.
  func peek(_ p: Parameter) -> State? { entries[ObjectIdentifier(p)]?.1 }

  /// Sets the state of `p`.
  mutating func set(_ p: Parameter, _ state: State) { entries[ObjectIdentifier(p)] = (p, state) }

  /// Removes the state of `p`.
  mutating func remove(_ p: Parameter) { entries[ObjectIdentifier(p)] = nil }
}

/// Eight floats at `p` (any alignment).
@inline(__always) private func load8(_ p: UnsafePointer<Float>) -> SIMD8<Float> {
  UnsafeRawPointer(p).loadUnaligned(as: SIMD8<Float>.self)
}

/// Writes eight floats at `p` (any alignment).
@inline(__always) private func store8(_ v: SIMD8<Float>, _ p: UnsafeMutablePointer<Float>) {
  UnsafeMutableRawPointer(p).storeBytes(of: v, as: SIMD8<Float>.self)
}

/// Runs `body` over `count` elements of a parameter update in parallel chunks.
@inline(__always) func updateLoop(_ count: Int, _ body: (Range<Int>) -> Void) {
  parallelFor(count, grain: 1 << 16, body)
}

/// Stochastic gradient descent with momentum, dampening, Nesterov and L2 weight decay, matching
/// `torch.optim.SGD`.
public final class SGD: Optimizer {
  /// The step size.
  public var learningRate: Float
  /// The momentum factor (0 disables momentum).
  public let momentum: Float
  /// Dampening of the momentum update.
  public let dampening: Float
  /// L2 penalty added to the gradient.
  public let weightDecay: Float
  /// Whether to use Nesterov momentum.
  public let nesterov: Bool
  private var buffers = ParameterStates<Tensor?>()

  /// An SGD optimizer.
  public init(learningRate: Float, momentum: Float = 0, dampening: Float = 0, weightDecay: Float = 0, nesterov: Bool = false) {
    self.learningRate = learningRate
    self.momentum = momentum
    self.dampening = dampening
    self.weightDecay = weightDecay
    self.nesterov = nesterov
  }

  /// Applies one update.
  public func step(_ parameters: [Parameter]) {
    for p in parameters where p.isTrainable {
      guard let grad = p.grad else { continue }
      let (lr, mu, damp, wd, nest) = (learningRate, momentum, dampening, weightDecay, nesterov)
      buffers.with(p, create: { nil }) { buffer in
        let first = buffer == nil
        var buf = buffer ?? Tensor.zeros(p.shape)
        let g = grad.storage.pointer
        buf.makeUnique()
        let bp = SendablePointer(buf.storage.pointer)
        p.update { w in
          let wp = SendablePointer(w.baseAddress!)
          updateLoop(w.count) { r in
            for i in r {
              var d = g[i] + wd * wp.pointer[i]
              if mu != 0 {
                bp.pointer[i] = first ? d : mu * bp.pointer[i] + (1 - damp) * d
                d = nest ? d + mu * bp.pointer[i] : bp.pointer[i]
              }
              wp.pointer[i] -= lr * d
            }
          }
        }
        if mu != 0 { buffer = buf }
      }
    }
  }
}

/// Adam (Kingma & Ba), matching `torch.optim.Adam`: weight decay is an L2 term added to the
/// gradient, and the bias corrections use the step count.
public class Adam: Optimizer {
  /// The step size.
  public var learningRate: Float
  /// Decay rates of the first and second moment estimates.
  public let betas: (Float, Float)
  /// Added to the denominator for stability.
  public let eps: Float
  /// The weight decay factor.
  public let weightDecay: Float
  struct State {
    var m: Tensor
    var v: Tensor
    var step: Int
  }
  var states = ParameterStates<State>()

  /// An Adam optimizer.
  public init(learningRate: Float = 1e-3, betas: (Float, Float) = (0.9, 0.999), eps: Float = 1e-8, weightDecay: Float = 0) {
    self.learningRate = learningRate
    self.betas = betas
    self.eps = eps
    self.weightDecay = weightDecay
  }

  /// Whether weight decay is decoupled from the gradient (AdamW).
  var decoupled: Bool { false }

  /// The moment estimates and step count of each of `parameters` (nil for one not updated yet),
  /// in their order: what a training checkpoint keeps so that a resumed run takes the same steps.
  public func moments(of parameters: [Parameter]) -> [AdamMoments?] {
    parameters.map { p in states.peek(p).map { AdamMoments(m: $0.m, v: $0.v, step: $0.step) } }
  }

  /// Sets the moment estimates of `parameters` (in their order) to `moments`, as ``moments(of:)``
  /// gave them; a nil entry clears that parameter's state.
  ///
  /// - Precondition: one entry per parameter, each with its parameter's shape.
  public func restore(_ moments: [AdamMoments?], of parameters: [Parameter]) {
    precondition(moments.count == parameters.count, "\(moments.count) moment entries for \(parameters.count) parameters")
    for (p, entry) in zip(parameters, moments) {
      guard let entry else {
        states.remove(p)
        continue
      }
      precondition(entry.m.shape == p.shape && entry.v.shape == p.shape, "moments of shape \(entry.m.shape) for a parameter of shape \(p.shape)")
      states.set(p, State(m: entry.m.detached(), v: entry.v.detached(), step: entry.step))
    }
  }

  /// Applies one update.
  public func step(_ parameters: [Parameter]) {
    let (b1, b2) = betas
    let (lr, eps, wd, decoupled) = (learningRate, eps, weightDecay, decoupled)
    for p in parameters where p.isTrainable {
      guard let grad = p.grad else { continue }
      states.with(p, create: { State(m: Tensor.zeros(p.shape), v: Tensor.zeros(p.shape), step: 0) }) { s in
        s.step += 1
        s.m.makeUnique()
        s.v.makeUnique()
        let bc1 = 1 - Foundation.pow(Double(b1), Double(s.step))
        let bc2 = 1 - Foundation.pow(Double(b2), Double(s.step))
        let stepSize = Float(Double(lr) / bc1)
        let bc2Sqrt = Float(bc2.squareRoot())
        let g = grad.storage.pointer
        let m = SendablePointer(s.m.storage.pointer), v = SendablePointer(s.v.storage.pointer)
        p.update { w in
          let wp = SendablePointer(w.baseAddress!)
          updateLoop(w.count) { r in
            // Eight lanes at a time; the last partial vector goes through the same arithmetic
            // with zero padding, so no element's result depends on where it falls.
            var i = r.lowerBound
            while i < r.upperBound {
              let lanes = Swift.min(8, r.upperBound - i)
              var wi = SIMD8<Float>(), gi = SIMD8<Float>(), mi = SIMD8<Float>(), vi = SIMD8<Float>()
              if lanes == 8 {
                (wi, gi) = (load8(wp.pointer + i), load8(g + i))
                (mi, vi) = (load8(m.pointer + i), load8(v.pointer + i))
              } else {
                for j in 0..<lanes {
                  (wi[j], gi[j], mi[j], vi[j]) = (wp.pointer[i + j], g[i + j], m.pointer[i + j], v.pointer[i + j])
                }
              }
              if decoupled {
                wi *= 1 - lr * wd
              } else {
                gi += wd * wi
              }
              mi = b1 * mi + (1 - b1) * gi
              vi = b2 * vi + (1 - b2) * gi * gi
              let denom = vi.squareRoot() / bc2Sqrt + eps
              wi -= stepSize * mi / denom
              if lanes == 8 {
                store8(wi, wp.pointer + i)
                store8(mi, m.pointer + i)
                store8(vi, v.pointer + i)
              } else {
                for j in 0..<lanes {
                  (wp.pointer[i + j], m.pointer[i + j], v.pointer[i + j]) = (wi[j], mi[j], vi[j])
                }
              }
              i += lanes
            }
          }
        }
      }
    }
  }
}

/// One parameter's Adam state: the first and second moment estimates and the steps taken.
public struct AdamMoments {
  /// The first moment estimate (same shape as the parameter).
  public var m: Tensor
  /// The second moment estimate.
  public var v: Tensor
  /// The updates applied so far (for the bias corrections).
  public var step: Int

  /// A state.
  public init(m: Tensor, v: Tensor, step: Int) {
    self.m = m
    self.v = v
    self.step = step
  }
}

/// AdamW (Loshchilov & Hutter), matching `torch.optim.AdamW`: the weights shrink by
/// `lr · weightDecay` before the Adam step, instead of an L2 term in the gradient.
public final class AdamW: Adam {
  /// An AdamW optimizer (PyTorch's default weight decay is 0.01).
  public override init(learningRate: Float = 1e-3, betas: (Float, Float) = (0.9, 0.999), eps: Float = 1e-8, weightDecay: Float = 0.01) {
    super.init(learningRate: learningRate, betas: betas, eps: eps, weightDecay: weightDecay)
  }

  override var decoupled: Bool { true }
}

/// Scales all gradients so that their joint L2 norm is at most `maxNorm`, as
/// `torch.nn.utils.clip_grad_norm_`; returns the norm before clipping.
@discardableResult
public func clipGradNorm(_ parameters: [Parameter], maxNorm: Float) -> Float {
  var total: Double = 0
  for p in parameters {
    guard let g = p.grad else { continue }
    g.withUnsafeBufferPointer { b in
      var s: Double = 0
      for x in b { s += Double(x) * Double(x) }
      total += s
    }
  }
  let norm = Float(total.squareRoot())
  let coefficient = maxNorm / (norm + 1e-6)
  if coefficient < 1 {
    for p in parameters {
      guard var g = p.grad else { continue }
      p.grad = nil
      g.withUnsafeMutableBufferPointer { b in
        for i in b.indices { b[i] *= coefficient }
      }
      p.grad = g
    }
  }
  return norm
}

/// A learning rate as a function of the epoch (or step) number, starting at 0.
public enum LearningRateSchedule: Sendable {
  /// The same rate throughout.
  case constant(Float)
  /// Cosine annealing from `base` to `minimum` over `period` epochs, continuing periodically
  /// afterwards, as `torch.optim.lr_scheduler.CosineAnnealingLR(T_max: period, eta_min: minimum)`.
  case cosine(base: Float, minimum: Float, period: Int)
  /// A linear ramp from `base · startFactor` to `base` over `steps`, then `base`, as
  /// `torch.optim.lr_scheduler.LinearLR(start_factor:, end_factor: 1, total_iters: steps)`.
  case linearWarmup(base: Float, startFactor: Float, steps: Int)

  /// The learning rate at `epoch`.
  public func callAsFunction(_ epoch: Int) -> Float {
    switch self {
    case .constant(let rate):
      return rate
    case .cosine(let base, let minimum, let period):
      precondition(period > 0, "cosine period must be positive")
      let t = Double(epoch) / Double(period)
      return Float(Double(minimum) + (Double(base) - Double(minimum)) * (1 + cos(Double.pi * t)) / 2)
    case .linearWarmup(let base, let startFactor, let steps):
      precondition(steps > 0, "warm-up length must be positive")
      let progress = Double(Swift.min(Swift.max(epoch, 0), steps)) / Double(steps)
      return Float(Double(base) * (Double(startFactor) + (1 - Double(startFactor)) * progress))
    }
  }
}
