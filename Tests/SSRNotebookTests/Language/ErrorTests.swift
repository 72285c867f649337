import Testing
@testable import SSRNotebook

@Suite("Cell language: errors say what was expected and what was found")
struct ErrorTests {
  @Test(
    "Syntax errors",
    arguments: [
      ("let = 3", "expected a name after `let`, found `=`"),
      ("let x 3", "expected `=` after `let x`, found number `3`"),
      ("(1 + 2", "expected `)` to close the parenthesis, found end of input"),
      ("[1, 2", "expected `,` or `]` in the list, found end of input"),
      ("{a: 1 b: 2}", "expected `,` or `}` in the record, found name `b`"),
      ("{a: 1, a: 2}", "duplicate field `a` in the record"),
      ("f(x: 1 y: 2)", "expected `,` or `)` in the argument list, found name `y`"),
      ("\"abc", "unterminated string: expected a closing `\"`, found end of line"),
      ("\"\\q\"", "unknown escape `\\q` in string"),
      ("1 2", "expected end of statement, found number `2`"),
      ("x = 3", "expected an expression, found an assignment to `x`"),
      ("1 < 2 < 3", "comparisons cannot be chained: found a second `<`"),
      ("a && b", "unexpected `&&`"),
      ("!a", "unexpected `!`"),
      ("1 |> 2", "expected a builtin call after `|>`, like `kcore(5)`, found number `3`".replacingOccurrences(of: "3", with: "2")),
      ("for in [1] { 1 }", "expected a loop variable name after `for`, found `in`"),
      ("for x [1] { 1 }", "expected `in` after `for x`, found `[`"),
      ("if true 1", "expected `{` to start the `if` branch, found number `1`"),
      ("99999999999999999999", "the integer `99999999999999999999` does not fit in 64 bits"),
      ("12abc", "expected a number, found `12a…`: a name cannot start with a digit"),
      ("'x'", "unexpected `'`"),
      ("(1)(2)", "only builtins can be called; this expression is not a builtin name"),
      ("xs.0", "expected a member name after `.`, found number `0`"),
      ("let let = 1", "expected a name after `let`, found `let`"),
      ("\"\\(\"", "unterminated string: expected a closing `\"`, found end of line"),
    ])
  func syntax(source: String, message: String) throws {
    let error = try #require(failure(source))
    #expect(error.message == message)
    #expect(error.range != nil)
  }

  @Test(
    "Runtime errors",
    arguments: [
      ("y + 1", "unknown name `y`"),
      ("let a = 1\nlet a = 2", "`a` is already defined (in cell 1, line 1)"),
      ("let sum = 1", "`sum` is the name of a builtin"),
      ("sum", "`sum` is a builtin, not a value"),
      ("pritn(1)", "unknown builtin `pritn`"),
      ("let x = 1; x(2)", "`x` is a value, not a builtin, so it cannot be called"),
      ("1 + \"a\"", "cannot add Int 1 and String \"a\""),
      ("\"a\" - 1", "cannot apply `-` to String \"a\" and Int 1"),
      ("9223372036854775807 + 1", "integer overflow in 9223372036854775807 + 1"),
      ("-9223372036854775807 - 2", "integer overflow in -9223372036854775807 - 2"),
      ("5 % 0", "remainder by zero: 5 % 0"),
      ("1 < \"a\"", "cannot compare Int 1 < String \"a\"; ordering needs two numbers, two strings or two symbols"),
      ("not 1", "`not` expects a Bool, found Int 1"),
      ("1 and true", "`and` expects Bools, found Int 1"),
      ("if 1 { 2 }", "the condition of `if` must be a Bool, found Int 1"),
      ("for x in 5 { x }", "`for` needs a list or a range, found Int 5"),
      ("for x in [1] where 1 { x }", "the `where` condition must be a Bool, found Int 1"),
      ("for x in [1] { let y = x }", "the body of the `for` loop ends with `let y = …`, so it has no value"),
      ("[1, 2][5]", "index 5 is out of range for 2 elements"),
      ("[1, 2][1...5]", "the slice 1...5 is out of bounds for a list of 2 elements"),
      ("{a: 1}.b", "the record has no field `b`"),
      ("{a: 1}[.b]", "the record has no field `b`"),
      ("[{a: 1}, 2].a", "`.a` on a list reads a column of records, but element 1 is Int 2"),
      ("(1).foo", "Int 1 has no member `foo`"),
      ("1[0]", "cannot index Int 1 with Int 0"),
      ("1.5...3", "the lower bound of the range must be an Int, found Double 1.5"),
      ("round(1.5, digit: 2)", "round has no parameter labeled `digit:`"),
      ("round(1.5, digits: \"two\")", "round: `digits:` expected an Int, found String \"two\""),
      ("round()", "missing argument `value` (the first unlabeled argument) in the call of round: expected Any"),
      ("round(1, 2)", "too many unlabeled arguments for round: it takes 1"),
      ("round(1, digits: 1, digits: 2)", "`digits:` is given twice in the call of round"),
      ("plot([1], kind: .lines)", "plot: `kind:` expected one of .line|.scatter|.bar, found .lines"),
      ("mean([])", "mean: the mean of an empty list is undefined"),
      ("\"x\" |> round", "round: expected a number, list or record, found String \"x\""),
    ])
  func runtime(source: String, message: String) throws {
    let error = try #require(failure(source))
    #expect(error.message == message)
    #expect(error.range != nil)
  }

  @Test("Suggestions for misspelt names, builtins, labels, fields and symbols")
  func suggestions() throws {
    #expect(failure("let total = 1; totl")?.help == "did you mean `total`?")
    #expect(failure("pritn(1)")?.help == "did you mean `print`?")
    #expect(failure("round(1.5, digit: 2)")?.help == "did you mean `digits:`?")
    #expect(failure("{alpha: 1}.alpah")?.help == "did you mean `alpha`?")
    #expect(failure("plot([1], kind: .lines)")?.help == "did you mean `.line`?")
    #expect(failure("sort([{a: 1}], by: .b)")?.help == "did you mean `a`?")
  }

  @Test("An incomplete input is flagged as such (the REPL continues the line)")
  func incomplete() {
    for source in ["(1 +", "[1,", "{a:", "for x in [1] {", "if true { 1 } else", "f(1,", "let x =", "1 |>"] {
      #expect(failure(source)?.isIncompleteInput == true, "\(source)")
    }
    for source in ["1 2", "let = 1", ")"] {
      #expect(failure(source)?.isIncompleteInput == false, "\(source)")
    }
  }

  @Test("Nesting and length limits give errors, never a crash")
  func limits() {
    let deep = String(repeating: "(", count: 5000) + "1" + String(repeating: ")", count: 5000)
    #expect(failure(deep)?.message.contains("nested too deeply") == true)
    let long = (0..<3000).map(String.init).joined(separator: " + ")
    #expect(failure(long)?.message.contains("too long or too deeply nested") == true)
    let lists = String(repeating: "[", count: 3000) + String(repeating: "]", count: 3000)
    #expect(failure(lists) != nil)
    let negations = String(repeating: "-", count: 5000) + "1"
    #expect(failure(negations) != nil)
    let nots = String(repeating: "not ", count: 5000) + "true"
    #expect(failure(nots) != nil)
  }
}
