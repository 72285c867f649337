/// A block while `MarkdownBlockParser` builds the tree: open blocks still take lines.
final class MarkdownBlockNode {
  var kind: MarkdownBlockKind
  weak var parent: MarkdownBlockNode?
  var children: [MarkdownBlockNode] = []
  var lines: [String] = []
  let firstLine: Int
  var lastLine: Int
  private(set) var isOpen = true
  /// The number of blocks this one is inside (0 for the document).
  var depth = 0
  /// For a list item: the column where its content starts (marker indent and padding).
  var itemContentIndent = 0
  /// For a fenced block: whether a closing fence ended it.
  var isClosedFence = false

  init(_ kind: MarkdownBlockKind, line: Int) {
    self.kind = kind
    firstLine = line
    lastLine = line
  }

  var isParagraph: Bool { kind == .paragraph }

  /// Whether the block's lines are its content (paragraphs, code and HTML blocks).
  var acceptsLines: Bool {
    switch kind {
    case .paragraph, .fencedCode, .indentedCode, .html: true
    default: false
    }
  }

  /// Whether this is a list whose items have the same marker type as `list`.
  func continues(_ list: MarkdownList) -> Bool {
    guard case .list(let open) = kind else { return false }
    return open.isOrdered == list.isOrdered && open.delimiter == list.delimiter
  }

  /// Whether a block of `child` kind can be added inside this one.
  func canContain(_ child: MarkdownBlockKind) -> Bool {
    switch kind {
    case .document, .blockQuote, .listItem: child != .listItem
    case .list: child == .listItem
    default: false
    }
  }

  /// Closes the block; `lastLine` is the last line it took (items and lists end with their
  /// last child instead, and an indented code block before its trailing blank lines).
  func close(lastLine: Int) {
    isOpen = false
    self.lastLine = lastLine
    switch kind {
    case .listItem:
      self.lastLine = children.last?.lastLine ?? firstLine
    case .list(var list):
      self.lastLine = children.last?.lastLine ?? firstLine
      list.isTight = !children.enumerated().contains { offset, item in
        (offset + 1 < children.count && item.lastLine + 1 < children[offset + 1].firstLine)
          || zip(item.children, item.children.dropFirst()).contains { $0.lastLine + 1 < $1.firstLine }
      }
      kind = .list(list)
    case .indentedCode:
      while let last = lines.last, last.allSatisfy({ $0 == " " || $0 == "\t" }) { lines.removeLast() }
      self.lastLine = firstLine + max(0, lines.count - 1)
    case .fencedCode(let fence, _):
      kind = .fencedCode(fence, isClosed: isClosedFence)
    default:
      break
    }
  }

  /// The finished block as a value.
  func value() -> MarkdownBlock {
    MarkdownBlock(kind: kind, firstLine: firstLine, lastLine: lastLine, lines: lines, children: children.map { $0.value() })
  }
}
