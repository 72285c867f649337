/// A block of a CommonMark document: a container with child blocks, or a leaf with lines.
///
/// Only the block structure is read (CommonMark's first phase); inline markup stays in the
/// leaves' lines. Link reference definitions are not taken out of paragraphs.
struct MarkdownBlock: Sendable, Equatable {
  /// What the block is.
  var kind: MarkdownBlockKind
  /// The 0-based index of the block's first line in the parsed text.
  var firstLine: Int
  /// The 0-based index of the block's last line (a fenced block's closing fence included).
  var lastLine: Int
  /// A leaf's lines, without container markers: a paragraph's lines without leading
  /// whitespace, a heading's text (one line), a code block's code lines, an HTML block's lines.
  var lines: [String] = []
  /// A container's blocks in order.
  var children: [MarkdownBlock] = []

  /// This block and all blocks inside it, depth first.
  var allBlocks: [MarkdownBlock] {
    [self] + children.flatMap(\.allBlocks)
  }
}

/// The kinds of CommonMark blocks.
enum MarkdownBlockKind: Sendable, Equatable {
  /// The whole document.
  case document
  /// A block quote (`>`).
  case blockQuote
  /// A list of items sharing a marker type.
  case list(MarkdownList)
  /// One item of a list.
  case listItem
  /// A paragraph.
  case paragraph
  /// An ATX (`#`) or setext (underlined) heading, level 1 to 6.
  case heading(level: Int)
  /// A thematic break (`***`, `---`, `___`).
  case thematicBreak
  /// A fenced code block: its opening fence, and whether a closing fence ended it.
  case fencedCode(MarkdownFence, isClosed: Bool)
  /// An indented code block.
  case indentedCode
  /// An HTML block (CommonMark types 1 to 7) and how it ends.
  case html(MarkdownHTMLBlockEnd)
}

/// What the items of a list share, and whether the list is tight.
struct MarkdownList: Sendable, Equatable {
  /// Whether the items are numbered.
  var isOrdered: Bool
  /// The bullet (`-`, `+`, `*`) or the delimiter after the number (`.`, `)`).
  var delimiter: UInt8
  /// The first item's number (1 for bullet lists).
  var start: Int
  /// Whether no blank line separates the items or the blocks inside them (paragraphs of a
  /// tight list are shown without paragraph breaks).
  var isTight: Bool = true
}
