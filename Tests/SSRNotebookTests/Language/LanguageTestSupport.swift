import Testing
@testable import SSRNotebook

/// Runs `source` as one cell in a fresh session and returns its value and printed lines.
func evaluate(_ source: String, seed: UInt64 = 0) throws -> (value: Value, printed: [String]) {
  var printed: [String] = []
  let session = Session(seed: seed)
  session.context.emit = { item in
    switch item {
    case .text(let text): printed.append(text)
    case .value(let value): printed.append(ValueDisplay.render(value, style: .saved))
    }
  }
  let program = try Parser.parse(source)
  let value = try session.interpreter.run(program, origin: "cell 1")
  return (value, printed)
}

/// The literal display of the value of `source`.
func show(_ source: String) throws -> String {
  ValueDisplay.literal(try evaluate(source).value)
}

/// The error `source` raises (parse or run), or nil if it succeeds.
func failure(_ source: String) -> SSRError? {
  do {
    _ = try evaluate(source)
    return nil
  } catch let error as SSRError {
    return error
  } catch {
    Issue.record("unexpected error type \(error)")
    return nil
  }
}

/// The rendered diagnostic for `source` as cell 1 of `nb.ssrnb` starting at file line 10.
func diagnostic(_ source: String) -> String? {
  guard let error = failure(source) else { return nil }
  let origin = DiagnosticRenderer.Origin(path: "nb.ssrnb", name: "cell \"demo\"") { (line: $0 + 9, column: $1) }
  return DiagnosticRenderer(ansi: false).render(error, source: source, origin: origin)
}
