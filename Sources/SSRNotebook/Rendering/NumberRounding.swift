extension NumberFormat {
  /// `x` rounded half away from zero to `digits` decimal places (values too large for the
  /// requested precision are returned unchanged).
  public static func roundedDecimal(_ x: Double, digits: Int) -> Double {
    guard x.isFinite else { return x }
    var scale = 1.0
    for _ in 0..<digits { scale *= 10 }
    let scaled = x * scale
    guard abs(scaled) < 4.5e15 else { return x }
    return scaled.rounded(.toNearestOrAwayFromZero) / scale
  }
}
