import Foundation
import SSRCore

/// JSON objects of numbers, written with keys in a given order and read back.
public enum JSONValues {
  /// `{"hr10":0.41,"ndcg10":0.22}` in the order given; NaN and infinities as null.
  public static func object(_ pairs: [(String, Double?)]) -> String {
    "{" + pairs.map { key, value in JSONText.quoted(key) + ":" + number(value) }.joined(separator: ",") + "}"
  }

  /// A number as JSON: Swift's shortest round-tripping form, null for nil, NaN or infinities.
  public static func number(_ value: Double?) -> String {
    guard let value, value.isFinite else { return "null" }
    return "\(value)"
  }

  /// The numeric fields of a JSON object (others, and nulls, left out).
  public static func numbers(_ text: String?) -> [String: Double] {
    optionalNumbers(text).compactMapValues { $0 }
  }

  /// The fields of a JSON object whose values are numbers or null, read exactly (`Double`'s own
  /// parsing: Foundation's JSON reader on Linux can be off in the last bit); other fields are
  /// left out. Empty when `text` is not such an object.
  public static func optionalNumbers(_ text: String?) -> [String: Double?] {
    guard let text, let object = parse(text) else { return [:] }
    var result: [String: Double?] = [:]
    for (key, value) in object {
      if value is NSNull {
        result[key] = .some(nil)
      } else if value is NSNumber, let exact = NumberObjectScanner.numbers(text)?[key] {
        result[key] = exact
      }
    }
    return result
  }

  /// A JSON object's fields, or nil when `text` is not one.
  public static func parse(_ text: String?) -> [String: Any]? {
    guard let text, let data = text.data(using: .utf8) else { return nil }
    return (try? JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed])) as? [String: Any]
  }
}

/// The top-level number fields of a JSON object, as written: each number's text read by
/// `Double(_:)`, which rounds correctly. Nested values and strings are skipped.
private struct NumberObjectScanner {
  private let bytes: [UInt8]
  private var index = 0

  private init(_ text: String) { bytes = Array(text.utf8) }

  static func numbers(_ text: String) -> [String: Double]? {
    var scanner = NumberObjectScanner(text)
    return scanner.object()
  }

  private mutating func object() -> [String: Double]? {
    skipSpace()
    guard take(UInt8(ascii: "{")) else { return nil }
    var result: [String: Double] = [:]
    skipSpace()
    if take(UInt8(ascii: "}")) { return result }
    while true {
      skipSpace()
      guard let key = string() else { return nil }
      skipSpace()
      guard take(UInt8(ascii: ":")) else { return nil }
      skipSpace()
      let start = index
      guard skipValue() else { return nil }
      if let number = Double(String(decoding: bytes[start..<index], as: UTF8.self)) { result[key] = number }
      skipSpace()
      if take(UInt8(ascii: "}")) { return result }
      guard take(UInt8(ascii: ",")) else { return nil }
    }
  }

  /// A string's text, or nil; escapes other than `\"` and `\\` are kept as written (keys here are plain).
  private mutating func string() -> String? {
    guard take(UInt8(ascii: "\"")) else { return nil }
    var text: [UInt8] = []
    while index < bytes.count {
      let byte = bytes[index]
      index += 1
      if byte == UInt8(ascii: "\"") { return String(decoding: text, as: UTF8.self) }
      if byte == UInt8(ascii: "\\"), index < bytes.count {
        let next = bytes[index]
        index += 1
        if next != UInt8(ascii: "\"") && next != UInt8(ascii: "\\") { text.append(byte) }
        text.append(next)
      } else {
        text.append(byte)
      }
    }
    return nil
  }

  /// Skips one value (nested brackets and strings included).
  private mutating func skipValue() -> Bool {
    if index < bytes.count, bytes[index] == UInt8(ascii: "\"") { return string() != nil }
    var depth = 0
    while index < bytes.count {
      let byte = bytes[index]
      if byte == UInt8(ascii: "\"") {
        guard string() != nil else { return false }
        continue
      }
      if byte == UInt8(ascii: "{") || byte == UInt8(ascii: "[") { depth += 1 }
      if byte == UInt8(ascii: "}") || byte == UInt8(ascii: "]") {
        if depth == 0 { return true }
        depth -= 1
      }
      if byte == UInt8(ascii: ","), depth == 0 { return true }
      index += 1
    }
    return depth == 0
  }

  private mutating func skipSpace() {
    while index < bytes.count, [0x20, 0x0A, 0x0D, 0x09].contains(bytes[index]) { index += 1 }
  }

  private mutating func take(_ byte: UInt8) -> Bool {
    guard index < bytes.count, bytes[index] == byte else { return false }
    index += 1
    return true
  }
}
