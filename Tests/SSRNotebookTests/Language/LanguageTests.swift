import Testing
@testable import SSRNotebook

@Suite("Cell language: every construct")
struct LanguageTests {
  @Test("Literals: Int, Double, strings with escapes, booleans, symbols")
  func literals() throws {
    #expect(try show("42") == "42")
    #expect(try show("-7") == "-7")
    #expect(try show("1_000_000") == "1000000")
    #expect(try show("2.5") == "2.5")
    #expect(try show("1e-3") == "0.001")
    #expect(try show("3.0") == "3.0")
    #expect(try show(#""a\tb\n\"q\" \\ \u{1F600}""#) == #""a\tb\n\"q\" \\ 😀""#)
    #expect(try show("true") == "true")
    #expect(try show("false") == "false")
    #expect(try show(".sasrec") == ".sasrec")
    #expect(try show(".in") == ".in")
  }

  @Test("String interpolation evaluates expressions, nested too")
  func interpolation() throws {
    #expect(try show(#"let n = 3; "epoch \(n + 1) of \(n * 10)""#) == #""epoch 4 of 30""#)
    #expect(try show(#""x = \("inner \(1 + 1)")""#) == #""x = inner 2""#)
    #expect(try show(#""list \([1, 2])""#) == #""list [1, 2]""#)
  }

  @Test("Lists, records and ranges")
  func collections() throws {
    #expect(try show("[1, 2.5, \"x\", .s, [true]]") == "[1, 2.5, \"x\", .s, [true]]")
    #expect(try show("[]") == "[]")
    #expect(try show("{lr: 0.001, hidden: 64, \"odd key\": 1}") == "{lr: 0.001, hidden: 64, \"odd key\": 1}")
    #expect(try show("{}") == "{}")
    #expect(try show("0..<5") == "0..<5")
    #expect(try show("len(1...5)") == "5")
    #expect(try show("[1,\n 2,\n]") == "[1, 2]")
  }

  @Test("Arithmetic precedence and types")
  func arithmetic() throws {
    #expect(try show("1 + 2 * 3") == "7")
    #expect(try show("(1 + 2) * 3") == "9")
    #expect(try show("7 / 2") == "3.5")
    #expect(try show("7 % 3") == "1")
    #expect(try show("-7 % 3") == "-1")
    #expect(try show("2 - 3 - 4") == "-5")
    #expect(try show("1 + 0.5") == "1.5")
    #expect(try show("-(2 + 3)") == "-5")
    #expect(try show("5.5 % 2") == "1.5")
    #expect(try show("\"ab\" + \"cd\"") == "\"abcd\"")
    #expect(try show("[1] + [2, 3]") == "[1, 2, 3]")
    #expect(try show("{a: 1, b: 2} + {b: 3, c: 4}") == "{a: 1, b: 3, c: 4}")
  }

  @Test("1 / 0 keeps IEEE semantics (inf, nan) and warns once per cell, naming where")
  func nonFiniteArithmetic() throws {
    let run = try evaluate("let a = 1 / 0\nlet b = 0 / 0\n[a, b, a - a]")
    #expect(ValueDisplay.literal(run.value) == "[inf, nan, nan]")
    #expect(run.printed.count == 1, "\(run.printed)")
    #expect(run.printed.first?.hasPrefix("warning: `/` of finite numbers gave inf at line 1, column 11") == true, "\(run.printed)")
    // inf from inf is not news; finite results are quiet.
    #expect(try evaluate("let x = 1 / 0\n[x + 1]").printed.count == 1)
    #expect(try evaluate("[1 / 4, 2.5 * 2]").printed.isEmpty)
  }

  @Test("Comparison and logic with short-circuit")
  func logic() throws {
    #expect(try show("1 < 2 and 2 <= 2") == "true")
    #expect(try show("1 == 1.0") == "true")
    #expect(try show("\"a\" < \"b\"") == "true")
    #expect(try show(".a != .b") == "true")
    #expect(try show("[1, {a: 2}] == [1, {a: 2}]") == "true")
    #expect(try show("{a: 1, b: 2} == {b: 2, a: 1}") == "true")
    #expect(try show("not true or true") == "true")
    #expect(try show("not (true or true)") == "false")
    #expect(try show("false and (1 / 0 > 0)") == "false")
    #expect(try show("true or undefinedName") == "true")
    #expect(try show("1 + 1 == 2 and 3 > 2") == "true")
  }

  @Test("Member access and indexing")
  func access() throws {
    #expect(try show("let r = {a: 1, b: {c: [10, 20]}}; r.b.c[1]") == "20")
    #expect(try show("let xs = [1, 2, 3]; xs[-1]") == "3")
    #expect(try show("let xs = [1, 2, 3, 4]; xs[1..<3]") == "[2, 3]")
    #expect(try show("let r = {a: 1}; r[\"a\"] + r[.a]") == "2")
    #expect(try show("(10..<20)[2]") == "12")
    #expect(try show("\"héllo\"[1]") == "\"é\"")
    #expect(try show("let rows = [{m: 1}, {m: 2}]; rows.m") == "[1, 2]")
  }

  @Test("Calls with labels and pipes")
  func calls() throws {
    #expect(try show("round(3.14159, digits: 2)") == "3.14")
    #expect(try show("[3, 1, 2] |> sort()") == "[1, 2, 3]")
    #expect(try show("[3, 1, 2] |> sort") == "[1, 2, 3]")
    #expect(try show("[3, 1, 2] |> sort(descending: true) |> len") == "3")
    #expect(try show("let xs = [1, 2]\nxs\n  |> sum()") == "3")
    #expect(try show("1 + 2 |> format(digits: 2)") == "\"3\"")
  }

  @Test("for comprehensions, with where, nested, dropping nothing")
  func loops() throws {
    #expect(try show("for x in [1, 2, 3] { x * x }") == "[1, 4, 9]")
    #expect(try show("for i in 0..<6 where i % 2 == 0 { i }") == "[0, 2, 4]")
    #expect(try show("for i in 1...2 { for j in 1...2 { i * 10 + j } }") == "[[11, 12], [21, 22]]")
    #expect(try show("for i in 1...4 { if i > 2 { i } }") == "[3, 4]")
    #expect(try show("for i in 1...3 {\n  let sq = i * i\n  sq + 1\n}") == "[2, 5, 10]")
    #expect(try show("for i in [] { i }") == "[]")
  }

  @Test("if/else as an expression, else-if chains")
  func conditionals() throws {
    #expect(try show("if 1 < 2 { \"yes\" } else { \"no\" }") == "\"yes\"")
    #expect(try show("let n = 5\nif n < 3 { .small } else if n < 10 { .medium } else { .large }") == ".medium")
    #expect(try show("if false { 1 }") == "nothing")
    #expect(try show("if true {\n  1\n}\nelse {\n  2\n}") == "1")
  }

  @Test("Statements: let, separators, comments, last expression displayed")
  func statements() throws {
    #expect(try show("let a = 1; let b = a + 1; b * 10") == "20")
    #expect(try show("// only a comment\nlet a = 1 // trailing\na") == "1")
    #expect(try show("//| id: x\n1") == "1")
    #expect(try show("let a = 1") == "nothing")
    #expect(try show("1\nlet a = 2") == "nothing")
  }

  @Test("print shows values in order; strings without quotes")
  func printing() throws {
    let result = try evaluate("print(\"a\", 1, 2.5, .s)\nprint([1, 2], separator: \"-\")\nprint()")
    #expect(result.printed == ["a 1 2.5 .s", "[1, 2]", ""])
  }
}
