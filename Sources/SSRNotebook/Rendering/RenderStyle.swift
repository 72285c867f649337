/// How output is drawn: available width, character repertoire, table flavour and colour.
///
/// Renderers never read the environment; everything that influences the output is in this value,
/// so the same data and style always give the same bytes.
public struct RenderStyle: Sendable, Equatable {
  /// Total columns available. Plots clamp this to 40...1000; tables use it as given.
  public var width: Int
  /// `true`: Unicode braille, block and box-drawing characters; `false`: 7-bit ASCII glyphs only.
  public var unicode: Bool
  /// `true`: tables are GitHub Markdown pipe tables; `false`: aligned plain-text tables.
  public var markdownTables: Bool
  /// ANSI colours allowed (only ever true on a terminal). Ignored when `unicode` is false, so ASCII
  /// output stays pure 7-bit printable text.
  public var color: Bool

  /// Creates a style from its parts.
  public init(width: Int, unicode: Bool, markdownTables: Bool, color: Bool = false) {
    self.width = width
    self.unicode = unicode
    self.markdownTables = markdownTables
    self.color = color
  }

  /// Saved notebook outputs: width 80, 7-bit ASCII, Markdown pipe tables, no colour.
  public static let saved = RenderStyle(width: 80, unicode: false, markdownTables: true, color: false)

  /// A terminal of the given width: Unicode, aligned (non-Markdown) tables; colour as given.
  public static func terminal(width: Int, color: Bool) -> RenderStyle {
    RenderStyle(width: width, unicode: true, markdownTables: false, color: color)
  }

  /// Whether ANSI escape sequences may actually be emitted (colour requested and Unicode mode).
  var emitsColor: Bool { color && unicode }
}
