@testable import SSRNotebook

/// SplitMix64: a small seeded generator so random tests are reproducible.
struct FormatTestRandom: RandomNumberGenerator {
  var state: UInt64

  init(seed: UInt64) { state = seed }

  mutating func next() -> UInt64 {
    state &+= 0x9E37_79B9_7F4A_7C15
    var z = state
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z >> 31)
  }
}

/// Whether two strings have exactly the same UTF-8 bytes (`==` on String ignores
/// canonical-equivalence differences, which a byte-exact round trip must not).
func sameBytes(_ a: String, _ b: String) -> Bool {
  Array(a.utf8) == Array(b.utf8)
}

/// Every diagnostic as `line:column severity message` for compact expectations.
func summaries(_ notebook: Notebook) -> [String] {
  notebook.diagnostics.map { "\($0.line):\($0.column) \($0.severity.rawValue)" }
}
