/// What can go wrong when loading a tokenizer or a BERT text encoder from a directory.
///
/// Every message says what is wrong, where, and what to do about it.
public enum TextEncoderError: Error, CustomStringConvertible, Equatable, Sendable {
  /// A file the encoder needs is absent.
  case missingFile(path: String, hint: String)
  /// A file exists but cannot be read or parsed.
  case unreadableFile(path: String, reason: String)
  /// `vocab.txt` lacks something the tokenizer needs (a special token, any token at all).
  case invalidVocabulary(path: String, reason: String)
  /// `config.json` (or a sentence-transformers module config) holds an invalid value.
  case invalidConfiguration(path: String, reason: String)
  /// The directory holds a model SSR does not run (another architecture, activation or module).
  case unsupportedModel(path: String, reason: String)
  /// The weights lack a tensor the configuration requires.
  case missingTensor(name: String, path: String)
  /// A weight has a shape other than the configuration implies.
  case shapeMismatch(name: String, expected: [Int], found: [Int], path: String)
  /// An argument is out of range (a maximum length below 2, a batch size below 1).
  case invalidArgument(String)

  /// A message naming the problem, the file and the remedy.
  public var description: String {
    switch self {
    case .missingFile(let path, let hint):
      return "missing file '\(path)': \(hint)"
    case .unreadableFile(let path, let reason):
      return "cannot read '\(path)': \(reason)"
    case .invalidVocabulary(let path, let reason):
      return "vocabulary '\(path)' is not usable: \(reason); use the vocab.txt saved with the model"
    case .invalidConfiguration(let path, let reason):
      return "invalid configuration in '\(path)': \(reason)"
    case .unsupportedModel(let path, let reason):
      return "unsupported model in '\(path)': \(reason)"
    case .missingTensor(let name, let path):
      return "weights '\(path)' have no tensor '\(name)'; check that config.json and model.safetensors come from the same model"
    case .shapeMismatch(let name, let expected, let found, let path):
      return "tensor '\(name)' in '\(path)' has shape \(found) but config.json implies \(expected); "
        + "check that config.json and model.safetensors come from the same model"
    case .invalidArgument(let message):
      return message
    }
  }
}
