import Foundation

/// One dimension of a search space: a name and the values it may take.
///
///     SearchParameter.int("embeddingSize", 40...150, step: 2)
///     SearchParameter.float("dropout", 0.1...0.9)
///     SearchParameter.logFloat("lr", 1e-4...1e-2)
///     SearchParameter.categorical("surrogate", [.string("atan"), .string("sigmoid")])
///
/// The checks (bounds, steps, choices) are made by ``SearchSpace/init(_:)``.
public struct SearchParameter: Sendable, Hashable {
  /// The values a parameter may take.
  public enum Domain: Sendable, Hashable {
    /// The integers `low, low + step, …` up to `high`; `log` samples on a log scale (step 1 only).
    case int(low: Int, high: Int, step: Int, log: Bool)
    /// The real numbers in `low...high`; `log` samples uniformly in log space (bounds above 0).
    case float(low: Double, high: Double, log: Bool)
    /// One of the listed values, unordered.
    case categorical([ParameterValue])
  }

  /// The parameter's name (unique in its space).
  public let name: String
  /// The values it may take.
  public let domain: Domain

  /// A parameter with a name and a domain.
  public init(name: String, domain: Domain) {
    self.name = name
    self.domain = domain
  }

  /// Integers in `range`, every `step` from its lower bound; `log: true` samples on a log scale.
  public static func int(_ name: String, _ range: ClosedRange<Int>, step: Int = 1, log: Bool = false) -> SearchParameter {
    SearchParameter(name: name, domain: .int(low: range.lowerBound, high: range.upperBound, step: step, log: log))
  }

  /// Real numbers between `low` and `high`, uniformly.
  public static func float(_ name: String, low: Double, high: Double) -> SearchParameter {
    SearchParameter(name: name, domain: .float(low: low, high: high, log: false))
  }

  /// Real numbers between `low` and `high`, uniformly in log space (both bounds above 0).
  public static func logFloat(_ name: String, low: Double, high: Double) -> SearchParameter {
    SearchParameter(name: name, domain: .float(low: low, high: high, log: true))
  }

  /// One of `choices`.
  public static func categorical(_ name: String, _ choices: [ParameterValue]) -> SearchParameter {
    SearchParameter(name: name, domain: .categorical(choices))
  }

  /// Whether it can take only one value (then samplers do not search it).
  public var isSingle: Bool {
    switch domain {
    case .int(let low, let high, _, _): return low == high
    case .float(let low, let high, _): return low == high
    case .categorical(let choices): return choices.count == 1
    }
  }

  /// Whether it is sampled on a log scale.
  public var isLog: Bool {
    switch domain {
    case .int(_, _, _, let log), .float(_, _, let log): return log
    case .categorical: return false
    }
  }

  /// The number that samplers work with: the value itself for numbers, the choice's index for a
  /// categorical parameter.
  public func internalValue(_ value: ParameterValue) -> Double {
    switch domain {
    case .int, .float: return value.asDouble ?? .nan
    case .categorical(let choices): return Double(choices.firstIndex(of: value) ?? 0)
    }
  }

  /// The value for a number in the internal representation (see ``internalValue(_:)``).
  public func value(internal x: Double) -> ParameterValue {
    switch domain {
    case .int(let low, let high, _, _): return .int(min(max(Int(x.rounded()), low), high))
    case .float(let low, let high, _): return .double(min(max(x, low), high))
    case .categorical(let choices): return choices[min(max(Int(x.rounded()), 0), choices.count - 1)]
    }
  }

  /// Whether `value` is one the parameter can take.
  public func contains(_ value: ParameterValue) -> Bool {
    switch (domain, value) {
    case (.int(let low, let high, let step, _), .int(let x)): return x >= low && x <= high && (x - low) % step == 0
    case (.float(let low, let high, _), .double(let x)): return x >= low && x <= high
    case (.categorical(let choices), _): return choices.contains(value)
    default: return false
    }
  }

  /// The values a grid visits: every integer step, every choice, or `points` evenly spaced numbers
  /// (evenly in log space for a log scale) for a real parameter.
  public func gridValues(points: Int) -> [ParameterValue] {
    switch domain {
    case .int(let low, let high, let step, _):
      return stride(from: low, through: high, by: step).map { .int($0) }
    case .float(let low, let high, let log):
      if low == high || points <= 1 { return [.double(low)] }
      let (a, b) = log ? (Foundation.log(low), Foundation.log(high)) : (low, high)
      return (0..<points).map { i in
        if i == points - 1 { return .double(high) }
        let x = a + (b - a) * Double(i) / Double(points - 1)
        return .double(log ? exp(x) : x)
      }
    case .categorical(let choices):
      return choices
    }
  }

  /// Throws unless the bounds, step and choices make a non-empty domain that can be sampled.
  func validate() throws(SearchSpaceError) {
    func fail(_ message: String) -> SearchSpaceError { SearchSpaceError(parameter: name, message) }
    guard !name.isEmpty else { throw SearchSpaceError(parameter: "", "a parameter has an empty name") }
    switch domain {
    case .int(let low, let high, let step, let log):
      guard low <= high else { throw fail("the lower bound \(low) is above the upper bound \(high); swap them") }
      guard step >= 1 else { throw fail("the step must be at least 1, got \(step)") }
      guard (high - low) % step == 0 else {
        let fitted = low + (high - low) / step * step
        throw fail("the range \(low)...\(high) is not a whole number of steps of \(step); use \(low)...\(fitted) or \(fitted + step)")
      }
      if log {
        guard low >= 1 else { throw fail("a log scale needs bounds of at least 1, got \(low)...\(high)") }
        guard step == 1 else { throw fail("a log scale takes step 1 only, got step \(step)") }
      }
    case .float(let low, let high, let log):
      guard low.isFinite, high.isFinite else { throw fail("the bounds must be finite numbers, got \(low)...\(high)") }
      guard low <= high else { throw fail("the lower bound \(low) is above the upper bound \(high); swap them") }
      if log, low <= 0 {
        throw fail("a log-uniform range needs bounds above 0, got \(low)...\(high); use a small positive lower bound such as 1e-5, or a uniform range")
      }
    case .categorical(let choices):
      guard !choices.isEmpty else { throw fail("the list of choices is empty; give at least one value") }
      var seen: Set<ParameterValue> = []
      for choice in choices {
        if case .double(let x) = choice, !x.isFinite { throw fail("the choice \(x) is not a finite number") }
        guard seen.insert(choice).inserted else { throw fail("the choice \(choice) is listed twice; list each value once") }
      }
    }
  }
}
