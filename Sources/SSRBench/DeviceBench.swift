import Foundation
import SSRCore
import SSRDevice
import SSREval
import SSRModels
import SSRTensor

/// `--device`: latency and memory of the on-device runtime per request (one history, the whole
/// catalogue ranked, top 10), against the training stack's forward pass for the same request.
/// Models have ml-1m's sizes (3,416 items, window 20, D = 64) and their initial weights: the
/// work per request does not depend on the weights' values.
enum DeviceBench {
  static func run(models: [String], items: Int, requests: Int) {
    print("on-device runtime: \(items) items, window 20, D 64, \(requests) requests of 20-item histories, top 10")
    print("model      kernels       p50 ms   p99 ms   req/s   train-stack p50 ms   load RSS MiB   peak +KiB/request   weights KiB")
    for name in models {
      guard let spec = ModelRegistry.standard.spec(named: name), DeviceModels.names.contains(spec.name) else {
        FileHandle.standardError.write(Data("ssr-bench: --device: unknown model \(name); the models are \(DeviceModels.names)\n".utf8))
        exit(2)
      }
      measure(spec, items: items, requests: requests)
    }
  }

  private static func measure(_ spec: ModelSpec, items: Int, requests: Int) {
    var config = ModelConfig(itemCount: items)
    config.maxLen = 20
    let context = ModelContext(config: config)
    let model = spec.make(context)
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("ssr-bench-device-\(spec.name)-\(getpid())").path
    defer { try? FileManager.default.removeItem(atPath: directory) }
    let tensors = model.stateDictionary()
    let exported = ExportedModelConfig(
      tool: "ssr-bench", model: spec.name, config: config, spiking: context.spiking, dataset: "synthetic", datasetFingerprint: "",
      split: "", precision: .float32, tensors: tensors.count, parameters: tensors.values.reduce(0) { $0 + $1.count })
    let runtime: DeviceRuntime
    let before = ProcessMemory.residentBytes()
    do {
      try ModelExport.write(tensors, config: exported, precision: .float32, to: directory)
      runtime = try DeviceRuntime(directory: directory)
    } catch {
      FileHandle.standardError.write(Data("ssr-bench: \(error)\n".utf8))
      exit(1)
    }
    let loaded = ProcessMemory.residentBytes() - before
    var generator = SystemRandomNumberGenerator()
    let histories = (0..<requests).map { _ in (0..<20).map { _ in Int32.random(in: 1...Int32(items), using: &generator) } }
    for history in histories.prefix(20) { _ = try? runtime.recommend(history: history, k: 10) }
    var latencies: [Double] = []
    var peakIncrease = 0
    latencies.reserveCapacity(requests)
    for history in histories {
      ProcessMemory.resetPeakResident()
      let base = ProcessMemory.residentBytes()
      let start = now()
      _ = try? runtime.recommend(history: history, k: 10)
      latencies.append(now() - start)
      peakIncrease = max(peakIncrease, ProcessMemory.peakResidentBytes() - base)
    }
    model.eval()
    var reference: [Double] = []
    for history in histories.prefix(200) {
      let batch = SequenceBatch(histories: IndexTensor(history, shape: [1, 20]), lengths: [20], targets: IndexTensor([Int32(1)]))
      let start = now()
      _ = withoutGrad { model.scores(batch) }.topK(11)
      reference.append(now() - start)
    }
    latencies.sort()
    let p50 = latencies[latencies.count / 2], p99 = latencies[min(latencies.count - 1, latencies.count * 99 / 100)]
    let weights = (try? FileManager.default.attributesOfItem(atPath: directory + "/model.safetensors")[.size] as? Int) ?? 0
    print(
      spec.name.padding(toLength: 11, withPad: " ", startingAt: 0)
        + (runtime.isPreallocated ? "preallocated" : "own forward ").padding(toLength: 12, withPad: " ", startingAt: 0)
        + String(format: "  %7.3f  %7.3f  %6.0f  %19.3f  %13.1f  %18d  %12d", p50 * 1000, p99 * 1000, Double(latencies.count) / latencies.reduce(0, +),
          median(reference) * 1000, Double(loaded) / 1_048_576, peakIncrease / 1024, weights / 1024))
  }
}
