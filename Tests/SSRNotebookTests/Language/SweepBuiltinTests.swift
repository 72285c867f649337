import Testing

@testable import SSRNotebook

/// `sweep` and `pairedTest` on a tiny synthetic task.
@Suite("Sweeps and paired tests")
struct SweepBuiltinTests {
  static let data = "let ds = synthetic(users: 100, items: 40, meanLength: 16, seed: 4) |> split(.timeRatio, test: 0.2, valid: 0.1)\n"

  @Test("One row per point, seeds per point, runs paired by seed; a sweep against itself differs by zero")
  func sweepAndPair() throws {
    let source = Self.data + """
      let s = sweep(.gru4rec, on: ds, over: {embeddingSize: [8, 16], dropout: 0.1}, seeds: 2, epochs: 1, seed: 3)
      let p = pairedTest(filter(s.runs, where: {embeddingSize: 8}), filter(s.runs, where: {embeddingSize: 8}))
      [len(s.points), len(s.runs), s.points.seeds, s.runs.seed, p.metric, p.difference, s.points[0].hr10 >= s.points[0].hr10Low]
      """
    #expect(try show(source) == "[2, 4, [2, 2], [1, 2, 1, 2], [\"hr10\", \"ndcg10\", \"mrr10\", \"energy\"], [0.0, 0.0, 0.0, 0.0], true]")
    // The same seed: gives the same runs; the display lists the varying option only.
    let again = try evaluate(Self.data + """
      let a = sweep(.gru4rec, on: ds, over: {embeddingSize: [8]}, seeds: 2, epochs: 1, seed: 3)
      let b = sweep(.gru4rec, on: ds, over: {embeddingSize: [8]}, seeds: 2, epochs: 1, seed: 3)
      [a.runs.hr10 == b.runs.hr10, pairedTest(a, b)[0].difference]
      """).value
    #expect(ValueDisplay.literal(again) == "[true, 0.0]")
    let shown = ValueDisplay.render(try evaluate(Self.data + "sweep(.gru4rec, on: ds, over: {embeddingSize: [8, 16], dropout: 0.1}, seeds: 2, epochs: 1)").value, style: .saved)
    #expect(shown.contains("(dropout 0.1): 2 point(s), 2 seed(s) per point") && !shown.contains("dropout |"), "\(shown)")
  }

  @Test("protocols: a row per run and protocol with its epoch; validation rows equal a plain sweep's, test-selected MRR@10 is never lower")
  func protocols() throws {
    let sweep = "sweep(.gru4rec, on: ds, over: {embeddingSize: [8]}, seeds: 2, epochs: 3, seed: 3, lr: 0.01"
    let source = Self.data + """
      let s = \(sweep), protocols: [.validation, .paper])
      let plain = \(sweep))
      let v = filter(s.runs, where: {protocol: .validation})
      let p = filter(s.runs, where: {protocol: .paper})
      [len(s.runs), len(s.points), s.runs.protocol, v.hr10 == plain.runs.hr10, v.mrr10 == plain.runs.mrr10, v.energy == plain.runs.energy,
       for i in 0..<2 { p[i].mrr10 >= v[i].mrr10 }, for r in s.runs { r.epoch >= 1 and r.epoch <= 3 }, pairedTest(p, v)[2].metric]
      """
    #expect(
      try show(source)
        == "[4, 2, [.validation, .paper, .validation, .paper], true, true, true, [true, true], [true, true, true, true], \"mrr10\"]")
    // The model keeps the first protocol's epoch: with .paper first, the paper rows carry the energy.
    let paperFirst = try show(Self.data + "let s = \(sweep), protocols: [.paper, .validation])\n[s.runs.protocol, for r in s.runs { keys(r) }]")
    #expect(paperFirst.hasPrefix("[[.paper, .validation, .paper, .validation], [[\"embeddingSize\", \"protocol\", \"seed\", \"epoch\", \"hr10\", \"ndcg10\", \"mrr10\", \"energy\", \"energyModified\", \"seconds\", \"epochSeconds\"], [\"embeddingSize\", \"protocol\", \"seed\", \"epoch\", \"hr10\", \"ndcg10\", \"mrr10\", \"seconds\", \"epochSeconds\"]"), "\(paperFirst)")
  }

  @Test("protocols: errors for a split without validation, a repeated or unknown protocol")
  func protocolErrors() throws {
    let noValid = "let d = synthetic(users: 60, items: 30, meanLength: 12, seed: 4) |> split(.timeRatio, test: 0.2)\n"
    #expect(
      failure(noValid + "sweep(.gru4rec, on: d, over: {embeddingSize: [8]}, seeds: 1, epochs: 1, protocols: [.validation])")?.message
        .contains("no validation samples") == true)
    #expect(try show(noValid + "len(sweep(.gru4rec, on: d, over: {embeddingSize: [8]}, seeds: 1, epochs: 1, protocols: [.paper]).runs)") == "1")
    #expect(
      failure(Self.data + "sweep(.gru4rec, on: ds, over: {embeddingSize: [8]}, seeds: 1, epochs: 1, protocols: [.paper, .paper])")?.message
        .contains("twice") == true)
    #expect(failure(Self.data + "sweep(.gru4rec, on: ds, over: {embeddingSize: [8]}, seeds: 1, epochs: 1, protocols: [.tested])") != nil)
    #expect(failure(Self.data + "sweep(.gru4rec, on: ds, over: {embeddingSize: [8]}, seeds: 1, epochs: 1, protocols: [])") != nil)
    #expect(
      failure(Self.data + "sweep(.gru4rec, on: ds, over: {protocol: [.paper]}, seeds: 1, epochs: 1, protocols: [.validation])")?.help?
        .contains("already reports") == true)
  }

  @Test("Errors: unknown options with suggestions, bad values, sweeps of several points, no shared seeds")
  func errors() {
    #expect(failure(Self.data + "sweep(.gru4rec, on: ds, over: {embedingSize: [8]})")?.help?.contains("embeddingSize") == true)
    #expect(failure(Self.data + "sweep(.gru4rec, on: ds, over: {embeddingSize: [\"big\"]})")?.message.contains("embeddingSize") == true)
    #expect(failure(Self.data + "sweep(.gru4rec, on: ds, over: {})") != nil)
    let several = Self.data + "let s = sweep(.gru4rec, on: ds, over: {embeddingSize: [8, 16]}, seeds: 1, epochs: 1)\npairedTest(s, s)"
    #expect(failure(several)?.message.contains("2 points") == true)
    let unpaired = Self.data + """
      let a = sweep(.gru4rec, on: ds, over: {embeddingSize: [8]}, seeds: 1, epochs: 1)
      pairedTest(a, [{seed: 9, hr10: 0.1}])
      """
    #expect(failure(unpaired)?.message.contains("no run of `a` has a seed") == true)
  }

  @Test("plot draws error bars from a field of half-widths, and the axis covers them")
  func errorBars() throws {
    let source = "plot([{x: 1, y: 0.5, e: 0.4}, {x: 2, y: 0.6, e: 0.1}], x: .x, y: .y, error: .e, kind: .scatter, height: 10)"
    let rendered = ValueDisplay.render(try evaluate(source).value, style: .saved)
    #expect(rendered.contains("0.9") || rendered.contains("1.0"), "\(rendered)")  // y + error of the first point
    #expect(rendered.contains("0.1") || rendered.contains("0.0"))
    let without = ValueDisplay.render(try evaluate("plot([{x: 1, y: 0.5}, {x: 2, y: 0.6}], x: .x, y: .y, kind: .scatter, height: 10)").value, style: .saved)
    #expect(rendered != without)
    #expect(failure("plot([{x: 1, y: 0.5, e: 0.1}], x: .x, y: [.y, .e], error: .e)")?.message.contains("one y field") == true)
  }
}
