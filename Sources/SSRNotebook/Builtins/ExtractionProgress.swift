import Foundation
import SSRModels
import SSRMultimodal

/// Shows a feature extraction's progress on standard error, as ``TrainingProgress`` does for
/// training: a redrawn line on a terminal, otherwise a line every ``logInterval`` seconds and one
/// at the end; each gives items done, items per second and the time left. Nothing goes into the
/// notebook's outputs.
final class ExtractionProgress {
  let isTerminal = isatty(STDERR_FILENO) == 1
  let enabled: Bool
  /// Seconds between lines when standard error is not a terminal.
  let logInterval: Double = 30
  var lastDraw = Date.distantPast
  var lastState: FeatureExtractionProgress?
  /// What is extracted, by modality, e.g. `text features all-MiniLM-L6-v2`.
  let names: [FeatureModality: String]

  init(names: [FeatureModality: String], enabled: Bool) {
    self.names = names
    self.enabled = enabled
  }

  func report(_ modality: FeatureModality, _ state: FeatureExtractionProgress) {
    lastState = state
    let now = Date()
    let finished = state.done == state.total
    guard now.timeIntervalSince(lastDraw) > (isTerminal ? 0.2 : logInterval) || finished else { return }
    if state.encoded == 0 && !finished { return }  // nothing measured yet
    lastDraw = now
    let name = names[modality] ?? "\(modality) features"
    let percent = state.total > 0 ? 100 * state.done / state.total : 100
    var line = "\(name): \(TrainingProgress.count(Double(state.done)))/\(TrainingProgress.count(Double(state.total))) items (\(percent)%)"
    if state.encoded > 0 {
      line += " \(TrainingProgress.count(state.itemsPerSecond)) items/s"
      line += finished ? " \(String(format: "%.1f", state.seconds))s" : " left \(TrainingProgress.duration(state.secondsLeft ?? .nan))"
    }
    if state.reused > 0 { line += ", \(TrainingProgress.count(Double(state.reused))) from an earlier run" }
    if isTerminal {
      write("\r\u{1B}[K" + line + (finished ? "\n" : ""))
    } else {
      write(line + "\n")
    }
  }

  /// Ends a redrawn line left unfinished (an interruption).
  func finish() {
    if isTerminal, let state = lastState, state.done < state.total { write("\n") }
  }

  private func write(_ text: String) {
    guard enabled else { return }
    FileHandle.standardError.write(Data(text.utf8))
  }
}
