import Testing

@testable import SSRData

@Suite struct LiteralParserTests {
  @Test func pythonDictWithAllScalarKinds() throws {
    let value = try LiteralParser.parse(
      "{u'a': 'x', \"b\": -5, 'c': 1.5e3, 'd': True, 'e': False, 'f': None, 'g': [1, (2,), {3}], 'h': {}}")
    #expect(value["a"] == .string("x"))
    #expect(value["b"] == .int(-5))
    #expect(value["c"] == .float(1500))
    #expect(value["d"] == .bool(true))
    #expect(value["e"] == .bool(false))
    #expect(value["f"] == LiteralValue.none)
    #expect(value["g"] == .list([.int(1), .tuple([.int(2)]), .set([.int(3)])]))
    #expect(value["h"] == .dict([]))
    #expect(value["missing"] == nil)
  }

  @Test func stringEscapes() {
    #expect(py(#"'a\nb\tc\\d\'e\"f'"#) == .string("a\nb\tc\\d'e\"f"))
    #expect(py(#""\x41\u00e9\U0001F600""#) == .string("Aé😀"))
    #expect(py(#"'\101\0\7'"#) == .string("A\u{0}\u{7}"))
    #expect(py(#"'\a\b\f\v\r'"#) == .string("\u{7}\u{8}\u{C}\u{B}\r"))
    #expect(py(#"'\N{BLACK STAR} \N{latin small letter e with acute}'"#) == .string("★ é"))
    #expect(py(#"'\q'"#) == .string("\\q"))
    #expect(py("'line\\\ncontinued'") == .string("linecontinued"))
    #expect(py(#"r'\n\''"#) == .string(#"\n\'"#))
    #expect(py(#"b'\x00\xffA'"#) == .bytes([0, 255, 65]))
    #expect(py(#"'it''s' "fine" u'!'"#) == .string("itsfine!"))
    #expect(py("'''a'b\"c\nd'''") == .string("a'b\"c\nd"))
    #expect(py(#"'\ud83d\ude00'"#) == .string("😀"))
    #expect(py(#"'\ud800x'"#) == .string("\u{FFFD}x"))
    #expect(py("'café ★'") == .string("café ★"))
  }

  @Test func numbers() {
    #expect(py("1_000") == .int(1000))
    #expect(py("0x1F") == .int(31))
    #expect(py("0o17") == .int(15))
    #expect(py("0b101") == .int(5))
    #expect(py("- 7") == .int(-7))
    #expect(py("+3") == .int(3))
    #expect(py(".5") == .float(0.5))
    #expect(py("1.") == .float(1))
    #expect(py("1.e2") == .float(100))
    #expect(py("-2.5E-1") == .float(-0.25))
    #expect(py("00") == .int(0))
    #expect(py("-9223372036854775808") == .int(Int.min))
    #expect(py("99999999999999999999") == .bigInt("99999999999999999999"))
    #expect(py("-0xFFFFFFFFFFFFFFFFFF") == .bigInt("-0xFFFFFFFFFFFFFFFFFF"))
    #expect(py("1e400") == .float(.infinity))
  }

  @Test func containers() {
    #expect(py("[1, 2,]") == .list([.int(1), .int(2)]))
    #expect(py("()") == .tuple([]))
    #expect(py("(1)") == .int(1))
    #expect(py("(1, 'a')") == .tuple([.int(1), .string("a")]))
    #expect(py("{1: {2: [3, {'x': (4, 5)}]}}") != nil)
    #expect(py("{'a': 1, 'b': 2,}")?["b"] == .int(2))
    #expect(py(" \n [ 1 ,\n 2 ] \n") == .list([.int(1), .int(2)]))
  }

  @Test(arguments: [
    ("007", "leading zeros"), ("1_", "underscore"), ("1__0", "underscore"), ("3j", "complex"), ("true", "not a literal"),
    ("__import__('os').system('x')", "not a literal"), ("{'a' 1}", "expected ':'"), ("[1 2]", "expected ','"), ("1 2", "after the value"),
    ("'abc", "unterminated"), ("'a\nb'", "unterminated"), ("{'a': 1,,}", "unexpected character ','"), ("b'é'", "ASCII"), ("'\\x4'", "truncated"),
    ("'\\N{NO SUCH CHARACTER NAME}'", "unknown Unicode"), ("f'x'", "not a literal"), ("--1", "expected a number"), ("", "end of line"),
    ("'a' b'b'", "concatenate"), ("[", "end of line"), ("{1, 2: 3}", "expected"), ("0x", "digits"), ("1e", "exponent"), ("'\\U00110000'", "beyond"),
  ])
  func pythonRejects(_ input: String, _ fragment: String) {
    let message = pyError(input)
    #expect(message?.contains(fragment) == true, "\(input) gave \(message ?? "no error")")
  }

  @Test func errorsReportTheColumn() {
    #expect(pyError("{'a': 1, 'b': @}") == "column 15: unexpected character '@'")
  }

  @Test func deepNestingFailsCleanly() {
    let deep = String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000)
    #expect(pyError(deep)?.contains("nesting deeper") == true)
    let fine = String(repeating: "[", count: 150) + String(repeating: "]", count: 150)
    #expect(py(fine) != nil)
    #expect(pyError(String(repeating: "{'a':", count: 50_000))?.contains("nesting deeper") == true)
  }

  @Test func jsonDialect() throws {
    let value = try LiteralParser.parse(#"{"a": [true, false, null, -0.5, 10, "\u00e9\ud83d\ude00\/\n"], "b": NaN}"#, dialect: .json)
    #expect(value["a"] == .list([.bool(true), .bool(false), LiteralValue.none, .float(-0.5), .int(10), .string("é😀/\n")]))
    #expect(value["b"]?.doubleValue?.isNaN == true)
    #expect(try LiteralParser.parse("-Infinity", dialect: .json) == .float(-.infinity))
    for bad in ["'a'", "True", "(1)", "[1,]", "01", "{1: 2}", "\"a\u{1}\"", #""\q""#, "+1", ".5", "{\"a\" 1}"] {
      #expect(pyError(bad, dialect: .json) != nil, "\(bad) should fail in JSON")
    }
  }

  @Test func selectedFieldsSkipTheRest() throws {
    let line = #"{u'text': u'long \'review\' [not a list', u'user_id': u'765', 'nested': {'a': [1, (2, 3), {4}]}, u'date': u'2018-01-04', u'x': None}"#
    var copy = line
    let values = try copy.withUTF8 { try LiteralParser.parseFields($0, keys: ["user_id", "date", "product_id"]) }
    #expect(values == [.string("765"), .string("2018-01-04"), nil])
    var broken = "{'a': [1, 2, 'user_id': 'x'}"
    #expect(throws: LiteralError.self) { try broken.withUTF8 { try LiteralParser.parseFields($0, keys: ["user_id"]) } }
    var notDict = "[1]"
    #expect(throws: LiteralError.self) { try notDict.withUTF8 { try LiteralParser.parseFields($0, keys: ["a"]) } }
  }

  @Test func accessors() {
    #expect(LiteralValue.int(5).textValue == "5")
    #expect(LiteralValue.float(2).intValue == 2)
    #expect(LiteralValue.float(.nan).intValue == nil)
    #expect(LiteralValue.float(1e300).intValue == nil)
    #expect(py("[['a', 'b'], ('c',), 1]")?.allStrings == ["a", "b", "c"])
  }
}
