import Foundation

/// The files of a text encoder in a model directory, and the pooling, normalisation and length
/// that its sentence-transformers configuration asks for.
///
/// Three layouts are read:
/// - a sentence-transformers directory with `modules.json` (all-MiniLM-L6-v2): the
///   `Transformer` module's folder (often the directory itself) holds the BERT files, the
///   `Pooling` module's `config.json` gives the pooling, and a `Normalize` module means L2
///   normalisation (its folder may be absent: it has no files);
/// - an older sentence-transformers directory without `modules.json`: `0_Transformer/`,
///   `1_Pooling/config.json` and a `2_Normalize/` folder;
/// - a plain Hugging Face directory (`bert-base-uncased`): `config.json`, `vocab.txt` and
///   `model.safetensors` at the top, no pooling or normalisation configured.
public struct TextEncoderDirectory: Sendable, Equatable {
  /// The directory the user named.
  public let root: String
  /// The folder holding `config.json`, `vocab.txt` and `model.safetensors`.
  public let modelDirectory: String
  /// The pooling of the sentence-transformers `Pooling` module, if there is one.
  public let pooling: Pooling?
  /// Whether a sentence-transformers `Normalize` module follows the pooling.
  public let normalizes: Bool
  /// sentence-transformers' `max_seq_length`, if configured.
  public let maxSequenceLength: Int?
  /// sentence-transformers' `do_lower_case`: lower-case texts before tokenising.
  public let lowercasesInput: Bool

  /// `config.json` of the model.
  public var configurationPath: String { join(modelDirectory, "config.json") }
  /// `vocab.txt` of the tokenizer.
  public var vocabularyPath: String { join(modelDirectory, "vocab.txt") }
  /// `tokenizer_config.json` (optional).
  public var tokenizerSettingsPath: String { join(modelDirectory, "tokenizer_config.json") }
  /// `model.safetensors` with the weights.
  public var weightsPath: String { join(modelDirectory, "model.safetensors") }

  /// Finds the parts of the encoder in `path`.
  ///
  /// - Throws: ``TextEncoderError/missingFile(path:hint:)`` when the directory, `config.json`,
  ///   `vocab.txt` or `model.safetensors` is absent; ``TextEncoderError/unsupportedModel(path:reason:)``
  ///   for sentence-transformers modules or pooling modes SSR does not run;
  ///   ``TextEncoderError/unreadableFile(path:reason:)`` for malformed JSON.
  public init(_ path: String) throws(TextEncoderError) {
    var isDirectory: ObjCBool = false
    guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue else {
      throw .missingFile(
        path: path,
        hint: "name a Hugging Face model directory (config.json, vocab.txt, model.safetensors), "
          + "e.g. a local copy of bert-base-uncased or sentence-transformers/all-MiniLM-L6-v2")
    }
    root = path
    var modelDirectory = path
    var poolingDirectory: String?
    var normalizes = false
    let modulesPath = join(path, "modules.json")
    if FileManager.default.fileExists(atPath: modulesPath) {
      for module in try TextEncoderDirectory.modules(modulesPath) {
        let folder = module.path.isEmpty ? path : join(path, module.path)
        switch module.type.split(separator: ".").last.map(String.init) ?? module.type {
        case "Transformer": modelDirectory = folder
        case "Pooling": poolingDirectory = folder
        case "Normalize": normalizes = true
        default:
          throw .unsupportedModel(
            path: modulesPath,
            reason: "module \(module.type) is not supported; SSR runs Transformer, Pooling and Normalize modules")
        }
      }
    } else if FileManager.default.fileExists(atPath: join(path, "0_Transformer/config.json")) {
      modelDirectory = join(path, "0_Transformer")
      poolingDirectory = join(path, "1_Pooling")
      normalizes = FileManager.default.fileExists(atPath: join(path, "2_Normalize"))
    } else if FileManager.default.fileExists(atPath: join(path, "1_Pooling/config.json")) {
      poolingDirectory = join(path, "1_Pooling")
      normalizes = FileManager.default.fileExists(atPath: join(path, "2_Normalize"))
    }
    self.modelDirectory = modelDirectory
    self.normalizes = normalizes
    if let poolingDirectory, FileManager.default.fileExists(atPath: join(poolingDirectory, "config.json")) {
      pooling = try TextEncoderDirectory.pooling(join(poolingDirectory, "config.json"))
    } else {
      pooling = nil
    }
    let sentenceConfig = join(modelDirectory, "sentence_bert_config.json")
    if FileManager.default.fileExists(atPath: sentenceConfig) {
      let object = try readJSONObject(sentenceConfig)
      maxSequenceLength = (object["max_seq_length"] as? NSNumber)?.intValue
      lowercasesInput = object["do_lower_case"] as? Bool ?? false
    } else {
      maxSequenceLength = nil
      lowercasesInput = false
    }
    try requireFile(configurationPath, "config.json describes the model's sizes; copy it from the model's repository")
    try requireFile(vocabularyPath, "vocab.txt is the WordPiece vocabulary; copy it from the model's repository")
    if !FileManager.default.fileExists(atPath: weightsPath) {
      let hint: String
      if FileManager.default.fileExists(atPath: join(modelDirectory, "model.safetensors.index.json")) {
        hint = "the weights are sharded; merge them into one model.safetensors "
          + "(python: transformers' BertModel.from_pretrained(dir).save_pretrained(out, max_shard_size=\"10GB\"))"
      } else if FileManager.default.fileExists(atPath: join(modelDirectory, "pytorch_model.bin")) {
        hint = "only pytorch_model.bin is present; convert it once with "
          + "python: transformers' BertModel.from_pretrained(dir).save_pretrained(dir, safe_serialization=True)"
      } else {
        hint = "the weights must be in model.safetensors next to config.json"
      }
      throw .missingFile(path: weightsPath, hint: hint)
    }
  }

  /// The modules listed in a sentence-transformers `modules.json`.
  static func modules(_ path: String) throws(TextEncoderError) -> [(path: String, type: String)] {
    guard let data = FileManager.default.contents(atPath: path),
      let json = try? JSONSerialization.jsonObject(with: data), let list = json as? [[String: Any]]
    else { throw .unreadableFile(path: path, reason: "modules.json is not a JSON list of modules") }
    var result: [(path: String, type: String)] = []
    for entry in list {
      guard let type = entry["type"] as? String else {
        throw .unreadableFile(path: path, reason: "a module has no type")
      }
      result.append((entry["path"] as? String ?? "", type))
    }
    return result
  }

  /// The pooling mode of a sentence-transformers `Pooling` module's `config.json`.
  static func pooling(_ path: String) throws(TextEncoderError) -> Pooling {
    let object = try readJSONObject(path)
    let modes: [(key: String, pooling: Pooling?)] = [
      ("pooling_mode_cls_token", .cls), ("pooling_mode_mean_tokens", .mean), ("pooling_mode_max_tokens", .max),
      ("pooling_mode_mean_sqrt_len_tokens", nil), ("pooling_mode_weightedmean_tokens", nil), ("pooling_mode_lasttoken", nil),
    ]
    let chosen = modes.filter { object[$0.key] as? Bool == true }
    guard chosen.count == 1, let pooling = chosen[0].pooling else {
      let names = chosen.map(\.key).joined(separator: ", ")
      throw .unsupportedModel(
        path: path,
        reason: chosen.isEmpty
          ? "no pooling mode is set; SSR runs exactly one of pooling_mode_cls_token, pooling_mode_mean_tokens, pooling_mode_max_tokens"
          : "pooling \(names) is not supported; SSR runs exactly one of pooling_mode_cls_token, pooling_mode_mean_tokens, pooling_mode_max_tokens")
    }
    return pooling
  }
}

/// Throws ``TextEncoderError/missingFile(path:hint:)`` when `path` does not exist.
private func requireFile(_ path: String, _ hint: String) throws(TextEncoderError) {
  guard FileManager.default.fileExists(atPath: path) else { throw .missingFile(path: path, hint: hint) }
}
