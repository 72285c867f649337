/// Everything that can go wrong while finding, reading, preparing or caching a dataset.
///
/// Every case renders a one-line message (``description``) that says what happened, where, and
/// what to do, so a notebook or REPL can show it as is.
public enum DataError: Error, CustomStringConvertible, Sendable, Equatable {
  /// A line of a data file could not be parsed.
  case malformedLine(file: String, line: Int, text: String, reason: String)
  /// A line is longer than the reader's limit (a binary file, or a file without newlines).
  case lineTooLong(file: String, line: Int, limit: Int)
  /// A file does not exist.
  case fileNotFound(path: String)
  /// A file exists but could not be read.
  case unreadable(path: String, reason: String)
  /// A gzip file is damaged or cut short.
  case corruptGzip(path: String, reason: String)
  /// A dataset's files were not found in any data root.
  case datasetNotFound(name: String, searched: [String], files: [String], url: String?, advice: String)
  /// The name is not in the manifest.
  case unknownDataset(name: String, known: [String])
  /// A preprocessing step removed every interaction.
  case emptyAfter(step: String, detail: String)
  /// The dataset manifest could not be read or is inconsistent.
  case invalidManifest(path: String, reason: String)
  /// An option has a value that cannot work.
  case invalidOption(name: String, value: String, reason: String)
  /// A cache file is damaged or from another version (it is ignored and rebuilt by the loader).
  case invalidCache(path: String, reason: String)
  /// A file could not be written.
  case writeFailed(path: String, reason: String)
  /// A download failed.
  case downloadFailed(url: String, reason: String)
  /// A file's SHA-256 differs from the published one.
  case checksumMismatch(path: String, expected: String, actual: String)
  /// The user interrupted the computation (Ctrl-C).
  case interrupted

  /// A one-line message for the user.
  public var description: String {
    switch self {
    case let .malformedLine(file, line, text, reason):
      return "\(file):\(line): \(reason): \(DataError.excerpt(text)); fix the line, or read with onError: .skip to skip and count bad lines"
    case let .lineTooLong(file, line, limit):
      return "\(file):\(line): line longer than \(limit) bytes; is this a text file in the expected format?"
    case let .fileNotFound(path):
      return "file not found: \(path)"
    case let .unreadable(path, reason):
      return "cannot read \(path): \(reason)"
    case let .corruptGzip(path, reason):
      return "\(path): damaged gzip data (\(reason)); download the file again"
    case let .datasetNotFound(name, searched, files, url, advice):
      let expected = searched.map { "\($0)/{\(files.joined(separator: ","))}" }
      var message = "dataset '\(name)' not found; expected one of its files at "
      message += expected.isEmpty ? "(no data root)" : expected.joined(separator: " or ")
      if let url { message += "; official download: \(url)" }
      return message + "; \(advice)"
    case let .unknownDataset(name, known):
      let suggestion = DataError.closest(to: name, in: known).map { " (did you mean '\($0)'?)" } ?? ""
      return "unknown dataset '\(name)'\(suggestion); known datasets: \(known.joined(separator: ", "))"
    case let .emptyAfter(step, detail):
      return "no interactions left after \(step): \(detail)"
    case let .invalidManifest(path, reason):
      return "invalid dataset manifest \(path): \(reason)"
    case let .invalidOption(name, value, reason):
      return "invalid \(name) = \(value): \(reason)"
    case let .invalidCache(path, reason):
      return "unusable cache file \(path): \(reason); delete it to rebuild"
    case let .writeFailed(path, reason):
      return "cannot write \(path): \(reason); check that the directory exists and is writable"
    case let .downloadFailed(url, reason):
      return "download of \(url) failed: \(reason)"
    case let .checksumMismatch(path, expected, actual):
      return "\(path): SHA-256 is \(actual) but the manifest expects \(expected); the file is damaged or a different version"
    case .interrupted:
      return "interrupted"
    }
  }

  /// At most 120 characters of an offending line, with control characters made visible.
  static func excerpt(_ text: String) -> String {
    var out = ""
    for scalar in text.unicodeScalars.prefix(120) {
      if scalar.value < 0x20 || scalar.value == 0x7F {
        out += "\\u{\(String(scalar.value, radix: 16))}"
      } else {
        out.unicodeScalars.append(scalar)
      }
    }
    if text.unicodeScalars.count > 120 { out += "…" }
    return "'" + out + "'"
  }

  /// The known name closest to `name` by edit distance, if it is close enough to be a typo.
  static func closest(to name: String, in known: [String]) -> String? {
    let target = Array(name.lowercased().unicodeScalars)
    var best: (String, Int)?
    for candidate in known {
      let other = Array(candidate.lowercased().unicodeScalars)
      var previous = Array(0...other.count)
      for (i, a) in target.enumerated() {
        var current = [i + 1] + Array(repeating: 0, count: other.count)
        for (j, b) in other.enumerated() {
          current[j + 1] = Swift.min(previous[j + 1] + 1, current[j] + 1, previous[j] + (a == b ? 0 : 1))
        }
        previous = current
      }
      let distance = previous[other.count]
      if distance <= Swift.max(2, target.count / 3), best.map({ distance < $0.1 }) ?? true {
        best = (candidate, distance)
      }
    }
    return best?.0
  }
}

/// What a reader does with a line it cannot parse.
public enum ErrorPolicy: String, Sendable, Hashable, Codable {
  /// Stop and throw ``DataError/malformedLine(file:line:text:reason:)``.
  case fail
  /// Skip the line and count it (see ``SkipReport``).
  case skip
}

/// Lines skipped under ``ErrorPolicy/skip``: how many, and the first few as examples.
public struct SkipReport: Sendable, Hashable, Codable {
  /// How many lines were skipped.
  public internal(set) var count = 0
  /// The first skipped lines (at most ``exampleLimit``), as `file:line: reason: text`.
  public internal(set) var examples: [String] = []
  /// How many examples are kept.
  public static let exampleLimit = 5

  /// Creates an empty report.
  public init() {}

  /// Records one skipped line.
  mutating func record(_ error: DataError) {
    count += 1
    guard examples.count < SkipReport.exampleLimit else { return }
    if case let .malformedLine(file, line, text, reason) = error {
      examples.append("\(file):\(line): \(reason): \(DataError.excerpt(text))")
    } else {
      examples.append(error.description)
    }
  }

  /// Adds another report's counts and examples.
  mutating func merge(_ other: SkipReport) {
    count += other.count
    for example in other.examples where examples.count < SkipReport.exampleLimit { examples.append(example) }
  }
}
