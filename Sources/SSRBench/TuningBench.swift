import Foundation
import SSREval

/// `ssr-bench --tpe FUNCTION`: runs one study on a standard test function and prints the best
/// value as one JSON line, for `bench/tpe_vs_optuna.py`, which runs Optuna's TPESampler on the
/// same functions (defined identically there). Every function is minimised.
enum TuningBench {
  /// A test function: its search space and its value at a configuration.
  struct Function: Sendable {
    let space: SearchSpace
    let value: @Sendable (Configuration) -> Double
  }

  /// The functions by name.
  ///
  /// - `sphere`: a shifted sphere over four floats, Σ (xᵢ − cᵢ)² with xᵢ ∈ [−5, 5] and
  ///   c = (1, −2, 0.5, 3); minimum 0.
  /// - `branin`: the Branin–Hoo function, x ∈ [−5, 10], y ∈ [0, 15]; minimum 0.397887.
  /// - `logint`: a learning rate on a log scale and two integers, (log₁₀ lr + 2.5)²
  ///   + ((width − 96)/30)² + 0.3 (layers − 2)², lr ∈ [1e-5, 1e-1] log, width ∈ 40…150 step 2,
  ///   layers ∈ 1…4; minimum 0.
  /// - `mixed`: a categorical and two floats, offset(c) + (x − 0.7)² + (log₁₀ y + 1)², c ∈ {a, b,
  ///   c, d} with offsets (0.8, 0, 0.4, 1.5), x ∈ [−3, 3], y ∈ [1e-3, 1] log; minimum 0.
  static func functions() throws -> [String: Function] {
    let centre = [1.0, -2.0, 0.5, 3.0]
    let offsets: [String: Double] = ["a": 0.8, "b": 0, "c": 0.4, "d": 1.5]
    return [
      "sphere": Function(space: try SearchSpace((0..<4).map { .float("x\($0)", low: -5, high: 5) })) { c in
        (0..<4).reduce(0) { sum, i in sum + (c.double("x\(i)") - centre[i]) * (c.double("x\(i)") - centre[i]) }
      },
      "branin": Function(space: try SearchSpace([.float("x", low: -5, high: 10), .float("y", low: 0, high: 15)])) { c in
        let (x, y) = (c.double("x"), c.double("y"))
        let b = 5.1 / (4 * Double.pi * Double.pi)
        let t = y - b * x * x + 5 / Double.pi * x - 6
        return t * t + 10 * (1 - 1 / (8 * Double.pi)) * cos(x) + 10
      },
      "logint": Function(
        space: try SearchSpace([.logFloat("lr", low: 1e-5, high: 1e-1), .int("width", 40...150, step: 2), .int("layers", 1...4)])
      ) { c in
        let a = log10(c.double("lr")) + 2.5
        let b = (c.double("width") - 96) / 30
        let d = c.double("layers") - 2
        return a * a + b * b + 0.3 * d * d
      },
      "mixed": Function(
        space: try SearchSpace([
          .categorical("c", ["a", "b", "c", "d"].map(ParameterValue.string)), .float("x", low: -3, high: 3),
          .logFloat("y", low: 1e-3, high: 1),
        ])
      ) { c in
        guard case .string(let choice) = c["c"] else { return .nan }
        let a = c.double("x") - 0.7
        let b = log10(c.double("y")) + 1
        return offsets[choice, default: .nan] + a * a + b * b
      },
    ]
  }

  /// Runs `trials` trials of `sampler` on the function and prints the best value as JSON.
  static func run(function name: String, sampler: SamplerKind, seed: UInt64, trials: Int) -> Bool {
    let functions: [String: Function]
    do {
      functions = try self.functions()
    } catch {
      FileHandle.standardError.write(Data("ssr-bench: a test function's search space is invalid: \(error)\n".utf8))
      return false
    }
    guard let function = functions[name] else {
      FileHandle.standardError.write(Data("ssr-bench: unknown function '\(name)'; the functions are \(functions.keys.sorted().joined(separator: ", "))\n".utf8))
      return false
    }
    var study = Study(space: function.space, sampler: sampler, direction: .minimize, seed: seed)
    let start = now()
    study.optimize(trials: trials, function.value)
    let best = study.bestTrial?.value ?? .nan
    print(
      "{\"function\": \"\(name)\", \"sampler\": \"\(sampler.rawValue)\", \"seed\": \(seed), \"trials\": \(study.trials.count), "
        + "\"best\": \(best), \"seconds\": \(String(format: "%.4f", now() - start))}")
    return true
  }
}
