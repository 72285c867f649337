import Foundation
import SSRTensor

/// The notebook metadata from the optional first line `<!-- ssrnb:{JSON} -->`.
public struct NotebookMetadata: Sendable, Equatable {
  /// The format version this library reads and writes.
  public static let currentFormat = 1

  /// Whether the file starts with a metadata comment (even one with problems).
  public var isPresent: Bool
  /// The format version (`format`), 1 when absent.
  public var format: Int
  /// The notebook seed (`seed`), 0 when absent.
  public var seed: UInt64
  /// How matrix products are computed (`numerics`: `"reproducible"` or `"fast"`); nil when absent,
  /// which means reproducible (see ``SSRTensor/NumericsMode``).
  public var numerics: NumericsMode?
  /// Datasets of the manifest the notebook needs (`requires`, a list of names): without them
  /// `ssr-run` skips it with a message (exit code 3) instead of failing in a cell.
  public var requires: [String]
  /// Every other key, mapped to its value's JSON text exactly as written.
  public var otherKeys: [String: String]

  /// Creates metadata; the defaults are those of a file without a metadata comment.
  public init(isPresent: Bool = false, format: Int = NotebookMetadata.currentFormat, seed: UInt64 = 0,
              numerics: NumericsMode? = nil, requires: [String] = [], otherKeys: [String: String] = [:]) {
    self.isPresent = isPresent
    self.numerics = numerics
    self.requires = requires
    self.format = format
    self.seed = seed
    self.otherKeys = otherKeys
  }
}

extension NotebookMetadata {
  private static let prefix = Array("<!--".utf8)
  private static let tag = Array("ssrnb:".utf8)
  private static let closer = Array("-->".utf8)

  /// Where `ssrnb:` ends when `line` starts a metadata comment (`<!--`, spaces, `ssrnb:`).
  static func jsonStart(_ line: ArraySlice<UInt8>) -> Int? {
    guard line.starts(with: prefix) else { return nil }
    var index = line.startIndex + prefix.count
    while index < line.endIndex, line[index] == 0x20 || line[index] == 0x09 { index += 1 }
    guard line[index...].starts(with: tag) else { return nil }
    return index + tag.count
  }

  /// Reads the metadata comment on the first line; nil when the line is not one
  /// (or is an unclosed comment, which is reported and left to be prose).
  static func read(_ line: ArraySlice<UInt8>, lineNumber: Int, path: String?,
                   diagnostics: inout [FormatDiagnostic]) -> NotebookMetadata? {
    guard let start = jsonStart(line) else { return nil }
    func report(_ offset: Int, _ message: String) {
      diagnostics.append(FormatDiagnostic(severity: .error, line: lineNumber,
        column: NotebookLines.column(in: line, byteOffset: offset - line.startIndex), message: message, path: path))
    }
    var close = start
    while close + closer.count <= line.endIndex, !line[close...].starts(with: closer) { close += 1 }
    guard close + closer.count <= line.endIndex else {
      report(line.startIndex, "the metadata comment must end with `-->` on the first line")
      return nil
    }
    var metadata = NotebookMetadata(isPresent: true)
    let after = MarkdownBlockSyntax.trimSpaces(line[(close + closer.count)...])
    if !after.isEmpty {
      report(after.startIndex, "unexpected text after the metadata comment; put it on the next line")
    }
    let json = Substring(decoding: line[start..<close], as: UTF8.self)
    switch MetadataJSON.members(of: json) {
    case .failure(let failure):
      report(start + failure.offset, "invalid metadata JSON: \(failure.message)")
    case .success(let members):
      var seen = Set<String>()
      for member in members {
        let offset = start + member.valueOffset
        guard seen.insert(member.key).inserted else {
          report(start + member.keyOffset, "metadata key `\(member.key)` is given twice; the first one is used")
          continue
        }
        switch member.key {
        case "format":
          guard let format = Int(member.rawValue), format >= 1 else {
            report(offset, "metadata `format` must be a positive integer, not `\(member.rawValue)`")
            continue
          }
          if format > currentFormat {
            report(offset, "this notebook uses format \(format), but this SSR reads format "
              + "\(currentFormat); update SSR")
          }
          metadata.format = format
        case "seed":
          guard let seed = UInt64(member.rawValue) else {
            report(offset, "metadata `seed` must be an integer from 0 to \(UInt64.max), not `\(member.rawValue)`")
            continue
          }
          metadata.seed = seed
        case "numerics":
          let choices = NumericsMode.allCases.map { "\"\($0.rawValue)\"" }.joined(separator: " or ")
          guard member.rawValue.hasPrefix("\""), member.rawValue.hasSuffix("\""), member.rawValue.count >= 2,
            let mode = NumericsMode(rawValue: String(member.rawValue.dropFirst().dropLast()))
          else {
            report(offset, "metadata `numerics` must be \(choices), not `\(member.rawValue)`")
            continue
          }
          metadata.numerics = mode
        case "requires":
          guard let names = try? JSONDecoder().decode([String].self, from: Data(member.rawValue.utf8)) else {
            report(offset, "metadata `requires` must be a list of dataset names, e.g. [\"ml-1m\"], not `\(member.rawValue)`")
            continue
          }
          metadata.requires = names
        default:
          metadata.otherKeys[member.key] = member.rawValue
        }
      }
    }
    return metadata
  }

  /// The first-line comment for this metadata, e.g. `<!-- ssrnb:{"format":1,"seed":42} -->`.
  ///
  /// `numerics` and `requires` (when set) and then `otherKeys` in key order follow `format` and `seed`.
  public var comment: String {
    var members = ["\"format\":\(format)", "\"seed\":\(seed)"]
    if let numerics { members.append("\"numerics\":\"\(numerics.rawValue)\"") }
    if !requires.isEmpty { members.append("\"requires\":[" + requires.map(jsonString).joined(separator: ",") + "]") }
    for key in otherKeys.keys.sorted() {
      members.append("\(jsonString(key)):\(otherKeys[key] ?? "null")")
    }
    return "<!-- ssrnb:{" + members.joined(separator: ",") + "} -->"
  }

  private func jsonString(_ text: String) -> String {
    var result = "\""
    for scalar in text.unicodeScalars {
      switch scalar {
      case "\"": result += "\\\""
      case "\\": result += "\\\\"
      case "-" where result.hasSuffix("-"): result += "\\u002d"
      case _ where scalar.value < 0x20:
        let hex = String(scalar.value, radix: 16)
        result += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
      default: result.unicodeScalars.append(scalar)
      }
    }
    return result + "\""
  }
}
