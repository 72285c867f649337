/// Appends little-endian binary data.
struct BinaryWriter {
  private(set) var bytes: [UInt8] = []

  mutating func reserve(_ count: Int) {
    bytes.reserveCapacity(count)
  }

  mutating func write<T: FixedWidthInteger>(_ value: T) {
    withUnsafeBytes(of: value.littleEndian) { bytes.append(contentsOf: $0) }
  }

  mutating func write(raw: [UInt8]) {
    bytes.append(contentsOf: raw)
  }

  /// An array of fixed-width integers, preceded by its count.
  mutating func write<T: FixedWidthInteger>(array: [T]) {
    write(UInt64(array.count))
    #if _endian(little)
      array.withUnsafeBytes { bytes.append(contentsOf: $0) }
    #else
      for value in array { write(value) }
    #endif
  }

  /// Strings as a count, their UTF-8 lengths, then their bytes back to back.
  mutating func write(strings: [String]) {
    write(array: strings.map { UInt32(truncatingIfNeeded: $0.utf8.count) })
    for string in strings { bytes.append(contentsOf: string.utf8) }
  }
}

/// Reads what ``BinaryWriter`` wrote, checking every bound.
struct BinaryReader {
  let bytes: UnsafeRawBufferPointer
  let path: String
  var offset = 0

  init(_ bytes: UnsafeRawBufferPointer, path: String) {
    self.bytes = bytes
    self.path = path
  }

  var truncated: DataError { .invalidCache(path: path, reason: "truncated") }

  mutating func read<T: FixedWidthInteger>(_: T.Type) throws(DataError) -> T {
    let size = MemoryLayout<T>.size
    guard offset + size <= bytes.count else { throw truncated }
    let value = bytes.loadUnaligned(fromByteOffset: offset, as: T.self)
    offset += size
    return T(littleEndian: value)
  }

  mutating func read(count: Int) throws(DataError) -> UnsafeRawBufferPointer {
    guard count >= 0, offset + count <= bytes.count else { throw truncated }
    let slice = UnsafeRawBufferPointer(rebasing: bytes[offset..<offset + count])
    offset += count
    return slice
  }

  mutating func readArray<T: FixedWidthInteger>(_: T.Type, limit: Int) throws(DataError) -> [T] {
    let count = try read(UInt64.self)
    let size = MemoryLayout<T>.size
    guard count <= UInt64(limit), Int(count) <= (bytes.count - offset) / size else { throw truncated }
    let raw = try read(count: Int(count) * size)
    let values = [T](unsafeUninitializedCapacity: Int(count)) { buffer, initialized in
      UnsafeMutableRawBufferPointer(buffer).copyMemory(from: raw)
      initialized = Int(count)
    }
    #if _endian(little)
      return values
    #else
      return values.map { T(littleEndian: $0) }
    #endif
  }

  mutating func readStrings(limit: Int) throws(DataError) -> [String] {
    let lengths = try readArray(UInt32.self, limit: limit)
    var strings: [String] = []
    strings.reserveCapacity(lengths.count)
    for length in lengths {
      let raw = try read(count: Int(length))
      strings.append(String(decoding: raw.bindMemory(to: UInt8.self), as: UTF8.self))
    }
    return strings
  }
}

/// A fast 64-bit checksum that detects damaged cache files (not a cryptographic hash).
func cacheChecksum(_ bytes: UnsafeRawBufferPointer) -> UInt64 {
  var h: UInt64 = 0x243F_6A88_85A3_08D3 ^ UInt64(bytes.count)
  var offset = 0
  while offset + 8 <= bytes.count {
    let word = bytes.loadUnaligned(fromByteOffset: offset, as: UInt64.self)
    h = ((h ^ word) &* 0x9E37_79B9_7F4A_7C15)
    h ^= h >> 29
    offset += 8
  }
  while offset < bytes.count {
    h = (h ^ UInt64(bytes[offset])) &* 0x0000_0100_0000_01B3
    offset += 1
  }
  h = (h ^ (h >> 30)) &* 0xBF58_476D_1CE4_E5B9
  return h ^ (h >> 31)
}
