/// Reads the block structure of a CommonMark document (the spec's first phase: containers,
/// leaves, lazy continuation lines), following the reference implementation's algorithm.
///
/// Used by the notebook parser (cells are the top-level fenced blocks), by `ProseBlocks` and
/// by the HTML export, so that all of them agree with CommonMark readers on where blocks are.
/// Block quotes and lists nested more than `maximumDepth` blocks deep are read as text, so
/// that no input makes the tree (and the recursion over it) unboundedly deep.
struct MarkdownBlockParser {
  /// The deepest nesting of containers that is read as such.
  static let maximumDepth = 100

  /// The block tree of `text`.
  static func parse(_ text: String) -> MarkdownBlock {
    parse(NotebookLines(text))
  }

  /// The block tree of the lines of `table` (line indices in the tree index `table.lines`).
  static func parse(_ table: NotebookLines) -> MarkdownBlock {
    var parser = MarkdownBlockParser()
    for index in table.lines.indices {
      parser.incorporate(table.content(index), at: index)
    }
    parser.finishDocument(lastLine: table.lines.count - 1)
    return parser.document.value()
  }

  private let document = MarkdownBlockNode(.document, line: 0)
  private var tip: MarkdownBlockNode
  private var oldTip: MarkdownBlockNode
  private var lastMatchedContainer: MarkdownBlockNode
  private var allClosed = true
  private var lineIndex = 0

  private init() {
    tip = document
    oldTip = document
    lastMatchedContainer = document
  }

  // MARK: One line

  private enum Continuation { case matched, unmatched, lineConsumed }
  private enum Start { case none, container, leaf }

  private mutating func incorporate(_ line: ArraySlice<UInt8>, at index: Int) {
    lineIndex = index
    var cursor = MarkdownLineCursor(line)
    var container = document
    oldTip = tip
    while let last = container.children.last, last.isOpen {
      container = last
      cursor.findNextNonspace()
      switch continuation(of: container, &cursor) {
      case .matched:
        continue
      case .lineConsumed:
        return
      case .unmatched:
        container = container.parent ?? document
      }
      break
    }
    allClosed = container === oldTip
    lastMatchedContainer = container

    var matchedLeaf = !container.isParagraph && container.acceptsLines
    while !matchedLeaf {
      cursor.findNextNonspace()
      switch blockStart(&cursor, container) {
      case .none:
        cursor.advanceToNextNonspace()
      case .container:
        container = tip
        continue
      case .leaf:
        container = tip
        matchedLeaf = true
        continue
      }
      break
    }

    if !allClosed, !cursor.isBlank, tip.isParagraph {
      tip.lines.append(cursor.remainder)  // a lazy continuation line
      return
    }
    closeUnmatchedBlocks()
    if container.acceptsLines {
      if case .fencedCode = container.kind, container.firstLine == lineIndex { return }
      container.lines.append(cursor.remainder)
      if case .html(.marker(let markers)) = container.kind,
        markers.contains(where: { MarkdownBlockSyntax.contains(cursor.rest, lowercase: $0) })
      {
        finalize(container, lastLine: lineIndex)
      }
    } else if !cursor.rest.isEmpty, !cursor.isBlank {
      _ = addChild(.paragraph)
      cursor.advanceToNextNonspace()
      tip.lines.append(cursor.remainder)
    }
  }

  private mutating func continuation(of container: MarkdownBlockNode, _ cursor: inout MarkdownLineCursor) -> Continuation {
    switch container.kind {
    case .document, .list:
      return .matched
    case .blockQuote:
      guard !cursor.isIndented, cursor.byte(at: cursor.nextNonspace) == 0x3E else { return .unmatched }
      cursor.advanceToNextNonspace()
      cursor.advance(by: 1, columns: false)
      if MarkdownBlockSyntax.isSpaceOrTab(cursor.byte(at: cursor.offset)) { cursor.advance(by: 1, columns: true) }
      return .matched
    case .listItem:
      if cursor.isBlank {
        guard !container.children.isEmpty else { return .unmatched }
        cursor.advanceToNextNonspace()
      } else if cursor.indent >= container.itemContentIndent {
        cursor.advance(by: container.itemContentIndent, columns: true)
      } else {
        return .unmatched
      }
      return .matched
    case .heading, .thematicBreak:
      return .unmatched
    case .fencedCode(let fence, _):
      if !cursor.isIndented, MarkdownBlockSyntax.isFenceClosing(cursor.fromNextNonspace, for: fence) {
        container.isClosedFence = true
        finalize(container, lastLine: lineIndex)
        return .lineConsumed
      }
      var remaining = fence.indent
      while remaining > 0, MarkdownBlockSyntax.isSpaceOrTab(cursor.byte(at: cursor.offset)) {
        cursor.advance(by: 1, columns: true)
        remaining -= 1
      }
      return .matched
    case .indentedCode:
      if cursor.isIndented {
        cursor.advance(by: 4, columns: true)
      } else if cursor.isBlank {
        cursor.advanceToNextNonspace()
      } else {
        return .unmatched
      }
      return .matched
    case .html(let end):
      return cursor.isBlank && end == .blankLine ? .unmatched : .matched
    case .paragraph:
      return cursor.isBlank ? .unmatched : .matched
    }
  }

  // MARK: Block starts

  /// Tries the block starts in CommonMark's order; a start that matches consumes its marker.
  private mutating func blockStart(_ cursor: inout MarkdownLineCursor, _ container: MarkdownBlockNode) -> Start {
    var start = blockQuoteStart(&cursor, container)
    if start == .none { start = atxHeadingStart(&cursor, container) }
    if start == .none { start = fenceStart(&cursor, container) }
    if start == .none { start = htmlStart(&cursor, container) }
    if start == .none { start = setextStart(&cursor, container) }
    if start == .none { start = thematicBreakStart(&cursor, container) }
    if start == .none { start = listItemStart(&cursor, container) }
    if start == .none { start = indentedCodeStart(&cursor, container) }
    return start
  }

  private mutating func blockQuoteStart(_ cursor: inout MarkdownLineCursor, _ container: MarkdownBlockNode) -> Start {
    guard !cursor.isIndented, cursor.byte(at: cursor.nextNonspace) == 0x3E, container.depth < Self.maximumDepth
    else { return .none }
    cursor.advanceToNextNonspace()
    cursor.advance(by: 1, columns: false)
    if MarkdownBlockSyntax.isSpaceOrTab(cursor.byte(at: cursor.offset)) { cursor.advance(by: 1, columns: true) }
    closeUnmatchedBlocks()
    _ = addChild(.blockQuote)
    return .container
  }

  private mutating func atxHeadingStart(_ cursor: inout MarkdownLineCursor, _ container: MarkdownBlockNode) -> Start {
    guard !cursor.isIndented, let level = MarkdownBlockSyntax.atxHeadingLevel(cursor.fromNextNonspace) else {
      return .none
    }
    let text = ProseBlocks.atxHeading(Substring(decoding: cursor.fromNextNonspace, as: UTF8.self))?.text ?? ""
    cursor.advanceToNextNonspace()
    closeUnmatchedBlocks()
    let heading = addChild(.heading(level: level))
    heading.lines = [text]
    cursor.advanceToEnd()
    return .leaf
  }

  private mutating func fenceStart(_ cursor: inout MarkdownLineCursor, _ container: MarkdownBlockNode) -> Start {
    guard !cursor.isIndented, var fence = MarkdownBlockSyntax.fenceOpening(cursor.fromNextNonspace) else {
      return .none
    }
    fence.indent = cursor.indent
    fence.infoOffset += cursor.nextNonspace - cursor.line.startIndex
    closeUnmatchedBlocks()
    _ = addChild(.fencedCode(fence, isClosed: false))
    cursor.advanceToEnd()
    return .leaf
  }

  private mutating func htmlStart(_ cursor: inout MarkdownLineCursor, _ container: MarkdownBlockNode) -> Start {
    guard !cursor.isIndented, cursor.byte(at: cursor.nextNonspace) == 0x3C else { return .none }
    let text = cursor.fromNextNonspace
    var end = MarkdownBlockSyntax.htmlBlockStart(text)
    if end == nil, MarkdownBlockSyntax.isHTMLBlockType7Start(text), !container.isParagraph,
      allClosed || cursor.isBlank || !tip.isParagraph
    {
      end = .blankLine
    }
    guard let end else { return .none }
    closeUnmatchedBlocks()
    _ = addChild(.html(end))
    return .leaf
  }

  private mutating func setextStart(_ cursor: inout MarkdownLineCursor, _ container: MarkdownBlockNode) -> Start {
    guard !cursor.isIndented, container.isParagraph,
      let level = MarkdownBlockSyntax.setextUnderlineLevel(cursor.fromNextNonspace),
      let parent = container.parent
    else { return .none }
    closeUnmatchedBlocks()
    let heading = MarkdownBlockNode(.heading(level: level), line: container.firstLine)
    heading.lines = [container.lines.joined(separator: "\n")]
    heading.parent = parent
    heading.depth = container.depth
    parent.children[parent.children.count - 1] = heading
    tip = heading
    cursor.advanceToEnd()
    return .leaf
  }

  private mutating func thematicBreakStart(_ cursor: inout MarkdownLineCursor, _ container: MarkdownBlockNode) -> Start {
    guard !cursor.isIndented, MarkdownBlockSyntax.isThematicBreak(cursor.fromNextNonspace) else { return .none }
    closeUnmatchedBlocks()
    _ = addChild(.thematicBreak)
    cursor.advanceToEnd()
    return .leaf
  }

  private mutating func listItemStart(_ cursor: inout MarkdownLineCursor, _ container: MarkdownBlockNode) -> Start {
    guard !cursor.isIndented, container.depth < Self.maximumDepth,
      let marker = MarkdownBlockSyntax.listMarker(cursor.fromNextNonspace)
    else { return .none }
    if container.isParagraph, marker.isEmpty || (marker.isOrdered && marker.number != 1) { return .none }
    let markerIndent = cursor.indent
    cursor.advanceToNextNonspace()
    cursor.advance(by: marker.length, columns: true)
    let spacesStart = cursor
    repeat {
      cursor.advance(by: 1, columns: true)
    } while cursor.column - spacesStart.column < 5 && MarkdownBlockSyntax.isSpaceOrTab(cursor.byte(at: cursor.offset))
    let spacesAfterMarker = cursor.column - spacesStart.column
    var padding = marker.length + spacesAfterMarker
    if spacesAfterMarker >= 5 || spacesAfterMarker < 1 || cursor.byte(at: cursor.offset) == nil {
      padding = marker.length + 1
      cursor = spacesStart
      if MarkdownBlockSyntax.isSpaceOrTab(cursor.byte(at: cursor.offset)) { cursor.advance(by: 1, columns: true) }
    }
    closeUnmatchedBlocks()
    let list = MarkdownList(isOrdered: marker.isOrdered, delimiter: marker.delimiter, start: marker.number)
    if !tip.continues(list) { _ = addChild(.list(list)) }
    let item = addChild(.listItem)
    item.itemContentIndent = markerIndent + padding
    return .container
  }

  private mutating func indentedCodeStart(_ cursor: inout MarkdownLineCursor, _ container: MarkdownBlockNode) -> Start {
    guard cursor.isIndented, !tip.isParagraph, !cursor.isBlank else { return .none }
    cursor.advance(by: 4, columns: true)
    closeUnmatchedBlocks()
    _ = addChild(.indentedCode)
    return .leaf
  }

  // MARK: Opening and closing

  /// Closes the blocks that the current line did not continue.
  private mutating func closeUnmatchedBlocks() {
    guard !allClosed else { return }
    while oldTip !== lastMatchedContainer, let parent = oldTip.parent {
      finalize(oldTip, lastLine: lineIndex - 1)
      oldTip = parent
    }
    allClosed = true
  }

  /// Adds a block of `kind` at the current line, closing open blocks that cannot contain it.
  private mutating func addChild(_ kind: MarkdownBlockKind) -> MarkdownBlockNode {
    while !tip.canContain(kind) { finalize(tip, lastLine: lineIndex - 1) }
    let node = MarkdownBlockNode(kind, line: lineIndex)
    node.parent = tip
    node.depth = tip.depth + 1
    tip.children.append(node)
    tip = node
    return node
  }

  private mutating func finalize(_ node: MarkdownBlockNode, lastLine: Int) {
    node.close(lastLine: lastLine)
    tip = node.parent ?? document
  }

  private mutating func finishDocument(lastLine: Int) {
    while tip !== document { finalize(tip, lastLine: lastLine) }
    document.close(lastLine: max(0, lastLine))
  }
}
