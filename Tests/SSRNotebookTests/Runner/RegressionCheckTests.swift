import SSREval
import SSRModels
import SSRTensor
import Testing
@testable import SSRNotebook

/// `--check` compares outputs exactly (reproducible numerics make that portable), so a real
/// regression — a model that computes something else — fails it, while an unchanged one passes.
@Suite("Check catches regressions")
struct RegressionCheckTests {
  static let text = """
    <!-- ssrnb:{"format":1,"seed":5} -->
    # A small training run

    ```ssr
    //| id: data
    let ds = synthetic(users: 80, items: 40, meanLength: 14) |> split(.timeRatio, test: 0.2, valid: 0.1)
    ```

    ```ssr
    //| id: result
    let m = train(.gru4rec, on: ds, epochs: 2, embeddingSize: 16, lr: 0.01)
    evaluate(m, on: ds, k: [5, 10])
    ```
    """

  /// Runs `notebook` with `models` and returns the run's report.
  func run(_ notebook: Notebook, models: ModelRegistry = .standard) -> RunReport {
    let session = Session(seed: notebook.metadata.seed)
    session.context.showsProgress = false
    session.context.models = models
    return NotebookRunner(notebook: notebook, session: session).run(observer: nil)
  }

  /// The notebook with the outputs of `report` saved into it (as `ssr-run --save` writes them).
  func saved(_ notebook: Notebook, _ report: RunReport) -> Notebook {
    Notebook.parse(notebook.replacingOutputs(report.outputsToSave).printed())
  }

  @Test("An unchanged model passes the check; a changed model fails it and says which cell differs")
  func changedModelFailsTheCheck() {
    let notebook = Notebook.parse(Self.text)
    let golden = saved(notebook, run(notebook))
    #expect(golden.cells[1].output?.text.contains("hr10") == true)
    #expect(SSRNotebook.OutputCheck.compare(golden, run(golden)).isEmpty)

    // A regression in the model: GRU4Rec built with a slightly different dropout, as a changed
    // default or a changed layer would compute.
    var perturbed = ModelRegistry.standard
    perturbed.register(
      ModelSpec("gru4rec", family: .ann, twin: "sgru4rec", summary: "GRU4Rec with dropout 0.25 instead of 0.3") { context in
        var config = context.config
        config.dropout = 0.25
        return GRU4Rec(config)
      })
    let mismatches = SSRNotebook.OutputCheck.compare(golden, run(golden, models: perturbed))
    #expect(mismatches.count == 1)
    #expect(mismatches.first?.cell.contains("result") == true)
    #expect(mismatches.first?.problem.contains("differs") == true, "\(mismatches)")
  }

  @Test("The same notebook gives identical outputs in reproducible numerics with 1 and 2 threads")
  func threadCountDoesNotChangeOutputs() {
    let notebook = Notebook.parse(Self.text)
    let saved = ComputeThreads.count
    defer { ComputeThreads.set(saved) }
    ComputeThreads.set(1)
    let one = run(notebook).outcomes.map(\.savedText)
    ComputeThreads.set(2)
    let two = run(notebook).outcomes.map(\.savedText)
    #expect(one == two)
  }
}
