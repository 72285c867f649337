/// Prints notebook prose readably on a terminal.
public enum ProseDisplay {
  /// Renders Markdown `prose` for a terminal `width` columns wide.
  ///
  /// - HTML comments (the metadata comment included) are hidden.
  /// - Headings: with `ansi`, `#` is bold and underlined and other levels are bold, markers
  ///   removed; without, `#` and `##` headings are underlined with `=` and `-` lines and deeper
  ///   ones keep their markers.
  /// - Paragraphs are re-wrapped to `width` (hard line breaks are kept); with `ansi`, code spans,
  ///   `**strong**` and `*emphasis*` are styled and their markers removed, otherwise inline
  ///   markup is left as written.
  /// - List items and block quotes are indented by 2 spaces (quote lines marked with `│` with
  ///   `ansi`, `>` without; bullets shown as `•` with `ansi`); nested blocks are rendered the
  ///   same way, up to 24 levels deep.
  /// - Fenced code blocks (also inside quotes and list items) are indented by 4 spaces,
  ///   unchanged; indented code blocks, tables and
  ///   HTML blocks are passed through unchanged.
  ///
  /// Blocks are separated by one blank line; the result ends with "\n" unless it is empty.
  /// Widths count Characters, so wide (East Asian) characters make lines longer than `width`.
  public static func render(_ prose: String, width: Int, ansi: Bool) -> String {
    let renderer = ProseBlockRenderer(ansi: ansi)
    let width = max(1, width)
    var blocks: [[String]] = []
    for block in ProseBlocks.split(prose) {
      switch block {
      case .comment:
        continue
      case .fence(_, let code):
        let lines = code.split(separator: "\n", omittingEmptySubsequences: false)
        if lines.contains(where: { !$0.allSatisfy { $0 == " " || $0 == "\t" } }) {
          blocks.append(lines.map { $0.isEmpty ? "" : "    " + $0 })
        }
      case .markdown(let text):
        blocks += renderer.blocks(text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init), width: width)
      }
    }
    let visible = blocks.filter { !$0.isEmpty }
    return visible.isEmpty ? "" : visible.map { $0.joined(separator: "\n") }.joined(separator: "\n\n") + "\n"
  }
}
