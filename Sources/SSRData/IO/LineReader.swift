#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Splits a byte stream into lines without decoding it, holding one chunk (1 MiB, grown only for
/// longer lines) in memory.
///
/// Lines end at `\n`; a `\r` before it is removed (CRLF files), and a last line without a newline
/// is returned too. Line numbers start at 1.
///
///     let lines = try LineReader(path: "ratings.dat.gz")
///     try lines.forEachLine { line in … }   // line: UnsafeBufferPointer<UInt8>
public final class LineReader {
  /// The file name used in messages.
  public let name: String
  /// The number of the line most recently returned (1-based; 0 before the first).
  @exclusivity(unchecked) public private(set) var lineNumber = 0
  /// Lines longer than this throw ``DataError/lineTooLong(file:line:limit:)``.
  public let maxLineLength: Int
  private let source: ByteSource
  // Hot per-line state; the reader is used from one thread at a time, so the dynamic
  // exclusivity checks of class properties are only overhead here.
  @exclusivity(unchecked) private var buffer: UnsafeMutableRawBufferPointer
  @exclusivity(unchecked) private var start = 0
  @exclusivity(unchecked) private var end = 0
  @exclusivity(unchecked) private var scanned = 0
  @exclusivity(unchecked) private var atEnd = false

  /// Reads lines from `source`.
  public init(source: ByteSource, maxLineLength: Int = 1 << 28) {
    self.source = source
    self.name = source.name
    self.maxLineLength = maxLineLength
    buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 1 << 20, alignment: 16)
  }

  /// Opens `path` (gzip is detected and inflated) and reads its lines.
  public convenience init(path: String, maxLineLength: Int = 1 << 28) throws(DataError) {
    self.init(source: try DataFile.open(path).source, maxLineLength: maxLineLength)
  }

  deinit {
    buffer.deallocate()
  }

  /// Returns the next line, valid only until the next call; nil at the end.
  public func nextLine() throws(DataError) -> UnsafeBufferPointer<UInt8>? {
    while true {
      // The buffer is never empty, so it always has a base address.
      let base = buffer.baseAddress!.assumingMemoryBound(to: UInt8.self)
      if scanned < end, let found = memchr(base + scanned, 0x0A, end - scanned) {
        let newline = UnsafeMutableRawPointer(found).assumingMemoryBound(to: UInt8.self) - base
        let line = slice(base, from: start, to: newline)
        start = newline + 1
        scanned = start
        lineNumber += 1
        return line
      }
      scanned = end
      if atEnd {
        guard start < end else { return nil }
        let line = slice(base, from: start, to: end)
        start = end
        lineNumber += 1
        return line
      }
      if end - start > maxLineLength {
        throw DataError.lineTooLong(file: name, line: lineNumber + 1, limit: maxLineLength)
      }
      try fill()
    }
  }

  /// Calls `body` with each remaining line (see ``nextLine()``); checks for Ctrl-C regularly.
  public func forEachLine(_ body: (UnsafeBufferPointer<UInt8>) throws(DataError) -> Void) throws(DataError) {
    var sinceCheck = 0
    while let line = try nextLine() {
      try body(line)
      sinceCheck += 1
      if sinceCheck == 1 << 16 {
        sinceCheck = 0
        try checkCancellation()
      }
    }
  }

  private func slice(_ base: UnsafeMutablePointer<UInt8>, from lower: Int, to upper: Int) -> UnsafeBufferPointer<UInt8> {
    var upper = upper
    if upper > lower && base[upper - 1] == 0x0D { upper -= 1 }
    return UnsafeBufferPointer(start: base + lower, count: upper - lower)
  }

  /// Moves the partial line to the front, grows the buffer when it is full, and reads more.
  private func fill() throws(DataError) {
    if start > 0 {
      if end > start, let base = buffer.baseAddress {
        memmove(base, base + start, end - start)
      }
      end -= start
      scanned -= start
      start = 0
    }
    if end == buffer.count {
      let bigger = UnsafeMutableRawBufferPointer.allocate(byteCount: buffer.count * 2, alignment: 16)
      bigger.copyMemory(from: UnsafeRawBufferPointer(rebasing: buffer[0..<end]))
      buffer.deallocate()
      buffer = bigger
    }
    let count = try source.read(into: UnsafeMutableRawBufferPointer(rebasing: buffer[end...]))
    if count == 0 { atEnd = true } else { end += count }
  }
}

/// Decodes bytes as UTF-8, replacing invalid sequences with U+FFFD.
@inline(__always) func utf8String(_ bytes: UnsafeBufferPointer<UInt8>) -> String {
  String(decoding: bytes, as: UTF8.self)
}

/// Decodes bytes as ISO-8859-1 (each byte is the code point of the same value).
func latin1String(_ bytes: UnsafeBufferPointer<UInt8>) -> String {
  var scalars = String.UnicodeScalarView()
  for byte in bytes { scalars.append(Unicode.Scalar(byte)) }
  return String(scalars)
}
