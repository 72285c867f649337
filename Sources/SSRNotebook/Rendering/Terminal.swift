#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Facts about the terminal the tools write to.
public enum Terminal {
  /// Whether standard output is a terminal.
  public static var isOutputTerminal: Bool { isatty(STDOUT_FILENO) == 1 }

  /// Whether standard input is a terminal.
  public static var isInputTerminal: Bool { isatty(STDIN_FILENO) == 1 }

  /// The width to render for: `$COLUMNS` when set, else the terminal's width, else 80;
  /// clamped to 40…240.
  public static var width: Int {
    if let text = getenv("COLUMNS").map({ String(cString: $0) }), let columns = Int(text), columns > 0 {
      return min(240, max(40, columns))
    }
    var size = winsize()
    if isOutputTerminal, ioctl(STDOUT_FILENO, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 0 {
      return min(240, max(40, Int(size.ws_col)))
    }
    return 80
  }

  /// Whether colour is wanted: a terminal, and `NO_COLOR` unset (https://no-color.org).
  public static var usesColor: Bool {
    isOutputTerminal && getenv("NO_COLOR") == nil && getenv("TERM").map { String(cString: $0) } != "dumb"
  }

  /// The style for values shown on standard output: Unicode and the terminal's width on a
  /// terminal; the saved-output style (7-bit ASCII, Markdown tables) when piped.
  public static var outputStyle: RenderStyle {
    isOutputTerminal ? .terminal(width: width, color: usesColor) : RenderStyle(width: width, unicode: false, markdownTables: true)
  }
}
