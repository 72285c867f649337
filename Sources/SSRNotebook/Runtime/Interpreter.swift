import SSRCore

/// Evaluates parsed cells against a set of global bindings and a builtin registry.
///
/// Bindings are single-assignment: in a notebook, binding a name twice is an error; the REPL
/// sets ``allowsRedefinition`` so that a name can be bound again (the old value is replaced).
public final class Interpreter {
  /// A global binding and where it was made.
  public struct Global {
    /// The bound value.
    public var value: Value
    /// The cell (or REPL entry) that made it, e.g. `cell "data"`.
    public var origin: String
    /// The line inside that cell.
    public var line: Int
  }

  /// The builtins visible to code.
  public let registry: BuiltinRegistry
  /// The random generator, output and paths of the running cell.
  public let context: EvaluationContext
  /// The global bindings.
  public private(set) var globals: [String: Global] = [:]
  /// The order in which globals were first bound.
  public private(set) var globalOrder: [String] = []
  /// Whether a global may be bound again (REPL) or not (notebooks).
  public var allowsRedefinition = false
  /// Whether a builtin that stopped early at Ctrl-C (``EvaluationContext/stoppedEarly``, e.g.
  /// `train` keeping its best epoch) ends the run as an interruption (notebooks, the default), or
  /// returns its partial result (the REPL, which then reports what was kept).
  public var stopsAtEarlyStop = true
  /// Whether this run already warned of an arithmetic result that is inf or nan.
  private var warnedNonFinite = false

  private var locals: [[String: Value]] = []

  /// Creates an interpreter.
  public init(registry: BuiltinRegistry, context: EvaluationContext) {
    self.registry = registry
    self.context = context
    context.registry = registry
  }

  /// Binds a global directly (used for `_` in the REPL and for parameter overrides).
  public func define(_ name: String, _ value: Value, origin: String, line: Int = 1) {
    if globals[name] == nil { globalOrder.append(name) }
    globals[name] = Global(value: value, origin: origin, line: line)
  }

  /// Removes every global binding.
  public func reset() {
    globals = [:]
    globalOrder = []
  }

  /// Runs a program and returns the value to display: the value of the last statement when it
  /// is an expression, otherwise ``Value/nothing``.
  ///
  /// - Parameters:
  ///   - origin: how the binding's cell is named in messages (`cell "data"`, `cell 3`, `input 4`).
  ///   - overrides: values that replace the right-hand side of top-level `let`s of these names
  ///     (parameter cells overridden with `ssr-run -p`).
  public func run(_ program: Program, origin: String, overrides: [String: Value] = [:]) throws(SSRError) -> Value {
    locals = []
    warnedNonFinite = false
    var result: Value = .nothing
    for (index, statement) in program.statements.enumerated() {
      switch statement {
      case .binding(let binding):
        if !allowsRedefinition, let existing = globals[binding.name] {
          throw SSRError(
            "`\(binding.name)` is already defined (in \(existing.origin), line \(existing.line))", at: binding.nameRange,
            help: "names are single-assignment in a notebook; choose a new name such as `\(binding.name)2`")
        }
        if builtinShadowed(binding.name) {
          throw SSRError(
            "`\(binding.name)` is the name of a builtin", at: binding.nameRange,
            help: "choose another name so that `\(binding.name)(…)` keeps working")
        }
        let value: Value
        if let override = overrides[binding.name] {
          let original = try evaluate(binding.value)
          do {
            value = try ParameterOverrides.coerce(override, toMatch: original, name: binding.name)
          } catch {
            throw SSRError(error.description, at: binding.value.range)
          }
        } else {
          value = try evaluate(binding.value)
        }
        define(binding.name, value, origin: origin, line: binding.nameRange.start.line)
        result = .nothing
      case .expression(let expr):
        let value = try evaluate(expr)
        result = index == program.statements.count - 1 ? value : .nothing
      }
    }
    return result
  }

  private func builtinShadowed(_ name: String) -> Bool { registry[name] != nil }

  // MARK: - Expressions

  /// Evaluates one expression in the current scope.
  func evaluate(_ expr: Expr) throws(SSRError) -> Value {
    switch expr.kind {
    case .integer(let value): return .int(value)
    case .double(let value): return .double(value)
    case .bool(let value): return .bool(value)
    case .symbol(let name): return .symbol(name)
    case .string(let segments):
      var text = ""
      for segment in segments {
        switch segment {
        case .text(let piece): text += piece
        case .interpolation(let inner): text += ValueDisplay.plainText(try evaluate(inner))
        }
      }
      return .string(text)
    case .list(let elements):
      var values: [Value] = []
      values.reserveCapacity(elements.count)
      for element in elements { values.append(try evaluate(element)) }
      return .list(values)
    case .record(let fields):
      var record = Record()
      for field in fields { record[field.key] = try evaluate(field.value) }
      return .record(record)
    case .name(let name):
      return try lookup(name, at: expr.range)
    case .unary(let op, let operand):
      let value = try evaluate(operand)
      switch op {
      case .negate:
        return try attach(at: expr.range) { () throws(BuiltinError) -> Value in try Operators.negate(value) }
      case .not:
        guard case .bool(let b) = value else {
          throw SSRError(
            "`not` expects a Bool, found \(ValueDisplay.summary(of: value))", at: operand.range)
        }
        return .bool(!b)
      }
    case .binary(let op, let left, let right, let operatorRange):
      return try binary(op, left, right, operatorRange: operatorRange)
    case .range(let lower, let upper, let closed):
      let low = try integer(lower, role: "lower bound of the range")
      let high = try integer(upper, role: "upper bound of the range")
      return .range(IntRange(lower: low, upper: high, closed: closed))
    case .call(let call):
      return try self.call(call, range: expr.range)
    case .member(let base, let name, let nameRange):
      return try member(of: try evaluate(base), name: name, nameRange: nameRange)
    case .index(let base, let index):
      return try subscriptValue(try evaluate(base), index: try evaluate(index), baseRange: base.range, indexRange: index.range)
    case .forIn(let loop):
      return try forLoop(loop)
    case .conditional(let conditional):
      let condition = try evaluate(conditional.condition)
      guard case .bool(let flag) = condition else {
        throw SSRError(
          "the condition of `if` must be a Bool, found \(ValueDisplay.summary(of: condition))",
          at: conditional.condition.range, help: "compare explicitly, e.g. `if n > 0 { … }`")
      }
      if flag { return try block(conditional.then, context: "the `if` branch") }
      if let otherwise = conditional.otherwise { return try block(otherwise, context: "the `else` branch") }
      return .nothing
    }
  }

  private func integer(_ expr: Expr, role: String) throws(SSRError) -> Int {
    let value = try evaluate(expr)
    guard case .int(let i) = value else {
      throw SSRError("the \(role) must be an Int, found \(ValueDisplay.summary(of: value))", at: expr.range)
    }
    return i
  }

  private func attach<T>(at range: SourceRange, _ body: () throws(BuiltinError) -> T) throws(SSRError) -> T {
    do {
      return try body()
    } catch {
      throw SSRError(error.message, at: range, help: error.help)
    }
  }

  private func binary(_ op: BinaryOperator, _ left: Expr, _ right: Expr, operatorRange: SourceRange) throws(SSRError) -> Value {
    if op == .and || op == .or {
      let lhs = try evaluate(left)
      guard case .bool(let a) = lhs else {
        throw SSRError("`\(op.rawValue)` expects Bools, found \(ValueDisplay.summary(of: lhs))", at: left.range)
      }
      if op == .and && !a { return .bool(false) }
      if op == .or && a { return .bool(true) }
      let rhs = try evaluate(right)
      guard case .bool(let b) = rhs else {
        throw SSRError("`\(op.rawValue)` expects Bools, found \(ValueDisplay.summary(of: rhs))", at: right.range)
      }
      return .bool(b)
    }
    let lhs = try evaluate(left)
    let rhs = try evaluate(right)
    let result = try attach(at: left.range.union(right.range)) { () throws(BuiltinError) -> Value in
      try Operators.binary(op, lhs, rhs)
    }
    if !warnedNonFinite, case .double(let value) = result, !value.isFinite, lhs.isFiniteNumber, rhs.isFiniteNumber {
      // IEEE semantics (1 / 0 is inf, 0 / 0 is nan) are kept, but the first such result of a
      // cell is pointed out: it is usually a mistake.
      warnedNonFinite = true
      let position = operatorRange.start
      context.emit(.text(
        "warning: `\(op.rawValue)` of finite numbers gave \(NumberFormat.significant(value, digits: 4)) at line \(position.line), "
          + "column \(position.column) (IEEE arithmetic, e.g. division by zero); further ones in this cell are not reported"))
    }
    return result
  }

  private func lookup(_ name: String, at range: SourceRange) throws(SSRError) -> Value {
    for scope in locals.reversed() {
      if let value = scope[name] { return value }
    }
    if let global = globals[name] { return global.value }
    if registry[name] != nil {
      throw SSRError(
        "`\(name)` is a builtin, not a value", at: range,
        help: "call it as `\(name)(…)`; `help(.\(name))` describes it")
    }
    let candidates = visibleNames + registry.names
    throw SSRError(
      "unknown name `\(name)`", at: range,
      help: Suggestions.didYouMean(name, among: candidates) ?? "bind it first with `let \(name) = …`")
  }

  /// Every name visible in the current scope.
  var visibleNames: [String] {
    globalOrder + locals.flatMap { $0.keys }
  }

  private func block(_ block: Block, context: String) throws(SSRError) -> Value {
    locals.append([:])
    defer { locals.removeLast() }
    var result: Value = .nothing
    for (index, statement) in block.statements.enumerated() {
      switch statement {
      case .binding(let binding):
        if locals[locals.count - 1][binding.name] != nil {
          throw SSRError("`\(binding.name)` is already defined in this block", at: binding.nameRange)
        }
        locals[locals.count - 1][binding.name] = try evaluate(binding.value)
        if index == block.statements.count - 1 {
          throw SSRError(
            "\(context) ends with `let \(binding.name) = …`, so it has no value", at: binding.range,
            help: "end it with an expression, e.g. `\(binding.name)`")
        }
      case .expression(let expr):
        let value = try evaluate(expr)
        if index == block.statements.count - 1 { result = value }
      }
    }
    return result
  }

  private func forLoop(_ loop: ForIn) throws(SSRError) -> Value {
    let sequence = try evaluate(loop.sequence)
    let elements: AnySequence<Value>
    switch sequence {
    case .list(let values): elements = AnySequence(values)
    case .range(let range): elements = AnySequence(range.lazy.map { Value.int($0) })
    default:
      var help = "iterate over a list or a range, e.g. `for i in 0..<10`"
      if case .record = sequence { help = "iterate over a record's field names with `for k in keys(r)`" }
      throw SSRError(
        "`for` needs a list or a range, found \(ValueDisplay.summary(of: sequence))", at: loop.sequence.range, help: help)
    }
    var results: [Value] = []
    for element in elements {
      do {
        try Cancellation.checkpoint()
      } catch {
        throw SSRError("stopped by Ctrl-C", at: loop.sequence.range, isInterruption: true)
      }
      locals.append([loop.variable: element])
      defer { locals.removeLast() }
      if let filter = loop.filter {
        let keep = try evaluate(filter)
        guard case .bool(let flag) = keep else {
          throw SSRError(
            "the `where` condition must be a Bool, found \(ValueDisplay.summary(of: keep))", at: filter.range)
        }
        if !flag { continue }
      }
      let value = try block(loop.body, context: "the body of the `for` loop")
      if case .nothing = value { continue }
      guard results.count < Value.maximumListLength else {
        throw SSRError("the `for` loop produced more than \(Value.maximumListLength) values", at: loop.sequence.range)
      }
      results.append(value)
    }
    return .list(results)
  }

  // MARK: - Members and subscripts

  private func member(of base: Value, name: String, nameRange: SourceRange) throws(SSRError) -> Value {
    switch base {
    case .record(let record):
      if let value = record[name] { return value }
      throw SSRError(
        "the record has no field `\(name)`", at: nameRange,
        help: Suggestions.didYouMean(name, among: record.keys) ?? "its fields are: \(record.keys.joined(separator: ", "))")
    case .list(let values) where !values.isEmpty:
      var column: [Value] = []
      column.reserveCapacity(values.count)
      for (index, value) in values.enumerated() {
        guard case .record(let record) = value else {
          throw SSRError(
            "`.\(name)` on a list reads a column of records, but element \(index) is \(ValueDisplay.summary(of: value))",
            at: nameRange)
        }
        guard let field = record[name] else {
          throw SSRError(
            "record \(index) of the list has no field `\(name)`", at: nameRange,
            help: Suggestions.didYouMean(name, among: record.keys))
        }
        column.append(field)
      }
      return .list(column)
    case .object(let object):
      do {
        if let value = try object.member(name) { return value }
      } catch {
        throw SSRError(error.message, at: nameRange, help: error.help)
      }
      throw SSRError(
        "\(object.typeName) has no member `\(name)`", at: nameRange,
        help: Suggestions.didYouMean(name, among: object.memberNames)
          ?? (object.memberNames.isEmpty ? nil : "its members are: \(object.memberNames.joined(separator: ", "))"))
    default:
      var help: String? = nil
      if registry[name] != nil { help = "builtins are called, not accessed: `\(name)(value)`" }
      throw SSRError("\(ValueDisplay.summary(of: base)) has no member `\(name)`", at: nameRange, help: help)
    }
  }

  private func subscriptValue(_ base: Value, index: Value, baseRange: SourceRange, indexRange: SourceRange) throws(SSRError)
    -> Value
  {
    switch (base, index) {
    case (.list(let values), .int(let i)):
      return values[try position(i, count: values.count, at: indexRange)]
    case (.range(let range), .int(let i)):
      return .int(range.element(at: try position(i, count: range.count, at: indexRange)))
    case (.list(let values), .range(let slice)):
      let count = values.count
      let lower = slice.lower
      let upperExclusive = slice.closed ? (slice.upper == .max ? slice.upper : slice.upper + 1) : slice.upper
      guard lower >= 0, upperExclusive <= count, lower <= upperExclusive else {
        throw SSRError(
          "the slice \(slice) is out of bounds for a list of \(count) elements", at: indexRange,
          help: "valid slices lie within 0..<\(count)")
      }
      return .list(Array(values[lower..<upperExclusive]))
    case (.record(let record), .string(let key)), (.record(let record), .symbol(let key)):
      if let value = record[key] { return value }
      throw SSRError(
        "the record has no field `\(key)`", at: indexRange, help: Suggestions.didYouMean(key, among: record.keys))
    case (.string(let text), .int(let i)):
      let characters = Array(text)
      return .string(String(characters[try position(i, count: characters.count, at: indexRange)]))
    default:
      throw SSRError(
        "cannot index \(ValueDisplay.summary(of: base)) with \(ValueDisplay.summary(of: index))", at: indexRange,
        help: "lists and strings take Int positions (or a range for a slice); records take a field name")
    }
  }

  private func position(_ index: Int, count: Int, at range: SourceRange) throws(SSRError) -> Int {
    let resolved = index < 0 ? count + index : index
    guard resolved >= 0, resolved < count else {
      throw SSRError(
        "index \(index) is out of range for \(count) element\(count == 1 ? "" : "s")", at: range,
        help: count == 0 ? "the collection is empty" : "valid positions are 0..<\(count), or -\(count)..<0 from the end")
    }
    return resolved
  }

  // MARK: - Calls

  private func call(_ call: Call, range: SourceRange) throws(SSRError) -> Value {
    do {
      try Cancellation.checkpoint()
    } catch {
      throw SSRError("stopped by Ctrl-C", at: call.nameRange, isInterruption: true)
    }
    guard let builtin = registry[call.name] else {
      if globals[call.name] != nil || locals.contains(where: { $0[call.name] != nil }) {
        throw SSRError(
          "`\(call.name)` is a value, not a builtin, so it cannot be called", at: call.nameRange,
          help: "only builtins can be called; `help()` lists them")
      }
      throw SSRError(
        "unknown builtin `\(call.name)`", at: call.nameRange,
        help: Suggestions.didYouMean(call.name, among: registry.names) ?? "`help()` lists the builtins")
    }
    var values: [Value] = []
    values.reserveCapacity(call.arguments.count)
    for argument in call.arguments { values.append(try evaluate(argument.value)) }
    var invocation = try ArgumentBinder.bind(call, values: values, to: builtin, context: context, callRange: range)
    do {
      let result = try builtin.body(&invocation)
      if context.stoppedEarly && stopsAtEarlyStop {
        throw SSRError("stopped by Ctrl-C", at: call.nameRange, isInterruption: true)
      }
      return result
    } catch let error as BuiltinError {
      let argumentRange = error.parameter.flatMap { ArgumentBinder.range(of: $0, in: call, builtin: builtin) }
      throw SSRError(
        "\(call.name): \(error.message)", at: argumentRange ?? range,
        help: error.help)
    } catch let error as SSRError {
      throw error
    } catch is Interrupted {
      throw SSRError("stopped by Ctrl-C", at: call.nameRange, isInterruption: true)
    } catch {
      throw SSRError("\(call.name): \(error)", at: range)
    }
  }
}
