/// The exact decimal expansion of a finite `Double`, with correct decimal rounding.
///
/// Every finite binary double is a terminating decimal, so formatting from this expansion gives the
/// same digits as a correctly rounded C `printf` on every platform (ties go to the even digit, as
/// glibc does for exact ties). Value = (negative ? -1 : 1) × digits × 10^exponent.
struct RenderDecimal: Equatable {
  /// Whether the sign bit is set (also for negative zero).
  var negative: Bool
  /// Decimal digits 0...9, most significant first; no leading or trailing zeros; empty means zero.
  var digits: [UInt8]
  /// Power of ten of the last digit in `digits`.
  var exponent: Int

  /// Expands a finite double exactly. Non-finite input is a programmer error.
  init(_ x: Double) {
    precondition(x.isFinite, "RenderDecimal needs a finite value")
    negative = x.sign == .minus
    digits = []
    exponent = 0
    if x == 0 { return }
    var mantissa: UInt64
    var power2: Int
    if x.exponentBitPattern == 0 {
      mantissa = x.significandBitPattern
      power2 = -1074
    } else {
      mantissa = x.significandBitPattern | (1 << 52)
      power2 = Int(x.exponentBitPattern) - 1075
    }
    while mantissa & 1 == 0 && power2 < 0 {
      mantissa >>= 1
      power2 += 1
    }
    var big: [UInt32] = [UInt32(truncatingIfNeeded: mantissa), UInt32(truncatingIfNeeded: mantissa >> 32)]
    if power2 >= 0 {
      var remaining = power2
      while remaining > 0 {
        let step = min(remaining, 31)
        Self.multiply(&big, by: UInt32(1) << UInt32(step))
        remaining -= step
      }
      exponent = 0
    } else {
      // m / 2^k == m * 5^k / 10^k
      var remaining = -power2
      while remaining > 0 {
        let step = min(remaining, 13)
        var factor: UInt32 = 1
        for _ in 0..<step { factor &*= 5 }
        Self.multiply(&big, by: factor)
        remaining -= step
      }
      exponent = power2
    }
    digits = Self.decimalDigits(of: big)
    normalize()
  }

  /// Creates a value from parts; the parts are normalised.
  init(negative: Bool, digits: [UInt8], exponent: Int) {
    self.negative = negative
    self.digits = digits
    self.exponent = exponent
    normalize()
  }

  /// Whether the value is zero (of either sign).
  var isZero: Bool { digits.isEmpty }

  /// Power of ten of the most significant digit (0 for zero).
  var topPower: Int { digits.isEmpty ? 0 : exponent + digits.count - 1 }

  /// Rounds to a multiple of 10^position, ties to even.
  func rounded(atPosition position: Int) -> RenderDecimal {
    let drop = position - exponent
    if drop <= 0 || digits.isEmpty { return self }
    let count = digits.count
    var kept: [UInt8] = drop < count ? Array(digits[0..<(count - drop)]) : []
    let firstDropped: UInt8 = drop <= count ? digits[count - drop] : 0
    let restNonZero = drop <= count && drop > 1  // normalised: anything after it is non-zero
    let lastKeptOdd = (kept.last ?? 0) & 1 == 1
    let roundUp = firstDropped > 5 || (firstDropped == 5 && (restNonZero || lastKeptOdd))
    if roundUp {
      var index = kept.count - 1
      var carry = true
      while carry && index >= 0 {
        if kept[index] == 9 {
          kept[index] = 0
          index -= 1
        } else {
          kept[index] += 1
          carry = false
        }
      }
      if carry { kept.insert(1, at: 0) }
    }
    return RenderDecimal(negative: negative, digits: kept, exponent: position)
  }

  /// Rounds to `significant` significant digits (at least 1), ties to even.
  func rounded(significant: Int) -> RenderDecimal {
    if digits.isEmpty { return self }
    return rounded(atPosition: topPower - max(1, significant) + 1)
  }

  /// Plain positional notation without sign, with at least `minFractionDigits` fraction digits
  /// and all digits of the value (`"0"` integer part when below one).
  func plainMagnitude(minFractionDigits: Int) -> String {
    var integerPart = ""
    var fractionPart = ""
    if digits.isEmpty {
      integerPart = "0"
    } else if exponent >= 0 {
      integerPart = Self.text(digits) + String(repeating: "0", count: exponent)
    } else {
      let fractionCount = -exponent
      if digits.count > fractionCount {
        integerPart = Self.text(digits[0..<(digits.count - fractionCount)])
        fractionPart = Self.text(digits[(digits.count - fractionCount)...])
      } else {
        integerPart = "0"
        fractionPart = String(repeating: "0", count: fractionCount - digits.count) + Self.text(digits)
      }
    }
    if fractionPart.count < minFractionDigits {
      fractionPart += String(repeating: "0", count: minFractionDigits - fractionPart.count)
    }
    return fractionPart.isEmpty ? integerPart : integerPart + "." + fractionPart
  }

  /// Scientific mantissa without sign and without trailing zeros: `"1"`, `"2.5"`.
  var mantissaText: String {
    guard let first = digits.first else { return "0" }
    let rest = digits.dropFirst()
    return rest.isEmpty ? String(first) : String(first) + "." + Self.text(rest)
  }

  private mutating func normalize() {
    var leading = 0
    while leading < digits.count && digits[leading] == 0 { leading += 1 }
    if leading > 0 { digits.removeFirst(leading) }
    while let last = digits.last, last == 0 {
      digits.removeLast()
      exponent += 1
    }
    if digits.isEmpty { exponent = 0 }
  }

  private static func text<C: Collection>(_ digits: C) -> String where C.Element == UInt8 {
    String(String.UnicodeScalarView(digits.map { Unicode.Scalar(48 + $0) }))
  }

  private static func multiply(_ big: inout [UInt32], by factor: UInt32) {
    var carry: UInt64 = 0
    for index in big.indices {
      let product = UInt64(big[index]) * UInt64(factor) + carry
      big[index] = UInt32(truncatingIfNeeded: product)
      carry = product >> 32
    }
    if carry > 0 { big.append(UInt32(truncatingIfNeeded: carry)) }
  }

  private static func decimalDigits(of value: [UInt32]) -> [UInt8] {
    var big = value
    while let last = big.last, last == 0 { big.removeLast() }
    var chunks: [UInt32] = []  // base 10^9, least significant first
    while !big.isEmpty {
      var remainder: UInt64 = 0
      for index in stride(from: big.count - 1, through: 0, by: -1) {
        let current = (remainder << 32) | UInt64(big[index])
        big[index] = UInt32(truncatingIfNeeded: current / 1_000_000_000)
        remainder = current % 1_000_000_000
      }
      chunks.append(UInt32(truncatingIfNeeded: remainder))
      while let last = big.last, last == 0 { big.removeLast() }
    }
    var result: [UInt8] = []
    for (index, chunk) in chunks.reversed().enumerated() {
      var chunkDigits: [UInt8] = []
      var rest = chunk
      for _ in 0..<9 {
        chunkDigits.append(UInt8(rest % 10))
        rest /= 10
      }
      var ordered = Array(chunkDigits.reversed())
      if index == 0 {
        while ordered.count > 1 && ordered[0] == 0 { ordered.removeFirst() }
      }
      result += ordered
    }
    return result
  }
}
