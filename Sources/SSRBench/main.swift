import Foundation
import SSRData
import SSRDevice
import SSREval
import SSRTensor

/// `ssr-bench`: performance measurements of SSR's tensor engine (release builds only).
let usage = """
  usage: ssr-bench [--sgemm] [--step] [--kernels] [--memory STEPS] [--write-safetensors PATH]
                   [--models gru4rec,sasrec,...] [--batches N] [--warmup N] [--data]
                   [--python PATH] [--torch-python PATH] [--rounds N] [--steps N]
                   [--lengths 20,50] [--threads 1,2] [--select-core NAME]
                   [--text-encoder DIR --texts FILE [--batch N]] [--tokenize VOCAB|DIR] [--embed DIR]
                   [--max-length N] [--json-input]
                   [--extract-features DIR [--dataset NAME] [--fields title,genres] [--texts-out FILE]]
                   [--extract-images DIR --images FOLDER]
                   [--spikes [--spike-models SFSRec,...] [--spike-train N] [--spike-path dense|automatic|eventDriven] [--spike-synthetic]]
         ssr-bench --device MODELS [--items N] [--requests N]
         ssr-bench --tpe FUNCTION [--seed S] [--trials N] [--sampler tpe|random|grid]
  With no mode flag, runs --sgemm and --step.
    --device        latency (p50/p99) and peak memory per request of the on-device runtime (SSRDevice) for
                    each model ("all": the ten), with --items items (default 3416, ml-1m) and --requests
                    requests (default 2000), against the training stack's forward pass
    --tpe           one study on a test function (sphere, branin, logint, mixed; see TuningBench.swift),
                    minimised with --trials trials (default 50); prints the best value as JSON
    --models        training and evaluation samples/s per model (as bench/pytorch/speed.py); "all" for every model
    --data          ml-1m load, k-core, split and cached-reload times (synthetic data when ml-1m is absent)
    --python        interpreter with numpy for the sgemm comparison (default: python3)
    --torch-python  interpreter with torch for the step comparison (default: /tmp/torchenv/bin/python)
    --script        path of bench/sasrec_step.py (default: bench/sasrec_step.py)
    --select-core   switch OpenBLAS to a kernel table first (same mechanism as the load-time fix)
    --text-encoder  texts/s of the BERT text encoder in DIR over the lines of --texts, per --threads, median of --rounds
    --tokenize      token ids ([CLS] … [SEP]) of each standard-input line, one JSON array per line
    --embed         sentence vectors of the encoder in DIR for each standard-input line, one JSON array per line
    --json-input    standard-input lines are JSON strings (for texts with line breaks)
    --extract-features  items/s of a whole text-feature extraction into a fresh feature store with the encoder in DIR,
                    on --dataset's item texts (default ml-1m, fields title,genres), per --threads, median of --rounds,
                    and the time to load the stored features; --texts-out writes the texts (JSON lines) for bench/feature_extraction.py
    --extract-images  images/s of a whole image-feature extraction with the CLIP model in DIR of the JPEG/PNG files in
                    --images FOLDER, per --threads, median of --rounds (bench/image_extraction.py)
    --spikes        spike-driven kernels: per spiking model, after --spike-train training steps (default 100),
                    each spike layer's non-zero input fraction and dense vs event-driven cost, and the whole
                    training step dense vs automatic (median of --rounds × --batches steps, --threads each);
                    --spike-path runs only --batches steps on one path (for callgrind instruction counts);
                    --spike-synthetic uses small synthetic data of ml-1m's item count instead of ml-1m
  """

var arguments = Array(CommandLine.arguments.dropFirst())
var modes: Set<String> = []
var python = "python3", torchPython = "/tmp/torchenv/bin/python", script = "bench/sasrec_step.py"
var rounds = 5, steps = 10, memorySteps = 10_000
var lengths = [20, 50], threadCounts = [1, 2]
var checkpointPath: String?
var modelNames: [String] = []
var modelBatches = 50, modelWarmup = 5
var tuningFunction: String?
var tuningSeed: UInt64 = 0, tuningTrials = 50, tuningSampler = SamplerKind.tpe
var textEncoderDirectory: String?, textsPath: String?, tokenizePath: String?, embedDirectory: String?
var maxLength: Int?, textBatch = 32, jsonInput = false
var deviceModels: [String] = [], deviceItems = 3416, deviceRequests = 2000
var extractDirectory: String?, extractDataset = "ml-1m", extractFields = "title,genres", textsOut: String?
var imageDirectory: String?, imagesFolder: String?
var spikeModels = SpikeBench.defaultModels, spikeTrainSteps = 100, spikePath: SpikeLinearPath?, spikeSynthetic = false

@MainActor func value(_ flag: String) -> String {
  guard !arguments.isEmpty else {
    FileHandle.standardError.write(Data("ssr-bench: \(flag) needs a value\n\(usage)\n".utf8))
    exit(2)
  }
  return arguments.removeFirst()
}

/// `value`, or a usage error with `message` when an option it needs is missing.
func required<T>(_ value: T?, _ message: String) -> T {
  guard let value else {
    FileHandle.standardError.write(Data("ssr-bench: \(message)\n".utf8))
    exit(2)
  }
  return value
}

/// The value of `flag` read by `parse`, or a usage error that says what `expected` is.
func parsed<T>(_ flag: String, _ text: String, expected: String, _ parse: (String) -> T?) -> T {
  guard let result = parse(text) else {
    FileHandle.standardError.write(Data("ssr-bench: \(flag) \(expected), got '\(text)'\n".utf8))
    exit(2)
  }
  return result
}

func integers(_ flag: String, _ text: String) -> [Int] {
  let parts = text.split(separator: ",").compactMap { Int($0) }
  guard !parts.isEmpty, parts.allSatisfy({ $0 > 0 }) else {
    FileHandle.standardError.write(Data("ssr-bench: \(flag) needs positive integers, got '\(text)'\n".utf8))
    exit(2)
  }
  return parts
}

while !arguments.isEmpty {
  let flag = arguments.removeFirst()
  switch flag {
  case "--sgemm": modes.insert("sgemm")
  case "--step": modes.insert("step")
  case "--kernels": modes.insert("kernels")
  case "--memory":
    modes.insert("memory")
    memorySteps = integers(flag, value(flag))[0]
  case "--write-safetensors":
    modes.insert("checkpoint")
    checkpointPath = value(flag)
  case "--select-core":
    let name = value(flag)
    let before = BLAS.coreName
    let ok = BLAS.selectCore(name)
    print("selectCore(\(name)): \(ok ? "switched" : "failed") \(before) -> \(BLAS.coreName)")
  case "--models":
    modes.insert("models")
    let text = value(flag)
    modelNames = text == "all" ? ModelBench.names : text.split(separator: ",").map(String.init)
  case "--batches": modelBatches = integers(flag, value(flag))[0]
  case "--warmup": modelWarmup = integers(flag, value(flag))[0]
  case "--data": modes.insert("data")
  case "--device":
    modes.insert("device")
    let text = value(flag)
    deviceModels = text == "all" ? DeviceModels.names : text.split(separator: ",").map(String.init)
  case "--items": deviceItems = integers(flag, value(flag))[0]
  case "--requests": deviceRequests = integers(flag, value(flag))[0]
  case "--tpe":
    modes.insert("tpe")
    tuningFunction = value(flag)
  case "--seed": tuningSeed = parsed(flag, value(flag), expected: "needs a non-negative integer") { UInt64($0) }
  case "--trials": tuningTrials = integers(flag, value(flag))[0]
  case "--sampler": tuningSampler = parsed(flag, value(flag), expected: "is tpe, random or grid", SamplerKind.init(rawValue:))
  case "--python": python = value(flag)
  case "--torch-python": torchPython = value(flag)
  case "--script": script = value(flag)
  case "--rounds": rounds = integers(flag, value(flag))[0]
  case "--steps": steps = integers(flag, value(flag))[0]
  case "--lengths": lengths = integers(flag, value(flag))
  case "--threads": threadCounts = integers(flag, value(flag))
  case "--text-encoder":
    modes.insert("text-encoder")
    textEncoderDirectory = value(flag)
  case "--texts": textsPath = value(flag)
  case "--batch": textBatch = integers(flag, value(flag))[0]
  case "--tokenize":
    modes.insert("tokenize")
    tokenizePath = value(flag)
  case "--embed":
    modes.insert("embed")
    embedDirectory = value(flag)
  case "--max-length": maxLength = integers(flag, value(flag))[0]
  case "--json-input": jsonInput = true
  case "--extract-features":
    modes.insert("extract-features")
    extractDirectory = value(flag)
  case "--dataset": extractDataset = value(flag)
  case "--fields": extractFields = value(flag)
  case "--texts-out": textsOut = value(flag)
  case "--extract-images":
    modes.insert("extract-images")
    imageDirectory = value(flag)
  case "--images": imagesFolder = value(flag)
  case "--spikes": modes.insert("spikes")
  case "--spike-models": spikeModels = value(flag).split(separator: ",").map(String.init)
  case "--spike-synthetic": spikeSynthetic = true
  case "--spike-train": spikeTrainSteps = integers(flag, value(flag))[0]
  case "--spike-path": spikePath = parsed(flag, value(flag), expected: "is dense, automatic or eventDriven", SpikeLinearPath.init(rawValue:))
  case "-h", "--help":
    print(usage)
    exit(0)
  default:
    FileHandle.standardError.write(Data("ssr-bench: unknown option '\(flag)'\n\(usage)\n".utf8))
    exit(2)
  }
}
if modes.isEmpty { modes = ["sgemm", "step"] }

if modes.contains("tpe"), let name = tuningFunction {
  exit(TuningBench.run(function: name, sampler: tuningSampler, seed: tuningSeed, trials: tuningTrials) ? 0 : 1)
}

/// Runs a text-encoder mode, exiting with the error's message on failure.
func runTextMode(_ body: () throws -> Void) {
  do {
    try body()
  } catch {
    FileHandle.standardError.write(Data("ssr-bench: \(error)\n".utf8))
    exit(1)
  }
}
if let path = tokenizePath { runTextMode { try TextEncoderBench.tokenize(path, maxLength: maxLength, json: jsonInput) } }
if let directory = embedDirectory { runTextMode { try TextEncoderBench.embed(directory, maxLength: maxLength, json: jsonInput) } }
if let directory = textEncoderDirectory {
  let textsPath = required(textsPath, "--text-encoder needs --texts FILE (one text per line)")
  runTextMode {
    try TextEncoderBench.speed(directory, textsPath: textsPath, threadCounts: threadCounts, rounds: rounds, batchSize: textBatch)
  }
}

if let directory = extractDirectory {
  let fields = extractFields.split(separator: ",").map { SideInfoField(rawValue: String($0)) }
  guard !fields.isEmpty, fields.allSatisfy({ $0 != nil && $0 != .images }) else {
    FileHandle.standardError.write(Data("ssr-bench: --fields takes title, genres, tags, description, reviews (comma-separated)\n".utf8))
    exit(2)
  }
  runTextMode {
    try FeatureExtractionBench.run(
      directory, dataset: extractDataset, fields: fields.compactMap { $0 }, threadCounts: threadCounts, rounds: rounds,
      batchSize: textBatch, textsOut: textsOut)
  }
}

if let directory = imageDirectory {
  let imagesFolder = required(imagesFolder, "--extract-images needs --images FOLDER (JPEG or PNG files)")
  runTextMode {
    try ImageExtractionBench.run(directory, folder: imagesFolder, threadCounts: threadCounts, rounds: rounds, batchSize: textBatch)
  }
}

if modes.contains("checkpoint"), let path = checkpointPath {
  do {
    try Checkpoint.write(to: path)
  } catch {
    FileHandle.standardError.write(Data("ssr-bench: \(error)\n".utf8))
    exit(1)
  }
}
if modes.contains("sgemm") { SgemmBench.run(python: python, rounds: rounds) }
if modes.contains("step") {
  StepBench.run(python: torchPython, script: script, lengths: lengths, threadCounts: threadCounts, rounds: rounds, steps: steps)
}
if modes.contains("kernels") { KernelBench.run() }
if modes.contains("memory") { MemoryBench.run(steps: memorySteps) }
if modes.contains("models") {
  for threads in threadCounts {
    ComputeThreads.set(threads)
    print("threads: \(threads)")
    ModelBench.run(models: modelNames, batches: modelBatches, warmup: modelWarmup, repeats: rounds)
  }
}
if modes.contains("data") { DataBench.run(repeats: rounds) }
if modes.contains("device") { DeviceBench.run(models: deviceModels, items: deviceItems, requests: deviceRequests) }
if modes.contains("spikes") {
  for threads in threadCounts {
    ComputeThreads.set(threads)
    SpikeBench.run(models: spikeModels, trainSteps: spikeTrainSteps, batches: modelBatches, rounds: rounds, path: spikePath, synthetic: spikeSynthetic)
  }
}
