/// Why an exported model cannot be written, read or asked for a ranking.
public enum DeviceError: Error, Sendable, Equatable, CustomStringConvertible {
  /// A file of the export cannot be read or written.
  case file(path: String, reason: String)
  /// The export's JSON config is missing a field, malformed, or from a newer SSR.
  case invalidConfig(path: String, reason: String)
  /// The weights do not fit the model the config describes.
  case weights(path: String, reason: String)
  /// The config names a model this runtime cannot run.
  case unsupportedModel(name: String, supported: [String])
  /// A history the model cannot rank for: empty, or with ids outside 1…N.
  case invalidHistory(String)

  /// What happened and what to do.
  public var description: String {
    switch self {
    case .file(let path, let reason): return "\(path): \(reason)"
    case .invalidConfig(let path, let reason): return "\(path): the exported model's config cannot be used (\(reason)); export the model again"
    case .weights(let path, let reason): return "\(path): \(reason); the weights must be the ones exported with this config"
    case .unsupportedModel(let name, let supported):
      return "the on-device runtime cannot run .\(name); it runs \(supported.map { ".\($0)" }.joined(separator: ", "))"
    case .invalidHistory(let reason): return reason
    }
  }
}
