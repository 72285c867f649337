/// The non-zero entries of a `[rows, columns]` matrix of spikes (or other mostly-zero input), row
/// by row in column order (compressed sparse rows), for the event-driven kernels of
/// ``spikeLinear(_:weight:bias:activation:path:)``.
final class SpikeRows {
  let rows: Int, columns: Int
  /// Entry range of row `i`: `rowStart[i]..<rowStart[i + 1]`.
  let rowStart: UnsafeMutablePointer<Int>
  /// Column of each entry.
  private(set) var column: UnsafeMutablePointer<Int32>
  /// Value of each entry.
  private(set) var value: UnsafeMutablePointer<Float>
  /// Whether every non-zero entry is exactly 1 (spikes), so products with it can be skipped.
  let isBinary: Bool
  /// Whether ``fill()`` has run.
  private(set) var isFilled = false

  /// Counts the non-zero entries of each row of `x` (in parallel over rows); ``fill()`` then
  /// lists them. Counting alone gives ``nonZeroFraction`` for choosing the path.
  init(_ x: UnsafePointer<Float>, rows: Int, columns: Int) {
    self.rows = rows
    self.columns = columns
    rowStart = .allocate(capacity: rows + 1)
    rowStart[0] = 0
    let counts = SendablePointer(rowStart + 1)
    let nonBinary = SendablePointer(UnsafeMutablePointer<Int>.allocate(capacity: rows))
    defer { nonBinary.pointer.deallocate() }
    parallelFor(rows, grain: Swift.max(1, (1 << 16) / Swift.max(columns, 1))) { range in
      for i in range {
        let row = x + i * columns
        var n = SIMD8<Int32>(repeating: 0), other = SIMD8<Int32>(repeating: 0)
        var k = 0
        while k + 8 <= columns {
          let v = UnsafeRawPointer(row + k).loadUnaligned(as: SIMD8<Float>.self)
          let nonZero = v .!= 0
          n &+= SIMD8(repeating: 0).replacing(with: 1, where: nonZero)
          other &+= SIMD8(repeating: 0).replacing(with: 1, where: nonZero .& (v .!= 1))
          k += 8
        }
        var count = Int(n.wrappedSum()), nonOne = Int(other.wrappedSum())
        while k < columns {
          let v = row[k]
          count &+= v != 0 ? 1 : 0
          nonOne &+= v != 0 && v != 1 ? 1 : 0
          k += 1
        }
        counts.pointer[i] = count
        nonBinary.pointer[i] = nonOne
      }
    }
    var binary = true
    for i in 0..<rows {
      rowStart[i + 1] += rowStart[i]
      if nonBinary.pointer[i] != 0 { binary = false }
    }
    isBinary = binary
    column = .allocate(capacity: 0)
    value = .allocate(capacity: 0)
    source = x
  }

  private let source: UnsafePointer<Float>

  deinit {
    rowStart.deallocate()
    column.deallocate()
    value.deallocate()
  }

  /// The number of non-zero entries.
  var count: Int { rowStart[rows] }

  /// The fraction of non-zero entries.
  var nonZeroFraction: Double { rows * columns == 0 ? 0 : Double(count) / Double(rows * columns) }

  /// Lists the entries of every row (in parallel over rows). The input given to ``init(_:rows:columns:)``
  /// must still be alive and unchanged.
  func fill() {
    if isFilled { return }
    isFilled = true
    column.deallocate()
    value.deallocate()
    column = .allocate(capacity: Swift.max(count, 1))
    value = .allocate(capacity: Swift.max(count, 1))
    let (columns, x, start) = (columns, source, rowStart)
    let pc = SendablePointer(column), pv = SendablePointer(value)
    parallelFor(rows, grain: Swift.max(1, (1 << 16) / Swift.max(columns, 1))) { range in
      for i in range {
        let row = x + i * columns
        var n = start[i]
        let end = start[i + 1]
        var k = 0
        // Eight at a time: one comparison gives a bit per non-zero lane, and only set bits are visited.
        while k + 8 <= columns && n < end {
          var bits = nonZeroBits(UnsafeRawPointer(row + k).loadUnaligned(as: SIMD8<Float>.self))
          while bits != 0 {
            let lane = bits.trailingZeroBitCount
            pc.pointer[n] = Int32(truncatingIfNeeded: k + lane)
            pv.pointer[n] = row[k + lane]
            n += 1
            bits &= bits &- 1
          }
          k += 8
        }
        while k < columns && n < end {
          if row[k] != 0 {
            pc.pointer[n] = Int32(truncatingIfNeeded: k)
            pv.pointer[n] = row[k]
            n += 1
          }
          k += 1
        }
      }
    }
  }

  /// The same entries by column: for column `k`, `start[k]..<start[k + 1]` indexes `row` and
  /// `value`, rows ascending (a counting sort of the row-ordered entries).
  func byColumn() -> SpikeColumns {
    fill()
    let columns = SpikeColumns(columns: self.columns, count: count)
    let start = columns.start, next = UnsafeMutablePointer<Int>.allocate(capacity: self.columns)
    defer { next.deallocate() }
    start.initialize(repeating: 0, count: self.columns + 1)
    for e in 0..<count { start[Int(column[e]) + 1] += 1 }
    for k in 0..<self.columns {
      start[k + 1] += start[k]
      next[k] = start[k]
    }
    for i in 0..<rows {
      for e in rowStart[i]..<rowStart[i + 1] {
        let k = Int(column[e]), place = next[k]
        columns.row[place] = Int32(truncatingIfNeeded: i)
        columns.value[place] = value[e]
        next[k] = place + 1
      }
    }
    return columns
  }
}

/// Bit `i` set when lane `i` of `v` is non-zero.
@inline(__always)
private func nonZeroBits(_ v: SIMD8<Float>) -> UInt32 {
  let weights = SIMD8<UInt32>(1, 2, 4, 8, 16, 32, 64, 128)
  return SIMD8<UInt32>(repeating: 0).replacing(with: weights, where: v .!= 0).wrappedSum()
}

/// The non-zero entries of a spike matrix by column (see ``SpikeRows/byColumn()``).
final class SpikeColumns {
  /// Entry range of column `k`: `start[k]..<start[k + 1]`.
  let start: UnsafeMutablePointer<Int>
  /// Row of each entry.
  let row: UnsafeMutablePointer<Int32>
  /// Value of each entry.
  let value: UnsafeMutablePointer<Float>

  init(columns: Int, count: Int) {
    start = .allocate(capacity: columns + 1)
    row = .allocate(capacity: Swift.max(count, 1))
    value = .allocate(capacity: Swift.max(count, 1))
  }

  deinit {
    start.deallocate()
    row.deallocate()
    value.deallocate()
  }
}
