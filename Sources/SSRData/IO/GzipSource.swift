import CZlib

/// Inflates a gzip stream chunk by chunk through zlib (`inflateInit2` with `16 + MAX_WBITS`).
///
/// Concatenated members (as written by `cat a.gz b.gz` or parallel compressors) are read one
/// after another; zero padding after the last member is ignored. A file that ends inside a
/// member, a bad CRC, or other bytes after a member throw ``DataError/corruptGzip(path:reason:)``.
/// Only one input chunk (256 KiB) and the caller's output buffer are held at a time.
public final class GzipSource: ByteSource {
  /// The compressed file's name.
  public var name: String { file.name }
  private let file: ByteSource
  private let stream: UnsafeMutablePointer<z_stream>
  private let input: UnsafeMutableRawBufferPointer
  private var inputExhausted = false
  private var betweenMembers = false
  private var finished = false

  /// Starts inflating `file`, whose first bytes (already read) are `prefix`.
  public init(file: ByteSource, prefix: [UInt8] = []) throws(DataError) {
    self.file = file
    input = UnsafeMutableRawBufferPointer.allocate(byteCount: 1 << 18, alignment: 16)
    stream = UnsafeMutablePointer<z_stream>.allocate(capacity: 1)
    stream.initialize(to: z_stream())
    let status = inflateInit2_(stream, 16 + MAX_WBITS, zlibVersion(), Int32(MemoryLayout<z_stream>.size))
    guard status == Z_OK else {
      stream.deinitialize(count: 1)
      stream.deallocate()
      input.deallocate()
      throw DataError.corruptGzip(path: file.name, reason: "zlib could not start (code \(status))")
    }
    let count = Swift.min(prefix.count, input.count)
    prefix.withUnsafeBytes { input.copyMemory(from: UnsafeRawBufferPointer(rebasing: $0[0..<count])) }
    stream.pointee.next_in = input.baseAddress?.assumingMemoryBound(to: Bytef.self)
    stream.pointee.avail_in = uInt(count)
  }

  deinit {
    inflateEnd(stream)
    stream.deinitialize(count: 1)
    stream.deallocate()
    input.deallocate()
  }

  /// Inflates into `buffer`; returns the number of bytes produced, 0 at the end of the last member.
  public func read(into buffer: UnsafeMutableRawBufferPointer) throws(DataError) -> Int {
    guard !finished, let base = buffer.baseAddress, buffer.count > 0 else { return 0 }
    let capacity = Swift.min(buffer.count, Int(UInt32.max))
    stream.pointee.next_out = base.assumingMemoryBound(to: Bytef.self)
    stream.pointee.avail_out = uInt(capacity)
    while true {
      let produced = capacity - Int(stream.pointee.avail_out)
      if produced > 0 { return produced }
      if stream.pointee.avail_in == 0 && !inputExhausted { try refill() }
      if betweenMembers {
        guard try startNextMember() else {
          finished = true
          return 0
        }
        continue
      }
      let status = inflate(stream, Z_NO_FLUSH)
      switch status {
      case Z_STREAM_END:
        betweenMembers = true
      case Z_OK:
        break
      case Z_BUF_ERROR:
        if stream.pointee.avail_in == 0 && inputExhausted {
          throw DataError.corruptGzip(path: name, reason: "unexpected end of file (the file is truncated)")
        }
      case Z_NEED_DICT:
        throw DataError.corruptGzip(path: name, reason: "a preset dictionary is required")
      case Z_MEM_ERROR:
        throw DataError.corruptGzip(path: name, reason: "out of memory")
      default:
        let message = stream.pointee.msg.map { String(cString: $0) } ?? "code \(status)"
        throw DataError.corruptGzip(path: name, reason: message)
      }
    }
  }

  /// Reads the next compressed chunk into the input buffer.
  private func refill() throws(DataError) {
    let count = try file.read(into: input)
    if count == 0 {
      inputExhausted = true
    }
    stream.pointee.next_in = input.baseAddress?.assumingMemoryBound(to: Bytef.self)
    stream.pointee.avail_in = uInt(count)
  }

  /// After a member ended: skips zero padding; returns false at the end of data, true when another
  /// member starts (and resets the inflater for it).
  private func startNextMember() throws(DataError) -> Bool {
    while true {
      while stream.pointee.avail_in > 0, let next = stream.pointee.next_in, next.pointee == 0 {
        stream.pointee.next_in = next + 1
        stream.pointee.avail_in -= 1
      }
      if stream.pointee.avail_in > 0 { break }
      if inputExhausted { return false }
      try refill()
    }
    guard let next = stream.pointee.next_in, next.pointee == 0x1F else {
      throw DataError.corruptGzip(path: name, reason: "unexpected bytes after a gzip member")
    }
    guard inflateReset(stream) == Z_OK else {
      throw DataError.corruptGzip(path: name, reason: "zlib could not restart for the next member")
    }
    betweenMembers = false
    return true
  }
}
