import Foundation
import Testing

@testable import SSRData

/// Paths of the committed fixtures.
enum Fixtures {
  static let root: String = Bundle.module.url(forResource: "Fixtures", withExtension: nil)!.path

  static func path(_ relative: String) -> String {
    (root as NSString).appendingPathComponent(relative)
  }
}

/// The shared real datasets, when this machine has them.
enum RealData {
  /// The package (or repository) root: three levels above this file.
  static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent().path

  /// `../shared/datasets` next to the package, or `/work/shared/datasets`.
  static let root: String? = [
    URL(fileURLWithPath: packageRoot).appendingPathComponent("../shared/datasets").standardizedFileURL.path,
    "/work/shared/datasets",
  ].first { FileManager.default.fileExists(atPath: $0) }

  static var available: Bool { root != nil }

  static func path(_ relative: String) -> String? {
    guard let root else { return nil }
    let full = (root as NSString).appendingPathComponent(relative)
    return FileManager.default.fileExists(atPath: full) ? full : nil
  }

  static let skipMessage: Comment = "shared datasets not found at ../shared/datasets or /work/shared/datasets"

  static let manifestPath = (packageRoot as NSString).appendingPathComponent("datasets.manifest")
}

/// A fresh empty folder under the system temporary directory.
func temporaryDirectory(_ label: String = "ssrdata") -> String {
  let path = (NSTemporaryDirectory() as NSString).appendingPathComponent("\(label)-\(UUID().uuidString)")
  try! FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
  return path
}

func write(_ text: String, to path: String) {
  try! FileManager.default.createDirectory(
    atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
  try! Data(text.utf8).write(to: URL(fileURLWithPath: path))
}

/// Runs `body` and returns the `DataError` it throws (nil when it does not throw).
func dataError<T>(_ body: () throws -> T) -> DataError? {
  do {
    _ = try body()
    return nil
  } catch let error as DataError {
    return error
  } catch {
    Issue.record("expected a DataError, got \(error)")
    return nil
  }
}

/// Parses a Python literal, returning nil on error.
func py(_ text: String) -> LiteralValue? {
  try? LiteralParser.parse(text, dialect: .python)
}

/// The error message of a Python literal that fails to parse.
func pyError(_ text: String, dialect: LiteralParser.Dialect = .python) -> String? {
  do {
    _ = try LiteralParser.parse(text, dialect: dialect)
    return nil
  } catch {
    return error.description
  }
}

/// Reads every line of a source as strings.
func allLines(_ reader: LineReader) throws -> [String] {
  var lines: [String] = []
  try reader.forEachLine { lines.append(String(decoding: $0, as: UTF8.self)) }
  return lines
}

/// A source that hands out its bytes a few at a time, to exercise chunk boundaries.
final class TrickleSource: ByteSource {
  let name: String
  private let bytes: [UInt8]
  private var position = 0
  private var step = 0

  init(_ bytes: [UInt8], name: String = "<trickle>") {
    self.bytes = bytes
    self.name = name
  }

  func read(into buffer: UnsafeMutableRawBufferPointer) throws(DataError) -> Int {
    step += 1
    let count = min(buffer.count, bytes.count - position, 1 + step % 3)
    guard count > 0 else { return 0 }
    for index in 0..<count { buffer[index] = bytes[position + index] }
    position += count
    return count
  }
}
