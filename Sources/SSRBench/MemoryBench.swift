import Foundation
import SSRCore
import SSRNN
import SSRTensor

/// Resident memory over many small training steps (nothing may accumulate).
enum MemoryBench {
  static func run(steps: Int) {
    print("== memory: \(steps) training steps of a small MLP (batch 64, 32→128→10, dropout, Adam) ==")
    var g = InitGenerator(seed: 5)
    let hidden = Linear(32, 128, activation: .relu, generator: &g), out = Linear(128, 10, generator: &g)
    let drop = Dropout(0.1, seed: 9)
    let parameters = hidden.parameters() + out.parameters()
    let optimizer = Adam(learningRate: 1e-3)
    let x = Tensor.normal([64, 32], generator: &g)
    let y = IndexTensor((0..<64).map { $0 % 10 }, shape: [64])
    var samples: [(Int, Int)] = []
    let checkpoints = Set([1, 10, 100, 1000] + stride(from: 2000, through: steps, by: 2000))
    let start = now()
    for step in 1...steps {
      for p in parameters { p.zeroGrad() }
      let loss = crossEntropy(out(drop(hidden(x))), y)
      loss.backward()
      optimizer.step(parameters)
      if checkpoints.contains(step) || step == steps { samples.append((step, ProcessMemory.residentBytes())) }
    }
    let elapsed = now() - start
    print("step | resident MB")
    for (step, bytes) in samples { print("\(step) | \(fmt(Double(bytes) / 1_048_576, 2))") }
    let growth = Double(samples.last!.1 - samples.first { $0.0 >= 100 }!.1) / 1_048_576
    print("growth from step 100 to \(steps): \(fmt(growth, 2)) MB; \(fmt(elapsed * 1e6 / Double(steps), 1)) µs per step")
    emitJSON([
      ("bench", "memory"), ("steps", steps), ("rss_mb_step1", Double(samples[0].1) / 1_048_576),
      ("rss_mb_step100", Double(samples.first { $0.0 >= 100 }!.1) / 1_048_576),
      ("rss_mb_last", Double(samples.last!.1) / 1_048_576), ("growth_mb_after_100", growth),
    ])
  }
}
