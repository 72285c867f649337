import CLibEdit
import Foundation
import SSRCore

/// Where the REPL's input lines come from.
protocol LineReader: AnyObject {
  /// Reads one line (without its newline) after showing `prompt`; nil at end of input or when
  /// Ctrl-C cancelled the line (then ``wasInterrupted`` is true).
  func readLine(prompt: String) -> String?
  /// Whether the last `readLine` returned nil because Ctrl-C cancelled the line.
  var wasInterrupted: Bool { get }
  /// Records a complete entry in the history.
  func addHistory(_ entry: String)
  /// The recorded history, oldest first.
  var history: [String] { get }
  /// Whether prompts and banners are shown (a person at a terminal).
  var isInteractive: Bool { get }
  /// Supplies completion candidates (interactive readers only).
  var completer: ((_ line: String, _ word: String) -> [String])? { get set }
}

/// Reads piped standard input line by line, without prompts (for scripts and tests).
final class PipeLineReader: LineReader {
  private(set) var history: [String] = []
  var wasInterrupted: Bool { false }
  var completer: ((String, String) -> [String])?
  var isInteractive: Bool { false }

  func readLine(prompt: String) -> String? {
    Swift.readLine(strippingNewline: true)
  }

  func addHistory(_ entry: String) {
    history.append(entry)
  }
}

/// Reads lines with libedit: editing, persistent history and tab completion.
final class EditLineReader: LineReader {
  private let historyFile: String
  private(set) var history: [String] = []
  private(set) var wasInterrupted = false
  var completer: ((String, String) -> [String])? {
    didSet { Completion.provider = completer }
  }
  var isInteractive: Bool { true }

  init(historyFile: String) {
    self.historyFile = historyFile
    ssr_rl_install("ssr", Completion.attempted)
    ssr_rl_use_ssr_word_breaks()
    using_history()
    stifle_history(2000)
    _ = read_history(historyFile)
    let length = ssr_history_length()
    if length > 0 {
      for offset in 0..<length {
        if let entry = history_get(ssr_history_base() + offset), let line = entry.pointee.line {
          history.append(String(cString: line))
        }
      }
    }
  }

  func readLine(prompt: String) -> String? {
    Cancellation.reset()
    wasInterrupted = false
    guard let pointer = readline(prompt) else {
      // libedit returns NULL both at end of input and when Ctrl-C interrupts the read.
      wasInterrupted = Cancellation.isRequested
      Cancellation.reset()
      return nil
    }
    defer { free(pointer) }
    return String(cString: pointer)
  }

  func addHistory(_ entry: String) {
    history.append(entry)
    add_history(entry)
    _ = write_history(historyFile)
  }
}

/// The libedit completion callbacks (libedit is single-threaded and calls them at the prompt).
enum Completion {
  nonisolated(unsafe) static var provider: ((String, String) -> [String])?
  nonisolated(unsafe) static var matches: [String] = []
  nonisolated(unsafe) static var index = 0

  static let generator: @convention(c) (UnsafePointer<CChar>?, Int32) -> UnsafeMutablePointer<CChar>? = { text, state in
    if state == 0 {
      let word = text.map { String(cString: $0) } ?? ""
      let line = ssr_rl_line_buffer().map { String(cString: $0) } ?? ""
      let point = Int(ssr_rl_point())
      let prefix = String(decoding: line.utf8.prefix(max(0, point)), as: UTF8.self)
      matches = provider?(prefix, word) ?? []
      index = 0
    }
    guard index < matches.count else { return nil }
    defer { index += 1 }
    return strdup(matches[index])
  }

  static let attempted: @convention(c) (UnsafePointer<CChar>?, Int32, Int32) -> UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = {
    text, _, _ in
    ssr_rl_set_append_character(0)
    return rl_completion_matches(text, generator)
  }
}
