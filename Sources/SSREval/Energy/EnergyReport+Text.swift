import Foundation

/// Number formatting for energy reports.
public enum EnergyFormat {
  /// An energy in the largest unit that keeps it ≥ 1 (pJ, nJ, µJ, mJ), with 4 significant digits:
  /// `640 pJ`, `12.35 µJ`.
  public static func energy(picojoules value: Double) -> String {
    guard value.isFinite else { return "\(value) pJ" }
    let units: [(Double, String)] = [(1e9, "mJ"), (1e6, "µJ"), (1e3, "nJ")]
    for (scale, unit) in units where abs(value) >= scale { return "\(significant(value / scale)) \(unit)" }
    return "\(significant(value)) pJ"
  }

  /// `value` with 4 significant digits, without exponent for the magnitudes of a report.
  public static func significant(_ value: Double, digits: Int = 4) -> String {
    guard value.isFinite, value != 0 else { return value == 0 ? "0" : "\(value)" }
    let magnitude = Int(floor(log10(abs(value))).clamped(-30, 30))
    let decimals = max(0, digits - 1 - magnitude)
    return String(format: "%.\(decimals)f", value)
  }

  /// A firing rate with 3 significant digits, in scientific notation below 0.001: `0.0705`, `6.10e-06`.
  public static func rate(_ value: Double) -> String {
    value != 0 && abs(value) < 1e-3 ? String(format: "%.2e", value) : significant(value, digits: 3)
  }

  /// A count with thousands separators: `1,310,720`.
  public static func count(_ value: Double) -> String {
    guard value.isFinite, abs(value) < 1e18 else { return "\(value)" }
    let rounded = Int64(value.rounded())
    let digits = String(abs(rounded))
    var grouped = ""
    for (i, c) in digits.enumerated() {
      if i > 0 && (digits.count - i) % 3 == 0 { grouped.append(",") }
      grouped.append(c)
    }
    return (rounded < 0 ? "-" : "") + grouped
  }

  /// A fraction as a percentage with one decimal: `63.6%`.
  public static func percent(_ fraction: Double) -> String {
    guard fraction.isFinite else { return "\(fraction)" }
    return String(format: "%.1f%%", fraction * 100)
  }
}

extension Double {
  fileprivate func clamped(_ low: Double, _ high: Double) -> Double { Swift.min(Swift.max(self, low), high) }
}

extension EnergyReport: CustomStringConvertible {
  /// A headline and the per-layer table as aligned text.
  public var description: String {
    var lines: [String] = []
    let steps = timeSteps.map { ", T = \($0)" } ?? ""
    var headline = "\(model)\(steps): \(EnergyFormat.energy(picojoules: total)) per inference "
    headline += "(modified \(EnergyFormat.energy(picojoules: modified)), shared \(EnergyFormat.energy(picojoules: shared)))"
    lines.append(headline)
    if let rates { lines.append("firing rates measured on \(rates.samples) samples") }
    let header = ["layer", "part", "input", "op", "MACs/step", "steps", "rate", "ops", "energy"]
    var table: [[String]] = [header]
    for row in rows {
      table.append([
        row.layer, row.component.rawValue, row.input.label, row.kind.rawValue, EnergyFormat.count(Double(row.macs)), "\(row.timeSteps)",
        row.rate.map(EnergyFormat.rate) ?? "—", EnergyFormat.count(row.operations),
        EnergyFormat.energy(picojoules: row.energy),
      ])
    }
    table.append([
      "total", "", "", "", "", "", "", EnergyFormat.count(multiplyAccumulates()) + " MAC + " + EnergyFormat.count(accumulates()) + " AC",
      EnergyFormat.energy(picojoules: total),
    ])
    let widths = (0..<header.count).map { column in table.map { $0[column].count }.max() ?? 0 }
    let numeric: Set<Int> = [4, 5, 6, 7, 8]
    for cells in table {
      let padded = cells.enumerated().map { column, cell in
        let pad = String(repeating: " ", count: widths[column] - cell.count)
        return numeric.contains(column) ? pad + cell : cell + pad
      }
      lines.append(padded.joined(separator: "  ").trimmingCharacters(in: .whitespaces))
    }
    return lines.joined(separator: "\n")
  }
}

extension EnergySaving: CustomStringConvertible {
  /// `SFSRec vs SASRec: … saving 63.6% (modified components), 41.2% (whole model)`.
  public var description: String {
    "\(snn.model) vs \(ann.model): \(EnergyFormat.energy(picojoules: snn.total)) vs \(EnergyFormat.energy(picojoules: ann.total)) per inference; "
      + "saving \(EnergyFormat.percent(modified)) (modified components), \(EnergyFormat.percent(wholeModel)) (whole model)"
  }
}
