/// An axis: the value range it spans and its labelled tick values.
struct RenderAxis: Equatable {
  /// Value at the start of the axis (left or bottom).
  var low: Double
  /// Value at the end of the axis (right or top); always greater than `low`.
  var high: Double
  /// Tick values inside `low...high`, ascending.
  var ticks: [Double]
  /// Compact labels, one per tick.
  var labels: [String]

  /// Position of `value` along the axis as a fraction in 0...1 (clamped), or `nil` if not finite.
  ///
  /// Computed on halved values so that ranges near the largest finite double cannot overflow.
  func fraction(_ value: Double) -> Double? {
    let span = high / 2 - low / 2
    let t = (value / 2 - low / 2) / span
    guard t.isFinite else { return nil }
    return min(max(t, 0), 1)
  }

  /// Index of the cell (0..<count) that `value` falls in when the axis spans `count` cells.
  func cell(_ value: Double, count: Int) -> Int? {
    guard count > 0, let t = fraction(value) else { return nil }
    return min(Int((t * Double(count - 1)).rounded()), count - 1)
  }
}

/// "Nice" tick selection: steps of 1, 2, 2.5 or 5 × 10^k.
enum RenderTicks {
  /// Step multipliers, smallest first.
  static let multipliers: [(text: String, value: Double, extraDigit: Bool)] = [
    ("1", 1, false), ("2", 2, false), ("2.5", 2.5, true), ("5", 5, false),
  ]

  /// Widens a degenerate range (equal ends, or narrower than 1e-12 relative) around its centre by
  /// the smallest 1, 2 or 5 × 10^k that is at least 10 % of the centre (1 around zero).
  static func padded(low: Double, high: Double) -> (low: Double, high: Double) {
    let magnitude = max(low.magnitude, high.magnitude)
    if high > low && high / 2 - low / 2 > magnitude * 0.5e-12 { return (low, high) }
    let centre = low / 2 + high / 2
    var delta = 1.0
    if centre != 0 {
      let wanted = max(centre.magnitude * 0.1, 1e-300)
      let power = RenderDecimal(wanted).topPower
      delta = ["1", "2", "5", "10"].lazy.compactMap { Double($0 + "e" + String(power)) }.first { $0 >= wanted } ?? wanted
    }
    let top = Double.greatestFiniteMagnitude
    return (max(centre - delta, -top), min(centre + delta, top))
  }

  /// Share of the data span an axis end may be pushed outward to reach the next tick.
  static let extensionAllowance = 0.15

  /// An axis covering the finite range `low...high` with at most `maxCount` nice ticks (3 or more
  /// when the step sequence allows). Each end is pushed outward to the next tick when that adds at
  /// most 15 % of the data span, so labelled ends are common without wasting much room.
  static func axis(low rawLow: Double, high rawHigh: Double, maxCount: Int) -> RenderAxis {
    let (low, high) = padded(low: rawLow, high: rawHigh)
    let limit = max(2, maxCount)
    let halfSpan = high / 2 - low / 2
    let allowance = halfSpan * 2 * extensionAllowance
    let power = RenderDecimal(halfSpan).topPower
    typealias Candidate = (step: Double, position: Int, first: Double, last: Double, low: Double, high: Double)
    var best: Candidate?
    var bestCount = -1.0
    search: for exponent in (power - 3)...(power + 2) {
      for multiplier in multipliers {
        guard let step = Double(multiplier.text + "e" + String(exponent)), step > 0, step.isFinite else { continue }
        var first = (low / step).rounded(.up)
        var last = (high / step).rounded(.down)
        var axisLow = low
        var axisHigh = high
        let outerLow = (low / step).rounded(.down) * step
        let outerHigh = (high / step).rounded(.up) * step
        if outerLow.isFinite && low - outerLow <= allowance {
          axisLow = min(outerLow, low)
          first = (low / step).rounded(.down)
        }
        if outerHigh.isFinite && outerHigh - high <= allowance {
          axisHigh = max(outerHigh, high)
          last = (high / step).rounded(.up)
        }
        let count = last - first + 1
        guard first.isFinite, last.isFinite, count <= Double(limit) else { continue }
        let candidate = (step, exponent - (multiplier.extraDigit ? 1 : 0), first, last, axisLow, axisHigh)
        if count >= 3 {
          best = candidate
          break search
        }
        if count > bestCount {
          best = candidate
          bestCount = count
        }
      }
    }
    guard let pick = best, pick.first <= pick.last else {
      return RenderAxis(low: low, high: high, ticks: [low, high], labels: labels(for: [low, high], position: nil))
    }
    var ticks: [Double] = []
    var index = pick.first
    while index <= pick.last {
      let value = index * pick.step + 0.0
      if value.isFinite && value >= pick.low && value <= pick.high { ticks.append(value) }
      index += 1
    }
    return RenderAxis(low: pick.low, high: pick.high, ticks: ticks, labels: labels(for: ticks, position: pick.position))
  }

  /// Compact labels for tick values whose last significant decimal is at 10^position: plain notation
  /// (`"0.25"`, `"1500"`) unless that is wider than 6 columns and `2.5e-7` style is narrower.
  /// Without a position, values are shown with 4 significant digits.
  static func labels(for values: [Double], position: Int?) -> [String] {
    guard let position else {
      return values.map { compactSignificant($0 + 0.0) }
    }
    let plain = values.map { NumberFormat.fixed($0 + 0.0, decimals: max(0, -position)) }
    let scientific = values.map { value -> String in
      if value == 0 { return "0" }
      let decimal = RenderDecimal(value).rounded(atPosition: position)
      if decimal.isZero { return "0" }
      return (decimal.negative ? "-" : "") + decimal.mantissaText + "e" + String(decimal.topPower)
    }
    let plainWidth = plain.map(\.count).max() ?? 0
    let scientificWidth = scientific.map(\.count).max() ?? 0
    return plainWidth > 6 && scientificWidth < plainWidth ? scientific : plain
  }

  /// `NumberFormat.significant` at 4 digits without the `.0` of integral values.
  static func compactSignificant(_ value: Double) -> String {
    let text = NumberFormat.significant(value, digits: 4)
    return text.hasSuffix(".0") ? String(text.dropLast(2)) : text
  }
}
