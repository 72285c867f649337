/// A character-cell drawing surface for line and scatter plots.
///
/// In braille mode each cell holds 2×4 dots (U+2800 block), otherwise one pixel per cell drawn as
/// `.`. Markers are an overlay: a cell with a marker shows the marker instead of its dots.
struct RenderCanvas {
  /// Width in cells.
  let columns: Int
  /// Height in cells.
  let rows: Int
  /// Whether dots are braille (2×4 per cell) or one `.` per cell.
  let braille: Bool
  private var dots: [UInt8]
  private var dotOwner: [Int]
  private var markers: [Character?]
  private var markerOwner: [Int]

  /// A blank canvas; sizes below 1 are raised to 1.
  init(columns: Int, rows: Int, braille: Bool) {
    self.columns = max(1, columns)
    self.rows = max(1, rows)
    self.braille = braille
    let count = self.columns * self.rows
    dots = [UInt8](repeating: 0, count: count)
    dotOwner = [Int](repeating: -1, count: count)
    markers = [Character?](repeating: nil, count: count)
    markerOwner = [Int](repeating: -1, count: count)
  }

  /// Horizontal dot resolution.
  var pixelWidth: Int { braille ? columns * 2 : columns }
  /// Vertical dot resolution.
  var pixelHeight: Int { braille ? rows * 4 : rows }

  /// Braille bit for the dot at (x, y) inside a cell (x in 0...1, y in 0...3).
  private static let brailleBits: [[UInt8]] = [[0x01, 0x02, 0x04, 0x40], [0x08, 0x10, 0x20, 0x80]]

  /// Sets one dot (pixel coordinates, y down); out-of-range dots are ignored.
  mutating func plot(x: Int, y: Int, owner: Int) {
    guard x >= 0, y >= 0, x < pixelWidth, y < pixelHeight else { return }
    let index: Int
    let bit: UInt8
    if braille {
      index = (y / 4) * columns + x / 2
      bit = Self.brailleBits[x % 2][y % 4]
    } else {
      index = y * columns + x
      bit = 1
    }
    dots[index] |= bit
    dotOwner[index] = owner
  }

  /// Draws a straight segment of dots between two pixels (Bresenham).
  mutating func line(from start: (x: Int, y: Int), to end: (x: Int, y: Int), owner: Int) {
    var x = start.x
    var y = start.y
    let dx = abs(end.x - x)
    let dy = -abs(end.y - y)
    let stepX = x < end.x ? 1 : -1
    let stepY = y < end.y ? 1 : -1
    var error = dx + dy
    while true {
      plot(x: x, y: y, owner: owner)
      if x == end.x && y == end.y { break }
      let doubled = 2 * error
      if doubled >= dy {
        error += dy
        x += stepX
      }
      if doubled <= dx {
        error += dx
        y += stepY
      }
    }
  }

  /// Puts a marker on the cell containing pixel (x, y); later markers replace earlier ones.
  mutating func mark(x: Int, y: Int, glyph: Character, owner: Int) {
    guard x >= 0, y >= 0, x < pixelWidth, y < pixelHeight else { return }
    let index = braille ? (y / 4) * columns + x / 2 : y * columns + x
    markers[index] = glyph
    markerOwner[index] = owner
  }

  /// The character and owning series (nil if blank) of a cell.
  func cell(column: Int, row: Int) -> (glyph: Character, owner: Int?) {
    let index = row * columns + column
    if let marker = markers[index] { return (marker, markerOwner[index]) }
    let bits = dots[index]
    if bits == 0 { return (" ", nil) }
    if braille, let scalar = Unicode.Scalar(0x2800 + UInt32(bits)) {
      return (Character(scalar), dotOwner[index])
    }
    return (RenderGlyphs.asciiLine, dotOwner[index])
  }
}
