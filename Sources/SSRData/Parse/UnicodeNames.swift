import Synchronization

/// Looks up Unicode characters by name for Python's `\N{NAME}` escapes.
///
/// Names are matched case-insensitively, as Python does; formal aliases are accepted too.
/// CJK ideographs (named by their code point) are resolved directly. Other names come from a
/// table built on the first lookup (one pass over the code points, a fraction of a second in
/// release builds), so many distinct or bogus names cost one dictionary lookup each.
enum UnicodeNames {
  private static let table = Mutex<[String: UInt32]?>(nil)

  /// The scalar called `name`, or nil when no character has that name.
  static func scalar(named name: String) -> Unicode.Scalar? {
    let key = name.uppercased()
    // Unicode names use only A–Z, digits, space and hyphen.
    guard !key.isEmpty, key.utf8.count <= 100,
      key.utf8.allSatisfy({ ($0 >= 0x41 && $0 <= 0x5A) || ($0 >= 0x30 && $0 <= 0x39) || $0 == 0x20 || $0 == 0x2D })
    else { return nil }
    for prefix in ["CJK UNIFIED IDEOGRAPH-", "CJK COMPATIBILITY IDEOGRAPH-"] where key.hasPrefix(prefix) {
      let hex = key.dropFirst(prefix.count)
      guard hex.count >= 4, hex.count <= 5, let value = UInt32(hex, radix: 16), let scalar = Unicode.Scalar(value),
        scalar.properties.name == key
      else { return nil }
      return scalar
    }
    let value = table.withLock { table -> UInt32? in
      if table == nil { table = build() }
      return table?[key]
    }
    return value.flatMap(Unicode.Scalar.init)
  }

  private static func build() -> [String: UInt32] {
    var names: [String: UInt32] = [:]
    let ranges: [ClosedRange<UInt32>] = [0x20...0x3_FFFF, 0xE_0000...0xE_01EF]
    for range in ranges {
      for value in range {
        guard let scalar = Unicode.Scalar(value) else { continue }
        if let name = scalar.properties.name, !name.hasPrefix("CJK UNIFIED IDEOGRAPH-"),
          !name.hasPrefix("CJK COMPATIBILITY IDEOGRAPH-")
        {
          names[name] = value
        }
        if let alias = scalar.properties.nameAlias, names[alias] == nil { names[alias] = value }
      }
    }
    return names
  }
}
