import Testing
@testable import SSRCore

@Suite("JSON text")
struct JSONTextTests {
  @Test("Strings are quoted with JSON escapes")
  func quoting() {
    #expect(JSONText.quoted("a\"b\\c\nd\te\r") == #""a\"b\\c\nd\te\r""#)
    #expect(JSONText.quoted("\u{1}x") == #""\u0001x""#)
    #expect(JSONText.quoted("héllo ✓") == "\"héllo ✓\"")
  }
}
