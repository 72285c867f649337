import Foundation
import SSREval

/// Shows training progress on standard error: a redrawn bar on a terminal; on a pipe or log file
/// one line per epoch, plus a line every ``logInterval`` seconds inside long epochs. Both give
/// samples per second and the time left (of the epoch, and of the run at the current pace).
/// Nothing goes into the notebook's outputs (timings vary from run to run).
final class TrainingProgress {
  let name: String
  let epochs: Int
  let batchSize: Int
  let isTerminal = isatty(STDERR_FILENO) == 1
  let enabled: Bool
  /// Seconds between progress lines inside an epoch when standard error is not a terminal.
  let logInterval: Double = 30
  var lastDraw = Date.distantPast
  var epochStart = Date()
  var currentEpoch = 1
  /// Wall time of the finished epochs.
  var finishedSeconds: [Double] = []

  init(name: String, epochs: Int, batchSize: Int, enabled: Bool) {
    self.name = name
    self.epochs = epochs
    self.batchSize = batchSize
    self.enabled = enabled
  }

  func batchFinished(done: Int, total: Int, loss: Float) {
    if done == 1 {
      epochStart = Date()
      if !isTerminal { lastDraw = epochStart }
    }
    let now = Date()
    let interval = isTerminal ? 0.2 : logInterval
    guard now.timeIntervalSince(lastDraw) > interval || (isTerminal && done == total) else { return }
    lastDraw = now
    let fraction = Double(done) / Double(max(total, 1))
    let elapsed = now.timeIntervalSince(epochStart)
    let epochLeft = fraction > 0 ? elapsed / fraction - elapsed : 0
    let epochTotal = fraction > 0 ? elapsed / fraction : 0
    let runLeft = epochLeft + Double(epochs - currentEpoch) * epochTotal
    let rate = elapsed > 0 ? Double(done * batchSize) / elapsed : 0
    let status = "\(Int(fraction * 100))% loss \(String(format: "%.4f", loss)) \(Self.count(rate)) samples/s "
      + "left: epoch \(Self.duration(epochLeft)), run \(Self.duration(runLeft))"
    if isTerminal {
      let width = 24
      let filled = Int(fraction * Double(width))
      let bar = String(repeating: "█", count: filled) + String(repeating: "·", count: width - filled)
      write("\r\u{1B}[K\(name) epoch \(currentEpoch)/\(epochs) \(bar) \(status)")
    } else {
      write("\(name) epoch \(currentEpoch)/\(epochs) batch \(done)/\(total) \(status)\n")
    }
  }

  func epochFinished(_ report: EpochReport) {
    currentEpoch = report.epoch + 1
    finishedSeconds.append(report.seconds)
    let mean = finishedSeconds.reduce(0, +) / Double(finishedSeconds.count)
    let left = Double(epochs - report.epoch) * mean
    let metrics = report.metrics.named.map { "\($0.0) \(String(format: "%.4f", $0.1))" }.joined(separator: " ")
    let line = "\(name) epoch \(report.epoch)/\(epochs) loss \(String(format: "%.4f", report.loss)) \(metrics) "
      + "\(Self.count(report.samplesPerSecond)) samples/s \(String(format: "%.1f", report.seconds))s"
      + (report.epoch < epochs ? " left \(Self.duration(left))" : "") + (report.isBest ? " *" : "")
    write((isTerminal ? "\r\u{1B}[K" : "") + line + "\n")
  }

  func finish() {
    if isTerminal { write("\r\u{1B}[K") }
  }

  /// `12s`, `3m05s`, `1h02m`.
  static func duration(_ seconds: Double) -> String {
    guard seconds.isFinite, seconds >= 0 else { return "?" }
    let total = Int(seconds.rounded())
    if total < 60 { return "\(total)s" }
    if total < 3600 { return "\(total / 60)m" + String(format: "%02ds", total % 60) }
    return "\(total / 3600)h" + String(format: "%02dm", (total % 3600) / 60)
  }

  /// `950`, `12,345`.
  static func count(_ value: Double) -> String {
    guard value.isFinite else { return "?" }
    let digits = String(Int(value.rounded()))
    var grouped = ""
    for (index, character) in digits.reversed().enumerated() {
      if index > 0 && index % 3 == 0 && character != "-" { grouped.append(",") }
      grouped.append(character)
    }
    return String(grouped.reversed())
  }

  private func write(_ text: String) {
    guard enabled else { return }
    FileHandle.standardError.write(Data(text.utf8))
  }
}
