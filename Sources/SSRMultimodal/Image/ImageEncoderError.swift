/// What can go wrong when decoding an image, preprocessing it, or loading a CLIP image encoder.
///
/// Every message says what is wrong, where, and what to do about it.
public enum ImageEncoderError: Error, CustomStringConvertible, Equatable, Sendable {
  /// A file the encoder needs (an image, `config.json`, `model.safetensors`) is absent.
  case missingFile(path: String, hint: String)
  /// A file exists but cannot be read or parsed.
  case unreadableFile(path: String, reason: String)
  /// An image file is damaged or truncated.
  case corruptImage(path: String, reason: String)
  /// An image is valid but in a format or variant SSR does not decode, or larger than the pixel limit.
  case unsupportedImage(path: String, reason: String)
  /// `config.json` or `preprocessor_config.json` holds an invalid value.
  case invalidConfiguration(path: String, reason: String)
  /// The directory holds a model SSR does not run (another architecture or activation).
  case unsupportedModel(path: String, reason: String)
  /// The weights lack a tensor the configuration requires.
  case missingTensor(name: String, path: String)
  /// A weight has a shape other than the configuration implies.
  case shapeMismatch(name: String, expected: [Int], found: [Int], path: String)
  /// An argument is out of range (a batch size below 1, pixels of the wrong size).
  case invalidArgument(String)

  /// A message naming the problem, the file and the remedy.
  public var description: String {
    switch self {
    case .missingFile(let path, let hint):
      return "missing file '\(path)': \(hint)"
    case .unreadableFile(let path, let reason):
      return "cannot read '\(path)': \(reason)"
    case .corruptImage(let path, let reason):
      return "image '\(path)' is damaged: \(reason); re-download or re-export the file"
    case .unsupportedImage(let path, let reason):
      return "image '\(path)' cannot be decoded: \(reason); SSR reads JPEG and PNG files (convert others, e.g. with ImageMagick)"
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
