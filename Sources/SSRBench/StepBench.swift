import Foundation
import SSREval
import SSRModels
import SSRTensor

/// The benchmark's SASRec configuration: RecBole's defaults at width 64 (`bench/sasrec_step.py`).
struct SASRecConfig {
  var items = 3417
  var length = 50
  var batch = 128

  /// The registry's SASRec with these sizes: 2 blocks, 2 heads, feed-forward 256, dropout 0.5.
  var model: ModelConfig {
    var config = ModelConfig.defaults
    config.itemCount = items - 1
    config.maxLen = length
    config.embeddingSize = 64
    config.layers = 2
    config.heads = 2
    config.innerSize = 256
    config.dropout = 0.5
    config.seed = 3
    return config
  }
}

/// The SASRec-sized training step (the registry's SASRec), interleaved with the same step in PyTorch.
enum StepBench {
  /// A fixed random batch: right-padded sequences, their lengths and targets.
  static func batch(_ c: SASRecConfig, seed: UInt64) -> (IndexTensor, [Int], IndexTensor) {
    var g = InitGenerator(seed: seed)
    var lengths: [Int] = []
    var ids: [Int32] = []
    for _ in 0..<c.batch {
      let n = 1 + Int(g.nextUniform() * Double(c.length))
      lengths.append(n)
      for j in 0..<c.length { ids.append(j < n ? Int32(1 + Int(g.nextUniform() * Double(c.items - 1))) : 0) }
    }
    let targets = (0..<c.batch).map { _ in Int32(1 + Int(g.nextUniform() * Double(c.items - 1))) }
    return (IndexTensor(ids, shape: [c.batch, c.length]), lengths, IndexTensor(targets))
  }

  /// Per-step wall-clock and CPU times in ms of `steps` SSR training steps (after `warmup`).
  static func ssrSteps(_ c: SASRecConfig, steps: Int, warmup: Int) -> (times: [Double], cpu: [Double], loss: Float) {
    let model = ModelRegistry.standard.spec(named: "sasrec")!.make(ModelContext(config: c.model))
    model.train()
    let optimizer = Adam(learningRate: TrainingOptions.defaults.learningRate)
    let parameters = model.parameters()
    let (x, lengths, y) = batch(c, seed: 2)
    let input = SequenceBatch(histories: x, lengths: lengths.map(Int32.init), targets: y)
    var times: [Double] = [], cpu: [Double] = []
    var loss: Float = 0
    for i in 0..<(warmup + steps) {
      let t = now(), c = cpuNow()
      for p in parameters { p.zeroGrad() }
      let l = model.loss(input)
      l.backward()
      optimizer.step(parameters)
      loss = l.item
      if i >= warmup {
        times.append((now() - t) * 1000)
        cpu.append((cpuNow() - c) * 1000)
      }
    }
    return (times, cpu, loss)
  }

  static func torchSteps(python: String, script: String, length: Int, threads: Int, steps: Int) -> (times: [Double], cpu: [Double])? {
    guard let out = runProcess(python, [script, "--length", "\(length)", "--threads", "\(threads)", "--steps", "\(steps)"],
      environment: ["OMP_NUM_THREADS": "\(threads)", "MKL_NUM_THREADS": "\(threads)"]),
      let data = out.split(separator: "\n").last.map({ Data($0.utf8) }),
      let json = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
      let times = json["step_ms"] as? [Double], let cpu = json["step_cpu_ms"] as? [Double]
    else { return nil }
    return (times, cpu)
  }

  static func run(python: String, script: String, lengths: [Int], threadCounts: [Int], rounds: Int, steps: Int) {
    print("== SASRec training step: batch 128, width 64, 2 heads, FFN 256, 2 blocks, CE over 3417 classes, Adam ==")
    print("(median ms per step over \(rounds) interleaved rounds of \(steps) steps; ratio = PyTorch / SSR, > 1 means SSR is faster)")
    print("length | threads | SSR ms | PyTorch ms | ratio | SSR CPU ms | PyTorch CPU ms | CPU ratio")
    for length in lengths {
      for threads in threadCounts {
        var c = SASRecConfig()
        c.length = length
        var ssr: [Double] = [], torch: [Double] = [], ssrCPU: [Double] = [], torchCPU: [Double] = []
        var loss: Float = 0
        for _ in 0..<rounds {
          ComputeThreads.set(threads)
          let r = ssrSteps(c, steps: steps, warmup: 2)
          ssr += r.times
          ssrCPU += r.cpu
          loss = r.loss
          if let t = torchSteps(python: python, script: script, length: length, threads: threads, steps: steps) {
            torch += t.times
            torchCPU += t.cpu
          }
        }
        let s = median(ssr), p = torch.isEmpty ? Double.nan : median(torch)
        let sc = median(ssrCPU), pc = torchCPU.isEmpty ? Double.nan : median(torchCPU)
        print("  \(length)   |    \(threads)    | \(fmt(s, 2)) | \(fmt(p, 2)) | \(fmt(p / s, 2)) | \(fmt(sc, 2)) | \(fmt(pc, 2)) | \(fmt(pc / sc, 2))")
        emitJSON([
          ("bench", "sasrec_step"), ("length", length), ("threads", threads), ("ssr_ms", s), ("pytorch_ms", p),
          ("ratio", p / s), ("ssr_cpu_ms", sc), ("pytorch_cpu_ms", pc), ("cpu_ratio", pc / sc), ("ssr_loss", Double(loss)),
        ])
      }
    }
    ComputeThreads.set(1)
  }
}
