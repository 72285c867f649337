/// How ``spikeLinear(_:weight:bias:activation:path:)`` computes its products.
public enum SpikeLinearPath: String, Sendable, CaseIterable {
  /// In ``NumericsMode/fast`` mode, event-driven when the layer has at least
  /// ``eventDrivenMinimumOutputs`` outputs and the input's non-zero fraction, counted on every
  /// call, is below ``eventDrivenRateLimit``; dense otherwise. Always dense in
  /// ``NumericsMode/reproducible`` mode, whose results are golden tests on every CPU: they then
  /// rest on the one matrix kernel that mode is defined by.
  case automatic
  /// Always the dense product (``linear(_:weight:bias:activation:)``).
  case dense
  /// Always event-driven: one weight row added per non-zero input.
  case eventDriven

  /// The non-zero fraction of the input under which ``automatic`` takes the event-driven path
  /// (for layers with at least ``eventDrivenMinimumOutputs`` outputs).
  ///
  /// Set from `ssr-bench --spikes` on ml-1m (`bench/results/spike-kernels.md`): at 4–17 % non-zero
  /// inputs the event-driven path cost 0.75–0.97× the dense one for 64- and 256-wide outputs, and
  /// 1.66× at 30 % (SCaser's 160→64 layer). No finer sweep over rates has been run.
  public static let eventDrivenRateLimit = 0.2

  /// The fewest outputs for which ``automatic`` considers the event-driven path: adding a weight
  /// row of a few floats per spike does not beat a dense product (SCaser's 8-wide horizontal
  /// convolutions were 1.1–1.9× slower event-driven at 6.6 % non-zero inputs).
  public static let eventDrivenMinimumOutputs = 32

  @TaskLocal static var scoped: SpikeLinearPath?

  /// The path that calls asking for ``automatic`` take on this task (``automatic`` unless a
  /// ``run(_:)`` scope says otherwise).
  public static var current: SpikeLinearPath { scoped ?? .automatic }

  /// Runs `body` with every ``spikeLinear(_:weight:bias:activation:path:)`` call that asks for
  /// ``automatic`` taking this path instead (for benchmarks and for comparing the paths).
  public func run<R>(_ body: () throws -> R) rethrows -> R {
    try SpikeLinearPath.$scoped.withValue(self, operation: body)
  }
}

/// `activation(x · weightᵀ + bias)` for inputs that are mostly zeros — spikes, or sums and means of
/// spikes — as ``linear(_:weight:bias:activation:)``, computed event-driven when that is cheaper:
/// the forward pass adds the weight column `weight[:, k]` (scaled by `x[…, k]`, a no-op for a
/// spike) for every non-zero input `k`, and the weight gradient adds each row of the output
/// gradient to the columns of the inputs that were non-zero in that row. The input gradient
/// `g · weight` is dense either way (a surrogate gradient reaches every neuron).
///
/// Which path runs is chosen per call (`path`, by default ``SpikeLinearPath/automatic``: by the
/// layer's width and the input's non-zero fraction, see ``SpikeLinearPath/automatic``). Both paths give
/// the same values: the event-driven kernels add their terms in the order of
/// ``NumericsMode/reproducible`` mode's matrix kernel, so in that mode they agree with the dense
/// path bit for bit (notebook outputs do not depend on the path), and in ``NumericsMode/fast`` mode
/// they differ from OpenBLAS's only by float rounding.
public func spikeLinear(
  _ x: Tensor, weight: Tensor, bias: Tensor? = nil, activation: Activation = .identity,
  path: SpikeLinearPath = .automatic
) -> Tensor {
  precondition(weight.rank == 2, "spikeLinear weight must be [out, in], got \(weight.shape)")
  let outFeatures = weight.shape[0], inFeatures = weight.shape[1]
  precondition(x.shape.last == inFeatures, "spikeLinear: input \(x.shape) does not end in \(inFeatures)")
  if let bias { precondition(bias.shape == [outFeatures], "spikeLinear bias must be [\(outFeatures)], got \(bias.shape)") }
  let chosen = path == .automatic ? SpikeLinearPath.current : path
  let x2 = x.detached().reshaped([-1, inFeatures])
  let rows = x2.shape[0]
  var entries: SpikeRows? = nil
  let eventDriven: Bool
  switch chosen {
  case .dense: eventDriven = false
  case .eventDriven: eventDriven = true
  case .automatic:
    if NumericsMode.current == .fast && outFeatures >= SpikeLinearPath.eventDrivenMinimumOutputs {
      entries = SpikeRows(x2.storage.pointer, rows: rows, columns: inFeatures)
      eventDriven = entries!.nonZeroFraction < SpikeLinearPath.eventDrivenRateLimit
    } else {
      eventDriven = false
    }
  }
  SpikeLinearLog.current?.add(rows: rows, inFeatures: inFeatures, outFeatures: outFeatures, x: x2, eventDriven: eventDriven)
  guard eventDriven else { return linear(x, weight: weight, bias: bias, activation: activation) }

  let spikes = entries ?? SpikeRows(x2.storage.pointer, rows: rows, columns: inFeatures)
  let transposedWeight = weight.detached().transposed()  // [in, out]: one contiguous row per input
  let z = Tensor(uninitializedShape: [rows, outFeatures])
  EventDrivenProduct.forward(spikes, transposedWeight: transposedWeight.storage.pointer, outer: outFeatures, into: z.storage.pointer)
  if let bias { addBiasToRows(z, bias) }
  let (y, saved) = activationForward(z, activation)
  let out = y.reshaped(Array(x.shape.dropLast()) + [outFeatures]).detached()
  var inputs = [x, weight]
  if let bias { inputs.append(bias) }
  return out.recorded(inputs) { g in
    let gz = activationBackward(g.reshaped([rows, outFeatures]), z, y, saved, activation)
    let gx = x.node == nil ? nil : gemmBatched(gz, weight, transposeA: false, transposeB: false, m: rows, n: inFeatures, k: outFeatures)
      .reshaped(x.shape)
    var gw: Tensor? = nil
    if weight.node != nil {
      let transposedGradient = Tensor(uninitializedShape: [inFeatures, outFeatures])
      withExtendedLifetime(x2) {
        EventDrivenProduct.weightGradient(spikes, outputGradient: gz.storage.pointer, outer: outFeatures, into: transposedGradient.storage.pointer)
      }
      gw = transposedGradient.transposed()
    }
    var result: [Tensor?] = [gx, gw]
    if let bias { result.append(bias.node == nil ? nil : gz.sum(axis: 0)) }
    return result
  }
}
