@testable import SSRNotebook

/// A tiny seeded generator (SplitMix64) so property tests are reproducible.
struct TestRandom {
  private var state: UInt64

  init(seed: UInt64) { state = seed }

  mutating func next() -> UInt64 {
    state &+= 0x9E37_79B9_7F4A_7C15
    var z = state
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z >> 31)
  }

  /// Uniform integer in `range`.
  mutating func int(_ range: ClosedRange<Int>) -> Int {
    let span = UInt64(range.upperBound - range.lowerBound) + 1
    return range.lowerBound + Int(next() % span)
  }

  /// Uniform double in [0, 1).
  mutating func unit() -> Double { Double(next() >> 11) * 0x1p-53 }

  /// True with probability `p`.
  mutating func chance(_ p: Double) -> Bool { unit() < p }

  /// One element of a non-empty array.
  mutating func pick<T>(_ items: [T]) -> T { items[int(0...(items.count - 1))] }
}

/// Output helpers for assertions.
enum OutputCheck {
  /// `text` without ANSI SGR sequences (`ESC [ ... m`).
  static func stripANSI(_ text: String) -> String {
    var result = ""
    var inEscape = false
    for scalar in text.unicodeScalars {
      if inEscape {
        if scalar == "m" { inEscape = false }
      } else if scalar == "\u{1B}" {
        inEscape = true
      } else {
        result.unicodeScalars.append(scalar)
      }
    }
    return result
  }

  /// Lines of `text`, split on `\n` only, keeping empty lines.
  static func lines(_ text: String) -> [String] {
    text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
  }

  /// Widest line in display columns (colour codes ignored).
  static func maxWidth(_ text: String) -> Int {
    lines(stripANSI(text)).map(RenderText.width).max() ?? 0
  }

  /// Whether every byte is `\n` or printable 7-bit ASCII.
  static func isPrintableASCII(_ text: String) -> Bool {
    text.utf8.allSatisfy { $0 == 0x0A || (0x20...0x7E).contains($0) }
  }

  /// Whether no line ends in a space.
  static func hasNoTrailingSpaces(_ text: String) -> Bool {
    lines(text).allSatisfy { !$0.hasSuffix(" ") }
  }
}
