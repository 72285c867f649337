/// A layer that draws random numbers while it trains (dropout): its generator's place in the
/// stream is part of a training run's state, so a run resumed from a checkpoint draws the masks
/// it would have drawn without the interruption.
public protocol StochasticLayer: Layer {
  /// The layer's random stream.
  var generator: PhiloxGenerator { get set }
}

extension Layer {
  /// This layer and every sublayer that draws random numbers, with dotted names (`"blocks.0.dropout"`;
  /// `""` for this layer itself), in ``namedParameters()`` order.
  public func stochasticLayers() -> [(name: String, layer: any StochasticLayer)] {
    var result: [(name: String, layer: any StochasticLayer)] = []
    if let own = self as? any StochasticLayer { result.append(("", own)) }
    for (name, layer) in sublayers {
      for (inner, found) in layer.stochasticLayers() {
        result.append((inner.isEmpty ? name : "\(name).\(inner)", found))
      }
    }
    return result
  }
}
