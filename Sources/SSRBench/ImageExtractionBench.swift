import Foundation
import SSRMultimodal
import SSRTensor

/// `--extract-images DIR --images FOLDER`: items/s of a whole image-feature extraction through the
/// feature store (decoding, CLIP preprocessing, encoding, chunk files, merging) of the JPEG and
/// PNG files in a folder.
enum ImageExtractionBench {
  static func run(_ directory: String, folder: String, threadCounts: [Int], rounds: Int, batchSize: Int) throws {
    let names = try FileManager.default.contentsOfDirectory(atPath: folder).filter {
      ["jpg", "jpeg", "png"].contains(($0 as NSString).pathExtension.lowercased())
    }.sorted()
    let files: [String?] = names.map { folder + "/" + $0 }
    let encoder = try ImageEncoder(directory: directory, batchSize: batchSize)
    print("image feature extraction: \(encoder.name) on \(files.count) files in \(folder); batch \(batchSize)")
    let root = FileManager.default.temporaryDirectory.appendingPathComponent("ssr-bench-images-\(getpid())").path
    defer { try? FileManager.default.removeItem(atPath: root) }
    for threads in threadCounts {
      ComputeThreads.set(threads)
      var times: [Double] = []
      for round in 0..<rounds {
        let store = FeatureStore(root: root + "/\(threads)-\(round)")
        let start = now()
        _ = try store.extractImages(files, dataset: "generated", catalogue: "generated", encoder: encoder)
        times.append(now() - start)
        try? FileManager.default.removeItem(atPath: store.root)
      }
      let rate = Double(files.count) / median(times)
      print("  threads \(threads): \(fmt(rate, 1)) images/s (median of \(rounds): \(fmt(median(times), 3)) s)")
      emitJSON([("bench", "extract-images"), ("threads", threads), ("items", files.count), ("items_per_second", rate), ("seconds", median(times))])
    }
  }
}
