import Foundation
import SSRMultimodal
import SSRTensor

/// The text encoder's command-line modes: token ids and sentence vectors as JSON lines (for
/// `bench/text_encoder_check.py`, which compares them with Hugging Face), and encoding speed.
enum TextEncoderBench {
  /// Reads standard input: one text per line, or (`json`) one JSON string per line.
  static func readInput(json: Bool) throws -> [String] {
    let data = FileHandle.standardInput.readDataToEndOfFile()
    return try lines(of: String(decoding: data, as: UTF8.self), json: json)
  }

  /// The texts of a file's lines (or JSON-string lines).
  static func lines(of text: String, json: Bool) throws -> [String] {
    // Split scalars: "\r\n" is one Character, and a text may hold a lone "\r".
    var lines = text.unicodeScalars.split(separator: "\n", omittingEmptySubsequences: false).map { String(String.UnicodeScalarView($0)) }
    if text.unicodeScalars.last == "\n" || text.isEmpty { lines.removeLast() }
    guard json else { return lines }
    return try lines.map { line in
      guard let value = try JSONSerialization.jsonObject(with: Data(line.utf8), options: .fragmentsAllowed) as? String else {
        throw TextEncoderError.invalidArgument("an input line is not a JSON string: \(line.prefix(60))")
      }
      return value
    }
  }

  /// A tokenizer from a model directory (its settings and maximum length) or a bare `vocab.txt` (uncased BERT).
  static func tokenizer(_ path: String, maxLength: Int?) throws -> BertTokenizer {
    var isDirectory: ObjCBool = false
    if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue {
      let layout = try TextEncoderDirectory(path)
      let settings = try TokenizerSettings(contentsOf: layout.tokenizerSettingsPath)
      return try BertTokenizer(vocabularyFile: layout.vocabularyPath, basic: settings.basicTokenizer, maxLength: maxLength ?? 512)
    }
    return try BertTokenizer(vocabularyFile: path, maxLength: maxLength ?? 512)
  }

  /// `--tokenize PATH`: prints each input text's ids ([CLS] … [SEP]) as a JSON array per line.
  static func tokenize(_ path: String, maxLength: Int?, json: Bool) throws {
    let tokenizer = try tokenizer(path, maxLength: maxLength)
    var out = ""
    for text in try readInput(json: json) {
      out += "[" + tokenizer.encode(text).map(String.init).joined(separator: ",") + "]\n"
    }
    FileHandle.standardOutput.write(Data(out.utf8))
  }

  /// `--embed DIR`: prints each input text's vector as a JSON array per line.
  static func embed(_ directory: String, maxLength: Int?, json: Bool) throws {
    let encoder = try TextEncoder(directory: directory, maxLength: maxLength)
    let texts = try readInput(json: json)
    let vectors = try encoder.encode(texts)
    let values = vectors.scalars, width = encoder.dimension
    var out = ""
    for row in 0..<texts.count {
      out += "[" + values[(row * width)..<((row + 1) * width)].map { String(format: "%.9g", $0) }.joined(separator: ",") + "]\n"
    }
    FileHandle.standardOutput.write(Data(out.utf8))
  }

  /// `--text-encoder DIR --texts FILE`: texts encoded per second, median of `rounds`, per thread count.
  static func speed(_ directory: String, textsPath: String, threadCounts: [Int], rounds: Int, batchSize: Int) throws {
    let loadStart = now()
    let encoder = try TextEncoder(directory: directory, batchSize: batchSize)
    let loadSeconds = now() - loadStart
    guard let text = try? String(contentsOfFile: textsPath, encoding: .utf8) else {
      throw TextEncoderError.unreadableFile(path: textsPath, reason: "expected UTF-8 text, one text per line")
    }
    let texts = try lines(of: text, json: false)
    let tokens = texts.reduce(0) { $0 + encoder.tokenizer.encode($1).count }
    print("text encoder: \(directory)")
    print(
      "  \(encoder.model.configuration.layerCount) layers, hidden \(encoder.dimension), pooling \(encoder.pooling.rawValue)"
        + "\(encoder.normalizes ? " + L2" : ""), max length \(encoder.tokenizer.maxLength), batch \(batchSize); loaded in \(fmt(loadSeconds, 2)) s")
    print("  \(texts.count) texts, \(tokens) tokens with [CLS]/[SEP] (\(fmt(Double(tokens) / Double(max(texts.count, 1)), 1)) per text)")
    let tokenizeStart = now()
    for t in texts { _ = encoder.tokenizer.encode(t) }
    let tokenizeSeconds = now() - tokenizeStart
    print("  tokenizer alone: \(fmt(Double(texts.count) / tokenizeSeconds, 0)) texts/s (1 thread)")
    for threads in threadCounts {
      ComputeThreads.set(threads)
      _ = try encoder.encode(Array(texts.prefix(batchSize)))  // warm-up
      var times: [Double] = []
      for _ in 0..<rounds {
        let start = now()
        _ = try encoder.encode(texts)
        times.append(now() - start)
      }
      let rate = Double(texts.count) / median(times)
      print("  threads \(threads): \(fmt(rate, 1)) texts/s (median of \(rounds): \(fmt(median(times), 3)) s)")
      emitJSON([
        ("bench", "text-encoder"), ("threads", threads), ("texts", texts.count), ("tokens", tokens), ("batch", batchSize),
        ("items_per_second", rate), ("seconds", median(times)),
      ])
    }
  }
}
