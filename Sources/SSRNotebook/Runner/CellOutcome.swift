/// What happened to one cell in a run.
public struct CellOutcome {
  /// How the cell ended.
  public enum Status: Equatable {
    /// The cell ran without error.
    case succeeded
    /// The cell raised an error (``CellOutcome/error`` has it).
    case failed
    /// The cell was interrupted (Ctrl-C) or ran past its `timeout`.
    case interrupted
    /// The cell was not run because it reads a name whose defining cell failed.
    case skipped(reason: String)
    /// The cell was not run because the run stopped at an earlier error.
    case notRun(reason: String)
  }

  /// The cell's 1-based ordinal.
  public var ordinal: Int
  /// How it ended.
  public var status: Status
  /// What the cell printed while running, in order.
  public var items: [DisplayItem]
  /// The value of the cell's last expression (``Value/nothing`` when it ends with a `let`).
  public var result: Value = .nothing
  /// The rendered diagnostic (plain text) when the cell failed.
  public var diagnostic: String?
  /// The error itself when the cell failed.
  public var error: SSRError?
  /// The hash of the cell's code, options that matter, and the hashes of the cells it reads from.
  public var hash: String
  /// Wall-clock seconds spent running the cell.
  public var seconds: Double
  /// Whether the outputs and bindings came from the cell cache instead of running the cell.
  public var restoredFromCache = false

  /// Whether the cell ran to completion.
  public var succeeded: Bool { status == .succeeded }

  /// The output text in a style (the diagnostic for failed cells); empty when nothing was shown.
  public func text(style: RenderStyle) -> String {
    if let diagnostic { return diagnostic }
    var parts = items.map { item -> String in
      switch item {
      case .text(let text): return text
      case .value(let value): return ValueDisplay.render(value, style: style)
      }
    }
    if case .nothing = result {} else { parts.append(ValueDisplay.render(result, style: style)) }
    return parts.joined(separator: "\n")
  }

  /// The text written into the notebook by `--save` and compared by `--check`.
  public var savedText: String { text(style: .saved) }
}

/// The result of running a whole notebook.
public struct RunReport {
  /// One outcome per cell, in order.
  public var outcomes: [CellOutcome]
  /// Problems with the notebook file itself (unknown options and the like).
  public var formatDiagnostics: [FormatDiagnostic]
  /// Whether the user interrupted the run.
  public var wasInterrupted: Bool

  /// Whether any cell failed.
  public var hasFailures: Bool {
    outcomes.contains { $0.status == .failed || $0.status == .interrupted }
  }

  /// What `ssr-run --save` writes, by cell ordinal: each run cell's output (nil removes an empty
  /// one); skipped and not-run cells are absent, so their saved outputs stay.
  public var outputsToSave: [Int: NewOutput?] {
    var outputs: [Int: NewOutput?] = [:]
    for outcome in outcomes {
      switch outcome.status {
      case .skipped, .notRun: continue
      default:
        let text = outcome.savedText
        outputs[outcome.ordinal] = text.isEmpty ? .some(nil) : NewOutput(text: text, hash: outcome.hash, isError: outcome.diagnostic != nil)
      }
    }
    return outputs
  }
}
