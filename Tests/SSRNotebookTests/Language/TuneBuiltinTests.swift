import Testing
@testable import SSRNotebook

@Suite("tune builtin")
struct TuneBuiltinTests {
  static let data = "let ds = synthetic(users: 120, items: 50, seed: 4) |> split(.timeRatio, test: 0.2, valid: 0.1)\n"
  static let study = data + """
    let t = tune(.gru4rec, on: ds, space: {lr: logUniform(1e-3, 1e-1), embeddingSize: [8, 16], dropout: uniform(0, 0.5)},
                 trials: 4, epochs: 1, sampler: .random, seed: 1)

    """

  @Test("A study gives one row per trial with each option, the objective, state and time; the best row is the max")
  func tableShape() throws {
    let source = Self.study + """
      let rows = t.trials
      let top = filter(rows, where: {mrr10: max(rows.mrr10)})
      [len(rows), keys(rows[0]), rows.trial, rows.state, t.bestValue == max(rows.mrr10), t.bestTrial == top[0].trial,
       t.best == {lr: top[0].lr, embeddingSize: top[0].embeddingSize, dropout: top[0].dropout},
       min(rows.lr) >= 0.001, max(rows.lr) <= 0.1, min(rows.seconds) > 0, len(t.history), t.history[-1].best == t.bestValue]
      """
    #expect(
      try show(source)
        == "[4, [\"trial\", \"lr\", \"embeddingSize\", \"dropout\", \"mrr10\", \"state\", \"epochs\", \"seconds\"], [1, 2, 3, 4], "
        + "[\"complete\", \"complete\", \"complete\", \"complete\"], true, true, true, true, true, true, 4, true]")
  }

  @Test("The best trial's model is kept, trained, and scores its objective on the validation part")
  func bestModel() throws {
    let source = Self.study + "[t.model.bestEpoch, evaluate(t.model, on: ds.valid).mrr10 == t.bestValue, len(t.model.history)]"
    #expect(try show(source) == "[1, true, 1]")
  }

  @Test("The same seed gives the same trials; TPE, grid and the reference space run; display has a title")
  func determinismAndSamplers() throws {
    let twice = Self.data + """
      let a = tune(.gru4rec, on: ds, space: {lr: logUniform(1e-3, 1e-1)}, trials: 3, epochs: 1, embeddingSize: 8, seed: 5)
      let b = tune(.gru4rec, on: ds, space: {lr: logUniform(1e-3, 1e-1)}, trials: 3, epochs: 1, embeddingSize: 8, seed: 5)
      [a.trials.lr == b.trials.lr, a.trials.mrr10 == b.trials.mrr10]
      """
    #expect(try show(twice) == "[true, true]")
    let grid = Self.data + """
      let g = tune(.gru4rec, on: ds, space: {embeddingSize: [8, 16], cosine: [true, false]}, sampler: .grid, epochs: 1)
      [len(g.trials), len(filter(g.trials, where: {cosine: true}))]
      """
    let result = try evaluate(grid)
    #expect(ValueDisplay.literal(result.value) == "[4, 2]")
    #expect(result.printed.contains { $0.contains("all been tried") })
    let reference = Self.data + "let r = tune(.sasrec, on: ds, space: .reference, trials: 2, epochs: 1, maxSamples: 64, part: .test)\n"
    let shown = ValueDisplay.render(try evaluate(reference + "r").value, style: .saved)
    #expect(shown.hasPrefix("TPE study of SASRec, mrr10 on the test part: 2 trial(s) (2 complete); best: trial"), "\(shown)")
    #expect(try show(reference + "keys(r.best)") == "[\"embeddingSize\", \"lr\", \"layers\", \"heads\", \"dropout\"]")
  }

  @Test("With the median pruner the first five trials complete and the rest complete or are pruned")
  func pruner() throws {
    let source = Self.data + """
      let t = tune(.gru4rec, on: ds, space: {lr: logUniform(1e-4, 1e-1)}, trials: 8, epochs: 2, embeddingSize: 8,
                   pruner: .median, sampler: .random, seed: 3)
      [t.trials.state[0..<5], len(filter(t.trials, where: {state: "failed"}))]
      """
    #expect(try show(source) == "[[\"complete\", \"complete\", \"complete\", \"complete\", \"complete\"], 0]")
  }

  @Test("Bad spaces and arguments are errors that say what to do")
  func errors() {
    func message(_ cell: String) -> String {
      guard let error = failure(Self.data + cell) else { return "no error" }
      return error.message + " | " + (error.help ?? "")
    }
    #expect(message("tune(.gru4rec, on: ds, space: {lrr: logUniform(1e-4, 1e-2)})").contains("did you mean `lr`"))
    #expect(message("tune(.gru4rec, on: ds, space: {seed: [1, 2]})").contains("cannot be tuned"))
    #expect(message("tune(.gru4rec, on: ds, space: {embeddingSize: []})").contains("empty"))
    #expect(message("logUniform(0, 0.01)").contains("above 0"))
    #expect(message("uniform(0.5, 0.1)").contains("swap"))
    #expect(message("intUniform(40, 151, step: 2)").contains("40...150"))
    #expect(message("tune(.gru4rec, on: ds, space: {T: uniform(1, 8)})").contains("intUniform"))
    #expect(message("tune(.gru4rec, on: ds, space: {lr: logUniform(1e-4, 1e-2)}, lr: 0.01)").contains("both in the space"))
    #expect(message("tune(.gru4rec, on: ds, space: {surrogate: [.atan, .sigmod]})").contains("did you mean `.sigmoid`"))
    #expect(message("tune(.gru4rec, on: ds, space: {})").contains("empty"))
    #expect(message("tune(.popularity, on: ds, space: {lr: [0.1]})").contains("no hyperparameters"))
    #expect(message("tune(.gru4rec, on: ds, space: {lr: [0.1]}, objective: .mrr)").contains("unknown objective"))
    #expect(message("tune(.gru4rec, on: ds, space: {dropout: [1.5]}, trials: 1, epochs: 1)").contains("every trial failed"))
  }
}
