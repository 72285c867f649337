import Foundation
import SSREval

/// Shows training progress on standard error: a redrawn bar on a terminal, one line per epoch
/// otherwise. Nothing goes into the notebook's outputs (timings vary from run to run).
final class TrainingProgress {
  let name: String
  let epochs: Int
  let isTerminal = isatty(STDERR_FILENO) == 1
  let enabled: Bool
  var lastDraw = Date.distantPast
  var epochStart = Date()
  var currentEpoch = 1

  init(name: String, epochs: Int, enabled: Bool) {
    self.name = name
    self.epochs = epochs
    self.enabled = enabled
  }

  func batchFinished(done: Int, total: Int, loss: Float) {
    if done == 1 { epochStart = Date() }
    guard isTerminal, Date().timeIntervalSince(lastDraw) > 0.2 || done == total else { return }
    lastDraw = Date()
    let fraction = Double(done) / Double(max(total, 1))
    let width = 24
    let filled = Int(fraction * Double(width))
    let elapsed = Date().timeIntervalSince(epochStart)
    let eta = fraction > 0 ? elapsed / fraction - elapsed : 0
    let bar = String(repeating: "█", count: filled) + String(repeating: "·", count: width - filled)
    write("\r\u{1B}[K\(name) epoch \(currentEpoch)/\(epochs) \(bar) \(Int(fraction * 100))% loss \(String(format: "%.4f", loss)) ETA \(Int(eta))s")
  }

  func epochFinished(_ report: EpochReport) {
    currentEpoch = report.epoch + 1
    let metrics = report.metrics.named.map { "\($0.0) \(String(format: "%.4f", $0.1))" }.joined(separator: " ")
    let line = "\(name) epoch \(report.epoch)/\(epochs) loss \(String(format: "%.4f", report.loss)) \(metrics) "
      + "\(Int(report.samplesPerSecond)) samples/s \(String(format: "%.1f", report.seconds))s\(report.isBest ? " *" : "")"
    write((isTerminal ? "\r\u{1B}[K" : "") + line + "\n")
  }

  func finish() {
    if isTerminal { write("\r\u{1B}[K") }
  }

  private func write(_ text: String) {
    guard enabled else { return }
    FileHandle.standardError.write(Data(text.utf8))
  }
}
