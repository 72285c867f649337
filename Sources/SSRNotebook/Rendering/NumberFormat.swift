/// Deterministic number formatting shared by tables and plots.
///
/// Digits come from the exact binary value, rounded to nearest with ties to even (like glibc's
/// `printf`), so results are identical on every platform.
public enum NumberFormat {
  /// Significant digits used when `digits` is out of range on the high side.
  static let maxDigits = 40

  /// `x` with `digits` significant digits, trailing zeros trimmed, like C's `%g`, but a result
  /// without a fraction or exponent gets `".0"` so it always reads as a floating-point number.
  ///
  /// `digits` is clamped to 1...40. Plain notation is used when the decimal exponent of the rounded
  /// value is in -4..<digits, otherwise `1.235e+06` / `1e-05` notation (two-digit minimum exponent).
  /// Examples at 4 digits: `3.0 -> "3.0"`, `0.123456 -> "0.1235"`, `1234567.0 -> "1.235e+06"`,
  /// `1234.4 -> "1234.0"`, `9.9995 -> "9.999"` (the double is just below 9.9995),
  /// `-0.0 -> "-0.0"`, `.nan -> "nan"`, `.infinity -> "inf"`, `-.infinity -> "-inf"`.
  public static func significant(_ x: Double, digits: Int) -> String {
    if let special = nonFinite(x) { return special }
    let sign = x.sign == .minus ? "-" : ""
    if x == 0 { return sign + "0.0" }
    let precision = min(max(digits, 1), maxDigits)
    let rounded = RenderDecimal(x).rounded(significant: precision)
    let power = rounded.topPower
    if power < -4 || power >= precision {
      return sign + rounded.mantissaText + exponentSuffix(power)
    }
    let text = rounded.plainMagnitude(minFractionDigits: 0)
    return sign + (text.contains(".") ? text : text + ".0")
  }

  /// Fixed decimals, like C's `%.*f`: `fixed(3.14159, decimals: 2) == "3.14"`.
  ///
  /// `decimals` is clamped to 0...40; with 0 there is no decimal point. Negative values keep their
  /// sign even when they round to zero (`fixed(-0.001, decimals: 2) == "-0.00"`), as C does.
  /// Non-finite values give `"nan"`, `"inf"`, `"-inf"`.
  public static func fixed(_ x: Double, decimals: Int) -> String {
    if let special = nonFinite(x) { return special }
    let places = min(max(decimals, 0), maxDigits)
    let rounded = RenderDecimal(x).rounded(atPosition: -places)
    let sign = x.sign == .minus ? "-" : ""
    return sign + rounded.plainMagnitude(minFractionDigits: places)
  }

  /// `"nan"`, `"inf"` or `"-inf"` for non-finite values, `nil` otherwise.
  static func nonFinite(_ x: Double) -> String? {
    if x.isNaN { return "nan" }
    if x.isInfinite { return x < 0 ? "-inf" : "inf" }
    return nil
  }

  /// `e+06`, `e-05`, `e+123`: C-style exponent with sign and at least two digits.
  static func exponentSuffix(_ power: Int) -> String {
    let magnitude = String(power.magnitude)
    return "e" + (power < 0 ? "-" : "+") + (magnitude.count < 2 ? "0" + magnitude : magnitude)
  }
}
