/// Writing JSON text by hand (safetensors headers, `toJSON` exports), where key order and number
/// formatting must be exact and `JSONSerialization` would not guarantee them.
public enum JSONText {
  /// `text` as a JSON string literal: quotes and backslashes escaped, `\n \r \t` as such, other
  /// control characters as `\u00XX`; everything else (including non-ASCII) written as is.
  public static func quoted(_ text: String) -> String {
    var out = "\""
    for scalar in text.unicodeScalars {
      switch scalar {
      case "\"": out += "\\\""
      case "\\": out += "\\\\"
      case "\n": out += "\\n"
      case "\r": out += "\\r"
      case "\t": out += "\\t"
      default:
        if scalar.value < 0x20 {
          let hex = String(scalar.value, radix: 16)
          out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
        } else {
          out.unicodeScalars.append(scalar)
        }
      }
    }
    return out + "\""
  }
}
