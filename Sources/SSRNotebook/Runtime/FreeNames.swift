/// Static analysis of which global names a program reads and defines, for the dependency graph
/// between cells (skipping dependents after an error, output hashes, stale-output checks).
public enum FreeNames {
  /// The names a program reads that it does not bind itself before reading (in first-use order).
  public static func of(_ program: Program) -> [String] {
    var collector = Collector()
    var bound = Set<String>()
    for statement in program.statements {
      switch statement {
      case .binding(let binding):
        collector.visit(binding.value, bound: bound)
        bound.insert(binding.name)
      case .expression(let expr):
        collector.visit(expr, bound: bound)
      }
    }
    return collector.names
  }

  /// A global name in a program: read, or bound by a top-level `let`.
  public enum Occurrence: Sendable, Equatable {
    /// A read of a global name (not of a local of a loop or block).
    case read(String, SourceRange)
    /// A top-level `let`; its value's reads come before it.
    case binding(String, SourceRange)
  }

  /// Every read of a global name and every top-level binding, in evaluation order: a binding's
  /// value is read before its name is bound, so `let x = x + 1` reads the previous `x`.
  public static func occurrences(_ program: Program) -> [Occurrence] {
    var result: [Occurrence] = []
    for statement in program.statements {
      var collector = Collector()
      switch statement {
      case .binding(let binding):
        collector.visit(binding.value, bound: [])
        result += collector.reads.map { .read($0.name, $0.range) }
        result.append(.binding(binding.name, binding.nameRange))
      case .expression(let expr):
        collector.visit(expr, bound: [])
        result += collector.reads.map { .read($0.name, $0.range) }
      }
    }
    return result
  }

  private struct Collector {
    var names: [String] = []
    var seen = Set<String>()
    /// Every free read, in source order.
    var reads: [(name: String, range: SourceRange)] = []

    mutating func add(_ name: String, at range: SourceRange) {
      reads.append((name, range))
      if seen.insert(name).inserted { names.append(name) }
    }

    mutating func visit(_ block: Block, bound: Set<String>) {
      var scope = bound
      for statement in block.statements {
        switch statement {
        case .binding(let binding):
          visit(binding.value, bound: scope)
          scope.insert(binding.name)
        case .expression(let expr):
          visit(expr, bound: scope)
        }
      }
    }

    mutating func visit(_ expr: Expr, bound: Set<String>) {
      switch expr.kind {
      case .integer, .double, .bool, .symbol: return
      case .string(let segments):
        for case .interpolation(let inner) in segments { visit(inner, bound: bound) }
      case .list(let elements):
        for element in elements { visit(element, bound: bound) }
      case .record(let fields):
        for field in fields { visit(field.value, bound: bound) }
      case .name(let name):
        if !bound.contains(name) { add(name, at: expr.range) }
      case .unary(_, let operand):
        visit(operand, bound: bound)
      case .binary(_, let left, let right, _), .range(let left, let right, _), .index(let left, let right):
        visit(left, bound: bound)
        visit(right, bound: bound)
      case .call(let call):
        for argument in call.arguments { visit(argument.value, bound: bound) }
      case .member(let base, _, _):
        visit(base, bound: bound)
      case .forIn(let loop):
        visit(loop.sequence, bound: bound)
        var inner = bound
        inner.insert(loop.variable)
        if let filter = loop.filter { visit(filter, bound: inner) }
        visit(loop.body, bound: inner)
      case .conditional(let conditional):
        visit(conditional.condition, bound: bound)
        visit(conditional.then, bound: bound)
        if let otherwise = conditional.otherwise { visit(otherwise, bound: bound) }
      }
    }
  }
}
