import SSRCore

/// An interpreter with its builtins and context: one notebook run, or one REPL session.
public final class Session {
  /// The builtins.
  public let registry: BuiltinRegistry
  /// The random generator, output sink and paths.
  public let context: EvaluationContext
  /// The interpreter holding the bindings.
  public let interpreter: Interpreter

  /// Creates a session with the given builtins.
  public init(registry: BuiltinRegistry = .standard(), seed: UInt64 = 0, baseDirectory: String = ".") {
    self.registry = registry
    self.context = EvaluationContext(seed: seed, baseDirectory: baseDirectory, registry: registry) { _ in }
    self.interpreter = Interpreter(registry: registry, context: context)
  }
}
