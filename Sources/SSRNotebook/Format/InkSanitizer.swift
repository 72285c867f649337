/// Prepares Markdown for Ink so that the HTML it produces is safe and well-formed.
///
/// Ink passes raw HTML through, does not escape link destinations or image descriptions,
/// and lets an unclosed tag swallow the blocks after it. Outside code spans (as Ink finds
/// them: from a backtick to the next backtick on the same line), `<` and `"` are therefore
/// replaced by the character references `&lt;` and `&quot;`, which Ink keeps as they are.
/// Raw HTML and `<…>` autolinks so show as text.
enum InkSanitizer {
  /// `markdown` with `<` and `"` outside code spans (including backslash-escaped ones) replaced
  /// by character references.
  static func sanitize(_ markdown: String) -> String {
    let bytes = Array(markdown.utf8)
    var output: [UInt8] = []
    output.reserveCapacity(bytes.count)
    let lessThan = Array("&lt;".utf8)
    let quote = Array("&quot;".utf8)
    var index = 0
    while index < bytes.count {
      let byte = bytes[index]
      switch byte {
      case 0x5C where index + 1 < bytes.count:  // backslash
        let next = bytes[index + 1]
        if next == 0x3C {
          output += lessThan
        } else if next == 0x22 {
          output += quote
        } else {
          output += [byte, next]
        }
        index += 2
      case 0x60:  // backtick: copy a code span verbatim
        var end = index + 1
        while end < bytes.count, bytes[end] != 0x60, bytes[end] != 0x0A { end += 1 }
        if end < bytes.count, bytes[end] == 0x60 {
          output += bytes[index...end]
          index = end + 1
        } else {
          output.append(byte)
          index += 1
        }
      case 0x3C:
        output += lessThan
        index += 1
      case 0x22:
        output += quote
        index += 1
      default:
        output.append(byte)
        index += 1
      }
    }
    return String(decoding: output, as: UTF8.self)
  }
}
