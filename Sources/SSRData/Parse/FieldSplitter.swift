/// Splits a line into fields without allocating per line.
///
/// Without quoting, fields point into the line itself (valid until the line buffer changes);
/// with quoting, unquoted content is copied into the splitter's own buffer.
final class FieldSplitter {
  private let delimiter: [UInt8]
  private let quoting: Bool
  // Per-line state of a splitter used from one thread at a time: no dynamic exclusivity checks.
  @exclusivity(unchecked) private var storage: UnsafeMutablePointer<UInt8>
  @exclusivity(unchecked) private var capacity: Int
  @exclusivity(unchecked) private var base: UnsafePointer<UInt8>?
  @exclusivity(unchecked) private var starts: [Int] = []
  @exclusivity(unchecked) private var ends: [Int] = []

  /// Creates a splitter; an empty delimiter means runs of blanks.
  init(delimiter: Delimiter, quoting: Bool) {
    switch delimiter {
    case let .text(text): self.delimiter = Array(text.utf8)
    case .whitespace: self.delimiter = []
    }
    self.quoting = quoting
    capacity = 4096
    storage = UnsafeMutablePointer<UInt8>.allocate(capacity: capacity)
  }

  deinit {
    storage.deallocate()
  }

  /// The number of fields found by the last ``split(_:)``.
  var count: Int { starts.count }

  /// The field at `index` (0-based).
  func field(_ index: Int) -> UnsafeBufferPointer<UInt8> {
    guard let base else { return UnsafeBufferPointer(start: nil, count: 0) }
    return UnsafeBufferPointer(start: base + starts[index], count: ends[index] - starts[index])
  }

  /// Splits `line`; returns false when a quoted field is still open at the end of the line (the
  /// caller may append the next line and split again).
  func split(_ line: UnsafeBufferPointer<UInt8>) -> Bool {
    starts.removeAll(keepingCapacity: true)
    ends.removeAll(keepingCapacity: true)
    base = line.baseAddress.map { UnsafePointer($0) }
    if delimiter.isEmpty {
      splitBlanks(line)
      return true
    }
    if !quoting {
      splitPlain(line)
      return true
    }
    return splitQuoted(line)
  }

  private func splitBlanks(_ line: UnsafeBufferPointer<UInt8>) {
    var index = 0
    let count = line.count
    while index < count {
      while index < count && (line[index] == 0x20 || line[index] == 0x09) { index += 1 }
      if index == count { break }
      let start = index
      while index < count && line[index] != 0x20 && line[index] != 0x09 { index += 1 }
      starts.append(start)
      ends.append(index)
    }
  }

  private func splitPlain(_ line: UnsafeBufferPointer<UInt8>) {
    let count = line.count
    let first = delimiter[0]
    let width = delimiter.count
    var start = 0
    var index = 0
    while index < count {
      if line[index] == first && matchesDelimiter(line, at: index) {
        starts.append(start)
        ends.append(index)
        index += width
        start = index
      } else {
        index += 1
      }
    }
    starts.append(start)
    ends.append(count)
  }

  private func splitQuoted(_ line: UnsafeBufferPointer<UInt8>) -> Bool {
    ensureCapacity(line.count)
    base = UnsafePointer(storage)
    let count = line.count
    let width = delimiter.count
    var out = 0
    var index = 0
    while true {
      let fieldStart = out
      if index < count && line[index] == UInt8(ascii: "\"") {
        index += 1
        var closed = false
        while index < count {
          let byte = line[index]
          if byte == UInt8(ascii: "\"") {
            if index + 1 < count && line[index + 1] == UInt8(ascii: "\"") {
              storage[out] = byte
              out += 1
              index += 2
              continue
            }
            index += 1
            closed = true
            break
          }
          storage[out] = byte
          out += 1
          index += 1
        }
        if !closed { return false }
      }
      while index < count && !(line[index] == delimiter[0] && matchesDelimiter(line, at: index)) {
        storage[out] = line[index]
        out += 1
        index += 1
      }
      starts.append(fieldStart)
      ends.append(out)
      if index >= count { return true }
      index += width
    }
  }

  @inline(__always) private func matchesDelimiter(_ line: UnsafeBufferPointer<UInt8>, at index: Int) -> Bool {
    let width = delimiter.count
    if width == 1 { return true }
    guard index + width <= line.count else { return false }
    for offset in 1..<width where line[index + offset] != delimiter[offset] { return false }
    return true
  }

  private func ensureCapacity(_ needed: Int) {
    guard needed > capacity else { return }
    storage.deallocate()
    capacity = Swift.max(needed, capacity * 2)
    storage = UnsafeMutablePointer<UInt8>.allocate(capacity: capacity)
  }
}

/// Parsing of numbers and times from raw field bytes.
enum FieldParsing {
  /// Whether `field` is one or more ASCII digits (a non-negative integer id).
  static func isDigits(_ field: UnsafeBufferPointer<UInt8>) -> Bool {
    !field.isEmpty && field.allSatisfy { $0 >= 0x30 && $0 <= 0x39 }
  }

  /// Blanks at both ends removed.
  static func trimmed(_ field: UnsafeBufferPointer<UInt8>) -> UnsafeBufferPointer<UInt8> {
    var lower = 0
    var upper = field.count
    while lower < upper && (field[lower] == 0x20 || field[lower] == 0x09) { lower += 1 }
    while upper > lower && (field[upper - 1] == 0x20 || field[upper - 1] == 0x09) { upper -= 1 }
    return UnsafeBufferPointer(rebasing: field[lower..<upper])
  }

  /// A decimal integer (optional sign), or nil when the field is not one or overflows `Int64`.
  static func integer(_ field: UnsafeBufferPointer<UInt8>) -> Int64? {
    var index = 0
    var negative = false
    if index < field.count && (field[index] == UInt8(ascii: "-") || field[index] == UInt8(ascii: "+")) {
      negative = field[index] == UInt8(ascii: "-")
      index += 1
    }
    guard index < field.count else { return nil }
    var value: Int64 = 0
    while index < field.count {
      let byte = field[index]
      guard byte.isDigit else { return nil }
      let (times, o1) = value.multipliedReportingOverflow(by: 10)
      let (sum, o2) = times.addingReportingOverflow(Int64(byte - UInt8(ascii: "0")))
      if o1 || o2 { return nil }
      value = sum
      index += 1
    }
    return negative ? -value : value
  }

  /// A time value in the given format, or nil with the reason it is not one.
  static func time(_ raw: UnsafeBufferPointer<UInt8>, format: TimeFormat) -> Result<Int64, TimeError> {
    let field = trimmed(raw)
    if field.isEmpty { return .failure(TimeError(message: "empty time")) }
    switch format {
    case .unixSeconds, .unixMilliseconds:
      if let value = integer(field) { return .success(value) }
      let text = String(decoding: field, as: UTF8.self)
      let isNumeric = field.allSatisfy { $0.isDigit || $0 == UInt8(ascii: ".") || $0 == UInt8(ascii: "-") || $0 | 0x20 == UInt8(ascii: "e") || $0 == UInt8(ascii: "+") }
      guard isNumeric, let number = Double(text), number.isFinite, abs(number) < 9.0e18 else {
        return .failure(TimeError(message: "time '\(text)' is not a number"))
      }
      return .success(Int64(number.rounded(.towardZero)))
    case .dateTime:
      return dateTime(field)
    }
  }

  /// `YYYY-MM-DD[(T| )HH:MM[:SS[.fff]]][Z]` in UTC, as Unix seconds.
  static func dateTime(_ field: UnsafeBufferPointer<UInt8>) -> Result<Int64, TimeError> {
    let text = String(decoding: field, as: UTF8.self)
    let bad = TimeError(message: "time '\(text)' is not a date (YYYY-MM-DD[ HH:MM[:SS]])")
    func number(_ lower: Int, _ upper: Int) -> Int? {
      guard upper <= field.count else { return nil }
      var value = 0
      for index in lower..<upper {
        guard field[index].isDigit else { return nil }
        value = value * 10 + Int(field[index] - UInt8(ascii: "0"))
      }
      return value
    }
    guard field.count >= 10, field[4] == UInt8(ascii: "-"), field[7] == UInt8(ascii: "-"),
      let year = number(0, 4), let month = number(5, 7), let day = number(8, 10),
      (1...12).contains(month), day >= 1, day <= daysIn(month: month, year: year)
    else { return .failure(bad) }
    var seconds = 0
    var index = 10
    if index < field.count && (field[index] == UInt8(ascii: "T") || field[index] == UInt8(ascii: " ")) {
      guard field.count >= 16, field[13] == UInt8(ascii: ":"), let hour = number(11, 13), let minute = number(14, 16),
        hour < 24, minute < 60
      else { return .failure(bad) }
      seconds = hour * 3600 + minute * 60
      index = 16
      if index < field.count && field[index] == UInt8(ascii: ":") {
        guard let second = number(17, 19), second < 61 else { return .failure(bad) }
        seconds += second
        index = 19
        if index < field.count && field[index] == UInt8(ascii: ".") {
          index += 1
          while index < field.count && field[index].isDigit { index += 1 }
        }
      }
      if index < field.count && field[index] == UInt8(ascii: "Z") { index += 1 }
    }
    guard index == field.count else { return .failure(bad) }
    return .success(Int64(daysFromCivil(year: year, month: month, day: day)) * 86_400 + Int64(seconds))
  }

  static func daysIn(month: Int, year: Int) -> Int {
    switch month {
    case 2: return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
    case 4, 6, 9, 11: return 30
    default: return 31
    }
  }

  /// Days since 1970-01-01 (H. Hinnant's `days_from_civil`).
  static func daysFromCivil(year: Int, month: Int, day: Int) -> Int {
    let y = month <= 2 ? year - 1 : year
    let era = (y >= 0 ? y : y - 399) / 400
    let yoe = y - era * 400
    let doy = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
    return era * 146_097 + doe - 719_468
  }
}

/// Why a time value could not be read.
struct TimeError: Error {
  let message: String
}
