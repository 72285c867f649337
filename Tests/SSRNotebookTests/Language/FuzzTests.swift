import Foundation
import SSRCore
import Testing
@testable import SSRNotebook

/// Feeds random bytes and random token streams to the parser and the interpreter: anything may
/// be rejected, nothing may crash. CI runs a fixed-seed budget; set `SSR_FUZZ_SECONDS` to fuzz
/// for longer (`SSR_FUZZ_SECONDS=120 swift test --filter Fuzz`).
@Suite("Fuzzing the parser and interpreter")
struct FuzzTests {
  static let vocabulary: [String] = [
    "let", "for", "in", "where", "if", "else", "true", "false", "and", "or", "not",
    "x", "y", "xs", "r", "_", "sum", "mean", "min", "max", "len", "range", "grid", "sort", "select", "filter",
    "round", "format", "print", "table", "plot", "keys", "shuffle", "random", "help",
    "0", "1", "2", "3", "7", "-1", "0.5", "1e3", "2.25", "9223372036854775807",
    "\"a\"", "\"b c\"", "\"{}\"", "\"\\(x)\"", "\"\\n\"", ".a", ".line", ".bar", ".hr10",
    "+", "-", "*", "/", "%", "==", "!=", "<", "<=", ">", ">=", "|>", "...", "..<",
    "(", ")", "[", "]", "{", "}", ",", ":", ";", "=", ".", "\n", "\n", " ",
    "by:", "digits:", "kind:", "where:", "step:", "x:", "y:", "count:",
  ]

  /// A session whose builtins cannot touch the file system.
  static func sandboxedSession() -> Session {
    var registry = BuiltinRegistry()
    registry.register(CoreBuiltins.all)
    registry.register(CollectionBuiltins.all)
    registry.register(DisplayBuiltins.all)
    return Session(registry: registry, seed: 1)
  }

  static func exercise(_ source: String, session: Session) {
    guard let program = try? Parser.parse(source) else { return }
    _ = FreeNames.of(program)
    if let value = try? session.interpreter.run(program, origin: "fuzz") {
      _ = ValueDisplay.render(value, style: .saved)
      _ = ValueDisplay.render(value, style: .terminal(width: 60, color: false))
    }
  }

  static var budget: (cases: Int, seconds: Double) {
    if let text = ProcessInfo.processInfo.environment["SSR_FUZZ_SECONDS"], let seconds = Double(text) {
      return (Int.max, seconds)
    }
    return (5_000, .infinity)
  }

  static func fuzz(seed: UInt64, makeInput: (inout SeededGenerator) -> String) -> Int {
    var rng = SeededGenerator(seed: seed)
    let (cases, seconds) = budget
    let deadline = Date().addingTimeInterval(seconds)
    let session = sandboxedSession()
    var count = 0
    while count < cases && Date() < deadline {
      let input = makeInput(&rng)
      exercise(input, session: session)
      if count % 200 == 0 { session.interpreter.reset() }
      count += 1
    }
    print("fuzz seed \(seed): \(count) inputs, no crash")
    return count
  }

  @Test("Random bytes")
  func randomBytes() {
    let count = Self.fuzz(seed: 11) { rng in
      let length = rng.next(upperBound: 120)
      let bytes = (0..<length).map { _ in UInt8(truncatingIfNeeded: rng.next()) }
      return String(decoding: bytes, as: UTF8.self)
    }
    #expect(count > 0)
  }

  @Test("Random printable text biased towards the language's characters")
  func randomText() {
    let alphabet = Array("abcxyz019_ .,:;()[]{}\"\\|><=!&+-*/%\n\t'#")
    let count = Self.fuzz(seed: 12) { rng in
      String((0..<rng.next(upperBound: 80)).map { _ in alphabet[rng.next(upperBound: alphabet.count)] })
    }
    #expect(count > 0)
  }

  @Test("Random token streams")
  func randomTokens() {
    let count = Self.fuzz(seed: 13) { rng in
      (0..<rng.next(upperBound: 40)).map { _ in Self.vocabulary[rng.next(upperBound: Self.vocabulary.count)] }
        .joined(separator: rng.next(upperBound: 4) == 0 ? "" : " ")
    }
    #expect(count > 0)
  }

  @Test("Mutations of valid programs")
  func mutations() {
    let seeds = [
      "let xs = [1, 2, 3]\nfor x in xs where x > 1 { {v: x * 2, s: \"\\(x)\"} }",
      "grid({a: [1, 2], b: [.x, .y]}) |> sort(by: .a, descending: true) |> select(.b)",
      "let r = {a: 1, b: [1, 2]}\nif r.a == 1 { r.b[0] } else { r[.b] }",
      "plot([{e: 1, y: 2}, {e: 2, y: 3}], x: .e, y: .y, kind: .scatter)",
      "table({a: [1, 2], b: [0.5, 0.25]}, digits: 2) |> print",
      "round(mean(range(10)), digits: 2) + len(\"héllo\") - min(3, 4)",
    ]
    let count = Self.fuzz(seed: 14) { rng in
      var characters = Array(seeds[rng.next(upperBound: seeds.count)])
      for _ in 0..<(1 + rng.next(upperBound: 4)) where !characters.isEmpty {
        let position = rng.next(upperBound: characters.count)
        switch rng.next(upperBound: 3) {
        case 0: characters.remove(at: position)
        case 1: characters.insert(characters[rng.next(upperBound: characters.count)], at: position)
        default: characters.swapAt(position, rng.next(upperBound: characters.count))
        }
      }
      return String(characters)
    }
    #expect(count > 0)
  }
}
