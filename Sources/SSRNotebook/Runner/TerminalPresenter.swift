import Foundation

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Prints a notebook run for a person: prose made readable, each cell's code in a gutter, and
/// its output as it appears. Used by `ssr-run` and by `:load` in the REPL.
public final class TerminalPresenter: RunObserver {
  /// Write a line of text (to standard output by default).
  public var write: (String) -> Void
  /// Push what was written to its destination; called after each cell, so that the output of
  /// finished cells survives the process being killed (standard output is block-buffered when it
  /// is a file or a pipe).
  public var flush: () -> Void = { fflush(nil) }
  /// Show prose and code, or only outputs and errors.
  public var showsSource: Bool
  /// The style of rendered values.
  public let style: RenderStyle
  private let ansi: Bool

  /// Creates a presenter.
  public init(style: RenderStyle = Terminal.outputStyle, ansi: Bool = Terminal.usesColor, showsSource: Bool = true,
    write: @escaping (String) -> Void = { Swift.print($0) })
  {
    self.style = style
    self.ansi = ansi
    self.showsSource = showsSource
    self.write = write
  }

  /// Prints prose re-wrapped for the terminal (not with `--quiet`).
  public func prose(_ text: String) {
    guard showsSource else { return }
    let rendered = ProseDisplay.render(text, width: style.width, ansi: ansi)
    let trimmed = rendered.trimmingTrailingNewlines
    if !trimmed.allSatisfy({ $0 == "\n" || $0 == " " }) { write(trimmed) }
  }

  /// Prints the cell's code in a gutter (not with `--quiet`).
  public func cellStarted(_ cell: CodeCell) {
    guard showsSource else { return }
    let gutter = style.unicode ? "│ " : "| "
    let lines = cell.code.split(separator: "\n", omittingEmptySubsequences: false)
    write("")
    for line in lines { write(paint(gutter + line, "2")) }
    write("")
  }

  /// Prints what the cell shows as it runs.
  public func cellEmitted(_ item: DisplayItem, cell: CodeCell) {
    switch item {
    case .text(let text): write(text)
    case .value(let value): write(ValueDisplay.render(value, style: style))
    }
  }

  /// Prints the cell's value, its error, or why it did not run.
  public func cellFinished(_ cell: CodeCell, outcome: CellOutcome) {
    defer {
      if showsSource { write("") }
      flush()
    }
    switch outcome.status {
    case .succeeded:
      // Printed items were shown live by cellEmitted; the cell's value comes last.
      if case .nothing = outcome.result {} else { write(ValueDisplay.render(outcome.result, style: style)) }
    case .failed, .interrupted:
      if let diagnostic = outcome.diagnostic { write(paint(diagnostic, "31")) }
    case .skipped(let reason):
      write(paint("\(cell.displayName) skipped: \(reason)", "33"))
    case .notRun(let reason):
      if showsSource { write(paint("\(cell.displayName) not run: \(reason)", "2")) }
    }
  }

  /// Prints a note about the run on standard error (it is not part of any cell's output).
  public func note(_ text: String) {
    FileHandle.standardError.write(Data("ssr-run: \(text)\n".utf8))
  }

  private func paint(_ text: String, _ code: String) -> String {
    ansi ? "\u{1B}[\(code)m\(text)\u{1B}[0m" : text
  }
}

extension String {
  var trimmingTrailingNewlines: String {
    var text = self
    while text.hasSuffix("\n") { text.removeLast() }
    return text
  }
}
