#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Maps byte strings (raw user or item ids) to dense indices 0, 1, 2, … in order of first
/// appearance, without creating a `String` per row.
struct ByteInterner {
  private var arena: [UInt8] = []
  private var starts: [Int] = [0]
  private var hashes: [UInt64] = []
  private var slots: [Int32] = Array(repeating: -1, count: 1024)

  /// The number of distinct keys.
  var count: Int { hashes.count }

  /// The index of `key`, adding it when new.
  mutating func intern(_ key: UnsafeBufferPointer<UInt8>) -> Int32 {
    let hash = ByteInterner.hash(key)
    let mask = slots.count - 1
    var slot = Int(truncatingIfNeeded: hash) & mask
    while true {
      let id = slots[slot]
      if id < 0 { break }
      if hashes[Int(id)] == hash && matches(Int(id), key) { return id }
      slot = (slot + 1) & mask
    }
    let id = Int32(truncatingIfNeeded: hashes.count)
    arena.append(contentsOf: key)
    starts.append(arena.count)
    hashes.append(hash)
    slots[slot] = id
    if hashes.count * 2 > slots.count { grow() }
    return id
  }

  /// The index of a string key, adding it when new.
  mutating func intern(_ key: String) -> Int32 {
    var copy = key
    return copy.withUTF8 { intern($0) }
  }

  /// All keys as strings, in index order (bytes decoded as UTF-8, invalid sequences replaced).
  func strings() -> [String] {
    arena.withUnsafeBufferPointer { bytes in
      (0..<count).map { id in
        String(decoding: UnsafeBufferPointer(rebasing: bytes[starts[id]..<starts[id + 1]]), as: UTF8.self)
      }
    }
  }

  private func matches(_ id: Int, _ key: UnsafeBufferPointer<UInt8>) -> Bool {
    let start = starts[id]
    let length = starts[id + 1] - start
    guard length == key.count else { return false }
    if length == 0 { return true }
    return arena.withUnsafeBufferPointer { stored in
      memcmp(stored.baseAddress! + start, key.baseAddress!, length) == 0
    }
  }

  private mutating func grow() {
    var bigger = [Int32](repeating: -1, count: slots.count * 2)
    let mask = bigger.count - 1
    for (id, hash) in hashes.enumerated() {
      var slot = Int(truncatingIfNeeded: hash) & mask
      while bigger[slot] >= 0 { slot = (slot + 1) & mask }
      bigger[slot] = Int32(truncatingIfNeeded: id)
    }
    slots = bigger
  }

  /// FNV-1a with a final avalanche (SplitMix64's mixer), so the low bits index well.
  @inline(__always) static func hash(_ key: UnsafeBufferPointer<UInt8>) -> UInt64 {
    var h: UInt64 = 0xCBF2_9CE4_8422_2325
    for byte in key {
      h = (h ^ UInt64(byte)) &* 0x0000_0100_0000_01B3
    }
    h = (h ^ (h >> 30)) &* 0xBF58_476D_1CE4_E5B9
    h = (h ^ (h >> 27)) &* 0x94D0_49BB_1331_11EB
    return h ^ (h >> 31)
  }
}
