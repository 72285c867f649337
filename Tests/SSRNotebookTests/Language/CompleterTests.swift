import Testing
@testable import SSRNotebook

@Suite("REPL completion")
struct CompleterTests {
  let completer = Completer(commands: ["help", "history", "who", "quit"])

  func session() throws -> Session {
    let session = Session()
    _ = try session.interpreter.run(try Parser.parse("let results = [{model: 1, hr10: 2}]\nlet config = {lr: 1, layers: 2}"), origin: "t")
    return session
  }

  @Test("Commands after a colon")
  func commands() throws {
    #expect(completer.candidates(line: ":h", word: ":h", session: try session()) == [":help", ":history"])
  }

  @Test("Bindings, builtins and keywords")
  func names() throws {
    let s = try session()
    #expect(completer.candidates(line: "res", word: "res", session: s) == ["results"])
    #expect(completer.candidates(line: "plo", word: "plo", session: s) == ["plot"])
    #expect(completer.candidates(line: "whe", word: "whe", session: s) == ["where"])
  }

  @Test("Argument labels of the innermost open call come first")
  func labels() throws {
    let s = try session()
    #expect(completer.candidates(line: "plot(results, ki", word: "ki", session: s) == ["kind: "])
    #expect(completer.candidates(line: "round(sum([1, 2]), d", word: "d", session: s) == ["digits: ", "datasets"])
    #expect(Completer.enclosingCall(in: "table(rows, title: \"a (b\", ") == "table")
    #expect(Completer.enclosingCall(in: "f(g(1), ") == "f")
    #expect(Completer.enclosingCall(in: "[1, ") == nil)
  }

  @Test("Members of records and columns of record lists")
  func members() throws {
    let s = try session()
    #expect(completer.candidates(line: "config.la", word: "config.la", session: s) == ["config.layers"])
    #expect(completer.candidates(line: "results.h", word: "results.h", session: s) == ["results.hr10"])
  }
}
