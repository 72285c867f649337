/// Glyphs and colours used by the plot renderers.
struct RenderGlyphs {
  /// Whether Unicode glyphs are used.
  let unicode: Bool

  /// Series markers, cycled when there are more series than markers.
  static let unicodeMarkers: [Character] = ["●", "○", "■", "□", "▲", "△", "◆", "◇"]
  /// 7-bit series markers, cycled when there are more series than markers.
  static let asciiMarkers: [Character] = ["*", "o", "+", "x", "#", "@", "%", "&"]
  /// ANSI SGR foreground colours per series, cycled.
  static let colors: [Int] = [34, 31, 32, 33, 35, 36, 94, 91]
  /// Eighth blocks for fractional bar ends, index = eighths (1...7).
  static let eighths: [Character] = [" ", "▏", "▎", "▍", "▌", "▋", "▊", "▉"]

  /// The marker of series `index`.
  func marker(_ index: Int) -> Character {
    let markers = unicode ? Self.unicodeMarkers : Self.asciiMarkers
    return markers[index % markers.count]
  }

  /// Vertical axis line.
  var vertical: Character { unicode ? "│" : "|" }
  /// Vertical axis with a tick to the left.
  var verticalTick: Character { unicode ? "┤" : "+" }
  /// Horizontal axis line.
  var horizontal: Character { unicode ? "─" : "-" }
  /// Horizontal axis with a tick below.
  var horizontalTick: Character { unicode ? "┬" : "+" }
  /// Corner where the axes meet.
  var corner: Character { unicode ? "└" : "+" }
  /// Full bar cell.
  var barFull: Character { unicode ? "█" : "#" }
  /// Right half of a cell, for the left end of negative bars.
  var barRightHalf: Character { unicode ? "▐" : "#" }
  /// Line segments in ASCII plots.
  static let asciiLine: Character = "."
}

/// One output line made of optionally coloured pieces.
struct RenderStyledLine {
  /// Text pieces with an optional colour index (into `RenderGlyphs.colors`).
  private(set) var pieces: [(text: String, color: Int?)] = []

  /// Creates an empty line.
  init() {}

  /// Creates a line of uncoloured text.
  init(_ text: String) { pieces = [(text, nil)] }

  /// Appends text in an optional colour.
  mutating func append(_ text: String, color: Int? = nil) {
    if text.isEmpty { return }
    if let last = pieces.last, last.color == color {
      pieces[pieces.count - 1].text += text
    } else {
      pieces.append((text, color))
    }
  }

  /// Appends one character in an optional colour.
  mutating func append(_ character: Character, color: Int? = nil) { append(String(character), color: color) }

  /// Display width of the text (colour codes excluded).
  var width: Int { pieces.reduce(0) { $0 + RenderText.width($1.text) } }

  /// The text without trailing spaces, with ANSI colour codes around coloured pieces if `color`.
  func rendered(color: Bool) -> String {
    var kept = pieces
    while let last = kept.last {
      let trimmed = RenderText.trimTrailing(last.text)
      if trimmed.isEmpty {
        kept.removeLast()
      } else {
        kept[kept.count - 1].text = trimmed
        break
      }
    }
    var result = ""
    for piece in kept {
      if color, let index = piece.color {
        let code = RenderGlyphs.colors[index % RenderGlyphs.colors.count]
        result += "\u{1B}[" + String(code) + "m" + piece.text + "\u{1B}[0m"
      } else {
        result += piece.text
      }
    }
    return result
  }
}
