import Testing
@testable import SSREval

@Suite("Search spaces")
struct SearchSpaceTests {
  func error(_ parameters: [SearchParameter]) -> SearchSpaceError? {
    do {
      _ = try SearchSpace(parameters)
      return nil
    } catch {
      return error
    }
  }

  @Test("Bad spaces are refused with the parameter named and what to do")
  func validation() {
    #expect(error([])?.message.contains("no parameters") == true)
    let empty = error([.categorical("heads", [])])
    #expect(empty?.parameter == "heads" && empty?.message.contains("empty") == true)
    let reversed = error([.float("dropout", low: 0.9, high: 0.1)])
    #expect(reversed?.parameter == "dropout" && reversed?.message.contains("swap") == true)
    let intReversed = error([.int("layers", 1...3), SearchParameter(name: "T", domain: .int(low: 8, high: 2, step: 1, log: false))])
    #expect(intReversed?.parameter == "T")
    let logZero = error([.logFloat("lr", low: 0, high: 0.01)])
    #expect(logZero?.parameter == "lr" && logZero?.message.contains("above 0") == true)
    #expect(error([.logFloat("lr", low: -1, high: 0.01)])?.parameter == "lr")
    let step = error([.int("embeddingSize", 40...151, step: 2)])
    #expect(step?.message.contains("40...150") == true, "\(String(describing: step))")
    #expect(error([.int("n", 1...10, step: 0)])?.message.contains("at least 1") == true)
    #expect(error([.int("n", 2...64, step: 2, log: true)])?.message.contains("step 1") == true)
    #expect(error([.int("n", 0...64, log: true)])?.message.contains("at least 1") == true)
    #expect(error([.float("x", low: 0, high: .infinity)])?.message.contains("finite") == true)
    #expect(error([.categorical("c", [.int(1), .int(1)])])?.message.contains("twice") == true)
    let duplicate = error([.float("x", low: 0, high: 1), .float("x", low: 0, high: 2)])
    #expect(duplicate?.parameter == "x" && duplicate?.message.contains("twice") == true)
    // Good spaces, including single-valued parameters, are accepted.
    #expect(error([.float("x", low: 1, high: 1), .int("n", 3...3), .categorical("c", [.bool(true)])]) == nil)
  }

  @Test("Grid values: every integer step, every choice, evenly spaced reals (log-spaced on a log scale)")
  func gridValues() {
    #expect(SearchParameter.int("n", 40...50, step: 5).gridValues(points: 3) == [.int(40), .int(45), .int(50)])
    #expect(SearchParameter.float("x", low: 0, high: 1).gridValues(points: 3) == [.double(0), .double(0.5), .double(1)])
    let logValues = SearchParameter.logFloat("lr", low: 1e-4, high: 1e-2).gridValues(points: 3).compactMap(\.asDouble)
    #expect(logValues.count == 3 && abs(logValues[1] - 1e-3) < 1e-12 && logValues[2] == 1e-2)
    #expect(SearchParameter.categorical("c", [.string("a"), .string("b")]).gridValues(points: 9).count == 2)
  }
}
