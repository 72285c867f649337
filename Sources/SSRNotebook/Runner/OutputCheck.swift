/// Compares a fresh run with the outputs saved in the notebook (`ssr-run --check`).
public enum OutputCheck {
  /// One difference between the fresh run and the saved outputs.
  public struct Mismatch: CustomStringConvertible {
    /// The cell's display name.
    public var cell: String
    /// The file line of the cell.
    public var line: Int
    /// What differs.
    public var problem: String
    /// `path:line: cell: problem`.
    public var description: String { "line \(line), \(cell): \(problem)" }
  }

  /// The mismatches of a run against the notebook's saved outputs (empty when all agree).
  public static func compare(_ notebook: Notebook, _ report: RunReport) -> [Mismatch] {
    var mismatches: [Mismatch] = []
    for outcome in report.outcomes {
      let cell = notebook.cells[outcome.ordinal - 1]
      guard cell.options.check else { continue }
      let fresh = outcome.savedText
      let saved = cell.output
      func add(_ problem: String) {
        mismatches.append(Mismatch(cell: cell.displayName, line: cell.fenceLine, problem: problem))
      }
      switch outcome.status {
      case .skipped(let reason), .notRun(let reason):
        if saved != nil { add("not run (\(reason)), so its saved output could not be checked") }
        continue
      default: break
      }
      guard let saved else {
        if !fresh.isEmpty { add("has output but none is saved; run with --save") }
        continue
      }
      if fresh.isEmpty {
        add("produces no output, but an output is saved")
      } else if saved.hash != outcome.hash {
        add("the saved output is stale (hash \(saved.hash ?? "missing"), now \(outcome.hash)); re-run with --save")
      } else if saved.text != fresh {
        add("the output differs from the saved one: \(firstDifference(saved.text, fresh))")
      } else if saved.isError != (outcome.diagnostic != nil) {
        add(saved.isError ? "the saved output is an error but the cell now succeeds" : "the cell now fails")
      }
    }
    return mismatches
  }

  /// A short description of the first differing line.
  static func firstDifference(_ old: String, _ new: String) -> String {
    let a = old.split(separator: "\n", omittingEmptySubsequences: false)
    let b = new.split(separator: "\n", omittingEmptySubsequences: false)
    for index in 0..<max(a.count, b.count) {
      let left = index < a.count ? String(a[index]) : "<none>"
      let right = index < b.count ? String(b[index]) : "<none>"
      if left != right { return "output line \(index + 1): saved `\(left)`, now `\(right)`" }
    }
    return "whitespace differs"
  }
}
