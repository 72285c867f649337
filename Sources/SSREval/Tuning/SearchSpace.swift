/// The parameters a study searches, in order, checked once when the space is made.
///
///     let space = try SearchSpace([
///       .int("embeddingSize", 40...150, step: 2),
///       .logFloat("lr", low: 1e-4, high: 1e-2),
///       .float("dropout", low: 0.1, high: 0.9),
///     ])
public struct SearchSpace: Sendable, Hashable {
  /// The parameters in the order they were given.
  public let parameters: [SearchParameter]

  /// A space of `parameters`.
  ///
  /// - Throws: ``SearchSpaceError`` for an empty space, a repeated name, bounds in the wrong order,
  ///   a log scale with a bound at or below 0, a step that does not divide the range, or an empty or
  ///   repeated choice.
  public init(_ parameters: [SearchParameter]) throws(SearchSpaceError) {
    guard !parameters.isEmpty else {
      throw SearchSpaceError(parameter: "", "the search space has no parameters; name at least one")
    }
    var names: Set<String> = []
    for parameter in parameters {
      guard names.insert(parameter.name).inserted else {
        throw SearchSpaceError(parameter: parameter.name, "the parameter is given twice; give each once")
      }
      try parameter.validate()
    }
    self.parameters = parameters
  }

  /// The parameter called `name`.
  public subscript(name: String) -> SearchParameter? { parameters.first { $0.name == name } }

  /// The parameters' names in order.
  public var names: [String] { parameters.map(\.name) }

  /// Whether `configuration` has a value in its domain for every parameter.
  public func contains(_ configuration: Configuration) -> Bool {
    parameters.allSatisfy { parameter in configuration[parameter.name].map(parameter.contains) ?? false }
  }
}
