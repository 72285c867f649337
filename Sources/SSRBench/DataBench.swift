import Foundation
import SSRData

/// Data pipeline timings: parse, preprocessing steps, split, batching, hashing, cache miss and
/// cached reload of ml-1m (synthetic data of ml-1m's shape when ml-1m is absent).
enum DataBench {
  static func run(repeats: Int) {
    do {
      try measure(repeats: repeats)
    } catch {
      print("data bench: \(error)")
    }
  }

  static func seconds(_ body: () throws -> Void) rethrows -> Double {
    let start = DispatchTime.now().uptimeNanoseconds
    try body()
    return Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
  }

  static func peakRSSMegabytes() -> Double {
    var usage = rusage()
    getrusage(RUSAGE_SELF.rawValue, &usage)
    return Double(usage.ru_maxrss) / 1024
  }

  static func milliseconds(_ value: Double) -> String { String(format: "%8.1f ms", value * 1000) }

  static func measure(repeats: Int) throws {
    let roots = DataLocator.standard().roots
    let manifestPath = try DatasetManifest.locate()
    let manifest = try DatasetManifest.load(path: manifestPath)
    let cache = DatasetCache(directory: ".build/ssr-bench-data-cache")
    try cache.clear()
    let loader = DatasetLoader(manifest: manifest, locator: DataLocator(roots: roots), cache: cache)
    let preprocess = PreprocessOptions()

    var rows: [(String, Double)] = []
    var json: [String: Any] = [:]
    var dataset = try SyntheticData.dataset(SyntheticOptions(users: 10, items: 20, meanLength: 10))
    if let location = try? loader.locate("ml-1m") {
      print("ml-1m: \(location.path) [\(location.spec.format ?? "")]")
      var table = InteractionTable(rows: [])
      rows.append(("parse (gzip + split + intern)", try seconds { table = try InteractionReader.read(location.path, format: location.format) }))
      var sorted = table
      rows.append(("chronological sort", seconds { sorted = table.chronological() }))
      var deduplicated = sorted
      rows.append(("de-duplication", seconds { deduplicated = sorted.deduplicated(keep: preprocess.deduplicate) }))
      var filtered = deduplicated
      var passes = 0
      rows.append(("5-core", seconds { (filtered, passes) = deduplicated.kcore(5) }))
      rows.append(("prepare total (sort+dedup+5-core+encode)", try seconds { dataset = try Preprocessor.prepare(table, options: preprocess, name: "ml-1m") }))
      var split: DatasetSplit?
      rows.append(("samples + timeRatio split", try seconds { split = try dataset.split(.paper) }))
      var batches = 0
      rows.append(("one epoch of training batches (128)", try seconds {
        for batch in try split!.trainingBatches(seed: 1) { batches += batch.size }
      }))
      rows.append(("SHA-256 of the raw file", try seconds { _ = try FingerprintIndex.sha256(ofFile: location.path) }))
      var first: LoadedDataset?
      rows.append(("load, cache miss (hash+parse+prepare+write)", try seconds { first = try loader.load("ml-1m") }))
      var reloads: [Double] = []
      var hit = false
      for _ in 0..<repeats {
        reloads.append(try seconds { hit = try loader.load("ml-1m").cacheHit })
      }
      reloads.sort()
      rows.append(("cached reload, min of \(repeats)", reloads[0]))
      rows.append(("cached reload, median", reloads[reloads.count / 2]))
      let summary = split!.summary()
      print("\n\(summary)\n")
      print("k-core passes: \(passes); rows after 5-core: \(filtered.count); training samples batched: \(batches); cache hit: \(hit)")
      if let file = first?.cacheFile {
        let size = (try? FileManager.default.attributesOfItem(atPath: file)[.size] as? Int) ?? 0
        print("cache file: \(file) (\(size / 1024) KiB)")
      }
      json["dataset"] = "ml-1m"
      json["users"] = dataset.userCount
      json["items"] = dataset.itemCount
      json["interactions"] = dataset.interactionCount
      json["cachedReloadSeconds"] = reloads[0]
    } else {
      print("ml-1m not found; timing synthetic data of ml-1m's shape (6,040 users, 3,706 items, mean length 165)")
      let shape = SyntheticOptions(users: 6040, items: 3706, meanLength: 165, minLength: 20, seed: 1)
      var table = InteractionTable(rows: [])
      rows.append(("generate", try seconds { table = try SyntheticData.interactions(shape) }))
      rows.append(("prepare total", try seconds { dataset = try Preprocessor.prepare(table, options: preprocess, name: "synthetic") }))
      rows.append(("samples + timeRatio split", try seconds { _ = try dataset.split(.paper) }))
      json["dataset"] = "synthetic"
    }
    print("\n| step | time |\n|---|---:|")
    for (name, time) in rows {
      print("| \(name) | \(milliseconds(time)) |")
      json[name] = time
    }
    print("| peak RSS | \(String(format: "%.0f", peakRSSMegabytes())) MB |")
    json["peakRSSMegabytes"] = peakRSSMegabytes()
    let data = try JSONSerialization.data(withJSONObject: json, options: [.sortedKeys])
    print("\n" + String(decoding: data, as: UTF8.self))
  }
}
