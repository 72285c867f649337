/// The set of builtins visible in a session; later layers (data, models, energy) add theirs.
public struct BuiltinRegistry {
  private var table: [String: Builtin] = [:]
  private var order: [String] = []

  /// An empty registry.
  public init() {}

  /// Adds (or replaces) a builtin.
  public mutating func register(_ builtin: Builtin) {
    if table[builtin.name] == nil { order.append(builtin.name) }
    table[builtin.name] = builtin
  }

  /// Adds several builtins.
  public mutating func register(_ builtins: [Builtin]) {
    for builtin in builtins { register(builtin) }
  }

  /// Looks a builtin up by name.
  public subscript(name: String) -> Builtin? { table[name] }

  /// All names in registration order.
  public var names: [String] { order }

  /// All builtins in registration order.
  public var all: [Builtin] { order.compactMap { table[$0] } }

  /// The registry with every builtin of this layer (`print`, `table`, `plot`, …).
  public static func standard() -> BuiltinRegistry {
    var registry = BuiltinRegistry()
    registry.register(CoreBuiltins.all)
    registry.register(CollectionBuiltins.all)
    registry.register(DisplayBuiltins.all)
    registry.register(FileBuiltins.all)
    registry.register(DataBuiltins.all)
    registry.register(ModelBuiltins.all)
    registry.register(EnergyBuiltins.all)
    registry.register(TuneBuiltins.all)
    registry.register(SweepBuiltins.all)
    registry.register(RunsBuiltin.all)
    registry.register(DeviceBuiltins.all)
    registry.register([ExecutorArguments.slurm])
    return registry
  }
}
