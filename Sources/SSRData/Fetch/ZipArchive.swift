#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif
import CZlib
import Foundation

/// A read-only zip archive: its central directory, and entries streamed out through zlib with the
/// CRC-32 and size checked.
///
/// Supports what dataset archives use: stored and deflated entries in single-part archives below
/// 4 GB. ZIP64, encryption, multi-part archives and other compression methods are refused with a
/// message saying so. Nothing is trusted: every offset and size is checked against the file, and an
/// entry that inflates to more than its declared size is an error (no zip bombs).
final class ZipArchive {
  /// One entry of the central directory.
  struct Entry: Sendable, Hashable {
    /// The path inside the archive, `/`-separated as stored (not yet checked for safety).
    var path: String
    /// 0 (stored) or 8 (deflated).
    var method: UInt16
    /// The CRC-32 of the uncompressed bytes.
    var crc32: UInt32
    /// Bytes in the archive.
    var compressedSize: UInt64
    /// Bytes after extraction.
    var uncompressedSize: UInt64
    /// Where the entry's local header starts.
    var localHeaderOffset: UInt64
    /// A folder entry (`name/`).
    var isDirectory: Bool
    /// A Unix symbolic link (never extracted).
    var isSymlink: Bool
  }

  /// The archive's path, for messages.
  let path: String
  /// The entries in central-directory order.
  private(set) var entries: [Entry] = []
  private let descriptor: Int32
  private let size: UInt64
  /// Where the central directory starts; entry data must lie before it.
  private var directoryOffset: UInt64 = 0

  /// The largest central directory read (a dataset archive has a few hundred entries at most).
  static let directoryLimit: UInt64 = 64 << 20
  /// The chunk size for reading and inflating.
  static let chunkSize = 1 << 18

  /// Opens `path` and reads its central directory.
  init(path: String) throws(DataError) {
    self.path = path
    descriptor = open(path, O_RDONLY)
    guard descriptor >= 0 else { throw DataError.unreadable(path: path, reason: String(cString: strerror(errno))) }
    var info = stat()
    guard fstat(descriptor, &info) == 0, info.st_size >= 0 else {
      let reason = String(cString: strerror(errno))
      close(descriptor)
      throw DataError.unreadable(path: path, reason: reason)
    }
    size = UInt64(info.st_size)
    do throws(DataError) {
      try readDirectory()
    } catch {
      close(descriptor)
      throw error
    }
  }

  deinit {
    close(descriptor)
  }

  private func damaged(_ reason: String) -> DataError {
    .unreadable(path: path, reason: "not a usable zip archive: \(reason); download it again, or unzip it by hand")
  }

  /// Reads `count` bytes at `offset` (exactly, or throws).
  private func read(at offset: UInt64, count: Int) throws(DataError) -> [UInt8] {
    let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: Swift.max(count, 1), alignment: 16)
    defer { buffer.deallocate() }
    try fill(buffer, count: count, at: offset)
    return Array(buffer[0..<count])
  }

  /// Fills the first `count` bytes of `buffer` from `offset` (exactly, or throws).
  private func fill(_ buffer: UnsafeMutableRawBufferPointer, count: Int, at offset: UInt64) throws(DataError) {
    guard count >= 0, count <= buffer.count, offset <= size, UInt64(count) <= size - offset else {
      throw damaged("a record at byte \(offset) runs past the end of the file")
    }
    guard count > 0, let base = buffer.baseAddress else { return }
    var done = 0
    while done < count {
      let got = pread(descriptor, base + done, count - done, off_t(offset + UInt64(done)))
      if got < 0 {
        if errno == EINTR { continue }
        throw DataError.unreadable(path: path, reason: String(cString: strerror(errno)))
      }
      if got == 0 { throw damaged("the file ended early") }
      done += got
    }
  }

  /// Finds the end-of-central-directory record and parses every central-directory entry.
  private func readDirectory() throws(DataError) {
    guard size >= 22 else { throw damaged("the file is too short (\(size) bytes)") }
    let tailCount = Int(Swift.min(size, 22 + 0xFFFF))
    let tailStart = size - UInt64(tailCount)
    let tail = try read(at: tailStart, count: tailCount)
    var found: Int?
    var index = tailCount - 22
    while index >= 0 {
      if tail[index] == 0x50, tail[index + 1] == 0x4B, tail[index + 2] == 0x05, tail[index + 3] == 0x06 {
        let commentLength = Int(ZipArchive.le16(tail, index + 20))
        if index + 22 + commentLength <= tailCount {
          found = index
          break
        }
      }
      index -= 1
    }
    guard let end = found else { throw damaged("no end-of-central-directory record (is it a zip file?)") }
    let disk = ZipArchive.le16(tail, end + 4)
    let directoryDisk = ZipArchive.le16(tail, end + 6)
    let entriesHere = ZipArchive.le16(tail, end + 8)
    let entryCount = ZipArchive.le16(tail, end + 10)
    let directorySize = UInt64(ZipArchive.le32(tail, end + 12))
    let offset = UInt64(ZipArchive.le32(tail, end + 16))
    guard disk == 0, directoryDisk == 0, entriesHere == entryCount else {
      throw damaged("multi-part archives are not supported")
    }
    guard entryCount != 0xFFFF, directorySize != 0xFFFF_FFFF, offset != 0xFFFF_FFFF else {
      throw damaged("ZIP64 archives (over 4 GB or 65,535 entries) are not supported")
    }
    let endOffset = tailStart + UInt64(end)
    guard offset <= endOffset, directorySize <= endOffset - offset else {
      throw damaged("the central directory lies outside the file")
    }
    guard directorySize <= ZipArchive.directoryLimit else { throw damaged("the central directory is implausibly large") }
    directoryOffset = offset
    let directory = try read(at: offset, count: Int(directorySize))
    var position = 0
    for number in 0..<Int(entryCount) {
      guard position + 46 <= directory.count, ZipArchive.le32(directory, position) == 0x0201_4B50 else {
        throw damaged("central-directory entry \(number + 1) is damaged")
      }
      let madeBy = ZipArchive.le16(directory, position + 4)
      let flags = ZipArchive.le16(directory, position + 8)
      let method = ZipArchive.le16(directory, position + 10)
      let crc = ZipArchive.le32(directory, position + 16)
      let compressed = ZipArchive.le32(directory, position + 20)
      let uncompressed = ZipArchive.le32(directory, position + 24)
      let nameLength = Int(ZipArchive.le16(directory, position + 28))
      let extraLength = Int(ZipArchive.le16(directory, position + 30))
      let commentLength = Int(ZipArchive.le16(directory, position + 32))
      let external = ZipArchive.le32(directory, position + 38)
      let local = ZipArchive.le32(directory, position + 42)
      let nameStart = position + 46
      guard nameStart + nameLength + extraLength + commentLength <= directory.count else {
        throw damaged("central-directory entry \(number + 1) runs past the directory")
      }
      let nameBytes = Array(directory[nameStart..<nameStart + nameLength])
      position = nameStart + nameLength + extraLength + commentLength
      guard !nameBytes.contains(0) else { throw damaged("entry \(number + 1) has a NUL byte in its name") }
      let name: String
      if flags & 0x0800 != 0, let utf8 = String(validating: nameBytes, as: UTF8.self) {
        name = utf8
      } else {
        // Without the UTF-8 flag names are CP437; dataset archives use ASCII, where both agree.
        name = String(validating: nameBytes, as: UTF8.self) ?? String(decoding: nameBytes.map { $0 < 0x80 ? $0 : 0x3F }, as: UTF8.self)
      }
      guard compressed != 0xFFFF_FFFF, uncompressed != 0xFFFF_FFFF, local != 0xFFFF_FFFF else {
        throw damaged("'\(name)' is a ZIP64 entry (over 4 GB), which is not supported")
      }
      guard flags & 0x0001 == 0 else { throw damaged("'\(name)' is encrypted, which is not supported") }
      let isDirectory = name.hasSuffix("/")
      guard isDirectory || method == 0 || method == 8 else {
        throw damaged("'\(name)' uses compression method \(method); only stored (0) and deflate (8) are supported")
      }
      let isSymlink = madeBy >> 8 == 3 && (external >> 16) & 0xF000 == 0xA000
      entries.append(
        Entry(
          path: name, method: method, crc32: crc, compressedSize: UInt64(compressed), uncompressedSize: UInt64(uncompressed),
          localHeaderOffset: UInt64(local), isDirectory: isDirectory, isSymlink: isSymlink))
    }
  }

  /// Streams `entry`'s uncompressed bytes to `consumer` in chunks, then checks the size and CRC-32.
  func extract(_ entry: Entry, to consumer: (UnsafeRawBufferPointer) throws(DataError) -> Void) throws(DataError) {
    let header = try read(at: entry.localHeaderOffset, count: 30)
    guard ZipArchive.le32(header, 0) == 0x0403_4B50 else { throw damaged("the local header of '\(entry.path)' is damaged") }
    let dataStart = entry.localHeaderOffset + 30 + UInt64(ZipArchive.le16(header, 26)) + UInt64(ZipArchive.le16(header, 28))
    guard dataStart <= directoryOffset, entry.compressedSize <= directoryOffset - dataStart else {
      throw damaged("the data of '\(entry.path)' runs into the central directory")
    }
    var crc = crc32(0, nil, 0)
    var produced: UInt64 = 0
    func emit(_ chunk: UnsafeRawBufferPointer) throws(DataError) {
      guard !chunk.isEmpty else { return }
      produced += UInt64(chunk.count)
      guard produced <= entry.uncompressedSize else {
        throw damaged("'\(entry.path)' inflates to more than its declared \(entry.uncompressedSize) bytes")
      }
      crc = crc32(crc, chunk.baseAddress?.assumingMemoryBound(to: Bytef.self), uInt(chunk.count))
      try consumer(chunk)
    }
    let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: ZipArchive.chunkSize, alignment: 16)
    defer { buffer.deallocate() }
    if entry.method == 0 {
      guard entry.compressedSize == entry.uncompressedSize else {
        throw damaged("stored entry '\(entry.path)' has different compressed and uncompressed sizes")
      }
      var offset = dataStart
      let end = dataStart + entry.compressedSize
      while offset < end {
        let count = Int(Swift.min(UInt64(ZipArchive.chunkSize), end - offset))
        try fill(buffer, count: count, at: offset)
        try emit(UnsafeRawBufferPointer(rebasing: buffer[0..<count]))
        offset += UInt64(count)
      }
    } else {
      try inflateEntry(entry, from: dataStart, input: buffer, emit: emit)
    }
    guard produced == entry.uncompressedSize else {
      throw damaged("'\(entry.path)' has \(produced) bytes instead of the declared \(entry.uncompressedSize)")
    }
    guard UInt32(truncatingIfNeeded: crc) == entry.crc32 else { throw damaged("'\(entry.path)' fails its CRC-32 check") }
  }

  /// Raw-deflate decompression of one entry, reading through `input`.
  private func inflateEntry(
    _ entry: Entry, from dataStart: UInt64, input: UnsafeMutableRawBufferPointer,
    emit: (UnsafeRawBufferPointer) throws(DataError) -> Void
  ) throws(DataError) {
    let stream = UnsafeMutablePointer<z_stream>.allocate(capacity: 1)
    stream.initialize(to: z_stream())
    let output = UnsafeMutableRawBufferPointer.allocate(byteCount: ZipArchive.chunkSize, alignment: 16)
    defer {
      output.deallocate()
      stream.deinitialize(count: 1)
      stream.deallocate()
    }
    guard inflateInit2_(stream, -MAX_WBITS, zlibVersion(), Int32(MemoryLayout<z_stream>.size)) == Z_OK else {
      throw damaged("zlib could not start")
    }
    defer { inflateEnd(stream) }
    var offset = dataStart
    let end = dataStart + entry.compressedSize
    while true {
      if stream.pointee.avail_in == 0 && offset < end {
        let count = Int(Swift.min(UInt64(input.count), end - offset))
        try fill(input, count: count, at: offset)
        offset += UInt64(count)
        stream.pointee.next_in = input.baseAddress?.assumingMemoryBound(to: Bytef.self)
        stream.pointee.avail_in = uInt(count)
      }
      stream.pointee.next_out = output.baseAddress?.assumingMemoryBound(to: Bytef.self)
      stream.pointee.avail_out = uInt(output.count)
      let status = inflate(stream, Z_NO_FLUSH)
      let count = output.count - Int(stream.pointee.avail_out)
      try emit(UnsafeRawBufferPointer(rebasing: output[0..<count]))
      switch status {
      case Z_STREAM_END:
        return
      case Z_OK:
        break
      case Z_BUF_ERROR:
        if stream.pointee.avail_in == 0 && offset >= end {
          throw damaged("the compressed data of '\(entry.path)' ends early")
        }
      default:
        let message = stream.pointee.msg.map { String(cString: $0) } ?? "zlib code \(status)"
        throw damaged("'\(entry.path)': \(message)")
      }
    }
  }

  static func le16(_ bytes: [UInt8], _ offset: Int) -> UInt16 {
    UInt16(bytes[offset]) | UInt16(bytes[offset + 1]) << 8
  }

  static func le32(_ bytes: [UInt8], _ offset: Int) -> UInt32 {
    UInt32(le16(bytes, offset)) | UInt32(le16(bytes, offset + 2)) << 16
  }
}
